//! Finding a quote in a text: exact occurrences ranked by context, and approximate occurrences by bounded edit
//! distance (Sellers' algorithm: edit distance with a free start in the text), ranked by how well the quote, its
//! context and its old position agree.

use kanun_model::annotation::QuoteSelector;

pub use kanun_model::text::edit_distance;

/// Every place in `text` where `pat` matches with at most `max` edits: (start, end, distance), ends ascending.
pub fn approximate(text: &[char], pat: &[char], max: usize) -> Vec<(usize, usize, usize)> {
    let m = pat.len();
    if m == 0 || !near_match(text, pat, max) {
        return Vec::new();
    }
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut prev_start: Vec<usize> = vec![0; m + 1];
    let mut cur = vec![0; m + 1];
    let mut cur_start = vec![0; m + 1];
    let mut out = Vec::new();
    for (j, tc) in text.iter().enumerate() {
        cur[0] = 0;
        cur_start[0] = j + 1;
        for i in 1..=m {
            let diag = prev[i - 1] + usize::from(pat[i - 1] != *tc);
            let up = prev[i] + 1;
            let left = cur[i - 1] + 1;
            if diag <= up && diag <= left {
                cur[i] = diag;
                cur_start[i] = prev_start[i - 1];
            } else if up <= left {
                cur[i] = up;
                cur_start[i] = prev_start[i];
            } else {
                cur[i] = left;
                cur_start[i] = cur_start[i - 1];
            }
        }
        if cur[m] <= max {
            out.push((cur_start[m], j + 1, cur[m]));
        }
        std::mem::swap(&mut prev, &mut cur);
        std::mem::swap(&mut prev_start, &mut cur_start);
    }
    out
}

/// Whether `pat` matches somewhere in `text` with at most `max` edits, that is whether [`approximate`] finds
/// anything: Myers' bit-parallel edit distance (one machine word per character of the text, instead of a column
/// of the table), for patterns of up to 64 characters; longer ones are always `true` (left to the table).
pub(crate) fn near_match(text: &[char], pat: &[char], max: usize) -> bool {
    let m = pat.len();
    if m == 0 {
        return false;
    }
    if m > 64 {
        return true;
    }
    // The positions of each pattern character, by the low byte of the character (others in `extra`).
    let mut table = [(u32::MAX, 0u64); 256];
    let mut extra: Vec<(char, u64)> = Vec::new();
    for (i, &c) in pat.iter().enumerate() {
        let bit = 1u64 << i;
        let slot = &mut table[c as usize & 0xff];
        if slot.0 == c as u32 {
            slot.1 |= bit;
        } else if slot.0 == u32::MAX {
            *slot = (c as u32, bit);
        } else if let Some(e) = extra.iter_mut().find(|e| e.0 == c) {
            e.1 |= bit;
        } else {
            extra.push((c, bit));
        }
    }
    let high = 1u64 << (m - 1);
    let (mut pv, mut mv) = (u64::MAX, 0u64);
    let mut score = m;
    for &c in text {
        let slot = table[c as usize & 0xff];
        let eq = if slot.0 == c as u32 {
            slot.1
        } else if extra.is_empty() {
            0
        } else {
            extra.iter().find(|e| e.0 == c).map_or(0, |e| e.1)
        };
        let xv = eq | mv;
        let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
        let ph = mv | !(xh | pv);
        let mh = pv & xh;
        if ph & high != 0 {
            score += 1;
        } else if mh & high != 0 {
            score -= 1;
        }
        let (ph, mh) = (ph << 1, mh << 1);
        pv = mh | !(xv | ph);
        mv = ph & xv;
        if score <= max {
            return true;
        }
    }
    false
}

