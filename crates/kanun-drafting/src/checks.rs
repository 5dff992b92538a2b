//! What a drafter must still settle before a draft goes out: numbering gaps and duplicates, citations of missing
//! or repealed provisions, changes without a justification, and provisions changed in one language but not in the
//! others. Each finding names the provision, so that the editor can link to it.

use std::collections::{BTreeMap, HashMap};

use kanun_model::eid::NumberKey;
use kanun_model::{Expression, Kind, Language, Provision};
use serde::{Deserialize, Serialize};

use crate::Draft;

/// What kind of thing a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A number skipped (Article 14 follows Article 12).
    NumberingGap,
    /// A number given twice.
    DuplicateNumber,
    /// A number lower than the one before it (a locked number the others have passed).
    NumberingOrder,
    /// A citation of a provision the draft does not have.
    MissingReference,
    /// A citation of a provision the draft repeals.
    RepealedReference,
    /// A provision changed without a justification.
    NoJustification,
    /// A provision changed in one language but not in another.
    NeedsTranslation,
    /// A term the law in force defines, which the draft no longer defines but still uses.
    UndefinedTerm,
}

/// One thing to settle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// What it is.
    pub kind: FindingKind,
    /// The provision it is about.
    pub eid: String,
    /// The language it is in, when it is about one text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// What is wrong, in English (the editor words it in the interface language from `kind` and the fields).
    pub message: String,
}

/// The findings of `draft` against the law in force it was started from (`bases`, one text per language).
pub fn check(draft: &Draft, bases: &[&Expression]) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(first) = draft.texts.first() {
        numbering(first, &mut out);
    }
    for e in &draft.texts {
        references(e, &mut out);
    }
    changes(draft, bases, &mut out);
    undefined_terms(draft, bases, &mut out);
    out.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| a.eid.cmp(&b.eid)));
    out.dedup();
    out
}

fn numbering(e: &Expression, out: &mut Vec<Finding>) {
    let articles: Vec<&Provision> = e.articles().collect();
    sequence(&articles, out);
    for p in e.walk() {
        for kind in [Kind::Para, Kind::Point] {
            let list: Vec<&Provision> = p.children.iter().filter(|c| c.kind == kind).collect();
            sequence(&list, out);
        }
    }
}

fn sequence(list: &[&Provision], out: &mut Vec<Finding>) {
    let mut prev: Option<(NumberKey, &Provision)> = None;
    let mut seen: HashMap<String, String> = HashMap::new();
    for p in list {
        let Some(n) = &p.num else { continue };
        if let Some(first) = seen.insert(n.id.clone(), p.display_heading()) {
            out.push(Finding {
                kind: FindingKind::DuplicateNumber,
                eid: p.eid.clone(),
                language: None,
                message: format!("{} is numbered like {first}", p.display_heading()),
            });
            continue;
        }
        let Some(k) = NumberKey::from_id(&n.id).filter(|k| k.suffix.is_empty()) else { continue };
        if let Some((pk, pp)) = &prev
            && k < *pk
        {
            out.push(Finding {
                kind: FindingKind::NumberingOrder,
                eid: p.eid.clone(),
                language: None,
                message: format!(
                    "{} comes after {}, a higher number",
                    p.display_heading(),
                    pp.display_heading()
                ),
            });
        } else if let Some((pk, pp)) = &prev
            && !k.follows(pk)
            && k > *pk
        {
            out.push(Finding {
                kind: FindingKind::NumberingGap,
                eid: p.eid.clone(),
                language: None,
                message: format!(
                    "{} follows {}: a number is missing between them",
                    p.display_heading(),
                    pp.display_heading()
                ),
            });
        }
        prev = Some((k, p));
    }
}

fn undefined_terms(draft: &Draft, bases: &[&Expression], out: &mut Vec<Finding>) {
    for e in &draft.texts {
        let Some(base) = bases.iter().find(|b| b.meta.language == e.meta.language) else { continue };
        let defined: Vec<String> =
            kanun_refs::terms::terms(e).into_iter().map(|t| t.term.to_lowercase()).collect();
        for t in kanun_refs::terms::terms(base) {
            if defined.contains(&t.term.to_lowercase()) {
                continue;
            }
            if let Some(first) = kanun_refs::terms::uses(e, &t.term).first() {
                out.push(Finding {
                    kind: FindingKind::UndefinedTerm,
                    eid: first.eid.clone(),
                    language: Some(e.meta.language),
                    message: format!("«{}» is used here but the draft no longer defines it", t.term),
                });
            }
        }
    }
}

fn references(e: &Expression, out: &mut Vec<Finding>) {
    let own = e.meta.work.to_string();
    for art in e.articles() {
        for r in kanun_refs::article_references(e, art, None) {
            for t in r.targets.iter().filter(|t| t.work == own || t.work.is_empty()) {
                let (kind, why) = match &t.state {
                    kanun_refs::State::Repealed => {
                        (FindingKind::RepealedReference, "which the draft repeals".to_string())
                    }
                    kanun_refs::State::Unresolved { reason } => {
                        (FindingKind::MissingReference, reason.clone())
                    }
                    _ => continue,
                };
                out.push(Finding {
                    kind,
                    eid: art.eid.clone(),
                    language: Some(e.meta.language),
                    message: format!(
                        "«{}» cites {} {why}",
                        r.text,
                        if t.label.is_empty() { "a provision" } else { &t.label }
                    ),
                });
            }
        }
    }
}

/// The text of an article as compared: heading, text, and whether it is repealed.
fn wording(p: &Provision) -> (Option<&str>, String, bool) {
    (p.heading.as_deref(), p.plain_text(), p.repealed)
}

fn changes(draft: &Draft, bases: &[&Expression], out: &mut Vec<Finding>) {
    // Per article wId: in which languages it differs from the law in force, and whether it has a justification.
    let mut changed: BTreeMap<String, (String, Vec<Language>, Vec<Language>, bool)> = BTreeMap::new();
    for e in &draft.texts {
        let base = bases.iter().find(|b| b.meta.language == e.meta.language);
        for art in e.articles() {
            let was = base.and_then(|b| b.find_wid(&art.wid).filter(|p| p.kind == Kind::Article));
            let differs = was.is_none_or(|w| wording(w) != wording(art));
            let noted = art.walk().any(|p| !p.notes.is_empty());
            let entry = changed
                .entry(art.wid.clone())
                .or_insert_with(|| (art.eid.clone(), Vec::new(), Vec::new(), false));
            entry.3 |= noted;
            let empty_new =
                was.is_none() && art.intro.is_empty() && art.children.is_empty() && art.heading.is_none();
            if differs && !empty_new {
                entry.1.push(e.meta.language);
            } else {
                entry.2.push(e.meta.language);
            }
        }
    }
    for (eid, with, without, noted) in changed.into_values() {
        if with.is_empty() {
            continue;
        }
        if !noted {
            out.push(Finding {
                kind: FindingKind::NoJustification,
                eid: eid.clone(),
                language: None,
                message: format!("{eid} is changed without a justification"),
            });
        }
        for l in without {
            out.push(Finding {
                kind: FindingKind::NeedsTranslation,
                eid: eid.clone(),
                language: Some(l),
                message: format!(
                    "{eid} is changed in {} but not in {l}",
                    with.iter().map(|l| l.code()).collect::<Vec<_>>().join(", ")
                ),
            });
        }
    }
}
