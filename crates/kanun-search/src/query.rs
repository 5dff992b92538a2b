//! From the query AST to tantivy queries: words through each language's analyzer, phrases, fuzzy and prefix
//! words on the exact (unstemmed) field, filters as constant-score clauses, and the point-in-time window.

use std::ops::Bound;

use kanun_model::Language;
use kanun_query::{Filter, ParsedQuery, Query as Ast, Term as AstTerm};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery,
    Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use crate::schema::{Fields, OPEN_END, date_key};
use crate::tokenizer::{LANGUAGES, Mode};

/// A query as the index runs it: the words scored, and the window every search is restricted to (the texts in
/// force on the `asof:` date, or the current texts, and the kinds a law search leaves out) kept apart from
/// them, so that the top hits are found by the words' own scorers (block-max WAND prunes a union of words,
/// not an intersection with a filter) and the window is checked on the candidates alone.
pub struct Translated {
    /// The words and the query's own filters, scored.
    pub scored: Box<dyn Query>,
    /// Whether tantivy prunes `scored` with block-max WAND: a term, or a union of term scorers alone (a boost
    /// keeps a term one), as the query was built (a word that is a phrase, a prefix of many forms, an
    /// intersection, an alternative of words each a union: every match scored).
    pub prunable: bool,
    /// For a prefix or fuzzy word of more terms than block-max WAND is worth ([`WAND_MAX_TERMS`]), whose every
    /// match is scored: the terms of the union `scored` is, in its order (see `union::Union`).
    pub union: Option<Vec<UnionTerm>>,
    /// The window.
    pub window: Window,
    /// For an intersection of plain words: the same search language by language, in parts tantivy prunes
    /// block by block (see [`Conjunction`]).
    pub conjunction: Option<Conjunction>,
    /// For a query that is one phrase of several words: its terms (in the exact field, in order), `scored`
    /// being their [`PhraseQuery`] alone. Its score is BM25 of the phrase's count in a document, and the count
    /// is at most the count of any of its words there, so a word's postings bound the score (see
    /// `SearchIndex::prune_phrase`).
    pub phrase: Option<Vec<Term>>,
}

/// An intersection of plain words (`social services`, `lang:rus пенсия инвалидность`) split by language.
///
/// A document's words are in its own language's fields only, so the query's matches are the union of its
/// matches in each language's documents, and a document's score is its score in its own language's fields.
/// In a language whose every word is one term and which has no recall nets (English and Russian), a match has
/// every word's term in the text; its heading adds to the score only when the heading has one of the words.
/// So the matches are found in sets that are each a pure intersection of term scorers, which tantivy prunes
/// with the block maxima of their scores (`block_wand_intersection`): those whose heading has some of the
/// words ([`Part::headed_by`]); and the rest, found by the text terms alone (`headed_by(0)`), their score the
/// text's. Every
/// candidate is scored by the query itself (its scorer moved to the document), so the scores are the
/// exhaustive path's to the bit. Other languages (Turkmen's recall nets, a word the analysis splits into a
/// phrase) are gone through whole with their own part of the query.
pub struct Conjunction {
    /// One part per language that can match.
    pub parts: Vec<Part>,
}

/// A language's share of a [`Conjunction`].
pub struct Part {
    /// Every match among this language's documents whose heading has none of the words, scored without the
    /// heading (a pure intersection of terms); for a language not split, every match, scored as the query
    /// scores it.
    pub text: Box<dyn Query>,
    /// For a language split into text and heading: each word's term in the text and in the heading, and the
    /// times it is said (see [`Part::headed_by`]); empty when `text` finds every match.
    pub words: Vec<SplitWord>,
}

/// A word of a [`Part`] split into text and heading.
pub struct SplitWord {
    /// Its term in the language's text field.
    pub text: Term,
    /// Its term in the language's heading field.
    pub heading: Term,
    /// How many times the query says it (its clauses' boost).
    pub times: f32,
}

