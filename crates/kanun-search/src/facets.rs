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

/// Per segment: the documents' counted values by number, made once for the segment's life, as runs of
/// documents with the same values. A segment is written work by work, so the articles of an expression follow
/// each other and share their values: at 1M articles a segment of 400,000 documents has a few thousand runs, a
/// table that stays in the processor's cache. The matches of a search come in document order, so counting one
/// is a comparison and an addition to its run's count, and a run's values are added once, when the count
/// leaves it. (Through tantivy's facet column, a match was a walk of the column's index and an ordinal lookup
/// per value, 35 ns; through a table of every document's values, a cache miss per match: a tenth of a loaded
/// server's time.)
struct SegmentFacets {
    /// The first document of each run, rising; the first run starts at 0.
    firsts: Vec<DocId>,
    /// `starts[r] .. starts[r + 1]`: run `r`'s values in `values`.
    starts: Vec<u32>,
    values: Vec<ValueId>,
}

impl SegmentFacets {
    fn empty() -> SegmentFacets {
        SegmentFacets { firsts: Vec::new(), starts: vec![0], values: Vec::new() }
    }

    /// Adds the next document's values (documents in order from 0).
    fn push(&mut self, doc: DocId, values: &[ValueId]) -> tantivy::Result<()> {
        if self.firsts.is_empty() || self.run_values(self.firsts.len() - 1) != values {
            self.firsts.push(doc);
            self.values.extend_from_slice(values);
            self.starts.push(u32::try_from(self.values.len()).map_err(|_| {
                tantivy::TantivyError::InternalError("more than 4 billion facet values in a segment".into())
            })?);
        }
        Ok(())
    }

