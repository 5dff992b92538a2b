//! Parsing never panics, whatever the input: arbitrary bytes, arbitrary text, and text made of the pieces that
//! corpus files are made of, shuffled.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use kanun_markdown::{parse, parse_bytes};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "+++\n",
    "work = \"/akn/tm/act/2021-12-18/x\"\n",
    "title = \"T\"\n",
    "language = \"rus\"\n",
    "date = 2022-01-01\n",
    "source = \"s\"\n",
    "kind = \"draft\"\n",
    "# Title\n",
    "## Chapter I. A\n",
    "### Article 1. B\n",
    "### Статья 2\n",
    "### 3-nji madda\n",
    "#### § 4a\n",
    "##Part II\n",
    "1. ",
    "2) ",
    "(3) ",
    "а) ",
    "   ",
    "      ",
    "\n",
    "\n\n",
    "> ",
    "text ",
    "\\",
    "*",
    "`",
    "```\n",
    "<div>",
    "| a | b |\n|---|---|\n",
    "{#art_1}",
    "(repealed)",
    "- ",
    "---\n",
    "ё",
    "\u{301}",
    "\t",
    "[x](y)",
    "![i](j)",
    "&amp;",
    "\r\n",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse_bytes(&bytes, Some("eng@2022-01-01.md"));
    }

    #[test]
    fn arbitrary_text(text in ".{0,400}") {
        let _ = parse(&text, None);
    }

    #[test]
    fn shuffled_corpus_pieces(text in pieces()) {
        let parsed = parse(&text, Some("rus@2022-01-01.md"));
        for d in &parsed.diagnostics {
            prop_assert!(d.line >= 1 && d.column >= 1);
            prop_assert!(d.line as usize <= text.lines().count().max(1) + 1, "line {} beyond the text", d.line);
        }
    }
}
