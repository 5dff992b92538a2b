//! Plain text made from every law of the sample corpus (as a gazette prints it: title, preamble, headings, one
//! line per part and point) imports back to the same tree, in English, Russian and Turkmen; and lines the
//! importer cannot place are reported by their line number.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use kanun_import::{Meta, from_text};
use kanun_model::{DocKind, Expression, Kind, Provision};

fn print(p: &Provision, out: &mut Vec<String>) {
    if p.kind.is_container() || p.kind == Kind::Article {
        out.push(p.display_heading());
        if p.kind == Kind::Article {
            out.extend(p.text_lines().into_iter().map(|l| l.text));
            return;
        }
    }
    for c in &p.children {
        print(c, out);
    }
}

fn as_published(e: &Expression) -> String {
    let mut out = vec![e.long_title.clone()];
    out.extend(e.preamble.iter().cloned());
    for p in &e.body {
        print(p, &mut out);
    }
    out.join("\n")
}

#[test]
fn every_sample_law_printed_as_text_imports_to_the_same_tree() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
    let loaded = kanun_corpus::load(std::path::Path::new(root)).unwrap();
    let mut n = 0;
    for e in loaded.corpus.expressions().filter(|e| e.meta.kind == DocKind::Law) {
        let meta = Meta {
            work: e.meta.work.clone(),
            language: e.meta.language,
            date: e.meta.date,
            title: Some(e.meta.title.clone()),
            source: "test".into(),
        };
        let i = from_text(&as_published(e), &meta);
        let back = i.expression.as_ref().unwrap_or_else(|| panic!("{}: {:?}", e.id(), i.report.unplaced));
        let strip = |ps: &[Provision]| -> Vec<Provision> {
            // Identity attributes ({#wid}) are corpus bookkeeping, not printed text.
            fn s(p: &Provision) -> Provision {
                let mut q = p.clone();
                q.wid = q.eid.clone();
                q.children = q.children.iter().map(s).collect();
                q
            }
            ps.iter().map(s).collect()
        };
        let eids = |ps: &[Provision]| {
            ps.iter().flat_map(|p| p.walk().map(|q| q.eid.clone()).collect::<Vec<_>>()).collect::<Vec<_>>()
        };
        assert_eq!(eids(&back.body), eids(&e.body), "{}", e.id());
        assert!(strip(&back.body) == strip(&e.body), "{}: same eIds, different text", e.id());
        assert_eq!(back.long_title, e.long_title);
        assert_eq!(back.preamble, e.preamble, "{}", e.id());
        assert!(i.report.unplaced.is_empty(), "{}: {:?}", e.id(), i.report.unplaced);
        assert_eq!(i.report.confidence, 1.0);
        n += 1;
    }
    assert!(n >= 17, "{n}");
}

#[test]
fn lines_that_cannot_be_placed_are_reported_by_number() {
    let meta = Meta {
        work: "/akn/tm/act/2020-01-01/example".parse().unwrap(),
        language: "eng".parse().unwrap(),
        date: "2020-01-01".parse().unwrap(),
        title: None,
        source: "test".into(),
    };
    let text = "Law of Turkmenistan \"On an Example\"\nArticle 1. Scope\n1. This Law applies.\nArticle 1. Scope again\nText.\n";
    let i = from_text(text, &meta);
    // A number given twice is a defect of the source, reported on its line; it never blocks the law: the second
    // article gets an eId of its own.
    assert!(
        i.report.unplaced.iter().any(|(line, msg)| *line == 4 && msg.contains("W115")),
        "{:?}",
        i.report.unplaced
    );
    assert!(i.report.confidence < 1.0);
    let e = i.expression.as_ref().unwrap();
    assert_eq!(e.body.iter().map(|p| p.eid.as_str()).collect::<Vec<_>>(), ["art_1", "art_1-dup2"]);
    assert_eq!(e.find("art_1-dup2__para_1"), None);
    assert_eq!(e.find("art_1-dup2").unwrap().intro, ["Text."]);
    assert_eq!(i.report.lines.get("article"), Some(&2));
}

/// A repealed subparagraph of a Russian code that names the articles it held («5. (Статья 95)» over «(Подпараграф
/// утратил силу …)») is a container between two articles, not a fifth part of the article before it (the Civil
/// Code publishes it so, outside any heading block).
#[test]
fn a_repealed_subparagraph_between_articles_is_a_container() {
    let meta = Meta {
        work: "/akn/ru/act/2000-01-01/civil".parse().unwrap(),
        language: "rus".parse().unwrap(),
        date: "2023-07-31".parse().unwrap(),
        title: None,
        source: "test".into(),
    };
    let html = "<p class=\"T\">ГРАЖДАНСКИЙ КОДЕКС</p><p class=\"H\">Статья 94. Выход участника</p>\
        <p>1. Участник вправе выйти.</p><p>2. Доля переходит к обществу.</p>\
        <p class=\"I\"><span class=\"W4\">5. (Статья 95)</span></p>\
        <p><span class=\"mark\">(Подпараграф утратил силу - Федеральный закон от 05.05.2014 № 99-ФЗ)</span></p>\
        <p class=\"H\">6. Акционерное общество</p><p class=\"H\">Статья 96. Основные положения</p><p>1. Текст.</p>";
    let i = kanun_import::from_html(html, &meta);
    let e = i.expression.expect("imports");
    let art94 = e.find("art_94").expect("art_94");
    let parts: Vec<&str> = art94.children.iter().map(|c| c.eid.as_str()).collect();
    assert_eq!(parts, ["art_94__para_1", "art_94__para_2"], "no fifth part «(Статья 95)»");
    assert!(e.find("art_96").is_some());
    let stub = e.walk().find(|p| p.heading.as_deref().is_some_and(|h| h.contains("(Статья 95)")));
    assert!(stub.is_some_and(|p| p.kind != kanun_model::Kind::Article && p.kind != kanun_model::Kind::Para));
}
