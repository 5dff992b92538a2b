//! Tidy: the architecture rules of ARCHITECTURE.md, checked. The crate table there lists which crates each crate
//! may depend on; every `crates/*/Cargo.toml` must keep to it, the pure crates must not touch I/O, libraries
//! must not use anyhow or clap, and every source file opens with a `//!` doc saying why it exists.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// crate → the internal crates it may depend on, read from the table in ARCHITECTURE.md.
fn allowed() -> BTreeMap<String, Option<BTreeSet<String>>> {
    let doc = fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut out = BTreeMap::new();
    for line in doc.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let name = cells[1].trim_matches('`').to_string();
        let deps = cells[3];
        let set = if deps == "any crate" {
            None
        } else {
            Some(
                deps.split(',')
                    .map(|d| d.trim().trim_matches('`').to_string())
                    .filter(|d| d.starts_with("kanun"))
                    .collect(),
            )
        };
        out.insert(name, set);
    }
    out
}

fn crates() -> Vec<(String, toml::Table, PathBuf)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(root().join("crates")).unwrap() {
        let dir = entry.unwrap().path();
        let manifest: toml::Table = fs::read_to_string(dir.join("Cargo.toml")).unwrap().parse().unwrap();
        let name = manifest["package"]["name"].as_str().unwrap().to_string();
        out.push((name, manifest, dir));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn deps(manifest: &toml::Table) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for key in ["dependencies", "build-dependencies"] {
        if let Some(t) = manifest.get(key).and_then(|d| d.as_table()) {
            out.extend(t.keys().cloned());
        }
    }
    out
}

#[test]
fn every_crate_is_in_the_architecture_table_and_keeps_to_it() {
    let allowed = allowed();
    assert_eq!(
        allowed.get("kanun-model"),
        Some(&Some(BTreeSet::new())),
        "the table says the model depends on nothing"
    );
    for (name, manifest, _) in crates() {
        let rule = allowed
            .get(&name)
            .unwrap_or_else(|| panic!("crate {name} is missing from the table in ARCHITECTURE.md"));
        let internal: BTreeSet<String> =
            deps(&manifest).into_iter().filter(|d| d.starts_with("kanun")).collect();
        if let Some(ok) = rule {
            let bad: Vec<_> = internal.difference(ok).collect();
            assert!(bad.is_empty(), "{name} depends on {bad:?}, which ARCHITECTURE.md does not allow");
        }
    }
}

#[test]
fn pure_crates_have_no_io_or_engine_dependencies() {
    const ENGINES: &[&str] = &[
        "tantivy",
        "sled",
        "axum",
        "tokio",
        "hyper",
        "tower",
        "reqwest",
        "rusqlite",
        "docx-rs",
        "indicatif",
        "walkdir",
    ];
    for (name, manifest, dir) in crates() {
        if ![
            "kanun-model",
            "kanun-markdown",
            "kanun-query",
            "kanun-analysis",
            "kanun-anchor",
            "kanun-redline",
            "kanun-drafting",
            "kanun-refs",
            "kanun-akn",
            "kanun-import",
            "kanun-gen",
        ]
        .contains(&name.as_str())
        {
            continue;
        }
        let d = deps(&manifest);
        for e in ENGINES {
            assert!(!d.contains(*e), "{name} is pure but depends on {e}");
        }
        for file in rust_files(&dir.join("src")) {
            let text = fs::read_to_string(&file).unwrap();
            for needle in ["std::fs", "std::net", "std::process", "File::open", "std::env"] {
                assert!(!text.contains(needle), "{} uses {needle}: pure crates do no I/O", file.display());
            }
        }
    }
}

#[test]
fn each_engine_is_known_to_one_adapter_only() {
    for (name, manifest, _) in crates() {
        let d = deps(&manifest);
        for (engine, owner) in [
            ("tantivy", "kanun-search"),
            ("sled", "kanun-store"),
            ("docx-rs", "kanun-docx"),
            ("axum", "kanun-server"),
        ] {
            assert!(
                !d.contains(engine) || name == owner,
                "{name} depends on {engine}, which only {owner} may know"
            );
        }
    }
}

#[test]
fn only_the_binary_uses_anyhow_and_clap() {
    for (name, manifest, _) in crates() {
        if name == "kanun" {
            continue;
        }
        let d = deps(&manifest);
        assert!(
            !d.contains("anyhow") && !d.contains("clap"),
            "{name} is a library: use thiserror, not anyhow/clap"
        );
    }
}

#[test]
fn every_source_file_says_why_it_exists() {
    let mut files = rust_files(&root().join("crates"));
    files.extend(rust_files(&root().join("tests")));
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        assert!(text.trim_start().starts_with("//!"), "{} must open with a //! doc comment", f.display());
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n == "target" || n == "data") {
                continue;
            }
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

