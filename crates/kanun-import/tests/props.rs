//! The importers as properties, the twins of `fuzz/fuzz_targets/import_html.rs` and `import_docx.rs` that run
//! in `cargo test`: plain text, HTML tag soup and Word packages built here with random `document.xml` and
//! `numbering.xml` never make the import panic; the report is consistent (unplaced lines are lines of the text,
//! the confidence is between 0 and 1); a text that imports keeps every word. Then every input the fuzzer ever
//! found, from `tests/data/fuzz/import_html/` and `tests/data/fuzz/import_docx/`.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::io::Write as _;
use std::path::Path;

use kanun_import::{Meta, docx::docx_text, expression_words, from_docx, from_text, html_text, words};
use kanun_model::Language;
use proptest::prelude::*;

fn meta(language: Language) -> Meta {
    Meta {
        work: "/akn/tm/act/2021-12-18/x".parse().unwrap(),
        language,
        date: "2022-01-01".parse().unwrap(),
        title: None,
        source: "test".into(),
    }
}

fn check_report(imported: &kanun_import::Imported, text: &str) {
    let r = &imported.report;
    // The report counts a carriage return inside a line as a line break, as Markdown does.
    let lines = text.replace("\r\n", "\n").replace('\r', "\n").lines().count();
    assert!((0.0..=1.0).contains(&r.confidence), "confidence {}", r.confidence);
    for (n, _) in &r.unplaced {
        assert!(*n >= 1 && *n <= lines.max(1), "unplaced line {n} of {lines}");
    }
}

/// The text/HTML property, the same as the fuzz target's: the first byte picks the language and whether the
/// rest is HTML.
fn check_text(data: &[u8]) {
    let Some((first, rest)) = data.split_first() else { return };
    let Ok(input) = std::str::from_utf8(rest) else { return };
    let language = [Language::ENG, Language::RUS, Language::TUK, Language::DEU][usize::from(*first & 3)];
    let text = if first & 4 != 0 { html_text(input) } else { input.to_string() };
    // Line numbers in the report count a carriage return as a line break.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let imported = from_text(&text, &meta(language));
    check_report(&imported, &text);
    if let Some(e) = &imported.expression {
        let mut read: Vec<String> = text.lines().map(str::to_string).collect();
        for (n, from, to) in &imported.report.renumbered {
            read[n - 1] = read[n - 1].replacen(from.as_str(), to, 1);
        }
        // The corpus text is in NFC (a composition exclusion such as U+0B5C is decomposed, and its combining
        // mark splits the word): compare with the input as normalised.
        let read: Vec<String> = read.iter().map(|l| kanun_markdown::normalize_text(l)).collect();
        let mut a = words(&read.join("\n"));
        let mut b = expression_words(e);
        a.sort();
        b.sort();
        assert_eq!(a, b, "words lost or added\n{}", imported.markdown);
    }
}

/// A Word package of a `document.xml` (and a `numbering.xml`), stored.
fn package(document: &[u8], numbering: Option<&[u8]>) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut buf);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("word/document.xml", stored).unwrap();
    w.write_all(document).unwrap();
    if let Some(n) = numbering {
        w.start_file("word/numbering.xml", stored).unwrap();
        w.write_all(n).unwrap();
    }
    w.finish().unwrap();
    buf.into_inner()
}

/// The DOCX property, the same as the fuzz target's: an input starting with `PK` is the package, any other the
/// XML inside (`document.xml`, then after a NUL `numbering.xml`).
fn check_docx(data: &[u8]) {
    let bytes = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        match data.iter().position(|b| *b == 0) {
            Some(i) => package(&data[..i], Some(&data[i + 1..])),
            None => package(data, None),
        }
    };
    let Ok(imported) = from_docx(&bytes, &meta(Language::RUS)) else { return };
    let text = docx_text(&bytes).expect("the same package reads twice");
    check_report(&imported, &text);
}

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/fuzz").join(target);
    for f in std::fs::read_dir(&dir).into_iter().flatten() {
        check(&std::fs::read(f.unwrap().path()).unwrap());
    }
}

#[test]
fn inputs_the_fuzzer_found_stay_fixed() {
    replay("import_html", check_text);
    replay("import_docx", check_docx);
}

#[test]
fn markdown_in_a_plain_text_is_text() {
    let text = "Law\n1. preamble *a* `b`c &mp; [d](e) \\ <b>\n- f\nArticle 1. G_h_\n1. i ~~j~~ {#k}\n(a) l";
    let e = from_text(text, &meta(Language::ENG)).expression.unwrap();
    assert_eq!(e.preamble, ["1. preamble *a* `b`c &mp; [d](e) \\ <b>", "- f"]);
    let art = &e.body[0];
    assert_eq!(art.heading.as_deref(), Some("G_h_"));
    assert_eq!(art.children[0].intro, ["i ~~j~~ {#k}"]);
    // An empty text has nothing to place: the problem is on line 1, not on a line 0.
    let empty = from_text("", &meta(Language::ENG));
    assert!(empty.report.unplaced.iter().all(|(n, _)| *n == 1), "{:?}", empty.report.unplaced);
}

