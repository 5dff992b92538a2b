//! Article alignment: which draft articles stand for which base articles, and what happened to each.
//!
//! In order, each step deciding only what the earlier ones left open:
//! 1. **What the draft says**: a draft article whose wId (`{#art_12}`) is a base article's wId, or that lists
//!    base articles in `replaces=`, is paired with them (one listed twice: split; two listed once: merged).
//! 2. **Split and merge by content**: two or more draft articles whose word pairs (bigrams) are each mostly
//!    contained in one base article, and together cover most of it, are its split; the mirror case is a merge.
//! 3. **One to one by similarity**: all remaining pairs that share a word pair or a number are scored by the
//!    token diff ratio of their texts (0.85) and headings (0.15), plus a bonus for the same number and the same
//!    heading, and taken best first while both are free (a greedy maximum-weight matching, so that a renumbered
//!    article finds its text before a same-numbered stranger can claim it). A pair needs a similarity of 0.5, or
//!    0.35 with the same number or heading.
//!    A free pair with the same number whose texts still share something (similarity 0.15, or 30% of one's
//!    word pairs in the other) is then taken as the article in new wording.
//! 4. **Repealed stubs**: a draft article left as "(repealed)" is paired with the base article of its number,
//!    or, when that one found its text elsewhere, with the nearest free base stub.
//! 5. What is left is new (draft) or repealed (base).
//!
//! Pairs whose order differs from their neighbours' (not on the longest increasing subsequence of base positions
//! in draft order) are **moved**. A kept pair is **unchanged** or **modified** when it keeps its number and
//! place, else **renumbered** (with `edited` when its text changed).

use std::collections::{HashMap, HashSet};

use kanun_model::Provision;

use crate::model::Class;
use crate::words::{self, token_ratio};

/// One alignment decision over article indexes into the base and draft lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// What happened.
    pub class: Class,
    /// Base articles (empty for new; several when merged).
    pub base: Vec<usize>,
    /// Draft articles (empty for repealed-and-removed; several when split).
    pub draft: Vec<usize>,
    /// Whether the pair changed place relative to its neighbours.
    pub moved: bool,
    /// Whether the text changed.
    pub edited: bool,
    /// Similarity of the texts, 0..=1.
    pub similarity: f32,
}

/// What alignment looks at in an article.
pub(crate) struct Features {
    eid: String,
    wid: String,
    explicit_wid: bool,
    heading: String,
    body: String,
    tokens: Vec<String>,
    bigrams: HashSet<(String, String)>,
    counts: HashMap<String, usize>,
    repealed: bool,
    replaces: Vec<String>,
}

impl Features {
    pub(crate) fn of(p: &Provision) -> Features {
        let body = words::squash(&p.plain_text());
        let tokens: Vec<String> = words::tokens(&body).iter().map(|t| t.text.to_lowercase()).collect();
        // Words only: punctuation and bare numbers (point markers that renumbering changes) are left out.
        let wordlist: Vec<&String> = tokens
            .iter()
            .filter(|t| {
                t.chars().next().is_some_and(char::is_alphanumeric) && !t.chars().all(|c| c.is_ascii_digit())
            })
            .collect();
        let bigrams = wordlist.windows(2).map(|w| (w[0].clone(), w[1].clone())).collect();
        let mut counts: HashMap<String, usize> = HashMap::new();
        for t in &tokens {
            *counts.entry(t.clone()).or_default() += 1;
        }
        Features {
            eid: p.eid.clone(),
            wid: p.wid.clone(),
            explicit_wid: p.wid != p.eid,
            heading: words::squash(p.heading.as_deref().unwrap_or_default()).to_lowercase(),
            body,
            tokens,
            bigrams,
            counts,
            repealed: p.repealed,
            replaces: p.replaces.clone(),
        }
    }

    fn same_text(&self, other: &Features) -> bool {
        self.body == other.body && self.heading == other.heading && self.repealed == other.repealed
    }
}

fn toks(f: &Features) -> Vec<&str> {
    f.tokens.iter().map(String::as_str).collect()
}

