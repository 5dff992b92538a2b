//! Every match of a union of many terms, scored: a prefix or fuzzy word of more forms than block-max WAND is
//! worth (see `query::expand`).
//!
//! The same work as tantivy's buffered union, and the same scores to the bit, with less around it: the
//! postings are read into windows of 4,096 documents, each term in the union's order adding its BM25 score
//! (`Bm25Weight::score` of the document's length and the term's count, as tantivy's term scorer computes it)
//! to the documents it has, so that a document's score is its terms' scores summed in the union's order from
//! zero, as tantivy's `SumCombiner` sums them; then the window's documents are handed over in order, through a
//! closure the compiler inlines rather than a callback per document. A short prefix at a million articles
//! matches most of them (`социа*`: 64 forms), and the union was a third of a loaded server's time.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings as _, SegmentPostings};
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet as _, SegmentReader, TERMINATED};

use crate::query::UnionTerm;

/// Documents per window.
const WINDOW: usize = 4096;

/// The terms of a union, weighed once per search.
pub(crate) struct Union {
    /// Each term, its postings' place in each segment and its BM25 weight, in the union's order.
    terms: Vec<(UnionTerm, Bm25Weight)>,
}

impl Union {
    /// The union of `terms` (all of one field), weighed with `stats`.
    pub(crate) fn new(terms: &[UnionTerm], stats: &dyn Bm25StatisticsProvider) -> tantivy::Result<Union> {
        let terms = terms
            .iter()
            .map(|t| Ok((t.clone(), Bm25Weight::for_terms(stats, std::slice::from_ref(&t.term))?)))
            .collect::<tantivy::Result<_>>()?;
        Ok(Union { terms })
    }

    /// Calls `f` with every document of `segment` that has one of the terms, in document order, and its score.
    pub(crate) fn for_each(
        &self,
        segment: &SegmentReader,
        mut f: impl FnMut(DocId, f32),
    ) -> tantivy::Result<()> {
        let mut lists: Vec<(SegmentPostings, &Bm25Weight)> = Vec::with_capacity(self.terms.len());
        let mut norms: Option<FieldNormReader> = None;
        for (t, weight) in &self.terms {
            let Some((_, info)) = t.infos.iter().find(|(id, _)| *id == segment.segment_id()) else {
                continue;
            };
            let inverted = segment.inverted_index(t.term.field())?;
            let p = inverted.read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?;
            if norms.is_none() {
                norms = Some(segment.get_fieldnorms_reader(t.term.field())?);
            }
            lists.push((p, weight));
        }
        let Some(norms) = norms else { return Ok(()) };
        let mut scores = vec![0.0f32; WINDOW];
        let mut present = [0u64; WINDOW / 64];
        loop {
            let start = lists.iter().map(|(p, _)| p.doc()).min().unwrap_or(TERMINATED);
            if start == TERMINATED {
                return Ok(());
            }
            let end = start.saturating_add(WINDOW as DocId);
            for (p, weight) in &mut lists {
                let mut doc = p.doc();
                while doc < end {
                    let at = (doc - start) as usize;
                    present[at / 64] |= 1 << (at % 64);
                    scores[at] += weight.score(norms.fieldnorm_id(doc), p.term_freq());
                    doc = p.advance();
                }
            }
            for (word, bits) in present.iter_mut().enumerate() {
                while *bits != 0 {
                    let at = word * 64 + bits.trailing_zeros() as usize;
                    *bits &= *bits - 1;
                    f(start + at as DocId, scores[at]);
                    scores[at] = 0.0;
                }
            }
        }
    }
}
