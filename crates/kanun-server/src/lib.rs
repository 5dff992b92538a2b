//! The web workbench: `kanun serve`. An axum server with the JSON API under `/api/v1/` (see `docs/api.md` and
//! `/api/v1/openapi.json`), the pages of `web/` (built into the program), sessions and roles, and the security
//! headers. Every API route is declared once in [`routes::ROUTES`] with the least role it needs; one middleware
//! enforces the role and the CSRF token for all of them, so no handler can forget.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use kanun_server::{Config, Workbench};
//!
//! let config = Config {
//!     addr: "127.0.0.1:8080".parse()?,
//!     data: ".kanun".into(),
//!     corpus: "corpus".into(),
//!     annotations: "annotations".into(),
//!     web: None,
//!     public_origins: Vec::new(),
//!     trusted_proxies: Vec::new(),
//!     cache_bytes: 256 << 20,
//! };
//! let wb = Workbench::open(config, &mut |_| {})?;
//! kanun_server::serve(wb, async { let _ = tokio::signal::ctrl_c().await; }).await?;
//! # Ok(()) }
//! ```

pub mod api;
pub mod auth;
pub mod error;
pub mod origin;
pub mod routes;
pub mod schemas;
pub mod state;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use auth::Mode;
pub use error::ApiError;
pub use state::{Config, StartError, Workbench};

use api::AppState;

mod assets {
    include!(concat!(env!("OUT_DIR"), "/assets.rs"));
}

/// The largest request body, in bytes.
pub const MAX_BODY: usize = 1 << 20;

/// The most bytes of headers a request may carry (names, values and separators).
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// The Content-Security-Policy of every response: nothing inline, nothing from elsewhere.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                       object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// The pages' routes: each answers `web/index.html`, whose scripts read the URL.
pub const PAGES: &[&str] = &[
    "/",
    "/search",
    "/read/{name}",
    "/drafts",
    "/drafts/{name}",
    "/editor",
    "/editor/{name}",
    "/report",
    "/login",
    "/users",
];

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

#[derive(Clone, Default)]
struct Counter(Arc<AtomicU64>);

impl MakeRequestId for Counter {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let n = self.0.fetch_add(1, Ordering::Relaxed) + 1;
        HeaderValue::from_str(&format!("r{n:06}")).ok().map(RequestId::new)
    }
}

/// The router with every route, middleware and the state, with the default [`Limits`].
pub fn router(wb: Arc<Workbench>) -> Router {
    router_with(wb, &Limits::default())
}

/// The router with these limits.
pub fn router_with(wb: Arc<Workbench>, limits: &Limits) -> Router {
    use api::{annotations as an, drafts as dr, editor as ed, session as se, texts as tx};
    wb.start_indexer();
    wb.start_citations();
    let api = Router::new()
        .route("/healthz", get(se::health))
        .route("/api/v1/openapi.json", get(se::openapi))
        .route("/api/v1/session", get(se::session))
        .route("/api/v1/login", post(se::login))
        .route("/api/v1/logout", post(se::logout))
        .route("/api/v1/search", get(tx::search))
        .route("/api/v1/works", get(tx::works))
        .route("/api/v1/works/{name}/text", get(tx::text))
        .route("/api/v1/works/{name}/provisions/{eid}", get(tx::provision))
        .route("/api/v1/works/{name}/refs/{eid}", get(tx::refs))
        .route("/api/v1/works/{name}/terms", get(tx::terms))
        .route("/api/v1/works/{name}/history", get(tx::history))
        .route("/api/v1/annotations", get(an::list).post(an::create))
        .route("/api/v1/annotations/{id}", get(an::get).patch(an::patch).delete(an::delete))
        .route("/api/v1/annotations/{id}/replies", post(an::reply))
        .route("/api/v1/drafts", get(dr::list).post(dr::upload))
        .route("/api/v1/drafts/{name}", delete(dr::remove))
        .route("/api/v1/drafts/{name}/redline", get(dr::redline))
        .route("/api/v1/drafts/{name}/export", get(dr::export))
        .route("/api/v1/editor", get(ed::list).post(ed::start))
        .route("/api/v1/editor/{name}", get(ed::get))
        .route("/api/v1/editor/{name}/changes", post(ed::change))
        .route("/api/v1/editor/{name}/milestones", post(ed::milestone))
        .route("/api/v1/editor/{name}/revisions", get(ed::revisions))
        .route("/api/v1/editor/{name}/corpus", get(ed::corpus))
        .route("/api/v1/editor/{name}/suggestions", get(ed::suggestions).post(ed::suggest))
        .route("/api/v1/editor/{name}/suggestions/{id}/accept", post(ed::accept))
        .route("/api/v1/editor/{name}/suggestions/{id}/decline", post(ed::decline))
        .route("/api/v1/editor/{name}/redline", get(ed::redline))
        .route("/api/v1/report", get(se::report))
        .route("/api/v1/users", get(se::users).post(se::add_user))
        .route("/api/v1/users/{name}", axum::routing::patch(se::change_user))
        .route_layer(middleware::from_fn_with_state(wb.clone(), guard));
    let mut pages = Router::new();
    for p in PAGES {
        pages = pages.route(p, get(page));
    }
    Router::new()
        .merge(api)
        .merge(pages)
        .route("/assets/{*path}", get(asset))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::Extension(api::SearchSlots::new(limits.searches)))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(middleware::from_fn_with_state(wb.clone(), origin_guard))
        .layer(middleware::from_fn(security_headers))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", id = %id, method = %req.method(), path = %req.uri().path())
                })
                .on_response(
                    tower_http::trace::DefaultOnResponse::new()
                        .level(tracing::Level::INFO)
                        .latency_unit(tower_http::LatencyUnit::Millis),
                ),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, Counter::default()))
        .with_state(wb)
}

