//! What is made once per segment and kept for the segment's life (a segment never changes): the facet tables
//! of `facets.rs`, the window bit sets of `window.rs`.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// Values made from a segment, by key (the segment's id and what else the value depends on), shared by all
/// searches of an index. Merged-away segments leave the cache after the commit that merged them (see
/// [`SegmentCache::retain`]), or when it has grown past a few generations.
pub struct SegmentCache<K, V> {
    kept: Mutex<HashMap<K, V>>,
}

impl<K, V> Default for SegmentCache<K, V> {
    fn default() -> Self {
        SegmentCache { kept: Mutex::new(HashMap::new()) }
    }
}

/// How many values are kept before the cache starts again.
const MOST: usize = 256;

impl<K: Hash + Eq, V: Clone> SegmentCache<K, V> {
    /// The value for `key`, made by `make` (outside the lock) the first time.
    pub fn get_or_make<E>(&self, key: K, make: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some(v) = self.lock().get(&key) {
            return Ok(v.clone());
        }
        let v = make()?;
        let mut kept = self.lock();
        if kept.len() >= MOST {
            kept.clear();
        }
        kept.insert(key, v.clone());
        Ok(v)
    }

    /// Keeps only the values whose key `keep` accepts (those of the segments still searched, after a commit).
    pub fn retain(&self, keep: impl Fn(&K) -> bool) {
        self.lock().retain(|k, _| keep(k));
    }

    /// How many values are kept.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, V>> {
        self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_made_once_and_the_cache_stays_bounded() {
        let cache: SegmentCache<usize, usize> = SegmentCache::default();
        let mut made = 0;
        for _ in 0..3 {
            let v = cache.get_or_make(7, || {
                made += 1;
                Ok::<_, ()>(49)
            });
            assert_eq!(v, Ok(49));
        }
        assert_eq!(made, 1);
        assert_eq!(cache.get_or_make(8, || Err("broken")), Err("broken"));
        assert_eq!(cache.get_or_make(8, || Ok::<_, &str>(64)), Ok(64), "a failure is not kept");
        for k in 0..1000 {
            let _ = cache.get_or_make(k, || Ok::<_, ()>(k));
        }
        assert!(cache.lock().len() <= MOST);
        let before: Vec<usize> = cache.lock().keys().copied().collect();
        cache.retain(|k| k % 2 == 0);
        let mut after: Vec<usize> = cache.lock().keys().copied().collect();
        after.sort_unstable();
        let mut want: Vec<usize> = before.into_iter().filter(|k| k % 2 == 0).collect();
        want.sort_unstable();
        assert!(!want.is_empty());
        assert_eq!(after, want, "the values kept are those of the keys accepted");
        cache.retain(|_| false);
        assert!(cache.lock().is_empty());
    }
}
