//! `kanun gen-corpus`: the same seed gives the same bytes, the output passes `kanun check` with no diagnostic
//! and is searchable, and bad arguments are refused with a reason.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::kanun;

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kanun-e2e-gen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// Every file under `dir` with its bytes, by relative path.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn same_seed_same_bytes_and_the_output_checks_clean() {
    let (a, b, c) = (scratch("a"), scratch("b"), scratch("c"));
    for (dir, seed) in [(&a, "11"), (&b, "11"), (&c, "12")] {
        let out = kanun(&[
            "gen-corpus",
            "--articles",
            "2500",
            "--lang",
            "rus",
            "--seed",
            seed,
            "--out",
            dir.to_str().unwrap(),
            "--json",
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(summary["articles"], 2500);
    }
    let (sa, sb, sc) = (snapshot(&a), snapshot(&b), snapshot(&c));
    assert!(sa.len() > 10, "{} files", sa.len());
    assert_eq!(sa, sb, "the same seed must give the same bytes");
    assert_ne!(sa, sc, "another seed must give another corpus");

    let out = kanun(&["--corpus", a.to_str().unwrap(), "check", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["errors"], 0, "{report}");
    assert_eq!(report["summary"]["warnings"], 0, "{report}");

    // Searchable: the definitions article of every law.
    let data = scratch("data");
    let out = kanun(&[
        "--corpus",
        a.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--annotations",
        data.join("none").to_str().unwrap(),
        "search",
        "\"основные понятия\" art:1",
        "--json",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let works =
        sa.keys().filter_map(|k| k.split('/').next()).collect::<std::collections::BTreeSet<_>>().len();
    assert_eq!(results["total"], works as u64, "one definitions article per law in force");
    // Each in its own law: the law facet lists 20 of them and counts the others, in the JSON and in the text.
    assert!(works > 20, "{works} laws");
    assert_eq!(results["facets"]["work"].as_array().unwrap().len(), 20, "{}", results["facets"]);
    assert_eq!(results["facets_more"]["work"], (works - 20) as u64, "{}", results["facets_more"]);
    let out = kanun(&[
        "--corpus",
        a.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--annotations",
        data.join("none").to_str().unwrap(),
        "search",
        "\"основные понятия\" art:1",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let by_work = text.lines().find(|l| l.starts_with("by work: ")).unwrap_or_else(|| panic!("{text}"));
    assert_eq!(by_work.matches(", ").count(), 19, "20 laws listed: {by_work}");
    assert!(by_work.ends_with(&format!(" (and {} more)", works - 20)), "{by_work}");
    for d in [a, b, c, data] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn gen_corpus_refuses_a_non_empty_directory_and_bad_arguments() {
    let dir = scratch("full");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("keep.md"), "mine").unwrap();
    let out = kanun(&["gen-corpus", "--articles", "10", "--out", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not empty") && err.contains("--out"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.join("keep.md")).unwrap(), "mine", "nothing written over");

    let out = kanun(&["gen-corpus", "--articles", "0", "--out", dir.join("x").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let out =
        kanun(&["gen-corpus", "--articles", "10", "--lang", "deu", "--out", dir.join("y").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("deu"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}
