//! Number markers at the start of a line: `1.`, `1)`, `(1)`, `а)`, `(a)`. Their style decides nesting, their
//! number the eId.

use std::sync::LazyLock;

use kanun_model::eid::num_id;
use regex::Regex;

/// How a number is marked. Nesting follows the order in which styles first appear in an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `1.`
    Dot,
    /// `1)`
    Paren,
    /// `(1)`
    Enclosed,
    /// `а)`, `b)`, `aa)`
    Letter,
    /// `(a)`
    EnclosedLetter,
    /// `(ii)`, `iii)`: roman numerals. `(i)`, `(v)`, `(x)` and `ii)` are letters or numerals by their sequence
    /// (the builder decides: `(i)` after `(h)` is a letter, `(i)` that starts a list or `(ii)` after `(i)` is
    /// a numeral).
    Roman,
}

impl Style {
    /// Whether Markdown itself reads this marker as a list item (so that text can be indented under it).
    pub(crate) fn is_list(self) -> bool {
        matches!(self, Style::Dot | Style::Paren)
    }
}

/// A marker read at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    pub(crate) style: Style,
    /// As written: `1.`, `(2)`, `а)`.
    pub(crate) raw: String,
    /// The eId component: `1`, `2`, `a`.
    pub(crate) id: String,
}

const LETTERS: &str = "a-zа-яёäçňöşüýž";

/// A number with the insertion index of an inserted provision, in superscript (`1¹`), hyphen (`1-1`) or dot
/// (`1.1`) notation.
const NUMBER: &str =
    r"\d{1,4}(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}(?:-[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})*|(?:-\d{1,3})+|(?:\.\d{1,3})+)?[a-z]?";

static FULL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:\((?P<enc>{NUMBER})\)|(?P<dot>{NUMBER})\.|(?P<par>{NUMBER})\)|\((?P<encl>[{LETTERS}])\)|\((?P<encr>[ivxl]{{2,6}})\)|(?P<rom>[ivxl]{{3,6}})\)|(?P<let>[{LETTERS}]{{1,2}}(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]{{1,3}}|-\d{{1,2}})?)\))(?:[ \t\u{{a0}}]+|$)"
    ))
    .expect("static regex")
});

/// Whether a number as written carries an insertion index (`1¹`, `1-1`, `1.1`).
fn is_inserted(n: &str) -> bool {
    n.chars().any(|c| matches!(c, '-' | '.') || kanun_model::eid::superscript_digit(c).is_some())
}

fn from_captures(c: &regex::Captures<'_>) -> Option<Marker> {
    let (style, n) = if let Some(m) = c.name("enc") {
        (Style::Enclosed, m.as_str())
    } else if let Some(m) = c.name("dot") {
        (Style::Dot, m.as_str())
    } else if let Some(m) = c.name("par") {
        (Style::Paren, m.as_str())
    } else if let Some(m) = c.name("encl") {
        (Style::EnclosedLetter, m.as_str())
    } else if let Some(m) = c.name("encr").or_else(|| c.name("rom")) {
        kanun_model::eid::roman_value(&m.as_str().to_uppercase())?;
        (Style::Roman, m.as_str())
    } else {
        let m = c.name("let")?.as_str();
        // Double letters only as a repeated letter (`aa)`), so that words such as "ob)" are not markers.
        let mut chars = m.chars().filter(|c| c.is_alphabetic());
        if let (Some(a), Some(b)) = (chars.next(), chars.next())
            && a != b
        {
            return None;
        }
        (Style::Letter, m)
    };
    let raw = c.get(0).map_or("", |m| m.as_str()).trim_end_matches([' ', '\t', '\u{a0}']).to_string();
    Some(Marker { style, raw, id: num_id(n) })
}

/// The marker at the start of `line` (raw source, from the first non-blank character), if any. A `lazy` line is
/// a continuation line inside a paragraph: there only `1)` and letter markers count, since a wrapped sentence can
/// start with "1. January" or "(2)".
pub(crate) fn detect(line: &str, lazy: bool) -> Option<Marker> {
    let c = FULL.captures(line)?;
    let m = from_captures(&c)?;
    // An inserted part (`1-1.`, `6¹.`) is no list item to Markdown, so it stands on a line of the paragraph
    // before it; no sentence starts that way.
    if lazy
        && matches!(m.style, Style::Dot | Style::Enclosed)
        && !is_inserted(m.raw.trim_matches(['(', ')', '.']))
    {
        return None;
    }
    Some(m)
}

