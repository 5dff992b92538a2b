//! What the API's JSON answers look like, as JSON Schema for the OpenAPI document: the routes a script reads most
//! (search, works, refs, terms, history, drafts, annotations, session, health, users). The schemas are strict
//! (`additionalProperties: false`), and `tests/e2e/http.rs` checks every listed route's real answer against its
//! schema, so the document cannot drift from the code in either direction.

use serde_json::{Value, json};

/// (method, path, schema): the answer of each route that has a schema.
pub const RESPONSES: &[(&str, &str, &str)] = &[
    ("GET", "/healthz", "Health"),
    ("GET", "/api/v1/session", "Session"),
    ("GET", "/api/v1/search", "SearchResults"),
    ("GET", "/api/v1/works", "Works"),
    ("GET", "/api/v1/works/{name}/refs/{eid}", "Refs"),
    ("GET", "/api/v1/works/{name}/terms", "Terms"),
    ("GET", "/api/v1/works/{name}/history", "History"),
    ("GET", "/api/v1/annotations", "Annotations"),
    ("GET", "/api/v1/annotations/{id}", "Annotation"),
    ("GET", "/api/v1/drafts", "Drafts"),
    ("GET", "/api/v1/users", "Users"),
];

/// The schema named for a route's answer, if it has one.
pub fn response(method: &str, path: &str) -> Option<&'static str> {
    RESPONSES.iter().find(|(m, p, _)| *m == method && *p == path).map(|(_, _, s)| *s)
}

fn object(required: &[&str], properties: Value) -> Value {
    json!({ "type": "object", "required": required, "properties": properties, "additionalProperties": false })
}

