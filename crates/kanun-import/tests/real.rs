//! Real published texts from `../shared/corpora/ru/txt/` (the Family and Labour Codes of the Russian Federation,
//! one line per paragraph): imported with the counts of articles and chapters read off the files, every word of
//! the input in the output, and the lines that could not be placed reported by number.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::path::PathBuf;

use kanun_import::{Meta, expression_words, from_text, words};
use kanun_model::Kind;

fn corpora() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpora"))
}

fn import(file: &str, work: &str) -> (String, kanun_import::Imported) {
    let text = std::fs::read_to_string(corpora().join(file)).unwrap();
    let meta = Meta {
        work: work.parse().unwrap(),
        language: "rus".parse().unwrap(),
        date: "2023-07-31".parse().unwrap(),
        title: None,
        source: format!("../shared/corpora/{file}"),
    };
    let i = from_text(&text, &meta);
    (text, i)
}

fn count(e: &kanun_model::Expression, k: Kind) -> usize {
    e.walk().filter(|p| p.kind == k).count()
}

fn check_no_text_lost(text: &str, i: &kanun_import::Imported) {
    let e = i
        .expression
        .as_ref()
        .unwrap_or_else(|| panic!("errors: {:?}", &i.report.unplaced[..i.report.unplaced.len().min(10)]));
    // The input as read: article numbers whose superscript the source lost are compared as the importer
    // reports it read them (19¹ written "191" is "19.1").
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for (n, from, to) in &i.report.renumbered {
        lines[n - 1] = lines[n - 1].replacen(from.as_str(), to, 1);
    }
    let mut a = words(&lines.join("\n"));
    let mut b = expression_words(e);
    a.sort();
    b.sort();
    if a != b {
        let mut missing = a.clone();
        for w in &b {
            if let Some(p) = missing.iter().position(|x| x == w) {
                missing.swap_remove(p);
            }
        }
        panic!(
            "{} input words, {} output words; missing e.g. {:?}",
            a.len(),
            b.len(),
            &missing[..missing.len().min(20)]
        );
    }
}

#[test]
fn family_code_imports_with_its_articles_and_loses_no_text() {
    let (text, i) = import("ru/txt/Semeyny_kodeks_RF__nd102038925.txt", "/akn/ru/act/1995-12-29/family-code");
    let e = i.expression.as_ref().unwrap();
    println!("{:?}", i.report);
    // Read off the file: 177 lines "Статья N." and 22 "ГЛАВА N." under 8 "РАЗДЕЛ".
    assert_eq!(count(e, Kind::Article), text.lines().filter(|l| l.starts_with("Статья ")).count());
    assert_eq!(count(e, Kind::Article), 177);
    assert_eq!(count(e, Kind::Chapter), text.lines().filter(|l| l.starts_with("ГЛАВА ")).count());
    assert_eq!(count(e, Kind::Section), text.lines().filter(|l| l.starts_with("РАЗДЕЛ ")).count());
    assert_eq!((count(e, Kind::Chapter), count(e, Kind::Section)), (22, 8));
    // Article 1 as read in the file: four numbered parts, the heading, part 2's words.
    let a1 = e.find("art_1").unwrap();
    assert_eq!(a1.heading.as_deref(), Some("Основные начала семейного законодательства"));
    assert_eq!(a1.children.len(), 4);
    assert_eq!(
        e.find("art_1__para_2").unwrap().intro[0],
        "Признается брак, заключенный только в органах записи актов гражданского состояния."
    );
    assert!(e.find("art_1__para_1").is_some());
    check_no_text_lost(&text, &i);
    assert!(i.report.confidence > 0.95, "{}", i.report.confidence);
}

#[test]
fn labour_code_imports_with_its_529_articles_and_70_chapters() {
    let (text, i) =
        import("ru/txt/Trudovoy_kodeks_RF__nd102074279.txt", "/akn/ru/act/2001-12-30/labour-code");
    let e = i.expression.as_ref().unwrap_or_else(|| {
        panic!("{:?}", i.report.unplaced.iter().filter(|u| u.1.starts_with('E')).take(10).collect::<Vec<_>>())
    });
    println!("{:?}", i.report);
    assert_eq!(count(e, Kind::Article), 529);
    // 63 chapters and 7 inserted ones (Глава 48¹ written "481", 49¹, 50¹, 53¹ …): 70 chapter headings in the file.
    assert_eq!(count(e, Kind::Chapter), 70);
    assert_eq!(
        count(e, Kind::Chapter),
        text.lines().filter(|l| l.to_lowercase().starts_with("глава ")).count()
    );
    assert_eq!(count(e, Kind::Section), 14);
    // Articles 19.1, 22.1–22.3, 35.1 … are written 191, 221 … in this conversion: read back as inserted articles.
    let r: Vec<(usize, &str, &str)> =
        i.report.renumbered.iter().map(|(n, a, b)| (*n, a.as_str(), b.as_str())).take(2).collect();
    assert_eq!(r, [(186, "191", "19.1"), (264, "221", "22.1")]);
    assert!(e.find("art_19-1").is_some() && e.find("art_191").is_some());
    check_no_text_lost(&text, &i);
}

#[test]
fn family_code_html_gives_the_same_articles_as_its_text() {
    let html =
        std::fs::read_to_string(corpora().join("ru/html/Semeyny_kodeks_RF__nd102038925.html")).unwrap();
    let meta = Meta {
        work: "/akn/ru/act/1995-12-29/family-code".parse().unwrap(),
        language: "rus".parse().unwrap(),
        date: "2023-07-31".parse().unwrap(),
        title: None,
        source: "html".into(),
    };
    let i = kanun_import::from_html(&html, &meta);
    let e = i
        .expression
        .as_ref()
        .unwrap_or_else(|| panic!("{:?}", &i.report.unplaced[..i.report.unplaced.len().min(5)]));
    assert_eq!(count(e, Kind::Article), 177);
    let (_, t) = import("ru/txt/Semeyny_kodeks_RF__nd102038925.txt", "/akn/ru/act/1995-12-29/family-code");
    let te = t.expression.unwrap();
    let eids = |x: &kanun_model::Expression| x.walk().map(|p| p.eid.clone()).collect::<Vec<_>>();
    assert_eq!(eids(e), eids(&te));
    assert!(!i.markdown.contains("<span") && !i.markdown.contains("mso-"));
}
