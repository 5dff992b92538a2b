//! DOCX import (`kanun_import::from_docx`) on arbitrary bytes: it never panics (a bad package is an error, not a
//! crash), and an imported document's report is consistent: unplaced lines are lines of the text, the
//! confidence is between 0 and 1.
//!
//! An input starting with `PK` is the package itself (ZIP structure, compression, the size and foreign-package
//! checks); any other input is the XML inside, so that mutations reach the XML reader intact: the bytes before
//! the first NUL are `word/document.xml`, those after it `word/numbering.xml`, stored in a ZIP made here.

#![no_main]

use std::io::Write as _;

use kanun_import::{Meta, docx::docx_text, from_docx};
use kanun_model::Language;
use libfuzzer_sys::fuzz_target;

fn package(data: &[u8]) -> Vec<u8> {
    let (document, numbering) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut buf);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("word/document.xml", stored).expect("zip");
    w.write_all(document).expect("zip");
    if let Some(n) = numbering {
        w.start_file("word/numbering.xml", stored).expect("zip");
        w.write_all(n).expect("zip");
    }
    w.finish().expect("zip");
    buf.into_inner()
}

fuzz_target!(|data: &[u8]| {
    let meta = Meta {
        work: "/akn/tm/act/2021-12-18/x".parse().expect("work"),
        language: Language::RUS,
        date: "2022-01-01".parse().expect("date"),
        title: None,
        source: "fuzz".into(),
    };
    let bytes = if data.starts_with(b"PK") { data.to_vec() } else { package(data) };
    let Ok(imported) = from_docx(&bytes, &meta) else { return };
    let text = docx_text(&bytes).expect("the same package reads twice");
    // The report counts a carriage return inside a line as a line break, as Markdown does.
    let lines = text.replace("\r\n", "\n").replace('\r', "\n").lines().count();
    let r = &imported.report;
    assert!((0.0..=1.0).contains(&r.confidence), "confidence {}", r.confidence);
    for (n, _) in &r.unplaced {
        assert!(*n >= 1 && *n <= lines.max(1), "unplaced line {n} of {lines}");
    }
});
