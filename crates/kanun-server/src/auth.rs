//! Who is calling: local mode (loopback, no users: one local admin) or team mode (users with argon2 password
//! hashes in the store, sessions in memory behind an HttpOnly SameSite=Strict cookie, a CSRF token per session,
//! login failures slowed down per name with a doubling back-off).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::http::StatusCode;
use kanun_model::user::Role;

use crate::error::ApiError;

/// The session cookie's name.
pub const COOKIE: &str = "kanun_session";

/// How long a session lives without use.
const IDLE: Duration = Duration::from_secs(12 * 3600);

/// Failed logins for a name before the back-off starts.
const FREE_FAILURES: u32 = 3;

/// Failed logins from one address, whatever the names, before that address's back-off starts (password
/// spraying: one guess each at many names).
const FREE_ADDRESS_FAILURES: u32 = 10;

/// Throttle entries kept before old ones are forgotten (a flood of made-up names cannot fill the memory).
const MAX_THROTTLE_ENTRIES: usize = 10_000;

/// The longest back-off.
const MAX_BACKOFF: Duration = Duration::from_secs(15 * 60);

/// How the server runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Loopback, no users: one local user with every right, no login.
    Local,
    /// Users, login, roles.
    Team,
}

/// Who is calling: never a name compared with a magic string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// The one user of local mode (loopback, no users): owns every note.
    Local,
    /// A signed-in user of team mode, by name.
    User(String),
    /// Not signed in.
    Anonymous,
}

/// The caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Who it is.
    pub who: Identity,
    /// The role (`None` when not signed in).
    pub role: Option<Role>,
    /// The CSRF token the caller must send with mutations.
    pub csrf: String,
}

impl Caller {
    /// The name to show for the caller: the user's name, `local` in local mode, `None` when not signed in.
    pub fn name(&self) -> Option<&str> {
        match &self.who {
            Identity::Local => Some(kanun_model::user::LOCAL_NAME),
            Identity::User(n) => Some(n),
            Identity::Anonymous => None,
        }
    }

    /// Whether the caller wrote what `author` signed: the local user owns every note (there is no one else); a
    /// user owns what carries their name.
    pub fn owns(&self, author: &str) -> bool {
        match &self.who {
            Identity::Local => true,
            Identity::User(n) => n == author,
            Identity::Anonymous => false,
        }
    }

    /// The author of what the caller writes now: a user's own name whatever the body says; in local mode the
    /// name typed in the form, or `local`.
    pub fn author(&self, given: Option<&str>) -> String {
        match &self.who {
            Identity::User(n) => n.clone(),
            Identity::Local | Identity::Anonymous => given
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .unwrap_or(kanun_model::user::LOCAL_NAME)
                .to_string(),
        }
    }

    /// Refuses unless the caller's role includes `needed`.
    pub fn need(&self, needed: Role) -> Result<(), ApiError> {
        match self.role {
            None => Err(ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", "sign in first")
                .hint("POST /api/v1/login, or open /login in the browser")),
            Some(r) if r.allows(needed) => Ok(()),
            Some(r) => Err(ApiError::forbidden(format!(
                "this needs the role {needed} or higher; {} is a {r}",
                self.name().unwrap_or("you")
            ))
            .hint("ask an administrator for the role (kanun user add NAME --role ROLE)")),
        }
    }

    /// Whether the caller's role includes `role`.
    pub fn has(&self, role: Role) -> bool {
        self.role.is_some_and(|r| r.allows(role))
    }
}

struct Session {
    name: String,
    role: Role,
    csrf: String,
    last_used: Instant,
}

struct Failures {
    count: u32,
    until: Instant,
    last: Instant,
}

fn name_key(name: &str) -> String {
    format!("name:{name}")
}

fn addr_key(addr: std::net::IpAddr) -> String {
    format!("addr:{addr}")
}

