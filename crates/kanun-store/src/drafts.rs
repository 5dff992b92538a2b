//! Drafts edited in the workbench, kept as annotations are: every save is a revision, written in one transaction
//! with the draft's current state and flushed before it is acknowledged; a save based on a revision that is no
//! longer the latest is refused ([`StoreError::Stale`]), never written over another's; revisions are never
//! removed.
//!
//! The store keeps what it is given: the draft's state and each revision's record are the caller's types
//! (`kanun-workbench` stores `kanun_drafting` values), serialised as JSON. Three trees: `draft_heads` (name →
//! [`DraftHead`]), `draft_states` (name → the state after the latest revision) and `draft_revisions` (name, a zero
//! byte and the revision as 8 big-endian bytes → [`DraftRevision`]).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

use crate::jsonl::LineError;
use crate::{AnnotationStore, StoreError, now_rfc3339};

/// The longest draft name, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// A draft's entry: its name and latest revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftHead {
    /// Its name (`social-services-2027`).
    pub name: String,
    /// The latest revision (1 for a draft just started).
    pub revision: u64,
    /// Who started it.
    pub created_by: String,
    /// When (RFC 3339).
    pub created: String,
    /// Who made the latest revision.
    pub modified_by: String,
    /// When.
    pub modified: String,
}

/// One revision of a draft, with the caller's record of it (what changed, a milestone's name…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRevision<R> {
    /// Its number, from 1.
    pub revision: u64,
    /// Who made it.
    pub author: String,
    /// When (RFC 3339).
    pub at: String,
    /// What it was.
    pub record: R,
}

/// A draft name: 1 to 100 of `a`–`z`, `0`–`9` and `-`, not starting with `-` (it names files when exported).
pub fn validate_name(name: &str) -> Result<(), StoreError> {
    let ok = !name.is_empty()
        && name.chars().count() <= MAX_NAME_CHARS
        && !name.starts_with('-')
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "draft name {name:?}: use 1 to {MAX_NAME_CHARS} lowercase letters, digits and hyphens, e.g. social-services-2027"
        )))
    }
}

/// One line of a draft's JSONL file (`kanun editor export`, and backups): its entry first, then each revision in
/// order, each suggestion by id, and the state after the latest revision last. A draft grows by lines appended
/// before its state line and a changed entry line, so that a team keeps its drafts in git with small diffs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "line", rename_all = "kebab-case")]
pub enum DraftLine {
    /// The draft's entry.
    Head(DraftHead),
    /// A revision, its record as the caller stored it.
    Revision(DraftRevision<Value>),
    /// A suggestion, as the caller stored it.
    Suggestion {
        /// Its id.
        id: String,
        /// The suggestion.
        suggestion: Value,
    },
    /// The state after the latest revision.
    State {
        /// The state.
        state: Value,
    },
}

/// A draft whole, as its JSONL file holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftFile {
    /// Its entry.
    pub head: DraftHead,
    /// Its revisions, from 1.
    pub revisions: Vec<DraftRevision<Value>>,
    /// Its suggestions, by id.
    pub suggestions: Vec<(String, Value)>,
    /// The state after the latest revision.
    pub state: Value,
}

impl DraftFile {
    /// The JSONL text: one line each, in a fixed order.
    pub fn encode(&self) -> String {
        let mut lines = vec![DraftLine::Head(self.head.clone())];
        lines.extend(self.revisions.iter().cloned().map(DraftLine::Revision));
        lines.extend(
            self.suggestions
                .iter()
                .map(|(id, v)| DraftLine::Suggestion { id: id.clone(), suggestion: v.clone() }),
        );
        lines.push(DraftLine::State { state: self.state.clone() });
        let mut out = String::new();
        for l in lines {
            out.push_str(&serde_json::to_string(&l).unwrap_or_default());
            out.push('\n');
        }
        out
    }

