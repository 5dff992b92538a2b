//! Inside aligned articles: their lines (paragraphs, numbered parts and points) aligned, then diffed word by
//! word.
//!
//! An article's lines are its plain-text lines, each with the eId of the provision it belongs to and its depth.
//! Lines are compared by their text without the number marker, so that a point that only changed its number
//! (`3)` → `4)` after an inserted point) is **renumbered**, not rewritten. Unchanged lines are found with a
//! Patience diff over whole lines; in each stretch between them, deleted and inserted lines are paired in order
//! when their word similarity is at least 0.5 (**modified**, with word-level changes), and the rest are **new**
//! or **repealed** lines.

use similar::{Algorithm, DiffTag, capture_diff_slices};

use kanun_model::{Kind, Provision};

use crate::model::{Line, LineChange};
use crate::words::{self, Segment};

/// One line of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// eId of the provision the line belongs to.
    pub eid: String,
    /// Depth below the article.
    pub depth: u8,
    /// The number marker (`1.`, `2)`, `а)`), on the provision's first line.
    pub marker: Option<String>,
    /// The text without the marker.
    pub text: String,
    /// Whether this is a heading line (of an article joined into a split or merged row).
    pub heading: bool,
}

impl Unit {
    /// The line as shown: marker, space, text.
    pub fn display(&self) -> String {
        match &self.marker {
            Some(m) if self.text.is_empty() => m.clone(),
            Some(m) => format!("{m} {}", self.text),
            None => self.text.clone(),
        }
    }

    fn key(&self) -> String {
        words::squash(&self.text)
    }
}

/// The lines of an article's body (not its heading).
pub fn units(p: &Provision) -> Vec<Unit> {
    let mut out = Vec::new();
    push(p, 0, false, &mut out);
    out
}

fn push(p: &Provision, depth: u8, with_marker: bool, out: &mut Vec<Unit>) {
    let marker = if with_marker { p.num.as_ref().map(|n| n.raw.clone()) } else { None };
    let mut first = true;
    for t in &p.intro {
        out.push(Unit {
            eid: p.eid.clone(),
            depth,
            marker: if first { marker.clone() } else { None },
            text: t.clone(),
            heading: false,
        });
        first = false;
    }
    if first && marker.is_some() {
        out.push(Unit {
            eid: p.eid.clone(),
            depth,
            marker: marker.clone(),
            text: String::new(),
            heading: false,
        });
    }
    for c in &p.children {
        if c.kind.is_container() || c.kind == Kind::Article {
            out.push(Unit {
                eid: c.eid.clone(),
                depth: depth + 1,
                marker: None,
                text: c.display_heading(),
                heading: true,
            });
            push(c, depth + 1, false, out);
        } else {
            push(c, depth + 1, true, out);
        }
    }
    for t in &p.wrap_up {
        out.push(Unit { eid: p.eid.clone(), depth, marker: None, text: t.clone(), heading: false });
    }
}

/// Paragraph lines without eIds (title, preamble).
pub fn plain_units(texts: &[String], eid: &str) -> Vec<Unit> {
    texts
        .iter()
        .map(|t| Unit { eid: eid.to_string(), depth: 0, marker: None, text: t.clone(), heading: false })
        .collect()
}

/// Lines of tracked changes from `base` to `draft`.
pub fn diff_units(base: &[Unit], draft: &[Unit]) -> Vec<Line> {
    let kb: Vec<String> = base.iter().map(Unit::key).collect();
    let kd: Vec<String> = draft.iter().map(Unit::key).collect();
    if kb == kd {
        // The same lines (most articles of a redline): each with its counterpart, no diff needed.
        return base.iter().zip(draft).map(|(b, d)| pair_keyed(b, d, true)).collect();
    }
    let ops = capture_diff_slices(Algorithm::Patience, &kb, &kd);
    let mut out = Vec::new();
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {
                for (i, j) in o.zip(n) {
                    out.push(pair_keyed(&base[i], &draft[j], true));
                }
            }
            _ => stretch(&base[o], &draft[n], &mut out),
        }
    }
    out
}

