//! Small text measures that several crates need.

/// The edit distance (Levenshtein, in characters) between two strings.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Whether XML 1.0 forbids a character in a document (its `Char` production): the C0 controls other than tab,
/// line feed and carriage return, and U+FFFE, U+FFFF. A DOCX or Akoma Ntoso file holding one is refused by Word
/// and by every XML parser.
pub fn xml_forbidden(c: char) -> bool {
    ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// The first character XML 1.0 forbids in a text, with its position (0-based, in characters).
pub fn first_xml_forbidden(s: &str) -> Option<(usize, char)> {
    s.chars().enumerate().find(|(_, c)| xml_forbidden(*c))
}

/// A text without the characters XML 1.0 forbids (the last defence of the XML writers).
pub fn xml_clean(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(xml_forbidden) {
        std::borrow::Cow::Owned(s.chars().filter(|c| !xml_forbidden(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_forbidden_characters() {
        assert_eq!(super::first_xml_forbidden("a\tb\nc\u{0}d"), Some((5, '\u{0}')));
        assert_eq!(super::first_xml_forbidden("ок\r\n"), None);
        assert_eq!(super::xml_clean("a\u{1}b\u{FFFF}c"), "abc");
        assert!(matches!(super::xml_clean("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn distances() {
        assert_eq!(super::edit_distance("kitten", "sitting"), 3);
        assert_eq!(super::edit_distance("", "abc"), 3);
        assert_eq!(super::edit_distance("услуги", "услуг"), 1);
    }
}
