//! The `kanun` command line on the bundled corpus: check, laws, show (point-in-time, parallel languages), and its
//! errors.

use serde_json::Value;

use crate::kanun;

fn stdout(args: &[&str]) -> String {
    let out = kanun(args);
    assert!(out.status.success(), "kanun {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout(args)).expect("JSON output")
}

#[test]
fn the_bundled_corpus_checks_clean() {
    let out = kanun(&["check", "corpus"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(" 0 errors"), "{text}");
    let report = json(&["check", "--json"]);
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 0, "the sample corpus has no warnings either: {report:#}");
}

#[test]
fn laws_lists_six_works_in_two_languages_and_150_articles_per_language() {
    let laws = json(&["laws", "--json"]);
    let works = laws["works"].as_array().unwrap();
    let statutes: Vec<&Value> = works.iter().filter(|w| w["kind"] == "law").collect();
    assert!(statutes.len() >= 6, "{} laws", statutes.len());
    for w in &statutes {
        let langs = w["languages"].as_array().unwrap();
        assert!(langs.len() >= 2, "{} has {langs:?}", w["uri"]);
        assert!(langs.iter().any(|l| l == "eng") && langs.iter().any(|l| l == "rus"), "{}", w["uri"]);
    }
    let tuk =
        statutes.iter().filter(|w| w["languages"].as_array().unwrap().iter().any(|l| l == "tuk")).count();
    assert!(tuk >= 2, "{tuk} works in Turkmen");
    for lang in ["eng", "rus"] {
        let n = laws["articles_in_force_by_language"][lang].as_u64().unwrap();
        assert!(n >= 150, "{n} {lang} articles");
    }
    // One work has two dated expressions; one draft amends the Law "On Social Services".
    assert!(statutes.iter().any(|w| {
        let dates: std::collections::BTreeSet<&str> =
            w["expressions"].as_array().unwrap().iter().map(|e| e["date"].as_str().unwrap()).collect();
        dates.len() >= 2
    }));
    let drafts: Vec<&Value> = works.iter().filter(|w| w["kind"] == "draft").collect();
    assert!(drafts.iter().any(|d| d["amends"] == "/akn/tm/act/2021-12-18/social-services"), "{drafts:#?}");
    let text = stdout(&["laws"]);
    assert!(text.contains("/akn/tm/act/2021-12-18/social-services"), "{text}");
}

#[test]
fn show_prints_article_1_in_russian() {
    let text = stdout(&["show", "/akn/tm/act/2021-12-18/social-services", "art_1", "--lang", "rus"]);
    assert!(text.contains("Статья 1. Основные понятия"), "{text}");
    assert!(text.contains("rus@"), "{text}");
    let text = stdout(&["show", "social-services", "art_1", "--lang", "tuk"]);
    assert!(text.contains("1-nji madda"), "{text}");
}

#[test]
fn show_is_point_in_time_aware() {
    let before =
        json(&["show", "social-services", "art_1", "--lang", "eng", "--asof", "2023-06-30", "--json"]);
    assert_eq!(before["in_force_from"], "2022-01-01");
    let after = json(&["show", "social-services", "art_1", "--lang", "eng", "--json"]);
    assert_ne!(after["in_force_from"], "2022-01-01", "the latest expression is later");
    assert!(after["parallel"].as_array().unwrap().iter().any(|l| l == "rus"));
    let out = kanun(&["show", "social-services", "art_1", "--asof", "2020-01-01"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not yet in force") && err.contains("2022-01-01"), "{err}");
}

#[test]
fn show_errors_say_what_exists() {
    let out = kanun(&["show", "social-services", "art_999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no provision \"art_999\""));
    let out = kanun(&["show", "no-such-law"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("kanun laws"));
    let out = kanun(&["show", "social-services", "--lang", "english"]);
    assert_eq!(out.status.code(), Some(2), "a malformed option is a usage error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("ISO 639-2"));
    let out = kanun(&["show", "social-services", "--asof", "2023-02-30"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such day"));
}

#[test]
fn help_has_examples() {
    for cmd in [&["--help"][..], &["check", "--help"], &["laws", "--help"], &["show", "--help"]] {
        let text = stdout(cmd);
        assert!(text.contains("Examples:"), "{cmd:?}: {text}");
    }
}

#[test]
fn every_corpus_file_round_trips() {
    let loaded =
        kanun_corpus::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")).unwrap();
    assert!(loaded.files.len() >= 13);
    for e in loaded.corpus.expressions() {
        let again = kanun_markdown::parse(&kanun_markdown::render(e), None).expression.unwrap();
        if &again != e {
            panic!(
                "{} changes in the round trip:\n{}",
                e.id(),
                crate::real_texts::first_difference(e, &again)
            );
        }
    }
}
