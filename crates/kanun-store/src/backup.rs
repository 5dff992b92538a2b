//! Backup and restore of a data directory's store and drafts.
//!
//! A backup is a directory:
//!
//! ```text
//! DIR/annotations/<work>.jsonl   every annotation, tombstones included, as `kanun annotations export` writes it
//! DIR/users.jsonl                every user (name, role, argon2 hash, created), one per line, by name
//! DIR/drafts/<name>.md           the drafts uploaded through the web workbench
//! DIR/editor/<name>.jsonl        the drafts written in the editor, whole (revisions, suggestions, state), as
//!                                `kanun editor export` writes them
//! DIR/MANIFEST.json              Kanun's version, the store's schema version, when, the counts, and the size
//!                                and SHA-256 of every other file
//! ```
//!
//! [`backup`] copies a [`Snapshot`](crate::Snapshot) (one moment of the store: see the snapshot gate on
//! [`AnnotationStore`]) into a temporary directory beside `DIR` (`.DIR.partial-<pid>`), syncs every file, writes the
//! manifest last and only then renames the directory to `DIR`: a backup killed at any moment leaves no `DIR`, only
//! a partial directory that the next backup of that name removes. `DIR` must not exist or be empty.
//!
//! [`restore`] reads nothing into the data directory before it has checked the manifest, every file's size and
//! checksum, that no file was added, and that the counts agree. It then builds a new store (and drafts directory)
//! in `.restore-<time>` beside the store, checks it, writes a journal (`RESTORE-JOURNAL.json`), moves the old store
//! to `store.before-restore-<time>` (never deleted) and the new one into place, and removes the journal. A restore
//! killed before the journal leaves the old store in place (the unfinished `.restore-*` is removed on the next
//! start); killed after, the next start ([`crate::datadir::prepare`]) finishes the moves from the journal. At every
//! moment either the old or the new store is complete. The search index is derived and is left alone (it takes
//! the restored annotations in by their content hash on its next sync).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use kanun_model::annotation::Annotation;
use kanun_model::user::User;
use serde::{Deserialize, Serialize};
use sha2::Digest as _;
use thiserror::Error;

use crate::datadir::{self, DataDirError, JOURNAL};
use crate::{AnnotationStore, SCHEMA_VERSION, StoreError, jsonl, now_rfc3339};

/// The `format` of a manifest.
pub const FORMAT: &str = "kanun-backup";

/// The version of the backup's layout.
pub const FORMAT_VERSION: u32 = 1;

/// The manifest's file name.
pub const MANIFEST: &str = "MANIFEST.json";

/// What a backup holds, and the checksum of every file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The layout's version ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// The Kanun that wrote it.
    pub kanun_version: String,
    /// The store's schema version.
    pub store_schema_version: u32,
    /// When the snapshot was taken (RFC 3339, UTC).
    pub created: String,
    /// What it holds.
    pub counts: BackupCounts,
    /// Every file but the manifest, by path.
    pub files: Vec<FileEntry>,
}

/// The counts of a backup.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupCounts {
    /// Annotations, tombstones included.
    pub annotations: u64,
    /// Of them, tombstones.
    pub tombstones: u64,
    /// Users.
    pub users: u64,
    /// Uploaded drafts.
    pub drafts: u64,
    /// Works with annotations (one JSONL file each).
    pub works: u64,
    /// Drafts written in the editor (one JSONL file each; none in backups made before the editor kept them).
    #[serde(default)]
    pub editor: u64,
}

/// A file of a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Its path in the backup, with `/`.
    pub path: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its SHA-256, in lowercase hex.
    pub sha256: String,
}

