//! API errors: a status, a stable code, a human message and a hint, always as JSON. Bad input is a 4xx with
//! words saying what to change; only a fault of the server itself is a 500.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// An error answered to a client.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable code: `bad_request`, `bad_query`, `not_found`, `unauthenticated`, `forbidden`, `csrf`, `stale`,
    /// `precondition_required`, `conflict`, `too_large`, `too_many_requests`, `internal`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// Rarer details (kept out of line so that results stay small).
    pub extra: Option<Box<Extra>>,
}

/// Details some errors carry.
#[derive(Debug, Clone, Default)]
pub struct Extra {
    /// For query errors: the character position in the query.
    pub position: Option<usize>,
    /// For rate limits: seconds to wait.
    pub retry_after: Option<u64>,
    /// For input checked like `kanun check`: every problem, by line.
    pub diagnostics: Vec<serde_json::Value>,
    /// For a stale save of a draft: the revisions saved meanwhile (the other drafter's changes).
    pub theirs: Option<serde_json::Value>,
}

impl ApiError {
    /// An error with a status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), hint: String::new(), extra: None }
    }

    /// Adds details.
    pub fn with(mut self, f: impl FnOnce(&mut Extra)) -> ApiError {
        f(self.extra.get_or_insert_with(Box::default));
        self
    }

    /// The seconds to wait, for a rate limit.
    pub fn retry_after(&self) -> Option<u64> {
        self.extra.as_ref().and_then(|e| e.retry_after)
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> ApiError {
        self.hint = hint.into();
        self
    }

    /// 400: the request is malformed.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 403: signed in, but the role does not allow it.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 409.
    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// 500: a fault of the server (its disk, its index), never of the input. The details go to the log.
    pub fn internal(message: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %message, "internal error");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", format!("the server failed: {message}"))
            .hint("this is not a problem with your request; the server log has the details")
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.status.as_u16(), self.code, self.message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut e = serde_json::json!({ "code": self.code, "message": self.message });
        if !self.hint.is_empty() {
            e["hint"] = self.hint.clone().into();
        }
        if let Some(x) = &self.extra {
            if let Some(p) = x.position {
                e["position"] = p.into();
            }
            if !x.diagnostics.is_empty() {
                e["diagnostics"] = x.diagnostics.clone().into();
            }
            if let Some(t) = &x.theirs {
                e["theirs"] = t.clone();
            }
        }
        let mut r = (self.status, axum::Json(serde_json::json!({ "error": e }))).into_response();
        if let Some(s) = self.retry_after()
            && let Ok(v) = HeaderValue::from_str(&s.to_string())
        {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        r
    }
}

impl From<kanun_model::corpus::LookupError> for ApiError {
    fn from(e: kanun_model::corpus::LookupError) -> ApiError {
        ApiError::not_found(e.to_string())
    }
}

impl From<kanun_workbench::DraftError> for ApiError {
    fn from(e: kanun_workbench::DraftError) -> Self {
        use kanun_workbench::DraftError;
        match e {
            DraftError::Lookup(l) => l.into(),
            DraftError::Redline(r @ kanun_redline::RedlineError::NotADraft(_)) => {
                ApiError::not_found(r.to_string()).hint("GET /api/v1/drafts lists the drafts")
            }
            DraftError::Redline(r) => r.into(),
            DraftError::NoBase { .. } => ApiError::not_found(e.to_string()),
            DraftError::NoAmends { .. } => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_request", e.to_string())
            }
        }
    }
}

impl From<kanun_workbench::editor::EditorError> for ApiError {
    fn from(e: kanun_workbench::editor::EditorError) -> Self {
        use kanun_workbench::editor::EditorError as E;
        match e {
            E::Lookup(l) => l.into(),
            E::Store(s) => s.into(),
            E::Redline(r) => r.into(),
            E::Draft(d) => d.into(),
            E::Drafting(d) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_request", d.to_string()),
            E::NoDraft(_) => ApiError::not_found(e.to_string()).hint("GET /api/v1/editor lists the drafts"),
            E::NoRevision { .. } => ApiError::not_found(e.to_string()),
            E::Broken { .. } => ApiError::internal(e),
            E::Word(w) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_request", w.to_string())
                .hint("save the document as .docx (Word 2007 or later)"),
            E::Lines(_) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_request", e.to_string()),
            E::NotWrittenOn { .. } => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_request", e.to_string())
            }
        }
    }
}

impl From<kanun_drafting::DraftingError> for ApiError {
    fn from(e: kanun_drafting::DraftingError) -> Self {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_request", e.to_string())
    }
}

impl From<kanun_workbench::LegalError> for ApiError {
    fn from(e: kanun_workbench::LegalError) -> Self {
        use kanun_workbench::LegalError;
        match e {
            LegalError::Lookup(l) => l.into(),
            other @ (LegalError::NoProvision { .. } | LegalError::NoText { .. }) => {
                ApiError::not_found(other.to_string())
            }
        }
    }
}

impl From<kanun_store::StoreError> for ApiError {
    fn from(e: kanun_store::StoreError) -> ApiError {
        use kanun_store::StoreError as S;
        match &e {
            S::NotFound(_) => ApiError::not_found(e.to_string()),
            S::Exists(_) => ApiError::conflict(e.to_string()),
            S::Stale { .. } => ApiError::new(StatusCode::PRECONDITION_FAILED, "stale", e.to_string())
                .hint("reload the annotation and apply your change again"),
            S::Decided(_) => ApiError::conflict(e.to_string()),
            S::Invalid(_) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_request", e.to_string()),
            S::Db { .. }
            | S::NewerSchema { .. }
            | S::Corrupt { .. }
            | S::Locked { .. }
            | S::Damaged { .. } => ApiError::internal(e),
        }
    }
}

impl From<kanun_search::SearchError> for ApiError {
    fn from(e: kanun_search::SearchError) -> ApiError {
        ApiError::internal(e)
    }
}

impl From<kanun_query::QueryError> for ApiError {
    fn from(e: kanun_query::QueryError) -> ApiError {
        let position = e.position;
        ApiError::new(StatusCode::BAD_REQUEST, "bad_query", e.message.clone())
            .hint(e.hint.clone())
            .with(|x| x.position = Some(position))
    }
}

impl From<kanun_redline::RedlineError> for ApiError {
    fn from(e: kanun_redline::RedlineError) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_request", e.to_string())
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> ApiError {
        ApiError::internal(e)
    }
}

/// The result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;
