//! Facet counts without per-query dictionary work.
//!
//! tantivy's `FacetCollector` walks the facet dictionary of every segment for every query (to map ordinals to
//! the requested roots) and turns every counted ordinal back into a path when it harvests. With a thousand laws
//! that was a third of a search's time. Here the ordinal → (root, value) table of a segment is made once and
//! cached for the segment's life, and each value is numbered once for the index (the same number in every
//! segment): a query only adds to one vector of counts by value number, whatever the segment, and names the
//! values it counted once at the end. (Tables of names per segment, merged by name per segment, were a
//! fifth of an AND query's time at 300k articles.)

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The roots counted, in the order of [`Counts`].
pub const ROOTS: [&str; 4] = ["work", "lang", "kind", "status"];

/// A facet value's number, the same in every segment of the index (see [`NameCache`]).
type ValueId = u32;

/// A facet ordinal under none of the [`ROOTS`].
const NOT_COUNTED: ValueId = ValueId::MAX;

/// Per segment: every document's counted values by number, made once for the segment's life. Counting a match
/// is then a few additions from one cache line; through the facet column it was a walk of the column's index
/// and an ordinal lookup per value (at 1M articles, 35 ns a match: a third of a one-word search that counts
/// 10,000 matches).
struct SegmentFacets {
    layout: Layout,
    values: Vec<ValueId>,
}

/// Where a document's values are in [`SegmentFacets::values`].
enum Layout {
    /// Every document has this many (articles and annotations have one value of each root): document `d`'s
    /// are at `d * n .. (d + 1) * n`, 16 bytes a document.
    Stride(usize),
    /// `starts[d] .. starts[d + 1]`.
    Starts(Vec<u32>),
}

impl SegmentFacets {
    /// From every document's values, one after another: `starts[d] .. starts[d + 1]` are document `d`'s.
    fn new(starts: Vec<u32>, values: Vec<ValueId>) -> SegmentFacets {
        let n = starts.get(1).map_or(0, |&s| s as usize);
        let layout = if starts.windows(2).all(|w| (w[1] - w[0]) as usize == n) {
            Layout::Stride(n)
        } else {
            Layout::Starts(starts)
        };
        SegmentFacets { layout, values }
    }

    fn of(&self, doc: DocId) -> &[ValueId] {
        let doc = doc as usize;
        let range = match &self.layout {
            Layout::Stride(n) => doc * n..(doc + 1) * n,
            Layout::Starts(starts) => match (starts.get(doc), starts.get(doc + 1)) {
                (Some(&a), Some(&b)) => a as usize..b as usize,
                _ => return &[],
            },
        };
        self.values.get(range).unwrap_or(&[])
    }
}

type Table = Arc<SegmentFacets>;

/// Counts by value number: what a query's counting adds to, whatever the segment.
pub type Tally = Vec<u32>;

/// The facet values met so far, each numbered once for the index's life: a count is a vector indexed by that
/// number, so that counting a query's matches touches no string, and the names are looked up once per value
/// at the end. Values are never forgotten (a search in flight may still hold their numbers); there are as
/// many as the laws, languages, kinds and statuses ever indexed.
#[derive(Default)]
struct Values {
    ids: HashMap<(usize, String), ValueId>,
    names: Vec<(usize, String)>,
}

/// The cache of segment tables and value numbers, shared by all searches of an index.
#[derive(Default)]
pub struct NameCache {
    tables: crate::cache::SegmentCache<SegmentId, Table>,
    values: RwLock<Values>,
}