    /// Reads a draft's JSONL text, `path` naming it in errors; every line that is wrong is reported (file and line),
    /// and nothing is taken from a file with any.
    pub fn decode(text: &str, path: &str) -> Result<DraftFile, Vec<LineError>> {
        let mut errors = Vec::new();
        let err = |line: usize, message: String| LineError { path: path.to_string(), line, message };
        let (mut head, mut state) = (None, None);
        let (mut revisions, mut suggestions) = (Vec::new(), Vec::new());
        for (i, l) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let n = i + 1;
            match serde_json::from_str::<DraftLine>(l) {
                Err(e) => errors.push(err(n, format!("not a line of a draft ({e})"))),
                Ok(DraftLine::Head(h)) if head.is_none() && n == 1 => head = Some(h),
                Ok(DraftLine::Head(_)) => {
                    errors.push(err(n, "the draft's entry must be the first line, once".into()))
                }
                Ok(_) if head.is_none() => {
                    errors.push(err(n, "the first line must be the draft's entry".into()))
                }
                Ok(_) if state.is_some() => errors.push(err(n, "nothing may follow the state line".into())),
                Ok(DraftLine::Revision(r)) => {
                    if r.revision != revisions.len() as u64 + 1 {
                        errors.push(err(
                            n,
                            format!("revision {} where revision {} comes", r.revision, revisions.len() + 1),
                        ));
                    }
                    revisions.push((n, r));
                }
                Ok(DraftLine::Suggestion { id, suggestion }) => {
                    if suggestions.iter().any(|(_, (x, _))| *x == id) {
                        errors.push(err(n, format!("suggestion {id} is there twice")));
                    }
                    suggestions.push((n, (id, suggestion)));
                }
                Ok(DraftLine::State { state: s }) => state = Some((n, s)),
            }
        }
        let last = text.lines().count().max(1);
        match (&head, &state) {
            (None, _) if errors.is_empty() => {
                errors.push(err(1, "empty: a draft's file starts with its entry".into()))
            }
            (Some(h), None) => errors.push(err(
                last,
                format!("the state line of draft {} is missing (the file is cut short?)", h.name),
            )),
            (Some(h), Some((n, _))) if h.revision != revisions.len() as u64 => errors.push(err(
                *n,
                format!("the entry says revision {}, the file has {} revisions", h.revision, revisions.len()),
            )),
            _ => {}
        }
        if let Some(h) = &head
            && let Err(e) = validate_name(&h.name)
        {
            errors.push(err(1, e.to_string()));
        }
        match (head, state) {
            (Some(head), Some((_, state))) if errors.is_empty() => Ok(DraftFile {
                head,
                revisions: revisions.into_iter().map(|(_, r)| r).collect(),
                suggestions: suggestions.into_iter().map(|(_, s)| s).collect(),
                state,
            }),
            _ => Err(errors),
        }
    }

    /// The line of revision `revision` in the file [`encode`](Self::encode) writes (for errors).
    pub fn line_of_revision(&self, revision: u64) -> usize {
        revision as usize + 1
    }

    /// The line of the state.
    pub fn line_of_state(&self) -> usize {
        self.revisions.len() + self.suggestions.len() + 2
    }
}

/// What to do with a suggestion a file brings when the store has it with other content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// The store's stays.
    Stored,
    /// The file's replaces it.
    Incoming,
    /// Neither can be chosen here (both decided, differently): listed as a conflict, the store's stays.
    Conflict,
}

/// What taking a draft's file into the store did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "draft", rename_all = "kebab-case")]
pub enum DraftMerge {
    /// A draft the store did not have.
    Added {
        /// Its revisions.
        revisions: u64,
    },
    /// The store had the file's first revisions: the later ones were added.
    Updated {
        /// The store's latest revision before.
        from: u64,
        /// Now.
        to: u64,
    },
    /// The store has every revision of the file (and perhaps more).
    Unchanged,
    /// The store and the file differ from a revision on (two people saved revision N): nothing of the
    /// revisions was written.
    Diverged {
        /// The first revision that differs.
        at: u64,
        /// Who made it in the store.
        stored: String,
        /// Who made it in the file.
        incoming: String,
    },
}

/// The revision a save is based on: 1 or later (0 is a draft's start, [`AnnotationStore::draft_create`]).
fn saved_on(based_on: u64) -> Result<u64, StoreError> {
    if based_on == 0 {
        return Err(StoreError::Invalid("a draft's revisions count from 1".into()));
    }
    Ok(based_on)
}

/// A suggestion decided with a revision: its id, its new value, and the test the stored one must pass.
pub type Deciding<'a, T> = (&'a str, &'a T, &'a dyn Fn(&T) -> bool);

