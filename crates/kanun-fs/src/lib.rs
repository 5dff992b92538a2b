//! Files written so that a crash, a SIGKILL or a full disk never leaves half of one: [`write_atomic`] is the one
//! way Kanun replaces a file (the index's bookkeeping, the data directory's marker, the store's seal, exported
//! annotations, a restore's journal, uploaded drafts). The file is written to a temporary file of its own beside
//! the target (never shared by two writers: the process id and a counter name it), flushed to the disk, renamed
//! over the target, and the directory is flushed so that the rename itself survives a crash. A reader sees the
//! old file or the new one, never a mix; a write that fails leaves the old file and no temporary file behind.

use std::io::{self, Write as _};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Replaces `path` with `bytes`, atomically and durably (see the crate's documentation).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Flushes a directory's entries (a rename or a new file in it) to the disk.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tempdir(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("kanun-fs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_file() {
        let d = tempdir("replace");
        let p = d.join("marker.toml");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let left: Vec<_> = std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("marker.toml")]);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_cleans_up() {
        let d = tempdir("fail");
        let p = d.join("target");
        write_atomic(&p, b"old").unwrap();
        // A directory where the file should go: the rename fails, the old content stays, no temporary is left.
        let blocked = d.join("blocked");
        std::fs::create_dir_all(blocked.join("x")).unwrap();
        assert!(write_atomic(&blocked, b"new").is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert!(
            !std::fs::read_dir(&d).unwrap().any(|e| e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp"))
        );
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn many_writers_of_one_file_never_share_a_temporary_file() {
        let d = tempdir("many");
        let p = d.join("draft.md");
        std::thread::scope(|s| {
            for k in 0..16 {
                let p = &p;
                s.spawn(move || write_atomic(p, format!("version {k}").as_bytes()).unwrap());
            }
        });
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.starts_with("version "), "{text}");
        let _ = std::fs::remove_dir_all(&d);
    }
}