impl NameCache {
    fn table(&self, segment: &SegmentReader, field: &str) -> tantivy::Result<Table> {
        self.tables.get_or_make(segment.segment_id(), || {
            let reader = segment.facet_reader(field)?;
            let mut table = Vec::with_capacity(reader.num_facets());
            let mut facet = Facet::root();
            let mut guard = self.values.write().unwrap_or_else(std::sync::PoisonError::into_inner);
            let Values { ids, names } = &mut *guard;
            for ord in 0..reader.num_facets() as u64 {
                reader.facet_from_ord(ord, &mut facet)?;
                let path = facet.to_path();
                let id = match (path.first(), path.last()) {
                    (Some(root), Some(value)) if path.len() >= 2 => {
                        match ROOTS.iter().position(|r| r == root) {
                            Some(root) => {
                                let key = (root, (*value).to_string());
                                let next = names.len() as ValueId;
                                *ids.entry(key.clone()).or_insert_with(|| {
                                    names.push(key);
                                    next
                                })
                            }
                            None => NOT_COUNTED,
                        }
                    }
                    _ => NOT_COUNTED,
                };
                table.push(id);
            }
            drop(guard);
            let mut starts = Vec::with_capacity(segment.max_doc() as usize + 1);
            let mut values = Vec::with_capacity(segment.max_doc() as usize * ROOTS.len());
            starts.push(0);
            for doc in 0..segment.max_doc() {
                values.extend(
                    reader
                        .facet_ords(doc)
                        .filter_map(|ord| table.get(ord as usize).copied())
                        .filter(|&id| id != NOT_COUNTED),
                );
                starts.push(u32::try_from(values.len()).map_err(|_| {
                    tantivy::TantivyError::InternalError(
                        "more than 4 billion facet values in a segment".into(),
                    )
                })?);
            }
            Ok(Arc::new(SegmentFacets::new(starts, values)))
        })
    }

    /// A tally sized for the values known now (it grows if a segment met later brings new ones).
    fn tally(&self) -> Tally {
        vec![0; self.values.read().unwrap_or_else(std::sync::PoisonError::into_inner).names.len()]
    }

    /// The counts of a tally, by root: the `most` most frequent values (by count, then name) and how many
    /// other values were counted. Only the values kept are named.
    fn named(&self, tally: &[u32], most: usize) -> Counts {
        let values = self.values.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut by_root: [Vec<(u32, &str)>; 4] = Default::default();
        for (id, &n) in tally.iter().enumerate() {
            if n > 0
                && let Some((root, value)) = values.names.get(id)
            {
                by_root[*root].push((n, value));
            }
        }
        let order = |a: &(u32, &str), b: &(u32, &str)| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1));
        let mut out = Counts::default();
        for (root, mut counted) in by_root.into_iter().enumerate() {
            if counted.len() > most && most > 0 {
                counted.select_nth_unstable_by(most - 1, order);
            }
            let kept = counted.len().min(most);
            out.more[root] = counted.len() - kept;
            counted.truncate(kept);
            counted.sort_unstable_by(order);
            out.values[root] = counted.into_iter().map(|(n, v)| (v.to_string(), u64::from(n))).collect();
        }
        out
    }

    /// Drops every segment table (after a commit, when segments were merged away).
    pub fn clear(&self) {
        self.tables.clear();
    }
}

/// The facet counts of a search, per root (in the order of [`ROOTS`]).
#[derive(Debug, Default)]
pub struct Counts {
    /// The most frequent values with their documents, the most first (then by value).
    pub values: [Vec<(String, u64)>; 4],
    /// How many other values matching documents have (left out).
    pub more: [usize; 4],
}

/// Counts the facets of the matching documents.
pub struct FacetCounter<'a> {
    /// The facet field's name.
    pub field: &'a str,
    /// The cache of segment tables.
    pub cache: &'a NameCache,
    /// The values kept per root (see [`NameCache::named`]).
    pub most: usize,
}

/// One segment's counting.
pub struct SegmentCounter {
    table: Table,
    counts: Tally,
}

impl SegmentCounter {
    fn count(&mut self, doc: DocId) {
        for &id in self.table.of(doc) {
            let id = id as usize;
            if id >= self.counts.len() {
                self.counts.resize(id + 1, 0);
            }
            self.counts[id] += 1;
        }
    }
}

/// Adds one tally into another.
fn add(into: &mut Tally, from: &[u32]) {
    if into.len() < from.len() {
        into.resize(from.len(), 0);
    }
    for (a, b) in into.iter_mut().zip(from) {
        *a += b;
    }
}

