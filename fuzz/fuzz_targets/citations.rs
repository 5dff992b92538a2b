//! The citation grammar (`kanun_refs::citations`) on arbitrary text in English, Russian and Turkmen (the first
//! byte picks the language): it never panics, and every citation is a non-empty span of the text with at least
//! one unit, the citations in order and not overlapping.

#![no_main]

use kanun_model::Language;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let lang = [Language::ENG, Language::RUS, Language::TUK][usize::from(*first) % 3];
    let len = text.chars().count();
    let mut prev_end = 0;
    for c in kanun_refs::citations(text, lang) {
        assert!(c.start < c.end && c.end <= len, "citation {}..{} of {len}", c.start, c.end);
        assert!(c.start >= prev_end, "citation {}..{} overlaps the one ending at {prev_end}", c.start, c.end);
        assert!(!c.units.is_empty());
        prev_end = c.end;
    }
});
