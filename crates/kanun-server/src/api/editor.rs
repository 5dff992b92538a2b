//! The drafting editor over HTTP: drafts started from a law as in force, changed step by step (`If-Match` on the
//! revision; a stale save is refused with the other's revision), milestones, revisions, the checks, and the
//! redline and its exports at any revision. The operations are `kanun_workbench::editor`'s.

use axum::Json;
use axum::extract::FromRequest as _;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kanun_drafting::{Finding, Outcome, Step};
use kanun_model::Language;
use kanun_store::drafts::DraftHead;
use kanun_workbench::editor::{self, RevisionView, StartDraft};
use kanun_workbench::export::{ExportFormat, ExportOptions, redline_bytes};
use kanun_workbench::word::{WordChanges, WordUpload};
use serde::{Deserialize, Serialize};

use super::{AppState, J, Q, blocking, if_match, lang_param};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::Workbench;

/// `GET /api/v1/editor`.
#[derive(Debug, Serialize)]
pub struct EditorDrafts {
    /// Every draft in the editor, by name.
    pub drafts: Vec<DraftHead>,
}

/// A draft as the editor shows it: its entry, its texts, and what is still to settle.
#[derive(Debug, Serialize)]
pub struct EditorDraft {
    /// Its entry (the revision is also the ETag).
    pub head: DraftHead,
    /// The draft.
    pub draft: kanun_drafting::Draft,
    /// The checks.
    pub findings: Vec<Finding>,
}

/// The answer to a change.
#[derive(Debug, Serialize)]
pub struct Changed {
    /// The draft's entry after it.
    pub head: DraftHead,
    /// What the change did.
    pub outcome: Outcome,
    /// The draft after it (the page shows it without reading it again).
    pub draft: kanun_drafting::Draft,
    /// The checks after it.
    pub findings: Vec<Finding>,
}

/// `GET /api/v1/editor/{name}/revisions`.
#[derive(Debug, Serialize)]
pub struct Revisions {
    /// Oldest first.
    pub revisions: Vec<RevisionView>,
}

fn with_revision<T: Serialize>(status: StatusCode, revision: u64, body: T) -> Response {
    let mut r = (status, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{revision}\"")) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

fn findings(wb: &Workbench, draft: &kanun_drafting::Draft) -> ApiResult<Vec<Finding>> {
    Ok(editor::findings(&wb.corpus, draft)?)
}

/// An editor operation's result, with a save based on a revision that is no longer the latest answered by
/// [`stale`].
fn or_stale<T>(wb: &Workbench, name: &str, based_on: u64, r: Result<T, editor::EditorError>) -> ApiResult<T> {
    match r {
        Err(editor::EditorError::Store(kanun_store::StoreError::Stale { current, .. })) if current > 0 => {
            Err(stale(wb, name, based_on, current))
        }
        other => Ok(other?),
    }
}

/// A save based on `based_on` when the draft is at `current`: refused with what was saved meanwhile, so that the
/// drafter sees the other's change and loses nothing of their own (it is still in their editor).
fn stale(wb: &Workbench, name: &str, based_on: u64, current: u64) -> ApiError {
    let theirs: Vec<RevisionView> = editor::revisions(&wb.store, name)
        .map(|list| list.into_iter().filter(|r| r.revision > based_on).collect())
        .unwrap_or_default();
    let who: Vec<&str> = theirs
        .iter()
        .map(|r| r.author.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    ApiError::new(
        StatusCode::PRECONDITION_FAILED,
        "stale",
        format!(
            "draft {name} is at revision {current}, not {based_on}: {} saved meanwhile",
            if who.is_empty() { "someone".to_string() } else { who.join(", ") }
        ),
    )
    .hint(
        "your change is not saved and not lost: look at their change, reload the draft and make yours again",
    )
    .with(|x| x.theirs = serde_json::to_value(&theirs).ok())
}

/// `GET /api/v1/editor`
pub async fn list(State(s): State<AppState>) -> ApiResult<Json<EditorDrafts>> {
    blocking(&s, |wb| Ok(Json(EditorDrafts { drafts: wb.store.draft_heads()? }))).await
}

/// The query of `POST /api/v1/editor` with a Word document as the body.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordStart {
    name: Option<String>,
    law: Option<String>,
    asof: Option<String>,
    lang: Option<String>,
    changes: Option<String>,
    numbering: Option<String>,
    file: Option<String>,
}

