//! W3C Web Annotation export is lossless: every annotation of the sample review survives to_w3c → from_w3c, and
//! the JSON-LD carries the standard terms (type, motivation, TextualBody, tagging, TextQuoteSelector).

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use kanun_model::annotation::Annotation;
use kanun_render::w3c::{collection, from_w3c, to_w3c};

#[test]
fn the_sample_review_round_trips_through_w3c_json_ld() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../annotations");
    let mut all: Vec<Annotation> = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|x| x == "jsonl") {
            for line in std::fs::read_to_string(&p).unwrap().lines() {
                all.push(serde_json::from_str(line).unwrap());
            }
        }
    }
    assert!(all.len() >= 40);
    for a in &all {
        let w = to_w3c(a);
        assert_eq!(w["type"], "Annotation");
        assert_eq!(w["body"][0]["type"], "TextualBody");
        if a.target.quote.is_some() {
            assert_eq!(w["target"]["selector"][0]["type"], "TextQuoteSelector");
        }
        let text = serde_json::to_string(&w).unwrap();
        let back = from_w3c(&serde_json::from_str(&text).unwrap()).unwrap();
        assert_eq!(&back, a);
    }
    let c = collection("Sample review", &all);
    assert_eq!(c["total"], all.len());
    assert!(from_w3c(&serde_json::json!({"id": "x"})).unwrap_err().contains("target"));
}
