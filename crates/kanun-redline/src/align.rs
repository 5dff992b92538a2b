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
//!
//! **Cost.** The result is that of scoring every pair, without doing so: texts are compared as token and word-pair
//! ids (interned once per alignment; a draft article with a base article's text reuses its ids); split and
//! merge find each piece's whole through an inverted list of word pairs, from the piece's rarest pairs; step 3
//! takes an unchanged article under its own unique number at once (no other pair can outscore it), bounds every
//! other pair's similarity from the tokens the two texts share (counted through an inverted list of tokens),
//! drops the pairs whose bound is below their threshold, and keeps the rest in a heap ordered by the bound, where
//! a pair is diffed only when it reaches the top with both articles still free.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use kanun_model::Provision;

use crate::model::Class;
use crate::words;

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

/// The id of the empty word: what an article without tokens stands for when articles are joined.
const EMPTY: u32 = 0;

/// Token and word-pair ids shared by the base and the draft of one alignment, so that texts are compared as
/// integers and looked up in inverted lists.
struct Vocab {
    tokens: HashMap<String, u32, BuildHasherDefault<WordHasher>>,
    pairs: HashMap<(u32, u32), u32, BuildHasherDefault<WordHasher>>,
}

/// A multiply-and-rotate hasher (as in the Rust compiler's FxHash) for the vocabulary's short keys: several
/// times faster than SipHash for words and integer pairs. The keys are words of the two texts being compared;
/// a text made to collide can only slow its own comparison.
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Vocab {
    fn new() -> Vocab {
        let mut tokens: HashMap<String, u32, BuildHasherDefault<WordHasher>> = HashMap::default();
        tokens.insert(String::new(), EMPTY);
        Vocab { tokens, pairs: HashMap::default() }
    }

    fn token(&mut self, t: &str) -> u32 {
        if let Some(&id) = self.tokens.get(t) {
            return id;
        }
        let id = self.tokens.len() as u32;
        self.tokens.insert(t.to_string(), id);
        id
    }

    fn pair(&mut self, a: u32, b: u32) -> u32 {
        let next = self.pairs.len() as u32;
        *self.pairs.entry((a, b)).or_insert(next)
    }
}

/// What alignment looks at in an article.
pub(crate) struct Features {
    eid: String,
    wid: String,
    explicit_wid: bool,
    heading: String,
    /// The heading's id: equal ids, equal headings.
    heading_id: u32,
    body: String,
    /// The body's tokens, lowercased, as ids.
    tokens: Vec<u32>,
    /// Each distinct token of the body with its count, by id.
    counts: Vec<(u32, u32)>,
    /// The heading's words (split at spaces, as compared) as ids.
    heading_tokens: Vec<u32>,
    /// Each distinct word of the heading with its count, by id.
    heading_counts: Vec<(u32, u32)>,
    /// The distinct word pairs (bigrams) of the body as ids, ascending.
    bigrams: Vec<u32>,
    repealed: bool,
    replaces: Vec<String>,
}

impl Features {
    /// The features of `p`. Those of its body are taken from `known` when an article there has the same body
    /// (they would come out the same: its tokens are already in `vocab`).
    fn of(p: &Provision, vocab: &mut Vocab, known: &HashMap<&str, &Features>) -> Features {
        let body = words::squash(&p.plain_text());
        let (counts, tokens, bigrams) = match known.get(body.as_str()) {
            Some(twin) => (twin.counts.clone(), twin.tokens.clone(), twin.bigrams.clone()),
            None => {
                let (tokens, bigrams) = body_ids(&body, vocab);
                (counted(&tokens), tokens, bigrams)
            }
        };
        let heading = words::squash(p.heading.as_deref().unwrap_or_default()).to_lowercase();
        let heading_tokens: Vec<u32> = heading.split(' ').map(|w| vocab.token(w)).collect();
        let heading_id = vocab.token(&heading);
        Features {
            eid: p.eid.clone(),
            wid: p.wid.clone(),
            explicit_wid: p.wid != p.eid,
            counts,
            heading_counts: counted(&heading_tokens),
            heading,
            heading_id,
            body,
            tokens,
            heading_tokens,
            bigrams,
            repealed: p.repealed,
            replaces: p.replaces.clone(),
        }
    }

