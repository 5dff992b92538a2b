//! The annotation store: annotations in sled, in the data directory, with secondary indexes kept consistent in
//! one transaction, writes acknowledged only after they are flushed to disk, optimistic revisions (a stale update
//! is refused, never silently lost) and tombstones instead of deletion. `annotations/<work>.jsonl` files are the
//! git-friendly exchange and recovery format ([`jsonl`]). [`datadir`] guards the data directory (its marker, a
//! foreign or damaged directory refused with the way out); [`backup`] takes consistent snapshots of the store and
//! restores them by building a new store and swapping it in.
//!
//! ```no_run
//! use kanun_store::{AnnotationStore, Filter};
//!
//! let store = AnnotationStore::open(std::path::Path::new(".kanun/store"))?;
//! for a in store.list(&Filter { status: Some("open".parse()?), ..Filter::default() })? {
//!     println!("{} {} {}", a.id, a.target.eid, a.kind);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod backup;
pub mod datadir;
pub mod drafts;
pub mod jsonl;
pub mod memory;
mod time;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};

use kanun_model::annotation::{Annotation, AnnotationStatus, AnnotationType};
use kanun_model::user::User;
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};
use thiserror::Error;

pub use memory::{Annotations, MemoryStore};
pub use time::now_rfc3339;

/// The version of the store's layout; a store written by a later version is refused, an earlier one migrated.
pub const SCHEMA_VERSION: u32 = 1;

/// The longest annotation body accepted, in characters.
pub const MAX_BODY_CHARS: usize = 20_000;

/// The most memory sled's page cache takes.
const CACHE_BYTES: u64 = 64 << 20;

/// What can go wrong with the store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The database cannot be opened or written.
    #[error("annotation store {path}: {source}")]
    Db {
        /// The store directory.
        path: PathBuf,
        /// What sled said.
        source: sled::Error,
    },
    /// Another process holds the store (sled's lock on its files), most likely a running `kanun serve`.
    #[error(
        "annotation store {path} is held by another Kanun process, most likely a running `kanun serve`: stop it (Ctrl-C in its terminal, or SIGTERM), then run this command again"
    )]
    Locked {
        /// The store directory.
        path: PathBuf,
    },
    /// The store's files are damaged or are not a Kanun store at all.
    #[error("annotation store {path} is damaged: {detail}")]
    Damaged {
        /// The store directory.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// The store was written by a newer Kanun.
    #[error(
        "annotation store {path} has schema version {found}, newer than this Kanun's {SCHEMA_VERSION}: upgrade Kanun, or restore from annotations/*.jsonl into a new data directory"
    )]
    NewerSchema {
        /// The store directory.
        path: PathBuf,
        /// The version found.
        found: u32,
    },
    /// A stored record cannot be read.
    #[error(
        "annotation store {path}: record {id} is damaged ({detail}); restore it from annotations/*.jsonl"
    )]
    Corrupt {
        /// The store directory.
        path: PathBuf,
        /// The record's key.
        id: String,
        /// What is wrong.
        detail: String,
    },
    /// No annotation with that id.
    #[error("no annotation {0} (list them with `kanun annotate list`)")]
    NotFound(String),
    /// The annotation already exists.
    #[error("annotation {0} already exists")]
    Exists(String),
    /// An update was based on an older revision than the stored one.
    #[error(
        "annotation {id} has changed since revision {based_on} (it is now at revision {current}); reload it and apply your change again"
    )]
    Stale {
        /// The annotation.
        id: String,
        /// The revision the update was based on.
        based_on: u64,
        /// The stored revision.
        current: u64,
    },
    /// A suggestion on a draft was decided (or changed) by someone else meanwhile.
    #[error("suggestion {0} was decided by someone else meanwhile; reload the draft to see how")]
    Decided(String),
    /// The annotation itself is not acceptable.
    #[error("{0}")]
    Invalid(String),
}

/// Which annotations to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Work URI or short name.
    pub work: Option<String>,
    /// Provision eId (with `work`: exactly that provision; also its descendants when it ends in `*`).
    pub eid: Option<String>,
    /// Type.
    pub kind: Option<AnnotationType>,
    /// Status.
    pub status: Option<AnnotationStatus>,
    /// Tag.
    pub tag: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Include tombstones.
    pub include_deleted: bool,
}