fn key(name: &str, revision: u64) -> Vec<u8> {
    let mut k = name.as_bytes().to_vec();
    k.push(0);
    k.extend_from_slice(&revision.to_be_bytes());
    k
}

impl AnnotationStore {
    fn draft_trees(&self) -> Result<(sled::Tree, sled::Tree, sled::Tree), StoreError> {
        let open = |n: &str| self.db.open_tree(n).map_err(self.db_err());
        Ok((open("draft_heads")?, open("draft_states")?, open("draft_revisions")?))
    }

    /// Starts a draft: revision 1, with its first state and the record of how it was started.
    pub fn draft_create<S: Serialize, R: Serialize>(
        &self,
        name: &str,
        author: &str,
        state: &S,
        record: &R,
    ) -> Result<DraftHead, StoreError> {
        self.draft_write_with(name, 0, author, state, record, None)
    }

    /// Saves a new revision of a draft, if `based_on` is its latest revision: the new state and the record of
    /// the change. Returns the draft's new entry once the revision is on disk.
    pub fn draft_save<S: Serialize, R: Serialize>(
        &self,
        name: &str,
        based_on: u64,
        author: &str,
        state: &S,
        record: &R,
    ) -> Result<DraftHead, StoreError> {
        self.draft_write_with(name, saved_on(based_on)?, author, state, record, None)
    }

    /// Saves a new revision of a draft as [`draft_save`](Self::draft_save) does, and in the same transaction stores
    /// `suggestion` (its id and new value) if the stored one passes its test (a suggestion accepted into the draft
    /// is marked accepted with the revision that took it in, or neither is written).
    pub fn draft_save_deciding<S: Serialize, R: Serialize, T: Serialize + DeserializeOwned>(
        &self,
        name: &str,
        based_on: u64,
        author: &str,
        state: &S,
        record: &R,
        suggestion: Deciding<'_, T>,
    ) -> Result<DraftHead, StoreError> {
        let based_on = saved_on(based_on)?;
        let bytes = serde_json::to_vec(suggestion.1).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let expect = suggestion.2;
        let check = |stored: &[u8]| serde_json::from_slice::<T>(stored).is_ok_and(|t| expect(&t));
        self.draft_write_with(
            name,
            based_on,
            author,
            state,
            record,
            Some((suggestion.0, bytes.as_slice(), &check)),
        )
    }

    fn draft_write_with<S: Serialize, R: Serialize>(
        &self,
        name: &str,
        based_on: u64,
        author: &str,
        state: &S,
        record: &R,
        decided: Option<Deciding<'_, [u8]>>,
    ) -> Result<DraftHead, StoreError> {
        validate_name(name)?;
        if author.trim().is_empty() || author.chars().count() > 200 {
            return Err(StoreError::Invalid("the author must be a name of 1 to 200 characters".into()));
        }
        let invalid = |e: serde_json::Error| StoreError::Invalid(e.to_string());
        let state = serde_json::to_vec(state).map_err(invalid)?;
        let now = now_rfc3339();
        let revision = based_on + 1;
        let rev = serde_json::to_vec(&DraftRevision {
            revision,
            author: author.to_string(),
            at: now.clone(),
            record,
        })
        .map_err(invalid)?;
        let (heads, states, revisions) = self.draft_trees()?;
        let suggestions = self.db.open_tree("draft_suggestions").map_err(self.db_err())?;
        let _gate = self.gate.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let result = (&heads, &states, &revisions, &suggestions).transaction(|(h, s, r, g)| {
            let old: Option<DraftHead> =
                h.get(name.as_bytes())?.and_then(|v| serde_json::from_slice(&v).ok());
            let current = old.as_ref().map_or(0, |o| o.revision);
            if current != based_on {
                return Err(ConflictableTransactionError::Abort(Some(current)));
            }
            if let Some((id, bytes, expect)) = decided {
                let key = [name.as_bytes(), &[0], id.as_bytes()].concat();
                if !g.get(&key)?.is_some_and(|v| expect(&v)) {
                    return Err(ConflictableTransactionError::Abort(None));
                }
                g.insert(key, bytes)?;
            }
            let head = DraftHead {
                name: name.to_string(),
                revision,
                created_by: old.as_ref().map_or_else(|| author.to_string(), |o| o.created_by.clone()),
                created: old.as_ref().map_or_else(|| now.clone(), |o| o.created.clone()),
                modified_by: author.to_string(),
                modified: now.clone(),
            };
            let bytes = serde_json::to_vec(&head).map_err(|e| {
                ConflictableTransactionError::Storage(sled::Error::Unsupported(e.to_string()))
            })?;
            h.insert(name.as_bytes(), bytes)?;
            s.insert(name.as_bytes(), state.as_slice())?;
            r.insert(key(name, revision), rev.as_slice())?;
            Ok(head)
        });
        let head = match result {
            Ok(head) => head,
            Err(TransactionError::Abort(None)) => {
                return Err(StoreError::Decided(decided.map_or_else(String::new, |d| d.0.to_string())));
            }
            Err(TransactionError::Abort(Some(current))) => {
                return Err(if based_on == 0 {
                    StoreError::Exists(name.to_string())
                } else if current == 0 {
                    StoreError::NotFound(name.to_string())
                } else {
                    StoreError::Stale { id: name.to_string(), based_on, current }
                });
            }
            Err(TransactionError::Storage(e)) => return Err(self.db_err()(e)),
        };
        drop(_gate);
        self.durable()?;
        Ok(head)
    }