impl SplitWord {
    /// The heading's boost of this word in the query.
    pub fn heading_boost(&self) -> f32 {
        HEADING_BOOST * self.times
    }
}

impl Part {
    /// The matches whose heading has the words of `heading` (bit `i`: word `i`), and maybe others, as a pure
    /// intersection of terms that tantivy prunes block by block: every word's text term and the heading terms
    /// of those words, each boosted as the query boosts it. The sum of the terms' scores is the query's score
    /// of a match whose heading has exactly those words (the query's terms, summed in another order), and less
    /// by the other heading words' scores for the others.
    pub fn headed_by(&self, heading: u32) -> Box<dyn Query> {
        let boosted = |term: &Term, by: f32| -> Box<dyn Query> {
            let q = Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
            if by == 1.0 { q } else { Box::new(BoostQuery::new(q, by)) }
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            self.words.iter().map(|w| (Occur::Must, boosted(&w.text, w.times))).collect();
        for (i, w) in self.words.iter().enumerate() {
            if heading & (1 << i) != 0 {
                clauses.push((Occur::Must, boosted(&w.heading, w.heading_boost())));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

impl Translated {
    /// The scored query restricted to the window as clauses: the same matches as `scored` filtered by
    /// `window`, for the search that goes through every match (made only there).
    pub fn full(&self, f: &Fields) -> Box<dyn Query> {
        let time: Box<dyn Query> = match self.window.asof {
            Some(k) => Box::new(BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(RangeQuery::new(
                        Bound::Unbounded,
                        Bound::Included(Term::from_field_u64(f.date_from, k)),
                    )),
                ),
                (
                    Occur::Must,
                    Box::new(RangeQuery::new(
                        Bound::Excluded(Term::from_field_u64(f.date_to, k)),
                        Bound::Unbounded,
                    )),
                ),
            ])),
            None => term(f.date_to, OPEN_END),
        };
        let mut clauses = vec![
            (Occur::Must, self.scored.box_clone()),
            (Occur::Must, Box::new(ConstScoreQuery::new(time, 0.0)) as Box<dyn Query>),
        ];
        clauses.extend(self.window.excluded.iter().map(|k| (Occur::MustNot, text_term(f.kind, k))));
        Box::new(BooleanQuery::new(clauses))
    }
}

/// What the date-independent part of a [`Window`] depends on: whether an `asof:` date is given, and the kinds
/// left out.
pub type ConstantKey = (bool, Vec<&'static str>);

/// A term of a prefix's or fuzzy word's expansion, as the term dictionaries gave it: its document frequency
/// in the index and where its postings are in each segment that has it, so that the
/// search neither weighs it nor reads its postings after looking it up again (three look-ups per term and
/// segment, 64 terms for a short prefix).
#[derive(Debug, Clone)]
pub struct UnionTerm {
    pub term: Term,
    pub doc_freq: u64,
    pub infos: Vec<(tantivy::index::SegmentId, tantivy::postings::TermInfo)>,
}

/// The restriction every search has beside its words.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Window {
    /// `asof:` as a date key; `None`: the texts no later one replaces.
    pub asof: Option<u64>,
    /// The kinds left out (`annotation`, `draft`).
    pub excluded: Vec<&'static str>,
}

impl Window {
    /// What [`constant_query`](Self::constant_query) depends on: whether a date is given (not which: every
    /// `asof:` date has the same constant part), and the kinds left out.
    pub fn constant_key(&self) -> ConstantKey {
        (self.asof.is_some(), self.excluded.clone())
    }

    /// The documents of the window that do not depend on a date: the current texts (when no `asof:` is given)
    /// less the kinds left out. A query of these is cached per segment as a bit set.
    pub fn constant_query(&self, f: &Fields) -> Box<dyn Query> {
        let base: Box<dyn Query> = match self.asof {
            None => term(f.date_to, OPEN_END),
            Some(_) => Box::new(AllQuery),
        };
        let mut clauses = vec![(Occur::Must, base)];
        clauses.extend(self.excluded.iter().map(|k| (Occur::MustNot, text_term(f.kind, k))));
        Box::new(BooleanQuery::new(clauses))
    }
}

/// The whole query: the boolean tree, restricted to the texts in force on the `asof:` date, or to the current
/// texts when no date is given.
pub fn translate(q: &ParsedQuery, f: &Fields, searcher: &Searcher) -> Translated {
    let langs = top_level_languages(&q.query);
    let langs = if langs.is_empty() { LANGUAGES.to_vec() } else { langs };
    // A search finds the law. The reviewers' annotations are searched when asked for (`kind:annotation`), and the
    // drafts when asked for (`kind:draft`, `status:draft`, or a draft named by `law:`): mixed in, every article a
    // draft amends would come twice.
    let mut excluded = Vec::new();
    if !mentions_kind(&q.query) {
        excluded.push("annotation");
        if !asks_for_drafts(&q.query) {
            excluded.push("draft");
        }
    }
    let (scored, prunable, union) = match &q.query {
        Ast::Term(t) => word(t, f, &langs, searcher, Place::Union),
        other => (node(other, f, &langs, searcher), false, None),
    };
    let conjunction = conjunction(&q.query, f, &langs);
    let prunable = prunable || conjunction.is_some();
    let phrase = match &q.query {
        Ast::Phrase { text, .. } => {
            let terms = Mode::Exact.terms(text);
            (terms.len() >= 2).then(|| terms.iter().map(|t| Term::from_field_text(f.exact, t)).collect())
        }
        _ => None,
    };
    Translated {
        scored,
        prunable,
        union,
        window: Window { asof: q.asof.map(date_key), excluded },
        conjunction,
        phrase,
    }
}

/// The [`Conjunction`] of a query that is an intersection of at least two different plain words (a language
/// filter beside them allowed: it names the languages searched); `None` for any other query.
fn conjunction(q: &Ast, f: &Fields, langs: &[Language]) -> Option<Conjunction> {
    let Ast::And(items) = q else { return None };
    // Each different word once, with the number of times it is said (as `node` counts it).
    let mut words: Vec<(&AstTerm, f32)> = Vec::new();
    for item in items {
        match item {
            Ast::Term(t) if t.fuzzy.is_none() && !t.prefix => {
                let key = |o: &AstTerm| o.text.to_lowercase();
                match words.iter_mut().find(|(o, _)| key(o) == key(t)) {
                    Some((_, times)) => *times += 1.0,
                    None => words.push((t, 1.0)),
                }
            }
            Ast::Filter(Filter::Lang(_)) => {}
            _ => return None,
        }
    }
    if words.len() < 2 {
        return None;
    }
    let boost = |q: Box<dyn Query>, times: f32| -> Box<dyn Query> {
        if times > 1.0 { Box::new(BoostQuery::new(q, times)) } else { q }
    };
    let mut parts = Vec::new();
    'lang: for lang in langs {
        // The query in this language's fields alone: each word's clauses there, required.
        let mut whole = Vec::new();
        let mut stems = Vec::new();
        for (t, times) in &words {
            let (clauses, _) = clauses_in(t, f, *lang, Place::Required);
            if clauses.is_empty() {
                // A word with nothing to match in this language: no document of it matches.
                continue 'lang;
            }
            whole.push((Occur::Must, boost(should(clauses), *times)));
            stems.push(Mode::Stem(*lang).terms(&t.text));
        }
        let body = f.body.iter().find(|(l, _)| l == lang).map(|(_, field)| *field);
        let head = f.head.iter().find(|(l, _)| l == lang).map(|(_, field)| *field);
        let split = match (body, head) {
            (Some(body), Some(head))
                if lang.code() != "tuk"
                    && stems.iter().all(|s| s.len() == 1)
                    && stems.len() <= MAX_SPLIT_WORDS =>
            {
                Some((body, head))
            }
            _ => None,
        };
        let part = match split {
            Some((body, head)) => {
                let words = words
                    .iter()
                    .zip(&stems)
                    .map(|((_, times), s)| SplitWord {
                        text: Term::from_field_text(body, &s[0]),
                        heading: Term::from_field_text(head, &s[0]),
                        times: *times,
                    })
                    .collect();
                let mut part = Part { text: Box::new(EmptyQuery), words };
                part.text = part.headed_by(0);
                part
            }
            None => Part { text: Box::new(BooleanQuery::new(whole)), words: Vec::new() },
        };
        parts.push(part);
    }
    Some(Conjunction { parts })
}

pub(crate) fn mentions_kind(q: &Ast) -> bool {
    match q {
        Ast::Filter(Filter::Kind(_)) => true,
        Ast::And(items) | Ast::Or(items) => items.iter().any(mentions_kind),
        Ast::Not(inner) => mentions_kind(inner),
        _ => false,
    }
}

/// Whether a query without `kind:` still asks for drafts: by their status or by naming a work.
fn asks_for_drafts(q: &Ast) -> bool {
    match q {
        Ast::Filter(Filter::Status(s)) => s == "draft",
        Ast::Filter(Filter::Law(_)) => true,
        Ast::And(items) | Ast::Or(items) => items.iter().any(asks_for_drafts),
        _ => false,
    }
}

fn top_level_languages(q: &Ast) -> Vec<Language> {
    match q {
        Ast::Filter(Filter::Lang(l)) => vec![*l],
        Ast::And(items) => items.iter().flat_map(top_level_languages).collect(),
        _ => Vec::new(),
    }
}

fn term(field: Field, v: u64) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_u64(field, v), IndexRecordOption::Basic))
}

