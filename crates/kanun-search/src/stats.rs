//! BM25 statistics looked up once per search.
//!
//! tantivy's term queries each ask the searcher for their field's token total and their term's document
//! frequency, and the searcher goes through every segment for each (opening the field's inverted index, looking
//! the term up in its dictionary). A search of several words makes one clause per word, field and language,
//! and the conjunction path weighs the same terms twice (the query to score with, the language parts to prune
//! with): at 1M articles that was a tenth of an AND search. [`Stats`] answers each question once per search,
//! with the searcher's own answer, so scores are unchanged.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use tantivy::query::{Bm25StatisticsProvider, EnableScoring};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// The searcher's BM25 statistics, each computed at most once.
pub struct Stats<'a> {
    searcher: &'a Searcher,
    docs: Cell<Option<u64>>,
    tokens: RefCell<HashMap<Field, u64>>,
    freqs: RefCell<HashMap<Term, u64>>,
}

impl<'a> Stats<'a> {
    /// Statistics of `searcher`, none computed yet.
    pub fn new(searcher: &'a Searcher) -> Stats<'a> {
        Stats {
            searcher,
            docs: Cell::new(None),
            tokens: RefCell::new(HashMap::new()),
            freqs: RefCell::new(HashMap::new()),
        }
    }

    /// Records a term's document frequency found otherwise (a prefix's expansion reads it from the term
    /// dictionaries it goes through): the searcher's own answer, the sum over the segments.
    pub fn know(&self, term: &Term, doc_freq: u64) {
        self.freqs.borrow_mut().insert(term.clone(), doc_freq);
    }

    /// Scoring enabled with these statistics, for a query's weight.
    pub fn scoring(&self) -> EnableScoring<'_> {
        EnableScoring::enabled_from_statistics_provider(self, self.searcher)
    }
}

impl Bm25StatisticsProvider for Stats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        if let Some(n) = self.tokens.borrow().get(&field) {
            return Ok(*n);
        }
        let n = Bm25StatisticsProvider::total_num_tokens(self.searcher, field)?;
        self.tokens.borrow_mut().insert(field, n);
        Ok(n)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        if let Some(n) = self.docs.get() {
            return Ok(n);
        }
        let n = Bm25StatisticsProvider::total_num_docs(self.searcher)?;
        self.docs.set(Some(n));
        Ok(n)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        if let Some(n) = self.freqs.borrow().get(term) {
            return Ok(*n);
        }
        let n = Bm25StatisticsProvider::doc_freq(self.searcher, term)?;
        self.freqs.borrow_mut().insert(term.clone(), n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{STORED, Schema, TEXT};
    use tantivy::{Index, TantivyDocument};

    #[test]
    fn the_statistics_are_the_searchers_own_asked_twice_or_once() {
        let mut b = Schema::builder();
        let body = b.add_text_field("body", TEXT | STORED);
        let other = b.add_text_field("other", TEXT);
        let index = Index::create_in_ram(b.build());
        let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (i, text) in ["social services law", "social care", "pension law law", ""].iter().enumerate() {
            let mut d = TantivyDocument::default();
            d.add_text(body, text);
            d.add_text(other, if i % 2 == 0 { "law" } else { "care home" });
            w.add_document(d).unwrap();
            // Two segments, so that the totals are sums.
            if i == 1 {
                w.commit().unwrap();
            }
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let stats = Stats::new(&searcher);
        for _ in 0..2 {
            assert_eq!(stats.total_num_docs().unwrap(), 4);
            for f in [body, other] {
                assert_eq!(
                    stats.total_num_tokens(f).unwrap(),
                    Bm25StatisticsProvider::total_num_tokens(&searcher, f).unwrap()
                );
            }
            assert_eq!(stats.total_num_tokens(body).unwrap(), 8);
            for (field, word, n) in
                [(body, "law", 2), (body, "social", 2), (other, "care", 2), (body, "x", 0)]
            {
                let t = Term::from_field_text(field, word);
                assert_eq!(stats.doc_freq(&t).unwrap(), n, "{word}");
                assert_eq!(stats.doc_freq(&t).unwrap(), searcher.doc_freq(&t).unwrap());
            }
        }
    }
}