/// The list item marker at the start of an item's source (`1.` or `1)`), if the item is in an ordered list.
pub(crate) fn list_item(src: &str) -> Option<Marker> {
    let t = src.trim_start_matches([' ', '\t']);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let delim = t.as_bytes().get(digits)?;
    if digits == 0 || digits > 9 {
        return None;
    }
    let style = match delim {
        b'.' => Style::Dot,
        b')' => Style::Paren,
        _ => return None,
    };
    Some(Marker { style, raw: t[..=digits].to_string(), id: num_id(&t[..digits]) })
}

/// Removes a marker as written from the start of a text, if it is there.
pub(crate) fn strip<'a>(text: &'a str, m: &Marker) -> &'a str {
    text.trim_start().strip_prefix(m.raw.as_str()).map_or(text, str::trim_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<(Style, String, String)> {
        detect(s, false).map(|m| (m.style, m.raw, m.id))
    }

    #[test]
    fn markers() {
        assert_eq!(d("1. text"), Some((Style::Dot, "1.".into(), "1".into())));
        assert_eq!(d("(1a) text"), Some((Style::Enclosed, "(1a)".into(), "1a".into())));
        assert_eq!(d("12) text"), Some((Style::Paren, "12)".into(), "12".into())));
        assert_eq!(d("б) text"), Some((Style::Letter, "б)".into(), "b".into())));
        assert_eq!(d("ç) text"), Some((Style::Letter, "ç)".into(), "c".into())));
        assert_eq!(d("aa) text"), Some((Style::Letter, "aa)".into(), "aa".into())));
        assert_eq!(d("(b) text"), Some((Style::EnclosedLetter, "(b)".into(), "b".into())));
        assert_eq!(d("(2)"), Some((Style::Enclosed, "(2)".into(), "2".into())));
        assert_eq!(d("ob) text"), None);
        assert_eq!(d("(ii) text"), Some((Style::Roman, "(ii)".into(), "ii".into())));
        assert_eq!(d("(iv) text"), Some((Style::Roman, "(iv)".into(), "iv".into())));
        assert_eq!(d("iii) text"), Some((Style::Roman, "iii)".into(), "iii".into())));
        assert_eq!(d("(vi) text").map(|m| m.0), Some(Style::Roman));
        assert_eq!(d("(iiv) text"), None);
        assert_eq!(d("1\\. text"), None);
        assert_eq!(d("а\\) text"), None);
        assert_eq!(d("1.5 million"), None);
        assert!(detect("1. Januar", true).is_none());
        assert!(detect("а) text", true).is_some());
        // Inserted parts and points in the three notations.
        assert_eq!(d("1¹) text"), Some((Style::Paren, "1¹)".into(), "1-1".into())));
        assert_eq!(d("6¹. text"), Some((Style::Dot, "6¹.".into(), "6-1".into())));
        assert_eq!(d("1-1. text"), Some((Style::Dot, "1-1.".into(), "1-1".into())));
        assert_eq!(d("1.1) text"), Some((Style::Paren, "1.1)".into(), "1-1".into())));
        assert_eq!(d("12¹⁰) text"), Some((Style::Paren, "12¹⁰)".into(), "12-10".into())));
        assert_eq!(d("5²-¹) text"), Some((Style::Paren, "5²-¹)".into(), "5-2-1".into())));
        assert_eq!(d("в¹) text").map(|m| m.1), Some("в¹)".into()));
        assert!(detect("1-1. text", true).is_some());
        assert!(detect("1. text", true).is_none());
    }

    #[test]
    fn list_items() {
        assert_eq!(list_item("  3) x").map(|m| m.raw), Some("3)".into()));
        assert_eq!(list_item("10. x").map(|m| m.id), Some("10".into()));
        assert_eq!(list_item("- x"), None);
    }
}