/// How much of `context` agrees with `text` next to a span, 0 to 1. `before` compares the end of the context
/// with the text before the span; otherwise the start of the context with the text after it.
fn context_agreement(text: &[char], at: usize, context: &str, before: bool) -> f32 {
    if context.is_empty() {
        return 0.5;
    }
    let n = context.chars().count();
    let matched = if before {
        context.chars().rev().zip(text[..at].iter().rev()).take_while(|(a, b)| a == *b).count()
    } else {
        context.chars().zip(text[at..].iter()).take_while(|(a, b)| a == *b).count()
    };
    matched as f32 / n as f32
}

fn score(
    text: &[char],
    s: usize,
    e: usize,
    quote: &QuoteSelector,
    d: usize,
    m: usize,
    old: Option<usize>,
) -> f32 {
    let quote_part = 1.0 - d as f32 / m.max(1) as f32;
    let ctx = (context_agreement(text, s, &quote.prefix, true)
        + context_agreement(text, e, &quote.suffix, false))
        / 2.0;
    let near = old.map_or(0.5, |o| 1.0 / (1.0 + s.abs_diff(o) as f32 / 100.0));
    0.6 * quote_part + 0.3 * ctx + 0.1 * near
}

/// The best exact occurrence of `pat` in `text`: (start, end, score).
pub(crate) fn best_exact(
    text: &[char],
    pat: &[char],
    quote: &QuoteSelector,
    old: Option<usize>,
) -> Option<(usize, usize, f32)> {
    let m = pat.len();
    if m == 0 || m > text.len() {
        return None;
    }
    let mut best: Option<(usize, usize, f32)> = None;
    for s in 0..=text.len() - m {
        if text[s] == pat[0] && text[s..s + m] == *pat {
            let sc = score(text, s, s + m, quote, 0, m, old);
            // Of equal scores, the last (as `max_by`).
            if best.is_none_or(|b| sc.total_cmp(&b.2).is_ge()) {
                best = Some((s, s + m, sc));
            }
        }
    }
    best
}

/// The edits allowed to a quote of `m` characters at a tolerance (share of its characters).
pub(crate) fn max_edits(m: usize, tolerance: f32) -> usize {
    ((m as f32) * tolerance).floor() as usize
}

/// The best approximate occurrence within `tolerance` (share of the quote's characters): (start, end, distance,
/// score). The span is trimmed of white space at its ends.
pub(crate) fn best_approximate(
    text: &[char],
    pat: &[char],
    quote: &QuoteSelector,
    old: Option<usize>,
    tolerance: f32,
) -> Option<(usize, usize, usize, f32)> {
    let m = pat.len();
    let max = max_edits(m, tolerance);
    if m < 4 || max == 0 {
        return None;
    }
    approximate(text, pat, max)
        .into_iter()
        .map(|(mut s, mut e, d)| {
            while s < e && text[s].is_whitespace() {
                s += 1;
            }
            while e > s && text[e - 1].is_whitespace() {
                e -= 1;
            }
            (s, e, d, score(text, s, e, quote, d, m, old))
        })
        .filter(|(s, e, _, _)| s < e)
        .max_by(|a, b| a.3.total_cmp(&b.3).then(b.2.cmp(&a.2)))
}