/// Why a backup or a restore was not done.
#[derive(Debug, Error)]
pub enum BackupError {
    /// The person restoring did not confirm the users the backup would give access.
    #[error(
        "not restored: the backup gives these users access, and that was not confirmed:\n  {}\ncheck them (a backup whose manifest was rewritten can carry a user no one added), then restore again and confirm (or pass --yes)",
        .users.join("\n  ")
    )]
    NotConfirmed {
        /// What each user would gain, one line each.
        users: Vec<String>,
    },
    /// A file cannot be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The backup directory exists and is not empty.
    #[error(
        "{path} already exists and is not empty: a backup never writes over anything. Choose a new directory, e.g. {suggestion}"
    )]
    NotEmpty {
        /// The directory.
        path: PathBuf,
        /// A name that is free.
        suggestion: PathBuf,
    },
    /// The backup directory has no name (`/`, `..`).
    #[error("{0}: give the backup a directory name of its own, e.g. backups/kanun-2026-11-23")]
    BadDestination(PathBuf),
    /// Not a backup.
    #[error(
        "{path} is not a Kanun backup ({detail}): point `kanun restore` at a directory written by `kanun backup`"
    )]
    NotABackup {
        /// The directory.
        path: PathBuf,
        /// Why not.
        detail: String,
    },
    /// A file of the backup is missing, changed, truncated or added.
    #[error(
        "backup {dir} is damaged or was changed after it was written: {file} {detail}. Nothing was restored; use another backup (or the annotations/*.jsonl in git)"
    )]
    Tampered {
        /// The backup.
        dir: PathBuf,
        /// The file, relative to the backup.
        file: String,
        /// What is wrong with it.
        detail: String,
    },
    /// A backup of a newer Kanun.
    #[error("backup {path} was written by a newer Kanun ({detail}): restore it with that version")]
    Newer {
        /// The backup.
        path: PathBuf,
        /// Which version.
        detail: String,
    },
    /// The new store does not hold what the backup holds (nothing was swapped in).
    #[error(
        "the store rebuilt from {dir} does not match it ({detail}); nothing was swapped in, the data directory is unchanged"
    )]
    Rebuilt {
        /// The backup.
        dir: PathBuf,
        /// What differs.
        detail: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The data directory cannot be used.
    #[error(transparent)]
    DataDir(#[from] DataDirError),
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io { path: path.to_path_buf(), source }
}

fn hex_sha256(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Syncs a directory's entry list to disk (where the platform allows opening a directory).
fn sync_dir(dir: &Path) {
    let _ = kanun_fs::sync_dir(dir);
}

/// A time for file names: `20261123T113000Z`.
fn stamp() -> String {
    now_rfc3339().replace(['-', ':'], "")
}

/// Writes `bytes` to `root/rel` (creating its directory), synced, and records it.
fn put(root: &Path, rel: &str, bytes: &[u8], files: &mut Vec<FileEntry>) -> Result<(), BackupError> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let mut f = std::fs::File::create(&path).map_err(io(&path))?;
    f.write_all(bytes).map_err(io(&path))?;
    f.sync_all().map_err(io(&path))?;
    files.push(FileEntry { path: rel.to_string(), bytes: bytes.len() as u64, sha256: hex_sha256(bytes) });
    Ok(())
}

/// The regular files of the drafts directory, by name (none when it does not exist).
fn read_drafts(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, BackupError> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let path = entry.path();
        if !entry.file_type().map_err(io(&path))?.is_file() {
            continue;
        }
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            return Err(BackupError::Io {
                path,
                source: std::io::Error::other("the file name is not UTF-8: rename the draft"),
            });
        };
        if name.starts_with('.') {
            continue; // A temporary file of a write in progress.
        }
        out.push((name, std::fs::read(&path).map_err(io(&path))?));
    }
    out.sort();
    Ok(out)
}

/// Annotations grouped as `kanun annotations export` groups them: `<work-slug>.jsonl`.
fn by_work(annotations: Vec<Annotation>) -> BTreeMap<String, Vec<Annotation>> {
    let mut out: BTreeMap<String, Vec<Annotation>> = BTreeMap::new();
    for a in annotations {
        out.entry(a.target.work.name().to_string()).or_default().push(a);
    }
    out
}