fn array(items: Value) -> Value {
    json!({ "type": "array", "items": items })
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The schemas, by name (for `components.schemas`).
pub fn components() -> serde_json::Map<String, Value> {
    let s = json!({ "type": "string" });
    let n = json!({ "type": "integer", "minimum": 0 });
    let opt = json!({ "type": ["string", "null"] });
    let pair = json!({ "type": "array", "prefixItems": [{ "type": "string" }, { "type": "string" }], "items": false });
    let mut m = serde_json::Map::new();
    let mut put = |name: &str, v: Value| {
        m.insert(name.to_string(), v);
    };
    put(
        "Error",
        json!({
            "type": "object",
            "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
                "code": {"type": "string"}, "message": {"type": "string"}, "hint": {"type": "string"},
                "position": {"type": "integer"}
            }}}
        }),
    );
    put(
        "Health",
        object(
            &["status", "works", "expressions", "annotations"],
            json!({
                "status": s, "works": n, "expressions": n, "annotations": n
            }),
        ),
    );
    put(
        "Session",
        object(
            &["mode", "user", "csrf", "ui_lang"],
            json!({
                "mode": { "enum": ["local", "team"] },
                "user": { "oneOf": [{ "type": "null" }, object(&["name", "role"], json!({
                    "name": s, "role": { "enum": ["reader", "reviewer", "drafter", "admin"] }
                }))] },
                "csrf": s,
                "ui_lang": { "enum": ["eng", "rus", "tuk"] }
            }),
        ),
    );
    put(
        "SearchResults",
        object(
            &["total", "total_exact", "hits", "facets", "facets_more", "page", "limit"],
            json!({
                "total": n,
                "total_exact": { "type": "boolean" },
                "hits": array(reference("Hit")),
                "facets": { "type": "object", "additionalProperties": array(json!({
                    "type": "array", "prefixItems": [{ "type": "string" }, { "type": "integer" }], "items": false
                })) },
                "facets_more": { "type": "object", "additionalProperties": n },
                "page": n,
                "limit": n
            }),
        ),
    );
    put(
        "Hit",
        object(
            &[
                "score",
                "work",
                "title",
                "expression",
                "language",
                "date",
                "kind",
                "eid",
                "matched_eid",
                "heading",
                "container",
                "snippet_html",
                "parallel",
            ],
            json!({
                "score": { "type": "number" }, "work": s, "title": s, "expression": s, "language": s, "date": s,
                "kind": { "enum": ["law", "draft", "annotation"] }, "eid": s, "matched_eid": s, "heading": s,
                "container": s, "snippet_html": s, "parallel": array(s.clone())
            }),
        ),
    );
    put("Works", object(&["works"], json!({ "works": array(reference("Work")) })));
    put(
        "Work",
        object(
            &["uri", "name", "kind", "titles", "languages", "amends", "expressions"],
            json!({
                "uri": s, "name": s, "kind": { "enum": ["law", "draft"] },
                "titles": { "type": "object", "additionalProperties": s },
                "languages": array(s.clone()), "amends": opt,
                "expressions": array(object(
                    &["id", "language", "date", "status", "kind", "title", "articles", "file", "bytes", "hash"],
                    json!({ "id": s, "language": s, "date": s, "status": s, "kind": s, "title": s, "articles": n,
                            "file": s, "bytes": n, "hash": s }),
                ))
            }),
        ),
    );
    put(
        "Refs",
        object(
            &["work", "expression", "eid", "language", "cites", "cited_by"],
            json!({
                "work": s, "expression": s, "eid": s, "language": s,
                "cites": array(object(&["start", "end", "text", "targets"], json!({
                    "start": n, "end": n, "text": s,
                    "targets": array(object(&["work", "eid", "label", "state", "name"], json!({
                        "work": s, "eid": opt, "label": s,
                        "state": { "enum": ["resolved", "repealed", "external", "unresolved"] },
                        "act": s, "reason": s, "name": s
                    })))
                }))),
                "cited_by": array(object(&["work", "eid", "heading", "text", "name"], json!({
                    "work": s, "eid": s, "heading": s, "text": s, "name": s
                })))
            }),
        ),
    );
    put(
        "Terms",
        object(
            &["expression", "language", "terms"],
            json!({
                "expression": s, "language": s,
                "terms": array(object(&["term", "definition", "eid", "uses"], json!({
                    "term": s, "definition": s, "eid": s,
                    "uses": array(object(&["eid", "count"], json!({ "eid": s, "count": n })))
                })))
            }),
        ),
    );
    put(
        "History",
        object(
            &["work", "title", "language", "expressions", "steps"],
            json!({
                "work": s, "title": s, "language": s,
                "expressions": array(object(&["id", "date", "status", "articles"], json!({
                    "id": s, "date": s, "status": s, "articles": n
                }))),
                "steps": array(object(&["from", "to", "date", "changes", "unchanged"], json!({
                    "from": s, "to": s, "date": s, "unchanged": n,
                    "changes": array(object(&["class", "before", "after", "edited"], json!({
                        "class": { "enum": ["modified", "renumbered", "new", "repealed", "split", "merged"] },
                        "before": array(pair.clone()), "after": array(pair.clone()), "edited": { "type": "boolean" }
                    })))
                })))
            }),
        ),
    );
    put(
        "Drafts",
        object(
            &["drafts"],
            json!({ "drafts": array(object(
        &["name", "uri", "title", "language", "amends", "amends_name", "languages", "date", "base", "uploaded"],
        json!({ "name": s, "uri": s, "title": s, "language": s, "amends": opt, "amends_name": opt,
                "languages": array(s.clone()), "date": s, "base": opt, "uploaded": { "type": "boolean" } }),
    )) }),
        ),
    );
    put("Annotations", object(&["annotations"], json!({ "annotations": array(reference("Annotation")) })));
    put(
        "Annotation",
        object(
            &[
                "id",
                "target",
                "type",
                "status",
                "priority",
                "tags",
                "author",
                "created",
                "modified",
                "revision",
                "body",
                "replies",
                "links",
                "body_html",
                "anchor",
            ],
            json!({
                "id": s,
                "target": object(&["work", "expression", "wid", "eid"], json!({
                    "work": s, "expression": s, "wid": s, "eid": s,
                    "quote": object(&["exact", "prefix", "suffix"], json!({ "exact": s, "prefix": s, "suffix": s })),
                    "position": object(&["start", "end"], json!({ "start": n, "end": n })),
                    "content_hash": s
                })),
                "type": { "enum": ["comment", "gap", "recommendation", "conflict", "question", "editorial"] },
                "status": { "enum": ["open", "accepted", "rejected", "implemented", "resolved"] },
                "priority": { "enum": ["low", "medium", "high"] },
                "tags": array(s.clone()), "author": s, "created": s, "modified": s,
                "revision": { "type": "integer", "minimum": 1 }, "body": s,
                "replies": array(object(&["id", "author", "created", "body"], json!({
                    "id": s, "author": s, "created": s, "body": s
                }))),
                "links": array(object(&["rel", "target"], json!({ "rel": s, "target": s }))),
                "deleted": { "type": "boolean" },
                "body_html": s,
                "anchor": object(&["label", "eid", "article", "article_heading", "start", "end", "quote_now"], json!({
                    "label": { "enum": ["exact", "moved", "text-changed", "orphaned"] },
                    "eid": opt, "article": opt, "article_heading": s,
                    "start": { "type": ["integer", "null"] }, "end": { "type": ["integer", "null"] },
                    "quote_now": opt
                }))
            }),
        ),
    );
    put(
        "Users",
        object(
            &["users"],
            json!({ "users": array(object(&["name", "role", "created", "disabled"], json!({
        "name": s, "role": { "enum": ["reader", "reviewer", "drafter", "admin"] }, "created": s,
        "disabled": { "type": "boolean" }
    }))) }),
        ),
    );
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every route named here is routed, and every schema a route names (or a schema refers to) exists.
    #[test]
    fn every_named_schema_and_route_exists() {
        let c = components();
        for (method, path, schema) in RESPONSES {
            assert!(
                crate::routes::ROUTES.iter().any(|r| r.method == *method && r.path == *path),
                "{method} {path}"
            );
            assert!(c.contains_key(*schema), "{schema}");
        }
        let text = serde_json::to_string(&c).unwrap_or_default();
        for (at, _) in text.match_indices("#/components/schemas/") {
            let name: String = text[at + "#/components/schemas/".len()..]
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            assert!(c.contains_key(&name), "{name} is referred to but not defined");
        }
    }
}
