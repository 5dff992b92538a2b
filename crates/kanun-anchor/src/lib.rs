//! Re-anchoring: finding where an annotation belongs in a (possibly changed) expression, and saying how sure we
//! are. The order follows `DESIGN.md`: the provision with the same wId, else the same eId, else the nearest
//! surviving parent; inside it the exact quote (at the old offset, else elsewhere, prefix and suffix breaking
//! ties), else an approximate match of the quote within a bounded edit distance; else the quote anywhere in the
//! expression (the text moved); else the annotation is orphaned — kept and listed, never dropped.
//!
//! [`resolve`] places one annotation; a [`Resolver`] places many on one expression with the same answers, each
//! provision's plain text computed once and the search across the expression narrowed by an index of trigrams.
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

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;

use kanun_model::annotation::{PositionSelector, QuoteSelector, Target};
use kanun_model::eid::ancestors;
use kanun_model::{Expression, Kind, Provision};
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

/// Resolves an annotation's target against an expression. For many annotations on one expression, a
/// [`Resolver`] gives the same answers much faster.
pub fn resolve(target: &Target, expr: &Expression) -> Anchored {
    Resolver { expr, index: OnceCell::new(), eager: false }.resolve(target)
}

/// Resolves many annotations against one expression: the provisions' plain texts are computed once, provisions
/// are found by wId and eId in a table, and a quote that left its provision is looked for only in the articles
/// that have every three characters in a row of it (an index of trigrams) and, when approximately, only where a
/// quick bit-parallel test says a near match exists. Every answer is the one [`resolve`] gives.
///
/// ```
/// use kanun_anchor::{Label, Resolver};
/// use kanun_model::Expression;
/// use kanun_model::annotation::Target;
///
/// fn labels(targets: &[Target], expr: &Expression) -> Vec<Label> {
///     let resolver = Resolver::new(expr);
///     targets.iter().map(|t| resolver.resolve(t).label).collect()
/// }
/// ```
pub struct Resolver<'e> {
    expr: &'e Expression,
    index: OnceCell<Index<'e>>,
    /// Whether provisions are found through the index (many annotations) or by walking the tree (one).
    eager: bool,
}

/// What a [`Resolver`] prepares: the provisions in document order with their plain texts, and the words of
/// every top-level provision.
struct Index<'e> {
    /// Every provision, depth first in document order (as [`Expression::walk`]).
    nodes: Vec<&'e Provision>,
    /// Plain texts by node, and as characters, computed when first needed.
    texts: Vec<OnceCell<(String, Vec<char>)>>,
    /// The first node with each wId and each eId.
    by_wid: HashMap<&'e str, usize>,
    by_eid: HashMap<&'e str, usize>,
    /// The nodes of the top-level provisions (not containers, not inside another provision) and the end of each
    /// one's subtree: a provision's plain text is a part of its top-level provision's.
    roots: Vec<(usize, usize)>,
    /// For each three characters in a row of the top-level provisions' plain texts, the roots that have them,
    /// ascending (built for the first quote looked for across the expression, when resolving many).
    grams: OnceCell<HashMap<u64, Vec<u32>>>,
    /// The article nodes, in document order.
    articles: Vec<usize>,
}

impl<'e> Index<'e> {
    fn new(expr: &'e Expression) -> Index<'e> {
        fn visit<'e>(p: &'e Provision, inside: bool, ix: &mut Index<'e>) {
            let n = ix.nodes.len();
            ix.nodes.push(p);
            ix.by_wid.entry(p.wid.as_str()).or_insert(n);
            ix.by_eid.entry(p.eid.as_str()).or_insert(n);
            if p.kind == Kind::Article {
                ix.articles.push(n);
            }
            let root = !inside && !p.kind.is_container();
            for c in &p.children {
                visit(c, inside || root, ix);
            }
            if root {
                ix.roots.push((n, ix.nodes.len()));
            }
        }
        let mut ix = Index {
            nodes: Vec::new(),
            texts: Vec::new(),
            by_wid: HashMap::new(),
            by_eid: HashMap::new(),
            roots: Vec::new(),
            grams: OnceCell::new(),
            articles: Vec::new(),
        };
        for p in &expr.body {
            visit(p, false, &mut ix);
        }
        ix.roots.sort_unstable();
        ix.texts = (0..ix.nodes.len()).map(|_| OnceCell::new()).collect();

        ix
    }

