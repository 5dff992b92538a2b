//! Drafts: the list, upload (checked like `kanun check`), removal, the redline and its downloads.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kanun_model::Library;
use kanun_model::{Expression, Language};
use serde::Deserialize;
use serde_json::{Value, json};

use super::bodies::{DiagnosticView, DraftRemoved, DraftUploaded, Drafts};
use super::{AppState, Q, blocking, lang_param};
use crate::error::{ApiError, ApiResult};
use crate::state::{Uploaded, Workbench};
use kanun_workbench::drafts;
use kanun_workbench::export::{ExportError, ExportFormat, ExportOptions, redline_bytes};

/// `GET /api/v1/drafts`: the corpus's drafts and the uploaded ones, as [`kanun_workbench::drafts`] lists them.
pub async fn list(State(s): State<AppState>) -> ApiResult<Json<Drafts>> {
    blocking(&s, |wb| {
        let mut out = drafts::corpus_drafts(&wb.corpus)?;
        for u in wb.uploaded.read().map_err(ApiError::internal)?.values() {
            out.push(drafts::summary(&u.expression, true, vec![u.expression.meta.language]));
        }
        Ok(Json(Drafts { drafts: out }))
    })
    .await
}

/// The draft named `name` in `lang` and the base expression it amends.
fn pair(wb: &Workbench, name: &str, lang: Option<Language>) -> ApiResult<(Expression, Expression)> {
    let draft = wb.expression(name, lang, None)?;
    let base = drafts::base_of(&wb.corpus, &draft, None)?;
    Ok((draft, base))
}

fn redline_of(
    wb: &Workbench,
    name: &str,
    lang: Option<Language>,
) -> ApiResult<(kanun_redline::Redline, Expression, Expression)> {
    let (draft, base) = pair(wb, name, lang)?;
    let notes = wb.store.list(&kanun_store::Filter::default())?;
    let r = kanun_redline::redline(&base, &draft, &notes)?;
    Ok((r, base, draft))
}

/// The language parameter.
#[derive(Debug, Deserialize)]
pub struct LangParam {
    lang: Option<String>,
    /// The reader's interface language, for the labels beside the law text (default: the draft's language).
    ui: Option<String>,
}

/// `GET /api/v1/drafts/{name}/redline`
pub async fn redline(
    State(s): State<AppState>,
    Path(name): Path<String>,
    Q(p): Q<LangParam>,
) -> ApiResult<Json<Value>> {
    let lang = lang_param(p.lang.as_deref())?;
    let ui = lang_param(p.ui.as_deref())?;
    blocking(&s, move |wb| {
        let (r, base, _) = redline_of(wb, &name, lang)?;
        let ui = ui.map_or_else(|| r.language.clone(), |l| l.code().to_string());
        // The impact of the amendment: for each changed or repealed base article, the provisions that cite it.
        let graph = wb.graph(base.meta.language);
        let work = base.meta.work.to_string();
        let mut impact = Vec::new();
        for row in r.changed_articles() {
            for b in &row.base {
                let by: Vec<Value> = graph
                    .cited_by(&work, &b.eid)
                    .iter()
                    .map(|i| {
                        let name = wb.corpus.entry(&i.work).map(|w| w.name.clone()).unwrap_or_default();
                        json!({ "work": i.work, "name": name, "eid": i.eid, "heading": i.heading, "text": i.text })
                    })
                    .collect();
                if !by.is_empty() {
                    impact.push(json!({ "eid": b.eid, "label": b.label, "class": row.class.as_str(), "cited_by": by }));
                }
            }
        }
        Ok(Json(json!({
            "redline": r,
            "inline_html": kanun_redline::html::fragment_for(&r, &ui),
            "table_html": kanun_redline::table::html_for(&r, &ui),
            "impact": impact,
        })))
    })
    .await
}

/// The export parameters.
#[derive(Debug, Deserialize)]
pub struct ExportParams {
    format: Option<String>,
    lang: Option<String>,
    instructions_lang: Option<String>,
    author: Option<String>,
}

/// A file download.
pub fn download(bytes: Vec<u8>, media: &str, file: &str) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(media) {
        h.insert(header::CONTENT_TYPE, v);
    }
    let safe: String =
        file.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// `GET /api/v1/drafts/{name}/export`
