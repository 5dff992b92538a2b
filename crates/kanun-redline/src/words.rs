//! Word-level tracked changes inside one line of law text.
//!
//! **Tokens.** A token is a run of letters, digits and combining marks in any script (Latin, Cyrillic, Turkmen
//! letters such as `ň`, `ä`, `ý`), with an apostrophe kept inside a word (`child's`), or a single punctuation
//! character. Whitespace is not a token: each token remembers the whitespace before it, so that the diff is
//! whitespace-insensitive (doubled spaces, line breaks) while the output keeps the draft's spacing.
//!
//! **Diff.** Token sequences are compared with `similar`'s Patience algorithm under a deadline (never Lcs or
//! Histogram at word level).
//!
//! **Cleanup (the rule).** A run of unchanged tokens that lies between two changes is absorbed into them when it
//! has at most two words and is, in characters, no longer than the longer side of the change before it and no
//! longer than the longer side of the change after it. This repeats until nothing changes. So a rewritten clause
//! reads as one deletion and one insertion instead of alternating fragments around shared small words ("the",
//! "of", a comma), while a real unchanged phrase between two separate edits stays visible. Finally each change is
//! written as its deletion followed by its insertion.

use std::hash::Hash;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};

/// How long one word diff may take before `similar` falls back to a coarser (still correct) answer.
const DEADLINE: Duration = Duration::from_millis(200);

/// One piece of a line: unchanged, inserted or deleted text (with the whitespace before it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", content = "text", rename_all = "lowercase")]
pub enum Segment {
    /// Text in both.
    Equal(String),
    /// Text only in the draft.
    Insert(String),
    /// Text only in the base.
    Delete(String),
}

impl Segment {
    /// The text of the segment.
    pub fn text(&self) -> &str {
        match self {
            Segment::Equal(t) | Segment::Insert(t) | Segment::Delete(t) => t,
        }
    }
}

/// A token: its text and the whitespace before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The whitespace before the token in its text.
    pub space: &'a str,
    /// The token.
    pub text: &'a str,
}

impl Token<'_> {
    fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(is_word_char)
    }
}

fn is_word_char(c: char) -> bool {
    alphanumeric(c) || is_mark(c)
}

/// [`char::is_alphanumeric`], answered without the Unicode tables for ASCII and the basic Cyrillic letters
/// (U+0400–U+045F), which are most of the text of a law.
pub(crate) fn alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        ('\u{0400}'..='\u{045f}').contains(&c) || c.is_alphanumeric()
    }
}

/// Combining marks (U+0300–U+036F and friends) belong to the letter before them.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}')
}

/// Splits text into tokens (see the module docs).
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut space_start = 0;
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let space = &text[space_start..i];
        let mut end = i + c.len_utf8();
        chars.next();
        if is_word_char(c) {
            while let Some(&(j, d)) = chars.peek() {
                let apostrophe = matches!(d, '\'' | '’')
                    && text[j + d.len_utf8()..].chars().next().is_some_and(char::is_alphabetic);
                if is_word_char(d) || apostrophe {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
        }
        out.push(Token { space, text: &text[i..end] });
        space_start = end;
    }
    out
}

/// The tracked changes that turn `old` into `new`, cleaned up (see the module docs). Concatenating the
/// [`Equal`](Segment::Equal) and [`Insert`](Segment::Insert) segments gives `new` without its leading and
/// trailing whitespace; the `Equal` and [`Delete`](Segment::Delete) segments give `old` up to whitespace.
pub fn diff(old: &str, new: &str) -> Vec<Segment> {
    if old == new {
        // The same text (most lines of a redline): the tokens joined as `segments` joins them are the text with
        // its whitespace squashed.
        let text = squash(new);
        return if text.is_empty() { Vec::new() } else { vec![Segment::Equal(text)] };
    }
    let a = tokens(old);
    let b = tokens(new);
    let ka: Vec<&str> = a.iter().map(|t| t.text).collect();
    let kb: Vec<&str> = b.iter().map(|t| t.text).collect();
    if ka == kb {
        // The same tokens (most lines of a redline): one equal run, no diff needed.
        let runs: Vec<Run> = if kb.is_empty() { Vec::new() } else { vec![Run::Equal(0..kb.len())] };
        return segments(&runs, &a, &b);
    }
    let ops =
        capture_diff_slices_deadline(Algorithm::Patience, &ka, &kb, Instant::now().checked_add(DEADLINE));
    // Runs: equal token ranges and change (deleted range, inserted range) pairs, in order.
    let mut runs: Vec<Run> = Vec::new();
    for op in &ops {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => runs.push(Run::Equal(n)),
            _ => match runs.last_mut() {
                // Ranges are positioned even when empty, so consecutive changes simply extend.
                Some(Run::Change(d, i)) => {
                    d.end = o.end;
                    i.end = n.end;
                }
                _ => runs.push(Run::Change(o, n)),
            },
        }
    }
    cleanup(&mut runs, &a, &b);
    segments(&runs, &a, &b)
}

