//! Symbolic links in a corpus directory: two `..` links made `kanun check` and `kanun serve` walk forever with
//! growing memory, and a link to `/etc/passwd` was read and its first line quoted in a diagnostic. Links that
//! leave the corpus, point nowhere or loop are reported (W116) and never read; a link to a directory inside the
//! corpus is followed once.

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kanun-corpus-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&d).ok();
    d
}

#[test]
fn links_that_leave_the_corpus_loop_or_dangle_are_reported_and_never_read() {
    let root = tempdir("symlinks");
    let corpus = root.join("corpus");
    let sub = corpus.join("tm").join("social-work");
    std::fs::create_dir_all(&sub).unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/tm/social-work");
    for f in std::fs::read_dir(&sample).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, sub.join(f.file_name().unwrap())).unwrap();
    }
    let secret = root.join("secret.md");
    std::fs::write(&secret, "root:x:0:0:the first line of a secret\n").unwrap();
    symlink("..", corpus.join("up")).unwrap();
    symlink("../..", sub.join("upup")).unwrap();
    symlink(".", sub.join("here")).unwrap();
    symlink(&secret, corpus.join("passwd.md")).unwrap();
    symlink("/nonexistent/x.md", corpus.join("dangling.md")).unwrap();
    symlink("tm", corpus.join("alias")).unwrap();

    let loaded = kanun_corpus::load(&corpus).unwrap();
    let expressions = loaded.corpus.expressions().count();
    assert_eq!(
        expressions,
        std::fs::read_dir(&sample).unwrap().count(),
        "each law once, through `alias` or `tm`"
    );
    let warned: Vec<String> = loaded
        .files
        .iter()
        .filter(|f| f.diagnostics.iter().any(|d| d.code == "W116"))
        .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for name in ["up", "passwd.md", "dangling.md", "here"] {
        assert!(warned.iter().any(|w| w == name), "{name} not reported: {warned:?}");
    }
    let all: String = loaded.files.iter().map(|f| f.render_diagnostics()).collect();
    assert!(!all.contains("the first line of a secret"), "the linked file was read: {all}");
    assert_eq!(loaded.error_count(), 0, "{all}");
    std::fs::remove_dir_all(root).ok();
}
