//! The sample draft against the law in force: its classes, and that accepting or rejecting every change gives
//! the draft's or the base's text.

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
fn the_sample_draft_has_its_five_changes_and_both_texts() {
    let c = corpus();
    for lang in [Language::ENG, Language::RUS] {
        let (base, draft) = pair(&c, lang);
        let r = kanun_redline::redline(&base, &draft, &[]).unwrap();
        assert_eq!(
            (r.summary.modified, r.summary.new, r.summary.repealed),
            (4, 1, 0),
            "{lang:?}: {:?}",
            r.summary
        );
        // Accepting every change gives the draft's text; rejecting every change gives the base's.
        let squash = |v: Vec<String>| v.iter().map(|l| kanun_redline::words::squash(l)).collect::<Vec<_>>();
        assert_eq!(squash(r.accepted()), kanun_redline::instructions::text_lines(&draft));
        assert_eq!(squash(r.rejected()), kanun_redline::instructions::text_lines(&base));
    }
}
