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
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

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
        self.draft_write(name, 0, author, state, record)
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
        if based_on == 0 {
            return Err(StoreError::Invalid("a draft's revisions count from 1".into()));
        }
        self.draft_write(name, based_on, author, state, record)
    }

    fn draft_write<S: Serialize, R: Serialize>(
        &self,
        name: &str,
        based_on: u64,
        author: &str,
        state: &S,
        record: &R,
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
        let _gate = self.gate.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let result = (&heads, &states, &revisions).transaction(|(h, s, r)| {
            let old: Option<DraftHead> =
                h.get(name.as_bytes())?.and_then(|v| serde_json::from_slice(&v).ok());
            let current = old.as_ref().map_or(0, |o| o.revision);
            if current != based_on {
                return Err(ConflictableTransactionError::Abort(current));
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
            Err(TransactionError::Abort(current)) => {
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
                    return Err(StoreError::Stale { id: id.to_string(), based_on: 0, current: 0 });
                }
            }
        }
        // Replaced only if it is still what was checked: of two drafters deciding at once, one wins.
        let swapped = tree.compare_and_swap(&key, old, Some(bytes)).map_err(self.db_err())?;
        drop(gate);
        if swapped.is_err() {
            return Err(StoreError::Stale { id: id.to_string(), based_on: 0, current: 0 });
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
}