    /// A draft's entry.
    pub fn draft_head(&self, name: &str) -> Result<Option<DraftHead>, StoreError> {
        let (heads, _, _) = self.draft_trees()?;
        heads.get(name.as_bytes()).map_err(self.db_err())?.map(|v| self.draft_decode(name, &v)).transpose()
    }

    /// A draft's entry and its state after the latest revision.
    pub fn draft_state<S: DeserializeOwned>(&self, name: &str) -> Result<Option<(DraftHead, S)>, StoreError> {
        let (heads, states, _) = self.draft_trees()?;
        // Read together: a save between the two reads would pair one revision's entry with another's state.
        let _gate = self.gate.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(h) = heads.get(name.as_bytes()).map_err(self.db_err())? else { return Ok(None) };
        let Some(s) = states.get(name.as_bytes()).map_err(self.db_err())? else {
            return Err(StoreError::Corrupt {
                path: self.path.clone(),
                id: name.to_string(),
                detail: "the draft has an entry but no state".into(),
            });
        };
        Ok(Some((self.draft_decode(name, &h)?, self.draft_decode(name, &s)?)))
    }

    /// Every draft's entry, by name.
    pub fn draft_heads(&self) -> Result<Vec<DraftHead>, StoreError> {
        let (heads, _, _) = self.draft_trees()?;
        heads
            .iter()
            .map(|kv| {
                let (k, v) = kv.map_err(self.db_err())?;
                self.draft_decode(&String::from_utf8_lossy(&k), &v)
            })
            .collect()
    }

    /// A draft's revisions, oldest first (revisions `from` to `to`, inclusive).
    pub fn draft_revisions<R: DeserializeOwned>(
        &self,
        name: &str,
        from: u64,
        to: u64,
    ) -> Result<Vec<DraftRevision<R>>, StoreError> {
        let (_, _, revisions) = self.draft_trees()?;
        revisions
            .range(key(name, from.max(1))..=key(name, to))
            .map(|kv| {
                let (_, v) = kv.map_err(self.db_err())?;
                self.draft_decode(name, &v)
            })
            .collect()
    }

    /// Stores a suggestion on a draft (new or decided), flushed before it returns; `expect` is the status the
    /// stored one must have (`None`: it must not exist yet), so that two drafters cannot both decide it.
    pub fn draft_suggestion_put<T: Serialize + DeserializeOwned>(
        &self,
        name: &str,
        id: &str,
        value: &T,
        expect: Option<&dyn Fn(&T) -> bool>,
    ) -> Result<(), StoreError> {
        validate_name(name)?;
        let tree = self.db.open_tree("draft_suggestions").map_err(self.db_err())?;
        let key = [name.as_bytes(), &[0], id.as_bytes()].concat();
        let bytes = serde_json::to_vec(value).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let gate = self.gate.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let old = tree.get(&key).map_err(self.db_err())?;
        match (&old, expect) {
            (None, None) => {}
            (Some(_), None) => return Err(StoreError::Exists(id.to_string())),
            (None, Some(_)) => return Err(StoreError::NotFound(id.to_string())),
            (Some(v), Some(ok)) => {
                let stored: T = self.draft_decode(name, v)?;
                if !ok(&stored) {
                    return Err(StoreError::Decided(id.to_string()));
                }
            }
        }
        // Replaced only if it is still what was checked: of two drafters deciding at once, one wins.
        let swapped = tree.compare_and_swap(&key, old, Some(bytes)).map_err(self.db_err())?;
        drop(gate);
        if swapped.is_err() {
            return Err(StoreError::Decided(id.to_string()));
        }
        self.durable()
    }

