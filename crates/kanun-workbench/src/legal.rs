//! A law's legal structure as both front ends show it: what a provision cites and what cites it, the terms a law
//! defines, and its versions with what each changed. `kanun refs|terms|history` print these; the web workbench
//! sends them as JSON (`/api/v1/works/{name}/refs/{eid}`, `/terms`, `/history`), the same values either way.

use kanun_model::corpus::LookupError;
use kanun_model::{Expression, Language, Library, WorkUri};
use kanun_refs::{Graph, Incoming, Reference, Target};
use serde::Serialize;
use thiserror::Error;

/// Why a question about a law has no answer.
#[derive(Debug, Error)]
pub enum LegalError {
    /// The work or the version does not exist.
    #[error(transparent)]
    Lookup(#[from] LookupError),
    /// No such provision in that text.
    #[error(
        "no provision {eid:?} in {expression} (take its eId from the reader or `kanun show {work} --lang {language}`)"
    )]
    NoProvision {
        /// The eId asked for.
        eid: String,
        /// The expression looked in.
        expression: String,
        /// The work's short name.
        work: String,
        /// The expression's language.
        language: Language,
    },
    /// The work has no text in the language asked for.
    #[error("{work} has no {language} text")]
    NoText {
        /// The work's short name.
        work: String,
        /// The language asked for.
        language: Language,
    },
}

/// A provision's citations in both directions.
#[derive(Debug, Clone, Serialize)]
pub struct Refs {
    /// The work (URI).
    pub work: String,
    /// The expression read.
    pub expression: String,
    /// The provision.
    pub eid: String,
    /// The language of the text.
    pub language: Language,
    /// The citations written in the provision (in its own part of the article's text).
    pub cites: Vec<Cite>,
    /// The provisions elsewhere that cite it (or its article).
    pub cited_by: Vec<CitedBy>,
}

/// A citation with the short names of the works it points into.
#[derive(Debug, Clone, Serialize)]
pub struct Cite {
    /// First character in the article's text.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The words of the citation.
    pub text: String,
    /// What it cites.
    pub targets: Vec<NamedTarget>,
}

/// A cited provision and the short name of its work (empty for an act not in the corpus).
#[derive(Debug, Clone, Serialize)]
pub struct NamedTarget {
    /// The target.
    #[serde(flatten)]
    pub target: Target,
    /// The work's short name.
    pub name: String,
}

/// A citing provision and the short name of its work.
#[derive(Debug, Clone, Serialize)]
pub struct CitedBy {
    /// Who cites.
    #[serde(flatten)]
    pub incoming: Incoming,
    /// The citing work's short name.
    pub name: String,
}

/// The short name of a work (the last segment of its URI), or nothing for an act outside the corpus.
fn name_of(uri: &str) -> String {
    uri.parse::<WorkUri>().map(|u| u.name().to_string()).unwrap_or_default()
}

/// A citation as shown: its targets with their works' short names.
pub fn cite(r: &Reference) -> Cite {
    Cite {
        start: r.start,
        end: r.end,
        text: r.text.clone(),
        targets: r
            .targets
            .iter()
            .map(|t| NamedTarget { target: t.clone(), name: name_of(&t.work) })
            .collect(),
    }
}

/// A citing provision as shown: with its work's short name.
pub fn cited(i: &Incoming) -> CitedBy {
    CitedBy { incoming: i.clone(), name: name_of(&i.work) }
}

/// What `eid` of `e` cites (read from `e`'s own text) and what cites it (from `graph`, the corpus's citation
/// graph in `e`'s language, which the caller keeps: building it reads every law).
pub fn refs(corpus: &dyn Library, graph: &Graph, e: &Expression, eid: &str) -> Result<Refs, LegalError> {
    let work = e.meta.work.to_string();
    let p = e.find(eid).ok_or_else(|| LegalError::NoProvision {
        eid: eid.to_string(),
        expression: e.id().to_string(),
        work: e.meta.work.name().to_string(),
        language: e.meta.language,
    })?;
    let article = kanun_model::eid::Eid::new(eid).article().to_string();
    // Only what is written in the provision: its part of the article's text.
    let (from, to) = match e.find(&article) {
        Some(a) if a.eid != p.eid => {
            let off = a.text_offset_of(&p.eid).unwrap_or(0);
            (off, off + p.plain_text().chars().count())
        }
        _ => (0, usize::MAX),
    };
    // Read from `e` itself (not from the graph, which holds each work's latest text): the citations of the
    // version asked for.
    let written = match e.find(&article) {
        Some(a) => kanun_refs::article_references(e, a, Some(corpus)),
        None => Vec::new(),
    };
    let cites = written.iter().filter(|r| r.start >= from && r.end <= to).map(cite).collect();
    let cited_by = graph.cited_by(&work, eid).iter().map(cited).collect();
    Ok(Refs {
        work,
        expression: e.id().to_string(),
        eid: eid.to_string(),
        language: e.meta.language,
        cites,
        cited_by,
    })
}

