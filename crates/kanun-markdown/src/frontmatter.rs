//! The TOML front matter between `+++` lines: split it off, read it into [`Metadata`], and say exactly which
//! field on which line is wrong.

use kanun_model::diag::Diagnostic;
use kanun_model::{Date, DocKind, DraftScope, Language, Metadata, ModelError, Status, WorkUri};

use crate::text::LineIndex;

/// The keys the front matter may have.
pub(crate) const KNOWN_KEYS: &[&str] =
    &["work", "title", "language", "date", "status", "kind", "source", "amends", "base", "scope", "note"];

/// The front matter read from a file.
pub(crate) struct FrontMatter {
    /// The metadata, when every required field is present and valid.
    pub(crate) meta: Option<Metadata>,
    /// Where the Markdown body starts.
    pub(crate) body_offset: usize,
}

const FORMAT_HINT: &str = "start the file with a line +++, the TOML fields (work, title, language, date, source) and another line +++; see docs/corpus-format.md";

pub(crate) fn parse(src: &str, idx: &LineIndex, diags: &mut Vec<Diagnostic>) -> FrontMatter {
    let start = if src.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let first_line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
    let first = src[start..first_line_end].trim_end();
    if first != "+++" {
        let hint = if first == "---" {
            "Kanun front matter is TOML between +++ lines; convert the YAML block, or bring the file in with `kanun import`"
        } else {
            FORMAT_HINT
        };
        diags.push(Diagnostic::error("E003", 1, 1, "the file has no front matter").with_hint(hint));
        return FrontMatter { meta: None, body_offset: start };
    }
    let fm_start = (first_line_end + 1).min(src.len());
    let mut pos = fm_start;
    let mut close = None;
    while pos < src.len() {
        let end = src[pos..].find('\n').map_or(src.len(), |i| pos + i);
        if src[pos..end].trim_end() == "+++" {
            close = Some((pos, (end + 1).min(src.len())));
            break;
        }
        pos = end + 1;
    }
    let Some((fm_end, body_offset)) = close else {
        diags.push(
            Diagnostic::error("E004", 1, 1, "the front matter is not closed")
                .with_hint("add a line +++ after the last front matter field"),
        );
        return FrontMatter { meta: None, body_offset: src.len() };
    };
    let fm = &src[fm_start..fm_end];
    let table: toml::Table = match fm.parse() {
        Ok(t) => t,
        Err(e) => {
            let (line, col) = e.span().map_or((1, 1), |s| idx.position(fm_start + s.start));
            let msg = e.message().trim().trim_end_matches('.').to_lowercase();
            diags.push(
                Diagnostic::error("E005", line, col, format!("the front matter is not valid TOML: {msg}"))
                    .with_hint("write each field as key = value, strings in double quotes, e.g. title = \"On Social Services\""),
            );
            return FrontMatter { meta: None, body_offset };
        }
    };
    let reader = Fields { table: &table, fm, fm_start, idx, open_line: idx.position(start).0 };
    let meta = reader.read(diags);
    FrontMatter { meta, body_offset }
}

struct Fields<'a> {
    table: &'a toml::Table,
    fm: &'a str,
    fm_start: usize,
    idx: &'a LineIndex<'a>,
    open_line: u32,
}