fn users_jsonl(users: &[User]) -> String {
    let mut sorted: Vec<&User> = users.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = String::new();
    for u in sorted {
        out.push_str(&serde_json::to_string(u).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// What a backup did.
#[derive(Debug, Clone, Serialize)]
pub struct BackupReport {
    /// The backup directory.
    pub dir: PathBuf,
    /// Its manifest.
    pub manifest: Manifest,
    /// Partial directories of interrupted backups of the same name, removed.
    pub removed_partials: Vec<PathBuf>,
}

/// Writes a consistent backup of `store` and the drafts in `drafts` to `dest` (see the module's documentation).
/// `kanun_version` goes into the manifest.
pub fn backup(
    store: &AnnotationStore,
    drafts: &Path,
    dest: &Path,
    kanun_version: &str,
) -> Result<BackupReport, BackupError> {
    let Some(name) = dest.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
        return Err(BackupError::BadDestination(dest.to_path_buf()));
    };
    let dest_exists = match std::fs::read_dir(dest) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(not_empty(dest, &name));
            }
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(_) => return Err(not_empty(dest, &name)),
    };
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    // Partial directories of backups of this name that were interrupted.
    let prefix = format!(".{name}.partial-");
    let mut removed_partials = Vec::new();
    for entry in std::fs::read_dir(&parent).map_err(io(&parent))?.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let p = entry.path();
            std::fs::remove_dir_all(&p).map_err(io(&p))?;
            removed_partials.push(p);
        }
    }
    let tmp = parent.join(format!("{prefix}{}", std::process::id()));
    std::fs::create_dir(&tmp).map_err(io(&tmp))?;

    let created = now_rfc3339();
    let snapshot = store.snapshot()?;
    let drafts = read_drafts(drafts)?;
    let mut counts = BackupCounts {
        annotations: snapshot.annotations.len() as u64,
        tombstones: snapshot.annotations.iter().filter(|a| a.deleted).count() as u64,
        users: snapshot.users.len() as u64,
        drafts: drafts.len() as u64,
        works: 0,
        editor: snapshot.drafts.len() as u64,
    };
    let mut files = Vec::new();
    for (slug, list) in by_work(snapshot.annotations) {
        put(&tmp, &format!("annotations/{slug}.jsonl"), jsonl::encode(&list).as_bytes(), &mut files)?;
        counts.works += 1;
    }
    put(&tmp, "users.jsonl", users_jsonl(&snapshot.users).as_bytes(), &mut files)?;
    for (draft, bytes) in &drafts {
        put(&tmp, &format!("drafts/{draft}"), bytes, &mut files)?;
    }
    for d in &snapshot.drafts {
        put(&tmp, &format!("editor/{}.jsonl", d.head.name), d.encode().as_bytes(), &mut files)?;
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        kanun_version: kanun_version.into(),
        store_schema_version: snapshot.schema_version,
        created,
        counts,
        files,
    };
    let mut text = serde_json::to_string_pretty(&manifest).map_err(|e| io(&tmp)(e.into()))?;
    text.push('\n');
    put(&tmp, MANIFEST, text.as_bytes(), &mut Vec::new())?;
    for sub in ["annotations", "drafts", "editor", ""] {
        sync_dir(&tmp.join(sub));
    }
    if dest_exists {
        std::fs::remove_dir(dest).map_err(io(dest))?;
    }
    std::fs::rename(&tmp, dest).map_err(io(dest))?;
    sync_dir(&parent);
    Ok(BackupReport { dir: dest.to_path_buf(), manifest, removed_partials })
}

fn not_empty(dest: &Path, name: &str) -> BackupError {
    let mut n = 2;
    let suggestion = loop {
        let candidate = dest.with_file_name(format!("{name}-{n}"));
        if !candidate.exists() {
            break candidate;
        }
        n += 1;
    };
    BackupError::NotEmpty { path: dest.to_path_buf(), suggestion }
}

/// Every file under `dir`, relative, with `/`.
fn list_files(dir: &Path, rel: &str, out: &mut Vec<String>) -> Result<(), BackupError> {
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let r = if rel.is_empty() { name } else { format!("{rel}/{name}") };
        let kind = entry.file_type().map_err(io(&entry.path()))?;
        if kind.is_symlink() {
            return Err(BackupError::Tampered {
                dir: dir.to_path_buf(),
                file: r,
                detail: "is a symbolic link; a backup holds only files (a link could make the restore read \
                         anything on this machine)"
                    .into(),
            });
        }
        if kind.is_dir() {
            list_files(&entry.path(), &r, out)?;
        } else {
            out.push(r);
        }
    }
    Ok(())
}