fn text_term(field: Field, s: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, s), IndexRecordOption::WithFreqs))
}

/// Words in order in one field: a term query for one word, a phrase for several.
fn sequence(field: Field, terms: &[String]) -> Option<Box<dyn Query>> {
    match terms {
        [] => None,
        [one] => Some(text_term(field, one)),
        many => {
            Some(Box::new(PhraseQuery::new(many.iter().map(|t| Term::from_field_text(field, t)).collect())))
        }
    }
}

/// The most terms a prefix or fuzzy word expands to (the most frequent ones), so that a short prefix at a
/// national scale stays a bounded query.
pub const MAX_EXPANSIONS: usize = 64;

/// A prefix or fuzzy word as the terms of the index it matches, each scored by BM25 like a typed word, so that
/// the hits are ranked (tantivy's automaton query gives every match the same score: document order). The terms
/// are read from every segment's dictionary with the query's own automaton; the [`MAX_EXPANSIONS`] most frequent
/// are kept.
fn expand(
    searcher: &Searcher,
    field: Field,
    q: &FuzzyTermQuery,
) -> (Box<dyn Query>, bool, Option<Vec<UnionTerm>>) {
    // Each term's document frequency and its postings' place in each segment.
    type Found = (u64, Vec<(tantivy::index::SegmentId, tantivy::postings::TermInfo)>);
    let mut found: std::collections::BTreeMap<Vec<u8>, Found> = std::collections::BTreeMap::new();
    for seg in searcher.segment_readers() {
        let (Ok(automaton), Ok(inverted)) = (q.automaton(), seg.inverted_index(field)) else { continue };
        let Ok(mut stream) = inverted.terms().search(automaton).into_stream() else { continue };
        while stream.advance() {
            let (freq, infos) = found.entry(stream.key().to_vec()).or_default();
            *freq += u64::from(stream.value().doc_freq);
            infos.push((seg.segment_id(), stream.value().clone()));
        }
    }
    let mut terms: Vec<(Vec<u8>, Found)> = found.into_iter().collect();
    terms.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
    terms.truncate(MAX_EXPANSIONS);
    let terms: Vec<UnionTerm> = terms
        .into_iter()
        .filter_map(|(bytes, (doc_freq, infos))| {
            let text = String::from_utf8(bytes).ok()?;
            Some(UnionTerm { term: Term::from_field_text(field, &text), doc_freq, infos })
        })
        .collect();
    let union = should(
        terms
            .iter()
            .map(|t| Box::new(TermQuery::new(t.term.clone(), IndexRecordOption::WithFreqs)) as Box<dyn Query>)
            .collect(),
    );
    if terms.len() > WAND_MAX_TERMS {
        // Block-max WAND orders its cursors at every step: over many terms of the same weight (the forms of one
        // word) it costs more than it skips, and the plain union, which scores every match in batches, is
        // faster (a prefix of 64 frequent forms at a million articles: 68 ms against 10 ms). Inside a clause of
        // its own the union is not a union of term scorers, so tantivy does not prune it.
        return (Box::new(BooleanQuery::new(vec![(Occur::Should, union)])), false, Some(terms));
    }
    (union, true, None)
}

