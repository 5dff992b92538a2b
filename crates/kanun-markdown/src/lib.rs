//! The Kanun corpus format: one Markdown file per expression, TOML front matter between `+++` lines, headings
//! for containers and articles, number markers for parts and points (see `docs/corpus-format.md`).
//!
//! [`parse`] never fails and never panics: it returns what it could read and every problem as a located
//! [`Diagnostic`] with a hint. [`render`] writes an expression back, and parsing the result gives the same tree.
//!
//! ```
//! let src = concat!(
//!     "+++\nwork = \"/akn/tm/act/2021-12-18/social-services\"\ntitle = \"On Social Services\"\n",
//!     "language = \"eng\"\ndate = 2022-01-01\nsource = \"illustrative\"\n+++\n",
//!     "# Law \"On Social Services\"\n\n## Chapter I. General provisions\n\n### Article 1. Basic concepts\n\n",
//!     "1. The following concepts are used:\n   1) social service — help;\n   2) provider — a body.\n",
//! );
//! let parsed = kanun_markdown::parse(src, Some("eng@2022-01-01.md"));
//! assert!(parsed.diagnostics.is_empty());
//! let expr = parsed.expression.expect("valid");
//! assert_eq!(expr.find("art_1__para_1__point_2").unwrap().intro, ["provider — a body."]);
//! let again = kanun_markdown::parse(&kanun_markdown::render(&expr), None).expression.unwrap();
//! assert_eq!(again, expr);
//! ```
//!
//! This crate is pure: it reads strings and writes strings, never files.

mod blocks;
mod build;
mod frontmatter;
mod heading;
mod marker;
mod render;
mod text;

use kanun_model::diag::Diagnostic;
use kanun_model::{Expression, Metadata};

pub use render::{escape_inline, render};
pub use text::normalize_text;

/// The largest file the parser reads, in bytes.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// Where each provision was found in the source: 1-based line and column, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    entries: Vec<(String, String, u32, u32)>,
    /// eId → the indexes of its entries, in order: every lookup is a hash lookup (a linear scan per provision
    /// made imports of large texts quadratic: 9 MB took 147 s).
    by_eid: std::collections::HashMap<String, Vec<usize>>,
}

impl SourceMap {
    fn push(&mut self, eid: &str, wid: &str, line: u32, col: u32) {
        self.by_eid.entry(eid.to_string()).or_default().push(self.entries.len());
        self.entries.push((eid.to_string(), wid.to_string(), line, col));
    }

    /// The line and column of the (first) provision with this eId.
    pub fn position(&self, eid: &str) -> Option<(u32, u32)> {
        self.nth_position(eid, 0)
    }

    fn nth_position(&self, eid: &str, n: usize) -> Option<(u32, u32)> {
        self.by_eid.get(eid).and_then(|v| v.get(n)).map(|&i| (self.entries[i].2, self.entries[i].3))
    }

    /// The line of the provision with this eId.
    pub fn line(&self, eid: &str) -> Option<u32> {
        self.position(eid).map(|p| p.0)
    }
}

/// What parsing a file gives: the expression (when the front matter is valid), the problems, and where each
/// provision is.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The expression; `None` when the front matter is missing or invalid (the body is still checked).
    pub expression: Option<Expression>,
    /// Every problem found, errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// Provision positions.
    pub source_map: SourceMap,
}

impl Parsed {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Whether `s` can be an eId: lowercase letters, digits, `_`, `-`, `.` and `@`, starting with a letter.
pub(crate) fn valid_eid(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | '.' | '@'))
}

/// Parses raw file bytes: checks the size limit and UTF-8 first, then parses. `file_name` (e.g.
/// `eng@2022-01-01.md`) is checked against the front matter's language and date.
pub fn parse_bytes(bytes: &[u8], file_name: Option<&str>) -> Parsed {
    if bytes.len() > MAX_FILE_BYTES {
        return failed(
            Diagnostic::error(
                "E002",
                1,
                1,
                format!("the file is {} bytes, over the limit of {MAX_FILE_BYTES}", bytes.len()),
            )
            .with_hint("split the law into several works, or check that this is the right file"),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => parse(s, file_name),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&good[line_start..]).chars().count() as u32 + 1;
            failed(
                Diagnostic::error(
                    "E001",
                    line,
                    col,
                    format!("the file is not valid UTF-8 (byte {})", e.valid_up_to()),
                )
                .with_hint("save the file as UTF-8 (most editors offer it under \"Save with encoding\")"),
            )
        }
    }
}

