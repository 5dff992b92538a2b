//! The data directory (`--data`, default `.kanun`): `store/` (this crate's sled database), `index/` (the search
//! index, derived from the corpus), `drafts/` (drafts uploaded through the web workbench) and the marker file
//! [`MARKER`] that says Kanun made the directory, with the format version of its layout.
//!
//! [`prepare`] is what every command that opens a data directory calls first:
//!
//! - a missing or empty directory is made a Kanun data directory (the marker is written);
//! - a directory with the marker is used; one whose marker says a newer layout is refused;
//! - a directory without the marker that holds only `store/`, `index/` and `drafts/` (a data directory of a
//!   Kanun from before the marker) is adopted: the marker is written and a note says so;
//! - any other non-empty directory is foreign and refused, naming it, before anything is written into it;
//! - a restore interrupted between its renames (see [`crate::backup`]) is finished, from its journal.
//!
//! [`open`] then opens the store and checks every record ([`AnnotationStore::verify`]); a damaged store is
//! refused with the way out printed as commands: restore a backup, or move the store aside and import
//! `annotations/` into a new one.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::jsonl::{self, ExportError, ImportReport};
use crate::{AnnotationStore, StoreError};

/// The marker file of a data directory.
pub const MARKER: &str = "KANUN-DATA";

/// The version of the data directory's layout, written in the marker.
pub const FORMAT_VERSION: u32 = 1;

/// The journal of a restore in progress (see [`crate::backup::restore`]).
pub(crate) const JOURNAL: &str = "RESTORE-JOURNAL.json";

/// The entries a data directory of an older Kanun (before the marker) may hold.
const LAYOUT: [&str; 3] = ["store", "index", "drafts"];

/// The store directory of a data directory.
pub fn store_dir(data: &Path) -> PathBuf {
    data.join("store")
}

/// The uploaded drafts of a data directory.
pub fn drafts_dir(data: &Path) -> PathBuf {
    data.join("drafts")
}

/// The search index of a data directory.
pub fn index_dir(data: &Path) -> PathBuf {
    data.join("index")
}

/// Why a data directory cannot be used.
#[derive(Debug, Error)]
pub enum DataDirError {
    /// A non-empty directory that Kanun did not make.
    #[error(
        "{path} is not a Kanun data directory: it is not empty (it holds {found}) and has no {MARKER} file. Nothing was written into it. Point --data at an empty directory, a new one, or a Kanun data directory (the default is .kanun)"
    )]
    Foreign {
        /// The directory.
        path: PathBuf,
        /// A few of its entries.
        found: String,
    },
    /// `--data` names a file.
    #[error("{0} is a file, not a directory: point --data at a directory (the default is .kanun)")]
    NotADirectory(PathBuf),
    /// A data directory of a newer Kanun.
    #[error(
        "{path} is a data directory of a newer Kanun (layout version {found}, this Kanun knows {FORMAT_VERSION}): upgrade Kanun, or use another --data directory"
    )]
    Newer {
        /// The directory.
        path: PathBuf,
        /// The version in its marker.
        found: u32,
    },
    /// The marker cannot be read.
    #[error(
        "{path}: the data directory's marker is unreadable ({detail}); if this is a Kanun data directory, write `format = {FORMAT_VERSION}` into it"
    )]
    BadMarker {
        /// The marker file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// A file cannot be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The store is damaged: refused, with the way out.
    #[error(
        "{detail}\n\nNothing was changed. To recover, either restore your latest backup (made with `kanun backup`):\n\n    kanun --data {data} restore BACKUP_DIR\n\nor move the damaged store aside (it is kept), make a new, empty one and import the *.jsonl files of the annotations directory {annotations} into a new store (users are added again with `kanun user add`; changes made since the last `kanun annotations export` are not in those files):\n\n    mv {store} {store}.damaged\n    mkdir {store}\n    kanun --data {data} --annotations {annotations} annotations import",
        data = shell(.data), annotations = shell(.annotations), store = shell(&store_dir(.data))
    )]
    Damaged {
        /// The data directory.
        data: PathBuf,
        /// The annotations directory.
        annotations: PathBuf,
        /// What is wrong, from the store.
        detail: String,
    },
    /// The data directory had a store and it is gone: refused, never replaced by a fresh one in silence (a fresh
    /// store would show the sample annotations instead of the team's, and without users a team server would start
    /// in local mode with an admin for everyone).
    #[error(
        "{data} held an annotation store, but {store} is missing. Nothing was created.\n\nTo recover, restore your latest backup (made with `kanun backup`):\n\n    kanun --data {data} restore BACKUP_DIR\n\nor, if the store is gone for good, start a new one from the *.jsonl files of the annotations directory {annotations} (users are added again with `kanun user add`; changes made since the last `kanun annotations export` are not in those files):\n\n    mkdir {store}\n    kanun --data {data} --annotations {annotations} annotations import",
        data = shell(.data), annotations = shell(.annotations), store = shell(&store_dir(.data))
    )]
    StoreMissing {
        /// The data directory.
        data: PathBuf,
        /// The annotations directory.
        annotations: PathBuf,
    },
    /// The store cannot be opened (held by another process, newer schema, …).
    #[error(transparent)]
    Store(StoreError),
    /// `annotations/` cannot be imported into a new store.
    #[error("cannot import {path} into the new store {store}: {source}")]
    Seed {
        /// The annotations directory.
        path: PathBuf,
        /// The store.
        store: PathBuf,
        /// What went wrong.
        source: ExportError,
    },
}