const TEXT_PIECES: &[&str] = &[
    "Article 1. ",
    "Статья 2. ",
    "3-nji madda. ",
    "§ 4 ",
    "Chapter I. ",
    "Глава 2 ",
    "BÖLÜM III ",
    "Part 1 ",
    "1. ",
    "2) ",
    "(3) ",
    "а) ",
    "(b) ",
    "Статья 191. ",
    "12-1. ",
    "text ",
    "слово ",
    "söz ",
    "\n",
    "\n\n",
    "  ",
    "*",
    "_",
    "`",
    "[",
    "](",
    ")",
    "<",
    ">",
    "&",
    "&amp;",
    "&mp;",
    "&#1072;",
    "#",
    "- ",
    "+ ",
    "= ",
    "|",
    "~",
    "\\",
    "{#",
    "}",
    "!",
    "^",
    "$",
    "\t",
    "\r\n",
    "ё",
    "\u{301}",
    "\u{0}",
    "\u{feff}",
];

const HTML_PIECES: &[&str] = &[
    "<p>",
    "</p>",
    "<div class=\"a\">",
    "</div>",
    "<br>",
    "<br/>",
    "<li>",
    "<tr><td>",
    "</td></tr>",
    "<h1>",
    "</h1>",
    "<b>",
    "</b>",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<head>",
    "</head>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<",
    ">",
    "&nbsp;",
    "&#",
    "&#x",
    ";",
    "&#1089;",
    "&#xFFFFFF;",
    "&#0;",
    "&amp;",
    "\"",
    "'",
    "Статья 1. ",
    "1) ",
    "text ",
    "\n",
];

const XML_PIECES: &[&str] = &[
    "<w:p>",
    "</w:p>",
    "<w:r>",
    "</w:r>",
    "<w:t>",
    "</w:t>",
    "<w:t xml:space=\"preserve\">",
    "<w:tab/>",
    "<w:br/>",
    "<w:pPr>",
    "</w:pPr>",
    "<w:numPr>",
    "</w:numPr>",
    "<w:ilvl w:val=\"0\"/>",
    "<w:ilvl w:val=\"99999999999\"/>",
    "<w:numId w:val=\"1\"/>",
    "<w:numId w:val=\"0\"/>",
    "<w:numId w:val=\"x\"/>",
    "Статья 1. ",
    "1. ",
    "а) ",
    "text ",
    "&amp;",
    "&#1072;",
    "&bogus;",
    "<!DOCTYPE x>",
    "<?xml version=\"1.0\"?>",
    "<",
    ">",
    "\"",
    "\u{0}",
];

const NUMBERING_PIECES: &[&str] = &[
    "<w:numbering>",
    "</w:numbering>",
    "<w:abstractNum w:abstractNumId=\"0\">",
    "</w:abstractNum>",
    "<w:lvl w:ilvl=\"0\">",
    "<w:lvl w:ilvl=\"1\">",
    "</w:lvl>",
    "<w:start w:val=\"1\"/>",
    "<w:start w:val=\"4294967295\"/>",
    "<w:numFmt w:val=\"decimal\"/>",
    "<w:numFmt w:val=\"russianLower\"/>",
    "<w:numFmt w:val=\"lowerLetter\"/>",
    "<w:numFmt w:val=\"upperRoman\"/>",
    "<w:lvlText w:val=\"%1.\"/>",
    "<w:lvlText w:val=\"%1.%2)\"/>",
    "<w:lvlText w:val=\"%9%%\"/>",
    "<w:num w:numId=\"1\">",
    "</w:num>",
    "<w:abstractNumId w:val=\"0\"/>",
    "<w:abstractNumId w:val=\"7\"/>",
];

fn soup(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pieces), 0..max).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(first in any::<u8>(), text in "\\PC{0,300}") {
        check_text(&[&[first], text.as_bytes()].concat());
    }

    #[test]
    fn law_shaped_text(first in any::<u8>(), text in soup(TEXT_PIECES, 80)) {
        check_text(&[&[first & 3], text.as_bytes()].concat());
    }

    #[test]
    fn html_tag_soup(first in any::<u8>(), html in soup(HTML_PIECES, 80)) {
        check_text(&[&[first | 4], html.as_bytes()].concat());
    }

    #[test]
    fn arbitrary_bytes_as_a_package(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut b = b"PK\x03\x04".to_vec();
        b.extend(bytes);
        check_docx(&b);
    }

    #[test]
    fn word_xml_soup(document in soup(XML_PIECES, 60), numbering in prop::option::of(soup(NUMBERING_PIECES, 30))) {
        let doc = format!("<w:document xmlns:w=\"w\"><w:body>{document}</w:body></w:document>");
        let num = numbering.map(|n| format!("<w:numbering xmlns:w=\"w\">{n}</w:numbering>"));
        let mut data = doc.into_bytes();
        if let Some(n) = num {
            data.push(0);
            data.extend(n.into_bytes());
        }
        check_docx(&data);
    }
}
