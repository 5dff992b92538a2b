//! The JSON API handlers, one module per resource, and the extractors that turn bad requests into JSON errors.

pub mod annotations;
pub mod bodies;
pub mod drafts;
pub mod editor;
pub mod session;
pub mod texts;

use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, ApiResult};
use crate::state::Workbench;

/// The shared state of handlers.
pub type AppState = Arc<Workbench>;

/// Query parameters; a malformed query string is a 400 naming the parameter.
pub struct Q<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Q<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or_default();
        if q.len() > 4096 {
            return Err(ApiError::new(
                axum::http::StatusCode::URI_TOO_LONG,
                "too_large",
                "the query string is longer than 4,096 bytes",
            ));
        }
        check_utf8(q)?;
        serde_urlencoded_like(q).map(Q)
    }
}

/// Refuses a query string whose percent-decoded parameters are not UTF-8 (the decoder would otherwise replace
/// the bytes with U+FFFD and the request would quietly mean something else).
fn check_utf8(q: &str) -> ApiResult<()> {
    for pair in q.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let b = value.as_bytes();
        let mut out = Vec::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
                (b'%', Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                }
                (c, _, _) => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        if let Err(e) = std::str::from_utf8(&out) {
            return Err(ApiError::bad_request(format!(
                "the query parameter {name:?} is not UTF-8 (decoded byte {})",
                e.valid_up_to()
            ))
            .hint("percent-encode the text as UTF-8"));
        }
    }
    Ok(())
}

fn serde_urlencoded_like<T: DeserializeOwned>(q: &str) -> ApiResult<T> {
    axum::extract::Query::<T>::try_from_uri(
        &format!("/?{q}").parse().map_err(|_| ApiError::bad_request("the query string is not valid"))?,
    )
    .map(|axum::extract::Query(v)| v)
    .map_err(|e| ApiError::bad_request(format!("query parameters: {}", e.body_text())))
}

/// A JSON body; a malformed or mistyped body is a 400 (or 415, 413) saying what is wrong.
pub struct J<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for J<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(J(v)),
            Err(e) => {
                let status = e.status();
                let code = match status.as_u16() {
                    413 => "too_large",
                    _ => "bad_request",
                };
                Err(ApiError::new(status, code, format!("request body: {}", e.body_text()))
                    .hint("send JSON with Content-Type: application/json; see /api/v1/openapi.json"))
            }
        }
    }
}

/// Runs blocking work (the index, the store, the redline) off the async threads.
pub async fn blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Workbench) -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    let s = state.clone();
    tokio::task::spawn_blocking(move || f(&s)).await?
}

/// The searches run at once, each on one core; the others wait their turn.
///
/// A search is CPU work from start to end. Given to the blocking pool as they come, eight at once on two cores
/// share them, and each takes four times its own time: a 12 ms search answered in 50 ms, and every search that
/// came with it slowed as much. Run a few at a time (see `Limits::searches`), each is answered in about its own
/// time after those before it (a search engine's search pool and queue), and as many searches are answered in
/// a second.
#[derive(Clone)]
pub struct SearchSlots(Arc<tokio::sync::Semaphore>);

impl SearchSlots {
    /// `n` searches at once (at least one).
    pub fn new(n: usize) -> SearchSlots {
        SearchSlots(Arc::new(tokio::sync::Semaphore::new(n.max(1))))
    }

    /// Runs `f` off the async threads once a slot is free. (A request given up while it waits, by its client or
    /// its timeout, gives up its place.)
    pub async fn blocking<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> ApiResult<T> {
        let _slot = self.0.acquire().await.map_err(ApiError::internal)?;
        Ok(tokio::task::spawn_blocking(f).await?)
    }
}

/// Parses an optional language parameter.
pub fn lang_param(v: Option<&str>) -> ApiResult<Option<kanun_model::Language>> {
    v.filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<kanun_model::Language>()
                .map_err(|e| ApiError::bad_request(format!("lang={s:?}: {e}")).hint("use eng, rus or tuk"))
        })
        .transpose()
}

/// Parses an optional date parameter.
pub fn date_param(name: &str, v: Option<&str>) -> ApiResult<Option<kanun_model::Date>> {
    v.filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<kanun_model::Date>()
                .map_err(|e| ApiError::bad_request(format!("{name}={s:?}: {e}")).hint("write YYYY-MM-DD"))
        })
        .transpose()
}

/// The revision an `If-Match` header names.
pub(crate) fn if_match(h: &HeaderMap) -> ApiResult<u64> {
    let v = h.get(header::IF_MATCH).ok_or_else(|| {
        ApiError::new(StatusCode::PRECONDITION_REQUIRED, "precondition_required", "If-Match is required")
            .hint("send If-Match: \"<revision>\" with the revision you last read (the ETag)")
    })?;
    let s = v.to_str().unwrap_or_default().trim();
    let s = s.strip_prefix("W/").unwrap_or(s).trim_matches('"');
    s.parse::<u64>().map_err(|_| {
        ApiError::bad_request(format!("If-Match {s:?} is not a revision")).hint("send If-Match: \"3\"")
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::SearchSlots;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn searches_run_no_more_than_the_slots_at_once() {
        for slots in [1, 2, 3] {
            let s = SearchSlots::new(slots);
            let running = Arc::new(AtomicUsize::new(0));
            let most = Arc::new(AtomicUsize::new(0));
            let mut tasks = Vec::new();
            for _ in 0..8 {
                let (s, running, most) = (s.clone(), running.clone(), most.clone());
                tasks.push(tokio::spawn(async move {
                    s.blocking(move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        running.fetch_sub(1, Ordering::SeqCst);
                        now
                    })
                    .await
                }));
            }
            for t in tasks {
                assert!(t.await.unwrap().is_ok());
            }
            // Eight searches of 20 ms on `slots` slots: never more at once, and as many as there are slots.
            assert_eq!(most.load(Ordering::SeqCst), slots, "{slots} slots");
        }
    }
}
