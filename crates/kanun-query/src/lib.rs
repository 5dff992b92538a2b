//! The query language a lawyer types into Kanun's search box, parsed into an AST that knows nothing of any index.
//!
//! Words are combined with AND by default; `"phrases"`, `OR`, `NOT` / `-word`, parentheses, field filters
//! (`law:`, `lang:`, `kind:`, `status:`, `art:`, `asof:`), fuzzy words (`word~`, `word~2`) and prefixes (`prefix*`).
//! A malformed query is answered with a [`QueryError`] that gives the character position and a hint; parsing never
//! panics.
//!
//! ```
//! use kanun_query::{parse, Query};
//!
//! let q = parse(r#""social worker" OR caseworker~ lang:eng asof:2021-01-01"#)?;
//! assert_eq!(q.asof.map(|d| d.to_string()).as_deref(), Some("2021-01-01"));
//! assert!(matches!(q.query, Query::Or(_))); // OR binds loosest: "social worker" OR (caseworker~ AND lang:eng)
//! let err = parse("(licensing OR").unwrap_err();
//! assert_eq!(err.position, 13);
//! assert!(err.to_string().contains("after OR"));
//! # Ok::<(), kanun_query::QueryError>(())
//! ```

mod parse;

use std::fmt;

use kanun_model::{Date, Language};
use serde::Serialize;
use thiserror::Error;

pub use parse::{MAX_DEPTH, MAX_QUERY_CHARS, parse};

/// A parsed query: the boolean tree and the point-in-time date, which applies to the whole query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedQuery {
    /// What to match.
    pub query: Query,
    /// Only expressions in force on this date (`asof:`), if given.
    pub asof: Option<Date>,
}

/// The boolean tree of a query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Query {
    /// A word, matched through the language's analyzer (stemmed).
    Term(Term),
    /// Words in this order, matched exactly (unstemmed).
    Phrase {
        /// The words of the phrase, as typed.
        text: String,
        /// Character span in the query.
        span: Span,
    },
    /// A field filter.
    Filter(Filter),
    /// Every clause must match.
    And(Vec<Query>),
    /// At least one clause must match.
    Or(Vec<Query>),
    /// The clause must not match.
    Not(Box<Query>),
    /// Everything (a query of filters only, e.g. `law:social-services`).
    All,
}

/// A word with its options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    /// The word as typed (without `~` or `*`).
    pub text: String,
    /// Fuzzy: the edit distance allowed (1 or 2), for `word~` / `word~2`.
    pub fuzzy: Option<u8>,
    /// Prefix: `word*`.
    pub prefix: bool,
    /// Character span in the query.
    pub span: Span,
}

/// A field filter such as `lang:rus` or `art:12`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum Filter {
    /// `law:` a work's short name or URI.
    Law(String),
    /// `lang:` a language.
    Lang(Language),
    /// `kind:` law, draft or annotation.
    Kind(DocumentKind),
    /// `status:` in-force, repealed or draft.
    Status(String),
    /// `art:12`, `art:12-1`: an article number (its eId is `art_<n>`).
    Article(String),
}

/// What a search document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    /// An article of a law.
    Law,
    /// An article of a draft.
    Draft,
    /// An annotation.
    Annotation,
}

impl DocumentKind {
    /// The spelling in queries and in the index.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Law => "law",
            DocumentKind::Draft => "draft",
            DocumentKind::Annotation => "annotation",
        }
    }
}

/// A span of characters in the query, 0-based, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// A query that cannot be run: what is wrong, where (0-based character position), and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize)]
pub struct QueryError {
    /// What is wrong, in lower case.
    pub message: String,
    /// 0-based character position of the problem.
    pub position: usize,
    /// How to fix it.
    pub hint: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at character {} ({})", self.message, self.position + 1, self.hint)
    }
}

impl QueryError {
    /// The query with a caret under the problem, for a terminal.
    pub fn pointer(&self, query: &str) -> String {
        let shown: String = query.chars().map(|c| if c.is_control() { ' ' } else { c }).take(200).collect();
        format!("{shown}\n{}^", " ".repeat(self.position.min(200)))
    }
}
