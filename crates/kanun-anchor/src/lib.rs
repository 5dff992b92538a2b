//! Re-anchoring: finding where an annotation belongs in a (possibly changed) expression, and saying how sure we
//! are. The order follows `DESIGN.md`: the provision with the same wId, else the same eId, else the nearest
//! surviving parent; inside it the exact quote (at the old offset, else elsewhere, prefix and suffix breaking
//! ties), else an approximate match of the quote within a bounded edit distance; else the quote anywhere in the
//! expression (the text moved); else the annotation is orphaned — kept and listed, never dropped.
//!
//! ```
//! use kanun_anchor::{selector, Label};
//!
//! let text = "Social services are provided free of charge to persons with disabilities of group I.";
//! let start = text.find("free of charge").unwrap();
//! let (quote, position) = selector(text, start, start + "free of charge".len()).unwrap();
//! assert_eq!(quote.exact, "free of charge");
//! assert_eq!(position.start, 29);
//! assert_eq!(Label::TextChanged.as_str(), "text-changed");
//! ```

mod matching;

use kanun_model::annotation::{PositionSelector, QuoteSelector, Target};
use kanun_model::eid::ancestors;
use kanun_model::{Expression, Provision};
use serde::Serialize;

pub use matching::{approximate, edit_distance};

/// How an annotation was re-anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Label {
    /// The same provision, the same words.
    Exact,
    /// The same words, now elsewhere (another provision, or the parent of a provision that is gone).
    Moved,
    /// The words changed; the closest match is shown against the old quote.
    TextChanged,
    /// Nowhere to be found: kept with its old quote, listed for a person to place.
    Orphaned,
}

impl Label {
    /// The spelling in files and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Exact => "exact",
            Label::Moved => "moved",
            Label::TextChanged => "text-changed",
            Label::Orphaned => "orphaned",
        }
    }
}

/// Where an annotation landed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Anchored {
    /// How.
    pub label: Label,
    /// The provision it is attached to now (`None` when orphaned).
    pub eid: Option<String>,
    /// That provision's wId.
    pub wid: Option<String>,
    /// The span in that provision's plain text, in characters (for quote annotations).
    pub position: Option<PositionSelector>,
    /// The text now at that span.
    pub quote_now: Option<String>,
    /// How good the match is, 0 to 1.
    pub score: f32,
}

/// A stable hash of a provision's plain text (FNV-1a, hex): unchanged text needs no matching.
pub fn content_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

const CONTEXT_MAX: usize = 64;
const CONTEXT_MIN: usize = 24;

/// A quote selector and position for the byte range `start..end` of a provision's plain text. The context on
/// each side reaches back (and forward) to a clause boundary (`.`, `;`, `:`, line break) where one is near,
/// otherwise 24 to 64 characters. `None` if the range is empty or not on character boundaries.
pub fn selector(text: &str, start: usize, end: usize) -> Option<(QuoteSelector, PositionSelector)> {
    if start >= end || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return None;
    }
    let before: Vec<char> = text[..start].chars().collect();
    let after: Vec<char> = text[end..].chars().collect();
    let is_boundary = |c: char| matches!(c, '.' | ';' | ':' | '\n');
    let mut from = before.len().saturating_sub(CONTEXT_MAX);
    if let Some(b) = before[from..].iter().rposition(|c| is_boundary(*c)) {
        let at = from + b + 1;
        if before.len() - at >= CONTEXT_MIN / 2 {
            from = at;
        }
    }
    let mut to = after.len().min(CONTEXT_MAX);
    if let Some(b) = after[..to].iter().position(|c| is_boundary(*c))
        && b + 1 >= CONTEXT_MIN / 2
    {
        to = b + 1;
    }
    let start_chars = before.len();
    let exact: String = text[start..end].to_string();
    let len = exact.chars().count();
    Some((
        QuoteSelector {
            exact,
            prefix: before[from..].iter().collect(),
            suffix: after[..to].iter().collect(),
        },
        PositionSelector { start: start_chars, end: start_chars + len },
    ))
}

fn find_provision<'a>(target: &Target, expr: &'a Expression) -> (Option<&'a Provision>, bool) {
    if let Some(p) = expr.find_wid(&target.wid).or_else(|| expr.find(&target.eid)) {
        return (Some(p), true);
    }
    for up in ancestors(&target.eid).skip(1) {
        if let Some(p) = expr.find(up) {
            return (Some(p), false);
        }
    }
    (None, false)
}

fn anchored(
    label: Label,
    p: &Provision,
    span: Option<(usize, usize)>,
    text: &[char],
    score: f32,
) -> Anchored {
    Anchored {
        label,
        eid: Some(p.eid.clone()),
        wid: Some(p.wid.clone()),
        position: span.map(|(s, e)| PositionSelector { start: s, end: e }),
        quote_now: span.map(|(s, e)| text[s..e].iter().collect()),
        score,
    }
}

fn orphaned() -> Anchored {
    Anchored { label: Label::Orphaned, eid: None, wid: None, position: None, quote_now: None, score: 0.0 }
}

