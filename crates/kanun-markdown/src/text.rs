//! Positions and text normalisation: byte offsets to 1-based line and character column, whitespace folding.

/// Maps byte offsets of a source text to 1-based lines and character columns.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub(crate) fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts[line];
        let col = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        (line as u32 + 1, col as u32 + 1)
    }
}

/// Folds runs of spaces, tabs and line breaks to one space, trims, and normalises to NFC. No-break spaces are
/// kept: in `§ 12` they mean something.
pub fn normalize_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in kanun_analysis::nfc(s).chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let t = "ab\nсд ef\n";
        let idx = LineIndex::new(t);
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(3), (2, 1));
        let e = t.find('e').unwrap();
        assert_eq!(idx.position(e), (2, 4));
    }

    #[test]
    fn folds_whitespace_and_composes() {
        assert_eq!(normalize_text("  a \t b\n c  "), "a b c");
        assert_eq!(normalize_text("Tu\u{308}rkmen"), "Türkmen");
        assert_eq!(normalize_text("§\u{a0}12"), "§\u{a0}12");
    }
}