/// The span between the quote's unchanged context: the end of its prefix and the start of its suffix, when they
/// still stand in the text at a distance that fits the quote (half to twice its length). This finds a quote whose
/// own words were rewritten while the words around it were kept: (start, end, score).
pub(crate) fn bracket(text: &[char], quote: &QuoteSelector, m: usize) -> Option<(usize, usize, f32)> {
    const KEEP: usize = 20;
    let pre: Vec<char> =
        quote.prefix.chars().rev().take(KEEP).collect::<Vec<_>>().into_iter().rev().collect();
    let suf: Vec<char> = quote.suffix.chars().take(KEEP).collect();
    if pre.len() < 4 && suf.len() < 4 {
        return None;
    }
    let starts: Vec<usize> = if pre.is_empty() {
        vec![0]
    } else {
        (pre.len()..=text.len()).filter(|&p| text[p - pre.len()..p] == pre[..]).collect()
    };
    let ends: Vec<usize> = if suf.is_empty() {
        vec![text.len()]
    } else if suf.len() > text.len() {
        Vec::new()
    } else {
        (0..=text.len().saturating_sub(suf.len())).filter(|&q| text[q..q + suf.len()] == suf[..]).collect()
    };
    let mut best: Option<(usize, usize, usize)> = None;
    for &s in &starts {
        for &e in ends.iter().filter(|&&e| e >= s) {
            let len = e - s;
            if len * 2 < m || len > 2 * m + 10 {
                continue;
            }
            let off = len.abs_diff(m);
            if best.is_none_or(|b| off < b.2) {
                best = Some((s, e, off));
            }
        }
    }
    let (mut s, mut e, _) = best?;
    while s < e && text[s].is_whitespace() {
        s += 1;
    }
    while e > s && text[e - 1].is_whitespace() {
        e -= 1;
    }
    (s < e).then_some((s, e, 0.6))
}

/// How well the context around a span agrees with the quote's prefix and suffix, 0 to 1.
pub(crate) fn context_score(text: &[char], s: usize, e: usize, quote: &QuoteSelector) -> f32 {
    (context_agreement(text, s, &quote.prefix, true) + context_agreement(text, e, &quote.suffix, false)) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn bracket_on_short_or_empty_texts() {
        let q = QuoteSelector {
            exact: "words".into(),
            prefix: "long prefix text".into(),
            suffix: "a long suffix text".into(),
        };
        assert_eq!(bracket(&[], &q, 5), None);
        assert_eq!(bracket(&chars("short"), &q, 5), None);
    }

    /// The table of [`approximate`] without the quick test: what the quick test must agree with.
    fn table_finds(text: &[char], pat: &[char], max: usize) -> bool {
        let m = pat.len();
        let mut prev: Vec<usize> = (0..=m).collect();
        for tc in text {
            let mut cur = vec![0; m + 1];
            for i in 1..=m {
                cur[i] = (prev[i - 1] + usize::from(pat[i - 1] != *tc)).min(prev[i] + 1).min(cur[i - 1] + 1);
            }
            if cur[m] <= max {
                return true;
            }
            prev = cur;
        }
        false
    }

    #[test]
    fn the_bit_parallel_test_agrees_with_the_table() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        // A small alphabet (many near matches), with characters that share their low byte.
        let alphabet = ['a', 'b', 'c', ' ', 'а', 'б', '\u{0161}', '\u{0261}'];
        for round in 0..4000 {
            let m = 1 + next(if round % 10 == 0 { 70 } else { 12 });
            let pat: Vec<char> = (0..m).map(|_| alphabet[next(alphabet.len())]).collect();
            let text: Vec<char> = (0..next(40)).map(|_| alphabet[next(alphabet.len())]).collect();
            let max = next(m.min(6) + 1);
            let quick = near_match(&text, &pat, max);
            if m <= 64 {
                assert_eq!(quick, table_finds(&text, &pat, max), "{pat:?} in {text:?} within {max}");
            } else {
                assert!(quick);
            }
            assert_eq!(!approximate(&text, &pat, max).is_empty(), table_finds(&text, &pat, max));
        }
        assert!(!near_match(&chars("abc"), &[], 1));
        assert!(near_match(
            &chars("the provider of social services"),
            &chars("provider of socal services"),
            1
        ));
        assert!(!near_match(&chars("the provider of social services"), &chars("recipient of social aid"), 3));
    }

    #[test]
    fn finds_approximate_occurrences_with_their_start() {
        let text = chars("the provider of social services shall register");
        let hits = approximate(&text, &chars("provider of socal services"), 2);
        let best = hits.iter().min_by_key(|h| h.2).unwrap();
        let found: String = text[best.0..best.1].iter().collect();
        assert_eq!(found, "provider of social services");
        assert_eq!(best.2, 1);
    }
}
