//! Annotations: list with placements, create on a provision or a span, read with an ETag, change with
//! `If-Match`, reply, delete (tombstone).

use axum::Json;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kanun_model::annotation::{Annotation, AnnotationStatus, AnnotationType, Link, Priority};
use kanun_model::user::Role;
use kanun_model::{Date, Language};
use kanun_store::{Filter, now_rfc3339};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{AppState, J, Q, blocking, date_param, if_match, lang_param};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::Workbench;

/// An annotation as the API gives it: stored fields, sanitised body, placement.
pub fn view(wb: &Workbench, a: &Annotation, lang: Option<Language>, asof: Option<Date>) -> Value {
    view_placed(a, &kanun_workbench::review::place(&wb.corpus, a, lang, asof))
}

/// [`view`] with the placement made (for lists, placed together).
fn view_placed(a: &Annotation, placed: &kanun_workbench::review::Placement) -> Value {
    let mut v = serde_json::to_value(a).unwrap_or_else(|_| json!({}));
    // The stored form leaves out empty lists; the API always gives them.
    for key in ["tags", "replies", "links"] {
        if v.get(key).is_none() {
            v[key] = json!([]);
        }
    }
    v["body_html"] = json!(kanun_render::body_html(&a.body));
    v["anchor"] = serde_json::to_value(placed).unwrap_or_default();
    v
}

fn with_etag(status: StatusCode, wb: &Workbench, a: &Annotation) -> Response {
    with_etag_in(status, wb, a, None, None)
}

/// The annotation with its revision as the ETag, placed in the text of `lang` as in force on `asof`.
fn with_etag_in(
    status: StatusCode,
    wb: &Workbench,
    a: &Annotation,
    lang: Option<Language>,
    asof: Option<Date>,
) -> Response {
    let mut r = (status, Json(view(wb, a, lang, asof))).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", a.revision)) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

/// The list filters.
#[derive(Debug, Deserialize)]
pub struct ListParams {
    work: Option<String>,
    eid: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    status: Option<String>,
    tag: Option<String>,
    author: Option<String>,
    lang: Option<String>,
    asof: Option<String>,
    deleted: Option<String>,
}

fn word<T: std::str::FromStr<Err = String>>(name: &str, v: Option<&str>) -> ApiResult<Option<T>> {
    v.filter(|s| !s.is_empty())
        .map(|s| s.parse::<T>().map_err(|e| ApiError::bad_request(format!("{name}: {e}"))))
        .transpose()
}

/// `GET /api/v1/annotations`
pub async fn list(State(s): State<AppState>, Q(p): Q<ListParams>) -> ApiResult<Json<Value>> {
    let lang = lang_param(p.lang.as_deref())?;
    let asof = date_param("asof", p.asof.as_deref())?;
    let f = Filter {
        work: p.work.filter(|w| !w.is_empty()),
        eid: p.eid.filter(|w| !w.is_empty()),
        kind: word::<AnnotationType>("type", p.kind.as_deref())?,
        status: word::<AnnotationStatus>("status", p.status.as_deref())?,
        tag: p.tag.filter(|w| !w.is_empty()),
        author: p.author.filter(|w| !w.is_empty()),
        include_deleted: matches!(p.deleted.as_deref(), Some("true" | "1")),
    };
    blocking(&s, move |wb| {
        let mut f = f;
        if let Some(w) = &f.work {
            // By its URI, so that the store reads the work's own index entries.
            f.work = Some(wb.corpus.entry(w)?.uri.clone());
        }
        let list = wb.store.list(&f)?;
        let placed = kanun_workbench::review::place_all(&wb.corpus, &list, lang, asof);
        let views: Vec<Value> = list.iter().zip(&placed).map(|(a, p)| view_placed(a, p)).collect();
        Ok(Json(json!({ "annotations": views })))
    })
    .await
}

/// What `POST /api/v1/annotations` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAnnotation {
    work: String,
    lang: Option<String>,
    asof: Option<String>,
    eid: String,
    start: Option<usize>,
    end: Option<usize>,
    quote: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    priority: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    body: String,
    author: Option<String>,
    #[serde(default)]
    links: Vec<Link>,
}

/// `POST /api/v1/annotations`: the rules are `kanun-workbench`'s, shared with `kanun annotate add`.
pub async fn create(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    J(n): J<NewAnnotation>,
) -> ApiResult<Response> {
    use kanun_workbench::{AnnotateError, Span};
    let lang = lang_param(n.lang.as_deref())?;
    let asof = date_param("asof", n.asof.as_deref())?;
    let kind = word::<AnnotationType>("type", n.kind.as_deref())?.unwrap_or(AnnotationType::Comment);
    let priority = word::<Priority>("priority", n.priority.as_deref())?.unwrap_or(Priority::Medium);
    let span = match (n.start, n.end, n.quote) {
        (Some(start), Some(end), quote) => Span::Offsets { start, end, quote },
        (None, None, Some(q)) if !q.is_empty() => Span::Quote(q),
        (None, None, _) => Span::Whole,
        _ => return Err(ApiError::bad_request(AnnotateError::HalfSpan.to_string())),
    };
    let request = kanun_workbench::NewAnnotation {
        work: n.work,
        language: lang,
        asof,
        eid: n.eid,
        span,
        kind,
        priority,
        tags: n.tags,
        body: n.body,
        author: caller.author(n.author.as_deref()),
        links: n.links,
    };
    blocking(&s, move |wb| {
        let made = kanun_workbench::annotate(&wb.store, &wb.corpus, request).map_err(|e| {
            let hint = e.hint().unwrap_or_default();
            match e {
                AnnotateError::Lookup(l) => ApiError::from(l),
                AnnotateError::Store(st) => ApiError::from(st),
                AnnotateError::NoProvision { .. } => ApiError::not_found(e.to_string()).hint(hint),
                AnnotateError::QuoteDiffers { .. } | AnnotateError::QuoteNotFound { .. } => {
                    ApiError::conflict(e.to_string()).hint(hint)
                }
                other => ApiError::bad_request(other.to_string()),
            }
        })?;
        let a = made.annotation;
        wb.annotation_changed(&a.id);
        tracing::info!(id = %a.id, eid = %a.target.eid, author = %a.author, "annotation created");
        Ok(with_etag(StatusCode::CREATED, wb, &a))
    })
    .await
}