impl Filter {
    fn matches(&self, a: &Annotation) -> bool {
        (self.include_deleted || !a.deleted)
            && self.work.as_ref().is_none_or(|w| a.target.work.to_string() == *w || a.target.work.name() == w)
            && self.eid.as_ref().is_none_or(|e| match e.strip_suffix('*') {
                Some(prefix) => a.target.eid.starts_with(prefix),
                None => a.target.eid == *e,
            })
            && self.kind.is_none_or(|k| a.kind == k)
            && self.status.is_none_or(|s| a.status == s)
            && self.tag.as_ref().is_none_or(|t| a.tags.contains(t))
            && self.author.as_ref().is_none_or(|x| a.author == *x)
    }
}

/// The store.
pub struct AnnotationStore {
    path: PathBuf,
    db: sled::Db,
    main: sled::Tree,
    by_target: sled::Tree,
    by_status: sled::Tree,
    by_author: sled::Tree,
    by_tag: sled::Tree,
    users: sled::Tree,
    /// Group commit: the number of writes applied so far, and how many of them a flush has covered. A writer
    /// takes a ticket after its transaction and returns once a flush that began after that has finished; writers
    /// that wait while another flushes are covered by the next flush together (one fsync for all of them).
    applied: AtomicU64,
    flushed: Mutex<u64>,
    /// The snapshot gate. Every write to the store (an annotation's transaction, a user's change) holds it shared
    /// while it applies; [`snapshot`](AnnotationStore::snapshot) holds it exclusively while it reads every tree.
    /// sled's transactions cannot iterate, and an iteration of a tree is not a point-in-time view, so this lock
    /// is what makes a snapshot a state the store was really in: no write is half in it, and the annotation and
    /// user counts are those of one moment. Writers wait only while a snapshot reads (milliseconds per thousand
    /// records); the flush that makes a write durable happens outside the gate.
    gate: RwLock<()>,
    /// How many annotations the store holds, once [`verify`](AnnotationStore::verify) has counted them
    /// (`u64::MAX` until then); written to the seal when the store is closed.
    count: AtomicU64,
    /// Flushes that are made to fail (a test's full disk).
    failing_flushes: AtomicU64,
}

/// The file in the store directory where a closed store records how many annotations it held. Annotations are
/// never removed (deletion is a tombstone), so the count can only grow: a store that holds fewer than its seal
/// says has lost part of its files (sled recovers a damaged log up to the damage, silently).
const SEAL: &str = "kanun-seal.json";

#[derive(serde::Serialize, serde::Deserialize)]
struct Seal {
    annotations: u64,
}

/// A point-in-time copy of the whole store: every annotation (tombstones included), every user.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Every annotation, by id, each in its current revision.
    pub annotations: Vec<Annotation>,
    /// Every user, by name.
    pub users: Vec<User>,
    /// Every draft of the editor, whole, by name.
    pub drafts: Vec<drafts::DraftFile>,
    /// The store's schema version.
    pub schema_version: u32,
}

/// What [`AnnotationStore::verify`] counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Annotations, tombstones included.
    pub annotations: u64,
    /// Of them, tombstones.
    pub tombstones: u64,
    /// Users.
    pub users: u64,
}

fn key(parts: &[&str]) -> Vec<u8> {
    parts.join("\u{0}").into_bytes()
}

/// The index keys of an annotation, per index tree.
fn index_keys(a: &Annotation) -> [Vec<Vec<u8>>; 4] {
    [
        vec![key(&[&a.target.work.to_string(), &a.target.eid, &a.id])],
        vec![key(&[a.status.as_str(), &a.id])],
        vec![key(&[&a.author, &a.id])],
        a.tags.iter().map(|t| key(&[t, &a.id])).collect(),
    ]
}

/// A new time-ordered id (UUID version 7).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The highest revision an annotation may have: the largest integer a browser's JSON numbers hold exactly
/// (2^53 − 1). An imported revision above it is refused, and an edit never wraps a revision round to 0.
pub const MAX_REVISION: u64 = (1 << 53) - 1;

