//! A redline in each downloadable format, for `kanun diff` and the API alike.

use kanun_model::Expression;
use kanun_redline::{Redline, critic, html, instructions, table};
use thiserror::Error;

/// Why an export cannot be made.
#[derive(Debug, Error)]
pub enum ExportError {
    /// The format is not one we write.
    #[error("unknown format {0:?} (html, md, json, table, docx, table-docx or instructions)")]
    UnknownFormat(String),
    /// Instructions are written in English and Russian.
    #[error("instructions are written in eng or rus, not {0:?}")]
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

/// A format: its file extension and media type.
pub fn file_type(format: &str) -> Option<(&'static str, &'static str)> {
    Some(match format {
        "html" | "table" => ("html", "text/html; charset=utf-8"),
        "md" | "markdown" | "critic" => ("md", "text/markdown; charset=utf-8"),
        "json" => ("json", "application/json"),
        "docx" | "table-docx" => {
            ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        }
        "instructions" => ("txt", "text/plain; charset=utf-8"),
        _ => return None,
    })
}

/// What to write.
pub struct ExportOptions<'a> {
    /// html, md, json, table, docx, table-docx, instructions.
    pub format: &'a str,
    /// Author of DOCX tracked changes.
    pub author: &'a str,
    /// Language of instructions (default: the draft's when eng or rus, else eng).
    pub instructions_lang: Option<&'a str>,
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
        "html" => html::document(r).into_bytes(),
        "md" | "markdown" | "critic" => (critic::render(r) + "\n").into_bytes(),
        "json" => (serde_json::to_string_pretty(r)? + "\n").into_bytes(),
        "table" => table_document(r).into_bytes(),
        "docx" => kanun_docx::tracked(r, o.author, &date)?,
        "table-docx" => kanun_docx::table(r, o.author)?,
        "instructions" => {
            let lang = draft.meta.language.code();
            let il = o.instructions_lang.unwrap_or(if lang == "rus" { "rus" } else { "eng" });
            if !matches!(il, "eng" | "rus") {
                return Err(ExportError::InstructionsLanguage(il.to_string()));
            }
            let full = kanun_redline::materialize(base, draft)?;
            let list = instructions::generate(base, &full)?;
            instructions::render(&list, il).into_bytes()
        }
        other => return Err(ExportError::UnknownFormat(other.to_string())),
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
