//! Re-anchoring under generated edits with known truth. Annotations are placed on random quotes (3 to 8 words,
//! unique in their expression) of the sample corpus in English, Russian and Turkmen; each expression is then
//! changed in one realistic way, and the annotation must land on the right span with the right label:
//!
//! - words inserted, deleted or replaced outside the quote → `exact`, the span shifted;
//! - a word of the quote replaced → `text-changed`, the span of the new words;
//! - the sentence moved to another article → `moved`, in that article;
//! - the article renumbered (new eId, same wId) → `exact`, the new eId;
//! - the sentence deleted → `orphaned`, kept.
//!
//! A span is right when it overlaps the true span by at least 80% (Jaccard). The test prints the figures and
//! asserts at least 98% right, every label right, and no annotation lost.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::collections::BTreeMap;
use std::path::Path;

use kanun_anchor::{Label, resolve, selector};
use kanun_model::annotation::Target;
use kanun_model::{Expression, Kind, Provision};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Edit {
    Outside,
    Inside,
    Move,
    Renumber,
    Delete,
}

const FILLER: &[&str] =
    &["additionally", "дополнительно", "goşmaça", "promptly", "незамедлительно", "derrew"];

fn leaves(e: &Expression) -> Vec<String> {
    e.walk()
        .filter(|p| p.kind != Kind::Article || p.children.is_empty())
        .filter(|p| !p.kind.is_container() && p.children.is_empty() && !p.intro.is_empty())
        .filter(|p| p.intro[0].split(' ').count() >= 8 && p.intro.len() == 1 && p.wrap_up.is_empty())
        .map(|p| p.eid.clone())
        .collect()
}

fn provision_mut<'a>(e: &'a mut Expression, eid: &str) -> &'a mut Provision {
    fn go<'a>(p: &'a mut Provision, eid: &str) -> Option<&'a mut Provision> {
        if p.eid == eid {
            return Some(p);
        }
        p.children.iter_mut().find_map(|c| go(c, eid))
    }
    e.body.iter_mut().find_map(|p| go(p, eid)).unwrap()
}

fn occurrences(e: &Expression, quote: &str) -> usize {
    e.articles().map(|a| a.plain_text().matches(quote).count()).sum()
}

fn renumber(p: &mut Provision, from: &str, to: &str) {
    if p.eid == from || p.eid.starts_with(&format!("{from}__")) {
        p.eid = format!("{to}{}", &p.eid[from.len()..]);
    }
    for c in &mut p.children {
        renumber(c, from, to);
    }
}

fn jaccard(a: (usize, usize), b: (usize, usize)) -> f32 {
    let inter = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let union = a.1.max(b.1) - a.0.min(b.0);
    inter as f32 / union.max(1) as f32
}