/// Whether a string is an annotation id: 1 to 100 ASCII letters, digits, `-` and `_` (UUIDs, or short words from
/// imports) — never a path, a space or markup, so that every stored id can be read back through the API.
pub fn is_annotation_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 100 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The deepest nesting of quotes, lists and brackets a body may have. Ten bodies of 9,000 nested quotes made
/// every view of their article take seconds; no note needs more than a few levels.
pub const MAX_NESTING: usize = 32;

/// How deep a Markdown text nests: quote markers and list markers at the start of a line, and `[` brackets
/// (links inside links) across the text.
pub fn nesting_depth(markdown: &str) -> usize {
    let mut deepest = 0;
    for line in markdown.lines() {
        let mut depth = 0;
        let mut rest = line.trim_start();
        loop {
            if let Some(r) = rest.strip_prefix('>') {
                depth += 1;
                rest = r.trim_start();
                continue;
            }
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let marker = if rest.starts_with(['-', '*', '+']) {
                1
            } else if digits > 0 && rest[digits..].starts_with(['.', ')']) {
                digits + 1
            } else {
                0
            };
            if marker > 0 && rest[marker..].starts_with([' ', '\t']) {
                depth += 1;
                rest = rest[marker..].trim_start();
                continue;
            }
            break;
        }
        deepest = deepest.max(depth);
    }
    let mut brackets = 0usize;
    for c in markdown.chars() {
        match c {
            '[' => {
                brackets += 1;
                deepest = deepest.max(brackets);
            }
            ']' => brackets = brackets.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Checks what a person can get wrong in an annotation before it is stored.
pub fn validate(a: &Annotation) -> Result<(), StoreError> {
    for (what, body) in std::iter::once(("body", &a.body)).chain(a.replies.iter().map(|r| ("reply", &r.body)))
    {
        let depth = nesting_depth(body);
        if depth > MAX_NESTING {
            return Err(StoreError::Invalid(format!(
                "the {what} nests quotes, lists or brackets {depth} deep; at most {MAX_NESTING} (flatten it)"
            )));
        }
    }
    if !is_annotation_id(&a.id) {
        return Err(StoreError::Invalid(format!(
            "the id {:?} is not an annotation id: 1 to 100 letters, digits, '-' and '_' (a UUID, say)",
            a.id
        )));
    }
    if a.revision == 0 || a.revision > MAX_REVISION {
        return Err(StoreError::Invalid(format!(
            "the revision {} is out of range: revisions run from 1 to {MAX_REVISION}",
            a.revision
        )));
    }
    let chars = a.body.chars().count();
    if chars > MAX_BODY_CHARS {
        return Err(StoreError::Invalid(format!(
            "the body is {chars} characters long; the limit is {MAX_BODY_CHARS} (split it into replies, or link a document)"
        )));
    }
    // A character XML forbids (U+0000, say) would make every DOCX export of the review a file Word refuses.
    let texts =
        [("body", &a.body), ("author", &a.author)].into_iter().chain(a.tags.iter().map(|t| ("tag", t)));
    let replies = a.replies.iter().flat_map(|r| [("reply", &r.body), ("reply author", &r.author)]);
    for (what, t) in texts.chain(replies) {
        if let Some((at, c)) = kanun_model::text::first_xml_forbidden(t) {
            return Err(StoreError::Invalid(format!(
                "the {what} holds the control character U+{:04X} at character {}; documents cannot carry it \
                 (remove it: it is invisible)",
                c as u32,
                at + 1
            )));
        }
    }
    if a.author.trim().is_empty() || a.author.chars().count() > 200 {
        return Err(StoreError::Invalid("the author must be a name of 1 to 200 characters".into()));
    }
    for t in &a.tags {
        if t.is_empty() || t.chars().count() > 64 || t.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(StoreError::Invalid(format!(
                "tag {t:?}: tags are 1 to 64 characters without spaces, e.g. CRPD-19"
            )));
        }
    }
    Ok(())
}

/// Opens a sled database; sled panics on some damaged files (garbage in the middle of its log: "tried to
/// serialize Uninitialized"), so a panic there is caught and reported as a corruption, never a crash. The panic
/// message is kept out of the person's terminal while this runs.
fn open_catching_panics(config: &sled::Config) -> sled::Result<sled::Db> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.open()));
    std::panic::set_hook(hook);
    r.unwrap_or_else(|p| {
        let why = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "sled stopped reading it".into());
        Err(sled::Error::Unsupported(format!("the database could not be read: {why}")))
    })
}