/// The most terms a prefix's or fuzzy word's union is pruned with block-max WAND (see [`expand`]): beyond, the
/// forms' weights are too alike for it to skip much. At 1M articles the prefix class took 2.7-2.8 ms on average
/// with 16, 2.4-2.5 with 4, 8 or 1 (the windowed union of `union::Union` from 5 forms).
const WAND_MAX_TERMS: usize = 4;

fn should(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if clauses.is_empty() {
        return Box::new(EmptyQuery);
    }
    Box::new(BooleanQuery::new(clauses.into_iter().map(|c| (Occur::Should, c)).collect()))
}

/// Where a word stands: how its fields are best combined for tantivy's scorers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Alone or among alternatives: a union of plain term scorers, which block-max WAND prunes.
    Union,
    /// One of the words an intersection requires: the heading's match is optional beside the text's (the
    /// heading is part of the text field), so that the intersection seeks one list per word and reads the
    /// heading's only for the documents it finds, with the same score as the union.
    Required,
}

/// A word's query, whether block-max WAND prunes it (see [`Translated::prunable`]), and the terms of a union
/// too large for it (see [`Translated::union`]).
fn word(
    t: &AstTerm,
    f: &Fields,
    langs: &[Language],
    searcher: &Searcher,
    place: Place,
) -> (Box<dyn Query>, bool, Option<Vec<UnionTerm>>) {
    let exact = Mode::Exact.terms(&t.text);
    if let Some(d) = t.fuzzy {
        return match exact.as_slice() {
            [one] => {
                expand(searcher, f.exact, &FuzzyTermQuery::new(Term::from_field_text(f.exact, one), d, true))
            }
            many => (sequence(f.exact, many).unwrap_or_else(|| Box::new(EmptyQuery)), false, None),
        };
    }
    if t.prefix {
        return match exact.as_slice() {
            [one] => expand(
                searcher,
                f.exact,
                &FuzzyTermQuery::new_prefix(Term::from_field_text(f.exact, one), 0, true),
            ),
            many => (sequence(f.exact, many).unwrap_or_else(|| Box::new(EmptyQuery)), false, None),
        };
    }
    // Every clause a single term (not a phrase of the word's pieces): a union of term scorers.
    let mut terms_only = place == Place::Union;
    let mut clauses: Vec<Box<dyn Query>> = Vec::new();
    for lang in langs {
        let (more, single) = clauses_in(t, f, *lang, place);
        terms_only &= single;
        clauses.extend(more);
    }
    if clauses.is_empty() && exact.is_empty() {
        // Only punctuation: it constrains nothing.
        return (Box::new(AllQuery), false, None);
    }
    (should(clauses), terms_only, None)
}