/// `POST /api/v1/editor`: a start request as JSON, or a Word document written on the law in force (its
/// tracked changes taken in or suggested: `changes=accept|suggest`, with `name`, `law`, `lang` and optionally
/// `asof`, `numbering` and `file` as query parameters).
pub async fn start(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    Q(word): Q<WordStart>,
    req: axum::extract::Request,
) -> ApiResult<Response> {
    let author = caller.author(None);
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if ct.starts_with(super::drafts::DOCX) {
        let bytes = axum::body::to_bytes(req.into_body(), crate::MAX_BODY).await.map_err(|e| {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", format!("request body: {e}"))
        })?;
        return blocking(&s, move |wb| start_from_word(wb, &word, &bytes, &author)).await;
    }
    let J(req) = J::<StartDraft>::from_request(req, &()).await?;
    blocking(&s, move |wb| {
        let (head, draft) = editor::start(&wb.store, &wb.corpus, &req, &author)?;
        let findings = findings(wb, &draft)?;
        tracing::info!(draft = %head.name, law = %req.law, "draft started");
        Ok(with_revision(StatusCode::CREATED, head.revision, EditorDraft { head, draft, findings }))
    })
    .await
}

/// A draft started from a Word document: the report of what its tracked changes became.
fn start_from_word(wb: &Workbench, q: &WordStart, bytes: &[u8], author: &str) -> ApiResult<Response> {
    const HINT: &str = "name=NAME&law=LAW&lang=eng|rus|tuk&changes=accept|suggest (asof=YYYY-MM-DD, numbering=insertion|renumber, file=NAME.docx)";
    let need = |v: &Option<String>, what: &str| {
        v.clone().filter(|x| !x.trim().is_empty()).ok_or_else(|| {
            ApiError::bad_request(format!("a Word document as a draft needs {what}")).hint(HINT)
        })
    };
    // A kebab-case choice (`accept`, `renumber`) read as its type.
    fn choice<T: serde::de::DeserializeOwned>(v: &str) -> Option<T> {
        serde_json::from_value(serde_json::Value::String(v.to_string())).ok()
    }
    let changes: WordChanges = match q.changes.as_deref().filter(|x| !x.is_empty()) {
        None => {
            return Err(ApiError::bad_request("changes: say what to do with the document's tracked changes")
                .hint(HINT));
        }
        Some(v) => choice(v).ok_or_else(|| {
            ApiError::bad_request(format!(
                "changes={v:?}: use accept (taken into the draft) or suggest (suggestions for a drafter)"
            ))
        })?,
    };
    let numbering = match q.numbering.as_deref().filter(|x| !x.is_empty()) {
        None => kanun_drafting::Numbering::default(),
        Some(v) => choice(v)
            .ok_or_else(|| ApiError::bad_request(format!("numbering={v:?}: use insertion or renumber")))?,
    };
    let language =
        lang_param(Some(&need(&q.lang, "lang: the language it is written in")?))?.unwrap_or(Language::ENG);
    let file = q.file.clone().filter(|f| !f.trim().is_empty()).unwrap_or_else(|| "the Word document".into());
    let up = WordUpload {
        start: StartDraft {
            name: need(&q.name, "name: the draft's name")?,
            law: need(&q.law, "law: the law it was written on")?,
            asof: super::date_param("asof", q.asof.as_deref())?,
            languages: vec![],
            numbering,
            date: None,
        },
        language,
        changes,
        file: &file,
        bytes,
    };
    let report = kanun_workbench::word::start_from_word(&wb.store, &wb.corpus, &up, author)?;
    tracing::info!(draft = %report.name, law = %up.start.law, taken = report.taken.len(), "draft started from Word");
    Ok(with_revision(StatusCode::CREATED, report.revision, report))
}

/// `GET /api/v1/editor/{name}`
pub async fn get(State(s): State<AppState>, Path(name): Path<String>) -> ApiResult<Response> {
    blocking(&s, move |wb| {
        let (head, draft) = editor::current(&wb.store, &name)?;
        let findings = findings(wb, &draft)?;
        Ok(with_revision(StatusCode::OK, head.revision, EditorDraft { head, draft, findings }))
    })
    .await
}

