//! Akoma Ntoso import: every law of the sample corpus makes the round trip corpus → AKN → corpus with the same
//! tree, and hostile or broken documents (a DTD with an external entity, billion laughs, unknown entities, deep
//! nesting, binary, empty, not Akoma Ntoso) are refused with the line and a hint; no entity is ever resolved.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::path::PathBuf;

use kanun_model::DocKind;

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn every_sample_work_makes_the_round_trip_with_the_same_tree() {
    let loaded = kanun_corpus::load(&root().join("corpus")).unwrap();
    let c = &loaded.corpus;
    let mut n = 0;
    let mut drafts = 0;
    for e in c.expressions() {
        drafts += usize::from(e.meta.kind == DocKind::Draft);
        let refs = kanun_refs::references(e, Some(c)).into_iter().map(|a| (a.eid, a.references)).collect();
        let xml =
            kanun_akn::export(e, &kanun_akn::Options { generated: "2026-11-23".into(), references: refs });
        let back = kanun_akn::import(&xml).unwrap_or_else(|err| panic!("{}: {err}", e.id()));
        assert_eq!(back.body, e.body, "{}", e.id());
        assert_eq!(back.preamble, e.preamble, "{}", e.id());
        assert_eq!(back.long_title, e.long_title, "{}", e.id());
        assert_eq!(back.id(), e.id());
        assert_eq!(
            (back.meta.title.as_str(), back.meta.status, back.meta.kind),
            (e.meta.title.as_str(), e.meta.status, e.meta.kind)
        );
        // And the Markdown written from the import is the corpus file's tree again.
        let md = kanun_markdown::render(&back);
        let again = kanun_markdown::parse(&md, None).expression.unwrap();
        assert_eq!(again.body, e.body, "{}", e.id());
        n += 1;
    }
    assert!(n >= 19 && drafts >= 2, "{n} expressions, {drafts} drafts");
}

fn refused(xml: &str) -> kanun_akn::ImportError {
    match kanun_akn::import(xml) {
        Ok(e) => panic!("accepted: {:?}", e.id()),
        Err(e) => {
            assert!(e.line >= 1 && !e.hint.is_empty(), "{e:?}");
            e
        }
    }
}

#[test]
fn hostile_and_broken_documents_are_refused_and_no_entity_is_resolved() {
    let secret = std::env::temp_dir().join(format!("kanun-akn-secret-{}", std::process::id()));
    std::fs::write(&secret, "TOP-SECRET-CONTENT").unwrap();
    let xxe = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE akomaNtoso [<!ENTITY xxe SYSTEM \"file://{}\">]>\n<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"><act><meta/><body><p>&xxe;</p></body></act></akomaNtoso>",
        secret.display()
    );
    let e = refused(&xxe);
    assert!(e.message.contains("DOCTYPE") && e.line == 2, "{e:?}");
    assert!(!format!("{e:?}").contains("TOP-SECRET"));
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>\n<akomaNtoso>&lol3;</akomaNtoso>";
    assert!(refused(laughs).message.contains("DOCTYPE"));
    // An entity that was never declared is not guessed at.
    let undeclared = "<akomaNtoso>\n<act><meta/><body><p>&xxe;</p></body></act></akomaNtoso>";
    let e = refused(undeclared);
    assert!(e.message.contains("entity") && e.line == 2, "{e:?}");
    let deep = format!("<akomaNtoso>{}{}</akomaNtoso>", "<a>".repeat(200), "</a>".repeat(200));
    assert!(refused(&deep).message.contains("nested"));
    assert!(refused("").message.contains("akomaNtoso"));
    // Binary bytes that happen to be valid UTF-8 are not an Akoma Ntoso document either.
    refused("\u{0}\u{1}PK\u{3}\u{4} binary");
    let not_akn = "<?xml version=\"1.0\"?>\n<html><body/></html>";
    assert!(refused(not_akn).message.contains("akomaNtoso"));
    let unclosed = "<akomaNtoso>\n<act>\n<meta>";
    assert!(refused(unclosed).message.contains("ends inside"));
    let no_meta = "<akomaNtoso><act><body/></act></akomaNtoso>";
    assert!(refused(no_meta).message.contains("meta"));
    std::fs::remove_file(&secret).ok();
}

#[test]
fn a_changes_only_draft_keeps_replaces_and_repeals() {
    let path = root().join("tests/data/drafts/changes-merge-repeal.eng.md");
    let (_, e) = kanun_corpus::read_file(&path);
    let e = e.unwrap();
    assert!(e.walk().any(|p| !p.replaces.is_empty()) && e.walk().any(|p| !p.repeals.is_empty()));
    let xml = kanun_akn::export(&e, &kanun_akn::Options::default());
    let back = kanun_akn::import(&xml).unwrap();
    assert_eq!(back.body, e.body);
    assert_eq!(back.meta.scope, e.meta.scope);
}
