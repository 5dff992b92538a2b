//! The sample draft against the law in force: classes, texts, and snapshots of the HTML redline and the
//! comparative table that a person has read.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::path::Path;

use kanun_model::{Corpus, Date, Expression, Language};

fn corpus() -> Corpus {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    kanun_corpus::load(&root).unwrap().corpus
}

fn pair(c: &Corpus, lang: Language) -> (Expression, Expression) {
    let draft = c.work("social-services-amendments").unwrap().at(lang, None).unwrap().clone();
    let base =
        c.work("social-services").unwrap().at(lang, Some(Date::new(2024, 7, 1).unwrap())).unwrap().clone();
    (base, draft)
}

#[test]
fn print_sample() {
    let c = corpus();
    let (base, draft) = pair(&c, Language::ENG);
    let r = kanun_redline::redline(&base, &draft, &[]).unwrap();
    println!("{:?}", r.summary);
    println!("{}", kanun_redline::critic::render(&r));
}
