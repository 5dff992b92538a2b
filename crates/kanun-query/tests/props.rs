//! The query parser as a property, the twin of `fuzz/fuzz_targets/query.rs` that runs in `cargo test`: `parse`
//! never panics on any text, an error's position is inside the query (or just past its end), and every span of a
//! parsed query lies within it. Arbitrary text, and queries made of the language's own pieces; then every input
//! the fuzzer ever found in `tests/data/fuzz/query/`.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::path::Path;

use kanun_query::{Query, parse};
use proptest::prelude::*;

fn check_spans(q: &Query, len: usize) {
    match q {
        Query::Term(t) => assert!(t.span.start <= t.span.end && t.span.end <= len, "{:?} of {len}", t.span),
        Query::Phrase { span, .. } => assert!(span.start <= span.end && span.end <= len, "{span:?} of {len}"),
        Query::And(v) | Query::Or(v) => v.iter().for_each(|q| check_spans(q, len)),
        Query::Not(q) => check_spans(q, len),
        Query::Filter(_) | Query::All => {}
    }
}

/// The property, the same as the fuzz target's.
fn check(text: &str) {
    let len = text.chars().count();
    match parse(text) {
        Ok(q) => check_spans(&q.query, len),
        Err(e) => assert!(e.position <= len, "error at {} of {len}: {e}", e.position),
    }
}

#[test]
fn inputs_the_fuzzer_found_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/fuzz/query");
    for f in std::fs::read_dir(&dir).into_iter().flatten() {
        check(&String::from_utf8_lossy(&std::fs::read(f.unwrap().path()).unwrap()));
    }
}

const PIECES: &[&str] = &[
    "social",
    "социальн",
    "hyzmat",
    " ",
    "  ",
    "\"",
    "\"social worker\"",
    "(",
    ")",
    " OR ",
    " AND ",
    " NOT ",
    "-",
    "*",
    "~",
    "~2",
    "~9",
    "law:",
    "lang:",
    "lang:rus",
    "kind:",
    "kind:draft",
    "status:",
    "status:repealed",
    "art:",
    "art:12-1",
    "asof:",
    "asof:2021-01-01",
    "asof:2023-02-30",
    ":",
    "«",
    "»",
    "\u{301}",
    "\t",
    "\u{0}",
    "ё",
    "İ",
    "ß",
    "12",
    "-1",
    "OR",
    "AND",
    "NOT",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(text in "\\PC{0,200}") {
        check(&text);
    }

    #[test]
    fn query_shaped_text(parts in prop::collection::vec(prop::sample::select(PIECES), 0..40)) {
        check(&parts.concat());
    }
}
