//! Health, the session (sign in and out), the review report and the users.

use axum::Json;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kanun_model::user::{Role, User};
use kanun_render::report::Format;
use serde::Deserialize;
use serde_json::{Value, json};

use super::bodies::{Health, Session, SessionUser, SignedOut, UserAdded, UserChanged, UserView, Users};
use super::{AppState, J, Q, blocking};
use crate::auth::{COOKIE, Caller, Mode, hash_password, verify_password};
use crate::error::{ApiError, ApiResult};

/// `GET /healthz`
pub async fn health(State(s): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok",
        works: s.corpus.catalog().works.len(),
        expressions: s.corpus.catalog().works.iter().map(|w| w.expressions.len()).sum(),
        annotations: s.store.len(),
    })
}

/// `GET /api/v1/openapi.json`
pub async fn openapi() -> Json<Value> {
    Json(crate::routes::openapi())
}

/// The interface language a browser asks for: the first of eng, rus, tuk in `Accept-Language` order.
pub fn ui_lang(headers: &HeaderMap) -> &'static str {
    let al = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let mut best: Option<(f32, usize, &'static str)> = None;
    for (i, part) in al.split(',').enumerate() {
        let mut it = part.trim().split(';');
        let tag = it.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q =
            it.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or_default();
        let lang = match primary {
            "en" | "eng" => "eng",
            "ru" | "rus" => "rus",
            "tk" | "tuk" => "tuk",
            _ => continue,
        };
        if best.is_none_or(|(bq, bi, _)| q > bq || (q == bq && i < bi)) {
            best = Some((q, i, lang));
        }
    }
    best.map_or("eng", |b| b.2)
}

fn session_json(s: &AppState, caller: &Caller, headers: &HeaderMap) -> Session {
    Session {
        mode: match s.auth.mode() {
            Mode::Local => "local",
            Mode::Team => "team",
        },
        user: caller
            .name()
            .map(|n| SessionUser { name: n.to_string(), role: caller.role.map(|r| r.as_str()) }),
        csrf: caller.csrf.clone(),
        ui_lang: ui_lang(headers),
    }
}

/// `GET /api/v1/session`
pub async fn session(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
) -> Json<Session> {
    Json(session_json(&s, &caller, &headers))
}

/// Sign-in details.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Login {
    name: String,
    password: String,
}

/// `POST /api/v1/login`
pub async fn login(
    State(s): State<AppState>,
    peer: Option<axum::Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    headers: HeaderMap,
    J(l): J<Login>,
) -> ApiResult<Response> {
    // The address the connection came from (absent when the router is called in-process); behind a proxy named
    // with --trusted-proxy, the client address the proxy put last in X-Forwarded-For.
    let addr = client_address(peer.map(|p| p.0.0.ip()), &headers, &s.config.trusted_proxies);
    let device = cookie(&headers, crate::auth::DEVICE_COOKIE);
    if s.auth.mode() == Mode::Local {
        return Err(ApiError::bad_request("this server runs in local mode: there is nobody to sign in as"));
    }
    if l.name.len() > 200 || l.password.len() > 1000 {
        return Err(ApiError::bad_request("the name or password is too long"));
    }
    s.auth.check_throttle(&l.name, addr, device.as_deref())?;
    let name = l.name.clone();
    let user = blocking(&s, move |wb| Ok(wb.store.user(&name)?)).await?;
    let password = l.password.clone();
    // Verify even for unknown names, so that timing does not tell which names exist.
    let hash = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| dummy_hash().to_string());
    let ok = tokio::task::spawn_blocking(move || verify_password(&hash, &password)).await?;
    let Some(user) = user.filter(|_| ok) else {
        s.auth.failed(&l.name, addr, device.as_deref());
        tracing::warn!(name = %l.name, "failed sign-in");
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", "wrong name or password"));
    };
    if user.disabled {
        tracing::warn!(name = %user.name, "sign-in of a disabled user");
        return Err(
            ApiError::forbidden("this account is disabled").hint("an administrator can enable it again")
        );
    }
    let (token, device) = s.auth.start(&user.name, user.role, addr, device.as_deref())?;
    tracing::info!(name = %user.name, role = %user.role, "signed in");
    let caller = s.auth.caller(Some(&token));
    let mut r = Json(session_json(&s, &caller, &headers)).into_response();
    // Behind TLS (a public origin that is https) the cookie is only ever sent over it.
    let secure = s.cookie_security();
    let cookie = format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200{secure}");
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    // This browser is now a known device of the user: others' failed guesses at the name do not hold it back.
    let device = format!(
        "{}={device}; Path=/api/v1/login; HttpOnly; SameSite=Strict; Max-Age=7776000{secure}",
        crate::auth::DEVICE_COOKIE
    );
    if let Ok(v) = HeaderValue::from_str(&device) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(r)
}