impl Collector for FacetCounter<'_> {
    type Fruit = Counts;
    type Child = SegmentCounter;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentCounter> {
        let table = self.cache.table(segment, self.field)?;
        Ok(SegmentCounter { counts: self.cache.tally(), table })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Tally>) -> tantivy::Result<Counts> {
        let mut all = Tally::new();
        for f in &fruits {
            add(&mut all, f);
        }
        Ok(self.cache.named(&all, self.most))
    }
}

impl SegmentCollector for SegmentCounter {
    type Fruit = Tally;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.count(doc);
    }

    fn harvest(self) -> Tally {
        self.counts
    }
}

/// The matches counted up to a bound, each with its facets when asked: what the one-pass and the two-pass
/// searches share. Segments are given in order ([`Bounded::start`]), then their matches in the window.
pub struct Bounded<'a> {
    counter: FacetCounter<'a>,
    facets: bool,
    bound: usize,
    total: usize,
    exact: bool,
    segment: Option<SegmentCounter>,
    /// The counts of the segments gone through (the current one's are in `segment`).
    tally: Tally,
}

impl<'a> Bounded<'a> {
    /// Counting up to `bound`, with the facets when `facets` (the `most` most frequent values of each root).
    pub fn new(cache: &'a NameCache, bound: usize, facets: bool, most: usize) -> Bounded<'a> {
        Bounded {
            counter: FacetCounter { field: "facets", cache, most },
            facets,
            bound,
            total: 0,
            exact: true,
            segment: None,
            tally: if facets { cache.tally() } else { Tally::new() },
        }
    }

    /// The next segment's matches follow.
    pub fn start(&mut self, _: usize, segment: &SegmentReader) -> tantivy::Result<()> {
        self.close();
        if self.facets && self.exact {
            let table = self.counter.cache.table(segment, self.counter.field)?;
            // One tally goes from segment to segment: the values are numbered alike in all of them.
            self.segment = Some(SegmentCounter { table, counts: std::mem::take(&mut self.tally) });
        }
        Ok(())
    }

    /// Counts a match; `false` (and the count no longer exact) when the bound was reached before it.
    pub fn count(&mut self, doc: DocId) -> bool {
        if self.total < self.bound {
            self.total += 1;
            if let Some(c) = self.segment.as_mut() {
                c.count(doc);
            }
            true
        } else {
            self.exact = false;
            false
        }
    }

    fn close(&mut self) {
        if let Some(c) = self.segment.take() {
            self.tally = c.counts;
        }
    }

    /// The count, whether it is exact, and the facets of the matches counted (when asked).
    pub fn finish(mut self) -> tantivy::Result<(usize, bool, Option<Counts>)> {
        self.close();
        let counts =
            if self.facets { Some(self.counter.cache.named(&self.tally, self.counter.most)) } else { None };
        Ok((self.total, self.exact, counts))
    }
}

#[cfg(test)]
mod tests {
    use super::{Layout, SegmentFacets};

    #[test]
    fn a_documents_values_are_found_in_either_layout() {
        // Four values a document: laid out by stride, the starts dropped.
        let even = SegmentFacets::new(vec![0, 4, 8], vec![1, 2, 3, 4, 5, 6, 7, 8]);
        assert!(matches!(even.layout, Layout::Stride(4)));
        assert_eq!((even.of(0), even.of(1), even.of(2)), (&[1, 2, 3, 4][..], &[5, 6, 7, 8][..], &[][..]));
        // A document with fewer (a value under another root, or none): the starts kept.
        let uneven = SegmentFacets::new(vec![0, 4, 4, 7], vec![1, 2, 3, 4, 5, 6, 7]);
        assert!(matches!(uneven.layout, Layout::Starts(_)));
        assert_eq!(
            (uneven.of(0), uneven.of(1), uneven.of(2), uneven.of(3)),
            (&[1, 2, 3, 4][..], &[][..], &[5, 6, 7][..], &[][..])
        );
        // No documents.
        let empty = SegmentFacets::new(vec![0], vec![]);
        assert!(empty.of(0).is_empty());
    }
}
