//! The answers of the API's small routes as types (health, session, users, drafts uploaded and removed, the list
//! of works): each is what the OpenAPI document's schema of the route says, field for field
//! (`crate::schemas`; the test `every_described_answer_matches_the_openapi_schema` checks the real answers).

use kanun_corpus::catalog::CatalogWork;
use kanun_model::diag::Diagnostic;
use kanun_model::user::User;
use kanun_workbench::drafts::DraftSummary;
use serde::Serialize;

/// `GET /healthz`.
#[derive(Debug, Serialize)]
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: &'static str,
    /// Works in the corpus.
    pub works: usize,
    /// Expressions (language versions and dates) in the corpus.
    pub expressions: usize,
    /// Annotations in the store.
    pub annotations: usize,
}

/// `GET /api/v1/session` (and the answer to a sign-in).
#[derive(Debug, Serialize)]
pub struct Session {
    /// `local` or `team`.
    pub mode: &'static str,
    /// The signed-in user (none in local mode, or before signing in).
    pub user: Option<SessionUser>,
    /// The token a page sends back in `X-CSRF-Token` with each change.
    pub csrf: String,
    /// The interface language the browser asks for (`eng`, `rus`, `tuk`).
    pub ui_lang: &'static str,
}

/// The signed-in user of a [`Session`].
#[derive(Debug, Serialize)]
pub struct SessionUser {
    /// The user's name.
    pub name: String,
    /// `reader`, `reviewer` or `admin`.
    pub role: Option<&'static str>,
}

/// `POST /api/v1/logout`.
#[derive(Debug, Serialize)]
pub struct SignedOut {
    /// Always true.
    pub signed_out: bool,
}

/// A user as the admin's list shows it (never the password hash).
#[derive(Debug, Serialize)]
pub struct UserView {
    /// The name.
    pub name: String,
    /// `reader`, `reviewer` or `admin`.
    pub role: &'static str,
    /// When the user was added (RFC 3339).
    pub created: String,
    /// Whether the user may not sign in.
    pub disabled: bool,
}

impl From<&User> for UserView {
    fn from(u: &User) -> UserView {
        UserView {
            name: u.name.clone(),
            role: u.role.as_str(),
            created: u.created.clone(),
            disabled: u.disabled,
        }
    }
}

/// `GET /api/v1/users`.
#[derive(Debug, Serialize)]
pub struct Users {
    /// Every user, by name.
    pub users: Vec<UserView>,
}

/// `POST /api/v1/users`.
#[derive(Debug, Serialize)]
pub struct UserAdded {
    /// The new user's name.
    pub name: String,
    /// Its role.
    pub role: &'static str,
}

/// `PATCH /api/v1/users/{name}`.
#[derive(Debug, Serialize)]
pub struct UserChanged {
    /// The user's name.
    pub name: String,
    /// Its role now.
    pub role: &'static str,
    /// Whether it may not sign in now.
    pub disabled: bool,
}

impl UserChanged {
    /// The answer for `u` as stored.
    pub fn of(u: &User) -> UserChanged {
        UserChanged { name: u.name.clone(), role: u.role.as_str(), disabled: u.disabled }
    }
}

/// `GET /api/v1/drafts`.
#[derive(Debug, Serialize)]
pub struct Drafts {
    /// The corpus's drafts, then the uploaded ones.
    pub drafts: Vec<DraftSummary>,
}

/// A problem found in an uploaded draft, with its line.
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticView {
    /// `E001`…, `W101`….
    pub code: String,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl From<&Diagnostic> for DiagnosticView {
    fn from(d: &Diagnostic) -> DiagnosticView {
        DiagnosticView {
            code: d.code.clone(),
            severity: if d.is_error() { "error" } else { "warning" },
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

/// `POST /api/v1/drafts`.
#[derive(Debug, Serialize)]
pub struct DraftUploaded {
    /// The draft's name (its work's short name).
    pub name: String,
    /// What the parser warned about.
    pub warnings: Vec<DiagnosticView>,
}

/// `DELETE /api/v1/drafts/{name}`.
#[derive(Debug, Serialize)]
pub struct DraftRemoved {
    /// The draft removed.
    pub removed: String,
}

/// `GET /api/v1/works`.
#[derive(Debug, Serialize)]
pub struct Works<'a> {
    /// The catalog's works.
    pub works: &'a [CatalogWork],
}