/// The client's address: the connection's, or behind a trusted proxy the last address that proxy wrote in
/// `X-Forwarded-For` (the one it saw; earlier entries are whatever the client claimed).
pub fn client_address(
    peer: Option<std::net::IpAddr>,
    headers: &HeaderMap,
    trusted: &[std::net::IpAddr],
) -> Option<std::net::IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .next_back()
        .and_then(|a| a.trim().parse().ok())
        .or(Some(peer))
}

/// A cookie's value by name.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|c| {
        c.split(';').find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == name && !v.is_empty()).then(|| v.to_string())
        })
    })
}

/// A hash of no one's password (made once), verified when the name is unknown.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("no one's password, ever").unwrap_or_default())
}

/// The session token in a request's cookies.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    cookie(headers, COOKIE)
}

/// `POST /api/v1/logout`
pub async fn logout(State(s): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(t) = session_cookie(&headers) {
        s.auth.end(&t);
    }
    let mut r = Json(SignedOut { signed_out: true }).into_response();
    let secure = s.cookie_security();
    if let Ok(v) =
        HeaderValue::from_str(&format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"))
    {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

/// The report parameters.
#[derive(Debug, Deserialize)]
pub struct ReportParams {
    work: Option<String>,
    format: Option<String>,
    /// The language of the downloaded report's words (default English).
    lang: Option<String>,
}

/// `GET /api/v1/report`
pub async fn report(State(s): State<AppState>, Q(p): Q<ReportParams>) -> ApiResult<Response> {
    let work = p.work.filter(|w| !w.is_empty());
    if let Some(w) = &work {
        s.corpus.entry(w)?;
    }
    let format = p.format.unwrap_or_else(|| "json".into());
    let lang = super::lang_param(p.lang.as_deref())?.unwrap_or(kanun_model::Language::ENG);
    let (fmt, media, ext) = match format.as_str() {
        "json" => (Format::Html, "", ""),
        "md" => (Format::Markdown, "text/markdown; charset=utf-8", "md"),
        "html" => (Format::Html, "text/html; charset=utf-8", "html"),
        "csv" => (Format::Csv, "text/csv; charset=utf-8", "csv"),
        other => {
            return Err(ApiError::bad_request(format!("format={other:?}")).hint("json, md, html or csv"));
        }
    };
    blocking(&s, move |wb| {
        let filter = kanun_store::Filter { work: work.clone(), ..kanun_store::Filter::default() };
        let list = wb.store.list(&filter)?;
        if ext.is_empty() {
            // The workbench lays the report out itself, in the reader's language, with links to the provisions.
            let items: Vec<Value> = kanun_workbench::review::report_items(&wb.corpus, &list)
                .iter()
                .filter(|i| !i.annotation.deleted)
                .map(|i| {
                    let a = i.annotation;
                    json!({
                        "id": a.id,
                        "law": i.law,
                        "work": a.target.work.name(),
                        "language": a.target.expression.language.code(),
                        "article": i.article,
                        "eid": i.eid,
                        "label": i.label,
                        "type": a.kind.to_string(),
                        "status": a.status.to_string(),
                        "priority": a.priority.to_string(),
                        "tags": a.tags,
                        "author": a.author,
                        "created": a.created,
                        "quote": a.target.quote.as_ref().map(|q| q.exact.clone()),
                        "body_html": kanun_render::body_html(&a.body),
                        "replies": a.replies.iter().map(|r| json!({ "author": r.author, "created": r.created, "body": r.body })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            return Ok(Json(json!({ "items": items, "annotations": items.len() })).into_response());
        }
        let text = kanun_workbench::review::report(&wb.corpus, &list, work.as_deref(), fmt, lang);
        Ok(super::drafts::download(text.into_bytes(), media, &format!("review-report.{ext}")))
    })
    .await
}

/// `GET /api/v1/users`
pub async fn users(State(s): State<AppState>) -> ApiResult<Json<Users>> {
    blocking(&s, |wb| Ok(Json(Users { users: wb.store.users()?.iter().map(UserView::from).collect() }))).await
}

/// A new user.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    name: String,
    password: String,
    role: String,
}

/// `POST /api/v1/users`
pub async fn add_user(State(s): State<AppState>, J(n): J<NewUser>) -> ApiResult<Response> {
    let role = n.role.parse::<Role>().map_err(ApiError::bad_request)?;
    kanun_model::user::validate_name(&n.name).map_err(ApiError::bad_request)?;
    let hash = tokio::task::spawn_blocking(move || hash_password(&n.password))
        .await?
        .map_err(ApiError::bad_request)?;
    let name = n.name.clone();
    blocking(&s, move |wb| {
        let u = User {
            name: name.clone(),
            role,
            password_hash: hash,
            created: kanun_store::now_rfc3339(),
            disabled: false,
        };
        wb.store.put_user(&u)?;
        wb.auth.end_user(&name);
        Ok((StatusCode::CREATED, Json(UserAdded { name, role: role.as_str() })).into_response())
    })
    .await
}

/// A change to a user: any of role, password and disabled.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserChange {
    role: Option<String>,
    password: Option<String>,
    disabled: Option<bool>,
}

/// `PATCH /api/v1/users/{name}`: change a user's role, reset their password, disable or enable them. Their
/// sessions end, so the change applies at once. The last active admin cannot be demoted or disabled.
pub async fn change_user(
    State(s): State<AppState>,
    axum::extract::Path(name): axum::extract::Path<String>,
    J(c): J<UserChange>,
) -> ApiResult<Json<UserChanged>> {
    let role = c.role.as_deref().map(str::parse::<Role>).transpose().map_err(ApiError::bad_request)?;
    let hash = match c.password {
        Some(p) => Some(
            tokio::task::spawn_blocking(move || hash_password(&p)).await?.map_err(ApiError::bad_request)?,
        ),
        None => None,
    };
    blocking(&s, move |wb| {
        let mut u = wb.store.user(&name)?.ok_or_else(|| ApiError::not_found(format!("no user {name:?}")))?;
        let was_active_admin = u.role == Role::Admin && !u.disabled;
        if let Some(r) = role {
            u.role = r;
        }
        if let Some(d) = c.disabled {
            u.disabled = d;
        }
        if let Some(h) = hash {
            u.password_hash = h;
        }
        let still_admin = u.role == Role::Admin && !u.disabled;
        if was_active_admin && !still_admin {
            let others = wb
                .store
                .users()?
                .iter()
                .filter(|o| o.name != u.name && o.role == Role::Admin && !o.disabled)
                .count();
            if others == 0 {
                return Err(ApiError::conflict(format!("{} is the last active admin", u.name))
                    .hint("make another user an admin first"));
            }
        }
        wb.store.put_user(&u)?;
        wb.auth.end_user(&u.name);
        tracing::info!(name = %u.name, role = %u.role, disabled = u.disabled, "user changed");
        Ok(Json(UserChanged::of(&u)))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_supported_language() {
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(
                header::ACCEPT_LANGUAGE,
                HeaderValue::from_str(v).unwrap_or(HeaderValue::from_static("")),
            );
            m
        };
        assert_eq!(ui_lang(&h("ru-RU,ru;q=0.9,en;q=0.8")), "rus");
        assert_eq!(ui_lang(&h("de-DE, tk;q=0.7, en;q=0.5")), "tuk");
        assert_eq!(ui_lang(&h("en;q=0.4, ru;q=0.6")), "rus");
        assert_eq!(ui_lang(&h("fr")), "eng");
        assert_eq!(ui_lang(&HeaderMap::new()), "eng");
    }
}
