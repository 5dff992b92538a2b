//! The vocabulary of Kanun: the things a legislative review talks about, with no I/O and no engine.
//!
//! A **work** is one law as an abstract thing, named by a FRBR-style URI ([`WorkUri`]). An **expression** is the
//! work in one language as in force from one date ([`Expression`], identified by [`ExpressionId`]). Its text is a
//! **provision tree** ([`Provision`]): containers (part, section, chapter), articles, and inside articles numbered
//! parts and points. Every provision has an **eId** (Akoma Ntoso naming, e.g. `art_12__para_3__point_2`) for
//! navigation and a **wId** for identity across expressions and renumbering. A [`Corpus`] holds works and answers
//! point-in-time questions ("which expression was in force on this date?").
//!
//! ```
//! use kanun_model::{Date, Language, WorkUri};
//!
//! let work: WorkUri = "/akn/tm/act/2021-12-18/social-services".parse()?;
//! assert_eq!(work.name(), "social-services");
//! let id = work.expression(Language::ENG, Date::new(2022, 1, 1)?);
//! assert_eq!(id.to_string(), "/akn/tm/act/2021-12-18/social-services/eng@2022-01-01");
//! # Ok::<(), kanun_model::ModelError>(())
//! ```
//!
//! This crate is pure: it depends on no file system, index, database or web framework (an architecture invariant
//! checked by the tidy test).

pub mod annotation;
pub mod corpus;
mod date;
pub mod diag;
pub mod eid;
mod error;
mod expression;
mod lang;
pub mod rng;
pub mod text;
mod tree;
mod uri;
pub mod user;

pub use corpus::{Corpus, Library, Work};
pub use date::Date;
pub use error::ModelError;
pub use expression::{DocKind, DraftScope, Expression, Metadata, Status};
pub use lang::Language;
pub use tree::{Kind, Num, Provision, TextLine};
pub use uri::{ExpressionId, WorkUri};