    fn same_text(&self, other: &Features) -> bool {
        self.body == other.body && self.heading == other.heading && self.repealed == other.repealed
    }
}

/// The body's tokens (lowercased) as ids, and its distinct word pairs as ids, ascending.
fn body_ids(body: &str, vocab: &mut Vocab) -> (Vec<u32>, Vec<u32>) {
    let mut tokens: Vec<u32> = Vec::new();
    let mut wordlist: Vec<u32> = Vec::new();
    let mut lower = String::new();
    for t in words::tokens(body) {
        lower.clear();
        words::push_lowercase(&mut lower, t.text);
        let id = vocab.token(&lower);
        tokens.push(id);
        // Words only: punctuation and bare numbers (point markers that renumbering changes) are left out.
        if lower.chars().next().is_some_and(words::alphanumeric) && !lower.chars().all(|c| c.is_ascii_digit())
        {
            wordlist.push(id);
        }
    }
    let mut bigrams: Vec<u32> = wordlist.windows(2).map(|w| vocab.pair(w[0], w[1])).collect();
    bigrams.sort_unstable();
    bigrams.dedup();
    (tokens, bigrams)
}

/// Each distinct id with the number of times it occurs, by id.
fn counted(ids: &[u32]) -> Vec<(u32, u32)> {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::new();
    for id in sorted {
        match out.last_mut() {
            Some((last, n)) if *last == id => *n += 1,
            _ => out.push((id, 1)),
        }
    }
    out
}

/// How many items two counted multisets share: over the ids in both, the smaller count.
fn shared(a: &[(u32, u32)], b: &[(u32, u32)]) -> usize {
    let (mut x, mut y, mut n) = (0, 0, 0);
    while x < a.len() && y < b.len() {
        match a[x].0.cmp(&b[y].0) {
            Ordering::Less => x += 1,
            Ordering::Greater => y += 1,
            Ordering::Equal => {
                n += a[x].1.min(b[y].1) as usize;
                x += 1;
                y += 1;
            }
        }
    }
    n
}

/// How many ids two ascending lists of distinct ids have in common.
fn common(a: &[u32], b: &[u32]) -> usize {
    let (mut x, mut y, mut n) = (0, 0, 0);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            Ordering::Less => x += 1,
            Ordering::Greater => y += 1,
            Ordering::Equal => {
                n += 1;
                x += 1;
                y += 1;
            }
        }
    }
    n
}

/// Whether two ascending lists of ids have one in common.
fn meet(a: &[u32], b: &[u32]) -> bool {
    let (mut x, mut y) = (0, 0);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            Ordering::Less => x += 1,
            Ordering::Greater => y += 1,
            Ordering::Equal => return true,
        }
    }
    false
}

/// The token ratio `2 × same / total` with `same` replaced by a number at least as large (1 for two empty texts).
fn ratio_bound(same: usize, total: usize) -> f32 {
    if total == 0 {
        return 1.0;
    }
    2.0 * same as f32 / total as f32
}

fn similarity(b: &Features, d: &Features) -> f32 {
    if b.body == d.body && b.heading == d.heading {
        return 1.0;
    }
    let body = words::ratio_of(&b.tokens, &d.tokens);
    if b.heading.is_empty() && d.heading.is_empty() {
        return body;
    }
    0.85 * body + 0.15 * words::ratio_of(&b.heading_tokens, &d.heading_tokens)
}

