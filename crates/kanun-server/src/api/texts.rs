//! Search, the list of works, an expression's text and one provision.

use axum::Json;
use axum::extract::{Path, State};
use kanun_model::{Kind, Provision};
use kanun_query::Query;
use kanun_search::SearchOptions;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{AppState, Q, blocking, date_param, lang_param};
use crate::error::{ApiError, ApiResult};

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
}

fn number(name: &str, v: Option<&str>, default: usize, max: usize) -> ApiResult<usize> {
    match v.filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad_request(format!("{name}={s:?}: give a whole number from 1 to {max}"))),
        },
    }
}

/// `GET /api/v1/search`
pub async fn search(State(s): State<AppState>, Q(p): Q<SearchParams>) -> ApiResult<Json<Value>> {
    let q = p.q.unwrap_or_default();
    let mut parsed = if q.trim().is_empty() {
        kanun_query::ParsedQuery { query: Query::All, asof: None }
    } else {
        kanun_query::parse(&q)?
    };
    // Each filter parameter is read by the query language itself, so it means exactly what `field:value` means.
    let mut clauses = vec![parsed.query];
    for (field, value) in
        [("lang", &p.lang), ("kind", &p.kind), ("status", &p.status), ("law", &p.work), ("asof", &p.asof)]
    {
        let Some(v) = value.as_deref().filter(|v| !v.is_empty()) else { continue };
        let param = if field == "law" { "work" } else { field };
        if v.chars().any(char::is_whitespace) || v.contains('"') {
            return Err(ApiError::bad_request(format!("{param}={v:?}: one value without spaces or quotes")));
        }
        let f = kanun_query::parse(&format!("{field}:{v}"))
            .map_err(|e| ApiError::bad_request(format!("{param}={v:?}: {}", e.message)).hint(e.hint))?;
        if let Some(d) = f.asof {
            if parsed.asof.is_some_and(|q| q != d) {
                return Err(ApiError::bad_request(format!(
                    "the query says asof:{} and the parameter asof={d}; give one date",
                    parsed.asof.map(|d| d.to_string()).unwrap_or_default()
                )));
            }
            parsed.asof = Some(d);
        } else {
            clauses.push(f.query);
        }
    }
    clauses.retain(|c| *c != Query::All);
    parsed.query = match clauses.len() {
        0 => Query::All,
        1 => clauses.remove(0),
        _ => Query::And(clauses),
    };
    let opts = SearchOptions {
        limit: number("limit", p.limit.as_deref(), 10, 100)?,
        page: number("page", p.page.as_deref(), 1, 10_000)?,
        ..SearchOptions::default()
    };
    if q.trim().is_empty() && parsed.query == Query::All {
        return Ok(Json(json!({ "total": 0, "hits": [], "facets": {}, "page": 1, "limit": opts.limit })));
    }
    let results = blocking(&s, move |wb| {
        wb.refresh_annotations()?;
        let index = wb.index.read().map_err(ApiError::internal)?;
        Ok(index.search(&parsed, &opts)?)
    })
    .await?;
    Ok(Json(serde_json::to_value(results).map_err(ApiError::internal)?))
}

/// `GET /api/v1/works`
pub async fn works(State(s): State<AppState>) -> Json<Value> {
    let works: Vec<Value> = s
        .corpus
        .works()
        .map(|w| {
            let titles: serde_json::Map<String, Value> =
                w.languages().iter().map(|l| (l.code().to_string(), json!(w.title(*l)))).collect();
            let first = w.expressions().first();
            json!({
                "uri": w.uri().to_string(),
                "name": w.uri().name(),
                "kind": if w.is_draft() { "draft" } else { "law" },
                "titles": titles,
                "amends": first.and_then(|e| e.meta.amends.as_ref()).map(|u| u.to_string()),
                "expressions": w.expressions().iter().map(|e| json!({
                    "id": e.id().to_string(),
                    "language": e.meta.language.code(),
                    "date": e.meta.date.to_string(),
                    "status": e.meta.status.as_str(),
                    "articles": e.article_count(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Json(json!({ "works": works }))
}

/// Language and date of a text.
#[derive(Debug, Deserialize)]
pub struct TextParams {
    lang: Option<String>,
    asof: Option<String>,
}

/// `GET /api/v1/works/{name}/text`
pub async fn text(
    State(s): State<AppState>,
    Path(name): Path<String>,
    Q(p): Q<TextParams>,
) -> ApiResult<Json<Value>> {
    let lang = lang_param(p.lang.as_deref())?;
    let asof = date_param("asof", p.asof.as_deref())?;
    let e = s.expression(&name, lang, asof)?;
    let (languages, dates) = match s.corpus.work(&name) {
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
    Ok(Json(json!({
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
    })))
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
    let e = s.expression(&name, lang, asof)?;
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
}
