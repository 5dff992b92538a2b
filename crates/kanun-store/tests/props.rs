//! Annotation JSONL import as a property, the twin of `fuzz/fuzz_targets/annotations_jsonl.rs` that runs in
//! `cargo test`: `jsonl::decode` never panics, every bad line is reported with a line number inside the file, and
//! what decodes encodes and decodes again to the same annotations. Arbitrary text, lines made of JSON fragments,
//! and real annotation lines cut and spliced; then every input the fuzzer ever found in
//! `tests/data/fuzz/annotations_jsonl/`.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::path::Path;

use kanun_model::annotation::Annotation;
use kanun_store::jsonl::{decode, encode};
use proptest::prelude::*;

/// A real line, as `kanun annotations export` writes it.
const LINE: &str = r#"{"id":"01a205eb-6136-7424-9e3f-773fe93f7fe6","target":{"work":"/akn/tm/act/2019-11-09/social-work","expression":"/akn/tm/act/2019-11-09/social-work/eng@2020-01-01","wid":"art_12__para_1","eid":"art_12__para_1","quote":{"exact":"may not exceed","prefix":"served by one social worker ","suffix":"."},"position":{"start":53,"end":112},"content_hash":"dd3dbdfec032a3f8"},"type":"recommendation","status":"open","priority":"medium","tags":["workforce","caseload"],"author":"G. Orazova","created":"2026-11-23T01:00:41Z","modified":"2026-11-23T01:00:41Z","revision":1,"body":"Put the maximum caseload in the Law","replies":[{"id":"r1","author":"A","created":"2026-11-23T01:00:41Z","body":"Agreed \u2014 see Art. 12"}],"links":[{"rel":"see-also","target":"/akn/tm/act/2019-11-09/social-work"}]}"#;

const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "\\u00e9",
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1e999",
    "18446744073709551616",
    "1.5",
    "\"id\"",
    "\"target\"",
    "\"revision\"",
    "\"type\"",
    "\"note\"",
    "\"open\"",
    "\"high\"",
    "\"deleted\"",
    "\"/akn/tm/act/2019-11-09/x\"",
    "\"/akn/tm/act/2019-11-09/x/eng@2020-01-01\"",
    "\"\"",
    "\"ё\"",
    "\n",
    "\r\n",
    " ",
    "\t",
    "\u{feff}",
    "\u{0}",
];

/// The property, the same as the fuzz target's.
fn check(text: &str) {
    match decode(text, "t.jsonl") {
        Ok(annotations) => {
            let mut sorted = annotations.clone();
            sorted.sort_by(|a, b| a.id.cmp(&b.id));
            let again = decode(&encode(&annotations), "t.jsonl").expect("encoded annotations decode");
            let debug = |v: &[Annotation]| {
                let mut j: Vec<String> = v.iter().map(|a| format!("{a:?}")).collect();
                j.sort();
                j
            };
            assert_eq!(debug(&again), debug(&sorted));
        }
        Err(errors) => {
            let lines = text.lines().count();
            assert!(!errors.is_empty());
            for e in errors {
                assert!(e.line >= 1 && e.line <= lines, "error at line {} of {lines}", e.line);
            }
        }
    }
}

#[test]
fn inputs_the_fuzzer_found_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/fuzz/annotations_jsonl");
    for f in std::fs::read_dir(&dir).into_iter().flatten() {
        let f = f.unwrap().path();
        check(&String::from_utf8_lossy(&std::fs::read(&f).unwrap()));
    }
}

#[test]
fn the_real_line_decodes() {
    let a = decode(LINE, "t.jsonl").unwrap();
    assert_eq!(a.len(), 1);
    check(LINE);
    check(&format!("{LINE}\n\n{LINE}\r\n"));
}

fn spliced() -> impl Strategy<Value = String> {
    let chars: Vec<char> = LINE.chars().collect();
    let n = chars.len();
    (0..n, 0..n, prop::collection::vec(prop::sample::select(FRAGMENTS), 0..4), 1..3usize).prop_map(
        move |(a, b, ins, copies)| {
            let (a, b) = (a.min(b), a.max(b));
            let mut s: String = chars[..a].iter().collect();
            s.push_str(&ins.concat());
            s.extend(&chars[b..]);
            let mut out = String::new();
            for _ in 0..copies {
                out.push_str(&s);
                out.push('\n');
            }
            out
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(text in "\\PC{0,300}") {
        check(&text);
    }

    #[test]
    fn json_fragments(parts in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60)) {
        check(&parts.concat());
    }

    #[test]
    fn real_lines_cut_and_spliced(text in spliced()) {
        check(&text);
    }

    #[test]
    fn real_values_changed(key in prop::sample::select(&["revision", "deleted", "start", "priority", "status"][..]),
                           value in prop::sample::select(FRAGMENTS)) {
        let text = LINE.replacen(&format!("\"{key}\":"), &format!("\"{key}\":{value},\"x\":"), 1);
        check(&text);
    }
}