/// Checks a backup: its manifest, and every file's presence, size and SHA-256; a file the manifest does not list
/// is refused too. Returns the manifest.
pub fn verify(dir: &Path) -> Result<Manifest, BackupError> {
    let tampered = |file: &str, detail: String| BackupError::Tampered {
        dir: dir.to_path_buf(),
        file: file.into(),
        detail,
    };
    if !dir.is_dir() {
        return Err(BackupError::NotABackup { path: dir.to_path_buf(), detail: "no such directory".into() });
    }
    // No symbolic links anywhere in the backup, before any file (the manifest included) is read through one.
    let mut present = Vec::new();
    list_files(dir, "", &mut present)?;
    let mpath = dir.join(MANIFEST);
    let text = match std::fs::read(&mpath) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(BackupError::NotABackup {
                path: dir.to_path_buf(),
                detail: format!("it has no {MANIFEST}"),
            });
        }
        Err(e) => return Err(io(&mpath)(e)),
    };
    let probe: serde_json::Value =
        serde_json::from_slice(&text).map_err(|e| tampered(MANIFEST, format!("is not valid JSON ({e})")))?;
    if probe.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(BackupError::NotABackup {
            path: dir.to_path_buf(),
            detail: format!("its {MANIFEST} is not a {FORMAT} manifest"),
        });
    }
    if let Some(v) = probe.get("format_version").and_then(serde_json::Value::as_u64)
        && v > u64::from(FORMAT_VERSION)
    {
        return Err(BackupError::Newer { path: dir.to_path_buf(), detail: format!("backup format {v}") });
    }
    let manifest: Manifest =
        serde_json::from_value(probe).map_err(|e| tampered(MANIFEST, format!("cannot be read ({e})")))?;
    if manifest.store_schema_version > SCHEMA_VERSION {
        return Err(BackupError::Newer {
            path: dir.to_path_buf(),
            detail: format!(
                "store schema {}, this Kanun knows {SCHEMA_VERSION}",
                manifest.store_schema_version
            ),
        });
    }
    let mut listed = std::collections::BTreeSet::new();
    for f in &manifest.files {
        let rel = Path::new(&f.path);
        if f.path == MANIFEST || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(tampered(MANIFEST, format!("lists a path outside the backup: {:?}", f.path)));
        }
        let path = dir.join(rel);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(tampered(&f.path, "is missing".into()));
            }
            Err(e) => return Err(io(&path)(e)),
        };
        if bytes.len() as u64 != f.bytes {
            return Err(tampered(
                &f.path,
                format!(
                    "is {} bytes long, the manifest says {} (truncated or changed)",
                    bytes.len(),
                    f.bytes
                ),
            ));
        }
        if hex_sha256(&bytes) != f.sha256 {
            return Err(tampered(&f.path, "does not match its SHA-256 in the manifest (changed)".into()));
        }
        listed.insert(f.path.clone());
    }
    present.sort();
    for p in present {
        if p != MANIFEST && !listed.contains(&p) {
            return Err(tampered(&p, "is not listed in the manifest (added)".into()));
        }
    }
    Ok(manifest)
}

/// What restoring `incoming` users over `current` ones gives access that the store does not give now: a user it
/// does not have, a higher role, another password. One line each, for a person to confirm.
pub fn access_gained(incoming: &[User], current: &[User]) -> Vec<String> {
    incoming
        .iter()
        .filter_map(|u| match current.iter().find(|c| c.name == u.name) {
            None => Some(format!("{} ({}): a user the store does not have", u.name, u.role)),
            Some(c) if u.role.allows(c.role) && u.role != c.role => {
                Some(format!("{} ({}): now {}", u.name, u.role, c.role))
            }
            Some(c) if c.password_hash != u.password_hash => {
                Some(format!("{} ({}): another password than the store's", u.name, u.role))
            }
            Some(_) => None,
        })
        .collect()
}