fn failed(d: Diagnostic) -> Parsed {
    Parsed { expression: None, diagnostics: vec![d], source_map: SourceMap::default() }
}

/// Parses a corpus file's text.
pub fn parse(source: &str, file_name: Option<&str>) -> Parsed {
    let idx = text::LineIndex::new(source);
    let mut diags = Vec::new();
    forbidden_characters(source, &idx, &mut diags);
    let fm = frontmatter::parse(source, &idx, &mut diags);
    if let (Some(meta), Some(name)) = (&fm.meta, file_name) {
        check_file_name(meta, name, source, &idx, &mut diags);
    }
    if fm.body_offset >= source.len() && diags.iter().any(|d| d.code == "E004") {
        // The whole file is front matter that was never closed: there is no body to speak of.
        return Parsed { expression: None, diagnostics: diags, source_map: SourceMap::default() };
    }
    let (expression, source_map) = parse_body_at(source, fm.body_offset, &idx, fm.meta, &mut diags);
    diags.sort_by_key(|d| (d.line, d.column));
    Parsed { expression, diagnostics: diags, source_map }
}

/// The metadata of a corpus file's front matter alone, when it is valid and closed within `head` (the start of
/// the file): what a reader that groups files by work needs before it parses them. The body is not read, and
/// nothing is said of what is wrong ([`parse`] says it); the metadata is the expression's that [`parse`] gives.
pub fn front_matter(head: &str) -> Option<Metadata> {
    let idx = text::LineIndex::new(head);
    frontmatter::parse(head, &idx, &mut Vec::new()).meta
}

/// E019 for each line holding a character XML 1.0 forbids (U+0000 and the other C0 controls but tab, line feed
/// and carriage return; U+FFFE, U+FFFF): every DOCX and Akoma Ntoso export of the law would carry it, and Word
/// refuses such a file. At most ten lines are named.
fn forbidden_characters(source: &str, idx: &text::LineIndex<'_>, diags: &mut Vec<Diagnostic>) {
    let mut last_line = 0;
    let mut found = 0;
    for (at, c) in source.char_indices().filter(|(_, c)| kanun_model::text::xml_forbidden(*c)) {
        let (line, column) = idx.position(at);
        if line == last_line {
            continue;
        }
        last_line = line;
        found += 1;
        if found > 10 {
            break;
        }
        diags.push(
            Diagnostic::error(
                "E019",
                line,
                column,
                format!("the invisible control character U+{:04X}, which no document may hold", c as u32),
            )
            .with_hint(
                "delete it (an editor that shows invisible characters helps); it is not part of the text",
            ),
        );
    }
}

/// Parses a text that has no Kanun front matter (a Markdown law from elsewhere), with metadata given by the
/// caller. A leading YAML block between `---` lines (as many Markdown collections have) is skipped; its
/// `key: value` lines are returned for the caller to build metadata from, see [`yaml_front_matter`].
pub fn parse_foreign(source: &str, meta: Metadata) -> Parsed {
    let idx = text::LineIndex::new(source);
    let mut diags = Vec::new();
    let offset = yaml_front_matter(source).1;
    let (expression, source_map) = parse_body_at(source, offset, &idx, Some(meta), &mut diags);
    diags.sort_by_key(|d| (d.line, d.column));
    Parsed { expression, diagnostics: diags, source_map }
}

/// The simple `key: value` lines of a leading YAML block between `---` lines, and the offset where the body
/// starts (0 when there is no such block). Nested YAML is not read.
pub fn yaml_front_matter(source: &str) -> (Vec<(String, String)>, usize) {
    let mut lines = source.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return (Vec::new(), 0);
    }
    let mut offset = source.find('\n').map_or(source.len(), |i| i + 1);
    let mut pairs = Vec::new();
    for line in lines {
        offset += line.len();
        let t = line.trim_end();
        if t == "---" {
            return (pairs, offset);
        }
        if let Some((k, v)) = t.split_once(':')
            && !k.starts_with([' ', '\t', '-', '#'])
        {
            pairs.push((k.trim().to_string(), v.trim().trim_matches(['"', '\'']).to_string()));
        }
    }
    (Vec::new(), 0)
}