    /// The suggestions on a draft, in the order they were made (ids sort by time).
    pub fn draft_suggestions<T: DeserializeOwned>(&self, name: &str) -> Result<Vec<T>, StoreError> {
        let tree = self.db.open_tree("draft_suggestions").map_err(self.db_err())?;
        let prefix = [name.as_bytes(), &[0]].concat();
        tree.scan_prefix(prefix)
            .map(|kv| {
                let (_, v) = kv.map_err(self.db_err())?;
                self.draft_decode(name, &v)
            })
            .collect()
    }

    /// A draft whole (entry, revisions, suggestions and state), read at one moment.
    pub fn draft_file(&self, name: &str) -> Result<Option<DraftFile>, StoreError> {
        let _gate = self.gate.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        self.draft_file_now(name)
    }

    /// Every draft whole, by name (the caller holds the gate).
    pub(crate) fn draft_files_now(&self) -> Result<Vec<DraftFile>, StoreError> {
        let (heads, _, _) = self.draft_trees()?;
        let mut out = Vec::new();
        for kv in heads.iter() {
            let (k, _) = kv.map_err(self.db_err())?;
            if let Some(f) = self.draft_file_now(&String::from_utf8_lossy(&k))? {
                out.push(f);
            }
        }
        Ok(out)
    }

    fn draft_file_now(&self, name: &str) -> Result<Option<DraftFile>, StoreError> {
        let (heads, states, _) = self.draft_trees()?;
        let Some(h) = heads.get(name.as_bytes()).map_err(self.db_err())? else { return Ok(None) };
        let head: DraftHead = self.draft_decode(name, &h)?;
        let state: Value = match states.get(name.as_bytes()).map_err(self.db_err())? {
            Some(s) => self.draft_decode(name, &s)?,
            None => {
                return Err(StoreError::Corrupt {
                    path: self.path.clone(),
                    id: name.to_string(),
                    detail: "the draft has an entry but no state".into(),
                });
            }
        };
        let revisions: Vec<DraftRevision<Value>> = self.draft_revisions(name, 1, head.revision)?;
        let tree = self.db.open_tree("draft_suggestions").map_err(self.db_err())?;
        let prefix = [name.as_bytes(), &[0]].concat();
        let mut suggestions = Vec::new();
        for kv in tree.scan_prefix(&prefix) {
            let (k, v) = kv.map_err(self.db_err())?;
            suggestions.push((
                String::from_utf8_lossy(&k[prefix.len()..]).into_owned(),
                self.draft_decode(name, &v)?,
            ));
        }
        Ok(Some(DraftFile { head, revisions, suggestions, state }))
    }