/// Who is calling, and may they: the session (or local user), then the CSRF token on mutations, then the role
/// that [`routes::ROUTES`] gives the route.
async fn guard(
    State(wb): State<AppState>,
    matched: Option<MatchedPath>,
    mut req: Request,
    next: Next,
) -> Response {
    let cookie = api::session::session_cookie(req.headers());
    let caller = wb.auth.caller(cookie.as_deref());
    let method = req.method().clone();
    let spec = matched.as_ref().and_then(|m| routes::spec(&method, m.as_str()));
    let Some(spec) = spec else {
        // Every API route is in the table (a test checks); one that is not is refused, not let through.
        return ApiError::forbidden("this route has no declared role").into_response();
    };
    // Not signed in: say so (401) before anything else.
    if let Some(role) = spec.role
        && caller.role.is_none()
        && let Err(e) = caller.need(role)
    {
        return e.into_response();
    }
    if routes::is_mutation(&method) {
        let sent = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or_default();
        if !auth::same_token(sent, &caller.csrf) {
            return ApiError::new(StatusCode::FORBIDDEN, "csrf", "missing or wrong CSRF token")
                .hint("send the header X-CSRF-Token with the token from GET /api/v1/session")
                .into_response();
        }
    }
    if let Some(role) = spec.role
        && let Err(e) = caller.need(role)
    {
        return e.into_response();
    }
    req.extensions_mut().insert(caller);
    next.run(req).await
}

/// Refuses, on every route (API, pages, files), a request for a host or from an origin this server must not
/// answer: the defence against DNS rebinding ([`origin`]).
async fn origin_guard(State(wb): State<AppState>, req: Request, next: Next) -> Response {
    // The documented limit on headers, counted whole (hyper's buffer alone let 70 KB through).
    let header_bytes: usize = req.headers().iter().map(|(k, v)| k.as_str().len() + v.len() + 4).sum();
    if header_bytes > MAX_HEADER_BYTES {
        return ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "too_large",
            format!("the request's headers are {header_bytes} bytes, over the limit of {MAX_HEADER_BYTES}"),
        )
        .hint("send fewer or shorter headers (a large cookie from another site on this host?)")
        .into_response();
    }
    match wb.origin_policy().check(req.headers()) {
        Ok(()) => next.run(req).await,
        Err(e) => {
            tracing::warn!(host = ?req.headers().get(header::HOST), origin = ?req.headers().get(header::ORIGIN), "refused: {}", e.message);
            e.into_response()
        }
    }
}

async fn security_headers(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut r = next.run(req).await;
    let plain = |r: &Response| {
        r.headers().get(header::CONTENT_TYPE).is_none_or(|v| v.as_bytes().starts_with(b"text/plain"))
    };
    // A request that took too long (a slow body, say) gets the API's JSON error, not an empty 408.
    if r.status() == StatusCode::REQUEST_TIMEOUT && plain(&r) {
        r = ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "timeout",
            "the request took too long (a slow connection or a slow body)",
        )
        .hint("send the whole request at once")
        .into_response();
    }
    // A body too large for the limit comes back from axum as plain text: make it the API's JSON error.
    if r.status() == StatusCode::PAYLOAD_TOO_LARGE && plain(&r) {
        r = ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("the body is larger than {MAX_BODY} bytes"),
        )
        .into_response();
    }
    // Other refusals of axum's extractors (a path segment that is not UTF-8, a query that does not parse) come
    // as plain text too: the API answers every error in its JSON shape.
    if api && r.status().is_client_error() && plain(&r) {
        let status = r.status();
        let text = axum::body::to_bytes(std::mem::take(r.body_mut()), 4096)
            .await
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        r = ApiError::new(status, "bad_request", if text.is_empty() { status.to_string() } else { text })
            .into_response();
    }
    let h = r.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if api && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    r
}

