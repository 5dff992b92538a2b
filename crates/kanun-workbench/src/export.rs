//! A redline in each downloadable format, for `kanun diff` and the API alike: the format is a type, parsed once
//! where the user names it, with its file extension and media type.

use kanun_model::{Expression, Language};
use kanun_redline::{Redline, critic, html, instructions, table};
use thiserror::Error;

/// A format a redline is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// The redline and the comparative table as one HTML page.
    Html,
    /// CriticMarkup (`{++inserted++}`, `{--deleted--}`).
    Markdown,
    /// The redline's rows as JSON.
    Json,
    /// The comparative table as an HTML page.
    Table,
    /// Word with real tracked changes.
    Docx,
    /// The comparative table in Word.
    TableDocx,
    /// Amendment instructions (English or Russian).
    Instructions,
}

impl ExportFormat {
    /// Every format, in the order help texts list them.
    pub const ALL: [ExportFormat; 7] = [
        ExportFormat::Html,
        ExportFormat::Markdown,
        ExportFormat::Json,
        ExportFormat::Table,
        ExportFormat::Docx,
        ExportFormat::TableDocx,
        ExportFormat::Instructions,
    ];

    /// The name users give (`html`, `md`, `json`, `table`, `docx`, `table-docx`, `instructions`).
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Html => "html",
            ExportFormat::Markdown => "md",
            ExportFormat::Json => "json",
            ExportFormat::Table => "table",
            ExportFormat::Docx => "docx",
            ExportFormat::TableDocx => "table-docx",
            ExportFormat::Instructions => "instructions",
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Html | ExportFormat::Table => "html",
            ExportFormat::Markdown => "md",
            ExportFormat::Json => "json",
            ExportFormat::Docx | ExportFormat::TableDocx => "docx",
            ExportFormat::Instructions => "txt",
        }
    }

    /// The media type.
    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Html | ExportFormat::Table => "text/html; charset=utf-8",
            ExportFormat::Markdown => "text/markdown; charset=utf-8",
            ExportFormat::Json => "application/json",
            ExportFormat::Docx | ExportFormat::TableDocx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            ExportFormat::Instructions => "text/plain; charset=utf-8",
        }
    }

    /// Whether the format is binary (not for a terminal).
    pub fn is_binary(self) -> bool {
        matches!(self, ExportFormat::Docx | ExportFormat::TableDocx)
    }

    /// The suffix of the file name after the work and language: `-table`, `-instructions` or nothing.
    pub fn file_suffix(self) -> &'static str {
        match self {
            ExportFormat::Table | ExportFormat::TableDocx => "-table",
            ExportFormat::Instructions => "-instructions",
            _ => "",
        }
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = ExportError;

    fn from_str(s: &str) -> Result<ExportFormat, ExportError> {
        Ok(match s {
            "html" => ExportFormat::Html,
            "md" | "markdown" | "critic" => ExportFormat::Markdown,
            "json" => ExportFormat::Json,
            "table" => ExportFormat::Table,
            "docx" => ExportFormat::Docx,
            "table-docx" => ExportFormat::TableDocx,
            "instructions" => ExportFormat::Instructions,
            other => return Err(ExportError::UnknownFormat(other.to_string())),
        })
    }
}

impl std::fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an export cannot be made.
#[derive(Debug, Error)]
pub enum ExportError {
    /// The format is not one we write.
    #[error("unknown format {0:?} (html, md, json, table, docx, table-docx or instructions)")]
    UnknownFormat(String),
    /// Instructions are written in English, Russian and Turkmen.
    #[error("instructions are written in eng, rus or tuk, not {0:?}")]
    InstructionsLanguage(String),
    /// The redline cannot be made.
    #[error(transparent)]
    Redline(#[from] kanun_redline::RedlineError),
    /// The DOCX cannot be written.
    #[error(transparent)]
    Docx(#[from] kanun_docx::DocxError),
    /// JSON cannot be written.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// What to write.
#[derive(Debug, Clone, Copy)]
pub struct ExportOptions<'a> {
    /// The format.
    pub format: ExportFormat,
    /// Author of DOCX tracked changes.
    pub author: &'a str,
    /// Language of instructions (default: the draft's when instructions are written in it, else eng).
    pub instructions_lang: Option<Language>,
}

/// The redline `r` of `draft` against `base` in a format.
pub fn redline_bytes(
    r: &Redline,
    base: &Expression,
    draft: &Expression,
    o: &ExportOptions<'_>,
) -> Result<Vec<u8>, ExportError> {
    let date = format!("{}T00:00:00Z", draft.meta.date);
    Ok(match o.format {
        ExportFormat::Html => html::document(r).into_bytes(),
        ExportFormat::Markdown => (critic::render(r) + "\n").into_bytes(),
        ExportFormat::Json => (serde_json::to_string_pretty(r)? + "\n").into_bytes(),
        ExportFormat::Table => table_document(r).into_bytes(),
        ExportFormat::Docx => kanun_docx::tracked(r, o.author, &date)?,
        ExportFormat::TableDocx => kanun_docx::table(r, o.author)?,
        ExportFormat::Instructions => {
            let lang = draft.meta.language;
            let written = |l: &Language| instructions::LANGUAGES.contains(l);
            let il = o.instructions_lang.unwrap_or(if written(&lang) { lang } else { Language::ENG });
            if !written(&il) {
                return Err(ExportError::InstructionsLanguage(il.code().to_string()));
            }
            let full = kanun_redline::materialize(base, draft)?;
            let list = instructions::generate(base, &full)?;
            instructions::render(&list, il).into_bytes()
        }
    })
}

/// The comparative table as a standalone HTML page.
pub fn table_document(r: &Redline) -> String {
    format!(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>{css}</style>\n</head>\n<body>\n<h1>{h}: {t}</h1>\n{table}</body>\n</html>\n",
        t = kanun_render::escape(&r.title),
        h = kanun_render::escape(table::words(&r.language).title),
        css = html::CSS,
        table = table::html(r)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_parses_from_its_own_name_and_says_its_file_type() {
        for f in ExportFormat::ALL {
            assert_eq!(f.as_str().parse::<ExportFormat>().unwrap(), f);
            assert!(!f.extension().is_empty() && f.media_type().contains('/'));
        }
        assert_eq!("markdown".parse::<ExportFormat>().unwrap(), ExportFormat::Markdown);
        let e = "pdf".parse::<ExportFormat>().unwrap_err();
        assert!(e.to_string().contains("table-docx"), "{e}");
    }
}
