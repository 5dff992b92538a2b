//! The store as the operations above it see it ([`Annotations`]), and a store in memory that keeps the same
//! rules as the one on disk: the same validation, revisions (a create is revision 1; an update must name the
//! revision it was based on and makes the next), tombstones, and filters. Tests of `kanun-workbench` run on it, with
//! no directory and no sled.

use std::collections::BTreeMap;
use std::sync::Mutex;

use kanun_model::annotation::Annotation;

use crate::{AnnotationStore, Filter, MAX_REVISION, StoreError, validate};

/// What the application layer needs of a store.
pub trait Annotations: Send + Sync {
    /// One annotation (tombstones included).
    fn get(&self, id: &str) -> Result<Option<Annotation>, StoreError>;
    /// Stores a new annotation at revision 1.
    fn create(&self, a: Annotation) -> Result<Annotation, StoreError>;
    /// Replaces an annotation based on revision `based_on`; the result has the next revision.
    fn update(&self, a: Annotation, based_on: u64) -> Result<Annotation, StoreError>;
    /// The annotations a filter matches, in id order.
    fn list(&self, f: &Filter) -> Result<Vec<Annotation>, StoreError>;
}

impl Annotations for AnnotationStore {
    fn get(&self, id: &str) -> Result<Option<Annotation>, StoreError> {
        AnnotationStore::get(self, id)
    }
    fn create(&self, a: Annotation) -> Result<Annotation, StoreError> {
        AnnotationStore::create(self, a)
    }
    fn update(&self, a: Annotation, based_on: u64) -> Result<Annotation, StoreError> {
        AnnotationStore::update(self, a, based_on)
    }
    fn list(&self, f: &Filter) -> Result<Vec<Annotation>, StoreError> {
        AnnotationStore::list(self, f)
    }
}

/// Annotations in memory, by id.
#[derive(Debug, Default)]
pub struct MemoryStore {
    annotations: Mutex<BTreeMap<String, Annotation>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    fn map(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Annotation>> {
        self.annotations.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Annotations for MemoryStore {
    fn get(&self, id: &str) -> Result<Option<Annotation>, StoreError> {
        Ok(self.map().get(id).cloned())
    }

    fn create(&self, mut a: Annotation) -> Result<Annotation, StoreError> {
        a.revision = 1;
        validate(&a)?;
        let mut m = self.map();
        if m.contains_key(&a.id) {
            return Err(StoreError::Exists(a.id));
        }
        m.insert(a.id.clone(), a.clone());
        Ok(a)
    }

    fn update(&self, mut a: Annotation, based_on: u64) -> Result<Annotation, StoreError> {
        a.revision = based_on
            .checked_add(1)
            .filter(|r| *r <= MAX_REVISION)
            .ok_or_else(|| StoreError::Invalid(format!("annotation {} is at the highest revision", a.id)))?;
        validate(&a)?;
        let mut m = self.map();
        let current = m.get(&a.id).map(|x| x.revision).ok_or_else(|| StoreError::NotFound(a.id.clone()))?;
        if current != based_on {
            return Err(StoreError::Stale { id: a.id, based_on, current });
        }
        m.insert(a.id.clone(), a.clone());
        Ok(a)
    }

    fn list(&self, f: &Filter) -> Result<Vec<Annotation>, StoreError> {
        Ok(self.map().values().filter(|a| f.matches(a)).cloned().collect())
    }
}