/// An upper bound of the body's token ratio from token counts alone (no diff needed).
fn ratio_bound(b: &Features, d: &Features) -> f32 {
    let total = b.tokens.len() + d.tokens.len();
    if total == 0 {
        return 1.0;
    }
    let (small, large) =
        if b.counts.len() <= d.counts.len() { (&b.counts, &d.counts) } else { (&d.counts, &b.counts) };
    let common: usize = small.iter().map(|(t, n)| (*n).min(large.get(t).copied().unwrap_or(0))).sum();
    2.0 * common as f32 / total as f32
}

fn similarity(b: &Features, d: &Features) -> f32 {
    if b.body == d.body && b.heading == d.heading {
        return 1.0;
    }
    let body = token_ratio(&toks(b), &toks(d));
    if b.heading.is_empty() && d.heading.is_empty() {
        return body;
    }
    let hb: Vec<&str> = b.heading.split(' ').collect();
    let hd: Vec<&str> = d.heading.split(' ').collect();
    0.85 * body + 0.15 * token_ratio(&hb, &hd)
}

/// Share of `part`'s word pairs found in `whole`.
fn containment(part: &Features, whole: &Features) -> f32 {
    if part.bigrams.is_empty() {
        return 0.0;
    }
    part.bigrams.intersection(&whole.bigrams).count() as f32 / part.bigrams.len() as f32
}

/// Share of `whole`'s word pairs found in any of `parts`.
fn coverage(whole: &Features, parts: &[&Features]) -> f32 {
    if whole.bigrams.is_empty() {
        return 0.0;
    }
    let covered = whole.bigrams.iter().filter(|g| parts.iter().any(|p| p.bigrams.contains(*g))).count();
    covered as f32 / whole.bigrams.len() as f32
}

const PIECE_MIN_BIGRAMS: usize = 4;
const PIECE_CONTAINMENT: f32 = 0.7;
const PIECES_COVERAGE: f32 = 0.7;

/// Aligns the articles of a base expression with those of a draft (both in document order).
pub fn align(base: &[&Provision], draft: &[&Provision]) -> Vec<Match> {
    let fb: Vec<Features> = base.iter().map(|p| Features::of(p)).collect();
    let fd: Vec<Features> = draft.iter().map(|p| Features::of(p)).collect();
    align_features(&fb, &fd)
}