/// An upper bound of [`similarity`] from token counts alone (no diff needed), given the number of body tokens
/// the two articles share ([`shared`] of their counts). The same formula with each diff ratio replaced by its
/// bound, so that floating-point rounding keeps it at or above the similarity.
fn similarity_bound(b: &Features, d: &Features, same: usize) -> f32 {
    if b.body == d.body && b.heading == d.heading {
        return 1.0;
    }
    let body = ratio_bound(same, b.tokens.len() + d.tokens.len());
    if b.heading.is_empty() && d.heading.is_empty() {
        return body;
    }
    let heading = ratio_bound(
        shared(&b.heading_counts, &d.heading_counts),
        b.heading_tokens.len() + d.heading_tokens.len(),
    );
    0.85 * body + 0.15 * heading
}

/// Share of `part`'s word pairs found in `whole`.
fn containment(part: &Features, whole: &Features) -> f32 {
    if part.bigrams.is_empty() {
        return 0.0;
    }
    common(&part.bigrams, &whole.bigrams) as f32 / part.bigrams.len() as f32
}

/// Share of `whole`'s word pairs found in any of `parts`.
fn coverage(whole: &Features, parts: &[&Features]) -> f32 {
    if whole.bigrams.is_empty() {
        return 0.0;
    }
    let covered =
        whole.bigrams.iter().filter(|g| parts.iter().any(|p| p.bigrams.binary_search(g).is_ok())).count();
    covered as f32 / whole.bigrams.len() as f32
}

/// Inverted lists in one array: for each id, the entries filed under it, in the order they were given.
struct Inverted<T> {
    start: Vec<usize>,
    entries: Vec<T>,
}

impl<T: Copy + Default> Inverted<T> {
    /// Files each `(id, entry)`; ids are below `ids`.
    fn new(ids: usize, filed: &[(u32, T)]) -> Inverted<T> {
        let mut start = vec![0usize; ids + 1];
        for (id, _) in filed {
            start[*id as usize + 1] += 1;
        }
        for k in 1..start.len() {
            start[k] += start[k - 1];
        }
        let mut next = start.clone();
        let mut entries = vec![T::default(); filed.len()];
        for (id, e) in filed {
            entries[next[*id as usize]] = *e;
            next[*id as usize] += 1;
        }
        Inverted { start, entries }
    }

    /// The entries filed under `id` (none for an id never filed).
    fn get(&self, id: u32) -> &[T] {
        let id = id as usize;
        if id + 1 >= self.start.len() {
            return &[];
        }
        &self.entries[self.start[id]..self.start[id + 1]]
    }
}

const PIECE_MIN_BIGRAMS: usize = 4;
const PIECE_CONTAINMENT: f32 = 0.7;
const PIECES_COVERAGE: f32 = 0.7;

/// Aligns the articles of a base expression with those of a draft (both in document order).
pub fn align(base: &[&Provision], draft: &[&Provision]) -> Vec<Match> {
    let mut vocab = Vocab::new();
    let fb: Vec<Features> = base.iter().map(|p| Features::of(p, &mut vocab, &HashMap::new())).collect();
    // Most draft articles keep the text of a base article: their tokens are taken from there.
    let known: HashMap<&str, &Features> = fb.iter().map(|f| (f.body.as_str(), f)).collect();
    let fd: Vec<Features> = draft.iter().map(|p| Features::of(p, &mut vocab, &known)).collect();
    align_features(&fb, &fd)
}

type Groups = Vec<(Vec<usize>, Vec<usize>, Option<Class>)>;

pub(crate) fn align_features(fb: &[Features], fd: &[Features]) -> Vec<Match> {
    let mut base_used = vec![false; fb.len()];
    let mut draft_used = vec![false; fd.len()];
    let mut groups: Groups = Vec::new();
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
    one_to_one(fb, fd, &base_by_eid, &mut base_used, &mut draft_used, &mut groups);

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

/// A pair for step 4: its score (an upper bound of it until `exact`) and what the score is made of.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    score: f32,
    i: usize,
    j: usize,
    exact: bool,
    same_num: bool,
    same_heading: bool,
    threshold: f32,
}