/// A backup, checked and read.
struct Contents {
    manifest: Manifest,
    annotations: Vec<Annotation>,
    users: Vec<User>,
    drafts: Vec<(String, Vec<u8>)>,
    editor: Vec<crate::drafts::DraftFile>,
}

fn load(dir: &Path) -> Result<Contents, BackupError> {
    let manifest = verify(dir)?;
    let tampered = |file: &str, detail: String| BackupError::Tampered {
        dir: dir.to_path_buf(),
        file: file.into(),
        detail,
    };
    let mut contents = Contents {
        manifest: manifest.clone(),
        annotations: Vec::new(),
        users: Vec::new(),
        drafts: Vec::new(),
        editor: Vec::new(),
    };
    let mut works = 0;
    for f in &manifest.files {
        let path = dir.join(&f.path);
        let bytes = std::fs::read(&path).map_err(io(&path))?;
        if let Some(name) = f.path.strip_prefix("drafts/") {
            contents.drafts.push((name.to_string(), bytes));
            continue;
        }
        let text = String::from_utf8(bytes).map_err(|_| tampered(&f.path, "is not UTF-8".into()))?;
        if f.path == "users.jsonl" {
            for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                contents.users.push(
                    serde_json::from_str(line)
                        .map_err(|e| tampered(&f.path, format!("line {} is not a user ({e})", i + 1)))?,
                );
            }
        } else if f.path.starts_with("annotations/") && f.path.ends_with(".jsonl") {
            let list = jsonl::decode(&text, &f.path).map_err(|errors| {
                tampered(
                    &f.path,
                    errors.first().map_or_else(String::new, |e| format!("line {}: {}", e.line, e.message)),
                )
            })?;
            contents.annotations.extend(list);
            works += 1;
        } else if f.path.starts_with("editor/") && f.path.ends_with(".jsonl") {
            let d = crate::drafts::DraftFile::decode(&text, &f.path).map_err(|errors| {
                tampered(
                    &f.path,
                    errors.first().map_or_else(String::new, |e| format!("line {}: {}", e.line, e.message)),
                )
            })?;
            contents.editor.push(d);
        } else {
            return Err(tampered(&f.path, "is not a file a backup holds".into()));
        }
    }
    let found = BackupCounts {
        annotations: contents.annotations.len() as u64,
        tombstones: contents.annotations.iter().filter(|a| a.deleted).count() as u64,
        users: contents.users.len() as u64,
        drafts: contents.drafts.len() as u64,
        works,
        editor: contents.editor.len() as u64,
    };
    if found != manifest.counts {
        return Err(tampered(
            MANIFEST,
            format!("gives the counts {:?}, the files hold {found:?}", manifest.counts),
        ));
    }
    Ok(contents)
}

/// What a restore did.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    /// The manifest of the backup restored.
    pub manifest: Manifest,
    /// Where the store that was replaced now is (none when there was none).
    pub store_before: Option<PathBuf>,
    /// Where the drafts that were replaced now are.
    pub drafts_before: Option<PathBuf>,
    /// Notes about the data directory (adopted, an earlier restore finished).
    pub notes: Vec<String>,
}

/// The journal of a restore between building the new store and swapping it in.
#[derive(Serialize, Deserialize)]
struct Journal {
    /// The directory (in the data directory) holding the new `store` and `drafts`.
    work: String,
    /// The time in the names of the directories moved aside.
    stamp: String,
}

/// An exclusive lock that says a restore is running in a data directory, so that another Kanun starting at the
/// same moment does not finish or remove what the restore is doing.
fn restore_lock(data: &Path) -> Result<Option<std::fs::File>, BackupError> {
    use fs2::FileExt as _;
    let path = data.join(".restore.lock");
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io(&path))?;
    Ok(f.try_lock_exclusive().is_ok().then_some(f))
}