/// Similarity of two texts in 0..=1: twice the tokens in common over all tokens (1 for two empty texts).
pub fn ratio(old: &str, new: &str) -> f32 {
    let a: Vec<&str> = tokens(old).iter().map(|t| t.text).collect();
    let b: Vec<&str> = tokens(new).iter().map(|t| t.text).collect();
    token_ratio(&a, &b)
}

/// [`ratio`] over token texts already split.
pub fn token_ratio(a: &[&str], b: &[&str]) -> f32 {
    ratio_of(a, b)
}

/// [`token_ratio`] over any items compared for equality, such as token ids: the same figure for the same
/// pattern of equal items. Equal sequences are 1 without a diff.
pub fn ratio_of<T: Eq + Hash>(a: &[T], b: &[T]) -> f32 {
    if a == b {
        return 1.0;
    }
    let ops = capture_diff_slices_deadline(Algorithm::Patience, a, b, Instant::now().checked_add(DEADLINE));
    let same: usize = ops
        .iter()
        .map(|op| match op.as_tag_tuple() {
            (DiffTag::Equal, o, _) => o.len(),
            _ => 0,
        })
        .sum();
    2.0 * same as f32 / (a.len() + b.len()) as f32
}

#[derive(Debug, Clone)]
enum Run {
    /// A range of new tokens equal to old ones (the old range has the same length).
    Equal(std::ops::Range<usize>),
    /// Deleted old tokens and inserted new tokens.
    Change(std::ops::Range<usize>, std::ops::Range<usize>),
}