async fn not_found(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("no route {method} {}", uri.path())).hint("see /api/v1/openapi.json")
}

async fn method_not_allowed(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "bad_request",
        format!("{method} is not allowed on {}", uri.path()),
    )
    .hint("see /api/v1/openapi.json")
}

/// The bytes of a page file: from `--web DIR` when given, else the copy built in.
fn asset_bytes(wb: &Workbench, path: &str) -> Option<Vec<u8>> {
    if path.split('/').any(|seg| seg.is_empty() || seg == ".." || seg.starts_with('.')) || path.contains('\\')
    {
        return None;
    }
    if let Some(dir) = &wb.config.web {
        return std::fs::read(dir.join(path)).ok();
    }
    assets::ASSETS.iter().find(|(p, _)| *p == path).map(|(_, b)| b.to_vec())
}

fn media_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|x| x.1) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("md" | "txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

async fn asset(
    State(wb): State<AppState>,
    axum::extract::Path(path): axum::extract::Path<String>,
) -> Response {
    match asset_bytes(&wb, &path) {
        Some(b) => {
            let mut r = Response::new(Body::from(b));
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type(&path)));
            r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            r
        }
        None => ApiError::not_found(format!("no file {path:?} in the workbench pages")).into_response(),
    }
}

async fn page(State(wb): State<AppState>) -> Response {
    match asset_bytes(&wb, "index.html") {
        Some(b) => {
            let mut r = Response::new(Body::from(b));
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            r
        }
        None => ApiError::internal("web/index.html is missing from this build").into_response(),
    }
}

/// How long a client may take, and how many may be connected: the defences against slow and idle clients
/// (slowloris) and connection floods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest a request may take from its headers to the last byte of the response, reading a slow body
    /// included; after it the client gets 408.
    pub request_timeout: Duration,
    /// The longest a client may take to send a request's headers (or, on a kept-alive connection, to start the
    /// next request); after it the connection is closed.
    pub header_timeout: Duration,
    /// Connections served at once; the next ones wait in the kernel's backlog.
    pub max_connections: usize,
    /// How long a shutdown waits for the requests in flight.
    pub drain: Duration,
    /// Searches run at once; the next ones wait their turn (see [`api::SearchSlots`]). By default one and a half
    /// per core, plus one (a search engine's search pool: 4 on two cores, so that the cores stay busy while a
    /// finished search's answer is written).
    pub searches: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            request_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
            max_connections: 512,
            drain: Duration::from_secs(30),
            searches: std::thread::available_parallelism().map_or(2, std::num::NonZero::get) * 3 / 2 + 1,
        }
    }
}

/// Serves until `shutdown` completes, then finishes the requests in flight.
pub async fn serve(
    wb: Workbench,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr = wb.config.addr;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    serve_on(listener, Arc::new(wb), shutdown).await
}

/// Serves on a bound listener (tests bind port 0 and read the address), with the default [`Limits`].
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    wb: Arc<Workbench>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, wb, Limits::default(), shutdown).await
}

/// Serves on a bound listener with these limits until `shutdown` completes, then stops accepting and waits up to
/// `limits.drain` for the requests in flight. Each connection is HTTP/1.1 with a header-read timeout; each
/// request carries the client's address (for the sign-in throttle).
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    wb: Arc<Workbench>,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::extract::ConnectInfo;
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt as _;

    if let Ok(a) = listener.local_addr() {
        wb.bound_port.store(a.port(), Ordering::Relaxed);
    }
    let app = router_with(wb, &limits);
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            s = slots.clone().acquire_owned() => match s {
                Ok(s) => s,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, remote) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let svc = app.clone().map_request(move |mut r: axum::http::Request<hyper::body::Incoming>| {
            r.extensions_mut().insert(ConnectInfo(remote));
            r
        });
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .max_buf_size(64 * 1024)
            .serve_connection(TokioIo::new(stream), hyper_util::service::TowerToHyperService::new(svc));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.drain) => {
            tracing::warn!("stopped with requests still in flight after {} s", limits.drain.as_secs());
        }
    }
    Ok(())
}
