//! Facet counts without per-query dictionary work.
//!
//! tantivy's `FacetCollector` walks the facet dictionary of every segment for every query (to map ordinals to
//! the requested roots) and turns every counted ordinal back into a path when it harvests. With a thousand laws
//! that was a third of a search's time. Here the ordinal → (root, value) table of a segment is made once and
//! cached for the segment's life; a query only counts ordinals in a vector.

use std::collections::BTreeMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The roots counted, in the order of [`Counts`].
pub const ROOTS: [&str; 4] = ["work", "lang", "kind", "status"];

/// Per segment: facet ordinal → (index into [`ROOTS`], value), `None` for facets under other roots.
type Names = Arc<Vec<Option<(usize, String)>>>;

/// The cache of segment tables, shared by all searches of an index.
#[derive(Default)]
pub struct NameCache {
    tables: crate::cache::SegmentCache<SegmentId, Names>,
}

impl NameCache {
    fn names(&self, segment: &SegmentReader, reader: &FacetReader) -> tantivy::Result<Names> {
        self.tables.get_or_make(segment.segment_id(), || {
            let mut table = Vec::with_capacity(reader.num_facets());
            let mut facet = Facet::root();
            for ord in 0..reader.num_facets() as u64 {
                reader.facet_from_ord(ord, &mut facet)?;
                let path = facet.to_path();
                let entry = match (path.first(), path.last()) {
                    (Some(root), Some(value)) if path.len() >= 2 => {
                        ROOTS.iter().position(|r| r == root).map(|i| (i, (*value).to_string()))
                    }
                    _ => None,
                };
                table.push(entry);
            }
            Ok(Arc::new(table))
        })
    }

    /// Drops every table (after a commit, when segments were merged away).
    pub fn clear(&self) {
        self.tables.clear();
    }
}

/// Counts per root: value → documents.
pub type Counts = [BTreeMap<String, u64>; 4];

/// Counts the facets of the matching documents.
pub struct FacetCounter<'a> {
    /// The facet field's name.
    pub field: &'a str,
    /// The cache of segment tables.
    pub cache: &'a NameCache,
}

/// One segment's counting.
pub struct SegmentCounter {
    reader: FacetReader,
    names: Names,
    counts: Vec<u32>,
}

impl Collector for FacetCounter<'_> {
    type Fruit = Counts;
    type Child = SegmentCounter;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentCounter> {
        let reader = segment.facet_reader(self.field)?;
        let names = self.cache.names(segment, &reader)?;
        Ok(SegmentCounter { counts: vec![0; names.len()], reader, names })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut out: Counts = Default::default();
        for f in fruits {
            for (root, values) in f.into_iter().enumerate() {
                for (v, n) in values {
                    *out[root].entry(v).or_default() += n;
                }
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentCounter {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        for ord in self.reader.facet_ords(doc) {
            if let Some(c) = self.counts.get_mut(ord as usize) {
                *c += 1;
            }
        }
    }

    fn harvest(self) -> Counts {
        let mut out: Counts = Default::default();
        for (ord, &n) in self.counts.iter().enumerate() {
            if n > 0
                && let Some(Some((root, value))) = self.names.get(ord)
            {
                *out[*root].entry(value.clone()).or_default() += u64::from(n);
            }
        }
        out
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
    fruits: Vec<<SegmentCounter as SegmentCollector>::Fruit>,
}

impl<'a> Bounded<'a> {
    /// Counting up to `bound`, with the facets when `facets`.
    pub fn new(cache: &'a NameCache, bound: usize, facets: bool) -> Bounded<'a> {
        Bounded {
            counter: FacetCounter { field: "facets", cache },
            facets,
            bound,
            total: 0,
            exact: true,
            segment: None,
            fruits: Vec::new(),
        }
    }

    /// The next segment's matches follow.
    pub fn start(&mut self, ord: usize, segment: &SegmentReader) -> tantivy::Result<()> {
        self.close();
        if self.facets && self.exact {
            self.segment = Some(self.counter.for_segment(ord as SegmentOrdinal, segment)?);
        }
        Ok(())
    }

    /// Counts a match; `false` (and the count no longer exact) when the bound was reached before it.
    pub fn count(&mut self, doc: DocId) -> bool {
        if self.total < self.bound {
            self.total += 1;
            if let Some(c) = self.segment.as_mut() {
                c.collect(doc, 0.0);
            }
            true
        } else {
            self.exact = false;
            false
        }
    }

    fn close(&mut self) {
        if let Some(c) = self.segment.take() {
            self.fruits.push(c.harvest());
        }
    }

    /// The count, whether it is exact, and the facets of the matches counted (when asked).
    pub fn finish(mut self) -> tantivy::Result<(usize, bool, Option<Counts>)> {
        self.close();
        let counts = if self.facets { Some(self.counter.merge_fruits(self.fruits)?) } else { None };
        Ok((self.total, self.exact, counts))
    }
}