    /// The plain text of a node, as characters.
    fn text(&self, n: usize) -> &[char] {
        &self.texts[n].get_or_init(|| text_pair(self.nodes[n])).1
    }

    /// The plain text of a node.
    fn string(&self, n: usize) -> &str {
        &self.texts[n].get_or_init(|| text_pair(self.nodes[n])).0
    }

    fn grams(&self) -> &HashMap<u64, Vec<u32>> {
        self.grams.get_or_init(|| {
            let mut grams: HashMap<u64, Vec<u32>> = HashMap::new();
            for (r, &(n, _)) in self.roots.iter().enumerate() {
                for w in self.text(n).windows(3) {
                    let list = grams.entry(gram_key(w)).or_default();
                    if list.last() != Some(&(r as u32)) {
                        list.push(r as u32);
                    }
                }
            }
            grams
        })
    }

    /// Which roots can hold a match of `pat` with at most `max` edits (`None`: any root can). An edit spoils at
    /// most three of the pattern's trigrams (counted by position), so a root must have at least `m - 2 - 3 max`
    /// of them.
    fn roots_near(&self, pat: &[char], max: usize) -> Option<Vec<bool>> {
        let need = pat.len().saturating_sub(2).checked_sub(3 * max).filter(|&n| n > 0)?;
        let mut count = vec![0usize; self.roots.len()];
        for w in pat.windows(3) {
            for &r in self.grams().get(&gram_key(w)).map_or(&[][..], Vec::as_slice) {
                count[r as usize] += 1;
            }
        }
        Some(count.into_iter().map(|c| c >= need).collect())
    }

    /// The roots that can hold `pat`, ascending. With `narrow`, those that have every three characters in a row
    /// of it (every root when it is shorter than three characters); else every root.
    fn roots_for(&self, pat: &[char], narrow: bool) -> Vec<usize> {
        if !narrow {
            return (0..self.roots.len()).collect();
        }
        let mut lists: Vec<&[u32]> = Vec::new();
        for w in pat.windows(3) {
            match self.grams().get(&gram_key(w)) {
                Some(list) => lists.push(list),
                None => return Vec::new(),
            }
        }
        lists.sort_by_key(|l| l.len());
        let Some((first, rest)) = lists.split_first() else {
            return (0..self.roots.len()).collect();
        };
        // The shortest list, narrowed by the others from the shortest up (most candidates go early).
        let mut roots: Vec<u32> = first.to_vec();
        for list in rest {
            if roots.is_empty() {
                break;
            }
            roots.retain(|r| list.binary_search(r).is_ok());
        }
        roots.into_iter().map(|r| r as usize).collect()
    }
}

/// The key of three characters (21 bits each).
fn gram_key(w: &[char]) -> u64 {
    w.iter().fold(0u64, |k, &c| (k << 21) | u64::from(c))
}

/// A provision's plain text, and as characters.
fn text_pair(p: &Provision) -> (String, Vec<char>) {
    let text = p.plain_text();
    let chars = text.chars().collect();
    (text, chars)
}

/// A provision found for a target, with its node in the index when it was found there.
type Found<'e> = (&'e Provision, Option<usize>);

impl<'e> Resolver<'e> {
    /// A resolver for annotations on `expr` (nothing is computed until the first annotation).
    pub fn new(expr: &'e Expression) -> Resolver<'e> {
        Resolver { expr, index: OnceCell::new(), eager: true }
    }

    fn index(&self) -> &Index<'e> {
        self.index.get_or_init(|| Index::new(self.expr))
    }

