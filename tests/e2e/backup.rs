//! Data safety through the command line: `kanun backup` → changes → `kanun restore` gives the backed-up state
//! back byte for byte; a changed backup, a non-empty backup directory, a foreign data directory and a damaged
//! store are each refused with their own message; the recovery printed for a damaged store works when followed;
//! a damaged index is rebuilt; a backup killed with SIGKILL leaves no directory that looks complete.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::kanun;

/// A fresh directory of its own for each test.
fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kanun-e2e-backup-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&d).ok();
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs kanun with `--data` and `--annotations`: (exit code, stdout, stderr).
fn run(data: &Path, annotations: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--data", data.to_str().unwrap(), "--annotations", annotations.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = kanun(&all);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `kanun annotations export --dir` into a fresh directory, file by file.
fn export(data: &Path, to: &Path) -> Vec<(String, Vec<u8>)> {
    std::fs::remove_dir_all(to).ok();
    let (code, _, err) =
        run(data, Path::new("/nonexistent"), &["annotations", "export", "--dir", to.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(to)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// A data directory filled with the sample review (46 annotations) from the repository's annotations/.
fn sample_data(root: &Path) -> (PathBuf, PathBuf) {
    let data = root.join("data");
    let annotations = root.join("annotations");
    let repo_annotations = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../annotations");
    let (code, out, err) = run(&data, &repo_annotations, &["annotate", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("46 annotations"), "{out}");
    // The test's own copy of the annotations directory, for the recovery path.
    export(&data, &annotations);
    (data, annotations)
}

fn add_annotation(data: &Path, annotations: &Path, eid: &str, body: &str) -> String {
    let (code, id, err) = run(
        data,
        annotations,
        &["annotate", "add", "--work", "social-services", "--eid", eid, "--author", "amina", "--body", body],
    );
    assert_eq!(code, 0, "{err}");
    id.trim().to_string()
}

fn first_id(data: &Path) -> String {
    let (_, out, _) = run(data, Path::new("/nonexistent"), &["annotate", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v[0]["id"].as_str().unwrap().to_string()
}

fn add_user(data: &Path, name: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_kanun"))
        .args(["--data", data.to_str().unwrap(), "user", "add", name, "--role", "reviewer"])
        .env("KANUN_PASSWORD", "a long enough password")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn backup_then_changes_then_restore_gives_the_prior_state_byte_for_byte() {
    let root = tempdir("round-trip");
    let (data, annotations) = sample_data(&root);
    add_annotation(&data, &annotations, "art_3", "Before the backup.");
    let (code, _, err) = run(&data, &annotations, &["annotate", "delete", &first_id(&data)]);
    assert_eq!(code, 0, "{err}");
    add_user(&data, "amina");
    let before = export(&data, &root.join("export-before"));

    let b = root.join("backups/monday");
    let (code, out, err) = run(&data, &annotations, &["backup", b.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("47 annotations (1 deleted)") && out.contains("1 users"), "{out}");
    assert!(out.contains(&format!("kanun --data {} restore {}", data.display(), b.display())), "{out}");
    let (code, json, _) =
        run(&data, &annotations, &["backup", root.join("backups/json").to_str().unwrap(), "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["manifest"]["counts"]["annotations"], 47, "{v:#}");
    assert_eq!(v["manifest"]["kanun_version"], env!("CARGO_PKG_VERSION"));

    // Changes after the backup: an annotation added, another deleted, the user removed.
    add_annotation(&data, &annotations, "art_4", "After the backup.");
    let (code, _, err) = run(&data, &annotations, &["annotate", "delete", &first_id(&data)]);
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = run(&data, &annotations, &["user", "remove", "amina"]);
    assert_eq!(code, 0);
    let after = export(&data, &root.join("export-after"));
    assert_ne!(before, after);

    // The backup gives back a user the store no longer has: listed, and not restored without a person's yes
    // (a backup whose manifest was rewritten to match a forged users file would pass every checksum).
    let (code, _, err) = run(&data, &annotations, &["restore", b.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("amina (reviewer): a user the store does not have") && err.contains("--yes"),
        "{err}"
    );
    assert_eq!(export(&data, &root.join("export-refused")), after, "nothing restored");
    let (code, out, err) = run(&data, &annotations, &["restore", b.to_str().unwrap(), "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("amina (reviewer)"), "listed even with --yes: {err}");
    assert!(
        out.contains("the store it replaced is kept in") && out.contains("store.before-restore-"),
        "{out}"
    );
    assert_eq!(
        export(&data, &root.join("export-restored")),
        before,
        "the restored store exports byte for byte"
    );
    let (_, users, _) = run(&data, &annotations, &["user", "list"]);
    assert!(users.contains("amina") && users.contains("1 users"), "{users}");
    // The store that was replaced is kept and still holds the later changes.
    let aside = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("store.before-restore-"))
        .unwrap();
    let store = kanun_store::AnnotationStore::open(&aside).unwrap();
    assert_eq!(store.len(), 48);
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn a_changed_or_truncated_backup_is_refused_naming_the_file() {
    let root = tempdir("tampered");
    let (data, annotations) = sample_data(&root);
    let b = root.join("b");
    assert_eq!(run(&data, &annotations, &["backup", b.to_str().unwrap()]).0, 0);
    let before = export(&data, &root.join("export-before"));

    let file = b.join("annotations/social-services.jsonl");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("\"open\"", "\"nepo\"", 1)).unwrap();
    let (code, _, err) = run(&data, &annotations, &["restore", b.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("annotations/social-services.jsonl does not match its SHA-256")
            && err.contains("Nothing was restored"),
        "{err}"
    );

    std::fs::write(&file, &text).unwrap();
    let users = b.join("users.jsonl");
    std::fs::write(&users, "").unwrap();
    std::fs::write(&file, &text[..text.len() / 2]).unwrap();
    let (code, _, err) = run(&data, &annotations, &["restore", b.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("annotations/social-services.jsonl is") && err.contains("truncated"), "{err}");

    let (code, _, err) = run(&data, &annotations, &["restore", root.join("nothing-here").to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("is not a Kanun backup"), "{err}");
    assert_eq!(export(&data, &root.join("export-after")), before, "the store was not touched");
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn a_backup_into_a_non_empty_directory_is_refused() {
    let root = tempdir("not-empty");
    let (data, annotations) = sample_data(&root);
    let b = root.join("b");
    std::fs::create_dir_all(&b).unwrap();
    std::fs::write(b.join("holiday.jpg"), "mine").unwrap();
    let (code, _, err) = run(&data, &annotations, &["backup", b.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("already exists and is not empty") && err.contains("e.g. ") && err.contains("b-2"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(&b).unwrap().count(), 1, "nothing written into it");
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn a_foreign_data_directory_is_refused_by_every_command_that_opens_it() {
    let root = tempdir("foreign");
    let foreign = root.join("photos");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("holiday.jpg"), "mine").unwrap();
    let none = Path::new("/nonexistent");
    let expect = |args: &[&str]| {
        let (code, _, err) = run(&foreign, none, args);
        assert_eq!(code, 1, "{args:?}");
        assert!(
            err.contains(&format!("{} is not a Kanun data directory", foreign.display()))
                && err.contains("holiday.jpg")
                && err.contains("Point --data at an empty directory"),
            "{args:?}: {err}"
        );
    };
    expect(&["annotate", "list"]);
    expect(&["annotations", "export"]);
    expect(&["search", "social"]);
    expect(&["user", "list"]);
    expect(&["backup", root.join("b").to_str().unwrap()]);
    expect(&["serve", "--addr", "127.0.0.1:0"]);
    let entries: Vec<_> = std::fs::read_dir(&foreign).unwrap().collect();
    assert_eq!(entries.len(), 1, "nothing was written into the foreign directory");
    // A data directory of an earlier Kanun (store/ and index/, no marker) is adopted, not refused.
    let older = root.join("older");
    drop(kanun_store::AnnotationStore::open(&older.join("store")).unwrap());
    std::fs::create_dir_all(older.join("index")).unwrap();
    let (code, _, err) = run(&older, none, &["annotate", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("adopted"), "{err}");
    assert!(older.join("KANUN-DATA").exists());
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn a_damaged_store_is_refused_and_the_printed_recovery_brings_the_annotations_back() {
    let root = tempdir("damaged");
    let (data, annotations) = sample_data(&root);
    let db = data.join("store/db");

    // Truncated to nothing.
    let saved = std::fs::read(&db).unwrap();
    std::fs::OpenOptions::new().write(true).open(&db).unwrap().set_len(0).unwrap();
    let (code, _, err) = run(&data, &annotations, &["annotate", "list"]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("annotation store {} is damaged", data.join("store").display()))
            && err.contains("restore BACKUP_DIR"),
        "{err}"
    );
    std::fs::write(&db, &saved).unwrap();
    assert_eq!(run(&data, &annotations, &["annotate", "list"]).0, 0, "the file put back, it opens");

    // Garbage over it: refused by the command line and by the server, with the commands that recover.
    std::fs::write(&db, b"\x00garbage, not a sled log\xff".repeat(500)).unwrap();
    let (code, _, err) = run(&data, &annotations, &["annotate", "list"]);
    assert_eq!(code, 1);
    assert!(err.contains(&format!("kanun --data {} restore BACKUP_DIR", data.display())), "{err}");
    let (code, _, serve_err) = run(&data, &annotations, &["serve", "--addr", "127.0.0.1:0"]);
    assert_eq!(code, 1);
    assert!(serve_err.contains("is damaged") && serve_err.contains("restore BACKUP_DIR"), "{serve_err}");
    let (code, _, backup_err) = run(&data, &annotations, &["backup", root.join("b").to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(backup_err.contains("is damaged") && !root.join("b").exists(), "{backup_err}");

    // Follow the printed recovery, command by command.
    let commands: Vec<&str> = err
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("mv ") || l.starts_with("mkdir ") || l.contains("annotations import"))
        .collect();
    assert_eq!(commands.len(), 3, "{err}");
    let mv: Vec<&str> = commands[0].split_whitespace().collect();
    assert_eq!(mv.len(), 3, "{}", commands[0]);
    std::fs::rename(mv[1], mv[2]).unwrap();
    // Without the next command the store is missing, and that is refused too, with its own way back.
    let (code, _, missing) = run(&data, &annotations, &["annotate", "list"]);
    assert_eq!(code, 1);
    assert!(missing.contains("is missing. Nothing was created."), "{missing}");
    let mkdir: Vec<&str> = commands[1].split_whitespace().collect();
    assert_eq!(mkdir.len(), 2, "{}", commands[1]);
    std::fs::create_dir(mkdir[1]).unwrap();
    let args: Vec<&str> = commands[2].split_whitespace().skip(1).collect();
    assert_eq!(args[0], "--data", "{}", commands[2]);
    let out = kanun(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("46 added"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let (code, out, err) = run(&data, &annotations, &["annotate", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("46 annotations"), "{out}");
    assert!(Path::new(mv[2]).join("db").exists(), "the damaged store is kept");
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn a_damaged_index_is_rebuilt_with_a_note() {
    let root = tempdir("index");
    let data = root.join("data");
    let none = Path::new("/nonexistent");
    let (code, _, err) = run(&data, none, &["index"]);
    assert_eq!(code, 0, "{err}");
    let mut damaged = 0;
    for e in std::fs::read_dir(data.join("index")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "term" || x == "idx") {
            std::fs::write(&p, b"garbage".repeat(100)).unwrap();
            damaged += 1;
        }
    }
    assert!(damaged > 0);
    let (code, out, err) = run(&data, none, &["search", "social worker", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("the search index was rebuilt because its files could not be read"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["total"].as_u64().unwrap() > 0, "{v:#}");
    std::fs::remove_dir_all(root).ok();
}

/// Writes `n` annotations as JSONL, so that a backup takes long enough to be killed in the middle.
fn many_annotations(dir: &Path, n: usize) {
    use kanun_model::annotation::{Annotation, AnnotationStatus, AnnotationType, Priority, Target};
    let work: kanun_model::WorkUri = "/akn/tm/act/2021-12-18/social-services".parse().unwrap();
    let date = "2024-07-01".parse().unwrap();
    let list: Vec<Annotation> = (0..n)
        .map(|i| Annotation {
            id: kanun_store::new_id(),
            target: Target {
                expression: work.expression(kanun_model::Language::ENG, date),
                work: work.clone(),
                wid: format!("art_{}", i % 30 + 1),
                eid: format!("art_{}", i % 30 + 1),
                quote: None,
                position: None,
                content_hash: None,
            },
            kind: AnnotationType::Comment,
            status: AnnotationStatus::Open,
            priority: Priority::Medium,
            tags: vec![format!("t{}", i % 7)],
            author: "bulk".into(),
            created: "2026-11-01T10:00:00Z".into(),
            modified: "2026-11-01T10:00:00Z".into(),
            revision: 1,
            body: format!("Finding {i}: {}", "the provision leaves the procedure open. ".repeat(12)),
            replies: vec![],
            links: vec![],
            deleted: false,
        })
        .collect();
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("social-services.jsonl"), kanun_store::jsonl::encode(&list)).unwrap();
}

#[test]
fn a_backup_killed_midway_leaves_no_complete_looking_directory_and_the_next_one_works() {
    let root = tempdir("killed");
    let data = root.join("data");
    let annotations = root.join("annotations");
    many_annotations(&annotations, 20_000);
    let (code, _, err) = run(&data, &annotations, &["annotate", "list", "--tag", "t0"]);
    assert_eq!(code, 0, "{err}");
    let backup = |dir: &Path| {
        Command::new(env!("CARGO_BIN_EXE_kanun"))
            .args(["--data", data.to_str().unwrap(), "backup", dir.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    // How long a whole backup takes here, to kill the next ones part way through.
    let started = Instant::now();
    let out = backup(&root.join("whole")).wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let whole = started.elapsed();
    kanun_store::backup::verify(&root.join("whole")).unwrap();

    let mut interrupted = Vec::new();
    for (round, fraction) in [0.5, 0.65, 0.8, 0.9, 0.4, 0.7, 0.85, 0.95].iter().enumerate() {
        let dir = root.join(format!("b{round}"));
        let mut child = backup(&dir);
        let pid = child.id();
        std::thread::sleep(whole.mul_f64(*fraction));
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        let partial = root.join(format!(".b{round}.partial-{pid}"));
        if dir.exists() {
            // It finished before the kill: then it is whole.
            kanun_store::backup::verify(&dir)
                .unwrap_or_else(|e| panic!("round {round}: a backup directory that is not whole: {e}"));
            assert!(!partial.exists());
        } else {
            assert!(!status.success());
            if partial.exists() {
                interrupted.push((dir, partial));
            }
        }
    }
    assert!(!interrupted.is_empty(), "no backup was killed part way through (a whole one takes {whole:?})");
    println!("{} of 8 backups killed part way through (a whole one takes {whole:?})", interrupted.len());
    // A second backup of the same name works, and clears the partial directory left behind.
    let (dir, partial) = &interrupted[0];
    let (code, out, err) = run(&data, &annotations, &["backup", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("20000 annotations") && err.contains("left by an interrupted backup"), "{out}{err}");
    assert!(!partial.exists());
    kanun_store::backup::verify(dir).unwrap();
    // Restoring it into a new data directory gives the same annotations.
    let fresh = root.join("fresh");
    let (code, _, err) = run(&fresh, Path::new("/nonexistent"), &["restore", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(export(&fresh, &root.join("e1")), export(&data, &root.join("e2")));
    let _ = Duration::ZERO;
    std::fs::remove_dir_all(root).ok();
}
