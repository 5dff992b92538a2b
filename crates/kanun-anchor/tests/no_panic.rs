//! Resolving never panics, whatever the stored target and the text: random quotes, contexts and offsets against
//! random provision texts, including empty ones.

use kanun_anchor::resolve;
use kanun_model::annotation::{PositionSelector, QuoteSelector, Target};
use kanun_model::{DocKind, Expression, Kind, Language, Metadata, Provision, Status};
use proptest::prelude::*;

fn expr(texts: &[String]) -> Expression {
    let body = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut p = Provision::new(Kind::Article, format!("art_{}", i + 1));
            if !t.is_empty() {
                p.intro.push(t.clone());
            }
            p
        })
        .collect();
    Expression {
        meta: Metadata {
            work: "/akn/tm/act/2021-12-18/x".parse().expect("uri"),
            title: "x".into(),
            language: Language::ENG,
            date: "2022-01-01".parse().expect("date"),
            status: Status::InForce,
            kind: DocKind::Law,
            source: "s".into(),
            amends: None,
            base: None,
            scope: Default::default(),
            note: None,
        },
        long_title: "x".into(),
        preamble: vec![],
        body,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn resolve_never_panics(
        texts in prop::collection::vec("[a-cё .;]{0,40}", 0..4),
        exact in "[a-cё ]{0,12}",
        prefix in "[a-cё .]{0,30}",
        suffix in "[a-cё .]{0,30}",
        start in 0usize..60,
        len in 0usize..20,
        eid in "art_[0-5](__para_[0-2])?",
    ) {
        let e = expr(&texts);
        let target = Target {
            work: e.meta.work.clone(),
            expression: e.id(),
            wid: eid.clone(),
            eid,
            quote: Some(QuoteSelector { exact, prefix, suffix }),
            position: Some(PositionSelector { start, end: start + len }),
            content_hash: None,
        };
        let _ = resolve(&target, &e);
    }
}
