//! The window every search is restricted to, checked on candidates rather than intersected with the words.
//!
//! Every search is restricted to the texts in force (today, or on the `asof:` date) and leaves out the
//! reviewers' annotations and the drafts unless asked. As clauses of the scored query those restrictions made
//! every search an intersection, which tantivy's block-max WAND cannot prune: each of a frequent word's
//! matches was scored. Here the part of the window that does not depend on a date (the current texts, the
//! kinds left out) is a bit set per segment, made once and cached for the segment's life, and an `asof:`
//! date is read from the date columns of the candidates alone.

use std::sync::Arc;

use tantivy::BitSet;
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocId, DocSet, Searcher, SegmentReader, TERMINATED};

use crate::query::{ConstantKey, Window};
use crate::schema::Fields;

/// The bit sets of the windows per segment, shared by all searches of an index.
#[derive(Default)]
pub struct WindowCache {
    /// By segment and the window's constant part ([`Window::constant_key`]): a bit set made for one `asof:`
    /// date serves every date (keyed by the date, each filtered search with a new date went through every
    /// document of the index: 5 ms at 1M articles).
    sets: crate::cache::SegmentCache<(SegmentId, ConstantKey), Arc<BitSet>>,
    /// Per segment, the `date_from` and `date_to` columns, opened once (opening a column reads its block
    /// headers).
    dates: crate::cache::SegmentCache<SegmentId, (Column<u64>, Column<u64>)>,
}

impl WindowCache {
    /// The documents of `segment` in the date-independent part of `window`.
    fn set(
        &self,
        searcher: &Searcher,
        segment: &SegmentReader,
        window: &Window,
        fields: &Fields,
    ) -> tantivy::Result<Arc<BitSet>> {
        self.sets.get_or_make((segment.segment_id(), window.constant_key()), || {
            let weight =
                window.constant_query(fields).weight(EnableScoring::disabled_from_searcher(searcher))?;
            let mut scorer = weight.scorer(segment, 1.0)?;
            let mut set = BitSet::with_max_value(segment.max_doc());
            let mut doc = scorer.doc();
            while doc != TERMINATED {
                set.insert(doc);
                doc = scorer.advance();
            }
            Ok(Arc::new(set))
        })
    }

    /// Keeps the sets and columns of the segments in `live` alone (after a commit: the others were merged
    /// away; a segment never changes, and the sets do not hold its deletions, which are checked apart).
    pub fn keep_segments(&self, live: &std::collections::HashSet<SegmentId>) {
        self.sets.retain(|(id, _)| live.contains(id));
        self.dates.retain(|id| live.contains(id));
    }

    /// How many window sets are kept.
    #[cfg(test)]
    pub fn sets_kept(&self) -> usize {
        self.sets.len()
    }

    /// The check of one segment's documents against `window` (deleted documents fail it).
    pub fn segment(
        &self,
        searcher: &Searcher,
        segment: &SegmentReader,
        window: &Window,
        fields: &Fields,
    ) -> tantivy::Result<SegmentWindow> {
        let dates = match window.asof {
            Some(k) => {
                let (from, to) = self.dates.get_or_make(segment.segment_id(), || {
                    let columns = segment.fast_fields();
                    Ok::<_, tantivy::TantivyError>((columns.u64("date_from")?, columns.u64("date_to")?))
                })?;
                Some((from, to, k))
            }
            None => None,
        };
        Ok(SegmentWindow {
            set: self.set(searcher, segment, window, fields)?,
            alive: segment.alive_bitset().cloned(),
            dates,
        })
    }
}

/// One segment's window.
pub struct SegmentWindow {
    set: Arc<BitSet>,
    alive: Option<tantivy::fastfield::AliveBitSet>,
    /// `date_from`, `date_to` and the `asof:` key: in force when `from <= key < to`.
    dates: Option<(Column<u64>, Column<u64>, u64)>,
}

impl SegmentWindow {
    /// Whether the document is in the window (and not deleted).
    #[inline]
    pub fn contains(&self, doc: DocId) -> bool {
        if !self.set.contains(doc) || self.alive.as_ref().is_some_and(|a| a.is_deleted(doc)) {
            return false;
        }
        match &self.dates {
            None => true,
            Some((from, to, k)) => {
                from.first(doc).is_some_and(|f| f <= *k) && to.first(doc).is_some_and(|t| t > *k)
            }
        }
    }
}