    /// Takes a draft's file into the store, flushed before it returns: a draft the store lacks is added whole; one
    /// whose revisions the store has the first of gets the rest; one that differs from a revision on is left as
    /// the store has it ([`DraftMerge::Diverged`]). Suggestions the store lacks are added; one it has with other
    /// content is kept or replaced as `keep` says, or listed as a conflict. Returns what was done and the ids of the
    /// suggestions in conflict.
    pub fn draft_put_file(
        &self,
        file: &DraftFile,
        keep: &dyn Fn(&Value, &Value) -> Keep,
    ) -> Result<(DraftMerge, Vec<String>), StoreError> {
        let name = file.head.name.as_str();
        validate_name(name)?;
        let (heads, states, revisions) = self.draft_trees()?;
        let sugg = self.db.open_tree("draft_suggestions").map_err(self.db_err())?;
        let _gate = self.gate.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let stored = self.draft_file_now(name)?;
        let (merge, from) = match &stored {
            None => (DraftMerge::Added { revisions: file.head.revision }, 0),
            Some(s) => {
                let common = s.revisions.len().min(file.revisions.len());
                match (0..common).find(|&i| s.revisions[i] != file.revisions[i]) {
                    Some(i) => (
                        DraftMerge::Diverged {
                            at: i as u64 + 1,
                            stored: s.revisions[i].author.clone(),
                            incoming: file.revisions[i].author.clone(),
                        },
                        s.head.revision,
                    ),
                    None if file.revisions.len() > s.revisions.len() => (
                        DraftMerge::Updated { from: s.head.revision, to: file.head.revision },
                        s.head.revision,
                    ),
                    None => (DraftMerge::Unchanged, s.head.revision),
                }
            }
        };
        let mut conflicts = Vec::new();
        let mut put_suggestions: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        for (id, v) in &file.suggestions {
            let old =
                stored.as_ref().and_then(|s| s.suggestions.iter().find(|(x, _)| x == id)).map(|(_, v)| v);
            let write = match old {
                None => true,
                Some(o) if o == v => false,
                Some(o) => match keep(o, v) {
                    Keep::Stored => false,
                    Keep::Incoming => true,
                    Keep::Conflict => {
                        conflicts.push(id.clone());
                        false
                    }
                },
            };
            if write {
                let bytes = serde_json::to_vec(v).map_err(|e| StoreError::Invalid(e.to_string()))?;
                put_suggestions.push(([name.as_bytes(), &[0], id.as_bytes()].concat(), bytes));
            }
        }
        let grow = matches!(merge, DraftMerge::Added { .. } | DraftMerge::Updated { .. });
        let invalid = |e: serde_json::Error| StoreError::Invalid(e.to_string());
        let head = serde_json::to_vec(&file.head).map_err(invalid)?;
        let state = serde_json::to_vec(&file.state).map_err(invalid)?;
        // The revisions the store lacks (none when it has them all, or more).
        let new_revisions: Vec<(Vec<u8>, Vec<u8>)> = file
            .revisions
            .get(usize::try_from(from).unwrap_or(usize::MAX)..)
            .unwrap_or_default()
            .iter()
            .map(|r| Ok((key(name, r.revision), serde_json::to_vec(r).map_err(invalid)?)))
            .collect::<Result<_, StoreError>>()?;
        let result = (&heads, &states, &revisions, &sugg).transaction(|(h, s, r, g)| {
            // Written only if no save came between the read above and here.
            let now: Option<DraftHead> =
                h.get(name.as_bytes())?.and_then(|v| serde_json::from_slice(&v).ok());
            if now.map_or(0, |x| x.revision) != from {
                return Err(ConflictableTransactionError::Abort(()));
            }
            if grow {
                h.insert(name.as_bytes(), head.as_slice())?;
                s.insert(name.as_bytes(), state.as_slice())?;
                for (k, v) in &new_revisions {
                    r.insert(k.as_slice(), v.as_slice())?;
                }
            }
            for (k, v) in &put_suggestions {
                g.insert(k.as_slice(), v.as_slice())?;
            }
            Ok(())
        });
        match result {
            Ok(()) => {}
            Err(TransactionError::Abort(())) => {
                return Err(StoreError::Stale { id: name.to_string(), based_on: from, current: from + 1 });
            }
            Err(TransactionError::Storage(e)) => return Err(self.db_err()(e)),
        }
        drop(_gate);
        self.durable()?;
        Ok((merge, conflicts))
    }

