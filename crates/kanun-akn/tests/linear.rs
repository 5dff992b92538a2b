//! Akoma Ntoso import takes time in proportion to the document: each element's line was counted from the start
//! of the document, and an element with 200,000 attributes took 75 s (checking each for duplicates). The test
//! times the import at two sizes, four times apart, and compares the ratio, not a wall time; an element with more
//! than 64 attributes is refused at once.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::time::{Duration, Instant};

fn document(articles: usize) -> String {
    let mut md = String::from(
        "+++\nwork = \"/akn/tm/act/2020-01-01/long\"\ntitle = \"Long\"\nlanguage = \"eng\"\ndate = 2020-01-01\nsource = \"generated\"\n+++\n# Law on a Long Example\n\n",
    );
    for a in 1..=articles {
        md.push_str(&format!("### Article {a}. Title of article {a}\n\n"));
        for p in 1..=3 {
            md.push_str(&format!("{p}. The text of part {p} of Article {a}.\n"));
        }
        md.push('\n');
    }
    let e = kanun_markdown::parse(&md, None).expression.unwrap();
    kanun_akn::export(&e, &kanun_akn::Options { generated: "2026-12-04".into(), references: Vec::new() })
}

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
fn import_is_linear_and_attribute_floods_are_refused() {
    let (small, large) = (document(1_000), document(4_000));
    assert_eq!(kanun_akn::import(&large).unwrap().body.len(), 4_000);
    let ts = time(|| drop(kanun_akn::import(&small)));
    let tl = time(|| drop(kanun_akn::import(&large)));
    let ratio = tl.as_secs_f64() / ts.as_secs_f64();
    println!(
        "{} bytes: {ts:?}; {} bytes: {tl:?}; ratio {ratio:.1} (linear 4, quadratic 16)",
        small.len(),
        large.len()
    );
    assert!(ratio < 8.0, "four times the document took {ratio:.1} times as long ({ts:?} → {tl:?})");

    let attrs: String = (0..200_000).map(|i| format!(" a{i}=\"x\"")).collect();
    let flood = small.replacen("<akomaNtoso", &format!("<akomaNtoso{attrs}"), 1);
    let t = Instant::now();
    let e = kanun_akn::import(&flood).unwrap_err();
    assert!(e.to_string().contains("more than 64 attributes"), "{e}");
    println!("200,000 attributes refused in {:?}", t.elapsed());
}
