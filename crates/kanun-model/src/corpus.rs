//! A corpus: works and their expressions, with point-in-time and parallel-language lookups.

use std::collections::BTreeMap;
use std::sync::Arc;

use thiserror::Error;

use crate::{Date, DocKind, Expression, Language, Provision, WorkUri};

/// All expressions of one work, ordered by date, then language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Work {
    uri: WorkUri,
    expressions: Vec<Expression>,
}

/// A lookup in the corpus that found nothing, saying what there is instead.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LookupError {
    /// No work has that URI or short name.
    #[error("no work {given:?} in the corpus (run `kanun laws` to list the works)")]
    UnknownWork {
        /// What was asked for.
        given: String,
    },
    /// Several works share the short name.
    #[error("{given:?} names several works: {candidates} (give the full work URI)")]
    AmbiguousWork {
        /// What was asked for.
        given: String,
        /// The works it could mean, comma-separated.
        candidates: String,
    },
    /// The work has no expression in the language.
    #[error("{work} has no {language} text (available: {available})")]
    NoLanguage {
        /// The work.
        work: WorkUri,
        /// The language asked for.
        language: Language,
        /// The languages there are, comma-separated.
        available: String,
    },
    /// The work's first expression in that language is later than the date asked.
    #[error(
        "{work} was not yet in force in {language} on {date}: its first {language} text is from {earliest}"
    )]
    NotYetInForce {
        /// The work.
        work: WorkUri,
        /// The language.
        language: Language,
        /// The date asked.
        date: Date,
        /// The earliest expression date.
        earliest: Date,
    },
    /// No provision with that eId in the expression.
    #[error("no provision {eid:?} in {expression} (eIds look like art_1, art_1__para_2, chp_1)")]
    UnknownEid {
        /// The eId asked for.
        eid: String,
        /// The expression searched.
        expression: String,
    },
    /// The work is listed, but its text could not be read when it was asked for (a file changed or removed while
    /// the server ran).
    #[error("{work} cannot be read: {why} (run `kanun check`, then restart)")]
    Unreadable {
        /// The work.
        work: String,
        /// What went wrong, with the file.
        why: String,
    },
}

/// The separator between a provision's number-derived wId and the date from which a number reused after a repeal
/// names a new provision (`art_41~2023-07-31`).
pub const REUSED_WID: char = '~';

impl Work {
    /// Gives a provision a new identity where its number was a repealed stub in the text before and now holds
    /// new content: «Статья 41. (Утратила силу …)» in 2015 and a new Article 41 in 2023 are two provisions, not
    /// one rewritten (an annotation on the stub must not move to the new article). The new provision's wId is its
    /// eId and the date it appeared (`art_41~2023-07-31`), kept in the later texts. Only wIds that the corpus
    /// derived from the eId are renewed; a wId written in the source is the source's word. Idempotent: it runs
    /// over the whole series of the language again after each insert.
    fn renew_reused_wids(&mut self, language: Language) {
        use std::collections::{HashMap, HashSet};
        fn visit(
            p: &mut Provision,
            date: &str,
            was_repealed: &HashSet<String>,
            current: &mut HashMap<String, String>,
            repealed_now: &mut HashSet<String>,
        ) {
            let orig = p.wid.split(REUSED_WID).next().unwrap_or_default().to_string();
            if orig == p.eid {
                if !p.repealed && was_repealed.contains(&orig) {
                    current.insert(orig.clone(), format!("{orig}{REUSED_WID}{date}"));
                }
                p.wid = current.get(&orig).cloned().unwrap_or_else(|| orig.clone());
                if p.repealed {
                    repealed_now.insert(orig);
                }
            }
            for c in &mut p.children {
                visit(c, date, was_repealed, current, repealed_now);
            }
        }
        let mut was_repealed: HashSet<String> = HashSet::new();
        let mut current: HashMap<String, String> = HashMap::new();
        for e in self.expressions.iter_mut().filter(|e| e.meta.language == language) {
            let date = e.meta.date.to_string();
            let mut repealed_now = HashSet::new();
            for p in &mut e.body {
                visit(p, &date, &was_repealed, &mut current, &mut repealed_now);
            }
            was_repealed = repealed_now;
        }
    }

    /// The work's URI.
    pub fn uri(&self) -> &WorkUri {
        &self.uri
    }

    /// Every expression, by date then language.
    pub fn expressions(&self) -> &[Expression] {
        &self.expressions
    }

    /// The languages the work has, in a stable order.
    pub fn languages(&self) -> Vec<Language> {
        let mut l: Vec<Language> = self.expressions.iter().map(|e| e.meta.language).collect();
        l.sort();
        l.dedup();
        l
    }