/// The two-command rule: README.md's test command is `bash tests/run`, which installs what the tests need and runs
/// every test, and CI runs that same command (after fmt and clippy).
#[test]
fn the_readme_test_command_is_the_one_ci_runs() {
    let read = |p: &str| fs::read_to_string(root().join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let readme = read("README.md");
    assert!(
        readme.contains("```sh\nbash tests/run\n```"),
        "README.md gives `bash tests/run` as the test command"
    );
    assert!(
        readme.contains("```sh\ncargo run --release -- serve\n```"),
        "and `cargo run --release -- serve` as the main job"
    );
    let ci = read(".ci/run");
    assert!(ci.lines().any(|l| l.trim() == "bash tests/run"), ".ci/run runs the README's test command");
    assert!(
        !ci.contains("apt-get"),
        "what the tests need is installed by the test command itself, not by CI"
    );
    let run = read("tests/run");
    assert!(run.contains("apt-get install") && run.contains("exec cargo test --workspace"));
    for tool in ["pandoc", "soffice", "chromium", "chromedriver", "xmllint", "npm"] {
        assert!(run.contains(tool), "tests/run installs {tool}");
    }
}

/// One atomic durable file write: a file is replaced through `kanun_fs::write_atomic` (flushed, renamed, the
/// directory flushed), never by a `.tmp` file renamed by hand. The backup renames whole directories (a backup
/// made in a temporary directory, a store swapped in through a journal), which is not a file write.
#[test]
fn files_are_replaced_only_through_the_one_durable_write() {
    for (name, _, dir) in crates() {
        if name == "kanun-fs" {
            continue;
        }
        for file in rust_files(&dir.join("src")) {
            if file.ends_with("kanun-store/src/backup.rs") {
                continue;
            }
            let text = fs::read_to_string(&file).unwrap();
            assert!(
                !(text.contains("fs::rename(") && text.contains(".tmp")),
                "{} renames a temporary file by hand: use kanun_fs::write_atomic",
                file.display()
            );
        }
    }
}

/// The command line shares its operations with the server through `kanun-workbench`: only `kanun serve` (and the
/// arguments it takes) may name `kanun_server`.
#[test]
fn the_command_line_reaches_the_server_only_to_start_it() {
    let dir = root().join("crates/kanun/src");
    for file in rust_files(&dir) {
        let rel = file.strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/");
        if ["cmd/serve.rs", "cli.rs", "cmd/mod.rs"].contains(&rel.as_str()) {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        assert!(!text.contains("kanun_server"), "{rel} uses kanun_server: call kanun_workbench instead");
    }
    // In cmd/mod.rs, only the serve command's arguments (its configuration and limits).
    let m = fs::read_to_string(dir.join("cmd/mod.rs")).unwrap();
    for line in m.lines().filter(|l| l.contains("kanun_server")) {
        assert!(
            line.contains("Limits") || line.contains("Config {"),
            "cmd/mod.rs uses kanun_server beyond serve's configuration and limits: {line}"
        );
    }
}

/// No handler does more than trivial work on an async thread: every handler of the API hands its work to the
/// blocking pool (`blocking(…)`), except these, which only read a few fields or hash nothing.
#[test]
fn handlers_do_their_work_off_the_async_threads() {
    const TRIVIAL: &[&str] = &[
        "health",  // three counters
        "openapi", // a document made from the route table
        "session", // the caller's session and CSRF token
        "logout",  // ends one session
    ];
    let dir = root().join("crates/kanun-server/src/api");
    for file in rust_files(&dir) {
        let text = fs::read_to_string(&file).unwrap();
        for (at, _) in text.match_indices("pub async fn ") {
            let rest = &text[at + "pub async fn ".len()..];
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if name == "blocking" || TRIVIAL.contains(&name.as_str()) {
                continue;
            }
            let end = rest.find("\n}\n").unwrap_or(rest.len());
            let body = &rest[..end];
            assert!(
                body.contains("blocking(") || body.contains("spawn_blocking("),
                "{}: handler {name} works on an async thread: wrap its work in blocking(…)",
                file.display()
            );
        }
    }
}

/// eIds are read through `kanun_model::eid::Eid` (article, parent, levels, depth), never split by hand.
#[test]
fn eids_are_read_through_their_type() {
    for (name, _, dir) in crates() {
        for file in rust_files(&dir.join("src")) {
            if name == "kanun-model" && file.ends_with("eid.rs") {
                continue;
            }
            let text = fs::read_to_string(&file).unwrap();
            for needle in ["split(\"__\")", "rsplit(\"__\")", "matches(\"__\")", "split_once(\"__\")"] {
                assert!(
                    !text.contains(needle),
                    "{} reads an eId by hand ({needle}): use kanun_model::eid::Eid",
                    file.display()
                );
            }
        }
    }
}
