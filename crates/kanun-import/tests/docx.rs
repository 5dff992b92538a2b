//! DOCX import: a Word document made from every sample law (numbers written out, and with Word's automatic
//! numbering) imports to the corpus tree; a renamed ZIP of something else, a zip bomb and corrupt bytes are
//! refused with a clear error.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::io::Write as _;

use kanun_import::docx::DocxError;
use kanun_import::{Meta, from_docx};
use kanun_model::{DocKind, Provision};

fn meta(e: &kanun_model::Expression) -> Meta {
    Meta {
        work: e.meta.work.clone(),
        language: e.meta.language,
        date: e.meta.date,
        title: Some(e.meta.title.clone()),
        source: "docx".into(),
    }
}

fn no_wids(ps: &[Provision]) -> Vec<Provision> {
    fn s(p: &Provision) -> Provision {
        let mut q = p.clone();
        q.wid = q.eid.clone();
        q.children = q.children.iter().map(s).collect();
        q
    }
    ps.iter().map(s).collect()
}

#[test]
fn a_docx_made_from_each_sample_law_imports_to_the_same_tree() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
    let loaded = kanun_corpus::load(std::path::Path::new(root)).unwrap();
    let mut n = 0;
    for e in loaded.corpus.expressions().filter(|e| e.meta.kind == DocKind::Law) {
        for word_numbering in [false, true] {
            let bytes = kanun_docx::law(e, word_numbering).unwrap();
            let i = from_docx(&bytes, &meta(e)).unwrap();
            let back = i
                .expression
                .as_ref()
                .unwrap_or_else(|| panic!("{} ({word_numbering}): {:?}", e.id(), i.report.unplaced));
            assert!(no_wids(&back.body) == no_wids(&e.body), "{} (Word numbering: {word_numbering})", e.id());
            assert_eq!(back.preamble, e.preamble);
            n += 1;
        }
    }
    assert!(n >= 34, "{n}");
}

#[test]
fn word_numbering_is_written_out() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
    let loaded = kanun_corpus::load(std::path::Path::new(root)).unwrap();
    let e = loaded.corpus.work("social-services").unwrap().at("eng".parse().unwrap(), None).unwrap();
    let bytes = kanun_docx::law(e, true).unwrap();
    // The numbers are not in the document's text: Word numbers the paragraphs.
    let text = kanun_import::docx::docx_text(&bytes).unwrap();
    assert!(text.contains("\n1. For the purposes of this Law"), "{}", &text[..300]);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
    let mut doc = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut doc).unwrap();
    assert!(
        doc.contains("<w:numPr>") && !doc.contains(">1. For the purposes"),
        "the parts must be Word-numbered"
    );
}

fn zip_of(name: &str, data: &[u8]) -> Vec<u8> {
    zip_with(&[(name, data)])
}

fn zip_with(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        for (name, data) in files {
            w.start_file(
                *name,
                zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated),
            )
            .unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn foreign_packages_zip_bombs_and_corrupt_files_are_refused() {
    let e = kanun_model::Expression {
        meta: kanun_model::Metadata {
            work: "/akn/tm/act/2020-01-01/x".parse().unwrap(),
            title: "x".into(),
            language: "eng".parse().unwrap(),
            date: "2020-01-01".parse().unwrap(),
            status: kanun_model::Status::InForce,
            kind: DocKind::Law,
            source: String::new(),
            amends: None,
            base: None,
            scope: Default::default(),
            note: None,
        },
        long_title: String::new(),
        preamble: vec![],
        body: vec![],
    };
    let m = meta(&e);
    assert_eq!(from_docx(&zip_of("hello.txt", b"hello"), &m).unwrap_err(), DocxError::NotWord);
    // 40 MB of zeros deflate to a few dozen kilobytes.
    let bomb = zip_of("word/document.xml", &vec![b'0'; 40 << 20]);
    assert!(bomb.len() < 1 << 20);
    assert_eq!(from_docx(&bomb, &m).unwrap_err(), DocxError::TooLarge("word/document.xml".into()));
    assert!(matches!(from_docx(b"PK\x03\x04 corrupt", &m).unwrap_err(), DocxError::NotZip(_)));
    let dtd = zip_of("word/document.xml", b"<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><w:document>&x;</w:document>");
    assert!(matches!(from_docx(&dtd, &m).unwrap_err(), DocxError::Xml(_, msg) if msg.contains("DOCTYPE")));
}

/// A Word file whose `document.xml` was cut in half imported with exit 0 and "confidence 1.000" as a partial
/// law. Malformed XML in a package is refused with the part and the byte where it stops.
#[test]
fn a_truncated_document_is_refused_naming_the_part_and_position() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
    let loaded = kanun_corpus::load(std::path::Path::new(root)).unwrap();
    let e = loaded.corpus.work("social-services").unwrap().at("eng".parse().unwrap(), None).unwrap();
    let bytes = kanun_docx::law(e, false).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
    let mut doc = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut doc).unwrap();
    let mut half = doc.len() / 2;
    while !doc.is_char_boundary(half) {
        half -= 1;
    }
    let cut = zip_of("word/document.xml", &doc.as_bytes()[..half]);
    let err = from_docx(&cut, &meta(e)).unwrap_err();
    let DocxError::Xml(part, msg) = &err else { panic!("{err:?}") };
    assert_eq!(part, "word/document.xml");
    assert!(msg.contains("cut short") && msg.contains("byte"), "{msg}");
    // A closing tag that does not match its opening one: broken, named.
    let bad = zip_of("word/document.xml", b"<w:document><w:body><w:p></w:body></w:document>");
    let err = from_docx(&bad, &meta(e)).unwrap_err();
    assert!(
        matches!(&err, DocxError::Xml(p, m) if p == "word/document.xml" && m.contains("broken near byte")),
        "{err:?}"
    );
    // The whole file still imports.
    assert!(from_docx(&bytes, &meta(e)).unwrap().expression.is_some());
}

