//! A character XML 1.0 forbids (U+0000, U+0001, U+FFFF) in a law's text, an author or a justification must never
//! reach a DOCX: Word refuses the whole file. The inputs refuse such characters (E019 for corpus files and drafts,
//! the store for annotations); the writer drops them as the last defence, so every part of every DOCX is
//! well-formed XML.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::io::Read as _;

fn law(date: &str, text: &str) -> kanun_model::Expression {
    let src = format!(
        "+++\nwork = \"/akn/tm/act/2020-01-01/x\"\ntitle = \"X\"\nlanguage = \"eng\"\ndate = {date}\nsource = \"illustrative\"\n+++\n# Law on X\n\n### Article 1. Scope\n\n{text}\n"
    );
    let p = kanun_markdown::parse(&src, None);
    if text.chars().any(kanun_model::text::xml_forbidden) {
        assert!(p.diagnostics.iter().any(|d| d.code == "E019"), "{:?}", p.diagnostics);
    }
    p.expression.unwrap()
}

/// Every XML part of a package parses, and none holds a forbidden character.
fn well_formed(docx: Vec<u8>) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().to_string();
        if !name.ends_with(".xml") && !name.ends_with(".rels") {
            continue;
        }
        let mut xml = String::new();
        part.read_to_string(&mut xml).unwrap();
        assert!(kanun_model::text::first_xml_forbidden(&xml).is_none(), "{name} holds a forbidden character");
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name} is not well-formed at {}: {e}", reader.buffer_position()),
            }
        }
    }
}

#[test]
fn control_characters_never_reach_a_docx() {
    let base = law("2020-01-01", "This Law applies to X.");
    let draft = law("2022-01-01", "This Law applies to X\u{0} and\u{1} Y\u{FFFF}.");
    let r = kanun_redline::compare(&base, &draft, &[]);
    let tracked = kanun_docx::tracked(&r, "Working\u{0} group", "2026-10-01T00:00:00Z").unwrap();
    well_formed(tracked.clone());
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(tracked)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    assert!(
        xml.contains("This Law applies to X<") && xml.contains("> and Y<"),
        "the words, without the controls: {xml}"
    );
    assert!(xml.contains("w:author=\"Working group\""), "the author without them");
    well_formed(kanun_docx::table(&r, "Ayna\u{7}").unwrap());
}

/// The same redline gives the same bytes, however many documents the process made before: tracked changes are
/// numbered from 0 in each document (docx-rs counts them for the whole process).
#[test]
fn the_same_redline_gives_the_same_docx() {
    let base = law("2020-01-01", "This Law applies to X.");
    let draft = law("2022-01-01", "This Law applies to Y and Z.");
    let r = kanun_redline::compare(&base, &draft, &[]);
    let first = kanun_docx::tracked(&r, "Kanun", "2026-10-01T00:00:00Z").unwrap();
    let _other = kanun_docx::tracked(&r, "Someone", "2026-10-01T00:00:00Z").unwrap();
    let again = kanun_docx::tracked(&r, "Kanun", "2026-10-01T00:00:00Z").unwrap();
    assert!(first == again, "a second DOCX of the same redline differs");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(again)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let mut ids: Vec<usize> = ["<w:ins w:id=\"", "<w:del w:id=\""]
        .iter()
        .flat_map(|tag| xml.split(tag).skip(1))
        .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
        .collect();
    ids.sort_unstable();
    assert!(ids.len() >= 2, "{xml}");
    assert_eq!(ids, (0..ids.len()).collect::<Vec<_>>(), "unique, from 0");
}