/// Pairs deleted and inserted lines of one stretch in order, by similarity.
fn stretch(base: &[Unit], draft: &[Unit], out: &mut Vec<Line>) {
    // Dynamic programming over the two sequences: maximise the summed similarity of pairs (≥ 0.5 only).
    let (m, n) = (base.len(), draft.len());
    // Each line's tokens once, and sorted: a pair whose shared tokens cannot reach the 0.5 is not diffed.
    let (tb, td) = (split(base), split(draft));
    let sim: Vec<Vec<f32>> = tb
        .iter()
        .map(|(b, sb)| {
            td.iter()
                .map(|(d, sd)| {
                    if !b.is_empty() || !d.is_empty() {
                        let bound = 2.0 * shared(sb, sd) as f32 / (b.len() + d.len()) as f32;
                        if bound < 0.5 {
                            return 0.0;
                        }
                    }
                    let s = words::token_ratio(b, d);
                    if s >= 0.5 { s } else { 0.0 }
                })
                .collect()
        })
        .collect();
    let mut best = vec![vec![0f32; n + 1]; m + 1];
    for i in (0..m).rev() {
        for j in (0..n).rev() {
            let take = if sim[i][j] > 0.0 { sim[i][j] + best[i + 1][j + 1] } else { 0.0 };
            best[i][j] = take.max(best[i + 1][j]).max(best[i][j + 1]);
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < m || j < n {
        if i < m && j < n && sim[i][j] > 0.0 && (best[i][j] - (sim[i][j] + best[i + 1][j + 1])).abs() < 1e-6 {
            out.push(pair(&base[i], &draft[j]));
            i += 1;
            j += 1;
        } else if i < m && (j == n || (best[i][j] - best[i + 1][j]).abs() < 1e-6) {
            out.push(only_base(&base[i]));
            i += 1;
        } else {
            out.push(only_draft(&draft[j]));
            j += 1;
        }
    }
}

/// Each line's tokens, as they stand and sorted.
fn split(units: &[Unit]) -> Vec<(Vec<&str>, Vec<&str>)> {
    units
        .iter()
        .map(|u| {
            let t: Vec<&str> = words::tokens(&u.text).iter().map(|t| t.text).collect();
            let mut sorted = t.clone();
            sorted.sort_unstable();
            (t, sorted)
        })
        .collect()
}

/// How many items two sorted lists share, repeated items counted as often as both have them: at least as many
/// as a diff of the lists finds equal.
fn shared(a: &[&str], b: &[&str]) -> usize {
    let (mut x, mut y, mut n) = (0, 0, 0);
    while x < a.len() && y < b.len() {
        match a[x].cmp(b[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                x += 1;
                y += 1;
            }
        }
    }
    n
}

fn pair(b: &Unit, d: &Unit) -> Line {
    pair_keyed(b, d, b.key() == d.key())
}

/// [`pair`] when it is known whether the two lines have the same text (the same [`Unit::key`]).
fn pair_keyed(b: &Unit, d: &Unit, same_text: bool) -> Line {
    let change = match (same_text, b.marker == d.marker) {
        (true, true) => LineChange::Unchanged,
        (true, false) => LineChange::Renumbered,
        (false, _) => LineChange::Modified,
    };
    Line {
        change,
        depth: d.depth,
        base_eid: Some(b.eid.clone()),
        draft_eid: Some(d.eid.clone()),
        heading: d.heading,
        segments: words::diff(&b.display(), &d.display()),
    }
}

/// A line only in the base.
pub fn only_base(b: &Unit) -> Line {
    Line {
        change: LineChange::Repealed,
        depth: b.depth,
        base_eid: Some(b.eid.clone()),
        draft_eid: None,
        heading: b.heading,
        segments: vec![Segment::Delete(words::squash(&b.display()))],
    }
}

/// A line only in the draft.
pub fn only_draft(d: &Unit) -> Line {
    Line {
        change: LineChange::New,
        depth: d.depth,
        base_eid: None,
        draft_eid: Some(d.eid.clone()),
        heading: d.heading,
        segments: vec![Segment::Insert(words::squash(&d.display()))],
    }
}

/// The heading line of an article or container, compared.
pub fn heading_line(b: Option<&Provision>, d: Option<&Provision>) -> Line {
    let text = |p: &Provision| words::squash(&p.display_heading());
    let (segments, change) = match (b, d) {
        (Some(b), Some(d)) => {
            let s = words::diff(&text(b), &text(d));
            let changed = s.iter().any(|s| !matches!(s, Segment::Equal(_)));
            (s, if changed { LineChange::Modified } else { LineChange::Unchanged })
        }
        (Some(b), None) => (vec![Segment::Delete(text(b))], LineChange::Repealed),
        (None, Some(d)) => (vec![Segment::Insert(text(d))], LineChange::New),
        (None, None) => (Vec::new(), LineChange::Unchanged),
    };
    Line {
        change,
        depth: 0,
        base_eid: b.map(|p| p.eid.clone()),
        draft_eid: d.map(|p| p.eid.clone()),
        heading: true,
        segments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kanun_model::Num;

    fn point(parent: &str, n: u32, text: &str) -> Provision {
        let mut p = Provision::new(Kind::Point, format!("{parent}__point_{n}"));
        p.num = Some(Num { raw: format!("{n})"), id: n.to_string() });
        p.intro.push(text.into());
        p
    }

    #[test]
    fn an_inserted_point_renumbers_the_next_without_rewriting_it() {
        let mut b = Provision::new(Kind::Article, "art_4");
        b.intro.push("Principles:".into());
        b.children = vec![point("art_4", 1, "respect for dignity;"), point("art_4", 2, "equal access.")];
        let mut d = b.clone();
        d.children = vec![
            point("art_4", 1, "respect for dignity;"),
            point("art_4", 2, "participation of the recipient;"),
            point("art_4", 3, "equal access."),
        ];
        let lines = diff_units(&units(&b), &units(&d));
        let changes: Vec<LineChange> = lines.iter().map(|l| l.change).collect();
        assert_eq!(
            changes,
            [LineChange::Unchanged, LineChange::Unchanged, LineChange::New, LineChange::Renumbered]
        );
        assert_eq!(lines[3].accepted(), "3) equal access.");
        assert_eq!(lines[3].base_eid.as_deref(), Some("art_4__point_2"));
    }

    #[test]
    fn shared_counts_repeated_items_as_often_as_both_have_them() {
        assert_eq!(shared(&["a", "a", "b", "c"], &["a", "b", "b", "d"]), 2);
        assert_eq!(shared(&[], &["a"]), 0);
        assert_eq!(shared(&["x", "y"], &["x", "y"]), 2);
    }

    #[test]
    fn a_changed_point_is_modified_word_by_word() {
        let mut b = Provision::new(Kind::Article, "art_5");
        b.children =
            vec![point("art_5", 1, "information about their rights;"), point("art_5", 2, "refusal.")];
        let mut d = b.clone();
        d.children[0] = point("art_5", 1, "information about their rights and duties;");
        let lines = diff_units(&units(&b), &units(&d));
        assert_eq!(lines[0].change, LineChange::Modified);
        assert_eq!(lines[0].segments.iter().filter(|s| matches!(s, Segment::Insert(_))).count(), 1);
        assert_eq!(lines[1].change, LineChange::Unchanged);
    }
}
