//! A hit's passage with the query's words marked.
//!
//! The passages tantivy's `SnippetGenerator` picks, by the same rule (the text cut into passages of at most
//! `max_chars` bytes at word starts; a passage scores the sum of its matched words' weights, a word weighing
//! `1 / (1 + its document frequency)`; the best passage wins, the earliest on a tie), without what that
//! generator spends per word of every hit's text: a lowercased copy of each token (ours are lowercase already)
//! and a look-up by string comparison in an ordered map. The texts of ten hits were a tenth of a loaded
//! server's time at a million articles. A unit test compares the two on the sample corpus.

use std::ops::Range;

use rustc_hash::FxHashMap;
use tantivy::query::{Bm25StatisticsProvider, Query};
use tantivy::schema::Field;
use tantivy::tokenizer::{TextAnalyzer, TokenStream as _};
use tantivy::{Score, Searcher};

/// The query's words in one field, weighed, and how to cut a text into them.
#[derive(Clone)]
pub(crate) struct Snippets {
    terms: FxHashMap<String, Score>,
    tokenizer: TextAnalyzer,
    max_chars: usize,
}

/// The best passage of a text: its byte range and those of its matched words, in the text.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Passage {
    pub range: Range<usize>,
    pub marked: Vec<Range<usize>>,
}

/// A passage being gathered.
struct Candidate {
    score: Score,
    start: usize,
    stop: usize,
    marked: Vec<Range<usize>>,
}

impl Candidate {
    fn new(start: usize) -> Candidate {
        Candidate { score: 0.0, start, stop: start, marked: Vec::new() }
    }
}

impl Snippets {
    /// The terms `query` has in `field` that the index has (their frequencies from `stats`), with the field's
    /// tokenizer.
    pub(crate) fn new(
        searcher: &Searcher,
        stats: &dyn Bm25StatisticsProvider,
        query: &dyn Query,
        field: Field,
        max_chars: usize,
    ) -> tantivy::Result<Snippets> {
        let mut found = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                found.push(term.clone());
            }
        });
        let mut terms = FxHashMap::default();
        for term in found {
            let Some(text) = term.value().as_str().map(str::to_string) else { continue };
            if terms.contains_key(&text) {
                continue;
            }
            let doc_freq = stats.doc_freq(&term)?;
            if doc_freq > 0 {
                terms.insert(text, 1.0 / (1.0 + doc_freq as Score));
            }
        }
        let tokenizer = searcher.index().tokenizer_for_field(field)?;
        Ok(Snippets { terms, tokenizer, max_chars })
    }

    /// The best passage of `text`, if any has a word of the query.
    pub(crate) fn passage(&self, text: &str) -> Option<Passage> {
        if self.terms.is_empty() {
            return None;
        }
        let mut tokenizer = self.tokenizer.clone();
        let mut stream = tokenizer.token_stream(text);
        let mut current = Candidate::new(0);
        let mut best: Option<Candidate> = None;
        // The first of the best-scoring passages, as tantivy's `max_by` with its tie rule picks.
        let mut offer = |c: Candidate| {
            if c.score > 0.0 && best.as_ref().is_none_or(|b| c.score > b.score) {
                best = Some(c);
            }
        };
        while let Some(token) = stream.next() {
            if token.offset_to - current.start > self.max_chars {
                offer(std::mem::replace(&mut current, Candidate::new(token.offset_from)));
            }
            current.stop = token.offset_to;
            if let Some(&score) = self.terms.get(token.text.as_str()) {
                current.score += score;
                current.marked.push(token.offset_from..token.offset_to);
            }
        }
        offer(current);
        best.map(|c| Passage { range: c.start..c.stop, marked: c.marked })
    }
}

impl Passage {
    /// The passage of `text` as HTML: escaped, its matched words in `<mark>`.
    pub(crate) fn html(&self, text: &str) -> String {
        // Words that touch or overlap are marked as one (as tantivy's snippets have it).
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(self.marked.len());
        for m in &self.marked {
            match merged.last_mut() {
                Some(last) if m.start <= last.end => last.end = last.end.max(m.end),
                _ => merged.push(m.clone()),
            }
        }
        let mut html = String::new();
        let mut at = self.range.start;
        for m in &merged {
            html.push_str(&crate::escape_html(&text[at..m.start]));
            html.push_str("<mark>");
            html.push_str(&crate::escape_html(&text[m.clone()]));
            html.push_str("</mark>");
            at = m.end;
        }
        html.push_str(&crate::escape_html(&text[at..self.range.end]));
        html
    }
}
