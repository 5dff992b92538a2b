//! Search end to end: the acceptance queries through `kanun search` on the bundled corpus, and inflected Russian
//! queries on the real Labour and Family Codes of the Russian Federation from `../shared/corpora/ru/txt/`.

use std::path::PathBuf;

use kanun_model::{Corpus, DocKind, Language, Metadata, Status};
use kanun_search::{SearchIndex, SearchOptions};
use serde_json::Value;

use crate::bad_inputs::tempdir;
use crate::kanun;

fn search_json(data: &std::path::Path, args: &[&str]) -> Value {
    let mut all = vec!["--data", data.to_str().unwrap(), "search", "--json", "--limit", "50"];
    all.extend_from_slice(args);
    let out = kanun(&all);
    assert!(out.status.success(), "kanun {all:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn hits(v: &Value) -> Vec<&Value> {
    v["hits"].as_array().unwrap().iter().collect()
}

#[test]
fn acceptance_queries_on_the_bundled_corpus() {
    let data = tempdir("search-acceptance");
    let out = kanun(&["--data", data.to_str().unwrap(), "index"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("works added"));
    // Beside the index: the catalog and who cites what in each language of the corpus (the server reads them).
    assert!(data.join("catalog.json").is_file());
    for lang in ["eng", "rus", "tuk"] {
        let f = data.join(format!("citations-{lang}.json"));
        let v: Value = serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
        assert!(v["incoming"].as_array().is_some_and(|a| !a.is_empty()), "{}", f.display());
    }

    // Russian: inflected forms of "социальная услуга", highlighted.
    let r = search_json(&data, &["социальная услуга", "--lang", "rus"]);
    let h = hits(&r);
    assert!(h.len() >= 5, "{r:#}");
    assert!(h.iter().all(|h| h["language"] == "rus"));
    let snippets: String = h.iter().map(|h| h["snippet_html"].as_str().unwrap()).collect();
    assert!(
        snippets.contains("<mark>социальных</mark> <mark>услуг</mark>")
            || snippets.contains("<mark>социальные</mark> <mark>услуги</mark>"),
        "{snippets}"
    );

    // Turkmen: a genitive plural finds hyzmat, hyzmatlar.
    let r = search_json(&data, &["hyzmatlaryň"]);
    let h = hits(&r);
    assert!(!h.is_empty() && h.iter().all(|h| h["language"] == "tuk"), "{r:#}");
    let snippets: String =
        h.iter().map(|h| h["snippet_html"].as_str().unwrap()).collect::<Vec<_>>().join(" ");
    assert!(
        snippets.contains("<mark>hyzmatlar</mark>") && snippets.contains("<mark>hyzmat</mark>"),
        "{snippets}"
    );

    // The date: on 2021-01-01 the Law "On Social Services" (in force from 2022) was not yet law; the Law "On
    // Social Work" (2020) and the Law "On Guardianship and Trusteeship" (2016) were.
    let r = search_json(&data, &["\"social worker\" asof:2021-01-01"]);
    let h = hits(&r);
    assert!(h.iter().any(|h| h["work"] == "/akn/tm/act/2019-11-09/social-work"), "{r:#}");
    assert!(h.iter().all(|h| h["date"].as_str().unwrap() <= "2021-01-01"), "{r:#}");
    assert!(h.iter().all(|h| h["work"] != "/akn/tm/act/2021-12-18/social-services"), "{r:#}");
    let now = search_json(&data, &["\"social worker\""]);
    assert!(hits(&now).iter().any(|h| h["work"] == "/akn/tm/act/2021-12-18/social-services"));

    // Point in time inside one law: the 2022 text says ten working days, the 2024 text seven.
    let r = search_json(&data, &["\"ten working days\" law:social-services asof:2023-01-01"]);
    assert_eq!(hits(&r).iter().map(|h| h["eid"].as_str().unwrap()).collect::<Vec<_>>(), ["art_15"]);
    let r = search_json(&data, &["\"ten working days\" law:social-services"]);
    assert!(hits(&r).is_empty(), "{r:#}");

    // A malformed query is an error with a position, exit 1, no panic.
    let out = kanun(&["--data", data.to_str().unwrap(), "search", "(licensing OR"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nothing after OR") && err.contains('^') && err.contains("hint:"), "{err}");
    std::fs::remove_dir_all(data).ok();
}

/// A code from `ru/txt/` (one line per paragraph) as corpus Markdown: Раздел/Глава/Статья lines become headings.
fn russian_code(file: &str, name: &str) -> kanun_model::Expression {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/ru/txt").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut md = String::from("# Кодекс\n\n");
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let lower = line.to_lowercase();
        let prefix = if lower.starts_with("раздел ") {
            "## "
        } else if lower.starts_with("глава ") {
            "### "
        } else if line.starts_with("Статья ") {
            "#### "
        } else {
            ""
        };
        md.push_str(prefix);
        md.push_str(line);
        md.push_str("\n\n");
    }
    let meta = Metadata {
        work: format!("/akn/ru/act/2001-12-30/{name}").parse().unwrap(),
        title: name.into(),
        language: Language::RUS,
        date: "2022-01-01".parse().unwrap(),
        status: Status::InForce,
        kind: DocKind::Law,
        source: "deep-foundation/russian-laws".into(),
        amends: None,
        base: None,
        scope: Default::default(),
        note: None,
    };
    kanun_markdown::parse_foreign(&md, meta).expression.unwrap()
}

#[test]
fn inflected_russian_queries_find_the_articles_a_lawyer_expects() {
    let mut corpus = Corpus::new();
    let labour = russian_code("Trudovoy_kodeks_RF__nd102074279.txt", "labour-code");
    let family = russian_code("Semeyny_kodeks_RF__nd102038925.txt", "family-code");
    assert_eq!(labour.article_count(), 529);
    assert_eq!(family.article_count(), 177);
    corpus.insert(labour).unwrap();
    corpus.insert(family).unwrap();
    let dir = tempdir("ru-codes");
    let mut ix = SearchIndex::open(&dir).unwrap();
    ix.sync(&corpus, &mut |_| {}).unwrap();
    // (query, work, eId that must be among the first five hits), chosen by reading the codes.
    let cases = [
        ("расторжение трудового договора по инициативе работодателя", "labour-code", "art_81"),
        ("расторжении трудового договора по инициативе работника", "labour-code", "art_80"),
        ("понятие трудового договора", "labour-code", "art_56"),
        ("содержание трудовых договоров", "labour-code", "art_57"),
        ("возраст заключения трудового договора", "labour-code", "art_63"),
        ("ежегодные оплачиваемые отпуска", "labour-code", "art_114"),
        ("нормальная продолжительность рабочего времени", "labour-code", "art_91"),
        ("командировки работников в возрасте до восемнадцати лет", "labour-code", "art_268"),
        ("расторжение брака в судебном порядке", "family-code", "art_21"),
        ("лишение родительских прав", "family-code", "art_69"),
        ("устройство детей, оставшихся без попечения родителей", "family-code", "art_123"),
        ("обязанности родителей по содержанию несовершеннолетних детей", "family-code", "art_80"),
        ("лица, имеющие право быть усыновителями", "family-code", "art_127"),
    ];
    let mut failed = Vec::new();
    for (q, work, eid) in cases {
        let r = ix
            .search(&kanun_query::parse(q).unwrap(), &SearchOptions { limit: 5, ..SearchOptions::default() })
            .unwrap();
        let top: Vec<String> =
            r.hits.iter().map(|h| format!("{}#{}", h.work.rsplit('/').next().unwrap(), h.eid)).collect();
        if !top.contains(&format!("{work}#{eid}")) {
            failed.push(format!("{q:?}: wanted {work}#{eid}, got {top:?}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    std::fs::remove_dir_all(dir).ok();
}

/// `kanun search` answers from the index without loading the corpus when the corpus files are the ones the index
/// was brought in line with (same paths, sizes and modification times), and loads it again once one is written.
#[test]
fn search_answers_from_the_index_while_the_corpus_files_are_unchanged() {
    let root = tempdir("search-fingerprint");
    let corpus = root.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let src = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/tm/social-services"));
    for f in ["eng@2022-01-01.md", "eng@2024-07-01.md"] {
        std::fs::copy(src.join(f), corpus.join(f)).unwrap();
    }
    let data = root.join("data");
    let (c, d) = (corpus.to_str().unwrap(), data.to_str().unwrap());
    let search = || kanun(&["--corpus", c, "--data", d, "search", "--json", "consent"]);
    let first = search();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let total = serde_json::from_slice::<Value>(&first.stdout).unwrap()["total"].clone();
    assert!(total.as_u64().unwrap() > 0);
    // Same size, same modification time, other bytes: a search that loaded the corpus would see a broken file.
    let f = corpus.join("eng@2024-07-01.md");
    let (len, mtime) = {
        let m = std::fs::metadata(&f).unwrap();
        (m.len() as usize, m.modified().unwrap())
    };
    std::fs::write(&f, "x".repeat(len)).unwrap();
    std::fs::File::options().write(true).open(&f).unwrap().set_modified(mtime).unwrap();
    let second = search();
    assert!(second.status.success());
    assert!(!String::from_utf8_lossy(&second.stderr).contains("have errors"), "the corpus was not loaded");
    assert_eq!(serde_json::from_slice::<Value>(&second.stdout).unwrap()["total"], total);
    // Written now (a new modification time): the corpus is loaded and the broken file reported.
    std::fs::File::options()
        .write(true)
        .open(&f)
        .unwrap()
        .set_modified(std::time::SystemTime::now())
        .unwrap();
    let third = search();
    assert!(
        String::from_utf8_lossy(&third.stderr).contains("have errors"),
        "{}",
        String::from_utf8_lossy(&third.stderr)
    );
    std::fs::remove_dir_all(&root).ok();
}
