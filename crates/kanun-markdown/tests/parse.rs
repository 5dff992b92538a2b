//! Data-driven tests of the corpus parser: each case is a Markdown body and the outline of the tree it must give
//! (one line per provision: eId, heading, intro | wrap-up), or the diagnostics it must report.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use kanun_markdown::{parse, render};
use kanun_model::{Expression, Provision};

const FM: &str = "+++\nwork = \"/akn/tm/act/2021-12-18/social-services\"\ntitle = \"T\"\nlanguage = \"eng\"\ndate = 2022-01-01\nsource = \"illustrative\"\n+++\n";

fn outline(e: &Expression) -> String {
    fn go(p: &Provision, out: &mut String) {
        out.push_str(&p.eid);
        if p.wid != p.eid {
            out.push_str(&format!(" {{{}}}", p.wid));
        }
        if let Some(h) = &p.heading {
            out.push_str(&format!(" [{h}]"));
        }
        if p.repealed {
            out.push_str(" (repealed)");
        }
        if !p.intro.is_empty() {
            out.push_str(&format!(" {:?}", p.intro));
        }
        if !p.wrap_up.is_empty() {
            out.push_str(&format!(" wrap {:?}", p.wrap_up));
        }
        if !p.notes.is_empty() {
            out.push_str(&format!(" notes {:?}", p.notes));
        }
        out.push('\n');
        for c in &p.children {
            go(c, out);
        }
    }
    let mut out = String::new();
    if !e.preamble.is_empty() {
        out.push_str(&format!("preamble {:?}\n", e.preamble));
    }
    for p in &e.body {
        go(p, &mut out);
    }
    out
}

/// Parses `FM + body`, checks there are no errors, that rendering and parsing again gives the same tree, and
/// that the outline is `expect`.
fn check(body: &str, expect: &str) {
    let src = format!("{FM}{body}");
    let parsed = parse(&src, None);
    let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let expr = parsed.expression.expect("expression");
    assert_eq!(outline(&expr).trim(), expect.trim(), "\n{}", outline(&expr));
    let rendered = render(&expr);
    let again = parse(&rendered, None);
    assert_eq!(again.expression.as_ref(), Some(&expr), "round trip changed the tree; rendered:\n{rendered}");
}

#[test]
fn russian_style_parts_points_subpoints() {
    check(
        "# Закон\n\nПреамбула.\n\n## Глава I. Общие положения\n\n### Статья 1. Основные понятия\n\n\
         1. Используются понятия:\n   1) услуга — помощь;\n   2) поставщик — орган, который:\n      а) зарегистрирован;\n      б) работает.\n\
         2. Иные понятия.\n\n### Статья 2. Законодательство\n\nТекст статьи.\n\nВторой абзац.\n",
        r#"
preamble ["Преамбула."]
chp_1 [Общие положения]
art_1 [Основные понятия]
art_1__para_1 ["Используются понятия:"]
art_1__para_1__point_1 ["услуга — помощь;"]
art_1__para_1__point_2 ["поставщик — орган, который:"]
art_1__para_1__point_2__point_a ["зарегистрирован;"]
art_1__para_1__point_2__point_b ["работает."]
art_1__para_2 ["Иные понятия."]
art_2 [Законодательство] ["Текст статьи.", "Второй абзац."]
"#,
    );
}

#[test]
fn german_style_absatz_nummer_buchstabe() {
    check(
        "# Gesetz\n\n## Abschnitt 1 - Allgemeines\n\n### § 1 Ziel\n\n(1) Ziel ist es.\n\n(1a) Träger sind\n\n\
         1.  Dienststellen des Bundes,\n\n2.  Beliehene, soweit sie\n    a)  Aufgaben wahrnehmen,\n    b)  beaufsichtigt sind.\n\n\
         (2) Die Träger sollen fördern. Das gilt auch für Länder.\n\n### § 2 (weggefallen)\n\n### § 3 Frauen\n\nText.\n",
        r#"
sec_1 [Allgemeines]
art_1 [Ziel]
art_1__para_1 ["Ziel ist es."]
art_1__para_1a ["Träger sind"]
art_1__para_1a__point_1 ["Dienststellen des Bundes,"]
art_1__para_1a__point_2 ["Beliehene, soweit sie"]
art_1__para_1a__point_2__point_a ["Aufgaben wahrnehmen,"]
art_1__para_1a__point_2__point_b ["beaufsichtigt sind."]
art_1__para_2 ["Die Träger sollen fördern. Das gilt auch für Länder."]
art_2 [(weggefallen)] (repealed)
art_3 [Frauen] ["Text."]
"#,
    );
}