/// The share of the quote's characters an approximate match may get wrong when it is in the same provision.
const IN_PROVISION_TOLERANCE: f32 = 0.3;
/// The same, for a match found elsewhere in the expression (stricter: a weak match far away is a guess).
const ELSEWHERE_TOLERANCE: f32 = 0.15;
/// How much of its context a near match found elsewhere must keep.
const MIN_CONTEXT_ELSEWHERE: f32 = 0.3;
/// Below this an approximate match in the same provision wins over an exact one elsewhere.
const NEAR_EXACT: f32 = 0.1;

/// Resolves an annotation's target against an expression.
pub fn resolve(target: &Target, expr: &Expression) -> Anchored {
    let (found, same) = find_provision(target, expr);
    let Some(quote) = target.quote.as_ref().filter(|q| !q.exact.is_empty()) else {
        // A whole-provision annotation.
        return match found {
            Some(p) if same => {
                let changed =
                    target.content_hash.as_ref().is_some_and(|h| *h != content_hash(&p.plain_text()));
                anchored(if changed { Label::TextChanged } else { Label::Exact }, p, None, &[], 1.0)
            }
            Some(p) => anchored(Label::Moved, p, None, &[], 0.5),
            None => orphaned(),
        };
    };
    let pat: Vec<char> = quote.exact.chars().collect();
    let old_start = target.position.map(|p| p.start);
    if let Some(p) = found {
        let plain = p.plain_text();
        // Unchanged text (same content hash): the stored offsets hold, no matching needed.
        if same
            && let (Some(h), Some(pos)) = (&target.content_hash, target.position)
            && *h == content_hash(&plain)
        {
            let text: Vec<char> = plain.chars().collect();
            if pos.end <= text.len() {
                return anchored(Label::Exact, p, Some((pos.start, pos.end)), &text, 1.0);
            }
        }
        let text: Vec<char> = plain.chars().collect();
        // The stored offsets still point at the quote.
        if let Some(pos) = target.position
            && pos.start <= pos.end
            && pos.end <= text.len()
            && text[pos.start..pos.end] == pat[..]
        {
            let label = if same { Label::Exact } else { Label::Moved };
            return anchored(label, p, Some((pos.start, pos.end)), &text, 1.0);
        }
        if let Some((s, e, score)) = matching::best_exact(&text, &pat, quote, old_start) {
            let label = if same { Label::Exact } else { Label::Moved };
            return anchored(label, p, Some((s, e)), &text, score);
        }
        if let Some((s, e, _, score)) = matching::best_approximate(&text, &pat, quote, old_start, NEAR_EXACT)
        {
            return anchored(Label::TextChanged, p, Some((s, e)), &text, score);
        }
        // The words around the quote are still there: the quote's own words were rewritten.
        if let Some((s, e, score)) = matching::bracket(&text, quote, pat.len()) {
            return anchored(Label::TextChanged, p, Some((s, e)), &text, score);
        }
    }
    // The quote anywhere in the expression: the text moved to another provision. The deepest provision that
    // holds it wins, so that an annotation lands on the point, not on the whole article.
    let mut best: Option<(&Provision, usize, usize, f32, usize)> = None;
    for p in expr.walk().filter(|p| !p.kind.is_container()) {
        let text: Vec<char> = p.plain_text().chars().collect();
        if let Some((s, e, score)) = matching::best_exact(&text, &pat, quote, None) {
            let depth = p.eid.matches("__").count();
            if best
                .as_ref()
                .is_none_or(|b| score > b.3 + 1e-6 || ((score - b.3).abs() <= 1e-6 && depth > b.4))
            {
                best = Some((p, s, e, score, depth));
            }
        }
    }
    if let Some((p, s, e, score, _)) = best {
        let text: Vec<char> = p.plain_text().chars().collect();
        return anchored(Label::Moved, p, Some((s, e)), &text, score);
    }
    if let Some(p) = found {
        let text: Vec<char> = p.plain_text().chars().collect();
        if let Some((s, e, _, score)) =
            matching::best_approximate(&text, &pat, quote, old_start, IN_PROVISION_TOLERANCE)
        {
            return anchored(Label::TextChanged, p, Some((s, e)), &text, score);
        }
    }
    let mut best: Option<(&Provision, usize, usize, f32)> = None;
    for p in expr.articles() {
        let text: Vec<char> = p.plain_text().chars().collect();
        // Far from home, a near match must also keep some of its context, or it is a look-alike phrase.
        if let Some((s, e, _, score)) =
            matching::best_approximate(&text, &pat, quote, None, ELSEWHERE_TOLERANCE)
            && matching::context_score(&text, s, e, quote) >= MIN_CONTEXT_ELSEWHERE
            && best.as_ref().is_none_or(|b| score > b.3)
        {
            best = Some((p, s, e, score));
        }
    }
    if let Some((p, s, e, score)) = best {
        let text: Vec<char> = p.plain_text().chars().collect();
        return anchored(Label::TextChanged, p, Some((s, e)), &text, score);
    }
    orphaned()
}
