//! Defined terms: the definitions article ("Basic concepts", "Основные понятия", "Esasy düşünjeler") read into
//! term → definition with its eId, and the uses of each term across the work, matched on stems so that
//! inflected forms count ("social services", "социальных услуг", "sosial hyzmatlary").

use kanun_model::{Expression, Kind, Language, Provision};
use serde::Serialize;

/// A defined term.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// The term as defined.
    pub term: String,
    /// Its definition.
    pub definition: String,
    /// The point that defines it.
    pub eid: String,
    /// The articles using it (other than the definition), with how often.
    pub uses: Vec<Use>,
}

/// Where a term is used.
#[derive(Debug, Clone, Serialize)]
pub struct Use {
    /// The article.
    pub eid: String,
    /// How many times.
    pub count: usize,
}

/// Whether an article's heading says it defines terms.
fn is_definitions(p: &Provision) -> bool {
    let h = p.heading.as_deref().unwrap_or_default().to_lowercase();
    [
        "basic concepts",
        "definitions",
        "terms used",
        "main concepts",
        "основные понятия",
        "понятия",
        "термины",
        "esasy düşünjeler",
        "düşünjeler",
        "adalgalar",
    ]
    .iter()
    .any(|k| h.contains(k))
}

/// Splits `term — definition`.
fn split(text: &str) -> Option<(String, String)> {
    for sep in [" — ", " – ", " - ", " —", ": "] {
        if let Some((t, d)) = text.split_once(sep) {
            let t = t.trim().trim_end_matches([',', ':']).trim();
            if !t.is_empty() && t.chars().count() <= 100 && !d.trim().is_empty() {
                return Some((t.to_string(), d.trim().to_string()));
            }
        }
    }
    None
}

fn stems(text: &str, lang: Language) -> Vec<String> {
    kanun_analysis::terms(text, lang).into_iter().map(|t| t.text).collect()
}

/// The articles of `e` that use `term` (its stems in a row), with how often; the definitions article is left out.
pub fn uses(e: &Expression, term: &str) -> Vec<Use> {
    let lang = e.meta.language;
    let want = stems(term, lang);
    if want.is_empty() {
        return Vec::new();
    }
    e.articles()
        .filter(|a| !is_definitions(a))
        .filter_map(|a| {
            let words = stems(&a.plain_text(), lang);
            let count = words.windows(want.len()).filter(|w| *w == want.as_slice()).count();
            (count > 0).then(|| Use { eid: a.eid.clone(), count })
        })
        .collect()
}

/// The terms a work defines, with their uses in the same expression.
pub fn terms(e: &Expression) -> Vec<Term> {
    let lang = e.meta.language;
    let Some(defs) = e.articles().find(|a| is_definitions(a)) else { return Vec::new() };
    let mut out = Vec::new();
    for p in defs.walk().filter(|p| p.kind == Kind::Point) {
        let text = p.intro.first().map(String::as_str).unwrap_or_default();
        if let Some((term, definition)) = split(text) {
            out.push(Term {
                term,
                definition: definition.trim_end_matches([';', '.']).to_string(),
                eid: p.eid.clone(),
                uses: Vec::new(),
            });
        }
    }
    // Uses: the term's stems in a row, anywhere but its own definition.
    let articles: Vec<(String, Vec<String>)> =
        e.articles().map(|a| (a.eid.clone(), stems(&a.plain_text(), lang))).collect();
    for t in &mut out {
        let want = stems(&t.term, lang);
        if want.is_empty() {
            continue;
        }
        for (eid, words) in &articles {
            let mut count = words.windows(want.len()).filter(|w| *w == want.as_slice()).count();
            if *eid == defs.eid {
                count = count.saturating_sub(1);
            }
            if count > 0 {
                t.uses.push(Use { eid: eid.clone(), count });
            }
        }
    }
    out
}