impl Candidate {
    /// The pair's score for a similarity (or a bound of it): the bonuses added in the same order, so that a
    /// bound of the similarity gives a bound of the score.
    fn score(sim: f32, same_num: bool, same_heading: bool) -> f32 {
        sim + if same_num { 0.1 } else { 0.0 } + if same_heading { 0.05 } else { 0.0 }
    }
}

/// Best first: the highest score, then the lowest base index, then the lowest draft index.
impl Ord for Candidate {
    fn cmp(&self, other: &Candidate) -> Ordering {
        self.score.total_cmp(&other.score).then(other.i.cmp(&self.i)).then(other.j.cmp(&self.j))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Candidate) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Candidate) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

/// Step 4: every free pair that shares a word pair or a number (or, for texts too short for word pairs, a
/// heading) is a candidate; candidates with a similarity of at least their threshold are taken best first while
/// both articles are free.
///
/// The same as scoring every candidate and sorting, without diffing most of them: each candidate's similarity
/// is first bounded from the tokens the two texts share (counted for all base articles at once through an
/// inverted list of tokens), a candidate whose bound is below its threshold is dropped, and the others wait in a
/// heap ordered by their bound. A candidate whose articles are both still free when it comes to the top is
/// diffed and put back with its true score; one that comes to the top with its true score is taken. A true
/// score is never above the bound, so the pairs are taken in the order of the true scores.
fn one_to_one(
    fb: &[Features],
    fd: &[Features],
    base_by_eid: &HashMap<&str, usize>,
    base_used: &mut [bool],
    draft_used: &mut [bool],
    groups: &mut Groups,
) {
    // An article under its own number with its text and heading unchanged is taken at once: its score (1.1, or
    // 1.15 with a heading) is above that of any other pair of either article (at most 1.05 without the same
    // number) when no other free article on either side has that number, so best first would take it too.
    let mut numbers: HashMap<&str, (usize, usize)> = HashMap::new();
    for (_, b) in fb.iter().enumerate().filter(|&(i, _)| !base_used[i]) {
        numbers.entry(b.eid.as_str()).or_default().0 += 1;
    }
    for (_, d) in fd.iter().enumerate().filter(|&(j, d)| !draft_used[j] && !d.repealed) {
        numbers.entry(d.eid.as_str()).or_default().1 += 1;
    }
    for (j, d) in fd.iter().enumerate() {
        if draft_used[j] || d.repealed || numbers.get(d.eid.as_str()) != Some(&(1, 1)) {
            continue;
        }
        if let Some(&i) = base_by_eid.get(d.eid.as_str())
            && !base_used[i]
            && fb[i].body == d.body
            && fb[i].heading == d.heading
        {
            base_used[i] = true;
            draft_used[j] = true;
            groups.push((vec![i], vec![j], None));
        }
    }
    let free: Vec<usize> = (0..fb.len()).filter(|&i| !base_used[i]).collect();
    let ids = fb.iter().chain(fd).flat_map(|f| f.counts.last()).map(|c| c.0 as usize + 1).max().unwrap_or(0);
    let filed: Vec<(u32, (u32, u32))> =
        free.iter().flat_map(|&i| fb[i].counts.iter().map(move |&(t, n)| (t, (i as u32, n)))).collect();
    let by_token = Inverted::new(ids, &filed);
    let tokenless: Vec<usize> = free.iter().copied().filter(|&i| fb[i].tokens.is_empty()).collect();
    let lens: Vec<usize> = fb.iter().map(|b| b.tokens.len()).collect();
    let headings: Vec<u32> = fb.iter().map(|b| b.heading_id).collect();
    let mut same_tokens = vec![0usize; fb.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut heap: BinaryHeap<Candidate> = BinaryHeap::new();
    for (j, d) in fd.iter().enumerate() {
        if draft_used[j] || d.repealed {
            continue;
        }
        for &(t, n) in &d.counts {
            for &(i, m) in by_token.get(t) {
                let i = i as usize;
                if same_tokens[i] == 0 {
                    touched.push(i);
                }
                same_tokens[i] += n.min(m) as usize;
            }
        }
        // A pair that shares no token can still pass: two empty texts, or an article under its own number.
        let mut others: Vec<usize> = Vec::new();
        if d.tokens.is_empty() {
            others.extend(&tokenless);
        }
        let same_eid = base_by_eid.get(d.eid.as_str()).copied().filter(|&i| !base_used[i]);
        if let Some(i) = same_eid
            && same_tokens[i] == 0
            && !(d.tokens.is_empty() && fb[i].tokens.is_empty())
        {
            others.push(i);
        }
        for &i in touched.iter().chain(&others) {
            // Most pairs share only common words: their bound, even with the best heading, is below their
            // threshold (the number's rule aside), and the pair is ruled out without looking at the texts.
            if Some(i) != same_eid {
                let body = ratio_bound(same_tokens[i], lens[i] + d.tokens.len());
                let (at_best, threshold) = match (headings[i] == d.heading_id, d.heading.is_empty()) {
                    (true, true) => (body, 0.5),
                    (true, false) => (0.85 * body + 0.15, 0.35),
                    (false, _) => (0.85 * body + 0.15, 0.5),
                };
                if at_best < threshold {
                    continue;
                }
            }
            if let Some(c) = candidate(&fb[i], d, i, j, same_tokens[i]) {
                heap.push(c);
            }
        }
        for &i in &touched {
            same_tokens[i] = 0;
        }
        touched.clear();
    }
    while let Some(c) = heap.pop() {
        if base_used[c.i] || draft_used[c.j] {
            continue;
        }
        if c.exact {
            base_used[c.i] = true;
            draft_used[c.j] = true;
            groups.push((vec![c.i], vec![c.j], None));
            continue;
        }
        let (b, d) = (&fb[c.i], &fd[c.j]);
        let sim = similarity(b, d);
        // An article rewritten and much enlarged (or cut) under its own number keeps most of one text in the
        // other.
        let sim = if c.same_num && kept(b, d) >= 0.6 { sim.max(c.threshold) } else { sim };
        if sim >= c.threshold {
            heap.push(Candidate {
                score: Candidate::score(sim, c.same_num, c.same_heading),
                exact: true,
                ..c
            });
        }
    }
}

/// The larger share of one text's word pairs found in the other.
fn kept(b: &Features, d: &Features) -> f32 {
    containment(b, d).max(containment(d, b))
}

/// The base article `i` and the draft article `j` as a candidate of step 4, with a bound of its score, if it is
/// one and the bound reaches its threshold. `same` is the number of body tokens they share.
fn candidate(b: &Features, d: &Features, i: usize, j: usize, same: usize) -> Option<Candidate> {
    let same_num = b.eid == d.eid;
    let same_heading = !b.heading.is_empty() && b.heading == d.heading;
    let threshold = if same_num || same_heading { 0.35 } else { 0.5 };
    let bound = similarity_bound(b, d, same);
    let bound = if same_num && kept(b, d) >= 0.6 { bound.max(threshold) } else { bound };
    if bound < threshold {
        return None;
    }
    // Short texts share no word pairs: compare them with the same-size short ones.
    let short = (b.bigrams.is_empty() || d.bigrams.is_empty()) && same_heading;
    if !(same_num || short || meet(&b.bigrams, &d.bigrams)) {
        return None;
    }
    Some(Candidate {
        score: Candidate::score(bound, same_num, same_heading),
        i,
        j,
        exact: false,
        same_num,
        same_heading,
        threshold,
    })
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
    // The articles' tokens one after the other, an article without tokens standing as one empty word.
    let joined = |fs: &[Features], ix: &[usize]| -> Vec<u32> {
        ix.iter()
            .flat_map(|&i| if fs[i].tokens.is_empty() { &[EMPTY][..] } else { &fs[i].tokens[..] })
            .copied()
            .collect()
    };
    let similarity = words::ratio_of(&joined(fb, &bs), &joined(fd, &ds));
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
    groups: &mut Groups,
    mirror: bool,
) {
    // Each free part's best free whole by containment, found through an inverted list of the free wholes' word
    // pairs.
    let ids = whole.iter().flat_map(|w| w.bigrams.last()).map(|&g| g as usize + 1).max().unwrap_or(0);
    let filed: Vec<(u32, u32)> = (0..whole.len())
        .filter(|&i| !whole_used[i] && !whole[i].repealed)
        .flat_map(|i| whole[i].bigrams.iter().map(move |&g| (g, i as u32)))
        .collect();
    let by_pair = Inverted::new(ids, &filed);
    let mut seen = vec![false; whole.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut rare: Vec<(usize, u32)> = Vec::new();
    let mut pieces: HashMap<usize, Vec<usize>> = HashMap::new();
    for (j, p) in parts.iter().enumerate() {
        if parts_used[j] || p.repealed || p.bigrams.len() < PIECE_MIN_BIGRAMS {
            continue;
        }
        // A whole that holds enough of the part holds one of its rarest word pairs (all but `need - 1` of
        // them): wholes are found through those, then counted in full.
        let Some(need) =
            (1..=p.bigrams.len()).find(|&n| n as f32 / p.bigrams.len() as f32 >= PIECE_CONTAINMENT)
        else {
            continue;
        };
        rare.clear();
        rare.extend(p.bigrams.iter().map(|&g| (by_pair.get(g).len(), g)));
        let keep = p.bigrams.len() - need + 1;
        if keep < rare.len() {
            rare.select_nth_unstable(keep - 1);
            rare.truncate(keep);
        }
        for &(_, g) in &rare {
            for &i in by_pair.get(g) {
                let i = i as usize;
                if !seen[i] {
                    seen[i] = true;
                    touched.push(i);
                }
            }
        }
        // The most shared; of equals, the last (as a scan of all wholes in order would pick).
        let best = touched.iter().map(|&i| (common(&p.bigrams, &whole[i].bigrams), i)).max();
        for &i in &touched {
            seen[i] = false;
        }
        touched.clear();
        if let Some((n, i)) = best
            && n >= need
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
    fn the_vocabulary_gives_one_id_per_word_and_pair() {
        let mut v = Vocab::new();
        let words = ["", "a", "abcdefgh", "abcdefghi", "статья", "статьи", "a\0", "b"];
        let ids: Vec<u32> = words.iter().map(|w| v.token(w)).collect();
        assert_eq!(ids, [EMPTY, 1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(words.iter().map(|w| v.token(w)).collect::<Vec<_>>(), ids);
        assert_eq!((v.pair(1, 2), v.pair(2, 1), v.pair(1, 2)), (0, 1, 0));
        let mut a = WordHasher::default();
        let mut b = WordHasher::default();
        a.write(b"abc");
        b.write(b"abc\0");
        assert_ne!(a.finish(), b.finish());
    }

    #[test]
    fn inverted_lists_keep_the_order_given() {
        let ix = Inverted::new(4, &[(2, 10u32), (0, 11), (2, 12), (3, 13)]);
        assert_eq!(
            (ix.get(0), ix.get(1), ix.get(2), ix.get(3), ix.get(9)),
            (&[11][..], &[][..], &[10, 12][..], &[13][..], &[][..])
        );
        assert_eq!(counted(&[3, 1, 3, 3]), [(1, 1), (3, 3)]);
        assert_eq!(shared(&[(1, 2), (3, 3)], &[(1, 1), (2, 5), (3, 4)]), 4);
        assert_eq!(common(&[1, 4, 6], &[2, 4, 6, 8]), 2);
        assert!(meet(&[1, 4], &[0, 4]) && !meet(&[1, 3], &[2, 4]));
        assert_eq!(ratio_bound(0, 0), 1.0);
    }

    #[test]
    fn stable_pairs_keep_the_longest_ordered_run() {
        assert_eq!(stable_pairs(&[(0, 0), (1, 2), (2, 1), (3, 3)]), [true, false, true, true]);
        assert_eq!(stable_pairs(&[]), Vec::<bool>::new());
    }
}