    /// The plain text of a provision found, as characters.
    fn text_of(&self, (p, node): Found<'e>) -> Cow<'_, [char]> {
        match (node, self.index.get()) {
            (Some(n), Some(ix)) => Cow::Borrowed(ix.text(n)),
            _ => Cow::Owned(p.plain_text().chars().collect()),
        }
    }

    /// The provision with the target's wId, else its eId (`true`), else its nearest surviving parent (`false`).
    fn find_provision(&self, target: &Target) -> (Option<Found<'e>>, bool) {
        // A number reused after a repeal names another provision (its wId is the number's with the date it
        // appeared): an annotation on the stub does not follow the number to it.
        let reused = |p: &Provision| {
            p.wid != target.wid
                && p.wid.split(kanun_model::corpus::REUSED_WID).next() == Some(target.wid.as_str())
        };
        if !self.eager {
            let expr = self.expr;
            if let Some(p) =
                expr.find_wid(&target.wid).or_else(|| expr.find(&target.eid).filter(|p| !reused(p)))
            {
                return (Some((p, None)), true);
            }
            for up in ancestors(&target.eid).skip(1) {
                if let Some(p) = expr.find(up) {
                    return (Some((p, None)), false);
                }
            }
            return (None, false);
        }
        let ix = self.index();
        let found = |n: usize| Some((ix.nodes[n], Some(n)));
        if let Some(&n) = ix
            .by_wid
            .get(target.wid.as_str())
            .or_else(|| ix.by_eid.get(target.eid.as_str()).filter(|&&n| !reused(ix.nodes[n])))
        {
            return (found(n), true);
        }
        for up in ancestors(&target.eid).skip(1) {
            if let Some(&n) = ix.by_eid.get(up) {
                return (found(n), false);
            }
        }
        (None, false)
    }

    /// Resolves one annotation's target (see [`resolve`]).
    pub fn resolve(&self, target: &Target) -> Anchored {
        let (found, same) = self.find_provision(target);
        let Some(quote) = target.quote.as_ref().filter(|q| !q.exact.is_empty()) else {
            // A whole-provision annotation.
            return match found {
                Some((p, _)) if same => {
                    let changed =
                        target.content_hash.as_ref().is_some_and(|h| *h != content_hash(&p.plain_text()));
                    anchored(if changed { Label::TextChanged } else { Label::Exact }, p, None, &[], 1.0)
                }
                Some((p, _)) => anchored(Label::Moved, p, None, &[], 0.5),
                None => orphaned(),
            };
        };
        let pat: Vec<char> = quote.exact.chars().collect();
        let old_start = target.position.map(|p| p.start);
        if let Some(f) = found {
            let p = f.0;
            let text = self.text_of(f);
            // Unchanged text (same content hash): the stored offsets hold, no matching needed.
            if same
                && let (Some(h), Some(pos)) = (&target.content_hash, target.position)
                && pos.end <= text.len()
                && *h == content_hash(&text.iter().collect::<String>())
            {
                return anchored(Label::Exact, p, Some((pos.start, pos.end)), &text, 1.0);
            }
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
            if let Some((s, e, _, score)) =
                matching::best_approximate(&text, &pat, quote, old_start, NEAR_EXACT)
            {
                return anchored(Label::TextChanged, p, Some((s, e)), &text, score);
            }
            // The words around the quote are still there: the quote's own words were rewritten.
            if let Some((s, e, score)) = matching::bracket(&text, quote, pat.len()) {
                return anchored(Label::TextChanged, p, Some((s, e)), &text, score);
            }
        }
        // The quote anywhere in the expression: the text moved to another provision. The deepest provision that
        // holds it wins, so that an annotation lands on the point, not on the whole article. Only the top-level
        // provisions that hold the quote can have a provision that does.
        let ix = self.index();
        let mut best: Option<(usize, usize, usize, f32, usize)> = None;
        for r in ix.roots_for(&pat, self.eager) {
            let (root, end) = ix.roots[r];
            if !ix.string(root).contains(quote.exact.as_str()) {
                continue;
            }
            for n in (root..end).filter(|&n| !ix.nodes[n].kind.is_container()) {
                if n != root && !ix.string(n).contains(quote.exact.as_str()) {
                    continue;
                }
                if let Some((s, e, score)) = matching::best_exact(ix.text(n), &pat, quote, None) {
                    let depth = kanun_model::eid::Eid::new(&ix.nodes[n].eid).depth();
                    if best
                        .as_ref()
                        .is_none_or(|b| score > b.3 + 1e-6 || ((score - b.3).abs() <= 1e-6 && depth > b.4))
                    {
                        best = Some((n, s, e, score, depth));
                    }
                }
            }
        }
        if let Some((n, s, e, score, _)) = best {
            return anchored(Label::Moved, ix.nodes[n], Some((s, e)), ix.text(n), score);
        }
        if let Some(f) = found {
            let text = self.text_of(f);
            if let Some((s, e, _, score)) =
                matching::best_approximate(&text, &pat, quote, old_start, IN_PROVISION_TOLERANCE)
            {
                return anchored(Label::TextChanged, f.0, Some((s, e)), &text, score);
            }
        }
        let near = if self.eager {
            ix.roots_near(&pat, matching::max_edits(pat.len(), ELSEWHERE_TOLERANCE))
        } else {
            None
        };
        let mut best: Option<(usize, usize, usize, f32)> = None;
        for &n in &ix.articles {
            if let Some(near) = &near
                && !near[ix.roots.partition_point(|r| r.1 <= n)]
            {
                continue;
            }
            let text = ix.text(n);
            // Far from home, a near match must also keep some of its context, or it is a look-alike phrase.
            if let Some((s, e, _, score)) =
                matching::best_approximate(text, &pat, quote, None, ELSEWHERE_TOLERANCE)
                && matching::context_score(text, s, e, quote) >= MIN_CONTEXT_ELSEWHERE
                && best.as_ref().is_none_or(|b| score > b.3)
            {
                best = Some((n, s, e, score));
            }
        }
        if let Some((n, s, e, score)) = best {
            return anchored(Label::TextChanged, ix.nodes[n], Some((s, e)), ix.text(n), score);
        }
        orphaned()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

    use super::*;

    #[test]
    fn the_trigram_index_keeps_every_root_that_holds_the_quote() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let corpus = kanun_corpus::load(&root).unwrap().corpus;
        let expr = corpus.expressions().max_by_key(|e| e.article_count()).unwrap();
        let ix = Index::new(expr);
        assert_eq!(ix.nodes.len(), expr.walk().count());
        assert!(ix.roots.windows(2).all(|w| w[0].1 <= w[1].0), "roots are disjoint and in order");
        let mut checked = 0;
        for (r, &(n, _)) in ix.roots.iter().enumerate().step_by(3) {
            let text = ix.text(n).to_vec();
            for start in (0..text.len().saturating_sub(20)).step_by(37) {
                let pat = &text[start..start + 2 + start % 19];
                let quote: String = pat.iter().collect();
                let holding: Vec<usize> =
                    (0..ix.roots.len()).filter(|&q| ix.string(ix.roots[q].0).contains(&quote)).collect();
                let narrowed = ix.roots_for(pat, true);
                assert!(holding.contains(&r));
                assert!(holding.iter().all(|q| narrowed.contains(q)), "{quote:?}");
                assert_eq!(ix.roots_for(pat, false).len(), ix.roots.len());
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked}");
        // A quote with a few edits still passes the trigram count of the root it came from.
        for (r, &(n, _)) in ix.roots.iter().enumerate().step_by(5) {
            let text = ix.text(n).to_vec();
            if text.len() < 45 {
                continue;
            }
            let mut pat = text[5..45].to_vec();
            let max = matching::max_edits(pat.len(), ELSEWHERE_TOLERANCE);
            for k in 0..max {
                match k % 3 {
                    0 => pat[7 * k + 1] = '#',
                    1 => drop(pat.remove(7 * k + 2)),
                    _ => pat.insert(7 * k + 3, '#'),
                }
            }
            assert!(matching::near_match(&text, &pat, max));
            assert!(ix.roots_near(&pat, max).is_none_or(|near| near[r]), "{r}");
        }
        assert_eq!(ix.roots_near(&['a'; 10], 3), None);
        assert!(ix.roots_for(&"no such text here".chars().collect::<Vec<_>>(), true).is_empty());
        assert_eq!(gram_key(&['a', 'b', 'c']), (97 << 42) | (98 << 21) | 99);
    }
}