/// Holds the flock sled takes on `store/db`, which shows that no process has the store open; kept while the
/// store is moved aside.
fn hold_store(store: &Path) -> Result<Option<std::fs::File>, BackupError> {
    use fs2::FileExt as _;
    let db = store.join("db");
    if !db.exists() {
        return Ok(None);
    }
    let f = std::fs::OpenOptions::new().read(true).write(true).open(&db).map_err(io(&db))?;
    if f.try_lock_exclusive().is_err() {
        return Err(StoreError::Locked { path: store.to_path_buf() }.into());
    }
    Ok(Some(f))
}

/// Restores the backup in `backup_dir` into the data directory `data` (see the module's documentation), whatever
/// users it brings.
pub fn restore(backup_dir: &Path, data: &Path) -> Result<RestoreReport, BackupError> {
    restore_confirmed(backup_dir, data, &mut |_| true)
}

/// Restores as [`restore`] does, but first shows `confirm` the access the backup's users would gain over the
/// store's (see [`access_gained`]); when there is any and `confirm` says no, nothing is written. The backup is
/// read and checked once.
pub fn restore_confirmed(
    backup_dir: &Path,
    data: &Path,
    confirm: &mut dyn FnMut(&[String]) -> bool,
) -> Result<RestoreReport, BackupError> {
    let contents = load(backup_dir)?;
    // The users of the store it replaces: none when there is no store or it cannot be read (then every user of
    // the backup is shown).
    let store = datadir::store_dir(data);
    let current = if store.join("db").is_file() {
        AnnotationStore::open(&store).and_then(|s| s.users()).unwrap_or_default()
    } else {
        Vec::new()
    };
    let gains = access_gained(&contents.users, &current);
    if !gains.is_empty() && !confirm(&gains) {
        return Err(BackupError::NotConfirmed { users: gains });
    }
    let notes = datadir::prepare(data)?;
    let Some(_restoring) = restore_lock(data)? else {
        return Err(BackupError::Io {
            path: data.to_path_buf(),
            source: std::io::Error::other("another restore is running in this data directory; wait for it"),
        });
    };
    let store_dir = datadir::store_dir(data);
    let _held = hold_store(&store_dir)?;
    let mut stamp = stamp();
    let mut n = 1;
    while data.join(format!(".restore-{stamp}")).exists()
        || data.join(format!("store.before-restore-{stamp}")).exists()
        || data.join(format!("drafts.before-restore-{stamp}")).exists()
    {
        n += 1;
        stamp = format!("{}-{n}", stamp.split('-').next().unwrap_or(&stamp));
    }
    let work_name = format!(".restore-{stamp}");
    let work = data.join(&work_name);
    if let Err(e) = build(&contents, backup_dir, &work) {
        let _ = std::fs::remove_dir_all(&work);
        return Err(e);
    }
    // From here on the journal says what to finish if this process stops.
    let journal = Journal { work: work_name, stamp };
    let jtext = serde_json::to_vec_pretty(&journal).map_err(|e| io(data)(e.into()))?;
    kanun_fs::write_atomic(&data.join(JOURNAL), &jtext).map_err(io(data))?;
    let moved = apply_journal(data, &journal).map_err(BackupError::DataDir)?;
    Ok(RestoreReport {
        manifest: contents.manifest,
        store_before: moved
            .iter()
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("store.")))
            .cloned(),
        drafts_before: moved
            .iter()
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("drafts.")))
            .cloned(),
        notes,
    })
}

