//! Text held by a container rather than an article (an annex, a closing formula) appears in every redline format:
//! CriticMarkup (md), HTML and DOCX with tracked changes, changed words marked, unchanged text kept.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::io::Read as _;

fn law(date: &str, annex: &str, formula: &str) -> kanun_model::Expression {
    let src = format!(
        "+++\nwork = \"/akn/tm/act/2020-01-01/x\"\ntitle = \"X\"\nlanguage = \"eng\"\ndate = {date}\nsource = \"illustrative\"\n+++\n# Law on X\n\n## Chapter I. General\n\n### Article 1. Scope\n\nThis Law applies to X.\n\n## Annex. Form of the application {{#annex_1}}\n\n{annex}\n\n## Closing formula {{#formula}}\n\n{formula}\n"
    );
    let p = kanun_markdown::parse(&src, None);
    assert!(!p.has_errors(), "{:?}", p.diagnostics);
    p.expression.unwrap()
}

#[test]
fn container_text_is_in_the_md_html_and_docx_redlines() {
    let base = law("2020-01-01", "The applicant gives a name and an address.", "President of Turkmenistan.");
    let draft = law(
        "2022-01-01",
        "The applicant gives a name, an address and a telephone number.",
        "President of Turkmenistan.",
    );
    let r = kanun_redline::compare(&base, &draft, &[]);
    let annex = r.rows.iter().find(|row| row.lines[0].accepted().contains("Annex")).unwrap();
    assert!(annex.changed(), "{annex:?}");

    let md = kanun_redline::critic::render(&r);
    assert!(
        // The space before the words added at the end of the sentence goes with them: rejecting the change gives
        // "an address." (not "an address .").
        md.contains("The applicant gives a name{~~ and~>,~~} an address{++ and a telephone number++}."),
        "{md}"
    );
    assert!(md.contains("telephone number"), "{md}");
    assert!(md.contains("President of Turkmenistan."), "the unchanged closing formula: {md}");

    let html = kanun_redline::html::fragment(&r);
    assert!(html.contains("<ins>") && html.contains("telephone number"), "{html}");
    assert!(html.contains("President of Turkmenistan."), "{html}");

    let docx = kanun_docx::tracked(&r, "Working group", "2026-10-01T00:00:00Z").unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    assert!(xml.contains("telephone number"), "the inserted words of the annex");
    assert!(xml.contains("<w:ins ") && xml.contains("<w:del "), "tracked changes");
    assert!(xml.contains("President of Turkmenistan."), "the closing formula");
}
