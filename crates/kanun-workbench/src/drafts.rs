//! Drafts: which law and which version of it a draft amends, and the list of drafts as both front ends show it.
//! `kanun diff` and the API's redline and downloads find the base here, so a draft is compared with the same text
//! whichever asks, and a draft named against another law is refused rather than compared with it.

use kanun_model::corpus::LookupError;
use kanun_model::{Date, DocKind, Expression, Language, Library};
use kanun_redline::RedlineError;
use serde::Serialize;
use thiserror::Error;

/// Why a draft cannot be compared.
#[derive(Debug, Error)]
pub enum DraftError {
    /// The work asked for does not exist.
    #[error(transparent)]
    Lookup(#[from] LookupError),
    /// Not a draft, or a draft of another law than the one named beside it: the redline's own checks
    /// ([`RedlineError::NotADraft`], [`RedlineError::OtherWork`]), made before the base is looked for.
    #[error(transparent)]
    Redline(#[from] RedlineError),
    /// The draft does not say which law it amends.
    #[error(
        "the draft {name} names no amended work: add amends = \"<the law's work URI>\" to its front matter"
    )]
    NoAmends {
        /// The draft's short name.
        name: String,
    },
    /// The amended law has no text in the draft's language at the draft's base date.
    #[error("no base text of {amends} in {language}{} for the draft {name}: {why}", date.map(|d| format!(" as in force on {d}")).unwrap_or_default())]
    NoBase {
        /// The draft's short name.
        name: String,
        /// The amended work.
        amends: String,
        /// The draft's language.
        language: Language,
        /// The draft's base date.
        date: Option<Date>,
        /// Why the lookup failed.
        why: Box<LookupError>,
    },
}

/// The text `draft` amends: the amended work in the draft's language as in force on the draft's base date (its
/// latest text when the draft names none). `law`, when given (the command line names it), must be that work.
pub fn base_of(
    corpus: &dyn Library,
    draft: &Expression,
    law: Option<&str>,
) -> Result<Expression, DraftError> {
    let name = draft.meta.work.name().to_string();
    if draft.meta.kind != DocKind::Draft {
        return Err(RedlineError::NotADraft(draft.id().to_string()).into());
    }
    let amends = draft.meta.amends.as_ref().ok_or_else(|| DraftError::NoAmends { name: name.clone() })?;
    if let Some(given) = law {
        let w = corpus.work(given)?;
        if w.uri() != amends {
            return Err(RedlineError::OtherWork {
                draft: draft.id().to_string(),
                amends: amends.to_string(),
                base: w.uri().to_string(),
            }
            .into());
        }
    }
    let work = corpus.work(&amends.to_string())?;
    work.at(draft.meta.language, draft.meta.base).cloned().map_err(|why| DraftError::NoBase {
        name,
        amends: amends.name().to_string(),
        language: draft.meta.language,
        date: draft.meta.base,
        why: Box::new(why),
    })
}

/// A draft as listed.
#[derive(Debug, Clone, Serialize)]
pub struct DraftSummary {
    /// Its short name.
    pub name: String,
    /// Its work URI.
    pub uri: String,
    /// Its title (in the language shown).
    pub title: String,
    /// The language shown.
    pub language: Language,
    /// The amended work (URI).
    pub amends: Option<String>,
    /// The amended work's short name.
    pub amends_name: Option<String>,
    /// Every language the draft is written in.
    pub languages: Vec<Language>,
    /// Its date.
    pub date: String,
    /// The date of the amended text.
    pub base: Option<String>,
    /// Uploaded through the workbench (not a corpus file).
    pub uploaded: bool,
}

/// How a draft is listed: `e` is the text shown (its default language), `languages` all it is written in.
pub fn summary(e: &Expression, uploaded: bool, languages: Vec<Language>) -> DraftSummary {
    DraftSummary {
        name: e.meta.work.name().to_string(),
        uri: e.meta.work.to_string(),
        title: e.meta.title.clone(),
        language: e.meta.language,
        amends: e.meta.amends.as_ref().map(ToString::to_string),
        amends_name: e.meta.amends.as_ref().map(|u| u.name().to_string()),
        languages,
        date: e.meta.date.to_string(),
        base: e.meta.base.map(|d| d.to_string()),
        uploaded,
    }
}

/// The drafts of the corpus, each in its default language.
pub fn corpus_drafts(corpus: &dyn Library) -> Result<Vec<DraftSummary>, LookupError> {
    corpus
        .uris(Some(DocKind::Draft))
        .iter()
        .map(|u| {
            let w = corpus.work(&u.to_string())?;
            Ok(summary(w.at(w.default_language(), None)?, false, w.languages()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Expression {
        kanun_markdown::parse(text, None).expression.unwrap_or_else(|| unreachable!("{text}"))
    }

    fn law(name: &str) -> Expression {
        parse(&format!(
            "+++\nwork = \"/akn/tm/act/2020-01-01/{name}\"\ntitle = \"{name}\"\nlanguage = \"eng\"\ndate = 2022-01-01\n\
             status = \"in-force\"\nsource = \"illustrative\"\n+++\n\n# Law {name}\n\n### Article 1. Scope\n\nText.\n"
        ))
    }

    fn draft(front: &str) -> Expression {
        parse(&format!(
            "+++\nwork = \"/akn/tm/bill/2026-01-01/d\"\ntitle = \"D\"\nlanguage = \"eng\"\ndate = 2026-01-01\n\
             source = \"illustrative\"\n{front}\n+++\n\n# Law a\n\n### Article 1. Scope\n\nNew text.\n"
        ))
    }

    fn corpus() -> kanun_model::Corpus {
        let mut c = kanun_model::Corpus::new();
        for e in [law("a"), law("b")] {
            c.insert(e).unwrap_or_else(|_| unreachable!());
        }
        c
    }

    #[test]
    fn the_base_is_the_amended_law_as_of_the_drafts_base_date() {
        let c = corpus();
        let d = draft("kind = \"draft\"\namends = \"/akn/tm/act/2020-01-01/a\"\nbase = 2022-01-01");
        let base = base_of(&c, &d, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(base.id().to_string(), "/akn/tm/act/2020-01-01/a/eng@2022-01-01");
        assert!(base_of(&c, &d, Some("a")).is_ok());
        let err = base_of(&c, &d, Some("b")).map(|_| ()).unwrap_err().to_string();
        assert_eq!(
            err,
            "the draft /akn/tm/bill/2026-01-01/d/eng@2026-01-01 amends /akn/tm/act/2020-01-01/a, not /akn/tm/act/2020-01-01/b"
        );
    }

    #[test]
    fn what_cannot_be_compared_is_refused_with_the_fix() {
        let c = corpus();
        let err = base_of(&c, &law("a"), None).map(|_| ()).unwrap_err().to_string();
        assert!(err.starts_with("/akn/tm/act/2020-01-01/a/eng@2022-01-01 is not a draft"), "{err}");
        // The corpus format refuses such a file; a draft made in memory is checked all the same.
        let mut loose = draft("kind = \"draft\"\namends = \"/akn/tm/act/2020-01-01/a\"");
        loose.meta.amends = None;
        let err = base_of(&c, &loose, None).map(|_| ()).unwrap_err().to_string();
        assert!(err.contains("add amends ="), "{err}");
        let early = draft("kind = \"draft\"\namends = \"/akn/tm/act/2020-01-01/a\"\nbase = 2021-01-01");
        let err = base_of(&c, &early, None).map(|_| ()).unwrap_err().to_string();
        assert!(
            err.starts_with("no base text of a in eng as in force on 2021-01-01 for the draft d"),
            "{err}"
        );
    }
}