fn parse_body_at(
    source: &str,
    offset: usize,
    idx: &text::LineIndex<'_>,
    meta: Option<Metadata>,
    diags: &mut Vec<Diagnostic>,
) -> (Option<Expression>, SourceMap) {
    let (body, inserted) = fix_heading_spaces(&source[offset..]);
    for &at in &inserted {
        let (line, col) = idx.position(offset + at);
        diags.push(
            Diagnostic::warning("W108", line, col, "heading without a space after `#`")
                .with_hint("write `## Title` with a space; it is read as a heading"),
        );
    }
    let (blocks, foreign) = blocks::read(&body);
    // Offsets in `body` are shifted by the spaces inserted before them; map them back to the source.
    let unshift = |o: usize| o - inserted.iter().enumerate().filter(|(i, at)| **at + i < o).count();
    let blocks = blocks.into_iter().map(|b| shift_block(b, &unshift)).collect();
    for f in foreign {
        let (line, col) = idx.position(offset + unshift(f.offset));
        diags.push(
            Diagnostic::warning("W105", line, col, format!("{} in a law text is kept as plain text", f.what))
                .with_hint("laws are written as headings, paragraphs and numbered lists; remove the markup if it is not needed"),
        );
    }
    let language = meta.as_ref().map_or("", |m| m.language.code());
    let changes_only = meta.as_ref().is_some_and(|m| m.scope == kanun_model::DraftScope::Changes);
    let built = build::build(blocks, idx, offset, language, changes_only, diags);
    let expression = meta.map(|meta| Expression {
        meta,
        long_title: built.long_title.unwrap_or_default(),
        preamble: built.preamble,
        body: built.body,
    });
    (expression, built.source_map)
}

fn shift_block(b: blocks::Block, unshift: &impl Fn(usize) -> usize) -> blocks::Block {
    use blocks::Block;
    match b {
        Block::Heading { level, text, id, attrs, offset } => {
            Block::Heading { level, text, id, attrs, offset: unshift(offset) }
        }
        Block::Text { level, marker, text, offset, origin } => {
            Block::Text { level, marker, text, offset: unshift(offset), origin }
        }
        Block::Quote { text, offset } => Block::Quote { text, offset: unshift(offset) },
    }
}

/// Inserts the missing space in ATX headings such as `####Purpose` (common in converted texts), outside fenced
/// code. Returns the fixed text and the offsets (in the original) where a space was inserted.
fn fix_heading_spaces(body: &str) -> (std::borrow::Cow<'_, str>, Vec<usize>) {
    let mut inserted = Vec::new();
    let mut fence = false;
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim_start_matches(' ');
        let lead = line.len() - t.len();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
        }
        let hashes = t.bytes().take_while(|b| *b == b'#').count();
        if !fence && lead <= 3 && (1..=6).contains(&hashes) {
            let next = t[hashes..].chars().next();
            if next.is_some_and(|c| !c.is_whitespace() && c != '#') {
                inserted.push(pos + lead + hashes);
            }
        }
        pos += line.len();
    }
    if inserted.is_empty() {
        return (std::borrow::Cow::Borrowed(body), inserted);
    }
    let mut out = String::with_capacity(body.len() + inserted.len());
    let mut last = 0;
    for &at in &inserted {
        out.push_str(&body[last..at]);
        out.push(' ');
        last = at;
    }
    out.push_str(&body[last..]);
    (std::borrow::Cow::Owned(out), inserted)
}

fn check_file_name(
    meta: &Metadata,
    name: &str,
    source: &str,
    idx: &text::LineIndex<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name).trim_end_matches(".md");
    let Some((lang, date)) = stem.split_once('@') else {
        return;
    };
    let at = |key: &str| {
        let off = source.find(&format!("\n{key}")).map_or(0, |i| i + 1);
        idx.position(off)
    };
    let checks = [
        ("language", lang.to_string(), meta.language.code().to_string()),
        ("date", date.to_string(), meta.date.to_string()),
    ];
    for (key, in_name, in_front_matter) in checks {
        if in_name != in_front_matter {
            let (l, c) = at(key);
            diags.push(
                Diagnostic::warning(
                    "W103",
                    l,
                    c,
                    format!("the file name says {key} {in_name} but the front matter says {in_front_matter}"),
                )
                .with_hint(format!("rename the file to {}@{}.md or fix `{key}`", meta.language, meta.date)),
            );
        }
    }
}
