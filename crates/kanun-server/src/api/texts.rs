//! Search, the list of works, an expression's text and one provision.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse as _;
use kanun_model::Library;
use kanun_model::{Kind, Provision};
use kanun_search::SearchOptions;
use kanun_workbench::legal;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{AppState, Q, blocking, date_param, lang_param};
use crate::error::{ApiError, ApiResult};
use crate::state::Workbench;

/// The search parameters.
#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    lang: Option<String>,
    kind: Option<String>,
    status: Option<String>,
    work: Option<String>,
    asof: Option<String>,
    page: Option<String>,
    limit: Option<String>,
    /// `csv` or `json`: every hit (up to [`EXPORT_MAX`]) as a file to download.
    format: Option<String>,
    /// `false`: no facet counts (a script that wants the hits only).
    facets: Option<String>,
}

/// The most hits an export of search results writes.
pub const EXPORT_MAX: usize = 1_000;

fn number(name: &str, v: Option<&str>, default: usize, max: usize) -> ApiResult<usize> {
    match v.filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad_request(format!("{name}={s:?}: give a whole number from 1 to {max}"))),
        },
    }
}

/// `GET /api/v1/search`: a page of results as JSON; with `format=csv` or `format=json`, all results (up to
/// [`EXPORT_MAX`]) as a file.
pub async fn search(
    State(s): State<AppState>,
    axum::Extension(slots): axum::Extension<super::SearchSlots>,
    Q(p): Q<SearchParams>,
) -> ApiResult<axum::response::Response> {
    let export = match p.format.as_deref().filter(|f| !f.is_empty()) {
        None => None,
        Some(f @ ("csv" | "json")) => Some(f.to_string()),
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "format={other:?}: results are exported as csv or json"
            ))
            .hint("leave format out for a page of results"));
        }
    };
    let q = p.q.unwrap_or_default();
    // The query and the filters beside it, merged by kanun-workbench as for `kanun search`.
    let filters = kanun_workbench::search::Filters {
        lang: p.lang,
        kind: p.kind,
        status: p.status,
        work: p.work,
        asof: p.asof,
    };
    let parsed = kanun_workbench::search::request(&q, &filters).map_err(|e| match e {
        kanun_workbench::search::RequestError::Query(qe) => ApiError::from(qe),
        kanun_workbench::search::RequestError::Filter { ref hint, .. } => {
            let hint = hint.clone();
            ApiError::bad_request(e.to_string()).hint(hint)
        }
        other => ApiError::bad_request(other.to_string()),
    })?;
    let facets = match p.facets.as_deref() {
        None | Some("" | "true" | "1") => true,
        Some("false" | "0") => false,
        Some(other) => {
            return Err(ApiError::bad_request(format!("facets={other:?}"))
                .hint("facets=true (the default) or facets=false"));
        }
    };
    let opts = SearchOptions {
        limit: number("limit", p.limit.as_deref(), 10, 100)?,
        page: number("page", p.page.as_deref(), 1, 10_000)?,
        facets,
        ..SearchOptions::default()
    };
    let Some(parsed) = parsed else {
        return Ok(Json(json!({ "total": 0, "total_exact": true, "hits": [], "facets": {}, "facets_more": {}, "page": 1, "limit": opts.limit }))
            .into_response());
    };
    let exporting = export.is_some();
    let results = slots
        .blocking(move || -> ApiResult<_> {
            let wb = &*s;
            // Annotations are taken into the index by the one indexer; a search that can match them waits (briefly)
            // for the changes made before it, and only reads.
            if kanun_search::may_match_annotations(&parsed.query) {
                wb.await_annotations();
            }
            let index = wb.index.read().map_err(ApiError::internal)?;
            if !exporting {
                return Ok(index.search(&parsed, &opts)?);
            }
            // Every page, 100 hits at a time, up to the export's bound.
            // Counted as far as the export goes, without facets.
            let each = |page| SearchOptions {
                limit: 100,
                page,
                count_up_to: Some(EXPORT_MAX),
                facets: false,
                ..SearchOptions::default()
            };
            let mut all = index.search(&parsed, &each(1))?;
            let mut page = 1;
            while all.hits.len() < all.total.min(EXPORT_MAX) {
                page += 1;
                let more = index.search(&parsed, &each(page))?;
                if more.hits.is_empty() {
                    break;
                }
                all.hits.extend(more.hits);
            }
            all.hits.truncate(EXPORT_MAX);
            Ok(all)
        })
        .await??;
    let Some(format) = export else {
        // Typed, not through a JSON value: a score is written as the f32 it is (19.458033, as `kanun search
        // --json` writes it), not widened to f64 digits.
        return Ok(Json(results).into_response());
    };
    let (body, media) = if format == "csv" {
        (results_csv(&results.hits), "text/csv; charset=utf-8")
    } else {
        let v = json!({ "query": q, "total": results.total, "total_exact": results.total_exact, "exported": results.hits.len(), "hits": results.hits });
        (serde_json::to_string_pretty(&v).map_err(ApiError::internal)? + "\n", "application/json")
    };
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, media.to_string()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"kanun-search.{format}\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// Search hits as CSV, one row per article, with a link to the provision in the workbench.
fn results_csv(hits: &[kanun_search::Hit]) -> String {
    let mut out = String::from("law,title,language,date,kind,eid,heading,container,link\n");
    for h in hits {
        let name = h.work.rsplit('/').next().unwrap_or(&h.work);
        let link = format!("/read/{name}?lang={}&asof={}#{}", h.language, h.date, h.matched_eid);
        let row = [name, &h.title, &h.language, &h.date, &h.kind, &h.eid, &h.heading, &h.container, &link];
        let cells: Vec<String> = row.iter().map(|c| kanun_render::report::csv_field(c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// `GET /api/v1/works`: the catalog, as `kanun laws --json` lists it.
pub async fn works(State(s): State<AppState>) -> ApiResult<axum::response::Response> {
    blocking(&s, |wb| {
        let body = serde_json::to_vec(&super::bodies::Works { works: &wb.corpus.catalog().works })
            .map_err(ApiError::internal)?;
        Ok(([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response())
    })
    .await
}

/// Language and date of a text.
#[derive(Debug, Deserialize)]
pub struct TextParams {
    pub(crate) lang: Option<String>,
    pub(crate) asof: Option<String>,
}

/// `GET /api/v1/works/{name}/text`
pub async fn text(
    State(s): State<AppState>,
    Path(name): Path<String>,
    Q(p): Q<TextParams>,
) -> ApiResult<axum::response::Response> {
    let lang = lang_param(p.lang.as_deref())?;
    let asof = date_param("asof", p.asof.as_deref())?;
    blocking(&s, move |wb| {
        // A text of the corpus (which does not change while serving) is laid out once, with its citations,
        // cited-by and terms, and kept; an uploaded draft is laid out each time.
        let bytes = match wb.corpus.work(&name) {
            Ok(w) => {
                let e = w.at(w.language_or_default(lang), asof)?;
                wb.memo_text(&e.id().to_string(), || text_json(wb, &name, e))?
            }
            Err(_) => {
                let e = wb.expression(&name, lang, asof)?;
                axum::body::Bytes::from(
                    serde_json::to_vec(&text_json(wb, &name, &e)?).map_err(ApiError::internal)?,
                )
            }
        };
        Ok(([(axum::http::header::CONTENT_TYPE, "application/json")], bytes).into_response())
    })
    .await
}

/// An expression's text as the reader lays it out: blocks and lines, citations as links, cited-by, terms.
fn text_json(wb: &Workbench, name: &str, e: &kanun_model::Expression) -> ApiResult<Value> {
    {
        let (languages, dates) = match wb.corpus.work(name) {
            Ok(w) => (
                w.languages().iter().map(|l| l.code().to_string()).collect::<Vec<_>>(),
                w.expressions()
                    .iter()
                    .filter(|x| x.meta.language == e.meta.language)
                    .map(|x| x.meta.date.to_string())
                    .collect::<Vec<_>>(),
            ),
            Err(_) => (vec![e.meta.language.code().to_string()], vec![e.meta.date.to_string()]),
        };
        let mut blocks = Vec::new();
        for p in &e.body {
            push_blocks(p, 0, &mut blocks);
        }
        // Citations as links, "cited by" and defined terms (for expressions of the corpus).
        let in_corpus = wb
            .corpus
            .work(&e.meta.work.to_string())
            .is_ok_and(|w| w.expressions().iter().any(|x| x.id() == e.id()));
        let refs = kanun_refs::references(e, Some(&wb.corpus as &dyn Library));
        let graph = wb.graph(e.meta.language);
        let uri = e.meta.work.to_string();
        for b in &mut blocks {
            if b["type"] != "article" {
                continue;
            }
            let eid = b["eid"].as_str().unwrap_or_default().to_string();
            let r = refs.iter().find(|a| a.eid == eid).map(|a| a.references.as_slice()).unwrap_or_default();
            b["references"] = json!(r.iter().map(legal::cite).collect::<Vec<_>>());
            let by = if in_corpus { graph.cited_by(&uri, &eid) } else { &[] };
            b["cited_by"] = json!(by.iter().map(legal::cited).collect::<Vec<_>>());
        }
        let terms: Vec<Value> = kanun_refs::terms::terms(e)
            .into_iter()
            .map(|t| json!({ "term": t.term, "definition": t.definition, "eid": t.eid }))
            .collect();
        Ok(json!({
            "id": e.id().to_string(),
            "work": e.meta.work.to_string(),
            "name": e.meta.work.name(),
            "title": e.meta.title,
            "long_title": e.long_title,
            "language": e.meta.language.code(),
            "date": e.meta.date.to_string(),
            "status": e.meta.status.as_str(),
            "kind": e.meta.kind.as_str(),
            "languages": languages,
            "dates": dates,
            "preamble": e.preamble,
            "blocks": blocks,
            "terms": terms,
        }))
    }
}

fn push_blocks(p: &Provision, depth: usize, out: &mut Vec<Value>) {
    if p.kind == Kind::Article {
        out.push(json!({
            "type": "article",
            "eid": p.eid,
            "wid": p.wid,
            "heading": p.display_heading(),
            "repealed": p.repealed,
            "lines": p.text_lines(),
        }));
    } else if p.kind.is_container() {
        out.push(json!({
            "type": "heading",
            "kind": p.kind.name(),
            "eid": p.eid,
            "text": p.display_heading(),
            "depth": depth,
        }));
        for c in &p.children {
            push_blocks(c, depth + 1, out);
        }
    } else {
        // Parts or points directly in a container (rare): shown as an article without heading.
        out.push(json!({
            "type": "article",
            "eid": p.eid,
            "wid": p.wid,
            "heading": p.num.as_ref().map(|n| n.raw.clone()).unwrap_or_default(),
            "repealed": p.repealed,
            "lines": p.text_lines(),
        }));
    }
}

/// `GET /api/v1/works/{name}/provisions/{eid}`
pub async fn provision(
    State(s): State<AppState>,
    Path((name, eid)): Path<(String, String)>,
    Q(p): Q<TextParams>,
) -> ApiResult<Json<Value>> {
    let lang = lang_param(p.lang.as_deref())?;
    let asof = date_param("asof", p.asof.as_deref())?;
    blocking(&s, move |wb| {
        let e = wb.expression(&name, lang, asof)?;
        let prov = e.find(&eid).ok_or_else(|| {
            ApiError::not_found(format!("no provision {eid:?} in {}", e.id()))
                .hint("eIds look like art_12, art_12__para_3, art_12__para_3__point_2")
        })?;
        Ok(Json(json!({
            "expression": e.id().to_string(),
            "eid": prov.eid,
            "wid": prov.wid,
            "heading": prov.display_heading(),
            "text": prov.plain_text(),
        })))
    })
    .await
}

/// The language parameter.
#[derive(Debug, Deserialize)]
pub struct LangOnly {
    lang: Option<String>,
}

/// The latest expression of a work in a language (parameter), as `Workbench::expression` finds it.
fn latest(s: &Workbench, name: &str, lang: Option<String>) -> ApiResult<kanun_model::Expression> {
    let lang = lang_param(lang.as_deref())?;
    s.expression(name, lang, None)
}

/// `GET /api/v1/works/{name}/refs/{eid}`: [`legal::refs`] over the kept citation graph.
pub async fn refs(
    State(s): State<AppState>,
    Path((name, eid)): Path<(String, String)>,
    Q(p): Q<LangOnly>,
) -> ApiResult<Json<legal::Refs>> {
    blocking(&s, move |wb| {
        let e = latest(wb, &name, p.lang)?;
        let graph = wb.graph(e.meta.language);
        Ok(Json(legal::refs(&wb.corpus, &graph, &e, &eid)?))
    })
    .await
}

/// `GET /api/v1/works/{name}/terms`: [`legal::terms`].
pub async fn terms(
    State(s): State<AppState>,
    Path(name): Path<String>,
    Q(p): Q<LangOnly>,
) -> ApiResult<Json<legal::Terms>> {
    blocking(&s, move |wb| {
        let e = latest(wb, &name, p.lang)?;
        Ok(Json(legal::terms(&e)))
    })
    .await
}

/// `GET /api/v1/works/{name}/history`: [`legal::history`].
pub async fn history(
    State(s): State<AppState>,
    Path(name): Path<String>,
    Q(p): Q<LangOnly>,
) -> ApiResult<Json<legal::History>> {
    let lang = lang_param(p.lang.as_deref())?;
    blocking(&s, move |wb| Ok(Json(legal::history(&wb.corpus, &name, lang)?))).await
}