#[test]
fn wrap_up_text_and_notes() {
    check(
        "# Law\n\n### Article 5. Refusal\n\nIntro of the article.\n\n1. A provider may refuse:\n   1) when full;\n   2) when unsafe.\n\n   The refusal is written.\n2. Second part.\n\nWrap-up of the article.\n\n> Justification: clearer rules.\n",
        r#"
art_5 [Refusal] ["Intro of the article."] wrap ["Wrap-up of the article."] notes ["Justification: clearer rules."]
art_5__para_1 ["A provider may refuse:"] wrap ["The refusal is written."]
art_5__para_1__point_1 ["when full;"]
art_5__para_1__point_2 ["when unsafe."]
art_5__para_2 ["Second part."]
"#,
    );
}

#[test]
fn turkmen_headings_and_letters() {
    check(
        "# Kanun\n\n## I bap. Umumy düzgünler\n\n### 1-nji madda. Esasy düşünjeler\n\n1. Düşünjeler:\n   1) hyzmat — kömek;\n      a) öýde;\n      ç) merkezde.\n\n### 1-1-nji madda. Täze {#art_new}\n\nTekst.\n\n### 20-nji madda. (güýjüni ýitirdi)\n",
        r#"
chp_1 [Umumy düzgünler]
art_1 [Esasy düşünjeler]
art_1__para_1 ["Düşünjeler:"]
art_1__para_1__point_1 ["hyzmat — kömek;"]
art_1__para_1__point_1__point_a ["öýde;"]
art_1__para_1__point_1__point_c ["merkezde."]
art_1-1 {art_new} [Täze] ["Tekst."]
art_20 [(güýjüni ýitirdi)] (repealed)
"#,
    );
}

#[test]
fn points_directly_in_article_and_nested_containers() {
    check(
        "# Code\n\n## Section I. General Part\n\n### Chapter 1. General\n\n#### Article 1. Grounds\n\nA contract ends:\n\n1) by agreement;\n2) on expiry.\n\n### Chapter 2. Pensions\n\n#### Article 2. Old age\n\nText.\n\n## Section II. Special Part\n\n### Chapter 3. Benefits\n\n#### Article 3. Birth\n\nText.\n",
        r#"
sec_1 [General Part]
sec_1__chp_1 [General]
art_1 [Grounds] ["A contract ends:"]
art_1__point_1 ["by agreement;"]
art_1__point_2 ["on expiry."]
sec_1__chp_2 [Pensions]
art_2 [Old age] ["Text."]
sec_2 [Special Part]
sec_2__chp_3 [Benefits]
art_3 [Birth] ["Text."]
"#,
    );
}

#[test]
fn separate_title_heading_and_missing_space() {
    check(
        "# Convention\n\n### Article  1\n\n####Purpose\n\nThe purpose is to promote.\n\n###Article 2\n\n####Definitions\n\nFor the purposes:\n",
        r#"
art_1 [Purpose] ["The purpose is to promote."]
art_2 [Definitions] ["For the purposes:"]
"#,
    );
}

#[test]
fn escaped_markers_are_text() {
    check(
        "# Law\n\n### Article 1. Dates\n\n1\\. January is a month.\n\n\\(2) is not a part.\n",
        r#"
art_1 [Dates] ["1. January is a month.", "(2) is not a part."]
"#,
    );
}

#[test]
fn inline_markup_is_reduced_to_text() {
    check(
        "# Law\n\n### Article 1. Terms\n\nThe *provider* and the **recipient** under [Article 2](#art_2) and `code`.\n",
        r#"
art_1 [Terms] ["The provider and the recipient under Article 2 and code."]
"#,
    );
}

#[test]
fn draft_attributes_are_read_and_rendered_back() {
    let src = "+++\nwork = \"/akn/tm/bill/2026-10-01/x\"\ntitle = \"T\"\nlanguage = \"eng\"\ndate = 2026-10-01\nkind = \"draft\"\namends = \"/akn/tm/act/2021-12-18/social-services\"\nbase = 2024-07-01\nscope = \"changes\"\nsource = \"illustrative\"\n+++\n# Draft\n\n### Article 7. Duties {replaces=art_7,art_8}\n\nMerged text.\n\n### Article 14. Complaints {#art_12 repeals=art_13}\n\nMoved text.\n\n### Article 29 {repeals}\n";
    let parsed = parse(src, None);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let e = parsed.expression.unwrap();
    assert_eq!(e.meta.scope, kanun_model::DraftScope::Changes);
    let arts: Vec<_> = e.articles().collect();
    assert_eq!(arts[0].replaces, ["art_7", "art_8"]);
    assert_eq!((arts[1].wid.as_str(), arts[1].repeals.as_slice()), ("art_12", &["art_13".to_string()][..]));
    assert_eq!(arts[2].repeals, ["art_29"]);
    let again = parse(&render(&e), None).expression.unwrap();
    assert_eq!(again, e);
    assert!(render(&e).contains("Article 29 {repeals}"), "{}", render(&e));
}