#[test]
fn annotations_land_on_the_right_span_after_generated_edits() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let corpus = kanun_corpus::load(&root).unwrap().corpus;
    let exprs: Vec<&Expression> = corpus
        .works()
        .filter(|w| !w.is_draft())
        .flat_map(|w| w.languages().into_iter().filter_map(|l| w.at(l, None).ok()).collect::<Vec<_>>())
        .collect();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let kinds = [Edit::Outside, Edit::Inside, Edit::Move, Edit::Renumber, Edit::Delete];
    let mut stats: BTreeMap<Edit, (u32, u32)> = BTreeMap::new();
    let mut failures = Vec::new();
    let (mut cases, mut right, mut lost) = (0u32, 0u32, 0u32);
    while cases < 600 {
        let base = exprs[rng.below(exprs.len())];
        let candidates = leaves(base);
        let eid = candidates[rng.below(candidates.len())].clone();
        let p = base.find(&eid).unwrap();
        let words: Vec<&str> = p.intro[0].split(' ').collect();
        let n = 3 + rng.below(6).min(words.len() - 3);
        let first = rng.below(words.len() - n + 1);
        let quote = words[first..first + n].join(" ");
        if occurrences(base, &quote) != 1 || quote.chars().count() < 15 {
            continue;
        }
        let text = p.plain_text();
        let byte_start = words[..first].iter().map(|w| w.len() + 1).sum::<usize>();
        let (q, pos) = selector(&text, byte_start, byte_start + quote.len()).unwrap();
        let target = Target {
            work: base.meta.work.clone(),
            expression: base.id(),
            wid: p.wid.clone(),
            eid: eid.clone(),
            quote: Some(q),
            position: Some(pos),
            content_hash: Some(kanun_anchor::content_hash(&text)),
        };
        let kind = kinds[rng.below(kinds.len())];
        let mut changed = base.clone();
        let filler = FILLER[rng.below(FILLER.len())];
        let (want_label, want_eid, want_span): (Label, Option<String>, Option<(usize, usize)>) = match kind {
            Edit::Outside => {
                let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
                let before = first > 0 && rng.below(2) == 0;
                let shift = if before {
                    let at = rng.below(first);
                    w.insert(at, filler.to_string());
                    filler.chars().count() + 1
                } else if first + n < w.len() {
                    w[first + n] = filler.to_string();
                    0
                } else {
                    w.push(filler.to_string());
                    0
                };
                provision_mut(&mut changed, &eid).intro[0] = w.join(" ");
                (Label::Exact, Some(eid.clone()), Some((pos.start + shift, pos.end + shift)))
            }
            Edit::Inside => {
                let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
                let i = first + 1 + rng.below(n - 1);
                let old_len = w[i].chars().count();
                w[i] = filler.to_string();
                let delta = filler.chars().count() as isize - old_len as isize;
                provision_mut(&mut changed, &eid).intro[0] = w.join(" ");
                (
                    Label::TextChanged,
                    Some(eid.clone()),
                    Some((pos.start, (pos.end as isize + delta) as usize)),
                )
            }
            Edit::Move => {
                let sentence = p.intro[0].clone();
                let art = eid.split("__").next().unwrap().to_string();
                let others: Vec<String> = changed
                    .articles()
                    .filter(|a| a.eid != art && !a.repealed)
                    .map(|a| a.eid.clone())
                    .collect();
                let dest = others[rng.below(others.len())].clone();
                provision_mut(&mut changed, &eid).intro[0] = "This provision was rewritten.".to_string();
                let d = provision_mut(&mut changed, &dest);
                d.intro.push(sentence.clone());
                let dest_text = changed.find(&dest).unwrap().plain_text();
                let at = dest_text.find(&sentence).unwrap() + byte_start;
                let s = dest_text[..at].chars().count();
                (Label::Moved, Some(dest), Some((s, s + quote.chars().count())))
            }
            Edit::Renumber => {
                let art = eid.split("__").next().unwrap().to_string();
                let to = format!("{art}00");
                for top in &mut changed.body {
                    renumber(top, &art, &to);
                }
                let new_eid = format!("{to}{}", &eid[art.len()..]);
                (Label::Exact, Some(new_eid), Some((pos.start, pos.end)))
            }
            Edit::Delete => {
                provision_mut(&mut changed, &eid).intro[0] = "This provision was rewritten.".to_string();
                (Label::Orphaned, None, None)
            }
        };
        cases += 1;
        let got = resolve(&target, &changed);
        let entry = stats.entry(kind).or_default();
        entry.0 += 1;
        if got.label == Label::Orphaned && want_label != Label::Orphaned {
            lost += 1;
        }
        let span_ok = match (want_span, got.position) {
            (None, None) => true,
            (Some(w), Some(g)) => jaccard(w, (g.start, g.end)) >= 0.8,
            _ => false,
        };
        let ok = got.label == want_label && got.eid == want_eid && span_ok;
        if ok {
            right += 1;
            entry.1 += 1;
        } else if failures.len() < 15 {
            failures.push(format!(
                "{kind:?} {} {eid}: quote {quote:?} wanted {want_label:?} {want_eid:?} {want_span:?}, got {:?} {:?} {:?} {:?}",
                base.id(),
                got.label,
                got.eid,
                got.position.map(|p| (p.start, p.end)),
                got.quote_now
            ));
        }
    }
    let rate = f64::from(right) / f64::from(cases);
    println!("re-anchoring: {right}/{cases} right ({:.1}%), {lost} wrongly orphaned", rate * 100.0);
    for (k, (n, ok)) in &stats {
        println!("  {k:?}: {ok}/{n}");
    }
    assert!(cases >= 500);
    assert!(rate >= 0.98, "{:.3} right\n{}", rate, failures.join("\n"));
    assert_eq!(lost, 0, "no annotation is lost\n{}", failures.join("\n"));
    for (k, (n, _)) in &stats {
        assert!(*n >= 50, "{k:?} tried {n} times");
    }
}