/// Up to how many words an intersection is split into text and heading (its sets of heading words are bits
/// of a `u32`).
const MAX_SPLIT_WORDS: usize = 16;

/// How much more a word of the heading weighs than the same word in the text.
const HEADING_BOOST: f32 = 2.0;

/// A plain word's clauses in one language's fields: its stems in the text and in the heading, and for Turkmen
/// the recall nets; and whether each is a single term (not a phrase of the word's pieces).
fn clauses_in(t: &AstTerm, f: &Fields, lang: Language, place: Place) -> (Vec<Box<dyn Query>>, bool) {
    let mut clauses: Vec<Box<dyn Query>> = Vec::new();
    let stemmed = Mode::Stem(lang).terms(&t.text);
    let mut single = stemmed.len() <= 1;
    let body = f.body.iter().find(|(l, _)| *l == lang).and_then(|(_, field)| sequence(*field, &stemmed));
    // A word of the article's heading says more about the article than the same word in its text.
    let head = f
        .head
        .iter()
        .find(|(l, _)| *l == lang)
        .and_then(|(_, field)| sequence(*field, &stemmed))
        .map(|q| Box::new(BoostQuery::new(q, HEADING_BOOST)) as Box<dyn Query>);
    match (place, body, head) {
        (Place::Required, Some(body), Some(head)) => {
            clauses.push(Box::new(BooleanQuery::new(vec![(Occur::Must, body), (Occur::Should, head)])))
        }
        (_, body, head) => clauses.extend(body.into_iter().chain(head)),
    }
    if lang.code() == "tuk" {
        // The recall nets measured in docs/search.md, weighted below the stemmed field.
        let (prefix, fold) = (Mode::Prefix.terms(&t.text), Mode::Fold.terms(&t.text));
        single &= prefix.len() <= 1 && fold.len() <= 1;
        if let Some(q) = sequence(f.prefix, &prefix) {
            clauses.push(Box::new(BoostQuery::new(q, 0.3)));
        }
        if let Some(q) = sequence(f.fold, &fold) {
            clauses.push(Box::new(BoostQuery::new(q, 0.5)));
        }
    }
    (clauses, single)
}

