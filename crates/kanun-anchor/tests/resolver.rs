//! The batch [`Resolver`] against the one-annotation [`resolve`]: the same answer for every annotation, on the
//! sample corpus, with quotes taken from one expression and resolved on other expressions of the same work and
//! on edited copies (articles dropped, sentences moved, words changed), so that every path of the re-anchoring
//! order is taken: exact, moved (in the same provision's parent or anywhere), text-changed and orphaned.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::collections::BTreeMap;
use std::path::Path;

use kanun_anchor::{Resolver, resolve, selector};
use kanun_model::annotation::Target;
use kanun_model::{Expression, Provision};

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// Annotations on random spans (3 to 60 characters, sometimes across lines) of random provisions.
fn targets(e: &Expression, rng: &mut Rng, n: usize) -> Vec<Target> {
    let provisions: Vec<&Provision> = e.walk().filter(|p| !p.kind.is_container()).collect();
    let mut out = Vec::new();
    while out.len() < n {
        let p = provisions[rng.below(provisions.len())];
        let text = p.plain_text();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        if chars.len() < 10 {
            continue;
        }
        let start = rng.below(chars.len() - 3);
        let end = (start + 3 + rng.below(58)).min(chars.len());
        let byte_end = chars.get(end).map_or(text.len(), |c| c.0);
        let Some((quote, position)) = selector(&text, chars[start].0, byte_end) else { continue };
        out.push(Target {
            work: e.meta.work.clone(),
            expression: e.id(),
            wid: p.wid.clone(),
            eid: p.eid.clone(),
            quote: Some(quote),
            position: Some(position),
            content_hash: (rng.below(4) > 0).then(|| kanun_anchor::content_hash(&text)),
        });
    }
    out
}

/// An edited copy: some articles dropped, some intro sentences moved to other provisions, some words changed.
fn edited(e: &Expression, rng: &mut Rng) -> Expression {
    fn paths(ps: &[Provision], at: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        for (k, p) in ps.iter().enumerate() {
            at.push(k);
            if !p.intro.is_empty() {
                out.push(at.clone());
            }
            paths(&p.children, at, out);
            at.pop();
        }
    }
    fn get<'a>(body: &'a mut [Provision], path: &[usize]) -> &'a mut Provision {
        let mut p = &mut body[path[0]];
        for &k in &path[1..] {
            p = &mut p.children[k];
        }
        p
    }
    let mut e = e.clone();
    for _ in 0..3 {
        if e.body.len() > 2 {
            let at = rng.below(e.body.len());
            e.body.remove(at);
        }
    }
    let mut leaves = Vec::new();
    paths(&e.body, &mut Vec::new(), &mut leaves);
    for k in 0..leaves.len().min(40) {
        let (a, b) = (rng.below(leaves.len()), rng.below(leaves.len()));
        let from = get(&mut e.body, &leaves[a]);
        if from.intro.is_empty() {
            continue;
        }
        let moved = from.intro.remove(0);
        let text = if k % 3 == 0 { moved.replacen(' ', " changed ", 1) } else { moved };
        get(&mut e.body, &leaves[b]).intro.push(text);
    }
    e
}

#[test]
fn the_resolver_answers_as_resolve_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let corpus = kanun_corpus::load(&root).unwrap().corpus;
    let mut rng = Rng(0x0dd_ba11_cafe_f00d);
    let mut labels: BTreeMap<&str, usize> = BTreeMap::new();
    let mut compared = 0;
    for w in corpus.works() {
        let exprs: Vec<&Expression> = w.expressions().iter().collect();
        for (k, from) in exprs.iter().enumerate() {
            let targets = targets(from, &mut rng, 40);
            let copy = edited(from, &mut rng);
            let mut onto: Vec<&Expression> = vec![from, &copy];
            onto.extend(exprs.iter().skip(k + 1).take(2));
            for on in onto {
                let resolver = Resolver::new(on);
                for t in &targets {
                    let batch = resolver.resolve(t);
                    assert_eq!(batch, resolve(t, on), "{t:?} on {}", on.id());
                    *labels.entry(batch.label.as_str()).or_default() += 1;
                    compared += 1;
                }
            }
        }
    }
    println!("{compared} annotations compared: {labels:?}");
    assert!(compared >= 1_000, "{compared}");
    assert!(labels.len() == 4, "every label: {labels:?}");
}