pub(crate) fn align_features(fb: &[Features], fd: &[Features]) -> Vec<Match> {
    let mut base_used = vec![false; fb.len()];
    let mut draft_used = vec![false; fd.len()];
    let mut groups: Vec<(Vec<usize>, Vec<usize>, Option<Class>)> = Vec::new();
    let base_by_wid: HashMap<&str, usize> = fb.iter().enumerate().map(|(i, f)| (f.wid.as_str(), i)).collect();
    let base_by_eid: HashMap<&str, usize> = fb.iter().enumerate().map(|(i, f)| (f.eid.as_str(), i)).collect();

    // 1. What the draft says.
    let mut explicit: Vec<(usize, Vec<usize>)> = Vec::new();
    for (j, d) in fd.iter().enumerate() {
        let mut targets: Vec<usize> =
            d.replaces.iter().filter_map(|e| base_by_eid.get(e.as_str()).copied()).collect();
        if targets.is_empty()
            && d.explicit_wid
            && let Some(&i) = base_by_wid.get(d.wid.as_str())
        {
            targets.push(i);
        }
        if !targets.is_empty() {
            explicit.push((j, targets));
        }
    }
    // Group explicit links into connected components (a base listed by several drafts = split).
    let mut done = vec![false; explicit.len()];
    for k in 0..explicit.len() {
        if done[k] {
            continue;
        }
        let mut bs: Vec<usize> = explicit[k].1.clone();
        let mut ds: Vec<usize> = vec![explicit[k].0];
        done[k] = true;
        let mut grew = true;
        while grew {
            grew = false;
            for (m, (j, t)) in explicit.iter().enumerate() {
                if !done[m] && t.iter().any(|i| bs.contains(i)) {
                    done[m] = true;
                    ds.push(*j);
                    bs.extend(t.iter().filter(|i| !bs.contains(i)).copied().collect::<Vec<_>>());
                    grew = true;
                }
            }
        }
        bs.sort_unstable();
        ds.sort_unstable();
        bs.iter().for_each(|&i| base_used[i] = true);
        ds.iter().for_each(|&j| draft_used[j] = true);
        groups.push((bs, ds, None));
    }

    // 3. Split and merge by content.
    split_or_merge(fb, fd, &mut base_used, &mut draft_used, &mut groups, false);
    split_or_merge(fd, fb, &mut draft_used, &mut base_used, &mut groups, true);

    // 4. One to one by similarity.
    let mut by_bigram: HashMap<&(String, String), Vec<usize>> = HashMap::new();
    for (i, b) in fb.iter().enumerate() {
        if !base_used[i] {
            for g in &b.bigrams {
                by_bigram.entry(g).or_default().push(i);
            }
        }
    }
    let mut candidates: Vec<(f32, f32, usize, usize)> = Vec::new();
    for (j, d) in fd.iter().enumerate() {
        if draft_used[j] || d.repealed {
            continue;
        }
        let mut cand: HashSet<usize> = HashSet::new();
        for g in &d.bigrams {
            if let Some(v) = by_bigram.get(g) {
                cand.extend(v.iter().copied());
            }
        }
        if let Some(&i) = base_by_eid.get(d.eid.as_str())
            && !base_used[i]
        {
            cand.insert(i);
        }
        for (i, b) in fb.iter().enumerate() {
            // Short texts share no word pairs: compare them with the same-size short ones.
            if !base_used[i]
                && (b.bigrams.is_empty() || d.bigrams.is_empty())
                && !b.heading.is_empty()
                && b.heading == d.heading
            {
                cand.insert(i);
            }
        }
        for i in cand {
            let b = &fb[i];
            let same_num = b.eid == d.eid;
            let same_heading = !b.heading.is_empty() && b.heading == d.heading;
            let threshold = if same_num || same_heading { 0.35 } else { 0.5 };
            // Most candidates share only common words: rule them out from token counts before diffing.
            if !same_num && 0.85 * ratio_bound(b, d) + 0.15 < threshold {
                continue;
            }
            let sim = similarity(b, d);
            // An article rewritten and much enlarged (or cut) under its own number keeps most of one text in
            // the other.
            let kept = containment(b, d).max(containment(d, b));
            let sim = if same_num && kept >= 0.6 { sim.max(threshold) } else { sim };
            if sim >= threshold {
                let score = sim + if same_num { 0.1 } else { 0.0 } + if same_heading { 0.05 } else { 0.0 };
                candidates.push((score, sim, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));
    for (_, _, i, j) in candidates {
        if !base_used[i] && !draft_used[j] {
            base_used[i] = true;
            draft_used[j] = true;
            groups.push((vec![i], vec![j], None));
        }
    }

    // 4b. Rewritten in place: a free draft article and the free base article of the same number whose texts
    // still share something are one article in new wording, not a repeal and a new article.
    for (j, d) in fd.iter().enumerate() {
        if draft_used[j] || d.repealed {
            continue;
        }
        if let Some(&i) = base_by_eid.get(d.eid.as_str())
            && !base_used[i]
            && !fb[i].repealed
            && (similarity(&fb[i], d) >= 0.15 || containment(&fb[i], d).max(containment(d, &fb[i])) >= 0.3)
        {
            base_used[i] = true;
            draft_used[j] = true;
            groups.push((vec![i], vec![j], None));
        }
    }

    // 5. Repealed stubs take the base article of their number.
    for (j, d) in fd.iter().enumerate() {
        if draft_used[j] || !d.repealed {
            continue;
        }
        // The base article of its number; if that one went elsewhere, the nearest free stub with its text.
        let same = base_by_eid.get(d.eid.as_str()).copied().filter(|&i| !base_used[i]);
        let twin = || {
            (0..fb.len())
                .filter(|&i| !base_used[i] && fb[i].repealed && fb[i].same_text(d))
                .min_by_key(|&i| i.abs_diff(j))
        };
        if let Some(i) = same.or_else(twin) {
            base_used[i] = true;
            draft_used[j] = true;
            groups.push((vec![i], vec![j], None));
        }
    }

    // 6. The rest.
    for (j, used) in draft_used.iter().enumerate() {
        if !used {
            groups.push((Vec::new(), vec![j], Some(Class::New)));
        }
    }
    for (i, used) in base_used.iter().enumerate() {
        if !used {
            groups.push((vec![i], Vec::new(), Some(Class::Repealed)));
        }
    }

    // Order and movement.
    let pairs: Vec<(usize, usize, usize)> = groups
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.0.is_empty() && !g.1.is_empty())
        .map(|(k, g)| (g.1[0], g.0[0], k))
        .collect();
    let stable = stable_pairs(&pairs.iter().map(|&(d, b, _)| (d, b)).collect::<Vec<_>>());
    let mut moved = vec![false; groups.len()];
    for (p, s) in pairs.iter().zip(stable) {
        moved[p.2] = !s;
    }

    let mut out: Vec<Match> = groups
        .into_iter()
        .zip(moved)
        .map(|((bs, ds, fixed), moved)| classify(fb, fd, bs, ds, fixed, moved))
        .collect();
    out.sort_by_key(|m| (m.draft.first().copied().unwrap_or(usize::MAX), m.base.first().copied()));
    out
}

fn classify(
    fb: &[Features],
    fd: &[Features],
    bs: Vec<usize>,
    ds: Vec<usize>,
    fixed: Option<Class>,
    moved: bool,
) -> Match {
    if let Some(class) = fixed {
        return Match { class, base: bs, draft: ds, moved: false, edited: true, similarity: 0.0 };
    }
    let joined = |fs: &[Features], ix: &[usize]| {
        ix.iter().map(|&i| fs[i].tokens.join(" ")).collect::<Vec<_>>().join(" ")
    };
    let (tb, td) = (joined(fb, &bs), joined(fd, &ds));
    let similarity = token_ratio(&tb.split(' ').collect::<Vec<_>>(), &td.split(' ').collect::<Vec<_>>());
    let (class, edited) = match (bs.as_slice(), ds.as_slice()) {
        ([i], [j]) => {
            let (b, d) = (&fb[*i], &fd[*j]);
            let edited = !b.same_text(d);
            if d.repealed && !b.repealed {
                (Class::Repealed, true)
            } else if b.eid == d.eid && !moved {
                (if edited { Class::Modified } else { Class::Unchanged }, edited)
            } else {
                (Class::Renumbered, edited)
            }
        }
        ([_], _) => (Class::Split, true),
        (_, [_]) => (Class::Merged, true),
        // Several to several (only when the draft says so): read as a merge.
        _ => (Class::Merged, true),
    };
    Match { class, base: bs, draft: ds, moved, edited, similarity }
}

/// Split (`mirror == false`: one of `whole` into several of `parts`) or, mirrored, merge.
fn split_or_merge(
    whole: &[Features],
    parts: &[Features],
    whole_used: &mut [bool],
    parts_used: &mut [bool],
    groups: &mut Vec<(Vec<usize>, Vec<usize>, Option<Class>)>,
    mirror: bool,
) {
    // Each free part's best free whole by containment.
    let mut pieces: HashMap<usize, Vec<usize>> = HashMap::new();
    for (j, p) in parts.iter().enumerate() {
        if parts_used[j] || p.repealed || p.bigrams.len() < PIECE_MIN_BIGRAMS {
            continue;
        }
        let best = whole
            .iter()
            .enumerate()
            .filter(|(i, w)| !whole_used[*i] && !w.repealed)
            .map(|(i, w)| (containment(p, w), i))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((c, i)) = best
            && c >= PIECE_CONTAINMENT
        {
            pieces.entry(i).or_default().push(j);
        }
    }
    let mut wholes: Vec<_> = pieces.into_iter().filter(|(_, v)| v.len() >= 2).collect();
    wholes.sort_unstable();
    for (i, mut js) in wholes {
        let refs: Vec<&Features> = js.iter().map(|&j| &parts[j]).collect();
        if coverage(&whole[i], &refs) < PIECES_COVERAGE {
            continue;
        }
        // Every piece must add something of its own: an unchanged copy plus a fragment is not a split.
        if js.iter().any(|&j| containment(&whole[i], &parts[j]) >= 0.95) {
            continue;
        }
        js.sort_unstable();
        whole_used[i] = true;
        js.iter().for_each(|&j| parts_used[j] = true);
        if mirror {
            groups.push((js, vec![i], None));
        } else {
            groups.push((vec![i], js, None));
        }
    }
}

/// Which (draft, base) pairs keep their relative order: the longest subsequence with increasing base positions
/// when read in draft order. Returns one flag per pair, in the given order.
pub(crate) fn stable_pairs(pairs: &[(usize, usize)]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..pairs.len()).collect();
    order.sort_by_key(|&k| pairs[k]);
    // Patience-sorting LIS over base positions, with predecessor links.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; order.len()];
    for (pos, &k) in order.iter().enumerate() {
        let b = pairs[k].1;
        let at = tails.partition_point(|&t| pairs[order[t]].1 < b);
        if at > 0 {
            prev[pos] = Some(tails[at - 1]);
        }
        if at == tails.len() {
            tails.push(pos);
        } else {
            tails[at] = pos;
        }
    }
    let mut keep = vec![false; pairs.len()];
    let mut cur = tails.last().copied();
    while let Some(pos) = cur {
        keep[order[pos]] = true;
        cur = prev[pos];
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use kanun_model::{Kind, Num};

    fn art(n: &str, heading: &str, text: &str) -> Provision {
        let mut p = Provision::new(Kind::Article, format!("art_{n}"));
        p.num = Some(Num { raw: format!("Article {n}"), id: n.into() });
        p.heading = Some(heading.into());
        p.intro.push(text.into());
        p
    }

    fn classes(base: &[Provision], draft: &[Provision]) -> Vec<(Class, Vec<usize>, Vec<usize>)> {
        let b: Vec<&Provision> = base.iter().collect();
        let d: Vec<&Provision> = draft.iter().collect();
        align(&b, &d).into_iter().map(|m| (m.class, m.base, m.draft)).collect()
    }

    const T1: &str =
        "The register of providers is kept by the authorised body and is open to the public at all times.";
    const T2: &str =
        "Recipients of social services shall provide the information needed for the needs assessment.";
    const T3: &str =
        "Local executive authorities identify persons in need of social services in their territory.";

    #[test]
    fn renumbering_after_an_insertion_follows_the_text() {
        let base = [art("1", "Register", T1), art("2", "Duties", T2), art("3", "Local", T3)];
        let draft = [
            art("1", "Register", T1),
            art(
                "2",
                "Licensing",
                "Non-state providers need a licence issued by the authorised body for five years.",
            ),
            art("3", "Duties", T2),
            art("4", "Local", T3),
        ];
        assert_eq!(
            classes(&base, &draft),
            [
                (Class::Unchanged, vec![0], vec![0]),
                (Class::New, vec![], vec![1]),
                (Class::Renumbered, vec![1], vec![2]),
                (Class::Renumbered, vec![2], vec![3]),
            ]
        );
    }

    #[test]
    fn split_and_merge_are_found_by_content() {
        let long = format!("{T1} {T2}");
        let base = [art("1", "Register and duties", &long), art("2", "Local", T3)];
        let draft = [art("1", "Register", T1), art("1-1", "Duties", T2), art("2", "Local", T3)];
        assert_eq!(
            classes(&base, &draft),
            [(Class::Split, vec![0], vec![0, 1]), (Class::Unchanged, vec![1], vec![2])]
        );
        assert_eq!(
            classes(&draft, &base),
            [(Class::Merged, vec![0, 1], vec![0]), (Class::Unchanged, vec![2], vec![1])]
        );
    }

    #[test]
    fn a_moved_article_is_marked_moved() {
        let base = [art("1", "Register", T1), art("2", "Duties", T2), art("3", "Local", T3)];
        let draft = [art("1", "Register", T1), art("2", "Local", T3), art("3", "Duties", T2)];
        let b: Vec<&Provision> = base.iter().collect();
        let d: Vec<&Provision> = draft.iter().collect();
        let m = align(&b, &d);
        assert_eq!(m.iter().filter(|m| m.moved).count(), 1, "{m:?}");
        assert!(m.iter().skip(1).all(|m| m.class == Class::Renumbered));
    }

    #[test]
    fn the_draft_can_say_what_it_replaces() {
        let base = [art("1", "Register", T1), art("2", "Duties", T2)];
        let mut d =
            art("5", "Everything", "A wholly new text about something else entirely, nothing shared.");
        d.replaces = vec!["art_1".into(), "art_2".into()];
        assert_eq!(classes(&base, &[d]), [(Class::Merged, vec![0, 1], vec![0])]);
    }

    #[test]
    fn stable_pairs_keep_the_longest_ordered_run() {
        assert_eq!(stable_pairs(&[(0, 0), (1, 2), (2, 1), (3, 3)]), [true, false, true, true]);
        assert_eq!(stable_pairs(&[]), Vec::<bool>::new());
    }
}