/// `POST /api/v1/editor/{name}/changes`
pub async fn change(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(name): Path<String>,
    headers: HeaderMap,
    J(step): J<Step>,
) -> ApiResult<Response> {
    let based_on = if_match(&headers)?;
    let author = caller.author(None);
    blocking(&s, move |wb| {
        let (head, outcome, draft) =
            or_stale(wb, &name, based_on, editor::change(&wb.store, &name, based_on, &step, &author))?;
        let findings = findings(wb, &draft)?;
        Ok(with_revision(StatusCode::OK, head.revision, Changed { head, outcome, draft, findings }))
    })
    .await
}

/// A milestone's name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewMilestone {
    name: String,
}

/// `POST /api/v1/editor/{name}/milestones`
pub async fn milestone(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(name): Path<String>,
    headers: HeaderMap,
    J(m): J<NewMilestone>,
) -> ApiResult<Response> {
    let based_on = if_match(&headers)?;
    let author = caller.author(None);
    blocking(&s, move |wb| {
        let head =
            or_stale(wb, &name, based_on, editor::milestone(&wb.store, &name, based_on, &m.name, &author))?;
        Ok(with_revision(StatusCode::CREATED, head.revision, head))
    })
    .await
}

/// `GET /api/v1/editor/{name}/revisions`
pub async fn revisions(
    State(s): State<AppState>,
    Path(name): Path<String>,
    Q(p): Q<RevisionsParams>,
) -> ApiResult<Response> {
    let jsonl = match p.format.as_deref() {
        None | Some("" | "json") => false,
        Some("jsonl") => true,
        Some(other) => {
            return Err(ApiError::bad_request(format!("format={other:?}")).hint(
                "json (the list, the default) or jsonl (the draft whole, for git: kanun editor import)",
            ));
        }
    };
    blocking(&s, move |wb| {
        if jsonl {
            let text = editor::export(&wb.store, &name)?;
            return Ok((
                [
                    (header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8".to_string()),
                    (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.jsonl\"")),
                ],
                text,
            )
                .into_response());
        }
        Ok(Json(Revisions { revisions: editor::revisions(&wb.store, &name)? }).into_response())
    })
    .await
}

/// `format=jsonl`: the draft whole as JSONL.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionsParams {
    format: Option<String>,
}

/// The language of a corpus file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusParams {
    lang: Option<String>,
}

/// `GET /api/v1/editor/{name}/corpus`: the draft in one language as a corpus file (Markdown with front matter), to
/// keep in git or put in `corpus/` (it reads back as the same draft, wIds of renumbered articles included).
pub async fn corpus(
    State(s): State<AppState>,
    Path(name): Path<String>,
    Q(p): Q<CorpusParams>,
) -> ApiResult<Response> {
    let lang = lang_param(p.lang.as_deref())?;
    blocking(&s, move |wb| {
        let (_, draft) = editor::current(&wb.store, &name)?;
        let lang = lang.unwrap_or_else(|| draft.languages()[0]);
        let text = kanun_markdown::render(draft.text(lang)?);
        let file = format!("{}@{}.md", lang.code(), draft.text(lang)?.meta.date);
        Ok((
            [
                (header::CONTENT_TYPE, "text/markdown; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}-{file}\"")),
            ],
            text,
        )
            .into_response())
    })
    .await
}

/// `GET /api/v1/editor/{name}/suggestions`.
#[derive(Debug, Serialize)]
pub struct Suggestions {
    /// Oldest first.
    pub suggestions: Vec<editor::Suggestion>,
}

/// `GET /api/v1/editor/{name}/suggestions`
pub async fn suggestions(
    State(s): State<AppState>,
    Path(name): Path<String>,
) -> ApiResult<Json<Suggestions>> {
    blocking(&s, move |wb| Ok(Json(Suggestions { suggestions: editor::suggestions(&wb.store, &name)? })))
        .await
}

