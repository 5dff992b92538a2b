//! The table of API routes: method, path, the least role that may call it, and what it does. The router, the
//! role check, the CSRF check and the OpenAPI document are all made from this one table, so that they cannot
//! disagree (and the tests walk it route by route).

use axum::http::Method;
use kanun_model::user::Role;

/// One API route.
#[derive(Debug, Clone, Copy)]
pub struct RouteSpec {
    /// The method.
    pub method: &'static str,
    /// The path as axum writes it (`/api/v1/annotations/{id}`).
    pub path: &'static str,
    /// The least role that may call it; `None`: anyone, signed in or not.
    pub role: Option<Role>,
    /// One line for the OpenAPI document.
    pub summary: &'static str,
    /// The query parameters, for the OpenAPI document.
    pub query: &'static [&'static str],
}

const fn r(
    method: &'static str,
    path: &'static str,
    role: Option<Role>,
    summary: &'static str,
    query: &'static [&'static str],
) -> RouteSpec {
    RouteSpec { method, path, role, summary, query }
}

const READ: Option<Role> = Some(Role::Reader);
const REVIEW: Option<Role> = Some(Role::Reviewer);
const DRAFT: Option<Role> = Some(Role::Drafter);
const ADMIN: Option<Role> = Some(Role::Admin);

/// Every API route.
pub const ROUTES: &[RouteSpec] = &[
    r("GET", "/healthz", None, "Liveness and counts", &[]),
    r("GET", "/api/v1/openapi.json", None, "This document", &[]),
    r(
        "GET",
        "/api/v1/session",
        None,
        "The mode, the signed-in user, the CSRF token, the interface language",
        &[],
    ),
    r("POST", "/api/v1/login", None, "Sign in (team mode): sets the session cookie", &[]),
    r("POST", "/api/v1/logout", None, "Sign out", &[]),
    r(
        "GET",
        "/api/v1/search",
        READ,
        "Search articles: hits with snippets, the total (exact up to 10,000: total_exact), facets of the matches counted, the 20 most frequent values of each and how many others (facets_more; facets=false leaves them out), paging; format=csv|json exports all hits (up to 1,000)",
        &["q", "lang", "kind", "status", "work", "asof", "page", "limit", "format", "facets"],
    ),
    r("GET", "/api/v1/works", READ, "The works and their expressions", &[]),
    r(
        "GET",
        "/api/v1/works/{name}/text",
        READ,
        "An expression's text in blocks and lines",
        &["lang", "asof"],
    ),
    r("GET", "/api/v1/works/{name}/provisions/{eid}", READ, "One provision's plain text", &["lang", "asof"]),
    r("GET", "/api/v1/works/{name}/refs/{eid}", READ, "What a provision cites and what cites it", &["lang"]),
    r("GET", "/api/v1/works/{name}/terms", READ, "The terms a work defines, with their uses", &["lang"]),
    r(
        "GET",
        "/api/v1/works/{name}/history",
        READ,
        "The versions of a work and the articles each changed",
        &["lang"],
    ),
    r(
        "GET",
        "/api/v1/annotations",
        READ,
        "Annotations with where they are anchored now",
        &["work", "eid", "type", "status", "tag", "author", "lang", "asof", "deleted"],
    ),
    r("POST", "/api/v1/annotations", REVIEW, "Annotate a provision or a span of it", &[]),
    r("GET", "/api/v1/annotations/{id}", READ, "One annotation (ETag: its revision)", &["lang", "asof"]),
    r(
        "PATCH",
        "/api/v1/annotations/{id}",
        REVIEW,
        "Change status, type, priority, tags or body (If-Match)",
        &[],
    ),
    r("DELETE", "/api/v1/annotations/{id}", REVIEW, "Delete (kept as a tombstone; If-Match)", &[]),
    r("POST", "/api/v1/annotations/{id}/replies", REVIEW, "Reply in the thread", &[]),
    r("GET", "/api/v1/drafts", READ, "Drafts of the corpus and uploaded drafts", &[]),
    r(
        "POST",
        "/api/v1/drafts",
        DRAFT,
        "Upload a draft: corpus Markdown, or a Word document with what it amends",
        &["amends", "lang", "base", "date", "name", "title"],
    ),
    r("DELETE", "/api/v1/drafts/{name}", DRAFT, "Remove an uploaded draft", &[]),
    r(
        "GET",
        "/api/v1/drafts/{name}/redline",
        READ,
        "The redline: JSON rows, inline HTML, comparative table",
        &["lang"],
    ),
    r(
        "GET",
        "/api/v1/drafts/{name}/export",
        READ,
        "Download: html, md, json, table, docx, table-docx, instructions",
        &["format", "lang", "instructions_lang", "author"],
    ),
    r(
        "GET",
        "/api/v1/report",
        READ,
        "The review report (JSON items, or md/html/csv in the language asked for)",
        &["work", "format", "lang"],
    ),
    r("GET", "/api/v1/editor", READ, "The drafts written in the editor", &[]),
    r(
        "POST",
        "/api/v1/editor",
        DRAFT,
        "Start a draft from a law as in force: {name, law, asof, languages, numbering, date}; or from a Word document written on it (its tracked changes taken in or suggested)",
        &["name", "law", "asof", "lang", "changes", "numbering", "file"],
    ),
    r("GET", "/api/v1/editor/{name}", READ, "A draft: its texts, revision (ETag) and checks", &[]),
    r(
        "POST",
        "/api/v1/editor/{name}/changes",
        DRAFT,
        "Change the draft (edit, insert, repeal, move, split, merge, lock) with a justification (If-Match)",
        &[],
    ),
    r(
        "POST",
        "/api/v1/editor/{name}/milestones",
        DRAFT,
        "Name the draft as it is a milestone (If-Match)",
        &[],
    ),
    r(
        "GET",
        "/api/v1/editor/{name}/revisions",
        READ,
        "The draft's revisions and milestones; format=jsonl: the draft whole as JSONL (for git, kanun editor import)",
        &["format"],
    ),
    r(
        "GET",
        "/api/v1/editor/{name}/corpus",
        READ,
        "The draft in one language as a corpus file (Markdown)",
        &["lang"],
    ),
    r(
        "GET",
        "/api/v1/editor/{name}/suggestions",
        READ,
        "Reviewers' suggested wordings and how they were decided",
        &[],
    ),
    r(
        "POST",
        "/api/v1/editor/{name}/suggestions",
        REVIEW,
        "Suggest wording for a provision: {eid, language, heading, text, justification}",
        &[],
    ),
    r(
        "POST",
        "/api/v1/editor/{name}/suggestions/{id}/accept",
        DRAFT,
        "Take a suggestion into the draft as a new revision, credited to its reviewer (If-Match)",
        &[],
    ),
    r("POST", "/api/v1/editor/{name}/suggestions/{id}/decline", DRAFT, "Decline a suggestion: {reason}", &[]),
    r(
        "GET",
        "/api/v1/editor/{name}/redline",
        READ,
        "The redline of a revision against the law in force or another revision; format= downloads it",
        &["lang", "from", "to", "format", "ui"],
    ),
    r("GET", "/api/v1/users", ADMIN, "The users and their roles", &[]),
    r("POST", "/api/v1/users", ADMIN, "Add or replace a user", &[]),
    r(
        "PATCH",
        "/api/v1/users/{name}",
        ADMIN,
        "Change a user's role or password, disable or enable them",
        &[],
    ),
];