    /// Whether this is a draft.
    pub fn is_draft(&self) -> bool {
        self.expressions.iter().any(|e| e.meta.kind == DocKind::Draft)
    }

    /// The language a work is shown in when none is asked for: English when it has an English text, else its first
    /// language (a Russian-only law opens in Russian, not as an error).
    pub fn default_language(&self) -> Language {
        let langs = self.languages();
        if langs.contains(&Language::ENG) {
            Language::ENG
        } else {
            langs.first().copied().unwrap_or(Language::ENG)
        }
    }

    /// The language asked for, or the work's [default](Self::default_language).
    pub fn language_or_default(&self, asked: Option<Language>) -> Language {
        asked.unwrap_or_else(|| self.default_language())
    }

    /// The short title in `language` (latest expression), else in English, else any.
    pub fn title(&self, language: Language) -> &str {
        let pick = |l: Language| self.expressions.iter().rev().find(|e| e.meta.language == l);
        pick(language)
            .or_else(|| pick(Language::ENG))
            .or_else(|| self.expressions.last())
            .map_or("", |e| e.meta.title.as_str())
    }

    /// The expression in `language` in force on `asof` (the latest whose date is on or before it), or the latest
    /// of all when `asof` is `None`.
    pub fn at(&self, language: Language, asof: Option<Date>) -> Result<&Expression, LookupError> {
        let in_lang: Vec<&Expression> =
            self.expressions.iter().filter(|e| e.meta.language == language).collect();
        let Some(first) = in_lang.first() else {
            return Err(LookupError::NoLanguage {
                work: self.uri.clone(),
                language,
                available: join(self.languages().iter().map(|l| l.code())),
            });
        };
        match asof {
            None => Ok(in_lang.last().copied().unwrap_or(first)),
            Some(date) => in_lang.iter().rev().find(|e| e.meta.date <= date).copied().ok_or(
                LookupError::NotYetInForce {
                    work: self.uri.clone(),
                    language,
                    date,
                    earliest: first.meta.date,
                },
            ),
        }
    }

    /// The other-language expressions of the same date as `expr` (its parallel versions).
    pub fn parallel<'a>(&'a self, expr: &'a Expression) -> impl Iterator<Item = &'a Expression> {
        self.expressions
            .iter()
            .filter(move |e| e.meta.date == expr.meta.date && e.meta.language != expr.meta.language)
    }
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// Where works are found: a [`Corpus`] in memory, or a source that reads each work when it is first asked for
/// (`kanun_corpus::Shelf`, what the server holds). A work is handed out shared: it stays valid while its holder
/// uses it, however the source's cache changes meanwhile.
pub trait Library: Send + Sync + std::fmt::Debug {
    /// The work with this URI, or with this short name if only one work has it.
    fn work(&self, given: &str) -> Result<Arc<Work>, LookupError>;
    /// The URIs of the works of a kind (laws or drafts), or of every work, in URI order.
    fn uris(&self, kind: Option<DocKind>) -> Vec<WorkUri>;
    /// The first work (in URI order) one of whose titles (the latest in each of its languages) `matches`
    /// accepts: an act cited by its title.
    fn titled(&self, matches: &dyn Fn(&str) -> bool) -> Option<Arc<Work>>;
}

/// Works by URI.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corpus {
    works: BTreeMap<WorkUri, Arc<Work>>,
}

impl Library for Corpus {
    fn work(&self, given: &str) -> Result<Arc<Work>, LookupError> {
        let w = Corpus::work(self, given)?;
        Ok(self.works.get(w.uri()).cloned().unwrap_or_else(|| Arc::new(w.clone())))
    }

    fn uris(&self, kind: Option<DocKind>) -> Vec<WorkUri> {
        self.works
            .values()
            .filter(|w| kind.is_none_or(|k| w.is_draft() == (k == DocKind::Draft)))
            .map(|w| w.uri.clone())
            .collect()
    }

    fn titled(&self, matches: &dyn Fn(&str) -> bool) -> Option<Arc<Work>> {
        self.works.values().find(|w| w.languages().iter().any(|l| matches(w.title(*l)))).cloned()
    }
}

impl Corpus {
    /// An empty corpus.
    pub fn new() -> Corpus {
        Corpus::default()
    }

    /// Adds an expression; gives it back if the corpus already has one with the same id.
    pub fn insert(&mut self, expr: Expression) -> Result<(), Box<Expression>> {
        let uri = expr.meta.work.clone();
        let work = Arc::make_mut(
            self.works.entry(uri.clone()).or_insert_with(|| Arc::new(Work { uri, expressions: Vec::new() })),
        );
        let key = |e: &Expression| (e.meta.date, e.meta.language);
        match work.expressions.binary_search_by_key(&key(&expr), key) {
            Ok(_) => Err(Box::new(expr)),
            Err(pos) => {
                let language = expr.meta.language;
                work.expressions.insert(pos, expr);
                work.renew_reused_wids(language);
                Ok(())
            }
        }
    }

