//! Errors of the model's parsers (ids, dates, languages): user input that does not have the expected shape.

use thiserror::Error;

/// A value that does not have the shape the model expects. Each variant says what was given and what is expected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ModelError {
    /// A date that is not `YYYY-MM-DD` or not a day of the calendar.
    #[error("invalid date {given:?}: {reason} (expected YYYY-MM-DD, e.g. 2022-01-01)")]
    Date {
        /// The text given.
        given: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A language code that is not a known ISO 639-2 code.
    #[error("unknown language code {given:?} (expected an ISO 639-2 code such as eng, rus or tuk)")]
    Language {
        /// The text given.
        given: String,
    },
    /// A work URI that is not `/akn/<country>/<type>/<date>/<name>`.
    #[error(
        "invalid work URI {given:?}: {reason} (expected /akn/<country>/<type>/<YYYY-MM-DD>/<name>, e.g. /akn/tm/act/2021-12-18/social-services)"
    )]
    WorkUri {
        /// The text given.
        given: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An expression id that is not `<work>/<lang>@<date>`.
    #[error("invalid expression id {given:?}: {reason} (expected <work URI>/<lang>@<YYYY-MM-DD>)")]
    ExpressionId {
        /// The text given.
        given: String,
        /// What is wrong with it.
        reason: String,
    },
}