fn filter(flt: &Filter, f: &Fields) -> Box<dyn Query> {
    let q = match flt {
        Filter::Law(s) if s.starts_with("/akn/") => text_term(f.work, s),
        Filter::Law(s) => text_term(f.slug, s),
        Filter::Lang(l) => text_term(f.lang, l.code()),
        Filter::Kind(k) => text_term(f.kind, k.as_str()),
        Filter::Status(s) => text_term(f.status, s),
        Filter::Article(a) => text_term(f.art, a),
    };
    Box::new(ConstScoreQuery::new(q, 0.0))
}

fn node(q: &Ast, f: &Fields, langs: &[Language], s: &Searcher) -> Box<dyn Query> {
    match q {
        Ast::Term(t) => word(t, f, langs, s, Place::Union).0,
        Ast::Phrase { text, .. } => sequence(f.exact, &Mode::Exact.terms(text))
            .unwrap_or_else(|| Box::new(AllQuery) as Box<dyn Query>),
        Ast::Filter(flt) => filter(flt, f),
        Ast::All => Box::new(AllQuery),
        Ast::And(items) => {
            // A word said twice counts twice (its score doubled, as the sum of the two would be) but its postings
            // are read once: one clause, boosted (as Lucene rewrites duplicate clauses).
            let key = |t: &AstTerm| (t.text.to_lowercase(), t.fuzzy, t.prefix);
            let mut clauses = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match item {
                    Ast::Not(inner) => clauses.push((Occur::MustNot, node(inner, f, langs, s))),
                    Ast::Term(t) => {
                        let same = |other: &Ast| matches!(other, Ast::Term(o) if key(o) == key(t));
                        if items[..i].iter().any(same) {
                            continue;
                        }
                        let q = word(t, f, langs, s, Place::Required).0;
                        let times = items[i..].iter().filter(|o| same(o)).count();
                        clauses.push((
                            Occur::Must,
                            if times > 1 { Box::new(BoostQuery::new(q, times as f32)) } else { q },
                        ));
                    }
                    other => clauses.push((Occur::Must, node(other, f, langs, s))),
                }
            }
            Box::new(BooleanQuery::new(clauses))
        }
        Ast::Or(items) => should(items.iter().map(|i| node(i, f, langs, s)).collect()),
        Ast::Not(inner) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
            (Occur::MustNot, node(inner, f, langs, s)),
        ])),
    }
}