/// Builds the new store and drafts directory in `work`, and checks the store against the backup.
fn build(contents: &Contents, backup_dir: &Path, work: &Path) -> Result<(), BackupError> {
    std::fs::create_dir_all(work).map_err(io(work))?;
    let store = AnnotationStore::open(&work.join("store"))?;
    store.verify()?;
    for chunk in contents.annotations.chunks(5_000) {
        store.put_exact_many(chunk)?;
    }
    for u in &contents.users {
        store.put_user(u)?;
    }
    let counts = store.verify()?;
    let want = &contents.manifest.counts;
    if (counts.annotations, counts.tombstones, counts.users)
        != (want.annotations, want.tombstones, want.users)
    {
        return Err(BackupError::Rebuilt {
            dir: backup_dir.to_path_buf(),
            detail: format!("it holds {counts:?}, the backup {want:?} (an id twice?)"),
        });
    }
    let problems = store.check_indexes()?;
    if !problems.is_empty() {
        return Err(BackupError::Rebuilt { dir: backup_dir.to_path_buf(), detail: problems.join("; ") });
    }
    for d in &contents.editor {
        match store.draft_put_file(d, &|_, _| crate::drafts::Keep::Conflict)? {
            (crate::drafts::DraftMerge::Added { .. }, conflicts) if conflicts.is_empty() => {}
            (other, _) => {
                return Err(BackupError::Rebuilt {
                    dir: backup_dir.to_path_buf(),
                    detail: format!(
                        "editor draft {} was not restored whole ({other:?}: its name twice?)",
                        d.head.name
                    ),
                });
            }
        }
    }
    drop(store);
    let drafts = work.join("drafts");
    std::fs::create_dir_all(&drafts).map_err(io(&drafts))?;
    for (name, bytes) in &contents.drafts {
        put(&drafts, name, bytes, &mut Vec::new())?;
    }
    sync_dir(&drafts);
    sync_dir(work);
    Ok(())
}

/// Moves the old `store` and `drafts` aside and the new ones in, as the journal says; each step is skipped when
/// it was done already, so it can run again after an interruption. Returns where the old ones went.
fn apply_journal(data: &Path, journal: &Journal) -> Result<Vec<PathBuf>, DataDirError> {
    let dio = |path: &Path| {
        let path = path.to_path_buf();
        move |source| DataDirError::Io { path: path.clone(), source }
    };
    let work = data.join(&journal.work);
    let mut moved = Vec::new();
    for name in ["store", "drafts"] {
        let new = work.join(name);
        if !new.exists() {
            continue;
        }
        let old = data.join(name);
        if old.exists() {
            let mut aside = data.join(format!("{name}.before-restore-{}", journal.stamp));
            let mut n = 2;
            while aside.exists() {
                aside = data.join(format!("{name}.before-restore-{}-{n}", journal.stamp));
                n += 1;
            }
            std::fs::rename(&old, &aside).map_err(dio(&old))?;
            moved.push(aside);
        }
        std::fs::rename(&new, &old).map_err(dio(&new))?;
        sync_dir(data);
    }
    std::fs::remove_file(data.join(JOURNAL)).map_err(dio(&data.join(JOURNAL)))?;
    sync_dir(data);
    let _ = std::fs::remove_dir_all(&work);
    Ok(moved)
}

