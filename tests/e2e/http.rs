//! The HTTP API in process (tower `oneshot`, no sockets): every route, its errors, and the role and CSRF checks
//! route by route in team mode.

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use kanun_model::user::{Role, User};
use kanun_server::routes::ROUTES;
use kanun_server::{Config, Workbench};
use serde_json::{Value, json};
use tower::ServiceExt as _;

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// A fresh data directory.
pub fn data_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kanun-http-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&d).ok();
    d
}

/// A workbench on the bundled corpus and annotations, in a fresh data directory, with these users (team mode if
/// any).
pub fn workbench(name: &str, users: &[(&str, Role)]) -> Workbench {
    workbench_with(name, users, Vec::new())
}

/// A workbench as [`workbench`], reached at these public origins (`--public-origin`).
pub fn workbench_with(
    name: &str,
    users: &[(&str, Role)],
    public_origins: Vec<kanun_server::origin::Origin>,
) -> Workbench {
    let data = data_dir(name);
    if !users.is_empty() {
        let store = kanun_store::AnnotationStore::open(&data.join("store")).unwrap();
        for (n, role) in users {
            let hash = kanun_server::auth::hash_password(&format!("{n}-password")).unwrap();
            store
                .put_user(&User {
                    name: n.to_string(),
                    role: *role,
                    password_hash: hash,
                    created: "2026-11-23T00:00:00Z".into(),
                    disabled: false,
                })
                .unwrap();
        }
    }
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        data,
        corpus: root().join("corpus"),
        annotations: root().join("annotations"),
        web: None,
        public_origins,
        trusted_proxies: Vec::new(),
        // A cache that keeps one law: every other law is read again from its files when asked for, so these tests
        // also show that the answers do not depend on what is kept.
        cache_bytes: 1,
    };
    Workbench::open(config, &mut |_| {}).unwrap()
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.bytes)))
    }

    pub fn code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_default().to_string()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// A client: the router, a session cookie and the CSRF token.
#[derive(Clone)]
pub struct Client {
    pub app: Router,
    pub cookie: Option<String>,
    pub csrf: String,
}

impl Client {
    pub fn new(wb: Workbench) -> Client {
        Client { app: kanun_server::router(Arc::new(wb)), cookie: None, csrf: String::new() }
    }

    pub async fn send(&self, method: Method, uri: &str, body: Body, headers: &[(&str, &str)]) -> Reply {
        let mut req = Request::builder().method(method.clone()).uri(uri);
        if let Some(c) = &self.cookie {
            req = req.header(header::COOKIE, format!("kanun_session={c}"));
        }
        if method != Method::GET && !self.csrf.is_empty() {
            req = req.header("x-csrf-token", &self.csrf);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = self.app.clone().oneshot(req.body(body).unwrap()).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply { status, headers, bytes }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Method::GET, uri, Body::empty(), &[]).await
    }

    pub async fn json(&self, method: Method, uri: &str, v: &Value, headers: &[(&str, &str)]) -> Reply {
        let mut h = vec![("content-type", "application/json")];
        h.extend_from_slice(headers);
        self.send(method, uri, Body::from(v.to_string()), &h).await
    }

    /// Takes the CSRF token of the current session.
    pub async fn refresh_csrf(&mut self) {
        let s = self.get("/api/v1/session").await.json();
        self.csrf = s["csrf"].as_str().unwrap().to_string();
    }

    /// Signs in as `name` (password `<name>-password`).
    pub async fn login(&mut self, name: &str) -> Reply {
        self.refresh_csrf().await;
        let r = self
            .json(
                Method::POST,
                "/api/v1/login",
                &json!({"name": name, "password": format!("{name}-password")}),
                &[],
            )
            .await;
        if r.status == StatusCode::OK {
            let set = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().to_string();
            let token = set.split(';').next().unwrap().split_once('=').unwrap().1.to_string();
            self.cookie = Some(token);
            self.refresh_csrf().await;
        }
        r
    }
}

pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// A path of the route table with its parameters filled in.
pub fn concrete(path: &str) -> String {
    path.replace("{name}", "social-services-amendments")
        .replace("{eid}", "art_1")
        .replace("{id}", "0000-no-such-annotation")
}

#[test]
fn the_openapi_document_matches_the_routes() {
    rt().block_on(async {
        let c = Client::new(workbench("openapi", &[]));
        let doc = c.get("/api/v1/openapi.json").await.json();
        assert_eq!(doc["openapi"], "3.1.0");
        let paths = doc["paths"].as_object().unwrap();
        let mut documented = 0;
        for (path, ops) in paths {
            for (method, op) in ops.as_object().unwrap() {
                documented += 1;
                let spec = ROUTES
                    .iter()
                    .find(|r| r.path == path && r.method.eq_ignore_ascii_case(method))
                    .unwrap_or_else(|| panic!("{method} {path} is documented but not routed"));
                assert_eq!(op["x-kanun-role"].as_str(), spec.role.map(|r| r.as_str()));
            }
        }
        assert_eq!(documented, ROUTES.len(), "every route is documented once");
        // And every route in the table is served by the router: no "no route" 404 and no 405.
        for r in ROUTES {
            let method = Method::from_bytes(r.method.as_bytes()).unwrap();
            let reply = c.send(method, &concrete(r.path), Body::empty(), &[]).await;
            assert_ne!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{} {}", r.method, r.path);
            if reply.status == StatusCode::NOT_FOUND {
                assert!(!reply.text().contains("no route"), "{} {} is not routed", r.method, r.path);
            }
        }
    });
}

#[test]
fn every_route_enforces_sign_in_csrf_and_role() {
    rt().block_on(async {
        let users = [
            ("rita", Role::Reader),
            ("reza", Role::Reviewer),
            ("dana", Role::Drafter),
            ("adam", Role::Admin),
        ];
        let wb = workbench("roles", &users);
        let anon = Client::new(wb);
        let mut checked = 0;
        for r in ROUTES.iter().filter(|r| r.role.is_some()) {
            let method = Method::from_bytes(r.method.as_bytes()).unwrap();
            let path = concrete(r.path);
            // Not signed in: 401, whatever the method.
            let mut a = anon.clone();
            a.refresh_csrf().await;
            let reply = a.json(method.clone(), &path, &json!({}), &[]).await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{} {} without a session", r.method, r.path);
            for (name, role) in users {
                let mut c = anon.clone();
                assert_eq!(c.login(name).await.status, StatusCode::OK);
                let needed = r.role.unwrap();
                if method != Method::GET {
                    // A mutation without the CSRF token, or with another session's token, is refused.
                    let mut no = c.clone();
                    no.csrf = String::new();
                    let reply = no.json(method.clone(), &path, &json!({}), &[]).await;
                    assert_eq!(reply.code(), "csrf", "{} {} as {name} without CSRF", r.method, r.path);
                    let mut wrong = c.clone();
                    wrong.csrf = "0".repeat(64);
                    let reply = wrong.json(method.clone(), &path, &json!({}), &[]).await;
                    assert_eq!(reply.code(), "csrf", "{} {} as {name} with a wrong token", r.method, r.path);
                }
                let reply = c.json(method.clone(), &path, &json!({}), &[("if-match", "\"1\"")]).await;
                if role.allows(needed) {
                    assert_ne!(
                        reply.status,
                        StatusCode::FORBIDDEN,
                        "{} {} as {role}: {}",
                        r.method,
                        r.path,
                        reply.text()
                    );
                    assert_ne!(reply.status, StatusCode::UNAUTHORIZED, "{} {} as {role}", r.method, r.path);
                } else {
                    assert_eq!(
                        reply.status,
                        StatusCode::FORBIDDEN,
                        "{} {} as {role}: {}",
                        r.method,
                        r.path,
                        reply.text()
                    );
                    assert_eq!(reply.code(), "forbidden");
                }
                checked += 1;
            }
        }
        println!("role checks: {checked} (route × role)");
        assert!(checked >= 60);
    });
}