    /// Every work, by URI.
    pub fn works(&self) -> impl Iterator<Item = &Work> {
        self.works.values().map(|w| &**w)
    }

    /// The works, taken out of the corpus.
    pub fn into_works(self) -> impl Iterator<Item = Work> {
        self.works.into_values().map(|w| Arc::try_unwrap(w).unwrap_or_else(|w| (*w).clone()))
    }

    /// The number of works.
    pub fn len(&self) -> usize {
        self.works.len()
    }

    /// Whether the corpus has no work.
    pub fn is_empty(&self) -> bool {
        self.works.is_empty()
    }

    /// The work with this URI, or with this short name (`social-services`) if only one work has it.
    pub fn work(&self, given: &str) -> Result<&Work, LookupError> {
        if let Ok(uri) = given.parse::<WorkUri>()
            && let Some(w) = self.works.get(&uri)
        {
            return Ok(w);
        }
        let by_name: Vec<&Work> =
            self.works.values().map(|w| &**w).filter(|w| w.uri.name() == given).collect();
        match by_name.as_slice() {
            [one] => Ok(one),
            [] => Err(LookupError::UnknownWork { given: given.to_string() }),
            many => Err(LookupError::AmbiguousWork {
                given: given.to_string(),
                candidates: many.iter().map(|w| w.uri.to_string()).collect::<Vec<_>>().join(", "),
            }),
        }
    }

    /// Every expression of every work.
    pub fn expressions(&self) -> impl Iterator<Item = &Expression> {
        self.works.values().flat_map(|w| w.expressions.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Metadata, Status};

    fn expr(lang: Language, date: &str) -> Expression {
        Expression {
            meta: Metadata {
                work: "/akn/tm/act/2021-12-18/social-services".parse().unwrap(),
                title: "On Social Services".into(),
                language: lang,
                date: date.parse().unwrap(),
                status: Status::InForce,
                kind: DocKind::Law,
                source: "illustrative".into(),
                amends: None,
                base: None,
                scope: Default::default(),
                note: None,
            },
            long_title: "Law".into(),
            preamble: vec![],
            body: vec![],
        }
    }

    #[test]
    fn point_in_time_picks_latest_on_or_before() {
        let mut c = Corpus::new();
        for (l, d) in
            [(Language::ENG, "2022-01-01"), (Language::ENG, "2024-07-01"), (Language::RUS, "2022-01-01")]
        {
            c.insert(expr(l, d)).unwrap();
        }
        assert!(c.insert(expr(Language::ENG, "2022-01-01")).is_err(), "duplicate expression is refused");
        let w = c.work("social-services").unwrap();
        let at = |l, d: &str| w.at(l, Some(d.parse().unwrap())).map(|e| e.meta.date.to_string());
        assert_eq!(at(Language::ENG, "2023-06-30").unwrap(), "2022-01-01");
        assert_eq!(at(Language::ENG, "2024-07-01").unwrap(), "2024-07-01");
        assert_eq!(at(Language::RUS, "2030-01-01").unwrap(), "2022-01-01");
        let err = at(Language::ENG, "2021-12-31").unwrap_err().to_string();
        assert!(err.contains("not yet in force") && err.contains("2022-01-01"), "{err}");
        let err = w.at(Language::TUK, None).unwrap_err().to_string();
        assert!(err.contains("available: eng, rus"), "{err}");
        assert_eq!(w.at(Language::ENG, None).unwrap().meta.date.to_string(), "2024-07-01");
        let first = w.at(Language::ENG, Some("2022-01-01".parse().unwrap())).unwrap();
        assert_eq!(w.parallel(first).count(), 1);
        assert!(matches!(c.work("nope"), Err(LookupError::UnknownWork { .. })));
    }

    #[test]
    fn a_work_opens_in_english_when_it_has_it_else_in_its_own_language() {
        let mut both = Corpus::new();
        both.insert(expr(Language::RUS, "2022-01-01")).unwrap();
        both.insert(expr(Language::ENG, "2022-01-01")).unwrap();
        let w = both.work("social-services").unwrap();
        assert_eq!(w.default_language(), Language::ENG);
        assert_eq!(w.language_or_default(Some(Language::RUS)), Language::RUS);
        let mut russian = Corpus::new();
        russian.insert(expr(Language::RUS, "2022-01-01")).unwrap();
        let w = russian.work("social-services").unwrap();
        assert_eq!(w.language_or_default(None), Language::RUS, "a Russian-only law opens in Russian");
        assert!(w.at(w.language_or_default(None), None).is_ok());
    }
}