/// Finishes a restore that was interrupted after its journal was written, or removes the unfinished work of
/// one interrupted before (the old store is then still in place). Nothing when a restore is running.
pub(crate) fn finish_interrupted_restore(data: &Path) -> Result<Option<String>, DataDirError> {
    let journal_path = data.join(JOURNAL);
    let leftovers: Vec<PathBuf> = std::fs::read_dir(data)
        .map_err(|source| DataDirError::Io { path: data.to_path_buf(), source })?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".restore-"))
        .map(|e| e.path())
        .collect();
    if !journal_path.exists() && leftovers.is_empty() {
        return Ok(None);
    }
    let Ok(Some(_lock)) = restore_lock(data) else { return Ok(None) };
    if journal_path.exists() {
        let text = std::fs::read(&journal_path)
            .map_err(|source| DataDirError::Io { path: journal_path.clone(), source })?;
        let journal: Journal = serde_json::from_slice(&text).map_err(|e| DataDirError::Io {
            path: journal_path.clone(),
            source: std::io::Error::other(format!(
                "the journal of an interrupted restore is unreadable ({e}); the old store is in store or store.before-restore-*, the new one in .restore-*: move the one you want to store and delete {JOURNAL}"
            )),
        })?;
        let moved = apply_journal(data, &journal)?;
        return Ok(Some(format!(
            "finished a restore that was interrupted: the restored store is in place{}",
            moved.first().map(|p| format!(", the one it replaced is in {}", p.display())).unwrap_or_default()
        )));
    }
    for p in &leftovers {
        std::fs::remove_dir_all(p).map_err(|source| DataDirError::Io { path: p.clone(), source })?;
    }
    Ok(Some(format!(
        "removed the unfinished work of an interrupted restore ({}); the store was not replaced",
        leftovers.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn tempdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("kanun-backup-unit-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&d).ok();
        d
    }

    fn user(name: &str) -> User {
        User {
            name: name.into(),
            role: kanun_model::user::Role::Reviewer,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$x$y".into(),
            created: "2026-11-23T00:00:00Z".into(),
            disabled: false,
        }
    }

    /// A data directory whose store holds `users` and no annotations, and a backup of it with `backup_users`.
    fn setup(name: &str, users: &[&str], backup_users: &[&str]) -> (PathBuf, PathBuf) {
        let root = tempdir(name);
        let data = root.join("data");
        let source = root.join("source");
        {
            let s = AnnotationStore::open(&source).unwrap();
            for u in backup_users {
                s.put_user(&user(u)).unwrap();
            }
            backup(&s, &root.join("no-drafts"), &root.join("backup"), "test").unwrap();
        }
        let opened = datadir::open(&data, &root.join("none"), false).unwrap();
        for u in users {
            opened.store.put_user(&user(u)).unwrap();
        }
        (root, data)
    }

    fn users_in(data: &Path) -> Vec<String> {
        let opened = datadir::open(data, Path::new("/nonexistent"), false).unwrap();
        opened.store.users().unwrap().into_iter().map(|u| u.name).collect()
    }

    #[test]
    fn a_restore_killed_after_its_journal_is_finished_at_the_next_start() {
        let (root, data) = setup("journal", &["old"], &["new"]);
        let contents = load(&root.join("backup")).unwrap();
        let work = data.join(".restore-T");
        build(&contents, &root.join("backup"), &work).unwrap();
        let journal = Journal { work: ".restore-T".into(), stamp: "T".into() };
        std::fs::write(data.join(JOURNAL), serde_json::to_vec(&journal).unwrap()).unwrap();
        // Killed between the two renames: the old store is aside, the new one not yet in place.
        std::fs::rename(data.join("store"), data.join("store.before-restore-T")).unwrap();
        let notes = datadir::prepare(&data).unwrap();
        assert!(notes.iter().any(|n| n.contains("finished a restore that was interrupted")), "{notes:?}");
        assert_eq!(users_in(&data), ["new"]);
        assert!(!data.join(JOURNAL).exists() && !work.exists());
        assert!(data.join("store.before-restore-T/db").exists(), "the old store is kept");
        std::fs::remove_dir_all(root).ok();
    }

    #[test]
    fn a_restore_killed_before_its_journal_leaves_the_old_store() {
        let (root, data) = setup("no-journal", &["old"], &["new"]);
        let contents = load(&root.join("backup")).unwrap();
        let work = data.join(".restore-T");
        build(&contents, &root.join("backup"), &work).unwrap();
        let notes = datadir::prepare(&data).unwrap();
        assert!(notes.iter().any(|n| n.contains("unfinished work of an interrupted restore")), "{notes:?}");
        assert!(!work.exists());
        assert_eq!(users_in(&data), ["old"]);
        std::fs::remove_dir_all(root).ok();
    }

    #[test]
    fn a_store_held_by_another_process_is_not_replaced() {
        let (root, data) = setup("held", &["old"], &["new"]);
        let server = AnnotationStore::open(&datadir::store_dir(&data)).unwrap();
        let e = restore(&root.join("backup"), &data).unwrap_err().to_string();
        assert!(e.contains("held by another Kanun process") && e.contains("kanun serve"), "{e}");
        drop(server);
        assert_eq!(users_in(&data), ["old"]);
        let r = restore(&root.join("backup"), &data).unwrap();
        assert!(r.store_before.is_some());
        assert_eq!(users_in(&data), ["new"]);
        std::fs::remove_dir_all(root).ok();
    }
}
