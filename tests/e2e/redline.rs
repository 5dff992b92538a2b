//! `kanun diff` on the sample draft: the CriticMarkup redline, the JSON summary, the HTML redline in
//! Russian, the amendment instructions in English and Russian, the DOCX files; bad arguments give clear errors.

use serde_json::Value;

use crate::bad_inputs::tempdir;
use crate::kanun;

fn diff(args: &[&str]) -> (i32, String, String) {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let data = tempdir(&format!("diff-{}", N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)));
    let data = data.to_str().unwrap();
    let mut all = vec!["--data", data, "diff", "social-services", "social-services-amendments"];
    all.extend_from_slice(args);
    let out = kanun(&all);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_sample_draft_reads_as_tracked_changes() {
    let (code, md, err) = diff(&["--format", "md"]);
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("2. A complaint is examined within {~~fifteen~>ten working~~} days"), "{md}");
    assert!(md.contains("### {++Article 22-1. Case management++} {>>new<<}"), "{md}");
    assert!(md.contains("parental care{++, to older persons living alone++} and"), "{md}");

    let (code, json, err) = diff(&["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["summary"]["new"], 1);
    assert_eq!(v["summary"]["modified"], 4);
    assert_eq!(v["base"], "/akn/tm/act/2021-12-18/social-services/eng@2024-07-01");

    let (code, html, err) = diff(&["--format", "html", "--lang", "rus"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        html.contains("<html lang=\"ru\">") && html.contains("<ins>") && html.contains("<del>"),
        "{html}"
    );
    assert!(html.contains("Действующая редакция</th><th scope=\"col\">Предлагаемая редакция"), "{html}");
}

#[test]
fn instructions_in_english_and_russian_drafting_style() {
    let (code, en, err) = diff(&["--format", "instructions"]);
    assert_eq!(code, 0, "{err}");
    for line in [
        "In part 2 of Article 31 the words \"fifteen\" shall be replaced by the words \"ten working\".",
        "In part 1 of Article 24 after the words \"without parental care\" the words \", to older persons living alone\" shall be inserted.",
        "Article 14 shall be supplemented after part 2 as follows:",
        "The Law shall be supplemented after Article 22 with the following article:",
        "    \"Article 22-1. Case management",
    ] {
        assert!(en.contains(line), "{line}\n---\n{en}");
    }
    let (code, ru, err) = diff(&["--format", "instructions", "--lang", "rus"]);
    assert_eq!(code, 0, "{err}");
    for line in ["После статьи 22 дополнить статьёй 22-1 следующего содержания:", "    «Статья 22-1. "]
    {
        assert!(ru.contains(line), "{line}\n---\n{ru}");
    }
    assert!(ru.contains("В части 2 статьи 31 слова «"), "{ru}");
}

/// Snapshots of what a person reviewed: the sample draft's HTML redline and comparative table. After a deliberate
/// change, `UPDATE_SNAPSHOTS=1 cargo test --test e2e snapshots`, then read the diff of the files before committing.
#[test]
fn snapshots_of_the_sample_redline_and_table() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/snapshots");
    for (format, lang, file) in [
        ("html", "eng", "sample-redline.eng.html"),
        ("table", "eng", "sample-table.eng.html"),
        ("table", "rus", "sample-table.rus.html"),
    ] {
        let (code, out, err) = diff(&["--format", format, "--lang", lang]);
        assert_eq!(code, 0, "{err}");
        let path = dir.join(file);
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &out).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap();
        if out != want {
            let k = out.lines().zip(want.lines()).position(|(a, b)| a != b).unwrap_or(0);
            panic!(
                "{file} differs at line {}:\n got: {:?}\nwant: {:?}\n(if the change is meant: UPDATE_SNAPSHOTS=1, then review the diff)",
                k + 1,
                out.lines().nth(k),
                want.lines().nth(k)
            );
        }
    }
}

#[test]
fn a_linked_annotation_fills_the_justification_of_the_new_article() {
    let data = tempdir("diff-linked");
    let data = data.to_str().unwrap();
    let target = "/akn/tm/bill/2026-10-01/social-services-amendments/eng@2026-10-01#art_22-1";
    let out = kanun(&[
        "--data",
        data,
        "annotate",
        "add",
        "--work",
        "social-services",
        "--eid",
        "art_22",
        "--type",
        "recommendation",
        "--author",
        "Reviewer <b>",
        "--body",
        "Assign a case manager <script>x</script> to every recipient.",
        "--link",
        &format!("implemented-by={target}"),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out =
        kanun(&["--data", data, "diff", "social-services", "social-services-amendments", "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = v["rows"].as_array().unwrap().iter().find(|r| r["draft"][0]["eid"] == "art_22-1").unwrap();
    assert!(row["justification"].to_string().contains("Assign a case manager"), "{row}");
    assert_eq!(row["review"][0]["linked"], true, "{row}");
    let out =
        kanun(&["--data", data, "diff", "social-services", "social-services-amendments", "--format", "html"]);
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.contains("Reviewer &lt;b&gt;") && !html.contains("<script>x"), "user text must be escaped");
    let bad = kanun(&[
        "--data",
        data,
        "annotate",
        "add",
        "--work",
        "social-services",
        "--eid",
        "art_1",
        "--author",
        "A",
        "--body",
        "B",
        "--link",
        "no-equals-sign",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("write REL=TARGET"));
}

#[test]
fn docx_files_are_written() {
    let dir = tempdir("diff-docx");
    for format in ["docx", "table-docx"] {
        let file = dir.join(format!("{format}.docx"));
        let (code, _, err) =
            diff(&["--format", format, "--author", "Working group", "-o", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        let bytes = std::fs::read(&file).unwrap();
        assert_eq!(&bytes[..2], b"PK", "{format} is a ZIP package");
    }
}

#[test]
fn bad_arguments_are_explained() {
    let (code, _, err) = diff(&["--format", "pdf"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("unknown format \"pdf\" (html, md, json, table, docx, table-docx or instructions)"),
        "{err}"
    );
    let data = tempdir("diff-bad");
    let out = kanun(&["--data", data.to_str().unwrap(), "diff", "social-services", "no-such-draft.md"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("neither a file nor a work in the corpus"), "{err}");
}