pub async fn export(
    State(s): State<AppState>,
    Path(name): Path<String>,
    Q(p): Q<ExportParams>,
) -> ApiResult<Response> {
    let lang = lang_param(p.lang.as_deref())?;
    let format: ExportFormat =
        p.format.as_deref().filter(|f| !f.is_empty()).unwrap_or("html").parse().map_err(
            |e: ExportError| {
                ApiError::bad_request(format!("format: {e}"))
                    .hint("one of html, md, json, table, docx, table-docx, instructions")
            },
        )?;
    let author = p.author.filter(|a| !a.trim().is_empty()).unwrap_or_else(|| "Kanun".into());
    if author.chars().count() > 200 {
        return Err(ApiError::bad_request("author: at most 200 characters"));
    }
    // Instructions quote the wording they change: in Russian from the Russian text, in English from the English.
    let instructions_lang = match lang_param(p.instructions_lang.as_deref().filter(|l| !l.is_empty())) {
        Ok(Some(il)) if kanun_redline::instructions::LANGUAGES.contains(&il) => Some(il),
        Ok(None) => None,
        _ => {
            return Err(ApiError::bad_request(format!(
                "instructions_lang={:?}: instructions are written in eng, rus or tuk",
                p.instructions_lang.unwrap_or_default()
            )));
        }
    };
    let lang = match (format, instructions_lang) {
        (ExportFormat::Instructions, Some(il)) => Some(il),
        _ => lang,
    };
    blocking(&s, move |wb| {
        let (r, base, draft) = redline_of(wb, &name, lang)?;
        let o = ExportOptions { format, author: &author, instructions_lang };
        let bytes = redline_bytes(&r, &base, &draft, &o).map_err(|e| match e {
            ExportError::UnknownFormat(_) | ExportError::InstructionsLanguage(_) => {
                ApiError::bad_request(e.to_string())
            }
            ExportError::Redline(e) => e.into(),
            other => ApiError::internal(other),
        })?;
        let file =
            format!("{name}-{}{}.{}", draft.meta.language.code(), format.file_suffix(), format.extension());
        Ok(download(bytes, format.media_type(), &file))
    })
    .await
}

/// The longest draft accepted for upload.
/// The largest draft: the request limit ([`crate::MAX_BODY`]) is the one that holds first.
const MAX_DRAFT_BYTES: usize = crate::MAX_BODY;

/// The longest work name of an uploaded draft (it names the file `<name>.md`).
const MAX_NAME_CHARS: usize = 100;

/// The media type of a Word document.
pub(super) const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// What a Word draft does not say itself: the law it amends, the version it amends, its language and date, and
/// the name of the draft's work.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordDraft {
    amends: Option<String>,
    lang: Option<String>,
    base: Option<String>,
    date: Option<String>,
    name: Option<String>,
    title: Option<String>,
}

/// The corpus Markdown of a Word draft: its paragraphs read as a law (Word's numbering written out, tracked
/// changes as accepted: deleted text left out, inserted text kept), with the front matter of a draft.
fn word_draft(wb: &Workbench, bytes: &[u8], w: WordDraft) -> ApiResult<String> {
    let need = |v: Option<String>, what: &str| {
        v.filter(|x| !x.trim().is_empty()).ok_or_else(|| {
            ApiError::bad_request(format!("a Word draft needs {what}"))
                .hint("amends=NAME&lang=eng|rus|tuk&base=YYYY-MM-DD")
        })
    };
    let amends = wb.corpus.work(&need(w.amends, "amends: the law it amends")?)?;
    let lang = lang_param(Some(&need(w.lang, "lang: its language")?))?.unwrap_or(Language::ENG);
    let base = super::date_param("base", w.base.as_deref())?;
    let base = amends.at(lang, base)?.meta.date;
    let date = super::date_param("date", w.date.as_deref())?
        .unwrap_or_else(|| kanun_store::now_rfc3339()[..10].parse().unwrap_or(base));
    let name =
        w.name.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| format!("{}-draft", amends.uri().name()));
    let uri = amends.uri();
    let work: kanun_model::WorkUri =
        format!("/akn/{}/bill/{date}/{name}", uri.country()).parse().map_err(|e| {
            ApiError::bad_request(format!("name={name:?}: {e}")).hint("a name like social-services-draft")
        })?;
    let meta = kanun_import::Meta {
        work,
        language: lang,
        date,
        title: w.title.filter(|t| !t.trim().is_empty()),
        source: "uploaded Word document".into(),
    };
    let imported = kanun_import::from_docx(bytes, &meta).map_err(|e| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_request", e.to_string())
            .hint("save the document as .docx (Word 2007 or later)")
    })?;
    // The importer writes a law's front matter; a draft's says what it amends, from which version.
    let md = imported.markdown;
    let Some(end) = md.match_indices("+++\n").nth(1).map(|(i, _)| i) else {
        return Err(ApiError::internal("the imported Word draft has no front matter"));
    };
    Ok(format!(
        "{}status = \"draft\"\nkind = \"draft\"\namends = {:?}\nbase = {base}\n{}",
        &md[..end],
        uri.to_string(),
        &md[end..]
    ))
}