    fn run_values(&self, run: usize) -> &[ValueId] {
        match (self.starts.get(run), self.starts.get(run + 1)) {
            (Some(&a), Some(&b)) => self.values.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The run `doc` is in.
    fn run_of(&self, doc: DocId) -> usize {
        self.firsts.partition_point(|&first| first <= doc).saturating_sub(1)
    }

    /// The run `doc` is in, `doc` at or after run `from`'s first document: galloping from `from` (the next
    /// match of a search is most often a few runs on, and a binary search of every run was a twentieth of a
    /// loaded server's time at 1M articles).
    fn run_from(&self, from: usize, doc: DocId) -> usize {
        let mut step = 1;
        let mut low = from;
        loop {
            let probe = low + step;
            match self.firsts.get(probe) {
                Some(&first) if first <= doc => {
                    low = probe;
                    step *= 2;
                }
                _ => break,
            }
        }
        let high = (low + step).min(self.firsts.len());
        low + self.firsts[low..high].partition_point(|&first| first <= doc).saturating_sub(1)
    }

    /// Where run `run` ends (the first document of the next).
    fn run_end(&self, run: usize) -> DocId {
        self.firsts.get(run + 1).copied().unwrap_or(DocId::MAX)
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
    /// Each value's place among all values by (root, name): the counts' tie-break without comparing names
    /// (which, among the thousands of laws a common word is in, was most of the time taken to name them).
    ranks: Vec<u32>,
}

impl Values {
    fn rank(&mut self) {
        let mut order: Vec<usize> = (0..self.names.len()).collect();
        order.sort_unstable_by(|&a, &b| self.names[a].cmp(&self.names[b]));
        self.ranks = vec![0; self.names.len()];
        for (place, id) in order.into_iter().enumerate() {
            self.ranks[id] = place as u32;
        }
    }
}

/// The cache of segment tables and value numbers, shared by all searches of an index.
#[derive(Default)]
pub struct NameCache {
    tables: crate::cache::SegmentCache<SegmentId, Table>,
    values: RwLock<Values>,
}

impl NameCache {
    /// How many segment tables are kept.
    #[cfg(test)]
    pub fn tables_kept(&self) -> usize {
        self.tables.len()
    }

    /// Makes the table of `segment` now (see `SearchIndex::warm`).
    pub fn warm(&self, segment: &SegmentReader, field: &str) -> tantivy::Result<()> {
        self.table(segment, field).map(drop)
    }

    fn table(&self, segment: &SegmentReader, field: &str) -> tantivy::Result<Table> {
        self.tables.get_or_make(segment.segment_id(), || {
            let reader = segment.facet_reader(field)?;
            let mut table = Vec::with_capacity(reader.num_facets());
            let mut facet = Facet::root();
            let mut guard = self.values.write().unwrap_or_else(std::sync::PoisonError::into_inner);
            let known = guard.names.len();
            let Values { ids, names, .. } = &mut *guard;
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
            if guard.names.len() != known {
                guard.rank();
            }
            drop(guard);
            let mut facets = SegmentFacets::empty();
            let mut values = Vec::new();
            for doc in 0..segment.max_doc() {
                values.clear();
                values.extend(
                    reader
                        .facet_ords(doc)
                        .filter_map(|ord| table.get(ord as usize).copied())
                        .filter(|&id| id != NOT_COUNTED),
                );
                facets.push(doc, &values)?;
            }
            Ok(Arc::new(facets))
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
        // (count, rank, value number) by root: the most first, then by name.
        let mut by_root: [Vec<(u32, u32, usize)>; 4] = Default::default();
        for (id, &n) in tally.iter().enumerate() {
            if n > 0
                && let (Some((root, _)), Some(&rank)) = (values.names.get(id), values.ranks.get(id))
            {
                by_root[*root].push((n, rank, id));
            }
        }
        let order = |a: &(u32, u32, usize), b: &(u32, u32, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        let mut out = Counts::default();
        for (root, mut counted) in by_root.into_iter().enumerate() {
            if counted.len() > most && most > 0 {
                counted.select_nth_unstable_by(most - 1, order);
            }
            let kept = counted.len().min(most);
            out.more[root] = counted.len() - kept;
            counted.truncate(kept);
            counted.sort_unstable_by(order);
            out.values[root] = counted
                .into_iter()
                .filter_map(|(n, _, id)| values.names.get(id).map(|(_, v)| (v.clone(), u64::from(n))))
                .collect();
        }
        out
    }

    /// Keeps the tables of the segments in `live` alone (after a commit: the others were merged away; a segment
    /// never changes, so the tables of those still searched stay true).
    pub fn keep_segments(&self, live: &std::collections::HashSet<SegmentId>) {
        self.tables.retain(|id| live.contains(id));
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
    /// The run the last match was in, where it ends, and the matches counted in it not yet added to `counts`.
    run: usize,
    end: DocId,
    pending: u32,
}

impl SegmentCounter {
    fn new(table: Table, counts: Tally) -> SegmentCounter {
        SegmentCounter { table, counts, run: 0, end: 0, pending: 0 }
    }

    fn count(&mut self, doc: DocId) {
        let first = self.table.firsts.get(self.run).copied().unwrap_or(0);
        if doc >= self.end || doc < first {
            self.flush();
            self.run = if doc >= first && self.run < self.table.firsts.len() {
                self.table.run_from(self.run, doc)
            } else {
                self.table.run_of(doc)
            };
            self.end = self.table.run_end(self.run);
        }
        self.pending += 1;
    }

    /// Adds the matches of the current run to the counts of its values.
    fn flush(&mut self) {
        if self.pending == 0 {
            return;
        }
        for &id in self.table.run_values(self.run) {
            let id = id as usize;
            if id >= self.counts.len() {
                self.counts.resize(id + 1, 0);
            }
            self.counts[id] += self.pending;
        }
        self.pending = 0;
    }

    /// The counts, every match added.
    fn into_counts(mut self) -> Tally {
        self.flush();
        self.counts
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
        Ok(SegmentCounter::new(table, self.cache.tally()))
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
        self.into_counts()
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
            self.segment = Some(SegmentCounter::new(table, std::mem::take(&mut self.tally)));
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
            self.tally = c.into_counts();
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
    use std::sync::Arc;

    use super::{SegmentCounter, SegmentFacets};

    #[test]
    fn matches_are_counted_by_runs_of_the_same_values() {
        // Documents 0-2 share values, 3 has none, 4-5 share others, 6 is like 0.
        let docs: Vec<Vec<u32>> =
            vec![vec![1, 2], vec![1, 2], vec![1, 2], vec![], vec![3, 2, 4], vec![3, 2, 4], vec![1, 2]];
        let mut table = SegmentFacets::empty();
        for (doc, values) in docs.iter().enumerate() {
            table.push(doc as u32, values).unwrap();
        }
        let table = Arc::new(table);
        assert_eq!(table.firsts, [0, 3, 4, 6]);
        for (doc, values) in docs.iter().enumerate() {
            assert_eq!(table.run_values(table.run_of(doc as u32)), values.as_slice(), "document {doc}");
        }
        // Every subset of the documents, counted in document order and in another order, gives the sum of
        // their values.
        for subset in 0u32..(1 << docs.len()) {
            let matched: Vec<u32> = (0..docs.len() as u32).filter(|d| subset & (1 << d) != 0).collect();
            let mut want = vec![0u32; 5];
            for &d in &matched {
                for &v in &docs[d as usize] {
                    want[v as usize] += 1;
                }
            }
            for order in [matched.clone(), matched.iter().rev().copied().collect()] {
                let mut c = SegmentCounter::new(table.clone(), vec![0; 2]);
                for &d in &order {
                    c.count(d);
                }
                let mut got = c.into_counts();
                got.resize(5, 0);
                assert_eq!(got, want, "documents {order:?}");
            }
        }
        // Galloping from any run at or before a document's finds the run a binary search of all finds, on a
        // table of runs of every length from 1 to 40 documents.
        let mut long = SegmentFacets::empty();
        let mut doc = 0u32;
        for run in 0..300u32 {
            for _ in 0..(run * 7 % 40 + 1) {
                long.push(doc, &[run % 2, run]).unwrap();
                doc += 1;
            }
        }
        assert_eq!(long.firsts.len(), 300);
        for d in 0..doc {
            let want = long.run_of(d);
            for from in 0..=want {
                assert_eq!(long.run_from(from, d), want, "document {d} from run {from}");
            }
        }
        // No documents.
        let empty = SegmentFacets::empty();
        assert!(empty.run_values(empty.run_of(0)).is_empty());
    }
}
