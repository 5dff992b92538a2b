//! Every kind of bad corpus input in `tests/data/bad/` gets its own diagnostic at the right line, through the
//! real command (`kanun check --json FILE`), and never a panic.

use std::path::Path;

use serde_json::Value;

use crate::kanun;

/// (file, code, line): the diagnostic each bad file must produce.
const CASES: &[(&str, &str, u64)] = &[
    ("no-front-matter.md", "E003", 1),
    ("unclosed-front-matter.md", "E004", 1),
    ("invalid-toml.md", "E005", 3),
    ("missing-language.md", "E006", 1),
    ("invalid-date.md", "E007", 5),
    ("invalid-status.md", "E007", 6),
    ("invalid-work-uri.md", "E007", 2),
    ("unknown-language.md", "E008", 4),
    ("text-before-title.md", "E009", 8),
    ("article-before-title.md", "E010", 8),
    ("list-outside-article.md", "E011", 12),
    ("duplicate-article.md", "W115", 18),
    ("duplicate-wid.md", "E013", 14),
    ("draft-without-amends.md", "E014", 6),
    ("article-without-number.md", "E015", 14),
    ("two-titles.md", "E016", 14),
    ("invalid-utf8.md", "E001", 12),
    ("numbering-gap.md", "W101", 14),
    ("numbering-gap.md", "W101", 16),
    ("unknown-field.md", "W102", 7),
    ("file-name-mismatch/rus@2022-01-01.md", "W103", 4),
    ("table-in-law.md", "W105", 12),
    ("empty-article.md", "W106", 10),
    ("bad-draft-attributes.md", "E018", 14),
    ("bad-draft-attributes.md", "W112", 18),
    ("bad-draft-attributes.md", "E018", 22),
    ("dangling-reference.md", "W113", 15),
    ("dangling-reference.md", "W114", 26),
    ("control-character.md", "E019", 12),
];

fn check_json(path: &Path) -> (i32, Value) {
    let out = kanun(&["check", "--json", path.to_str().unwrap()]);
    let code = out.status.code().expect("exit code, not a signal");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{}: not JSON ({e}): {}", path.display(), String::from_utf8_lossy(&out.stdout))
    });
    (code, json)
}

#[test]
fn each_bad_input_gets_its_diagnostic_at_its_line() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/bad");
    let mut kinds = std::collections::BTreeSet::new();
    for (file, code, line) in CASES {
        let (exit, json) = check_json(&dir.join(file));
        let diags = json["files"][0]["diagnostics"].as_array().expect("diagnostics");
        let found = diags.iter().any(|d| d["code"] == *code && d["line"] == *line);
        assert!(found, "{file}: expected {code} at line {line}, got {diags:#?}");
        for d in diags {
            assert!(
                d["hint"].as_str().is_some_and(|h| !h.is_empty()),
                "{file}: every diagnostic has a hint: {d}"
            );
        }
        let errors = json["summary"]["errors"].as_u64().unwrap();
        assert_eq!(exit, i32::from(errors > 0), "{file}: exit code follows the errors");
        kinds.insert(*code);
    }
    assert!(kinds.len() >= 12, "at least 12 kinds of bad input, got {}", kinds.len());
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_reading_it() {
    let dir = tempdir("too-large");
    let path = dir.join("eng@2022-01-01.md");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(kanun_markdown::MAX_FILE_BYTES as u64 + 1).unwrap();
    let (exit, json) = check_json(&path);
    assert_eq!(exit, 1);
    assert_eq!(json["files"][0]["diagnostics"][0]["code"], "E002");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn text_output_is_rustc_style_with_the_line_quoted() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/bad");
    let out = kanun(&["check", dir.join("duplicate-wid.md").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("error[E013]: duplicate wId art_1 (first at line 10)"), "{text}");
    assert!(text.contains("duplicate-wid.md:14:1"), "{text}");
    assert!(text.contains("14 | ### Article 2. Rights {#art_1}"), "{text}");
    assert!(text.contains("^ hint:"), "{text}");
    assert!(text.contains("1 errors"), "{text}");
    // A number given twice is a defect of the source, not a reason to refuse the file: a warning, in the
    // same style, and the second provision keeps its text under its own eId.
    let out = kanun(&["check", dir.join("duplicate-article.md").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("warning[W115]: art_2 is numbered again (first at line 14); this one is art_2-dup2"),
        "{text}"
    );
    assert!(text.contains("18 | ### Article 2. Rights"), "{text}");
}

/// A fresh directory under the target directory.
pub fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kanun-e2e-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