/// `POST /api/v1/drafts`: a draft in the corpus format as the body (`text/markdown`), or a Word document (with
/// `amends`, `lang`, `base`, and optionally `date`, `name` and `title` as query parameters).
pub async fn upload(
    State(s): State<AppState>,
    headers: HeaderMap,
    Q(word): Q<WordDraft>,
    body: Bytes,
) -> ApiResult<Response> {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let is_word = ct.starts_with(DOCX);
    if !(ct.starts_with("text/markdown") || ct.starts_with("text/plain") || is_word) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "bad_request",
            format!("a draft is sent as text/markdown or as a Word document ({DOCX}), not {ct:?}"),
        ));
    }
    if body.len() > MAX_DRAFT_BYTES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("a draft is at most {MAX_DRAFT_BYTES} bytes"),
        ));
    }
    let text = if is_word {
        blocking(&s, move |wb| word_draft(wb, &body, word)).await?
    } else {
        String::from_utf8(body.to_vec()).map_err(|e| {
            ApiError::bad_request(format!("the draft is not UTF-8 (byte {})", e.utf8_error().valid_up_to()))
                .hint("save the file as UTF-8")
        })?
    };
    blocking(&s, move |wb| {
        let parsed = kanun_markdown::parse(&text, None);
        let diags: Vec<DiagnosticView> = parsed.diagnostics.iter().map(DiagnosticView::from).collect();
        let bad = |msg: String| {
            let d = diags.iter().filter_map(|d| serde_json::to_value(d).ok()).collect();
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_request", msg).with(|x| x.diagnostics = d)
        };
        if parsed.diagnostics.iter().any(|d| d.is_error()) {
            let n = parsed.diagnostics.iter().filter(|d| d.is_error()).count();
            return Err(bad(format!("the draft has {n} error(s); each is listed with its line")));
        }
        let e = parsed.expression.ok_or_else(|| bad("the draft has no front matter".into()))?;
        if e.meta.kind != kanun_model::DocKind::Draft {
            return Err(bad(
                "this is not a draft: its front matter needs kind = \"draft\", amends and base".into()
            ));
        }
        let name = e.meta.work.name().to_string();
        if name.starts_with('.') {
            return Err(bad(format!(
                "the work name {name:?} may not start with '.'; name the draft's work like a-law-amendments"
            )));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(bad(format!(
                "the work name is {} characters long; at most {MAX_NAME_CHARS} (it names the draft's file)",
                name.chars().count()
            )));
        }
        if wb.corpus.entry(&name).is_ok() || wb.corpus.entry(&e.meta.work.to_string()).is_ok() {
            return Err(ApiError::conflict(format!(
                "{name} is a work of the corpus; give the draft its own work URI"
            )));
        }
        // The draft must be comparable now, not at first view.
        let amends = e
            .meta
            .amends
            .as_ref()
            .ok_or_else(|| bad("the draft names no amended work (amends = …)".into()))?;
        let base_work = wb.corpus.work(&amends.to_string())?;
        let base = base_work.at(e.meta.language, e.meta.base)?;
        kanun_redline::materialize(base, &e)?;
        std::fs::create_dir_all(&wb.drafts_dir).map_err(ApiError::internal)?;
        // One upload at a time: the file on disk and the draft served change together, so that what is served is
        // what a restart reads back.
        let mut up = wb.uploaded.write().map_err(ApiError::internal)?;
        let path = wb.drafts_dir.join(format!("{name}.md"));
        kanun_fs::write_atomic(&path, text.as_bytes()).map_err(ApiError::internal)?;
        up.insert(name.clone(), Uploaded { expression: e, path });
        drop(up);
        tracing::info!(draft = %name, "draft uploaded");
        Ok((StatusCode::CREATED, Json(DraftUploaded { name, warnings: diags })).into_response())
    })
    .await
}

/// `DELETE /api/v1/drafts/{name}`
pub async fn remove(State(s): State<AppState>, Path(name): Path<String>) -> ApiResult<Json<DraftRemoved>> {
    blocking(&s, move |wb| {
        let mut up = wb.uploaded.write().map_err(ApiError::internal)?;
        let Some(u) = up.get(&name) else {
            return Err(if wb.corpus.entry(&name).is_ok() {
                ApiError::conflict(format!(
                    "{name} is part of the corpus; remove its file from corpus/ instead"
                ))
            } else {
                ApiError::not_found(format!("no uploaded draft {name:?}"))
            });
        };
        std::fs::remove_file(&u.path).map_err(ApiError::internal)?;
        up.remove(&name);
        Ok(Json(DraftRemoved { removed: name }))
    })
    .await
}
