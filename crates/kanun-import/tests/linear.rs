//! Imports take time in proportion to their input: plain text of 7 MB took 5.5 s and 14 MB 21.7 s (each item
//! copied the rest of the file; each provision's position was searched from the start). The test times the same
//! import at two sizes, four times apart, and compares the ratio, not a wall time: linear work grows about four
//! times, quadratic work sixteen.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::time::{Duration, Instant};

use kanun_import::{Meta, from_text};

fn law(articles: usize) -> String {
    let mut s = String::from("Law of Turkmenistan \"On a Long Example\"\n");
    for a in 1..=articles {
        s.push_str(&format!("Article {a}. Title of article {a}\n"));
        for p in 1..=3 {
            s.push_str(&format!("{p}. The text of part {p} of Article {a}, with the words a part has.\n"));
        }
        s.push_str("1) a point of the last part;\n2) another point.\n");
    }
    s
}

/// The fastest of three runs.
fn time(f: impl Fn()) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn plain_text_import_is_linear_in_its_size() {
    let meta = Meta {
        work: "/akn/tm/act/2020-01-01/long".parse().unwrap(),
        language: "eng".parse().unwrap(),
        date: "2020-01-01".parse().unwrap(),
        title: None,
        source: "generated".into(),
    };
    let (small, large) = (law(1_000), law(4_000));
    let n = from_text(&large, &meta).expression.unwrap().body.len();
    assert_eq!(n, 4_000);
    let ts = time(|| drop(from_text(&small, &meta)));
    let tl = time(|| drop(from_text(&large, &meta)));
    let ratio = tl.as_secs_f64() / ts.as_secs_f64();
    println!(
        "{} bytes: {ts:?}; {} bytes: {tl:?}; ratio {ratio:.1} (linear 4, quadratic 16)",
        small.len(),
        large.len()
    );
    assert!(ratio < 8.0, "four times the text took {ratio:.1} times as long ({ts:?} → {tl:?})");
}
