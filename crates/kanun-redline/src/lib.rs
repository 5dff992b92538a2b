//! Redline: a draft against the law in force.
//!
//! A working group reviews a draft as tracked changes against the expression it amends. This crate aligns the
//! draft's articles with the base's ([`align`]: unchanged, modified, renumbered/moved, new, repealed, split,
//! merged), aligns lines inside each pair and diffs them word by word ([`words`], with the cleanup rule that
//! makes a rewritten clause one deletion and one insertion), and renders the result: HTML redline
//! ([`html`]), Markdown with CriticMarkup ([`critic`]), JSON (the [`Redline`] value is `Serialize`), the
//! comparative table ([`table`]) and amendment instructions in English, Russian and Turkmen drafting style with their
//! interpreter ([`instructions`]). A draft of changes only is first made whole ([`materialize`]). [`synth`]
//! makes drafts with known truth from real laws, for the tests and benchmarks.
//!
//! ```
//! let base = kanun_markdown::parse("+++\nwork = \"/akn/tm/act/2021-12-18/x\"\ntitle = \"X\"\nlanguage = \"eng\"\ndate = 2022-01-01\nsource = \"illustrative\"\n+++\n# Law\n\n### Article 1. Scope\n\nThis Law applies to providers.\n", None).expression.unwrap();
//! let mut draft = base.clone();
//! draft.body[0].intro[0] = "This Law applies to all providers.".into();
//! let r = kanun_redline::compare(&base, &draft, &[]);
//! assert_eq!(r.summary.modified, 1);
//! assert_eq!(kanun_redline::critic::render(&r).lines().last(), Some("This Law applies to {++all++} providers."));
//! ```
//!
//! Pure: no file system, no engine; DOCX lives in `kanun-docx`.

pub mod align;
mod compare;
pub mod critic;
mod draft;
pub mod history;
pub mod html;
pub mod instructions;
pub mod labels;
pub mod lines;
mod model;
pub mod synth;
pub mod table;
pub mod words;

pub use compare::compare;
pub use draft::materialize;
pub use model::{Class, Line, LineChange, Redline, Ref, ReviewNote, Row, RowKind, Side, Summary};
pub use words::Segment;

use kanun_model::annotation::Annotation;
use kanun_model::{DocKind, Expression};

/// What can go wrong comparing a draft.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RedlineError {
    /// The document is not a draft.
    #[error("{0} is not a draft (its front matter has no kind = \"draft\")")]
    NotADraft(String),
    /// The draft amends another work.
    #[error("the draft {draft} amends {amends}, not {base}")]
    OtherWork {
        /// The draft.
        draft: String,
        /// What it amends.
        amends: String,
        /// The base given.
        base: String,
    },
    /// A `replaces=` or `repeals=` names an article the base does not have.
    #[error("{draft}: article {article} {attribute} {target}, which the base expression does not have")]
    UnknownTarget {
        /// The draft.
        draft: String,
        /// The draft article.
        article: String,
        /// `replaces` or `repeals`.
        attribute: String,
        /// The eId that is missing.
        target: String,
    },
    /// Amendment instructions could not be read.
    #[error("instruction {number}: {message}")]
    Instruction {
        /// 1-based number of the instruction.
        number: usize,
        /// What is wrong, and how to fix it.
        message: String,
    },
}

/// Checks that `draft` is a draft of `base`'s work, makes it whole and compares it.
pub fn redline(
    base: &Expression,
    draft: &Expression,
    annotations: &[Annotation],
) -> Result<Redline, RedlineError> {
    if draft.meta.kind != DocKind::Draft {
        return Err(RedlineError::NotADraft(draft.id().to_string()));
    }
    if let Some(a) = &draft.meta.amends
        && *a != base.meta.work
    {
        return Err(RedlineError::OtherWork {
            draft: draft.id().to_string(),
            amends: a.to_string(),
            base: base.meta.work.to_string(),
        });
    }
    let full = materialize(base, draft)?;
    Ok(compare(base, &full, annotations))
}

/// Sort key of an article number id: `12` < `12-1` < `12a` < `13`.
pub(crate) fn number_key(id: &str) -> (u64, String) {
    let digits: String = id.chars().take_while(char::is_ascii_digit).collect();
    (digits.parse().unwrap_or(u64::MAX), id[digits.len()..].to_string())
}
