//! Kanun's application layer: the operations the web workbench (`kanun-server`) and the command line (`kanun`)
//! both call, so that the same input gives the same annotation placement, report and export through either.
//! Front ends parse input, call these and print; the domain rules live here or in the pure crates below.
//!
//! - [`annotate`]: creating an annotation (the provision, the span, the narrowing to the deepest part, the checks);
//! - [`review`]: where an annotation stands in the current text (re-anchored), and the review report;
//! - [`search`]: a search request, the query and the filters beside it merged by the query language;
//! - [`drafts`]: the text a draft amends (the same base for `kanun diff` and the API) and the list of drafts;
//! - [`editor`]: drafts written in the workbench: started from the law in force, changed step by step as revisions
//!   in the store, milestones, the text at any revision and the redline of any two;
//! - [`word`]: a draft started from a Word document written on the law in force, its tracked changes taken in as
//!   revisions or turned into suggestions by their authors;
//! - [`export`]: a redline in each downloadable format, chosen by [`export::ExportFormat`];
//! - [`legal`]: what a provision cites and what cites it, the terms a law defines, a law's versions.

pub mod annotate;
pub mod drafts;
pub mod editor;
pub mod export;
pub mod legal;
pub mod review;
pub mod search;
pub mod word;

pub use annotate::{AnnotateError, NewAnnotation, Span, annotate, reply};
pub use drafts::DraftError;
pub use export::{ExportError, ExportFormat, ExportOptions};
pub use legal::LegalError;