/// Sessions and login throttling.
pub struct Auth {
    mode: Mode,
    sessions: Mutex<HashMap<String, Session>>,
    failures: Mutex<HashMap<String, Failures>>,
    /// The CSRF token of the local user, or of callers who are not signed in (for the login form).
    anonymous_csrf: String,
}

/// A random token: 32 bytes from the operating system, hex.
pub fn token() -> Result<String, ApiError> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(ApiError::internal)?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// An argon2id hash of a password (PHC string).
pub fn hash_password(password: &str) -> Result<String, String> {
    if password.chars().count() < 8 {
        return Err("a password has at least 8 characters".into());
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether a password matches a PHC hash.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .is_ok_and(|h| argon2::Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// Compares two tokens in time independent of where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Auth {
    /// Sessions for a mode.
    pub fn new(mode: Mode) -> Result<Auth, ApiError> {
        Ok(Auth {
            mode,
            sessions: Mutex::new(HashMap::new()),
            failures: Mutex::new(HashMap::new()),
            anonymous_csrf: token()?,
        })
    }

    /// The mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The caller with this session cookie (if any).
    pub fn caller(&self, cookie: Option<&str>) -> Caller {
        if self.mode == Mode::Local {
            return Caller {
                who: Identity::Local,
                role: Some(Role::Admin),
                csrf: self.anonymous_csrf.clone(),
            };
        }
        let anonymous = Caller { who: Identity::Anonymous, role: None, csrf: self.anonymous_csrf.clone() };
        let Some(token) = cookie else { return anonymous };
        let Ok(mut sessions) = self.sessions.lock() else { return anonymous };
        let now = Instant::now();
        sessions.retain(|_, s| now.duration_since(s.last_used) < IDLE);
        match sessions.get_mut(token) {
            Some(s) => {
                s.last_used = now;
                Caller { who: Identity::User(s.name.clone()), role: Some(s.role), csrf: s.csrf.clone() }
            }
            None => anonymous,
        }
    }

    /// Refuses a login for `name`, or from `addr`, while its back-off lasts.
    pub fn check_throttle(&self, name: &str, addr: Option<std::net::IpAddr>) -> Result<(), ApiError> {
        let failures = self.failures.lock().map_err(ApiError::internal)?;
        let now = Instant::now();
        let keys = [Some(name_key(name)), addr.map(addr_key)];
        for key in keys.iter().flatten() {
            if let Some(f) = failures.get(key)
                && f.until > now
            {
                let wait = f.until.duration_since(now).as_secs() + 1;
                let who = if key.starts_with("addr:") {
                    "from your address".to_string()
                } else {
                    format!("for {name:?}")
                };
                return Err(ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_requests",
                    format!("too many failed sign-ins {who}; try again in {wait} s"),
                )
                .with(|x| x.retry_after = Some(wait)));
            }
        }
        Ok(())
    }

    /// Records a failed login for `name` and from `addr`: after the free ones, each failure doubles the wait
    /// (1 s, 2 s, 4 s … 15 min).
    pub fn failed(&self, name: &str, addr: Option<std::net::IpAddr>) {
        let Ok(mut failures) = self.failures.lock() else { return };
        let now = Instant::now();
        if failures.len() >= MAX_THROTTLE_ENTRIES {
            failures.retain(|_, f| now.duration_since(f.last) < MAX_BACKOFF || f.until > now);
        }
        let keys =
            [Some((name_key(name), FREE_FAILURES)), addr.map(|a| (addr_key(a), FREE_ADDRESS_FAILURES))];
        for (key, free) in keys.into_iter().flatten() {
            let f = failures.entry(key).or_insert(Failures { count: 0, until: now, last: now });
            f.count += 1;
            f.last = now;
            if f.count > free {
                let wait = Duration::from_secs(1u64 << (f.count - free - 1).min(20)).min(MAX_BACKOFF);
                f.until = now + wait;
            }
        }
    }

    /// Starts a session after a good password: a new token (never one the client chose), a new CSRF token.
    /// Returns the session token.
    pub fn start(&self, name: &str, role: Role) -> Result<String, ApiError> {
        if let Ok(mut failures) = self.failures.lock() {
            failures.remove(&name_key(name));
        }
        let t = token()?;
        let s = Session { name: name.to_string(), role, csrf: token()?, last_used: Instant::now() };
        self.sessions.lock().map_err(ApiError::internal)?.insert(t.clone(), s);
        Ok(t)
    }

    /// Ends a session.
    pub fn end(&self, token: &str) {
        if let Ok(mut s) = self.sessions.lock() {
            s.remove(token);
        }
    }

    /// Ends every session of a user (after their role or password changed).
    pub fn end_user(&self, name: &str) {
        if let Ok(mut s) = self.sessions.lock() {
            s.retain(|_, v| v.name != name);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_user_named_local_owns_only_their_own_notes() {
        let named = |n: &str| Caller {
            who: Identity::User(n.into()),
            role: Some(Role::Reviewer),
            csrf: String::new(),
        };
        // A team user who is called `local` (a store from before the name was reserved) is a user like any other.
        assert!(!named("local").owns("alice"));
        assert!(named("local").owns("local"));
        assert!(named("alice").owns("alice"));
        assert_eq!(named("local").author(Some("alice")), "local");
        // The one user of local mode owns every note and signs with the name typed in the form.
        let local = Caller { who: Identity::Local, role: Some(Role::Admin), csrf: String::new() };
        assert!(local.owns("alice"));
        assert_eq!(local.author(Some(" Aýna ")), "Aýna");
        assert_eq!(local.author(Some("  ")), "local");
        let anonymous = Caller { who: Identity::Anonymous, role: None, csrf: String::new() };
        assert!(!anonymous.owns("local"));
    }

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "correct horse"));
        assert!(!verify_password(&h, "wrong horse"));
        assert!(!verify_password("not a hash", "correct horse"));
        assert!(hash_password("short").unwrap_err().contains("8 characters"));
    }

    #[test]
    fn failures_back_off_and_a_good_login_clears_them() {
        let a = Auth::new(Mode::Team).unwrap();
        for _ in 0..FREE_FAILURES {
            a.failed("aman", None);
            assert!(a.check_throttle("aman", None).is_ok());
        }
        a.failed("aman", None);
        let e = a.check_throttle("aman", None).unwrap_err();
        assert_eq!(e.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(e.retry_after().is_some());
        assert!(a.check_throttle("other", None).is_ok());
        let t = a.start("aman", Role::Reviewer).unwrap();
        assert!(a.check_throttle("aman", None).is_ok());
        let c = a.caller(Some(&t));
        assert_eq!(c.role, Some(Role::Reviewer));
        assert_ne!(c.csrf, a.caller(None).csrf);
        a.end(&t);
        assert_eq!(a.caller(Some(&t)).role, None);
    }

    #[test]
    fn one_address_guessing_many_names_is_held_back() {
        let a = Auth::new(Mode::Team).unwrap();
        let ip: std::net::IpAddr = "192.0.2.7".parse().unwrap();
        let other: std::net::IpAddr = "192.0.2.8".parse().unwrap();
        for i in 0..=FREE_ADDRESS_FAILURES {
            let name = format!("user{i}");
            assert!(a.check_throttle(&name, Some(ip)).is_ok());
            a.failed(&name, Some(ip));
        }
        let e = a.check_throttle("someone-new", Some(ip)).unwrap_err();
        assert_eq!(e.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(e.message.contains("from your address"), "{}", e.message);
        assert!(a.check_throttle("someone-new", Some(other)).is_ok());
        assert!(a.check_throttle("someone-new", None).is_ok());
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "abcd"));
        assert_eq!(token().unwrap().len(), 64);
    }
}