    fn draft_decode<T: DeserializeOwned>(&self, name: &str, bytes: &[u8]) -> Result<T, StoreError> {
        serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
            path: self.path.clone(),
            id: format!("draft {name}"),
            detail: e.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(name: &str) -> (AnnotationStore, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("kanun-drafts-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        (AnnotationStore::open(&dir).unwrap_or_else(|e| panic!("{e}")), dir)
    }

    #[test]
    fn revisions_are_kept_and_a_stale_save_is_refused() {
        let (s, dir) = store("revisions");
        let h =
            s.draft_create("ss-2027", "aman", &vec!["start"], &"started").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(h.revision, 1);
        assert!(matches!(s.draft_create("ss-2027", "aman", &0, &0), Err(StoreError::Exists(_))));
        let h = s
            .draft_save("ss-2027", 1, "aman", &vec!["start", "edit"], &"edit")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((h.revision, h.created_by.as_str()), (2, "aman"));
        // Another drafter saves on revision 1 too: refused, with the revision there is now.
        let e = s.draft_save("ss-2027", 1, "maya", &vec!["other"], &"other").unwrap_err();
        assert!(matches!(e, StoreError::Stale { current: 2, based_on: 1, .. }), "{e}");
        let (head, state): (DraftHead, Vec<String>) =
            s.draft_state("ss-2027").unwrap_or_else(|e| panic!("{e}")).unwrap_or_else(|| panic!("kept"));
        assert_eq!((head.revision, state), (2, vec!["start".to_string(), "edit".to_string()]));
        let revs: Vec<DraftRevision<String>> =
            s.draft_revisions("ss-2027", 1, u64::MAX).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(revs.iter().map(|r| r.record.as_str()).collect::<Vec<_>>(), ["started", "edit"]);
        assert!(matches!(s.draft_save("nope", 1, "aman", &0, &0), Err(StoreError::NotFound(_))));
        for bad in ["", "Capital", "../x", "-x", &"x".repeat(101)] {
            assert!(matches!(s.draft_create(bad, "aman", &0, &0), Err(StoreError::Invalid(_))), "{bad:?}");
        }
        assert_eq!(s.draft_heads().unwrap_or_default().len(), 1);
        drop(s);
        // Reopened: all there.
        let s = AnnotationStore::open(&dir).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.draft_head("ss-2027").ok().flatten().map(|h| h.revision), Some(2));
        drop(s);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_draft_goes_out_as_jsonl_and_comes_back_merged_by_revision() {
        let (a, dir_a) = store("file-a");
        let (b, dir_b) = store("file-b");
        a.draft_create("ss-2027", "aman", &vec!["start"], &"started").unwrap_or_else(|e| panic!("{e}"));
        a.draft_save("ss-2027", 1, "aman", &vec!["start", "edit"], &"edit").unwrap_or_else(|e| panic!("{e}"));
        a.draft_suggestion_put("ss-2027", "s1", &serde_json::json!({"status": "open"}), None)
            .unwrap_or_else(|e| panic!("{e}"));
        let file =
            a.draft_file("ss-2027").unwrap_or_else(|e| panic!("{e}")).unwrap_or_else(|| panic!("kept"));
        let text = file.encode();
        assert_eq!(text.lines().count(), 5, "entry, two revisions, a suggestion, the state:\n{text}");
        assert_eq!(DraftFile::decode(&text, "ss-2027.jsonl").unwrap_or_else(|e| panic!("{e:?}")), file);
        let keep_decided = |stored: &Value, incoming: &Value| {
            if stored["status"] == "open" {
                Keep::Incoming
            } else if incoming["status"] == "open" {
                Keep::Stored
            } else {
                Keep::Conflict
            }
        };
        // Into a store without it: added whole; again: unchanged.
        let (m, c) = b.draft_put_file(&file, &keep_decided).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((m, c.len()), (DraftMerge::Added { revisions: 2 }, 0));
        assert_eq!(b.draft_file("ss-2027").ok().flatten().as_ref(), Some(&file));
        assert_eq!(b.draft_put_file(&file, &keep_decided).map(|x| x.0).ok(), Some(DraftMerge::Unchanged));
        // The first store goes on (a revision, the suggestion decided): the second takes the rest.
        a.draft_save("ss-2027", 2, "maya", &vec!["start", "edit", "insert"], &"insert")
            .unwrap_or_else(|e| panic!("{e}"));
        a.draft_suggestion_put(
            "ss-2027",
            "s1",
            &serde_json::json!({"status": "accepted"}),
            Some(&|_: &Value| true),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let later = a.draft_file("ss-2027").ok().flatten().unwrap_or_else(|| panic!("kept"));
        let (m, _) = b.draft_put_file(&later, &keep_decided).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m, DraftMerge::Updated { from: 2, to: 3 });
        assert_eq!(b.draft_file("ss-2027").ok().flatten().as_ref(), Some(&later));
        // The older file into the store that went on: nothing goes back.
        assert_eq!(b.draft_put_file(&file, &keep_decided).map(|x| x.0).ok(), Some(DraftMerge::Unchanged));
        assert_eq!(b.draft_file("ss-2027").ok().flatten().as_ref(), Some(&later));
        // Two people saved revision 4: the store keeps its own, the file's is named, nothing written.
        b.draft_save("ss-2027", 3, "dana", &vec!["b"], &"b").unwrap_or_else(|e| panic!("{e}"));
        a.draft_save("ss-2027", 3, "maya", &vec!["a"], &"a").unwrap_or_else(|e| panic!("{e}"));
        let theirs = a.draft_file("ss-2027").ok().flatten().unwrap_or_else(|| panic!("kept"));
        let (m, _) = b.draft_put_file(&theirs, &keep_decided).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m, DraftMerge::Diverged { at: 4, stored: "dana".into(), incoming: "maya".into() });
        assert_eq!(
            b.draft_state::<Vec<String>>("ss-2027").ok().flatten().map(|x| x.1),
            Some(vec!["b".to_string()])
        );
        drop((a, b));
        std::fs::remove_dir_all(&dir_a).ok();
        std::fs::remove_dir_all(&dir_b).ok();
    }

    #[test]
    fn a_broken_draft_file_is_refused_naming_each_line() {
        let (a, dir) = store("file-bad");
        a.draft_create("ss-2027", "aman", &vec!["start"], &"started").unwrap_or_else(|e| panic!("{e}"));
        a.draft_save("ss-2027", 1, "aman", &vec!["x"], &"edit").unwrap_or_else(|e| panic!("{e}"));
        let text = a.draft_file("ss-2027").ok().flatten().unwrap_or_else(|| panic!("kept")).encode();
        let lines: Vec<&str> = text.lines().collect();
        let cases: Vec<(String, usize, &str)> = vec![
            (String::new(), 1, "empty"),
            (lines[1..].join("\n"), 1, "the first line must be the draft's entry"),
            (lines[..3].join("\n"), 3, "the state line of draft ss-2027 is missing"),
            ([lines[0], lines[2], lines[1], lines[3]].join("\n"), 2, "revision 2 where revision 1 comes"),
            (
                [lines[0], lines[1], lines[3]].join("\n"),
                3,
                "the entry says revision 2, the file has 1 revisions",
            ),
            ([lines[0], lines[1], "{not json", lines[2], lines[3]].join("\n"), 3, "not a line of a draft"),
            (
                [lines[0], lines[1], lines[2], lines[3], lines[2]].join("\n"),
                5,
                "nothing may follow the state line",
            ),
        ];
        for (text, line, says) in cases {
            let e = DraftFile::decode(&text, "ss.jsonl").map(|_| ()).unwrap_err();
            assert!(
                e.iter().any(|e| e.line == line && e.message.contains(says) && e.path == "ss.jsonl"),
                "{says}: {e:?}"
            );
        }
        drop(a);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn an_accepted_suggestion_is_marked_with_its_revision_or_neither_is_written() {
        let (s, dir) = store("deciding");
        s.draft_create("ss-2027", "aman", &vec!["start"], &"started").unwrap_or_else(|e| panic!("{e}"));
        let open = serde_json::json!({"status": "open"});
        s.draft_suggestion_put("ss-2027", "s1", &open, None).unwrap_or_else(|e| panic!("{e}"));
        let is_open = |v: &Value| v["status"] == "open";
        let accepted = serde_json::json!({"status": "accepted", "revision": 2});
        let h = s
            .draft_save_deciding("ss-2027", 1, "aman", &vec!["s1"], &"accept", ("s1", &accepted, &is_open))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(h.revision, 2);
        assert_eq!(
            s.draft_suggestions::<Value>("ss-2027").unwrap_or_default(),
            std::slice::from_ref(&accepted)
        );
        // A second drafter accepting it too: refused as decided, and their revision is not written either.
        let e = s
            .draft_save_deciding("ss-2027", 2, "maya", &vec!["again"], &"accept", ("s1", &accepted, &is_open))
            .unwrap_err();
        assert!(matches!(e, StoreError::Decided(ref id) if id == "s1"), "{e}");
        assert_eq!(s.draft_head("ss-2027").ok().flatten().map(|h| h.revision), Some(2));
        // A suggestion that is not there: nothing written.
        let e = s
            .draft_save_deciding("ss-2027", 2, "maya", &vec!["x"], &"accept", ("nope", &accepted, &is_open))
            .unwrap_err();
        assert!(matches!(e, StoreError::Decided(_)), "{e}");
        assert_eq!(s.draft_head("ss-2027").ok().flatten().map(|h| h.revision), Some(2));
        drop(s);
        std::fs::remove_dir_all(&dir).ok();
    }
}