impl AnnotationStore {
    /// Opens (or creates) the store in `dir`.
    pub fn open(dir: &Path) -> Result<AnnotationStore, StoreError> {
        let db_err = |source| StoreError::Db { path: dir.to_path_buf(), source };
        // A store whose files are already there must hold Kanun's schema version once open: sled opens a log
        // it cannot read as an empty database rather than failing.
        let existed = std::fs::metadata(dir.join("db")).is_ok_and(|m| m.len() > 0);
        // Every write is flushed before it is acknowledged, so sled's background flusher is not needed; without
        // it, dropping the store releases the directory's lock at once (the flusher thread otherwise keeps it a
        // moment, and a reopen in the same process — a test, a restore — fails with "could not acquire lock").
        // A lock still held (another Kanun closing) is waited for up to two seconds.
        // sled's page cache is bounded (its default is 1 GiB, which a long-running server would grow into).
        let config = sled::Config::new().path(dir).flush_every_ms(None).cache_capacity(CACHE_BYTES);
        let mut tries = 0;
        let db = loop {
            match open_catching_panics(&config) {
                Err(sled::Error::Io(e)) if e.to_string().contains("could not acquire lock") => {
                    if tries >= 20 {
                        return Err(StoreError::Locked { path: dir.to_path_buf() });
                    }
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Err(
                    e @ (sled::Error::Corruption { .. }
                    | sled::Error::Unsupported(_)
                    | sled::Error::ReportableBug(_)),
                ) => {
                    return Err(StoreError::Damaged {
                        path: dir.to_path_buf(),
                        detail: format!("its database cannot be read ({e})"),
                    });
                }
                // Bytes that end too soon or make no sense are damage too, not a fault of the machine.
                Err(sled::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof
                    ) =>
                {
                    return Err(StoreError::Damaged {
                        path: dir.to_path_buf(),
                        detail: format!("its database cannot be read ({e})"),
                    });
                }
                other => break other.map_err(db_err)?,
            }
        };
        let open = |name: &str| db.open_tree(name).map_err(db_err);
        let store = AnnotationStore {
            main: open("annotations")?,
            by_target: open("by_target")?,
            by_status: open("by_status")?,
            by_author: open("by_author")?,
            by_tag: open("by_tag")?,
            users: open("users")?,
            path: dir.to_path_buf(),
            db,
            applied: AtomicU64::new(0),
            flushed: Mutex::new(0),
            gate: RwLock::new(()),
            count: AtomicU64::new(u64::MAX),
            failing_flushes: AtomicU64::new(0),
        };
        store.check_schema(existed)?;
        Ok(store)
    }

    fn db_err(&self) -> impl Fn(sled::Error) -> StoreError + '_ {
        move |source| StoreError::Db { path: self.path.clone(), source }
    }

    fn check_schema(&self, existed: bool) -> Result<(), StoreError> {
        let found = self.db.get(b"schema_version").map_err(self.db_err())?;
        match found {
            None if existed => {
                // Not written over: the files stay as they were found, for a person to look at.
                return Err(StoreError::Damaged {
                    path: self.path.clone(),
                    detail: "its files are there but hold no Kanun schema version (they are damaged or truncated, or are not a Kanun store)".into(),
                });
            }
            None => {
                self.db
                    .insert(b"schema_version", SCHEMA_VERSION.to_string().as_bytes())
                    .map_err(self.db_err())?;
                self.db.flush().map_err(self.db_err())?;
            }
            Some(v) => {
                let found: u32 =
                    std::str::from_utf8(&v).ok().and_then(|s| s.parse().ok()).ok_or_else(|| {
                        StoreError::Corrupt {
                            path: self.path.clone(),
                            id: "schema_version".into(),
                            detail: "not a number".into(),
                        }
                    })?;
                if found > SCHEMA_VERSION {
                    return Err(StoreError::NewerSchema { path: self.path.clone(), found });
                }
                // Versions before SCHEMA_VERSION would be migrated here; version 1 is the first.
            }
        }
        Ok(())
    }

