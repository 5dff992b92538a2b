//! Malformed queries: each gets an error with the right position and a hint, never a panic.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use kanun_query::{Filter, Query, parse};
use proptest::prelude::*;

#[test]
fn malformed_queries_say_where_and_how_to_fix() {
    let long = "a ".repeat(600);
    let deep = "(".repeat(30);
    let ten_kb = "социальная ".repeat(1000);
    let cases: &[(&str, usize, &str)] = &[
        ("", 0, "empty query"),
        ("   ", 0, "empty query"),
        ("\"social worker", 0, "unclosed quotation mark"),
        ("pension \"\"", 8, "empty phrase"),
        ("(licensing OR", 13, "nothing after OR"),
        ("(licensing", 0, "unclosed '('"),
        ("licensing)", 9, "unmatched ')'"),
        ("()", 0, "empty parentheses"),
        ("OR pension", 0, "nothing before OR"),
        ("pension AND", 11, "nothing after AND"),
        ("AND pension", 0, "nothing before AND"),
        ("pension NOT", 11, "nothing to exclude"),
        ("foo:bar pension", 0, "unknown field foo:"),
        ("lng:rus pension", 0, "unknown field lng:"),
        ("lang:english pension", 5, "unknown language"),
        ("kind:bill", 5, "unknown kind"),
        ("status:valid", 7, "unknown status"),
        ("art:twelve", 4, "not an article number"),
        ("pension asof:2023-02-30", 13, "bad date in asof:"),
        ("pension asof:yesterday", 13, "bad date in asof:"),
        ("(pension asof:2023-01-01)", 9, "asof: applies to the whole query"),
        ("pension asof:2023-01-01 asof:2024-01-01", 24, "asof: given twice"),
        ("-pension", 0, "the query only excludes"),
        ("NOT pension -benefit", 0, "the query only excludes"),
        ("pension - benefit", 8, "'-' stands alone"),
        ("pen*sion", 3, "'*' inside a word"),
        ("p*", 0, "prefix too short"),
        ("pension~3", 8, "fuzzy distance"),
        ("~", 0, "'~' needs a plain word"),
        ("social\u{7}worker", 6, "control character U+0007"),
        ("pension\u{0}", 7, "control character U+0000"),
        (&long, 1000, "characters long"),
        ("lang: pension", 5, "lang: needs a value"),
        (&deep, 21, "nested too deeply"),
        (&ten_kb, 1000, "characters long"),
    ];
    assert!(cases.len() >= 15);
    for (q, pos, msg) in cases {
        let e = parse(q).expect_err(q);
        assert!(e.message.contains(msg), "{q:?}: {e:?} should say {msg:?}");
        assert_eq!(e.position, *pos, "{q:?}: {e:?}");
        assert!(!e.hint.is_empty(), "{q:?} has a hint");
    }
}

#[test]
fn good_queries_parse_into_the_tree() {
    let q = parse("социальная услуга").unwrap();
    assert!(matches!(&q.query, Query::And(v) if v.len() == 2));
    let q = parse("\"social worker\" asof:2021-01-01").unwrap();
    assert!(matches!(&q.query, Query::Phrase { text, .. } if text == "social worker"));
    assert_eq!(q.asof.unwrap().to_string(), "2021-01-01");
    let q = parse("pension OR benefit -repealed").unwrap();
    match &q.query {
        Query::Or(v) => assert!(matches!(&v[1], Query::And(w) if matches!(w[1], Query::Not(_)))),
        other => panic!("{other:?}"),
    }
    let q = parse("hyzmat~ sosial* art:12-1 law:social-services lang:tuk kind:law status:in-force").unwrap();
    let Query::And(v) = &q.query else { panic!() };
    assert!(matches!(&v[0], Query::Term(t) if t.fuzzy == Some(1) && t.text == "hyzmat"));
    assert!(matches!(&v[1], Query::Term(t) if t.prefix && t.text == "sosial"));
    assert!(matches!(&v[2], Query::Filter(Filter::Article(a)) if a == "12-1"));
    let q = parse("law:social-services").unwrap();
    assert!(matches!(&q.query, Query::And(v) if v[0] == Query::All));
    let q = parse("asof:2023-01-01").unwrap();
    assert_eq!(q.query, Query::All);
    let q = parse("«трудовой договор» И (расторжение ИЛИ прекращение) НЕ отпуск").unwrap();
    assert!(matches!(&q.query, Query::And(v) if v.len() == 3));
    let q = parse("law:\"social-services\" concepts:").unwrap();
    assert!(matches!(&q.query, Query::And(v) if matches!(&v[1], Query::Term(t) if t.text == "concepts:")));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn parsing_never_panics(q in "[a-zа-я\"()*~: \\-ORANDNOT0-9.«»\u{0}-\u{1f}]{0,80}") {
        if let Err(e) = parse(&q) {
            prop_assert!(e.position <= q.chars().count());
        }
    }
}