/// `POST /api/v1/editor/{name}/suggestions`: a reviewer proposes wording for a provision.
pub async fn suggest(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(name): Path<String>,
    J(n): J<editor::NewSuggestion>,
) -> ApiResult<Response> {
    let author = caller.author(None);
    blocking(&s, move |wb| {
        let made = editor::suggest(&wb.store, &name, n, &author)?;
        Ok((StatusCode::CREATED, Json(made)).into_response())
    })
    .await
}

/// `POST /api/v1/editor/{name}/suggestions/{id}/accept` (If-Match: the draft's revision)
pub async fn accept(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((name, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let based_on = if_match(&headers)?;
    let drafter = caller.author(None);
    blocking(&s, move |wb| {
        let (head, outcome, draft, _) =
            or_stale(wb, &name, based_on, editor::accept(&wb.store, &name, &id, based_on, &drafter))?;
        let findings = findings(wb, &draft)?;
        Ok(with_revision(StatusCode::OK, head.revision, Changed { head, outcome, draft, findings }))
    })
    .await
}

/// Why a suggestion is declined.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decline {
    reason: String,
}

/// `POST /api/v1/editor/{name}/suggestions/{id}/decline`
pub async fn decline(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((name, id)): Path<(String, String)>,
    J(d): J<Decline>,
) -> ApiResult<Json<editor::Suggestion>> {
    let drafter = caller.author(None);
    blocking(&s, move |wb| Ok(Json(editor::decline(&wb.store, &name, &id, &d.reason, &drafter)?))).await
}

/// Which redline: the language, and the two revisions compared (`from` absent: the law in force; `to` absent:
/// now), and the export format.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedlineParams {
    lang: Option<String>,
    from: Option<String>,
    to: Option<String>,
    format: Option<String>,
    ui: Option<String>,
}

fn revision_param(name: &str, v: Option<&str>) -> ApiResult<Option<u64>> {
    match v.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse::<u64>().map(Some).map_err(|_| {
            ApiError::bad_request(format!("{name}={v:?} is not a revision")).hint("a revision number, e.g. 3")
        }),
    }
}

/// `GET /api/v1/editor/{name}/redline`: JSON rows with inline and table HTML, or a download in any export
/// format (`format=docx`: tracked changes by the person who made the latest revision).
pub async fn redline(
    State(s): State<AppState>,
    Path(name): Path<String>,
    Q(p): Q<RedlineParams>,
) -> ApiResult<Response> {
    let lang = lang_param(p.lang.as_deref())?;
    let ui = lang_param(p.ui.as_deref())?;
    let from = revision_param("from", p.from.as_deref())?;
    let to = revision_param("to", p.to.as_deref())?;
    let format: Option<ExportFormat> = match p.format.as_deref().filter(|f| !f.is_empty()) {
        None => None,
        Some(f) => Some(f.parse().map_err(|e: kanun_workbench::ExportError| {
            ApiError::bad_request(format!("format: {e}"))
                .hint("one of html, md, json, table, docx, table-docx, instructions")
        })?),
    };
    blocking(&s, move |wb| {
        let (head, draft) = editor::current(&wb.store, &name)?;
        let lang = lang.unwrap_or_else(|| draft.languages()[0]);
        let (base, proposed, r) = editor::redline(&wb.store, &wb.corpus, &name, lang, from, to)?;
        match format {
            None => {
                let ui = ui.unwrap_or(lang).code().to_string();
                Ok(Json(serde_json::json!({
                    "redline": r,
                    "inline_html": kanun_redline::html::fragment_for(&r, &ui),
                    "table_html": kanun_redline::table::html_for(&r, &ui),
                }))
                .into_response())
            }
            Some(format) => {
                let o = ExportOptions { format, author: &head.modified_by, instructions_lang: None };
                let bytes = redline_bytes(&r, &base, &proposed, &o).map_err(|e| match e {
                    kanun_workbench::ExportError::Redline(e) => e.into(),
                    other => ApiError::bad_request(other.to_string()),
                })?;
                let file = format!("{name}-{}.{}", lang.code(), format.extension());
                Ok((
                    [
                        (header::CONTENT_TYPE, format.media_type().to_string()),
                        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
                    ],
                    bytes,
                )
                    .into_response())
            }
        }
    })
    .await
}