/// A path as it would be typed in a shell (quoted when it has to be).
fn shell(p: &Path) -> String {
    let s = p.display().to_string();
    if !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || "/._-+=:,@".contains(c)) {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> DataDirError + '_ {
    move |source| DataDirError::Io { path: path.to_path_buf(), source }
}

/// Makes `data` ready for use, or refuses it (see the module's documentation). Returns notes for the person
/// (a directory adopted, a restore finished).
pub fn prepare(data: &Path) -> Result<Vec<String>, DataDirError> {
    let mut notes = Vec::new();
    match std::fs::metadata(data) {
        Ok(m) if !m.is_dir() => return Err(DataDirError::NotADirectory(data.to_path_buf())),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(data).map_err(io(data))?;
        }
        Err(e) => return Err(io(data)(e)),
    }
    let marker = data.join(MARKER);
    if marker.exists() {
        let text = std::fs::read_to_string(&marker).map_err(io(&marker))?;
        let found = parse_marker(&text).ok_or_else(|| DataDirError::BadMarker {
            path: marker.clone(),
            detail: "no `format = N` line".into(),
        })?;
        if found > FORMAT_VERSION {
            return Err(DataDirError::Newer { path: data.to_path_buf(), found });
        }
    } else {
        let mut entries: Vec<String> = std::fs::read_dir(data)
            .map_err(io(data))?
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect();
        entries.sort();
        let older = !entries.is_empty()
            && entries.iter().all(|e| LAYOUT.contains(&e.as_str()) && data.join(e).is_dir());
        if !entries.is_empty() && !older {
            let mut found: Vec<String> = entries.iter().take(5).cloned().collect();
            if entries.len() > 5 {
                found.push(format!("and {} more", entries.len() - 5));
            }
            return Err(DataDirError::Foreign { path: data.to_path_buf(), found: found.join(", ") });
        }
        if older {
            notes.push(format!(
                "{} is a data directory of an earlier Kanun ({}): adopted, {MARKER} written",
                data.display(),
                entries.join(", ")
            ));
        }
        write_marker(data)?;
    }
    if let Some(note) = crate::backup::finish_interrupted_restore(data)? {
        notes.push(note);
    }
    Ok(notes)
}

/// Whether the marker records that the directory has had a store (`store = true`).
fn marker_has_store(data: &Path) -> bool {
    std::fs::read_to_string(data.join(MARKER)).is_ok_and(|t| {
        t.lines().any(|l| l.split_once('=').is_some_and(|(k, v)| k.trim() == "store" && v.trim() == "true"))
    })
}

fn parse_marker(text: &str) -> Option<u32> {
    text.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == "format").then(|| v.trim().parse().ok()).flatten()
    })
}

/// Writes the marker through a temporary file.
pub(crate) fn write_marker(data: &Path) -> Result<(), DataDirError> {
    write_marker_with(data, marker_has_store(data))
}

/// Writes the marker, saying whether the directory has a store (from then on, a missing store is refused).
fn write_marker_with(data: &Path, store: bool) -> Result<(), DataDirError> {
    let text = format!(
        "# A Kanun data directory: store/ (annotations and users), index/ (derived, can be deleted), drafts/.\n# Back it up with `kanun backup DIR`.\nformat = {FORMAT_VERSION}\n{}",
        if store {
            "# It has a store: a missing store/ is refused, not replaced.\nstore = true\n"
        } else {
            ""
        }
    );
    kanun_fs::write_atomic(&data.join(MARKER), text.as_bytes()).map_err(io(data))
}

/// A data directory's store, open and checked.
pub struct Opened {
    /// The store.
    pub store: AnnotationStore,
    /// What was imported into a new store from the annotations directory.
    pub imported: Option<ImportReport>,
    /// Notes for the person (see [`prepare`]).
    pub notes: Vec<String>,
}