    fn decode(&self, id: &[u8], bytes: &[u8]) -> Result<Annotation, StoreError> {
        serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
            path: self.path.clone(),
            id: String::from_utf8_lossy(id).into_owned(),
            detail: e.to_string(),
        })
    }

    /// Adds or replaces a user (team mode); flushed before it returns.
    pub fn put_user(&self, user: &User) -> Result<(), StoreError> {
        kanun_model::user::validate_name(&user.name).map_err(StoreError::Invalid)?;
        // The last administrator may not stop being one: no one could manage the users afterwards.
        if user.role != kanun_model::user::Role::Admin
            && self.user(&user.name)?.is_some_and(|u| u.role == kanun_model::user::Role::Admin)
            && self.users()?.iter().filter(|u| u.role == kanun_model::user::Role::Admin).count() == 1
        {
            return Err(StoreError::Invalid(format!(
                "{} is the last administrator and would stop being one; make another user an admin first",
                user.name
            )));
        }
        let value = serde_json::to_vec(user).map_err(|e| StoreError::Invalid(e.to_string()))?;
        {
            let _gate = self.gate.read().unwrap_or_else(std::sync::PoisonError::into_inner);
            self.users.insert(user.name.as_bytes(), value).map_err(self.db_err())?;
        }
        self.db.flush().map_err(self.db_err())?;
        Ok(())
    }

    /// The user with this name.
    pub fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        match self.users.get(name.as_bytes()).map_err(self.db_err())? {
            Some(v) => Ok(Some(serde_json::from_slice(&v).map_err(|e| StoreError::Corrupt {
                path: self.path.clone(),
                id: format!("user {name}"),
                detail: e.to_string(),
            })?)),
            None => Ok(None),
        }
    }

    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let mut out = Vec::new();
        for kv in self.users.iter() {
            let (k, _) = kv.map_err(self.db_err())?;
            if let Some(u) = self.user(&String::from_utf8_lossy(&k))? {
                out.push(u);
            }
        }
        Ok(out)
    }

    /// Removes a user; returns whether there was one.
    pub fn remove_user(&self, name: &str) -> Result<bool, StoreError> {
        let had = {
            let _gate = self.gate.read().unwrap_or_else(std::sync::PoisonError::into_inner);
            self.users.remove(name.as_bytes()).map_err(self.db_err())?.is_some()
        };
        self.db.flush().map_err(self.db_err())?;
        Ok(had)
    }

    /// The annotation with this id (tombstones included).
    pub fn get(&self, id: &str) -> Result<Option<Annotation>, StoreError> {
        match self.main.get(id.as_bytes()).map_err(self.db_err())? {
            Some(v) => Ok(Some(self.decode(id.as_bytes(), &v)?)),
            None => Ok(None),
        }
    }

    /// Writes `new` in one transaction with its index entries, replacing `old`'s, if the stored revision is still
    /// `expect` (0: must not exist). Returns after the write is flushed to disk.
    fn write(&self, new: &Annotation, expect: u64) -> Result<(), StoreError> {
        let old = self.apply(new, expect)?;
        if let Err(e) = self.durable() {
            // Applied in memory but not known to be on disk (a full disk): taken back, so that nobody reads a
            // write that was answered as failed. What the disk holds after a restart is decided by sled's log,
            // as for a write in flight at a crash.
            self.take_back(new, old.as_ref());
            return Err(e);
        }
        Ok(())
    }

    /// Undoes an applied write whose flush failed: the earlier version back, or the new record removed.
    fn take_back(&self, new: &Annotation, old: Option<&Annotation>) {
        match old {
            Some(o) => {
                let _ = self.apply(o, new.revision);
            }
            None => {
                let keys = index_keys(new);
                let _gate = self.gate.read().unwrap_or_else(std::sync::PoisonError::into_inner);
                let removed: Result<(), TransactionError<()>> =
                    (&self.main, &self.by_target, &self.by_status, &self.by_author, &self.by_tag)
                        .transaction(|(main, t, s, a, g)| {
                            for (tree, keys) in [t, s, a, g].iter().zip(keys.iter()) {
                                for k in keys {
                                    tree.remove(k.as_slice())?;
                                }
                            }
                            main.remove(new.id.as_bytes())?;
                            Ok(())
                        });
                if removed.is_ok() {
                    let _ = self
                        .count
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n != u64::MAX).then(|| n - 1));
                }
            }
        }
    }

    /// Makes the next `n` flushes fail as on a full disk (for tests of what a failed write leaves).
    #[doc(hidden)]
    pub fn fail_next_flushes(&self, n: u64) {
        self.failing_flushes.store(n, Ordering::SeqCst);
    }

    /// Returns once every write applied before the call is on disk, sharing one flush among concurrent writers.
    fn durable(&self) -> Result<(), StoreError> {
        let ticket = self.applied.fetch_add(1, Ordering::SeqCst) + 1;
        let mut flushed = self.flushed.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if *flushed >= ticket {
            return Ok(());
        }
        // Everything applied up to here is covered by the flush that follows.
        let upto = self.applied.load(Ordering::SeqCst);
        if self.failing_flushes.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok()
        {
            return Err(self.db_err()(sled::Error::Io(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "No space left on device (made to fail by a test)",
            ))));
        }
        self.db.flush().map_err(self.db_err())?;
        *flushed = upto;
        Ok(())
    }

    /// The transaction of [`write`](Self::write), without the flush. Returns the version it replaced.
    fn apply(&self, new: &Annotation, expect: u64) -> Result<Option<Annotation>, StoreError> {
        let value = serde_json::to_vec(new).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let new_keys = index_keys(new);
        let _gate = self.gate.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let result = (&self.main, &self.by_target, &self.by_status, &self.by_author, &self.by_tag)
            .transaction(|(main, t, s, a, g)| {
                let old: Option<Annotation> = match main.get(new.id.as_bytes())? {
                    Some(v) => serde_json::from_slice(&v).ok(),
                    None => None,
                };
                let current = old.as_ref().map_or(0, |o| o.revision);
                if current != expect {
                    return Err(ConflictableTransactionError::Abort(current));
                }
                let trees = [t, s, a, g];
                if let Some(old) = &old {
                    for (tree, keys) in trees.iter().zip(index_keys(old)) {
                        for k in keys {
                            tree.remove(k)?;
                        }
                    }
                }
                for (tree, keys) in trees.iter().zip(new_keys.iter()) {
                    for k in keys {
                        tree.insert(k.as_slice(), &[] as &[u8])?;
                    }
                }
                main.insert(new.id.as_bytes(), value.as_slice())?;
                Ok(old)
            });
        let old = match result {
            Ok(old) => old,
            Err(TransactionError::Abort(current)) => {
                return Err(if expect == 0 {
                    StoreError::Exists(new.id.clone())
                } else if current == 0 {
                    StoreError::NotFound(new.id.clone())
                } else {
                    StoreError::Stale { id: new.id.clone(), based_on: expect, current }
                });
            }
            Err(TransactionError::Storage(e)) => return Err(self.db_err()(e)),
        };
        if old.is_none() {
            // Counted only once verify has counted (u64::MAX stays unknown).
            let _ = self
                .count
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n != u64::MAX).then(|| n + 1));
        }
        Ok(old)
    }

    /// Stores a new annotation (revision 1).
    pub fn create(&self, mut a: Annotation) -> Result<Annotation, StoreError> {
        a.revision = 1;
        validate(&a)?;
        self.write(&a, 0)?;
        Ok(a)
    }

    /// Replaces an annotation, if `based_on` is its stored revision; the new revision is `based_on + 1`.
    pub fn update(&self, mut a: Annotation, based_on: u64) -> Result<Annotation, StoreError> {
        a.revision = based_on.checked_add(1).filter(|r| *r <= MAX_REVISION).ok_or_else(|| {
            StoreError::Invalid(format!(
                "annotation {} is at revision {based_on}, the highest there is; it cannot be changed again \
                 (export it, lower its revision in the file and import it into a new store)",
                a.id
            ))
        })?;
        validate(&a)?;
        a.modified = now_rfc3339();
        self.write(&a, based_on)?;
        Ok(a)
    }

    /// Marks an annotation deleted (a tombstone that export keeps and listings hide).
    pub fn delete(&self, id: &str, based_on: u64) -> Result<Annotation, StoreError> {
        let mut a = self.get(id)?.ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        a.deleted = true;
        self.update(a, based_on)
    }

    /// Writes an annotation exactly as given (import): its revision is kept.
    pub fn put_exact(&self, a: &Annotation) -> Result<(), StoreError> {
        validate(a)?;
        let current = self.get(&a.id)?.map_or(0, |o| o.revision);
        self.write(a, current)
    }

    /// Writes many annotations exactly as given (a bulk import): each in its own transaction with its index
    /// entries, then one flush for all of them before it returns. A crash before the end loses only this batch's
    /// unflushed writes, never an earlier acknowledged one.
    pub fn put_exact_many<'a>(
        &self,
        annotations: impl IntoIterator<Item = &'a Annotation>,
    ) -> Result<usize, StoreError> {
        let mut n = 0;
        for a in annotations {
            validate(a)?;
            let current = self.get(&a.id)?.map_or(0, |o| o.revision);
            self.apply(a, current)?;
            n += 1;
        }
        self.durable()?;
        Ok(n)
    }

    /// Annotations matching a filter, by id (time order). Uses an index when the filter names a work by its URI
    /// (with or without an eId), a status, an author or a tag; a scan otherwise.
    pub fn list(&self, f: &Filter) -> Result<Vec<Annotation>, StoreError> {
        // The most selective index first: a work given by its URI (the reader's case) reads only its entries.
        let by_work = f.work.as_deref().filter(|w| w.starts_with("/akn/"));
        let ids: Option<Vec<Vec<u8>>> = if let Some(w) = by_work {
            Some(match f.eid.as_deref().filter(|e| !e.ends_with('*')) {
                Some(eid) => self.ids_with_prefix(&self.by_target, &[w, eid])?,
                // The entries are `eid \0 id`: the id is after the last separator.
                None => self
                    .ids_with_prefix(&self.by_target, &[w])?
                    .into_iter()
                    .map(|rest| match rest.iter().rposition(|b| *b == 0) {
                        Some(i) => rest[i + 1..].to_vec(),
                        None => rest,
                    })
                    .collect(),
            })
        } else if let Some(s) = f.status {
            Some(self.ids_with_prefix(&self.by_status, &[s.as_str()])?)
        } else if let Some(a) = &f.author {
            Some(self.ids_with_prefix(&self.by_author, &[a])?)
        } else if let Some(t) = &f.tag {
            Some(self.ids_with_prefix(&self.by_tag, &[t])?)
        } else {
            None
        };
        let mut out = Vec::new();
        match ids {
            Some(mut ids) => {
                ids.sort();
                for id in ids {
                    if let Some(v) = self.main.get(&id).map_err(self.db_err())? {
                        let a = self.decode(&id, &v)?;
                        if f.matches(&a) {
                            out.push(a);
                        }
                    }
                }
            }
            None => {
                for item in self.main.iter() {
                    let (k, v) = item.map_err(self.db_err())?;
                    let a = self.decode(&k, &v)?;
                    if f.matches(&a) {
                        out.push(a);
                    }
                }
            }
        }
        Ok(out)
    }

    fn ids_with_prefix(&self, tree: &sled::Tree, parts: &[&str]) -> Result<Vec<Vec<u8>>, StoreError> {
        let mut prefix = key(parts);
        prefix.push(0);
        let mut out = Vec::new();
        for item in tree.scan_prefix(&prefix) {
            let (k, _) = item.map_err(self.db_err())?;
            out.push(k[prefix.len()..].to_vec());
        }
        Ok(out)
    }

    /// Checks that every index entry points at a stored annotation that has it, and every annotation has its
    /// index entries: the invariant one transaction per write keeps. Returns the problems found.
    pub fn check_indexes(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        let trees = [
            ("by_target", &self.by_target),
            ("by_status", &self.by_status),
            ("by_author", &self.by_author),
            ("by_tag", &self.by_tag),
        ];
        let mut expected: Vec<std::collections::BTreeSet<Vec<u8>>> = vec![Default::default(); 4];
        for item in self.main.iter() {
            let (k, v) = item.map_err(self.db_err())?;
            let a = self.decode(&k, &v)?;
            for (set, keys) in expected.iter_mut().zip(index_keys(&a)) {
                set.extend(keys);
            }
        }
        for ((name, tree), want) in trees.iter().zip(expected) {
            let have: std::collections::BTreeSet<Vec<u8>> = tree
                .iter()
                .keys()
                .collect::<Result<Vec<_>, _>>()
                .map_err(self.db_err())?
                .into_iter()
                .map(|k| k.to_vec())
                .collect();
            for k in want.difference(&have) {
                problems
                    .push(format!("{name}: missing {}", String::from_utf8_lossy(k).replace('\u{0}', "|")));
            }
            for k in have.difference(&want) {
                problems
                    .push(format!("{name}: dangling {}", String::from_utf8_lossy(k).replace('\u{0}', "|")));
            }
        }
        Ok(problems)
    }

    /// The number of stored annotations, tombstones included.
    pub fn len(&self) -> usize {
        self.main.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.main.is_empty()
    }

    /// The store directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads every record (annotations and users) and checks that it decodes, and that the store holds at least
    /// as many annotations as when it was last closed (its seal): the check a data directory gets when it is
    /// opened. A full scan: about 10,000 records per 30 ms.
    pub fn verify(&self) -> Result<Counts, StoreError> {
        let mut counts = Counts::default();
        for item in self.main.iter() {
            let (k, v) = item.map_err(self.db_err())?;
            let a = self.decode(&k, &v)?;
            if a.id.as_bytes() != k.as_ref() {
                return Err(StoreError::Corrupt {
                    path: self.path.clone(),
                    id: String::from_utf8_lossy(&k).into_owned(),
                    detail: format!("it holds annotation {}", a.id),
                });
            }
            counts.annotations += 1;
            counts.tombstones += u64::from(a.deleted);
        }
        for item in self.users.iter() {
            let (k, v) = item.map_err(self.db_err())?;
            serde_json::from_slice::<User>(&v).map_err(|e| StoreError::Corrupt {
                path: self.path.clone(),
                id: format!("user {}", String::from_utf8_lossy(&k)),
                detail: e.to_string(),
            })?;
            counts.users += 1;
        }
        if let Some(seal) =
            std::fs::read(self.path.join(SEAL)).ok().and_then(|b| serde_json::from_slice::<Seal>(&b).ok())
            && seal.annotations > counts.annotations
        {
            return Err(StoreError::Damaged {
                path: self.path.clone(),
                detail: format!(
                    "it holds {} annotations but held {} when it was last closed (annotations are never removed): part of its files is lost",
                    counts.annotations, seal.annotations
                ),
            });
        }
        self.count.store(counts.annotations, Ordering::SeqCst);
        Ok(counts)
    }

    /// A point-in-time copy of every annotation (tombstones included, each in its current revision) and every
    /// user. It holds the snapshot gate exclusively while it reads, so no write interleaves: the copy is a state
    /// the store was in at one moment (see the `gate` field).
    pub fn snapshot(&self) -> Result<Snapshot, StoreError> {
        let _gate = self.gate.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut annotations = Vec::new();
        for item in self.main.iter() {
            let (k, v) = item.map_err(self.db_err())?;
            annotations.push(self.decode(&k, &v)?);
        }
        let mut users = Vec::new();
        for item in self.users.iter() {
            let (k, v) = item.map_err(self.db_err())?;
            users.push(serde_json::from_slice::<User>(&v).map_err(|e| StoreError::Corrupt {
                path: self.path.clone(),
                id: format!("user {}", String::from_utf8_lossy(&k)),
                detail: e.to_string(),
            })?);
        }
        let drafts = self.draft_files_now()?;
        Ok(Snapshot { annotations, users, drafts, schema_version: SCHEMA_VERSION })
    }

    /// Writes the seal (how many annotations the store holds), atomically.
    fn write_seal(&self) {
        let n = self.count.load(Ordering::SeqCst);
        if n == u64::MAX {
            return;
        }
        let Ok(bytes) = serde_json::to_vec(&Seal { annotations: n }) else { return };
        // A seal that cannot be written is not an error: a missing or old seal only makes the next open count.
        let _ = kanun_fs::write_atomic(&self.path.join(SEAL), &bytes);
    }
}

impl Drop for AnnotationStore {
    /// Flushes, and records the seal when the store was verified at open.
    fn drop(&mut self) {
        if self.db.flush().is_ok() {
            self.write_seal();
        }
    }
}