#[test]
fn sign_in_sets_a_strict_http_only_cookie_throttles_guessing_and_ignores_chosen_tokens() {
    rt().block_on(async {
        let c = Client::new(workbench("login", &[("reza", Role::Reviewer)]));
        let s = c.get("/api/v1/session").await.json();
        assert_eq!(s["mode"], "team");
        assert!(s["user"].is_null());
        let mut ok = c.clone();
        let r = ok.login("reza").await;
        assert_eq!(r.status, StatusCode::OK);
        let cookie = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
        assert_eq!(ok.get("/api/v1/session").await.json()["user"]["role"], "reviewer");
        // Session fixation: a token the client made up is not a session.
        let mut fixed = c.clone();
        fixed.cookie = Some("a".repeat(64));
        assert_eq!(fixed.get("/api/v1/works").await.status, StatusCode::UNAUTHORIZED);
        // Logout ends the session on the server.
        let token = ok.cookie.clone();
        assert_eq!(ok.json(Method::POST, "/api/v1/logout", &json!({}), &[]).await.status, StatusCode::OK);
        let mut old = c.clone();
        old.cookie = token;
        assert_eq!(old.get("/api/v1/works").await.status, StatusCode::UNAUTHORIZED);
        // Guessing: wrong passwords, then the name is held back with Retry-After, even for the right password.
        let mut g = c.clone();
        g.refresh_csrf().await;
        let mut statuses = Vec::new();
        for _ in 0..5 {
            let r = g
                .json(Method::POST, "/api/v1/login", &json!({"name": "reza", "password": "guess-guess"}), &[])
                .await;
            statuses.push(r.status.as_u16());
        }
        assert_eq!(&statuses[..4], &[401, 401, 401, 401], "{statuses:?}");
        assert_eq!(statuses[4], 429, "{statuses:?}");
        let r = g.login("reza").await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(r.headers.get(header::RETRY_AFTER).is_some());
        // Unknown names are answered like wrong passwords.
        let r = g
            .json(Method::POST, "/api/v1/login", &json!({"name": "nobody", "password": "whatever1"}), &[])
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.json()["error"]["message"], "wrong name or password");
    });
}

#[test]
fn search_answers_hits_facets_and_errors_with_positions() {
    rt().block_on(async {
        let c = Client::new(workbench("search", &[]));
        let r = c.get("/api/v1/search?q=social+worker&lang=eng&limit=3").await;
        assert_eq!(r.status, StatusCode::OK);
        let v = r.json();
        assert!(v["total"].as_u64().unwrap() > 3);
        assert_eq!(v["hits"].as_array().unwrap().len(), 3);
        assert!(v["hits"][0]["snippet_html"].as_str().unwrap().contains("<mark>"));
        for facet in ["work", "lang", "kind", "status"] {
            assert!(v["facets"][facet].as_array().is_some_and(|a| !a.is_empty()), "facet {facet}: {}", v["facets"]);
            // The few laws of the sample corpus are all listed: none left out.
            assert_eq!(v["facets_more"][facet], 0, "facet {facet}: {}", v["facets_more"]);
        }
        // Filters as parameters mean what the query's field filters mean.
        let a = c.get("/api/v1/search?q=%D1%81%D0%BE%D1%86%D0%B8%D0%B0%D0%BB%D1%8C%D0%BD%D1%8B%D0%B5&lang=rus&kind=law&work=social-services").await.json();
        assert!(a["total"].as_u64().unwrap() > 0);
        assert!(a["hits"].as_array().unwrap().iter().all(|h| h["language"] == "rus" && h["work"].as_str().unwrap().ends_with("/social-services")));
        let page2 = c.get("/api/v1/search?q=social&page=2&limit=5").await.json();
        assert_eq!(page2["page"], 2);
        // Errors: the query's position and a hint; bad parameters named.
        let e = c.get("/api/v1/search?q=%28licensing+OR").await;
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        assert_eq!(e.code(), "bad_query");
        assert!(e.json()["error"]["position"].is_u64());
        for bad in ["lang=xx", "page=0", "limit=1000", "asof=2024-13-01", "kind=novel", "work=a%20b"] {
            let r = c.get(&format!("/api/v1/search?q=social&{bad}")).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.text());
            assert!(!r.json()["error"]["message"].as_str().unwrap().is_empty());
        }
        let long = "x".repeat(5000);
        assert_eq!(c.get(&format!("/api/v1/search?q={long}")).await.status, StatusCode::URI_TOO_LONG);
        let empty = c.get("/api/v1/search?q=").await.json();
        assert_eq!(empty["total"], 0);
    });
}

