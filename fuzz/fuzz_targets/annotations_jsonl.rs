//! Annotation JSONL import (`kanun_store::jsonl::decode`) on arbitrary text: it never panics, every bad line is
//! reported with a line number inside the file, and what decodes encodes and decodes again to the same
//! annotations.

#![no_main]

use kanun_store::jsonl::{decode, encode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match decode(text, "fuzz.jsonl") {
        Ok(annotations) => {
            let mut sorted = annotations.clone();
            sorted.sort_by(|a, b| a.id.cmp(&b.id));
            let again = decode(&encode(&annotations), "fuzz.jsonl").expect("encoded annotations decode");
            assert_eq!(again.len(), sorted.len());
            // Ids may repeat in a hand-made file: compare as sorted multisets of their JSON.
            let json = |v: &[kanun_model::annotation::Annotation]| {
                let mut j: Vec<String> = v.iter().map(|a| format!("{a:?}")).collect();
                j.sort();
                j
            };
            assert_eq!(json(&again), json(&sorted));
        }
        Err(errors) => {
            let lines = text.lines().count();
            assert!(!errors.is_empty());
            for e in errors {
                assert!(e.line >= 1 && e.line <= lines, "error at line {} of {lines}", e.line);
            }
        }
    }
});