/// `GET /api/v1/annotations/{id}`
pub async fn get(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Q(p): Q<super::texts::TextParams>,
) -> ApiResult<Response> {
    check_id(&id)?;
    // Placed in the text asked for, as the list places it.
    let lang = lang_param(p.lang.as_deref())?;
    let asof = date_param("asof", p.asof.as_deref())?;
    blocking(&s, move |wb| {
        let a = wb.store.get(&id)?.ok_or_else(|| kanun_store::StoreError::NotFound(id.clone()))?;
        Ok(with_etag_in(StatusCode::OK, wb, &a, lang, asof))
    })
    .await
}

/// Annotation ids are UUIDs (or, from imports, short words): anything else is refused before the store.
fn check_id(id: &str) -> ApiResult<()> {
    if id.is_empty()
        || id.len() > 100
        || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(ApiError::bad_request(format!("{id:?} is not an annotation id")));
    }
    Ok(())
}

/// What `PATCH` may change.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    status: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    priority: Option<String>,
    tags: Option<Vec<String>>,
    body: Option<String>,
}

/// `PATCH /api/v1/annotations/{id}`
pub async fn patch(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
    J(c): J<Change>,
) -> ApiResult<Response> {
    check_id(&id)?;
    let rev = if_match(&headers)?;
    let status = word::<AnnotationStatus>("status", c.status.as_deref())?;
    let kind = word::<AnnotationType>("type", c.kind.as_deref())?;
    let priority = word::<Priority>("priority", c.priority.as_deref())?;
    blocking(&s, move |wb| {
        let mut a = wb.store.get(&id)?.filter(|a| !a.deleted).ok_or_else(|| kanun_store::StoreError::NotFound(id.clone()))?;
        let edits_content = c.body.is_some() || kind.is_some() || c.tags.is_some() || priority.is_some();
        if edits_content && !caller.owns(&a.author) && !caller.has(Role::Drafter) {
            return Err(ApiError::forbidden(format!(
                "only {} (or a drafter) may change this annotation's text, type, priority or tags; you may change its status or reply",
                a.author
            )));
        }
        if let Some(x) = status {
            a.status = x;
        }
        if let Some(x) = kind {
            a.kind = x;
        }
        if let Some(x) = priority {
            a.priority = x;
        }
        if let Some(t) = c.tags {
            a.tags = t.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
        }
        if let Some(b) = c.body {
            if b.trim().is_empty() {
                return Err(ApiError::bad_request("the body cannot be empty"));
            }
            a.body = b;
        }
        a.modified = now_rfc3339();
        let a = wb.store.update(a, rev)?;
        wb.annotation_changed(&a.id);
        Ok(with_etag(StatusCode::OK, wb, &a))
    })
    .await
}

/// A reply.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewReply {
    body: String,
    author: Option<String>,
}

/// `POST /api/v1/annotations/{id}/replies`
pub async fn reply(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    J(r): J<NewReply>,
) -> ApiResult<Response> {
    check_id(&id)?;
    let author = caller.author(r.author.as_deref());
    blocking(&s, move |wb| {
        // The rules (not empty, not too long, not on a deleted note, retried over others' writes) are
        // kanun-workbench's, shared with `kanun annotate reply`.
        let a = kanun_workbench::reply(&wb.store, &id, &author, &r.body).map_err(|e| match e {
            kanun_workbench::AnnotateError::Store(st) => ApiError::from(st),
            kanun_workbench::AnnotateError::Busy => ApiError::conflict(e.to_string()),
            other => ApiError::bad_request(other.to_string()),
        })?;
        wb.annotation_changed(&a.id);
        Ok(with_etag(StatusCode::CREATED, wb, &a))
    })
    .await
}

/// `DELETE /api/v1/annotations/{id}`
pub async fn delete(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    check_id(&id)?;
    let rev = if_match(&headers)?;
    blocking(&s, move |wb| {
        let a = wb
            .store
            .get(&id)?
            .filter(|a| !a.deleted)
            .ok_or_else(|| kanun_store::StoreError::NotFound(id.clone()))?;
        if !caller.owns(&a.author) && !caller.has(Role::Drafter) {
            return Err(ApiError::forbidden(format!(
                "only {} (or a drafter) may delete this annotation",
                a.author
            )));
        }
        let a = wb.store.delete(&id, rev)?;
        wb.annotation_changed(&a.id);
        Ok(with_etag(StatusCode::OK, wb, &a))
    })
    .await
}
