//! Drafts generated from the sample laws by random realistic edits with known truth: the alignment's precision
//! and recall per class (≥ 0.98 over ≥ 1,000 drafts), and the instruction round trip (generate → write → read
//! → apply gives the draft's text exactly) on every one of them, in English, Russian and Turkmen.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use kanun_model::{DocKind, Expression};
use kanun_redline::instructions::{self, text_lines};
use kanun_redline::synth::{self, Truth};
use kanun_redline::{Class, LineChange, align};

const CASES: u64 = 1_200;

fn laws() -> Vec<Expression> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let corpus = kanun_corpus::load(&root).unwrap().corpus;
    let mut out = Vec::new();
    for w in corpus.works() {
        for e in w.expressions() {
            if e.meta.kind == DocKind::Law && e.article_count() >= 10 {
                out.push(e.clone());
            }
        }
    }
    assert!(out.len() >= 10, "sample laws: {}", out.len());
    out
}

fn predicted(base: &Expression, draft: &Expression) -> Vec<Truth> {
    let b: Vec<_> = base.articles().collect();
    let d: Vec<_> = draft.articles().collect();
    let mut v: Vec<Truth> = align::align(&b, &d)
        .into_iter()
        .map(|m| {
            let mut draft: Vec<String> = m.draft.iter().map(|&j| d[j].eid.clone()).collect();
            draft.sort();
            Truth { class: m.class, base: m.base.iter().map(|&i| b[i].eid.clone()).collect(), draft }
        })
        .collect();
    v.sort();
    v
}

#[test]
fn alignment_precision_and_recall_per_class() {
    let laws = laws();
    let mut tp: BTreeMap<Class, usize> = BTreeMap::new();
    let mut fp: BTreeMap<Class, usize> = BTreeMap::new();
    let mut fnn: BTreeMap<Class, usize> = BTreeMap::new();
    let mut examples = Vec::new();
    for seed in 0..CASES {
        let base = &laws[(seed as usize) % laws.len()];
        let case = synth::draft_from(base, seed, 1 + (seed as usize % 7));
        let pred = predicted(base, &case.draft);
        let truth: HashSet<&Truth> = case.truth.iter().collect();
        let got: HashSet<&Truth> = pred.iter().collect();
        for t in &case.truth {
            if got.contains(t) {
                *tp.entry(t.class).or_default() += 1;
            } else {
                *fnn.entry(t.class).or_default() += 1;
                if examples.len() < 8 {
                    examples.push(format!("seed {seed} {}: missed {t:?}", base.id()));
                }
            }
        }
        for p in &pred {
            if !truth.contains(p) {
                *fp.entry(p.class).or_default() += 1;
                if examples.len() < 8 {
                    examples.push(format!("seed {seed} {}: wrong {p:?}", base.id()));
                }
            }
        }
    }
    println!("class        truth  precision  recall");
    let mut failed = Vec::new();
    for c in Class::ALL {
        let (t, f, n) = (
            tp.get(&c).copied().unwrap_or(0),
            fp.get(&c).copied().unwrap_or(0),
            fnn.get(&c).copied().unwrap_or(0),
        );
        let precision = if t + f == 0 { 1.0 } else { t as f64 / (t + f) as f64 };
        let recall = if t + n == 0 { 1.0 } else { t as f64 / (t + n) as f64 };
        println!("{:<12} {:>6}  {precision:>9.4}  {recall:>6.4}", c.as_str(), t + n);
        if t + n < 30 {
            failed.push(format!("{c}: only {} true cases generated", t + n));
        }
        if precision < 0.98 || recall < 0.98 {
            failed.push(format!("{c}: precision {precision:.4}, recall {recall:.4}"));
        }
    }
    assert!(failed.is_empty(), "{failed:?}\nexamples:\n{}", examples.join("\n"));
}

/// Inside modified articles: the line each modification touched is found as modified (words changed) or new (a
/// point added), and no other line of the article is reported changed.
#[test]
fn lines_inside_modified_articles() {
    let laws = laws();
    let (mut right, mut total) = (0usize, 0usize);
    let mut examples = Vec::new();
    for seed in 0..CASES {
        let base = &laws[(seed as usize) % laws.len()];
        let case = synth::draft_from(base, seed, 1 + (seed as usize % 7));
        if case.lines.is_empty() {
            continue;
        }
        let r = kanun_redline::compare(base, &case.draft, &[]);
        for edit in &case.lines {
            let art = edit.eid.split("__").next().unwrap();
            total += 1;
            let Some(row) = r.rows.iter().find(|row| row.draft.iter().any(|d| d.eid == art)) else {
                continue;
            };
            let changed: Vec<(Option<&str>, LineChange)> = row
                .lines
                .iter()
                .filter(|l| l.change != LineChange::Unchanged)
                .map(|l| (l.draft_eid.as_deref(), l.change))
                .collect();
            // Several modifications of one article are one truth each; all must be among the changed lines.
            let edits_here: Vec<_> =
                case.lines.iter().filter(|e| e.eid.split("__").next() == Some(art)).collect();
            let expected: Vec<(Option<&str>, LineChange)> =
                edits_here.iter().map(|e| (Some(e.eid.as_str()), e.change)).collect();
            if changed.len() == expected.len() && expected.iter().all(|e| changed.contains(e)) {
                right += 1;
            } else if examples.len() < 5 {
                examples
                    .push(format!("seed {seed} {}: {art}: want {expected:?}, got {changed:?}", base.id()));
            }
        }
    }
    let accuracy = right as f64 / total.max(1) as f64;
    println!("lines inside modified articles: {right}/{total} = {accuracy:.4}");
    assert!(total >= 300, "only {total} line edits generated");
    assert!(accuracy >= 0.98, "{accuracy:.4}\n{}", examples.join("\n"));
}

#[test]
fn instructions_applied_to_the_base_give_the_draft_exactly() {
    let laws = laws();
    let mut failures = Vec::new();
    let mut counted = 0;
    for seed in 0..CASES {
        let base = &laws[(seed as usize) % laws.len()];
        let case = synth::draft_from(base, seed, 1 + (seed as usize % 7));
        for lang in instructions::LANGUAGES {
            let result = (|| {
                let list = instructions::generate(base, &case.draft).map_err(|e| format!("generate: {e}"))?;
                let text = instructions::render(&list, lang);
                let read =
                    instructions::parse(&text, &base.meta).map_err(|e| format!("parse: {e}\n{text}"))?;
                if read != list {
                    return Err(format!("read back differently:\n{text}"));
                }
                let applied = instructions::apply(base, &read).map_err(|e| format!("apply: {e}\n{text}"))?;
                let (got, want) = (text_lines(&applied), text_lines(&case.draft));
                if got != want {
                    let k =
                        got.iter().zip(&want).position(|(a, b)| a != b).unwrap_or(got.len().min(want.len()));
                    return Err(format!("line {k}: got {:?}, want {:?}\n{text}", got.get(k), want.get(k)));
                }
                Ok(())
            })();
            counted += 1;
            if let Err(e) = result
                && failures.len() < 5
            {
                failures.push(format!("seed {seed} {} ({lang}): {e}", base.id()));
            }
        }
    }
    println!("instruction round trips: {counted}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
