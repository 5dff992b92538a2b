//! A number reused after a repeal names a new provision: an annotation on the repealed stub is orphaned in the
//! later text, not moved onto the unrelated article that now has the number; the new article keeps its own
//! identity (wId) in the texts after it.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use kanun_anchor::{Label, resolve};
use kanun_model::annotation::Target;

fn text(date: &str, art41: &str) -> String {
    format!(
        "+++\nwork = \"/akn/ru/act/2000-01-01/code\"\ntitle = \"Кодекс\"\nlanguage = \"rus\"\ndate = {date}\nsource = \"illustrative\"\n+++\n# Кодекс\n\n### Статья 40. Предмет\n\nКодекс регулирует отношения.\n\n### Статья 41. {art41}\n"
    )
}

#[test]
fn an_annotation_on_a_repealed_stub_does_not_follow_its_number() {
    let dir = std::env::temp_dir().join(format!("kanun-reused-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("ru/code")).unwrap();
    std::fs::write(
        dir.join("ru/code/rus@2015-01-01.md"),
        text("2015-01-01", "(Утратила силу - Федеральный закон от 01.01.2015 № 1-ФЗ)"),
    )
    .unwrap();
    std::fs::write(
        dir.join("ru/code/rus@2023-01-01.md"),
        text("2023-01-01", "Цифровые платформы\n\nОператор платформы обязан вести реестр."),
    )
    .unwrap();
    std::fs::write(
        dir.join("ru/code/rus@2024-01-01.md"),
        text("2024-01-01", "Цифровые платформы\n\nОператор платформы обязан вести реестр и публиковать его."),
    )
    .unwrap();
    let c = kanun_corpus::load(&dir).unwrap().corpus;
    let w = c.work("code").unwrap();
    let [v1, v2, v3] = w.expressions() else { panic!("three texts") };
    let stub = v1.find("art_41").unwrap();
    assert!(stub.repealed);
    assert_eq!(stub.wid, "art_41");
    assert_eq!(v2.find("art_41").unwrap().wid, "art_41~2023-01-01");
    assert_eq!(v3.find("art_41").unwrap().wid, "art_41~2023-01-01", "the new article keeps its identity");
    assert_eq!(v2.find("art_40").unwrap().wid, "art_40", "other provisions keep theirs");

    let on = |e: &kanun_model::Expression, eid: &str| {
        let p = e.find(eid).unwrap();
        Target {
            work: e.meta.work.clone(),
            expression: e.id(),
            wid: p.wid.clone(),
            eid: eid.into(),
            quote: None,
            position: None,
            content_hash: Some(kanun_anchor::content_hash(&p.plain_text())),
        }
    };
    assert_eq!(resolve(&on(v1, "art_41"), v2).label, Label::Orphaned, "the stub's note in the new text");
    assert_eq!(resolve(&on(v1, "art_41"), v1).label, Label::Exact);
    assert_eq!(resolve(&on(v2, "art_41"), v3).label, Label::TextChanged, "the new article, amended");
    assert_eq!(resolve(&on(v1, "art_40"), v3).label, Label::Exact);
    // The batched resolver agrees.
    let r = kanun_anchor::Resolver::new(v2);
    assert_eq!(r.resolve(&on(v1, "art_41")).label, Label::Orphaned);
    std::fs::remove_dir_all(dir).ok();
}
