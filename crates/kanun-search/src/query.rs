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

/// The whole query: the boolean tree, restricted to the texts in force on the `asof:` date, or to the current
/// texts when no date is given.
pub fn translate(q: &ParsedQuery, f: &Fields, searcher: &Searcher) -> Box<dyn Query> {
    let langs = top_level_languages(&q.query);
    let langs = if langs.is_empty() { LANGUAGES.to_vec() } else { langs };
    let main = node(&q.query, f, &langs, searcher);
    let time: Box<dyn Query> = match q.asof {
        Some(d) => {
            let k = date_key(d);
            Box::new(BooleanQuery::new(vec![
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
            ]))
        }
        None => term(f.date_to, OPEN_END),
    };
    let mut clauses =
        vec![(Occur::Must, main), (Occur::Must, Box::new(ConstScoreQuery::new(time, 0.0)) as Box<dyn Query>)];
    // A search finds the law. The reviewers' annotations are searched when asked for (`kind:annotation`), and the
    // drafts when asked for (`kind:draft`, `status:draft`, or a draft named by `law:`): mixed in, every article a
    // draft amends would come twice.
    if !mentions_kind(&q.query) {
        clauses.push((Occur::MustNot, text_term(f.kind, "annotation")));
        if !asks_for_drafts(&q.query) {
            clauses.push((Occur::MustNot, text_term(f.kind, "draft")));
        }
    }
    Box::new(BooleanQuery::new(clauses))
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
fn expand(searcher: &Searcher, field: Field, q: &FuzzyTermQuery) -> Box<dyn Query> {
    let mut found: std::collections::BTreeMap<Vec<u8>, u64> = std::collections::BTreeMap::new();
    for seg in searcher.segment_readers() {
        let (Ok(automaton), Ok(inverted)) = (q.automaton(), seg.inverted_index(field)) else { continue };
        let Ok(mut stream) = inverted.terms().search(automaton).into_stream() else { continue };
        while stream.advance() {
            *found.entry(stream.key().to_vec()).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    let mut terms: Vec<(Vec<u8>, u64)> = found.into_iter().collect();
    terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    terms.truncate(MAX_EXPANSIONS);
    should(
        terms
            .into_iter()
            .filter_map(|(bytes, _)| String::from_utf8(bytes).ok())
            .map(|t| {
                Box::new(TermQuery::new(Term::from_field_text(field, &t), IndexRecordOption::WithFreqs))
                    as Box<dyn Query>
            })
            .collect(),
    )
}

fn should(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if clauses.is_empty() {
        return Box::new(EmptyQuery);
    }
    Box::new(BooleanQuery::new(clauses.into_iter().map(|c| (Occur::Should, c)).collect()))
}

fn word(t: &AstTerm, f: &Fields, langs: &[Language], searcher: &Searcher) -> Box<dyn Query> {
    let exact = Mode::Exact.terms(&t.text);
    if let Some(d) = t.fuzzy {
        return match exact.as_slice() {
            [one] => {
                expand(searcher, f.exact, &FuzzyTermQuery::new(Term::from_field_text(f.exact, one), d, true))
            }
            many => sequence(f.exact, many).unwrap_or_else(|| Box::new(EmptyQuery)),
        };
    }
    if t.prefix {
        return match exact.as_slice() {
            [one] => expand(
                searcher,
                f.exact,
                &FuzzyTermQuery::new_prefix(Term::from_field_text(f.exact, one), 0, true),
            ),
            many => sequence(f.exact, many).unwrap_or_else(|| Box::new(EmptyQuery)),
        };
    }
    let mut clauses: Vec<Box<dyn Query>> = Vec::new();
    for lang in langs {
        let stemmed = Mode::Stem(*lang).terms(&t.text);
        if let Some((_, field)) = f.body.iter().find(|(l, _)| l == lang)
            && let Some(q) = sequence(*field, &stemmed)
        {
            clauses.push(q);
        }
        // A word of the article's heading says more about the article than the same word in its text.
        if let Some((_, field)) = f.head.iter().find(|(l, _)| l == lang)
            && let Some(q) = sequence(*field, &stemmed)
        {
            clauses.push(Box::new(BoostQuery::new(q, 2.0)));
        }
        if lang.code() == "tuk" {
            // The recall nets measured in docs/search.md, weighted below the stemmed field.
            if let Some(q) = sequence(f.prefix, &Mode::Prefix.terms(&t.text)) {
                clauses.push(Box::new(BoostQuery::new(q, 0.3)));
            }
            if let Some(q) = sequence(f.fold, &Mode::Fold.terms(&t.text)) {
                clauses.push(Box::new(BoostQuery::new(q, 0.5)));
            }
        }
    }
    if clauses.is_empty() && exact.is_empty() {
        // Only punctuation: it constrains nothing.
        return Box::new(AllQuery);
    }
    should(clauses)
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
        Ast::Term(t) => word(t, f, langs, s),
        Ast::Phrase { text, .. } => sequence(f.exact, &Mode::Exact.terms(text))
            .unwrap_or_else(|| Box::new(AllQuery) as Box<dyn Query>),
        Ast::Filter(flt) => filter(flt, f),
        Ast::All => Box::new(AllQuery),
        Ast::And(items) => Box::new(BooleanQuery::new(
            items
                .iter()
                .map(|i| match i {
                    Ast::Not(inner) => (Occur::MustNot, node(inner, f, langs, s)),
                    other => (Occur::Must, node(other, f, langs, s)),
                })
                .collect(),
        )),
        Ast::Or(items) => should(items.iter().map(|i| node(i, f, langs, s)).collect()),
        Ast::Not(inner) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
            (Occur::MustNot, node(inner, f, langs, s)),
        ])),
    }
}