/// Tracked changes read both ways: accepted (inserted text kept, deleted text gone, moved text where it went)
/// and rejected (the text they were made on), with who made them, paragraph by paragraph.
#[test]
fn tracked_changes_are_read_accepted_and_rejected_with_their_authors() {
    let doc = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>Article 1. Scope</w:t></w:r></w:p>
<w:p><w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve">Care is given for </w:t></w:r><w:del w:id="1" w:author="Aman Orazov" w:date="2026-12-01T00:00:00Z"><w:r><w:delText>thirty</w:delText></w:r></w:del><w:ins w:id="2" w:author="Maya Berdiyeva" w:date="2026-12-01T00:00:00Z"><w:r><w:t>sixty</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> days.</w:t></w:r></w:p>
<w:p><w:pPr><w:rPr><w:ins w:id="3" w:author="Maya Berdiyeva" w:date="2026-12-01T00:00:00Z"/></w:rPr></w:pPr><w:ins w:id="4" w:author="Maya Berdiyeva" w:date="2026-12-01T00:00:00Z"><w:r><w:t>A new paragraph.</w:t></w:r></w:ins></w:p>
<w:p><w:pPr><w:rPr><w:del w:id="5" w:author="Aman Orazov" w:date="2026-12-01T00:00:00Z"/></w:rPr></w:pPr><w:del w:id="6" w:author="Aman Orazov" w:date="2026-12-01T00:00:00Z"><w:r><w:delText>An old paragraph.</w:delText></w:r></w:del></w:p>
<w:p><w:moveFrom w:id="7" w:author="Aman Orazov"><w:r><w:t>Moved words.</w:t></w:r></w:moveFrom></w:p>
<w:p><w:r><w:t xml:space="preserve">Last. </w:t></w:r><w:moveTo w:id="8" w:author="Aman Orazov"><w:r><w:t>Moved words.</w:t></w:r></w:moveTo></w:p>
</w:body></w:document>"#;
    let notes = r#"<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="Maya Berdiyeva"><w:p><w:r><w:t>Thirty days are too few</w:t></w:r></w:p><w:p><w:r><w:t>for carers.</w:t></w:r></w:p></w:comment></w:comments>"#;
    let bytes = zip_with(&[("word/document.xml", doc.as_bytes()), ("word/comments.xml", notes.as_bytes())]);
    let t = kanun_import::docx::docx_tracked(&bytes).unwrap();
    assert_eq!(t.accepted[1].comments, ["Thirty days are too few for carers."]);
    assert!(t.accepted[2].comments.is_empty());
    assert!(t.has_changes());
    assert_eq!(
        t.accepted_text(),
        "Article 1. Scope\nCare is given for sixty days.\nA new paragraph.\nLast. Moved words."
    );
    assert_eq!(
        t.rejected_text(),
        "Article 1. Scope\nCare is given for thirty days.\nAn old paragraph.\nMoved words.\nLast."
    );
    assert_eq!(t.accepted[1].authors, ["Aman Orazov", "Maya Berdiyeva"]);
    assert_eq!(t.accepted[2].authors, ["Maya Berdiyeva"]);
    assert!(t.accepted[0].authors.is_empty(), "an unchanged paragraph has no author");
    // The plain text of a document is its accepted text.
    assert_eq!(kanun_import::docx::docx_text(&bytes).unwrap(), t.accepted_text());
    // A document without tracked changes reads the same both ways.
    let plain = zip_of(
        "word/document.xml",
        br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Text.</w:t></w:r></w:p></w:body></w:document>"#,
    );
    let t = kanun_import::docx::docx_tracked(&plain).unwrap();
    assert!(!t.has_changes());
    assert_eq!((t.accepted_text(), t.rejected_text()), ("Text.".to_string(), "Text.".to_string()));
}
