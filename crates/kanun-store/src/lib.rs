//! The annotation store: annotations in sled, in the data directory, with secondary indexes kept consistent in
//! one transaction, writes acknowledged only after they are flushed to disk, optimistic revisions (a stale update
//! is refused, never silently lost) and tombstones instead of deletion. `annotations/<work>.jsonl` files are the
//! git-friendly exchange and recovery format ([`jsonl`]).
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

pub mod jsonl;
mod time;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use kanun_model::annotation::{Annotation, AnnotationStatus, AnnotationType};
use kanun_model::user::User;
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};
use thiserror::Error;

pub use time::now_rfc3339;

/// The version of the store's layout; a store written by a later version is refused, an earlier one migrated.
pub const SCHEMA_VERSION: u32 = 1;

/// The longest annotation body accepted, in characters.
pub const MAX_BODY_CHARS: usize = 20_000;

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

/// Checks what a person can get wrong in an annotation before it is stored.
pub fn validate(a: &Annotation) -> Result<(), StoreError> {
    let chars = a.body.chars().count();
    if chars > MAX_BODY_CHARS {
        return Err(StoreError::Invalid(format!(
            "the body is {chars} characters long; the limit is {MAX_BODY_CHARS} (split it into replies, or link a document)"
        )));
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

impl AnnotationStore {
    /// Opens (or creates) the store in `dir`.
    pub fn open(dir: &Path) -> Result<AnnotationStore, StoreError> {
        let db_err = |source| StoreError::Db { path: dir.to_path_buf(), source };
        // Every write is flushed before it is acknowledged, so sled's background flusher is not needed; without
        // it, dropping the store releases the directory's lock at once (the flusher thread otherwise keeps it a
        // moment, and a reopen in the same process — a test, a restore — fails with "could not acquire lock").
        // A lock still held (another Kanun closing) is waited for up to two seconds.
        let config = sled::Config::new().path(dir).flush_every_ms(None);
        let mut tries = 0;
        let db = loop {
            match config.open() {
                Err(sled::Error::Io(e)) if e.to_string().contains("could not acquire lock") && tries < 20 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
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
        };
        store.check_schema()?;
        Ok(store)
    }

    fn db_err(&self) -> impl Fn(sled::Error) -> StoreError + '_ {
        move |source| StoreError::Db { path: self.path.clone(), source }
    }

    fn check_schema(&self) -> Result<(), StoreError> {
        let found = self.db.get(b"schema_version").map_err(self.db_err())?;
        match found {
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
        let value = serde_json::to_vec(user).map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.users.insert(user.name.as_bytes(), value).map_err(self.db_err())?;
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
        let had = self.users.remove(name.as_bytes()).map_err(self.db_err())?.is_some();
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
        self.apply(new, expect)?;
        self.durable()
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
        self.db.flush().map_err(self.db_err())?;
        *flushed = upto;
        Ok(())
    }

    /// The transaction of [`write`](Self::write), without the flush.
    fn apply(&self, new: &Annotation, expect: u64) -> Result<(), StoreError> {
        let value = serde_json::to_vec(new).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let new_keys = index_keys(new);
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
                Ok(())
            });
        match result {
            Ok(()) => {}
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
        }
        Ok(())
    }

    /// Stores a new annotation (revision 1).
    pub fn create(&self, mut a: Annotation) -> Result<Annotation, StoreError> {
        validate(&a)?;
        a.revision = 1;
        self.write(&a, 0)?;
        Ok(a)
    }

    /// Replaces an annotation, if `based_on` is its stored revision; the new revision is `based_on + 1`.
    pub fn update(&self, mut a: Annotation, based_on: u64) -> Result<Annotation, StoreError> {
        validate(&a)?;
        a.revision = based_on + 1;
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

    /// Annotations matching a filter, by id (time order). Uses an index when the filter names a status, author,
    /// tag or work and eId.
    pub fn list(&self, f: &Filter) -> Result<Vec<Annotation>, StoreError> {
        let ids: Option<Vec<Vec<u8>>> = if let Some(s) = f.status {
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
}
