//! The DOCX files checked by reading them back: the package unzips to well-formed XML with `w:ins`/`w:del`
//! carrying author and date, and an independent reader (pandoc) agrees that accepting every change gives the
//! draft's text and rejecting every change gives the base's. pandoc is required (Debian `pandoc`, installed by
//! `.ci/run`): without it these tests fail rather than skip.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use kanun_model::{Corpus, Date, Expression, Language};
use kanun_redline::{Class, Redline, Segment, Side, synth};

const AUTHOR: &str = "Working group";
const DATE: &str = "2026-10-01T00:00:00Z";

fn corpus() -> Corpus {
    kanun_corpus::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")).unwrap().corpus
}

fn sample(c: &Corpus, lang: Language) -> Redline {
    let draft = c.work("social-services-amendments").unwrap().at(lang, None).unwrap();
    let base = c.work("social-services").unwrap().at(lang, Some(Date::new(2024, 7, 1).unwrap())).unwrap();
    kanun_redline::redline(base, draft, &[]).unwrap()
}

fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn well_formed(xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("malformed XML at {}: {e}", reader.buffer_position()),
        }
    }
}

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let p = std::env::temp_dir().join(format!("kanun-docx-{}-{name}", std::process::id()));
    std::fs::write(&p, bytes).unwrap();
    p
}

/// pandoc's reading of a DOCX as plain text, lines with whitespace squashed, empty lines dropped.
fn pandoc(path: &Path, changes: &str) -> Vec<String> {
    pandoc_to(path, changes, "plain")
}

fn pandoc_to(path: &Path, changes: &str, to: &str) -> Vec<String> {
    let out = Command::new("pandoc")
        .args(["--from", "docx", "--to", to, "--wrap=none"])
        .arg(format!("--track-changes={changes}"))
        .arg(path)
        .output()
        .expect("pandoc must be installed (Debian package pandoc; .ci/run installs it)");
    assert!(out.status.success(), "pandoc: {}", String::from_utf8_lossy(&out.stderr));
    lines(&String::from_utf8(out.stdout).unwrap())
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

fn squash(v: Vec<String>) -> Vec<String> {
    lines(&v.join("\n"))
}

fn check_tracked(r: &Redline, name: &str) {
    let bytes = kanun_docx::tracked(r, AUTHOR, DATE).unwrap();
    let xml = part(&bytes, "word/document.xml");
    well_formed(&xml);
    let has = |side: Side, seg: fn(&Segment) -> bool| {
        r.rows.iter().any(|row| {
            row.side == side || row.side == Side::Both && row.lines.iter().any(|l| l.segments.iter().any(seg))
        })
    };
    let (ins, del) = (
        has(Side::Draft, |s| matches!(s, Segment::Insert(_))),
        has(Side::Base, |s| matches!(s, Segment::Delete(_))),
    );
    assert!(ins || del, "{name}: nothing changed");
    assert_eq!(xml.contains("<w:ins "), ins, "{name}: w:ins");
    assert_eq!(xml.contains("<w:del "), del, "{name}: w:del");
    for attr in [format!("w:author=\"{AUTHOR}\""), format!("w:date=\"{DATE}\"")] {
        assert!(xml.contains(&attr), "{name}: no {attr}");
    }
    let path = temp(name, &bytes);
    assert_eq!(pandoc(&path, "accept"), squash(r.accepted()), "{name}: accepting all is not the draft");
    assert_eq!(pandoc(&path, "reject"), squash(r.rejected()), "{name}: rejecting all is not the base");
    std::fs::remove_file(path).ok();
}

#[test]
fn the_sample_draft_as_tracked_changes_reads_back_as_draft_and_base() {
    let c = corpus();
    for lang in [Language::ENG, Language::RUS] {
        check_tracked(&sample(&c, lang), &format!("sample-{}.docx", lang.code()));
    }
}

#[test]
fn moves_new_removed_and_split_articles_read_back_too() {
    let c = corpus();
    let base: &Expression = c.work("social-protection-code").unwrap().at(Language::ENG, None).unwrap();
    let wanted =
        [Class::Modified, Class::Renumbered, Class::New, Class::Repealed, Class::Split, Class::Merged];
    let mut seen = std::collections::BTreeSet::new();
    let mut moved_checked = false;
    let mut checked = 0;
    for seed in 0..400 {
        if moved_checked && wanted.iter().all(|c| seen.contains(c)) {
            break;
        }
        let case = synth::draft_from(base, seed, 6);
        let r = kanun_redline::compare(base, &case.draft, &[]);
        let new_classes: Vec<Class> =
            wanted.into_iter().filter(|c| r.summary.get(*c) > 0 && !seen.contains(c)).collect();
        let moved = r.rows.iter().any(|row| row.moved);
        if new_classes.is_empty() && (moved_checked || !moved) {
            continue;
        }
        moved_checked |= moved;
        seen.extend(new_classes);
        check_tracked(&r, &format!("generated-{seed}.docx"));
        checked += 1;
    }
    assert!(moved_checked, "no generated draft with a moved article was checked");
    for c in wanted {
        assert!(seen.contains(&c), "no generated draft with a {c} article was checked");
    }
    assert!(checked >= 3);
}

#[test]
fn text_that_xml_must_escape_survives() {
    let src = |text: &str| {
        format!(
            "+++\nwork = \"/akn/tm/act/2021-12-18/x\"\ntitle = \"X\"\nlanguage = \"eng\"\ndate = 2022-01-01\nsource = \"illustrative\"\n+++\n# Law\n\n### Article 1. Scope\n\n{text}\n"
        )
    };
    let base = kanun_markdown::parse(&src("Providers <b>must</b> & may \"not\" say 'no'."), None)
        .expression
        .unwrap();
    let draft = kanun_markdown::parse(&src("Providers <i>shall</i> & may \"never\" say 'no' > 0."), None)
        .expression
        .unwrap();
    let r = kanun_redline::compare(&base, &draft, &[]);
    check_tracked(&r, "escape.docx");
}

#[test]
fn the_comparative_table_reads_back_with_its_columns_and_changes() {
    let c = corpus();
    let r = sample(&c, Language::ENG);
    let bytes = kanun_docx::table(&r, AUTHOR).unwrap();
    well_formed(&part(&bytes, "word/document.xml"));
    let path = temp("table.docx", &bytes);
    // HTML, since pandoc's plain text draws tables as grids with wrapped cells.
    let text = pandoc_to(&path, "accept", "html").join("\n");
    for needle in [
        "Current wording",
        "Proposed wording",
        "Justification",
        "ten working",
        "Article 22-1",
        "(new article)",
    ] {
        assert!(text.contains(needle), "{needle} not in:\n{text}");
    }
    assert!(text.contains("Unchanged articles (not shown): 31"), "{text}");
    std::fs::remove_file(path).ok();
    let ru = kanun_docx::table(&sample(&c, Language::RUS), AUTHOR).unwrap();
    let path = temp("table-ru.docx", &ru);
    let text = pandoc_to(&path, "accept", "html").join("\n");
    assert!(text.contains("Действующая редакция") && text.contains("Предлагаемая редакция"), "{text}");
    std::fs::remove_file(path).ok();
}

#[test]
fn a_bad_date_is_refused() {
    let c = corpus();
    let err = kanun_docx::tracked(&sample(&c, Language::ENG), AUTHOR, "1 October").unwrap_err();
    assert!(err.to_string().contains("ISO 8601"), "{err}");
}
