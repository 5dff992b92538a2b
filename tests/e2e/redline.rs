//! `kanun diff` on the sample draft: the CriticMarkup redline, the JSON summary, the HTML redline in
//! Russian, the amendment instructions in English, Russian and Turkmen, the DOCX files; bad arguments give clear errors.

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

/// A Turkmen draft gets its instructions in Turkmen drafting style by default, and each reads back to the draft
/// (the interpreter applies what was written: the text is the draft's wording).
#[test]
fn instructions_in_turkmen_drafting_style() {
    let (code, tk, err) = diff_file("tests/data/drafts/changes.tuk.md", "instructions");
    assert_eq!(code, 0, "{err}");
    let want = [
        "1. 12-nji maddasynyň 1-nji böleginde «, keseli» sözlerini aýyrmaly.",
        "2. 15-nji maddasynyň 1-nji böleginde «on» sözlerini «bäş» sözleri bilen çalyşmaly.",
        "3. 15-nji maddasyndan soň şu mazmunly 15-1-nji maddany goşmaly:",
        "    «15-1-nji madda. Ýagdaýy alyp barmak",
    ];
    for line in want {
        assert!(tk.lines().any(|l| l == line), "{line}\n---\n{tk}");
    }
    assert_eq!(tk.lines().filter(|l| !l.starts_with(' ') && !l.is_empty()).count(), 3, "{tk}");
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

fn diff_file(file: &str, format: &str) -> (i32, String, String) {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let data = tempdir(&format!("diff-file-{}", N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)));
    let out = kanun(&["--data", data.to_str().unwrap(), "diff", "social-services", file, "--format", format]);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn article_rows(json: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(json).unwrap();
    v["rows"].as_array().unwrap().iter().filter(|r| r["kind"] == "article").cloned().collect()
}

#[test]
fn a_changes_only_draft_gives_the_same_redline_as_the_full_text() {
    let (code, full, err) = diff(&["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let (code, changes, err) = diff_file("tests/data/drafts/changes-only.eng.md", "json");
    assert_eq!(code, 0, "{err}");
    let (a, b) = (article_rows(&full), article_rows(&changes));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            (&x["class"], &x["lines"], &x["base"]),
            (&y["class"], &y["lines"], &y["base"]),
            "{x}\n{y}"
        );
    }
}

#[test]
fn a_changes_only_draft_can_merge_and_remove_articles() {
    let (code, json, err) = diff_file("tests/data/drafts/changes-merge-repeal.eng.md", "json");
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (&v["summary"]["merged"], &v["summary"]["repealed"], &v["summary"]["new"]),
        (&Value::from(1), &Value::from(1), &Value::from(1)),
        "{}",
        v["summary"]
    );
    let (code, md, err) = diff_file("tests/data/drafts/changes-merge-repeal.eng.md", "md");
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("### {--Article 25. Refusal to provide social services--} {>>repealed<<}"), "{md}");
    assert!(md.contains("{--Article 13. Day care--}\n{++3.++} Day care is provided"), "{md}");
    assert!(md.contains("### Article 12. Home-based care {++and day care++} {>>merged: Article 12, Article 13 → Article 12<<}"), "{md}");
    let (code, en, err) = diff_file("tests/data/drafts/changes-merge-repeal.eng.md", "instructions");
    assert_eq!(code, 0, "{err}");
    assert!(en.contains("Article 25 shall be deleted."), "{en}");
}

#[test]
fn a_draft_that_replaces_a_missing_article_is_explained() {
    let dir = tempdir("diff-missing");
    let src = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/data/drafts/changes-merge-repeal.eng.md"),
    )
    .unwrap()
    .replace("replaces=art_12,art_13", "replaces=art_12,art_99");
    let file = dir.join("bad-draft.md");
    std::fs::write(&file, src).unwrap();
    let (code, _, err) = diff_file(file.to_str().unwrap(), "md");
    assert_eq!(code, 1);
    assert!(err.contains("article art_12 replaces art_99, which the base expression does not have"), "{err}");
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
    assert_eq!(code, 2, "an unknown format is a usage error, refused before anything is read");
    assert!(
        err.contains("unknown format \"pdf\" (html, md, json, table, docx, table-docx or instructions)"),
        "{err}"
    );
    let data = tempdir("diff-bad");
    let out = kanun(&["--data", data.to_str().unwrap(), "diff", "social-services", "no-such-draft.md"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("neither a file nor a work in the corpus"), "{err}");
    let out = kanun(&["--data", data.to_str().unwrap(), "diff", "social-services", "social-services"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("is not a draft (its front matter has no kind = \"draft\")"), "{err}");
    let out =
        kanun(&["--data", data.to_str().unwrap(), "diff", "guardianship", "social-services-amendments"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains(
            "amends /akn/tm/act/2021-12-18/social-services, not /akn/tm/act/2016-03-26/guardianship"
        ),
        "{err}"
    );
}
