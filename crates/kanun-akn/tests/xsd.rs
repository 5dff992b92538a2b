//! Every expression of the sample corpus exports to Akoma Ntoso that the official XSD accepts (`xmllint
//! --schema ../shared/akn/akomantoso30.xsd`, Debian `libxml2-utils`, installed by `.ci/run`; required, not
//! skipped), with its metadata, eIds and resolved references.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn export_all() -> Vec<(String, String)> {
    let loaded = kanun_corpus::load(&root().join("corpus")).unwrap();
    let c = &loaded.corpus;
    let mut out = Vec::new();
    for e in c.expressions() {
        let refs = kanun_refs::references(e, Some(c)).into_iter().map(|a| (a.eid, a.references)).collect();
        let o = kanun_akn::Options { generated: "2026-11-23".into(), references: refs };
        out.push((e.id().to_string(), kanun_akn::export(e, &o)));
    }
    // The drafts of changes only in tests/data (replaces, repeals, scope) validate too.
    for f in ["changes-only.eng.md", "changes-merge-repeal.eng.md"] {
        let (_, e) = kanun_corpus::read_file(&root().join("tests/data/drafts").join(f));
        let e = e.unwrap();
        out.push((format!("tests/data/drafts/{f}"), kanun_akn::export(&e, &kanun_akn::Options::default())));
    }
    out
}

#[test]
fn every_sample_expression_validates_against_the_official_schema() {
    let xsd = root().join("../shared/akn/akomantoso30.xsd");
    assert!(xsd.exists(), "{} is missing: the AKN schema lives in ../shared/akn", xsd.display());
    let dir = std::env::temp_dir().join(format!("kanun-akn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for (i, (id, xml)) in export_all().into_iter().enumerate() {
        let f = dir.join(format!("{i}.xml"));
        std::fs::write(&f, &xml).unwrap();
        files.push((id, f));
    }
    assert!(files.len() >= 21, "{} expressions", files.len());
    let mut args = vec!["--noout".to_string(), "--schema".to_string(), xsd.display().to_string()];
    args.extend(files.iter().map(|(_, f)| f.display().to_string()));
    let out = Command::new("xmllint")
        .args(&args)
        .output()
        .unwrap_or_else(|e| panic!("xmllint is required (Debian libxml2-utils; .ci/run installs it): {e}"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    // One "validates" line per file.
    assert_eq!(err.matches(" validates").count(), files.len(), "{err}");
    // The check can fail: the same export with a provision's eId given twice is refused by the schema.
    let (_, first) = &files[0];
    let xml = std::fs::read_to_string(first).unwrap();
    let broken = xml.replacen("eId=\"art_2\"", "eId=\"art_1\"", 1);
    assert_ne!(broken, xml);
    let bad = dir.join("broken.xml");
    std::fs::write(&bad, broken).unwrap();
    let out = Command::new("xmllint")
        .args(["--noout", "--schema", &xsd.display().to_string(), &bad.display().to_string()])
        .output()
        .unwrap();
    assert!(!out.status.success(), "a duplicate eId must not validate");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_export_carries_frbr_metadata_eids_and_references() {
    let all = export_all();
    let (_, xml) =
        all.iter().find(|(id, _)| id == "/akn/tm/act/2021-12-18/social-services/eng@2024-07-01").unwrap();
    for needle in [
        "<FRBRuri value=\"/akn/tm/act/2021-12-18/social-services\"/>",
        "<FRBRuri value=\"/akn/tm/act/2021-12-18/social-services/eng@2024-07-01\"/>",
        "<FRBRlanguage language=\"eng\"/>",
        "<article eId=\"art_10-1\">",
        "<paragraph eId=\"art_1__para_1\">",
        "<point eId=\"art_1__para_1__point_8\">",
        "<num>Article 1</num>",
        "<ref href=\"/akn/tm/act/2021-12-18/social-services/~art_1__para_1__point_8\">point 8 of part 1 of Article 1 of this Law</ref>",
        "<article eId=\"art_32\" wId=\"art_31\">",
        "status=\"removed\"",
    ] {
        assert!(xml.contains(needle), "missing {needle}");
    }
    // Text is escaped: a quoted title in the text survives as text.
    assert!(xml.contains("&quot;On Social Work&quot;") || xml.contains("\"On Social Work\""));
    let _ = Path::new("");
}