/// The route spec for a method and a matched path.
pub fn spec(method: &Method, path: &str) -> Option<&'static RouteSpec> {
    // HEAD is GET without the body (axum answers it so): the same route, the same role.
    let method = if *method == Method::HEAD { "GET" } else { method.as_str() };
    ROUTES.iter().find(|r| r.method == method && r.path == path)
}

/// Whether a method changes state (and so needs a CSRF token).
pub fn is_mutation(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The OpenAPI 3.1 document, made from [`ROUTES`].
pub fn openapi() -> serde_json::Value {
    let mut paths = serde_json::Map::new();
    for r in ROUTES {
        let params: Vec<serde_json::Value> = r
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| serde_json::json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .chain(r.query.iter().map(
                |name| serde_json::json!({"name": name, "in": "query", "required": false, "schema": {"type": "string"}}),
            ))
            .collect();
        let mut op = serde_json::json!({
            "summary": r.summary,
            "operationId": format!("{}_{}", r.method.to_lowercase(), r.path.trim_start_matches('/').replace(['/', '{', '}', '.'], "_")),
            "parameters": params,
            "x-kanun-role": r.role.map(|x| x.as_str()),
            "responses": {
                "200": match crate::schemas::response(r.method, r.path) {
                    Some(name) => serde_json::json!({"description": "OK", "content": {"application/json": {
                        "schema": {"$ref": format!("#/components/schemas/{name}")}}}}),
                    None => serde_json::json!({"description": "OK"}),
                },
                "4XX": {"description": "An error: {\"error\": {\"code\", \"message\", \"hint\"}}",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
        });
        if r.method == "POST" || r.method == "PATCH" {
            op["requestBody"] =
                serde_json::json!({"content": {"application/json": {"schema": {"type": "object"}}}});
        }
        if r.method != "GET"
            && let Some(a) = op["parameters"].as_array_mut()
        {
            a.push(serde_json::json!({"name": "X-CSRF-Token", "in": "header", "required": true, "schema": {"type": "string"}}));
        }
        let entry = paths.entry(r.path.to_string()).or_insert_with(|| serde_json::json!({}));
        entry[r.method.to_lowercase()] = op;
    }
    serde_json::json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Kanun workbench API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Search, read, annotate and review drafts of the laws. See docs/api.md."
        },
        "paths": paths,
        "components": {
            "schemas": crate::schemas::components(),
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": crate::auth::COOKIE}
            }
        }
    })
}