#[test]
fn texts_come_in_blocks_with_line_offsets_and_point_in_time() {
    rt().block_on(async {
        let c = Client::new(workbench("texts", &[]));
        let works = c.get("/api/v1/works").await.json();
        assert!(works["works"].as_array().unwrap().iter().any(|w| w["name"] == "social-services"));
        let t = c.get("/api/v1/works/social-services/text?lang=rus&asof=2023-01-01").await.json();
        assert_eq!(t["language"], "rus");
        assert_eq!(t["date"], "2022-01-01");
        assert_eq!(t["languages"], json!(["eng", "rus", "tuk"]));
        let art1 = t["blocks"].as_array().unwrap().iter().find(|b| b["eid"] == "art_1").unwrap();
        let lines = art1["lines"].as_array().unwrap();
        let mut at = 0;
        for l in lines {
            assert_eq!(l["start"].as_u64().unwrap() as usize, at);
            at += l["text"].as_str().unwrap().chars().count() + 1;
        }
        // Citations as spans with targets, "cited by", defined terms.
        let t24 = c.get("/api/v1/works/social-services/text?lang=eng").await.json();
        let art9 = t24["blocks"].as_array().unwrap().iter().find(|b| b["eid"] == "art_9").unwrap();
        let r = &art9["references"][0];
        let plain: String = art9["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["text"].as_str().unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        let words: String = plain
            .chars()
            .skip(r["start"].as_u64().unwrap() as usize)
            .take((r["end"].as_u64().unwrap() - r["start"].as_u64().unwrap()) as usize)
            .collect();
        assert_eq!(words, "point 8 of part 1 of Article 1 of this Law");
        assert_eq!(r["targets"][0]["eid"], "art_1__para_1__point_8");
        assert_eq!(r["targets"][0]["state"], "resolved");
        let art1 = t24["blocks"].as_array().unwrap().iter().find(|b| b["eid"] == "art_1").unwrap();
        assert!(
            art1["cited_by"].as_array().unwrap().iter().any(|i| i["eid"] == "art_9"),
            "{}",
            art1["cited_by"]
        );
        assert!(t24["terms"].as_array().unwrap().iter().any(|t| t["term"] == "case management"));
        let refs = c.get("/api/v1/works/social-services/refs/art_1").await.json();
        assert_eq!(refs["cited_by"][0]["eid"], "art_9");
        let terms = c.get("/api/v1/works/social-services/terms?lang=tuk").await.json();
        assert!(terms["terms"].as_array().unwrap().len() >= 8);
        let h = c.get("/api/v1/works/social-services/history?lang=rus").await.json();
        assert_eq!(h["steps"][0]["changes"].as_array().unwrap().len(), 9);
        assert_eq!(
            c.get("/api/v1/works/social-services/history?lang=deu").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(c.get("/api/v1/works/social-services/refs/art_999").await.status, StatusCode::NOT_FOUND);
        let p = c.get("/api/v1/works/social-services/provisions/art_1?lang=rus&asof=2023-01-01").await.json();
        let joined: Vec<&str> = lines.iter().map(|l| l["text"].as_str().unwrap()).collect();
        assert_eq!(p["text"].as_str().unwrap(), joined.join("\n"));
        for (uri, status) in [
            ("/api/v1/works/no-such-law/text", 404),
            ("/api/v1/works/social-services/text?lang=deu", 404),
            ("/api/v1/works/social-services/text?lang=zz", 400),
            ("/api/v1/works/social-services/text?asof=1990-01-01", 404),
            ("/api/v1/works/social-services/text?asof=yesterday", 400),
            ("/api/v1/works/social-services/provisions/art_999", 404),
            ("/api/v1/works/..%2F..%2Fetc/text", 404),
        ] {
            let r = c.get(uri).await;
            assert_eq!(r.status.as_u16(), status, "{uri}: {}", r.text());
            assert!(!r.json()["error"]["message"].as_str().unwrap().is_empty());
        }
    });
}

#[test]
fn annotations_are_created_on_spans_changed_with_if_match_and_escaped() {
    rt().block_on(async {
        let mut c = Client::new(workbench("annotations", &[]));
        c.refresh_csrf().await;
        let t = c.get("/api/v1/works/social-services/provisions/art_14").await.json();
        let text = t["text"].as_str().unwrap();
        let quote = "written consent";
        let start = text[..text.find(quote).unwrap()].chars().count();
        let body = json!({
            "work": "social-services", "lang": "eng", "eid": "art_14", "start": start, "end": start + quote.chars().count(),
            "quote": quote, "type": "gap", "priority": "high", "tags": ["CRPD-19"],
            "body": "Needs review <script>alert('x')</script> **now**", "author": "A. <b>Durdyýewa</b>"
        });
        let r = c.json(Method::POST, "/api/v1/annotations", &body, &[]).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        assert_eq!(r.headers.get(header::ETAG).unwrap(), "\"1\"");
        let a = r.json();
        let id = a["id"].as_str().unwrap().to_string();
        // Narrowed to the part that holds the span; placed back at the same article offsets.
        assert!(a["target"]["eid"].as_str().unwrap().starts_with("art_14__"), "{}", a["target"]);
        assert_eq!(a["anchor"]["article"], "art_14");
        assert_eq!(a["anchor"]["start"].as_u64().unwrap() as usize, start);
        assert_eq!(a["anchor"]["label"], "exact");
        let html = a["body_html"].as_str().unwrap();
        assert!(!html.contains("<script") && html.contains("<strong>now</strong>"), "{html}");
        // Wrong quote, bad offsets, unknown provision, unknown type, unknown field, bad JSON.
        let mut wrong = body.clone();
        wrong["quote"] = json!("something else");
        assert_eq!(c.json(Method::POST, "/api/v1/annotations", &wrong, &[]).await.status, StatusCode::CONFLICT);
        let mut far = body.clone();
        far["end"] = json!(100_000);
        assert_eq!(c.json(Method::POST, "/api/v1/annotations", &far, &[]).await.status, StatusCode::BAD_REQUEST);
        let mut nowhere = body.clone();
        nowhere["eid"] = json!("art_999");
        assert_eq!(c.json(Method::POST, "/api/v1/annotations", &nowhere, &[]).await.status, StatusCode::NOT_FOUND);
        let mut kind = body.clone();
        kind["type"] = json!("rant");
        let r = c.json(Method::POST, "/api/v1/annotations", &kind, &[]).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.text().contains("gap"), "{}", r.text());
        let mut extra = body.clone();
        extra["sneaky"] = json!(1);
        assert_eq!(c.json(Method::POST, "/api/v1/annotations", &extra, &[]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = c.send(Method::POST, "/api/v1/annotations", Body::from("{not json"), &[("content-type", "application/json")]).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(r.code(), "bad_request");
        let big = json!({"work": "social-services", "eid": "art_1", "body": "x".repeat(2 << 20)});
        let r = c.json(Method::POST, "/api/v1/annotations", &big, &[]).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(r.code(), "too_large");
        // Revisions: If-Match required, stale refused, current accepted.
        let uri = format!("/api/v1/annotations/{id}");
        let r = c.json(Method::PATCH, &uri, &json!({"status": "accepted"}), &[]).await;
        assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED);
        let r = c.json(Method::PATCH, &uri, &json!({"status": "accepted"}), &[("if-match", "\"1\"")]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(r.json()["revision"], 2);
        let r = c.json(Method::PATCH, &uri, &json!({"status": "rejected"}), &[("if-match", "\"1\"")]).await;
        assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
        assert_eq!(r.code(), "stale");
        let r = c.json(Method::PATCH, &uri, &json!({"status": "done"}), &[("if-match", "\"2\"")]).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        // Replies, reading, listing by article, deleting (tombstone).
        let r = c.json(Method::POST, &format!("{uri}/replies"), &json!({"body": "Agreed."}), &[]).await;
        assert_eq!(r.status, StatusCode::CREATED);
        assert_eq!(r.json()["replies"][0]["body"], "Agreed.");
        let g = c.get(&uri).await;
        assert_eq!(g.headers.get(header::ETAG).unwrap(), "\"3\"");
        let list = c.get("/api/v1/annotations?work=social-services&eid=art_14*").await.json();
        assert!(list["annotations"].as_array().unwrap().iter().any(|a| a["id"] == id));
        assert_eq!(c.get("/api/v1/annotations?status=maybe").await.status, StatusCode::BAD_REQUEST);
        assert_eq!(c.get("/api/v1/annotations/..%2F..%2Fetc").await.status, StatusCode::BAD_REQUEST);
        let d = c.send(Method::DELETE, &uri, Body::empty(), &[("if-match", "\"3\"")]).await;
        assert_eq!(d.status, StatusCode::OK);
        assert_eq!(d.json()["deleted"], true);
        let list = c.get("/api/v1/annotations?work=social-services").await.json();
        assert!(!list["annotations"].as_array().unwrap().iter().any(|a| a["id"] == id));
        // Orphaned annotations of the sample review are listed, never left out.
        let all = c.get("/api/v1/annotations").await.json();
        assert!(all["annotations"].as_array().unwrap().iter().any(|a| a["anchor"]["label"] == "orphaned"));
    });
}

#[test]
fn drafts_redline_downloads_and_uploads() {
    rt().block_on(async {
        let mut c = Client::new(workbench("drafts", &[]));
        c.refresh_csrf().await;
        let list = c.get("/api/v1/drafts").await.json();
        assert_eq!(list["drafts"][0]["name"], "social-services-amendments");
        let r = c.get("/api/v1/drafts/social-services-amendments/redline?lang=rus").await.json();
        assert!(r["inline_html"].as_str().unwrap().contains("<ins>"));
        assert!(r["table_html"].as_str().unwrap().contains("<table"));
        assert_eq!(r["redline"]["language"], "rus");
        for (format, media) in [
            ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("table-docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("html", "text/html; charset=utf-8"),
            ("md", "text/markdown; charset=utf-8"),
            ("instructions", "text/plain; charset=utf-8"),
            ("json", "application/json"),
        ] {
            let r = c.get(&format!("/api/v1/drafts/social-services-amendments/export?format={format}")).await;
            assert_eq!(r.status, StatusCode::OK, "{format}: {}", r.text());
            assert_eq!(r.headers.get(header::CONTENT_TYPE).unwrap(), media);
            assert!(
                r.headers
                    .get(header::CONTENT_DISPOSITION)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .starts_with("attachment")
            );
            assert!(!r.bytes.is_empty());
        }
        let r = c.get("/api/v1/drafts/social-services-amendments/export?format=pdf").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let r = c
            .get("/api/v1/drafts/social-services-amendments/export?format=instructions&instructions_lang=deu")
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(c.get("/api/v1/drafts/social-services/redline").await.status, StatusCode::NOT_FOUND);

        // Upload: a changes-only draft is checked, kept, listed, compared and removable.
        let draft = std::fs::read_to_string(root().join("tests/data/drafts/changes-only.eng.md")).unwrap();
        let draft = draft.replace("social-services-amendments", "uploaded-amendments");
        let md = [("content-type", "text/markdown")];
        let r = c.send(Method::POST, "/api/v1/drafts", Body::from(draft.clone()), &md).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let name = r.json()["name"].as_str().unwrap().to_string();
        let list = c.get("/api/v1/drafts").await.json();
        assert!(
            list["drafts"].as_array().unwrap().iter().any(|d| d["name"] == name && d["uploaded"] == true)
        );
        let red = c.get(&format!("/api/v1/drafts/{name}/redline")).await;
        assert_eq!(red.status, StatusCode::OK, "{}", red.text());
        // Impact: a draft that changes Article 21 lists the articles citing it.
        let impact = std::fs::read_to_string(root().join("tests/data/drafts/impact.eng.md")).unwrap();
        let r = c.send(Method::POST, "/api/v1/drafts", Body::from(impact), &md).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let red = c.get("/api/v1/drafts/provider-requirements/redline").await.json();
        let imp = red["impact"].as_array().unwrap();
        assert_eq!(imp.len(), 1, "{imp:?}");
        assert_eq!(imp[0]["eid"], "art_21");
        let by: Vec<&str> =
            imp[0]["cited_by"].as_array().unwrap().iter().map(|i| i["eid"].as_str().unwrap()).collect();
        assert_eq!(by, ["art_10", "art_10-1"]);
        // The sample draft changes no cited article.
        let sample = c.get("/api/v1/drafts/social-services-amendments/redline").await.json();
        assert_eq!(sample["impact"], json!([]));

        // Bad uploads: errors by line, not a draft, not UTF-8, wrong media type, a work of the corpus.
        let broken = draft.replace("kind = \"draft\"", "kind = \"novel\"");
        assert_ne!(broken, draft);
        let r = c.send(Method::POST, "/api/v1/drafts", Body::from(broken), &md).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
        assert!(
            r.json()["error"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| d["line"].as_u64().unwrap() > 0)
        );
        let law = std::fs::read_to_string(root().join("corpus/tm/social-work/eng@2020-01-01.md")).unwrap();
        let r = c.send(Method::POST, "/api/v1/drafts", Body::from(law), &md).await;
        assert!(
            r.status == StatusCode::UNPROCESSABLE_ENTITY || r.status == StatusCode::CONFLICT,
            "{}",
            r.text()
        );
        let r = c.send(Method::POST, "/api/v1/drafts", Body::from(vec![0xff, 0xfe, 0x00]), &md).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let r = c
            .send(
                Method::POST,
                "/api/v1/drafts",
                Body::from(draft.clone()),
                &[("content-type", "application/zip")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let r = c.send(Method::DELETE, "/api/v1/drafts/social-services-amendments", Body::empty(), &[]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let r = c.send(Method::DELETE, &format!("/api/v1/drafts/{name}"), Body::empty(), &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(c.get(&format!("/api/v1/drafts/{name}/redline")).await.status, StatusCode::NOT_FOUND);
    });
}

#[test]
fn report_pages_assets_health_and_headers() {
    rt().block_on(async {
        let c = Client::new(workbench("pages", &[]));
        let r = c.get("/api/v1/report").await.json();
        // The workbench lays the report out itself: each item says where it is (to link to) and has its thread.
        let items = r["items"].as_array().unwrap();
        assert!(!items.is_empty());
        let placed = items.iter().find(|i| i["eid"].is_string()).unwrap();
        assert!(
            placed["work"].is_string() && placed["language"].is_string() && placed["replies"].is_array(),
            "{placed}"
        );
        assert!(!placed["body_html"].as_str().unwrap().contains("<script"));
        let csv = c.get("/api/v1/report?format=csv&work=social-services").await;
        assert!(csv.text().starts_with("id,law,article"));
        assert_eq!(c.get("/api/v1/report?format=pdf").await.status, StatusCode::BAD_REQUEST);
        assert_eq!(c.get("/api/v1/report?work=nothing").await.status, StatusCode::NOT_FOUND);
        let h = c.get("/healthz").await.json();
        assert_eq!(h["status"], "ok");
        for page in [
            "/",
            "/search?q=x",
            "/read/social-services",
            "/drafts",
            "/drafts/social-services-amendments",
            "/report",
            "/login",
            "/users",
        ] {
            let r = c.get(page).await;
            assert_eq!(r.status, StatusCode::OK, "{page}");
            assert!(r.text().contains("<script type=\"module\""), "{page}");
            let csp = r.headers.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
            assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
            assert_eq!(r.headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
        }
        let js = c.get("/assets/app.js").await;
        assert_eq!(js.status, StatusCode::OK);
        assert!(
            js.headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap().starts_with("text/javascript")
        );
        for bad in
            ["/assets/../Cargo.toml", "/assets/%2e%2e/Cargo.toml", "/assets/.hidden", "/assets/nothing.js"]
        {
            assert_eq!(c.get(bad).await.status, StatusCode::NOT_FOUND, "{bad}");
        }
        let r = c.get("/nowhere").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.code(), "not_found");
        let r = c.send(Method::PUT, "/api/v1/works", Body::empty(), &[]).await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
        assert!(r.headers.get("x-request-id").is_some());
    });
}

#[test]
fn a_public_address_without_users_is_refused() {
    let data = data_dir("public");
    let config = Config {
        addr: "0.0.0.0:8080".parse().unwrap(),
        data,
        corpus: root().join("corpus"),
        annotations: root().join("annotations"),
        web: None,
        public_origins: Vec::new(),
        trusted_proxies: Vec::new(),
        cache_bytes: 256 << 20,
    };
    let e = Workbench::open(config, &mut |_| {}).err().expect("refused");
    let msg = e.to_string();
    assert!(msg.contains("without users") && msg.contains("kanun user add"), "{msg}");
    // The command line says the same and exits 1.
    let dir = data_dir("public-cli");
    let out = super::kanun(&["--data", dir.to_str().unwrap(), "serve", "--addr", "0.0.0.0:8080"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("refusing to listen on 0.0.0.0:8080 without users"), "{err}");
}

/// `GET path` over a real socket; the status line and the body.
fn http_get(port: u16, path: &str) -> (String, String) {
    use std::io::{Read as _, Write as _};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.lines().next().unwrap_or_default().to_string();
    let body = out.split_once("\r\n\r\n").map(|x| x.1.to_string()).unwrap_or_default();
    (status, body)
}

#[test]
fn kanun_serve_starts_answers_logs_request_ids_and_stops_gracefully() {
    use std::io::{BufRead as _, BufReader};
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let data = data_dir("serve-process");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kanun"))
        .args(["--data", data.to_str().unwrap(), "serve", "--addr", &format!("127.0.0.1:{port}")])
        .current_dir(root())
        .env("RUST_LOG", "info")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut log = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !log.iter().any(|l: &String| l.contains("Kanun workbench on http://")) {
        match rx.recv_timeout(std::time::Duration::from_millis(200)) {
            Ok(l) => log.push(l),
            Err(_) if std::time::Instant::now() < deadline => {}
            Err(_) => {
                let _ = child.kill();
                panic!("the server did not start: {log:?}");
            }
        }
    }
    let (status, body) = http_get(port, "/healthz");
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("\"status\":\"ok\""), "{body}");
    let (status, _) = http_get(port, "/api/v1/search?q=%28");
    assert!(status.contains("400"), "{status}");
    // SIGTERM: the server finishes and exits cleanly.
    let pid = child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let code = child.wait().unwrap();
    log.extend(rx.try_iter());
    let all = log.join("\n");
    assert!(code.success(), "exit {code:?}\n{all}");
    assert!(all.contains("stopped"), "{all}");
    assert!(all.contains("local mode"), "{all}");
    // Each request is logged with its id, status and latency.
    assert!(
        all.lines().any(|l| l.contains("id=r0") && l.contains("/healthz") && l.contains("status=200")),
        "{all}"
    );
}

#[test]
fn annotation_search_follows_each_create_edit_and_delete() {
    rt().block_on(async {
        let mut c = Client::new(workbench("annotation-search", &[]));
        c.refresh_csrf().await;
        let hits = async |c: &Client, q: &str| -> Vec<String> {
            let r = c.get(&format!("/api/v1/search?q={q}+kind:annotation")).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
            r.json()["hits"].as_array().unwrap().iter().map(|h| h["eid"].as_str().unwrap().to_string()).collect()
        };
        // The sample annotations are in the index from the start.
        assert!(!hits(&c, "deinstitutionalisation").await.is_empty());
        let r = c
            .json(Method::POST, "/api/v1/annotations", &json!({"work": "social-services", "eid": "art_6", "body": "The ombudsperson should inspect residential homes."}), &[])
            .await;
        let uri = format!("/api/v1/annotations/{}", r.json()["id"].as_str().unwrap());
        assert_eq!(hits(&c, "ombudsperson").await, vec!["art_6"]);
        // An edit replaces the annotation's words; the other annotations stay found.
        let r = c.json(Method::PATCH, &uri, &json!({"body": "A commissioner should inspect care homes."}), &[("if-match", "\"1\"")]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(hits(&c, "ombudsperson").await.is_empty());
        assert_eq!(hits(&c, "commissioner").await, vec!["art_6"]);
        assert!(!hits(&c, "deinstitutionalisation").await.is_empty());
        // A deleted annotation is no longer found.
        let r = c.send(Method::DELETE, &uri, Body::empty(), &[("if-match", "\"2\"")]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(hits(&c, "commissioner").await.is_empty());
        assert!(!hits(&c, "deinstitutionalisation").await.is_empty());
    });
}

/// What the workbench's pages rely on from the server (issue 19): law searches without drafts, exported results,
/// one instructions file per language, labels beside the law text in the reader's language, the users' screen.
#[test]
fn searches_exports_labels_and_users_as_the_workbench_needs_them() {
    rt().block_on(async {
        let c = Client::new(workbench("workbench-needs", &[]));
        // A search finds the laws: an article a draft amends is not listed twice.
        let all = c.get("/api/v1/search?q=licence&limit=100").await.json();
        let kinds: Vec<&str> = all["hits"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap()).collect();
        assert!(!kinds.is_empty() && kinds.iter().all(|k| *k == "law"), "{kinds:?}");
        let drafts = c.get("/api/v1/search?q=licence&kind=draft").await.json();
        assert!(drafts["total"].as_u64().unwrap() > 0, "drafts are found when asked for");
        let named = c.get("/api/v1/search?q=licence&work=social-services-amendments").await.json();
        assert!(named["total"].as_u64().unwrap() > 0, "a draft named by law: is searched");

        // Every hit exported, as CSV (formula cells neutralised) and as JSON.
        let csv = c.get("/api/v1/search?q=social&format=csv").await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("kanun-search.csv"));
        let text = csv.text();
        let total = c.get("/api/v1/search?q=social").await.json()["total"].as_u64().unwrap() as usize;
        assert!(total > 10, "more hits than one page");
        assert_eq!(text.lines().count(), total + 1, "a header and one row per hit");
        assert!(text.starts_with("law,title,language,date,kind,eid,heading,container,link\n"));
        assert!(text.lines().nth(1).unwrap().contains("/read/"), "each row links to the provision");
        let json = c.get("/api/v1/search?q=social&format=json").await.json();
        assert_eq!(json["hits"].as_array().unwrap().len(), total);
        assert_eq!(c.get("/api/v1/search?q=social&format=pdf").await.status, StatusCode::BAD_REQUEST);

        // Instructions: each language from its own text, each with its own file name.
        let eng = c.get("/api/v1/drafts/social-services-amendments/export?format=instructions&instructions_lang=eng").await;
        let rus = c.get("/api/v1/drafts/social-services-amendments/export?format=instructions&lang=eng&instructions_lang=rus").await;
        assert_eq!((eng.status, rus.status), (StatusCode::OK, StatusCode::OK));
        let file = |r: &Reply| r.headers[header::CONTENT_DISPOSITION].to_str().unwrap().to_string();
        assert_ne!(file(&eng), file(&rus));
        assert!(file(&rus).contains("rus"), "{}", file(&rus));
        let rus_text = rus.text();
        assert!(rus_text.chars().any(|ch| ('а'..='я').contains(&ch)), "Russian instructions");
        assert!(!rus_text.contains("social services"), "the Russian instructions quote the Russian text:\n{rus_text}");

        // Labels beside the law text in the reader's language; the law text in its own.
        let r = c.get("/api/v1/drafts/social-services-amendments/redline?lang=eng&ui=rus").await.json();
        let inline = r["inline_html"].as_str().unwrap();
        assert!(inline.contains("<span class=\"badge\" lang=\"ru\">изменена</span>"), "{}", &inline[..inline.len().min(600)]);
        assert!(!inline.contains(">modified<"));
        let table = r["table_html"].as_str().unwrap();
        assert!(table.contains("Действующая редакция") && table.contains("lang=\"ru\""));
        assert_eq!(c.get("/api/v1/drafts/social-services-amendments/redline?ui=klingon").await.status, StatusCode::BAD_REQUEST);
        assert_eq!(c.get("/api/v1/drafts/social-services-amendments/redline?ui=klingon").await.status, StatusCode::BAD_REQUEST);
        let own = c.get("/api/v1/drafts/social-services-amendments/redline?lang=eng").await.json();
        assert!(own["inline_html"].as_str().unwrap().contains(">modified<"));

        // The Russian comparative table in Word names the reviewers' notes in Russian.
        let docx = c.get("/api/v1/drafts/social-services-amendments/export?format=table-docx&lang=rus").await;
        assert_eq!(docx.status, StatusCode::OK);
        let words = kanun_import::docx::docx_text(&docx.bytes).unwrap();
        assert!(words.contains("рекомендация · принята"), "the notes' type and status in Russian");
        assert!(!words.contains("recommendation · accepted") && !words.contains("question · open"));

        // The report's downloads in the reader's language: headings, types, statuses and priorities.
        let md = c.get("/api/v1/report?format=md&lang=rus").await.text();
        assert!(md.starts_with("# Отчёт об экспертизе"), "{}", &md[..200.min(md.len())]);
        assert!(md.contains("**пробел**") && md.contains("приоритет: высокий"), "Russian names of types and priorities");
        assert!(!md.contains(" priority)") && !md.contains("Orphaned annotations"));
        let html = c.get("/api/v1/report?format=html&lang=tuk").await.text();
        assert!(html.contains("<html lang=\"tk\">") && html.contains("Seljeriş hasabaty") && html.contains("boşluk"));
        assert_eq!(c.get("/api/v1/report?format=md&lang=xx").await.status, StatusCode::BAD_REQUEST);
    });
    rt().block_on(async {
        let mut c =
            Client::new(workbench("workbench-users", &[("ada", Role::Admin), ("rev", Role::Reviewer)]));
        assert_eq!(c.login("ada").await.status, StatusCode::OK);
        let r = c.json(Method::PATCH, "/api/v1/users/rev", &json!({"role": "drafter"}), &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let r = c.json(Method::PATCH, "/api/v1/users/ada", &json!({"disabled": true}), &[]).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "the last admin stays: {}", r.text());
        assert_eq!(
            c.json(Method::PATCH, "/api/v1/users/nobody", &json!({"role": "reader"}), &[]).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            c.json(Method::PATCH, "/api/v1/users/rev", &json!({"role": "emperor"}), &[]).await.status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            c.json(Method::PATCH, "/api/v1/users/rev", &json!({"colour": "red"}), &[]).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let r = c.json(Method::PATCH, "/api/v1/users/rev", &json!({"disabled": true}), &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        let users = c.get("/api/v1/users").await.json();
        assert!(
            users["users"]
                .as_array()
                .unwrap()
                .iter()
                .any(|u| u["name"] == "rev" && u["disabled"] == true && u["role"] == "drafter")
        );
        let mut other = Client { app: c.app.clone(), cookie: None, csrf: String::new() };
        let r = other.login("rev").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "a disabled user cannot sign in: {}", r.text());
        assert!(r.text().contains("disabled"));
        // Enabled again with a new password: the old one no longer works, the new one does.
        let r = c
            .json(
                Method::PATCH,
                "/api/v1/users/rev",
                &json!({"disabled": false, "password": "a-new-password-7"}),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(other.login("rev").await.status, StatusCode::UNAUTHORIZED);
    });
}

/// A draft written in Word is uploaded as it is: the law it amends and the version are given with it, its
/// paragraphs (Word's own numbering) are read as articles, parts and points, and the redline shows the change.
#[test]
fn a_word_draft_is_uploaded_and_compared() {
    rt().block_on(async {
        let mut c = Client::new(workbench("word-draft", &[("dana", Role::Drafter)]));
        assert_eq!(c.login("dana").await.status, StatusCode::OK);
        let law = std::fs::read_to_string(root().join("corpus/tm/social-services/eng@2024-07-01.md")).unwrap();
        assert!(law.contains("at least once every two years"));
        let changed = law.replace("at least once every two years", "at least once a year");
        let parsed = kanun_markdown::parse(&changed, None);
        let docx = kanun_docx::law(parsed.expression.as_ref().unwrap(), true).unwrap();
        const WORD: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        let uri = "/api/v1/drafts?amends=social-services&lang=eng&base=2024-07-01&date=2026-12-01&name=yearly-inspections";
        let r = c.send(Method::POST, uri, Body::from(docx.clone()), &[("content-type", WORD)]).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        assert_eq!(r.json()["name"], "yearly-inspections");
        let red = c.get("/api/v1/drafts/yearly-inspections/redline").await.json();
        let inline = red["inline_html"].as_str().unwrap();
        assert!(inline.contains("<ins>a year</ins>") || inline.contains("a year</ins>"), "the change is tracked");
        assert_eq!(red["redline"]["summary"]["modified"], 1, "{}", red["redline"]["summary"]);
        // What a Word draft must say, and what it must be.
        let missing = c.send(Method::POST, "/api/v1/drafts?lang=eng", Body::from(docx.clone()), &[("content-type", WORD)]).await;
        assert_eq!(missing.status, StatusCode::BAD_REQUEST);
        assert!(missing.text().contains("amends"), "{}", missing.text());
        let unknown = "/api/v1/drafts?amends=no-such-law&lang=eng";
        assert_eq!(c.send(Method::POST, unknown, Body::from(docx.clone()), &[("content-type", WORD)]).await.status, StatusCode::NOT_FOUND);
        let renamed_zip = c.send(Method::POST, "/api/v1/drafts?amends=social-services&lang=eng", Body::from(b"PK\x03\x04 not really".to_vec()), &[("content-type", WORD)]).await;
        assert_eq!(renamed_zip.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", renamed_zip.text());
        let bad_name = "/api/v1/drafts?amends=social-services&lang=eng&name=..%2F..%2Fetc";
        assert_eq!(c.send(Method::POST, bad_name, Body::from(docx), &[("content-type", WORD)]).await.status, StatusCode::BAD_REQUEST);
    });
}

/// A list places its annotations together (one re-anchoring pass per text), and each is placed exactly as when it
/// is read alone.
#[test]
fn a_list_places_each_annotation_as_reading_it_alone_does() {
    rt().block_on(async {
        let c = Client::new(workbench("place-all", &[]));
        for q in [
            "work=social-services",
            "work=social-services&lang=eng&asof=2022-01-01",
            "work=guardianship&lang=rus",
        ] {
            let list = c.get(&format!("/api/v1/annotations?{q}")).await.json();
            let items = list["annotations"].as_array().unwrap();
            assert!(!items.is_empty(), "{q}");
            let lang_asof: String = q.split('&').skip(1).collect::<Vec<_>>().join("&");
            for a in items {
                let one = c
                    .get(&format!("/api/v1/annotations/{}?{lang_asof}", a["id"].as_str().unwrap()))
                    .await
                    .json();
                assert_eq!(a["anchor"], one["anchor"], "{q}: {}", a["id"]);
            }
        }
    });
}

/// One indexer takes annotation changes into the search index: without any search asking, a new note is in the
/// index within a second of its write (a search only reads; it waits for the indexer, never commits itself).
#[test]
fn the_annotation_indexer_takes_a_write_in_within_a_second_without_a_search() {
    rt().block_on(async {
        let wb = Arc::new(workbench("indexer", &[]));
        let mut c = Client { app: kanun_server::router(wb.clone()), cookie: None, csrf: String::new() };
        c.refresh_csrf().await;
        let made = c
            .json(
                Method::POST,
                "/api/v1/annotations",
                &json!({"work": "social-services", "eid": "art_14", "body": "zebracrossing quokka"}),
                &[],
            )
            .await;
        assert_eq!(made.status, StatusCode::CREATED);
        let written = std::time::Instant::now();
        let q = kanun_query::parse("quokka kind:annotation").unwrap();
        loop {
            let found =
                wb.index.read().unwrap().search(&q, &kanun_search::SearchOptions::default()).unwrap().total;
            if found == 1 {
                break;
            }
            assert!(written.elapsed() < std::time::Duration::from_secs(1), "not indexed within a second");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        // And a search through the API sees an edit made just before it.
        let id = made.json()["id"].as_str().unwrap().to_string();
        let r = c
            .json(
                Method::PATCH,
                &format!("/api/v1/annotations/{id}"),
                &json!({"body": "platypus"}),
                &[("if-match", "\"1\"")],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let s = c.get("/api/v1/search?q=platypus&kind=annotation").await.json();
        assert_eq!(s["total"], 1, "{s}");
    });
}

/// `kanun serve` compares the works with the index only when a corpus file changed since the index was brought in
/// line: a second start on the same corpus writes nothing and reads no law (the catalog lists them; each is read
/// when first asked for); a start after a file changed re-indexes that work.
#[test]
fn a_restart_on_an_unchanged_corpus_does_not_sync_the_index() {
    let data = data_dir("restart-sync");
    let corpus = data.with_extension("corpus");
    let _ = std::fs::remove_dir_all(&corpus);
    let work = corpus.join("tm/social-work");
    std::fs::create_dir_all(&work).unwrap();
    for f in std::fs::read_dir(root().join("corpus/tm/social-work")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, work.join(f.file_name().unwrap())).unwrap();
    }
    // How many works each start compared with the index (the sync's progress events).
    let open = |compared: &mut usize| {
        let config = Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            data: data.clone(),
            corpus: corpus.clone(),
            annotations: root().join("annotations"),
            web: None,
            public_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            cache_bytes: 256 << 20,
        };
        Workbench::open(config, &mut |e| {
            if let kanun_search::SyncEvent::Work { .. } = e {
                *compared += 1;
            }
        })
        .unwrap()
    };
    let mut compared = 0;
    let first = open(&mut compared);
    assert_eq!(compared, 1);
    assert_eq!(first.sync_report.added.len(), 1);
    assert!(first.sync_report.documents > 0);
    drop(first);
    compared = 0;
    let second = open(&mut compared);
    assert_eq!(compared, 0, "no work compared on a restart with the corpus unchanged");
    assert_eq!(
        (second.sync_report.documents, second.sync_report.unchanged),
        (0, 1),
        "{:?}",
        second.sync_report
    );
    assert!(!second.index.read().unwrap().is_empty(), "the index kept its articles");
    assert_eq!(
        second.corpus.kept(),
        (0, 0, 0),
        "a restart on an unchanged corpus reads no law: the catalog lists them"
    );
    assert!(second.expression("social-work", None, None).is_ok());
    assert_eq!(second.corpus.kept().2, 1, "a law is read when it is first asked for");
    // Who cites what is built once and stored beside the index; the next start reads it back without reading a law.
    let graph = second.graph(kanun_model::Language::ENG);
    assert!(!graph.incoming.is_empty(), "the social work law cites its own articles");
    assert!(data.join("citations-eng.json").is_file());
    drop(second);
    let again = open(&mut compared);
    assert_eq!(again.graph(kanun_model::Language::ENG).incoming, graph.incoming);
    assert_eq!(again.corpus.kept().2, 0, "the stored citations are read, not built again from the laws");
    drop(again);
    let file = std::fs::read_dir(&work)
        .unwrap()
        .map(|f| f.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "md"))
        .unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\nOne more sentence of the last article.\n")).unwrap();
    let third = open(&mut compared);
    assert_eq!(compared, 1);
    assert_eq!(third.sync_report.updated.len(), 1, "{:?}", third.sync_report);
    std::fs::remove_dir_all(&corpus).ok();
}

/// Where `v` breaks `schema` (the JSON Schema subset the OpenAPI document uses: `$ref`, `type`, `enum`, `oneOf`,
/// `properties`, `required`, `additionalProperties`, `items`, `prefixItems`, `minimum`), as `path: why` lines.
fn schema_errors(v: &Value, schema: &Value, doc: &Value, at: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/components/schemas/");
        let target = &doc["components"]["schemas"][name];
        if target.is_null() {
            return vec![format!("{at}: no schema {name}")];
        }
        return schema_errors(v, target, doc, at);
    }
    if let Some(types) = schema.get("type") {
        let names: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let is = |t: &str| match t {
            "null" => v.is_null(),
            "boolean" => v.is_boolean(),
            "integer" => v.is_u64() || v.is_i64(),
            "number" => v.is_number(),
            "string" => v.is_string(),
            "array" => v.is_array(),
            "object" => v.is_object(),
            _ => false,
        };
        if !names.iter().any(|t| is(t)) {
            return vec![format!("{at}: {v} is not {names:?}")];
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(v)
    {
        out.push(format!("{at}: {v} is not one of {allowed:?}"));
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let fits = options.iter().filter(|o| schema_errors(v, o, doc, at).is_empty()).count();
        if fits != 1 {
            out.push(format!("{at}: {v} fits {fits} of the oneOf options, not exactly one"));
        }
    }
    if let (Some(min), Some(x)) = (schema.get("minimum").and_then(Value::as_f64), v.as_f64())
        && x < min
    {
        out.push(format!("{at}: {x} < {min}"));
    }
    if let Some(o) = v.as_object() {
        let props = schema.get("properties").and_then(Value::as_object);
        for r in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            let r = r.as_str().unwrap_or_default();
            if !o.contains_key(r) {
                out.push(format!("{at}: {r} is missing"));
            }
        }
        for (k, x) in o {
            match (props.and_then(|p| p.get(k)), schema.get("additionalProperties")) {
                (Some(p), _) => out.extend(schema_errors(x, p, doc, &format!("{at}.{k}"))),
                (None, Some(Value::Bool(false))) => out.push(format!("{at}: {k} is not in the schema")),
                (None, Some(extra)) if extra.is_object() => {
                    out.extend(schema_errors(x, extra, doc, &format!("{at}.{k}")));
                }
                _ => {}
            }
        }
    }
    if let Some(a) = v.as_array() {
        let prefix = schema.get("prefixItems").and_then(Value::as_array);
        for (i, x) in a.iter().enumerate() {
            let item = match prefix.and_then(|p| p.get(i)) {
                Some(p) => Some(p),
                None => schema.get("items"),
            };
            match item {
                Some(Value::Bool(false)) => out.push(format!("{at}[{i}]: no item allowed here")),
                Some(s) if s.is_object() => out.extend(schema_errors(x, s, doc, &format!("{at}[{i}]"))),
                _ => {}
            }
        }
    }
    out
}

/// Every answer the OpenAPI document describes is checked against its schema, as the server gives it: the document
/// cannot say one thing while the code sends another (the schemas are strict: a field added or dropped fails).
#[test]
fn every_described_answer_matches_the_openapi_schema() {
    rt().block_on(async {
        let c = Client::new(workbench("schemas", &[]));
        let doc = c.get("/api/v1/openapi.json").await.json();
        let list = c.get("/api/v1/annotations").await.json();
        let id = list["annotations"][0]["id"].as_str().unwrap().to_string();
        let cases: Vec<(String, &str)> = vec![
            ("/healthz".into(), "/healthz"),
            ("/api/v1/session".into(), "/api/v1/session"),
            ("/api/v1/search?q=social%20worker".into(), "/api/v1/search"),
            ("/api/v1/search?q=deinstitutionalisation&kind=annotation".into(), "/api/v1/search"),
            (
                "/api/v1/search?q=%D1%83%D1%81%D0%BB%D1%83%D0%B3%D0%B0&lang=rus&limit=3".into(),
                "/api/v1/search",
            ),
            ("/api/v1/works".into(), "/api/v1/works"),
            (
                "/api/v1/works/social-protection-code/refs/art_23?lang=rus".into(),
                "/api/v1/works/{name}/refs/{eid}",
            ),
            ("/api/v1/works/social-services/refs/art_1".into(), "/api/v1/works/{name}/refs/{eid}"),
            ("/api/v1/works/social-services/terms?lang=tuk".into(), "/api/v1/works/{name}/terms"),
            ("/api/v1/works/social-services/history?lang=rus".into(), "/api/v1/works/{name}/history"),
            ("/api/v1/annotations".into(), "/api/v1/annotations"),
            (format!("/api/v1/annotations/{id}"), "/api/v1/annotations/{id}"),
            ("/api/v1/drafts".into(), "/api/v1/drafts"),
            ("/api/v1/users".into(), "/api/v1/users"),
        ];
        for (method, path, _) in kanun_server::schemas::RESPONSES {
            assert!(cases.iter().any(|(_, p)| p == path), "{method} {path} has a schema but no case here");
        }
        for (uri, path) in &cases {
            let r = c.get(uri).await;
            assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text());
            let schema =
                &doc["paths"][*path]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
            assert!(schema.get("$ref").is_some(), "{path} names no schema: {schema}");
            let errors = schema_errors(&r.json(), schema, &doc, "$");
            assert!(errors.is_empty(), "{uri} does not match its schema:\n{}", errors.join("\n"));
        }
        // The check can fail: an answer with a field the schema does not name, or without one it requires.
        let health =
            &doc["paths"]["/healthz"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        let mut bad = c.get("/healthz").await.json();
        bad["uptime"] = json!(1);
        bad.as_object_mut().unwrap().remove("works");
        let errors = schema_errors(&bad, health, &doc, "$");
        assert_eq!(errors, ["$: works is missing", "$: uptime is not in the schema"], "{errors:?}");
    });
}