fn chars(tokens: &[Token<'_>], r: &std::ops::Range<usize>) -> usize {
    tokens[r.clone()].iter().map(|t| t.text.chars().count() + usize::from(!t.space.is_empty())).sum()
}

fn cleanup(runs: &mut Vec<Run>, a: &[Token<'_>], b: &[Token<'_>]) {
    loop {
        let mut merged = false;
        let mut i = 1;
        while i + 1 < runs.len() {
            if let (Run::Change(d1, i1), Run::Equal(eq), Run::Change(d2, i2)) =
                (&runs[i - 1], &runs[i], &runs[i + 1])
            {
                let words = b[eq.clone()].iter().filter(|t| t.is_word()).count();
                let len = chars(b, eq);
                let before = chars(a, d1).max(chars(b, i1));
                let after = chars(a, d2).max(chars(b, i2));
                if words <= 2 && len <= before && len <= after {
                    // Ranges are positioned, so the merged change spans from the first to the last.
                    let d = d1.start..d2.end;
                    let n = i1.start..i2.end;
                    runs.splice(i - 1..i + 2, [Run::Change(d, n)]);
                    merged = true;
                    continue;
                }
            }
            i += 1;
        }
        if !merged {
            break;
        }
    }
}

fn segments(runs: &[Run], a: &[Token<'_>], b: &[Token<'_>]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut push = |seg: Segment| {
        if seg.text().is_empty() {
            return;
        }
        match (out.last_mut(), &seg) {
            (Some(Segment::Equal(t)), Segment::Equal(s))
            | (Some(Segment::Insert(t)), Segment::Insert(s))
            | (Some(Segment::Delete(t)), Segment::Delete(s)) => t.push_str(s),
            _ => out.push(seg),
        }
    };
    let mut first = true;
    for run in runs {
        match run {
            Run::Equal(n) => {
                let mut s = String::new();
                for t in &b[n.clone()] {
                    if !first {
                        s.push_str(spacing(t.space));
                    }
                    first = false;
                    s.push_str(t.text);
                }
                push(Segment::Equal(s));
            }
            Run::Change(d, n) => {
                let del = join(&a[d.clone()]);
                let ins = join(&b[n.clone()]);
                // The space before the change stays outside it when both sides have one there; otherwise each
                // side keeps its own, so that neither text runs two words together nor keeps a space before a
                // full stop where a deletion or an insertion stood alone before it: accepting "consent"
                // {-- or a court's decision--} "." gives "consent." in Word, not "consent .".
                let del_space = a.get(d.start).filter(|_| !d.is_empty()).map(|t| !t.space.is_empty());
                let ins_space = b.get(n.start).filter(|_| !n.is_empty()).map(|t| !t.space.is_empty());
                let spaced = del_space.unwrap_or(true) && ins_space.unwrap_or(true);
                // A change on one side only keeps the space outside, except before a full stop or a comma (text
                // written close to it), where it takes the space with it.
                let one_sided = d.is_empty() || n.is_empty();
                let close_after = b.get(n.end).is_some_and(|t| t.space.is_empty());
                if first {
                    push(Segment::Delete(del));
                    push(Segment::Insert(ins));
                } else if spaced && !(one_sided && close_after) {
                    push(Segment::Equal(" ".to_string()));
                    push(Segment::Delete(del));
                    push(Segment::Insert(ins));
                } else {
                    let lead = |has: Option<bool>| if has == Some(true) { " " } else { "" };
                    push(Segment::Delete(format!("{}{del}", lead(del_space))));
                    push(Segment::Insert(format!("{}{ins}", lead(ins_space))));
                }
                first = false;
            }
        }
    }
    out
}

/// Whitespace between tokens, as written, but never empty spacing turned into nothing or a line break kept.
fn spacing(space: &str) -> &str {
    if space.is_empty() { "" } else { " " }
}

fn join(tokens: &[Token<'_>]) -> String {
    let mut s = String::new();
    for (k, t) in tokens.iter().enumerate() {
        if k > 0 {
            s.push_str(spacing(t.space));
        }
        s.push_str(t.text);
    }
    s
}

/// The draft side of segments: equal and inserted text.
pub fn accepted(segments: &[Segment]) -> String {
    segments.iter().filter(|s| !matches!(s, Segment::Delete(_))).map(Segment::text).collect()
}

/// The base side of segments: equal and deleted text.
pub fn rejected(segments: &[Segment]) -> String {
    segments.iter().filter(|s| !matches!(s, Segment::Insert(_))).map(Segment::text).collect()
}

/// Appends `token` lowercased to `out`: [`str::to_lowercase`], without the Unicode tables for ASCII and the basic
/// Cyrillic letters (U+0400–U+045F), where lowercasing is letter by letter.
pub(crate) fn push_lowercase(out: &mut String, token: &str) {
    if !token.chars().all(|c| c.is_ascii() || ('\u{0400}'..='\u{045f}').contains(&c)) {
        out.push_str(&token.to_lowercase());
        return;
    }
    for c in token.chars() {
        out.push(match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            '\u{0400}'..='\u{040f}' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
            '\u{0410}'..='\u{042f}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
            _ => c,
        });
    }
}

/// Collapses runs of whitespace to one space and trims: how texts are compared.
pub fn squash(text: &str) -> String {
    // Copied in stretches: only a run of whitespace other than one space breaks a stretch.
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !c.is_whitespace() {
            continue;
        }
        let mut end = i + c.len_utf8();
        let mut one_space = c == ' ';
        while let Some(&(j, d)) = chars.peek() {
            if !d.is_whitespace() {
                break;
            }
            one_space = false;
            end = j + d.len_utf8();
            chars.next();
        }
        if !one_space {
            out.push_str(&text[copied..i]);
            out.push(' ');
            copied = end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(segs: &[Segment]) -> String {
        segs.iter()
            .map(|s| match s {
                Segment::Equal(t) => t.clone(),
                Segment::Insert(t) => format!("{{+{t}+}}"),
                Segment::Delete(t) => format!("[-{t}-]"),
            })
            .collect()
    }

    #[test]
    fn tokens_are_unicode_words_and_punctuation() {
        let t: Vec<&str> = tokens("Türkmenistanyň «Sosial hyzmatlar» 12-nji madda; child's")
            .iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            t,
            ["Türkmenistanyň", "«", "Sosial", "hyzmatlar", "»", "12", "-", "nji", "madda", ";", "child's"]
        );
        let t: Vec<&str> = tokens("социальных  услуг,\nстатья").iter().map(|t| t.text).collect();
        assert_eq!(t, ["социальных", "услуг", ",", "статья"]);
        // A decomposed letter stays one word.
        assert_eq!(tokens("Türkmen").len(), 1);
    }

    #[test]
    fn a_replaced_word_is_one_deletion_and_one_insertion() {
        let s = diff("The register is kept by the authorised body.", "The register is kept by the Ministry.");
        assert_eq!(show(&s), "The register is kept by the [-authorised body-]{+Ministry+}.");
        assert_eq!(accepted(&s), "The register is kept by the Ministry.");
        assert_eq!(squash(&rejected(&s)), "The register is kept by the authorised body.");
    }

    #[test]
    fn whitespace_alone_is_no_change() {
        let s = diff("A  provider\nis  entered", "A provider is entered");
        assert_eq!(s, vec![Segment::Equal("A provider is entered".into())]);
    }

    #[test]
    fn a_rewritten_clause_reads_as_one_deletion_and_one_insertion() {
        let old = "The authorised body inspects licensed providers at least once every two years.";
        let new = "The Ministry may inspect any provider at any time of the year.";
        let s = diff(old, new);
        let changes = s.iter().filter(|s| !matches!(s, Segment::Equal(_))).count();
        assert_eq!(changes, 2, "{}", show(&s));
        assert_eq!(accepted(&s), new);
        assert_eq!(squash(&rejected(&s)), old);
    }

    #[test]
    fn words_deleted_or_inserted_before_a_full_stop_leave_no_space_before_it() {
        for (old, new) in [
            ("placed only with consent or by a decision of the court.", "placed only with consent."),
            ("placed only with consent.", "placed only with consent or by a decision of the court."),
            ("placed only with consent or by a court, and", "placed only with consent, and"),
        ] {
            let s = diff(old, new);
            assert_eq!((accepted(&s), rejected(&s)), (new.to_string(), old.to_string()), "{}", show(&s));
        }
    }

    #[test]
    fn separate_edits_keep_the_unchanged_phrase_between_them() {
        let s = diff(
            "Recipients have the right to respectful and humane treatment and to information.",
            "Recipients have the right to respectful, humane and dignified treatment and to full information.",
        );
        assert_eq!(
            show(&s),
            "Recipients have the right to respectful[- and-]{+,+} humane {+and dignified +}treatment and to {+full +}information."
                .replace("{+and dignified +}treatment", "{+and dignified+} treatment")
                .replace("{+full +}information", "{+full+} information"),
        );
    }

    #[test]
    fn russian_and_turkmen_words_diff_as_words() {
        let s = diff(
            "в соответствии со статьёй 10 настоящего Закона",
            "в соответствии со статьёй 21 настоящего Закона",
        );
        assert_eq!(show(&s), "в соответствии со статьёй [-10-]{+21+} настоящего Закона");
        let s = diff("Sosial hyzmatlar öýde berilýär", "Sosial hyzmatlar gündizki merkezlerde berilýär");
        assert_eq!(show(&s), "Sosial hyzmatlar [-öýde-]{+gündizki merkezlerde+} berilýär");
    }

    #[test]
    fn the_fast_alphanumeric_test_agrees_with_the_unicode_tables() {
        for c in ('\0'..='\u{0fff}').chain(['ň', 'ä', 'ý', 'ž', 'ş', 'ç', '№', '«', '—']) {
            assert_eq!(alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn the_fast_lowercase_agrees_with_to_lowercase() {
        let mut all: String = ('\0'..='\u{047f}').collect();
        all.push_str(" ΟΔΟΣ Straße İstanbul ÝAŇ");
        for token in all.split_whitespace().chain(
            all.chars()
                .map(|c| c.encode_utf8(&mut [0; 4]).to_string())
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str),
        ) {
            let mut out = String::from(">");
            push_lowercase(&mut out, token);
            assert_eq!(out, format!(">{}", token.to_lowercase()), "{token:?}");
        }
    }

    #[test]
    fn identical_lines_are_one_equal_segment() {
        for text in ["A  provider, is\n entered. ", " «Sosial hyzmatlar»  12-nji madda;child's", "", " \n "]
        {
            let spaced = format!(" {}", text.replace(' ', "  "));
            assert_eq!(diff(text, text), diff(&spaced, text), "{text:?}");
            assert_eq!(diff(text, text), diff(text, &format!("{text} ")), "{text:?}");
        }
        assert_eq!(
            diff("A  provider, is\n entered.", "A  provider, is\n entered."),
            [Segment::Equal("A provider, is entered.".into())]
        );
        assert_eq!(diff(" ", " "), []);
    }

    #[test]
    fn squash_is_the_words_joined_by_one_space() {
        for text in [
            "",
            " ",
            "a",
            " a ",
            "a  b\tc\n\nd",
            "\u{a0}статья\u{2003} 5 \u{3000}",
            "x \u{85}y",
            "one two three",
        ] {
            assert_eq!(squash(text), text.split_whitespace().collect::<Vec<_>>().join(" "), "{text:?}");
        }
    }

    #[test]
    fn ratio_of_ids_is_the_token_ratio() {
        assert_eq!(ratio_of(&[1, 2, 3, 4], &[1, 2, 3, 4]), 1.0);
        assert_eq!(ratio_of::<u32>(&[], &[]), 1.0);
        assert_eq!(
            ratio_of(&[1, 2, 3, 4], &[1, 2, 7, 8]),
            token_ratio(&["a", "b", "c", "d"], &["a", "b", "x", "y"])
        );
        assert_eq!(ratio_of(&[1], &[]), 0.0);
    }

    #[test]
    fn ratio_counts_shared_tokens() {
        assert_eq!(ratio("a b c d", "a b c d"), 1.0);
        assert!((ratio("a b c d", "a b x y") - 0.5).abs() < 1e-6);
        assert_eq!(ratio("", ""), 1.0);
        assert_eq!(ratio("a", ""), 0.0);
    }
}