impl Fields<'_> {
    /// The line and column of `key = …`, or of the opening `+++` if the key is absent.
    fn at(&self, key: &str) -> (u32, u32) {
        let mut offset = 0;
        for line in self.fm.split_inclusive('\n') {
            let t = line.trim_start();
            if let Some(rest) = t.strip_prefix(key)
                && rest.trim_start().starts_with('=')
            {
                return self.idx.position(self.fm_start + offset + (line.len() - t.len()));
            }
            offset += line.len();
        }
        (self.open_line, 1)
    }

    fn missing(&self, key: &str, example: &str, diags: &mut Vec<Diagnostic>) {
        diags.push(
            Diagnostic::error("E006", self.open_line, 1, format!("the front matter has no `{key}` field"))
                .with_hint(format!("add a line such as {key} = {example}")),
        );
    }

    fn invalid(&self, key: &str, msg: String, hint: &str, diags: &mut Vec<Diagnostic>) {
        let (l, c) = self.at(key);
        diags.push(Diagnostic::error("E007", l, c, msg).with_hint(hint.to_string()));
    }

    fn string(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
        match self.table.get(key)? {
            toml::Value::String(s) => Some(s.clone()),
            other => {
                self.invalid(
                    key,
                    format!("`{key}` must be a string, not a {}", other.type_str()),
                    "put the value in double quotes",
                    diags,
                );
                None
            }
        }
    }

    fn date(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Date> {
        let text = match self.table.get(key)? {
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
            other => {
                self.invalid(
                    key,
                    format!("`{key}` must be a date, not a {}", other.type_str()),
                    "write the date as YYYY-MM-DD, e.g. 2022-01-01",
                    diags,
                );
                return None;
            }
        };
        match text.parse::<Date>() {
            Ok(d) => Some(d),
            Err(e) => {
                self.invalid(key, format!("`{key}`: {e}"), "write a real calendar day as YYYY-MM-DD", diags);
                None
            }
        }
    }

    fn uri(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<WorkUri> {
        let s = self.string(key, diags)?;
        match s.parse::<WorkUri>() {
            Ok(u) => Some(u),
            Err(e) => {
                self.invalid(
                    key,
                    format!("`{key}`: {e}"),
                    "e.g. \"/akn/tm/act/2021-12-18/social-services\"",
                    diags,
                );
                None
            }
        }
    }

    fn read(&self, diags: &mut Vec<Diagnostic>) -> Option<Metadata> {
        let before = diags.iter().filter(|d| d.is_error()).count();
        for key in self.table.keys() {
            if !KNOWN_KEYS.contains(&key.as_str()) {
                let (l, c) = self.at(key);
                let hint = match closest(key, KNOWN_KEYS) {
                    Some(k) => format!("did you mean `{k}`? (known fields: {})", KNOWN_KEYS.join(", ")),
                    None => format!("known fields: {}", KNOWN_KEYS.join(", ")),
                };
                diags.push(
                    Diagnostic::warning("W102", l, c, format!("unknown front matter field `{key}`"))
                        .with_hint(hint),
                );
            }
        }
        let work = self.uri("work", diags);
        if !self.table.contains_key("work") {
            self.missing("work", "\"/akn/tm/act/2021-12-18/social-services\"", diags);
        }
        let title = self.string("title", diags);
        match &title {
            None if !self.table.contains_key("title") => {
                self.missing("title", "\"On Social Services\"", diags)
            }
            Some(t) if t.trim().is_empty() => {
                self.invalid("title", "`title` is empty".into(), "give the short title of the law", diags)
            }
            _ => {}
        }
        let language = match self.string("language", diags) {
            Some(s) => match s.parse::<Language>() {
                Ok(l) => Some(l),
                Err(ModelError::Language { given }) => {
                    let (l, c) = self.at("language");
                    diags.push(
                        Diagnostic::error("E008", l, c, format!("unknown language code {given:?}"))
                            .with_hint("use an ISO 639-2 code: eng, rus, tuk, deu, …"),
                    );
                    None
                }
                Err(_) => None,
            },
            None => {
                if !self.table.contains_key("language") {
                    self.missing("language", "\"eng\"", diags);
                }
                None
            }
        };
        let date = self.date("date", diags);
        if !self.table.contains_key("date") {
            self.missing("date", "2022-01-01", diags);
        }
        let source = self.string("source", diags);
        if !self.table.contains_key("source") {
            self.missing("source", "\"illustrative\"", diags);
        }
        let kind = match self.string("kind", diags) {
            None => DocKind::Law,
            Some(s) => s.parse::<DocKind>().unwrap_or_else(|e| {
                self.invalid("kind", format!("`kind`: {e}"), "kind = \"law\" or kind = \"draft\"", diags);
                DocKind::Law
            }),
        };
        let status = match self.string("status", diags) {
            None if kind == DocKind::Draft => Status::Draft,
            None => Status::InForce,
            Some(s) => s.parse::<Status>().unwrap_or_else(|e| {
                self.invalid(
                    "status",
                    format!("`status`: {e}"),
                    "status = \"in-force\", \"repealed\" or \"draft\"",
                    diags,
                );
                Status::InForce
            }),
        };
        let amends = self.uri("amends", diags);
        let base = self.date("base", diags);
        let note = self.string("note", diags);
        let scope = match self.string("scope", diags) {
            None => DraftScope::Full,
            Some(s) => s.parse::<DraftScope>().unwrap_or_else(|e| {
                self.invalid("scope", format!("`scope`: {e}"), "scope = \"full\" or \"changes\"", diags);
                DraftScope::Full
            }),
        };
        if kind == DocKind::Draft && !self.table.contains_key("amends") {
            diags.push(
                Diagnostic::error("E014", self.at("kind").0, 1, "a draft must say which work it amends")
                    .with_hint("add amends = \"/akn/…\" with the URI of the law the draft amends"),
            );
        }
        if diags.iter().filter(|d| d.is_error()).count() > before {
            return None;
        }
        Some(Metadata {
            work: work?,
            title: crate::text::normalize_text(&title?),
            language: language?,
            date: date?,
            status,
            kind,
            source: source?,
            amends,
            base,
            scope,
            note,
        })
    }
}

/// The known key closest to `key` by edit distance, if it is close enough to be a typo.
fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (kanun_model::text::edit_distance(key, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

/// The metadata as front matter text, fields in a fixed order, between `+++` lines.
pub(crate) fn render(meta: &Metadata) -> String {
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = String::from("+++\n");
    out.push_str(&format!("work = {}\n", q(&meta.work.to_string())));
    out.push_str(&format!("title = {}\n", q(&meta.title)));
    out.push_str(&format!("language = {}\n", q(meta.language.code())));
    out.push_str(&format!("date = {}\n", meta.date));
    out.push_str(&format!("status = {}\n", q(meta.status.as_str())));
    if meta.kind != DocKind::Law {
        out.push_str(&format!("kind = {}\n", q(meta.kind.as_str())));
    }
    if let Some(a) = &meta.amends {
        out.push_str(&format!("amends = {}\n", q(&a.to_string())));
    }
    if let Some(b) = meta.base {
        out.push_str(&format!("base = {b}\n"));
    }
    if meta.scope != DraftScope::Full {
        out.push_str(&format!("scope = {}\n", q(meta.scope.as_str())));
    }
    out.push_str(&format!("source = {}\n", q(&meta.source)));
    if let Some(n) = &meta.note {
        out.push_str(&format!("note = {}\n", q(n)));
    }
    out.push_str("+++\n");
    out
}
