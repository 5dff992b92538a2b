//! The citation grammar as a property, the twin of `fuzz/fuzz_targets/citations.rs` that runs in `cargo test`:
//! `citations` never panics on any text in English, Russian or Turkmen, and every citation is a non-empty span
//! of the text (in characters) with at least one unit, in order and not overlapping. Arbitrary text, and text
//! made of the grammar's own words, numbers and punctuation; then every input the fuzzer ever found in
//! `tests/data/fuzz/citations/` (the first byte picks the language).

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::path::Path;

use kanun_model::Language;
use proptest::prelude::*;

const LANGUAGES: [Language; 3] = [Language::ENG, Language::RUS, Language::TUK];

/// The property, the same as the fuzz target's.
fn check(text: &str, lang: Language) {
    let len = text.chars().count();
    let mut prev_end = 0;
    for c in kanun_refs::citations(text, lang) {
        assert!(c.start < c.end && c.end <= len, "citation {}..{} of {len}", c.start, c.end);
        assert!(c.start >= prev_end, "citation {}..{} overlaps the one ending at {prev_end}", c.start, c.end);
        assert!(!c.units.is_empty());
        prev_end = c.end;
    }
}

#[test]
fn inputs_the_fuzzer_found_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/fuzz/citations");
    for f in std::fs::read_dir(&dir).into_iter().flatten() {
        let data = std::fs::read(f.unwrap().path()).unwrap();
        let Some((first, rest)) = data.split_first() else { continue };
        check(&String::from_utf8_lossy(rest), LANGUAGES[usize::from(*first) % 3]);
    }
}

const PIECES: &[&str] = &[
    "Article ",
    "Articles ",
    "article ",
    "Part ",
    "part ",
    "paragraph ",
    "point ",
    "subparagraph ",
    "Chapter ",
    "of this Law",
    "of the Law on ",
    "this Article",
    "the preceding part",
    "that part",
    "and ",
    "or ",
    "to ",
    "статья ",
    "статьи ",
    "статьёй ",
    "статье ",
    "части ",
    "частью ",
    "пункт ",
    "пунктом ",
    "главы ",
    "настоящего Закона",
    "настоящей статьи",
    "предыдущей части",
    "Закона Туркменистана «О социальных услугах»",
    "и ",
    "или ",
    "по ",
    "madda ",
    "maddasy ",
    "maddasynda ",
    "bölegi ",
    "böleginiň ",
    "bendi ",
    "baby ",
    "şu Kanunyň ",
    "şu maddanyň ",
    "-nji ",
    "-njy ",
    "-nji ",
    "-nçi ",
    "1",
    "2",
    "12",
    "12-1",
    "19.1",
    "I",
    "IV",
    "а",
    "b",
    "(",
    ")",
    "(2)",
    ",",
    ", ",
    ";",
    ".",
    "–",
    "—",
    "-",
    " ",
    "\n",
    "«",
    "»",
    "\"",
    "ё",
    "\u{301}",
    "\u{0}",
    "99999999999999999999999",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(lang in 0..3usize, text in "\\PC{0,300}") {
        check(&text, LANGUAGES[lang]);
    }

    #[test]
    fn citation_shaped_text(lang in 0..3usize, parts in prop::collection::vec(prop::sample::select(PIECES), 0..50)) {
        check(&parts.concat(), LANGUAGES[lang]);
    }
}