/// The terms an expression defines, with where each is used.
#[derive(Debug, Clone, Serialize)]
pub struct Terms {
    /// The expression read.
    pub expression: String,
    /// Its language.
    pub language: Language,
    /// The defined terms, in the order of the definitions.
    pub terms: Vec<kanun_refs::terms::Term>,
}

/// The terms `e` defines ("Basic concepts") and the articles that use each.
pub fn terms(e: &Expression) -> Terms {
    Terms { expression: e.id().to_string(), language: e.meta.language, terms: kanun_refs::terms::terms(e) }
}

/// A law's versions in one language and what changed from each to the next.
#[derive(Debug, Clone, Serialize)]
pub struct History {
    /// The work (URI).
    pub work: String,
    /// The work's title in that language.
    pub title: String,
    /// The language.
    pub language: Language,
    /// The versions, oldest first.
    pub expressions: Vec<Version>,
    /// From each version to the next: the articles added, amended, repealed, renumbered, split or merged.
    pub steps: Vec<kanun_redline::history::Step>,
}

/// One version of a law.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    /// Its expression id.
    pub id: String,
    /// In force from.
    pub date: String,
    /// Its status (`in-force`, `repealed`, `draft`, …).
    pub status: String,
    /// How many articles it has.
    pub articles: usize,
}

/// The versions of `work` in `lang` (default: the work's default language) and the changes between them.
pub fn history(corpus: &dyn Library, work: &str, lang: Option<Language>) -> Result<History, LegalError> {
    let w = corpus.work(work)?;
    let lang = w.language_or_default(lang);
    let exprs: Vec<&Expression> = w.expressions().iter().filter(|e| e.meta.language == lang).collect();
    if exprs.is_empty() {
        return Err(LegalError::NoText { work: w.uri().name().to_string(), language: lang });
    }
    Ok(History {
        work: w.uri().to_string(),
        title: w.title(lang).to_string(),
        language: lang,
        expressions: exprs
            .iter()
            .map(|e| Version {
                id: e.id().to_string(),
                date: e.meta.date.to_string(),
                status: e.meta.status.as_str().to_string(),
                articles: e.article_count(),
            })
            .collect(),
        steps: kanun_redline::history::history(&exprs),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kanun_model::Kind;

    fn corpus() -> kanun_model::Corpus {
        let text = "+++\nwork = \"/akn/tm/act/2021-12-18/x\"\ntitle = \"X\"\nlanguage = \"eng\"\ndate = 2022-01-01\n\
                    status = \"in-force\"\nsource = \"illustrative\"\n+++\n\n# Law X\n\n### Article 1. Scope\n\n\
                    1. This Law applies to providers.\n2. Article 2 of this Law sets the rules.\n\n\
                    ### Article 2. Rules\n\nRules are set by the authorised body.\n";
        let e = kanun_markdown::parse(text, Some("eng@2022-01-01.md"))
            .expression
            .unwrap_or_else(|| unreachable!());
        let mut c = kanun_model::Corpus::new();
        c.insert(e).unwrap_or_else(|_| unreachable!());
        c
    }

    #[test]
    fn a_part_cites_only_what_is_written_in_it_and_the_cited_article_knows() {
        let c = corpus();
        let g = Graph::build(&c, Language::ENG);
        let e = c.work("x").and_then(|w| w.at(Language::ENG, None)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e.body[0].kind, Kind::Article);
        let part2 = refs(&c, &g, e, "art_1__para_2").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(part2.cites.len(), 1);
        assert_eq!(part2.cites[0].targets[0].name, "x");
        assert!(refs(&c, &g, e, "art_1__para_1").is_ok_and(|r| r.cites.is_empty()));
        let art2 = refs(&c, &g, e, "art_2").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(art2.cited_by.len(), 1);
        assert_eq!(art2.cited_by[0].incoming.eid, "art_1");
        // The same citations when the graph does not hold the expression (an uploaded draft).
        let outside = refs(&c, &Graph::default(), e, "art_1__para_2").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(outside.cites.len(), 1);
        let err = refs(&c, &g, e, "art_9").map(|_| ()).unwrap_err().to_string();
        assert!(
            err.starts_with("no provision \"art_9\" in /akn/tm/act/2021-12-18/x/eng@2022-01-01"),
            "{err}"
        );
    }

    #[test]
    fn history_of_a_language_without_text_is_refused() {
        let c = corpus();
        assert_eq!(history(&c, "x", None).map(|h| h.expressions.len()).ok(), Some(1));
        let err = history(&c, "x", Some(Language::RUS)).map(|_| ()).unwrap_err();
        assert_eq!(err.to_string(), "x has no rus text");
    }
}
