//! The index schema: one document per article of every expression and draft.

use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};

use crate::tokenizer::{LANGUAGES, Mode};

/// Bumped whenever the schema or the analysis changes; an index of another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 4;

/// The fields.
#[derive(Debug, Clone)]
pub struct Fields {
    pub(crate) id: Field,
    pub(crate) work: Field,
    pub(crate) slug: Field,
    pub(crate) expression: Field,
    pub(crate) lang: Field,
    pub(crate) kind: Field,
    pub(crate) status: Field,
    pub(crate) date_from: Field,
    pub(crate) date_to: Field,
    pub(crate) eid: Field,
    pub(crate) art: Field,
    pub(crate) title: Field,
    pub(crate) heading: Field,
    pub(crate) container: Field,
    pub(crate) text: Field,
    pub(crate) parts: Field,
    pub(crate) parallel: Field,
    pub(crate) facets: Field,
    /// Stemmed text, one field per language, in [`LANGUAGES`] order.
    pub(crate) body: Vec<(kanun_model::Language, Field)>,
    /// Stemmed article headings, one field per language: a match in the heading weighs more.
    pub(crate) head: Vec<(kanun_model::Language, Field)>,
    pub(crate) exact: Field,
    pub(crate) prefix: Field,
    pub(crate) fold: Field,
}

fn text(mode: Mode) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(&mode.name())
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// The schema and its fields.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let f = Fields {
        id: b.add_text_field("id", STRING | STORED),
        work: b.add_text_field("work", STRING | STORED),
        slug: b.add_text_field("slug", STRING),
        expression: b.add_text_field("expression", STRING | STORED),
        lang: b.add_text_field("lang", STRING | STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        status: b.add_text_field("status", STRING | STORED),
        date_from: b.add_u64_field("date_from", INDEXED | STORED | FAST),
        date_to: b.add_u64_field("date_to", INDEXED | FAST),
        eid: b.add_text_field("eid", STRING | STORED),
        art: b.add_text_field("art", STRING),
        title: b.add_text_field("title", STORED),
        heading: b.add_text_field("heading", STORED),
        container: b.add_text_field("container", STORED),
        text: b.add_text_field("text", STORED),
        parts: b.add_text_field("parts", STORED),
        parallel: b.add_text_field("parallel", STORED),
        facets: b.add_facet_field("facets", FacetOptions::default()),
        body: LANGUAGES
            .iter()
            .map(|l| (*l, b.add_text_field(&format!("body_{l}"), text(Mode::Stem(*l)))))
            .collect(),
        head: LANGUAGES
            .iter()
            .map(|l| (*l, b.add_text_field(&format!("head_{l}"), text(Mode::Stem(*l)))))
            .collect(),
        exact: b.add_text_field("exact", text(Mode::Exact)),
        prefix: b.add_text_field("prefix", text(Mode::Prefix)),
        fold: b.add_text_field("fold", text(Mode::Fold)),
    };
    (b.build(), f)
}

/// A date as the index stores it: `YYYYMMDD`.
pub fn date_key(d: kanun_model::Date) -> u64 {
    u64::from(d.year()) * 10_000 + u64::from(d.month()) * 100 + u64::from(d.day())
}

/// `date_to` of an expression that no later one replaces.
pub const OPEN_END: u64 = 99_991_231;