/// Prepares the data directory, opens its store and checks every record; with `seed`, a new, empty store is
/// first filled from the `*.jsonl` files of `annotations` (when it exists). A damaged store is refused with
/// [`DataDirError::Damaged`], whose message gives the commands that recover.
pub fn open(data: &Path, annotations: &Path, seed: bool) -> Result<Opened, DataDirError> {
    let notes = prepare(data)?;
    let dir = store_dir(data);
    let damaged = |e: StoreError| match e {
        StoreError::Damaged { .. } | StoreError::Corrupt { .. } => DataDirError::Damaged {
            data: data.to_path_buf(),
            annotations: annotations.to_path_buf(),
            detail: e.to_string(),
        },
        other => DataDirError::Store(other),
    };
    let had_store = marker_has_store(data);
    if had_store && !dir.is_dir() {
        return Err(DataDirError::StoreMissing {
            data: data.to_path_buf(),
            annotations: annotations.to_path_buf(),
        });
    }
    let store = AnnotationStore::open(&dir).map_err(damaged)?;
    store.verify().map_err(damaged)?;
    if !had_store {
        write_marker_with(data, true)?;
    }
    let mut imported = None;
    if seed && store.is_empty() && annotations.is_dir() {
        let r = jsonl::import(&store, &[annotations.to_path_buf()]).map_err(|source| DataDirError::Seed {
            path: annotations.to_path_buf(),
            store: dir.clone(),
            source,
        })?;
        imported = Some(r);
    }
    Ok(Opened { store, imported, notes })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn tempdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("kanun-datadir-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&d).ok();
        d
    }

    #[test]
    fn a_new_directory_gets_the_marker_and_a_foreign_one_is_refused_untouched() {
        let d = tempdir("new");
        assert!(prepare(&d).unwrap().is_empty());
        assert!(std::fs::read_to_string(d.join(MARKER)).unwrap().contains("format = 1"));
        assert!(prepare(&d).unwrap().is_empty(), "a marked directory is used as it is");
        let f = tempdir("foreign");
        std::fs::create_dir_all(f.join("tm")).unwrap();
        std::fs::write(f.join("notes.txt"), "mine").unwrap();
        let e = prepare(&f).unwrap_err().to_string();
        assert!(e.contains("is not a Kanun data directory") && e.contains("notes.txt, tm"), "{e}");
        assert!(e.contains("Point --data at an empty directory"), "{e}");
        assert!(!f.join(MARKER).exists() && !f.join("store").exists(), "nothing written into it");
        std::fs::remove_dir_all(d).ok();
        std::fs::remove_dir_all(f).ok();
    }

    /// A data directory whose store/ went missing started with a fresh store (the sample annotations instead of
    /// the team's, and a team server in local mode). It is refused with the commands that recover; a directory
    /// that never had a store (made by `kanun search`) still gets one.
    #[test]
    fn a_data_directory_whose_store_is_missing_is_refused_with_the_way_back() {
        let d = tempdir("missing-store");
        let annotations = tempdir("missing-store-annotations");
        prepare(&d).unwrap();
        assert!(!marker_has_store(&d), "a directory made by `kanun search` has no store yet");
        drop(open(&d, &annotations, true).unwrap());
        assert!(marker_has_store(&d));
        std::fs::remove_dir_all(store_dir(&d)).unwrap();
        let e = open(&d, &annotations, true).err().unwrap().to_string();
        assert!(e.contains("store") && e.contains("is missing. Nothing was created."), "{e}");
        assert!(e.contains("restore BACKUP_DIR") && e.contains("annotations import"), "{e}");
        assert!(!store_dir(&d).exists(), "no fresh store made");
        // The way out that the message gives: a new, empty store, on purpose.
        std::fs::create_dir_all(store_dir(&d)).unwrap();
        assert!(open(&d, &annotations, true).is_ok());
        std::fs::remove_dir_all(d).ok();
    }

    #[test]
    fn an_older_data_directory_is_adopted_and_a_newer_one_refused() {
        let d = tempdir("older");
        drop(AnnotationStore::open(&store_dir(&d)).unwrap());
        std::fs::create_dir_all(index_dir(&d)).unwrap();
        let notes = prepare(&d).unwrap();
        assert!(notes.iter().any(|n| n.contains("adopted")), "{notes:?}");
        assert!(d.join(MARKER).exists());
        std::fs::write(d.join(MARKER), "format = 7\n").unwrap();
        let e = prepare(&d).unwrap_err().to_string();
        assert!(e.contains("newer Kanun (layout version 7"), "{e}");
        std::fs::write(d.join(MARKER), "garbage\n").unwrap();
        let e = prepare(&d).unwrap_err().to_string();
        assert!(e.contains("marker is unreadable"), "{e}");
        let file = d.join("a-file");
        std::fs::write(&file, "x").unwrap();
        assert!(prepare(&file).unwrap_err().to_string().contains("is a file"));
        std::fs::remove_dir_all(d).ok();
    }
}
