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

impl Failures {
    /// The count after the time since the last failure: halved for every [`DECAY`].
    fn decayed(&self, now: Instant) -> u32 {
        let halvings = now.duration_since(self.last).as_secs() / DECAY.as_secs();
        self.count.checked_shr(u32::try_from(halvings).unwrap_or(u32::MAX)).unwrap_or(0)
    }

    /// When the back-off ends, if it still runs.
    fn back_off_until(&self, free: u32, now: Instant) -> Option<Instant> {
        (self.until > now && self.decayed(now) > free).then_some(self.until)
    }
}

/// Failed sign-ins are forgotten by halves: the count halves for every ten minutes without a failure.
const DECAY: Duration = Duration::from_secs(10 * 60);

/// Known devices kept (a device is a browser that signed in; its token is in a long-lived cookie).
const MAX_DEVICES: usize = 10_000;

/// The cookie that marks a browser that has signed in before.
pub const DEVICE_COOKIE: &str = "kanun_device";

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
    /// Known devices: token → the user who signed in with it, and when.
    devices: Mutex<HashMap<String, (String, Instant)>>,
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
            devices: Mutex::new(HashMap::new()),
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

    /// Refuses a login for `name`, or from `addr`, while its back-off lasts. A device that signed in as `name`
    /// before (its `kanun_device` cookie) is held back only by its own failures: an attacker who knows a name
    /// can slow down the guessing of that name, never lock its owner out.
    pub fn check_throttle(
        &self,
        name: &str,
        addr: Option<std::net::IpAddr>,
        device: Option<&str>,
    ) -> Result<(), ApiError> {
        self.check_throttle_at(name, addr, device, Instant::now())
    }

    fn check_throttle_at(
        &self,
        name: &str,
        addr: Option<std::net::IpAddr>,
        device: Option<&str>,
        now: Instant,
    ) -> Result<(), ApiError> {
        let keys = self.throttle_keys(name, addr, device);
        let failures = self.failures.lock().map_err(ApiError::internal)?;
        for (key, free) in &keys {
            if let Some(f) = failures.get(key)
                && let Some(until) = f.back_off_until(*free, now)
            {
                let wait = until.duration_since(now).as_secs() + 1;
                let who = if key.starts_with("addr:") {
                    "from your address".to_string()
                } else if key.starts_with("device:") {
                    "from this browser".to_string()
                } else {
                    format!("for {name:?}")
                };
                return Err(ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_requests",
                    format!("too many failed sign-ins {who}; try again in {wait} s"),
                )
                .hint("a browser that has signed in as this user before is not held back by others' failures")
                .with(|x| x.retry_after = Some(wait)));
            }
        }
        Ok(())
    }

    /// The throttle keys of a sign-in and their free failures: the device's own when it is a known device of
    /// `name`, else the name's and the address's.
    fn throttle_keys(
        &self,
        name: &str,
        addr: Option<std::net::IpAddr>,
        device: Option<&str>,
    ) -> Vec<(String, u32)> {
        if let Some(d) = device.filter(|d| self.is_device_of(d, name)) {
            return vec![(format!("device:{d}"), FREE_FAILURES)];
        }
        [Some((name_key(name), FREE_FAILURES)), addr.map(|a| (addr_key(a), FREE_ADDRESS_FAILURES))]
            .into_iter()
            .flatten()
            .collect()
    }

    /// Whether a device token is that of a browser that signed in as `name`.
    fn is_device_of(&self, device: &str, name: &str) -> bool {
        self.devices.lock().is_ok_and(|m| m.get(device).is_some_and(|(n, _)| n == name))
    }

    /// Records a failed login (see [`Auth::check_throttle`] for whose): after the free ones, each failure doubles
    /// the wait (1 s, 2 s, 4 s … 15 min); the count halves for every [`DECAY`] without a failure.
    pub fn failed(&self, name: &str, addr: Option<std::net::IpAddr>, device: Option<&str>) {
        self.failed_at(name, addr, device, Instant::now());
    }

    fn failed_at(&self, name: &str, addr: Option<std::net::IpAddr>, device: Option<&str>, now: Instant) {
        let keys = self.throttle_keys(name, addr, device);
        let Ok(mut failures) = self.failures.lock() else { return };
        if failures.len() >= MAX_THROTTLE_ENTRIES {
            failures.retain(|_, f| now.duration_since(f.last) < MAX_BACKOFF || f.until > now);
        }
        for (key, free) in keys {
            let f = failures.entry(key).or_insert(Failures { count: 0, until: now, last: now });
            f.count = f.decayed(now) + 1;
            f.last = now;
            if f.count > free {
                let wait = Duration::from_secs(1u64 << (f.count - free - 1).min(20)).min(MAX_BACKOFF);
                f.until = now + wait;
            }
        }
    }

    /// Starts a session after a good password: a new token (never one the client chose), a new CSRF token. The
    /// failures of the name, of the address and of the device are forgotten (a good sign-in from an office behind
    /// one proxy must not leave its colleagues held back). Returns the session token and the device token to keep
    /// in the browser (the one it had, or a new one).
    pub fn start(
        &self,
        name: &str,
        role: Role,
        addr: Option<std::net::IpAddr>,
        device: Option<&str>,
    ) -> Result<(String, String), ApiError> {
        if let Ok(mut failures) = self.failures.lock() {
            failures.remove(&name_key(name));
            if let Some(a) = addr {
                failures.remove(&addr_key(a));
            }
            if let Some(d) = device {
                failures.remove(&format!("device:{d}"));
            }
        }
        let known = device.filter(|d| self.is_device_of(d, name));
        let device = match known {
            Some(d) => d.to_string(),
            None => token()?,
        };
        if let Ok(mut m) = self.devices.lock() {
            if m.len() >= MAX_DEVICES {
                // The oldest half goes: a flood of sign-ins cannot fill the memory.
                let mut ages: Vec<Instant> = m.values().map(|(_, t)| *t).collect();
                ages.sort();
                let cut = ages[ages.len() / 2];
                m.retain(|_, (_, t)| *t > cut);
            }
            m.insert(device.clone(), (name.to_string(), Instant::now()));
        }
        let t = token()?;
        let s = Session { name: name.to_string(), role, csrf: token()?, last_used: Instant::now() };
        self.sessions.lock().map_err(ApiError::internal)?.insert(t.clone(), s);
        Ok((t, device))
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
            a.failed("aman", None, None);
            assert!(a.check_throttle("aman", None, None).is_ok());
        }
        a.failed("aman", None, None);
        let e = a.check_throttle("aman", None, None).unwrap_err();
        assert_eq!(e.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(e.retry_after().is_some());
        assert!(a.check_throttle("other", None, None).is_ok());
        let (t, _) = a.start("aman", Role::Reviewer, None, None).unwrap();
        assert!(a.check_throttle("aman", None, None).is_ok());
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
            assert!(a.check_throttle(&name, Some(ip), None).is_ok());
            a.failed(&name, Some(ip), None);
        }
        let e = a.check_throttle("someone-new", Some(ip), None).unwrap_err();
        assert_eq!(e.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(e.message.contains("from your address"), "{}", e.message);
        assert!(a.check_throttle("someone-new", Some(other), None).is_ok());
        assert!(a.check_throttle("someone-new", None, None).is_ok());
    }

    /// An attacker slows only themselves: failures decay, a good sign-in clears the name's and the address's
    /// count (an office behind one proxy), and a browser that signed in as a user before is not held back by
    /// others' guesses at that name.
    #[test]
    fn an_attacker_slows_only_themselves() {
        let a = Auth::new(Mode::Team).unwrap();
        let office: std::net::IpAddr = "192.0.2.10".parse().unwrap();
        let attacker: std::net::IpAddr = "198.51.100.66".parse().unwrap();
        let t0 = Instant::now();
        // The admin signs in once from the office: that browser is now a known device.
        let (_, device) = a.start("adam", Role::Admin, Some(office), None).unwrap();
        // Someone keeps guessing adam's password from elsewhere: the name is held back…
        for _ in 0..10 {
            a.failed_at("adam", Some(attacker), None, t0);
        }
        assert!(a.check_throttle_at("adam", Some(attacker), None, t0).is_err());
        assert!(a.check_throttle_at("adam", Some(office), None, t0).is_err(), "a new browser waits too");
        // …but not adam on his own browser.
        assert!(a.check_throttle_at("adam", Some(office), Some(&device), t0).is_ok());
        // A device token of another user does not help.
        assert!(a.check_throttle_at("eve", Some(attacker), Some(&device), t0).is_ok());
        a.failed_at("adam", Some(attacker), Some("made-up"), t0);
        assert!(a.check_throttle_at("adam", Some(attacker), Some("made-up"), t0).is_err());
        // The count decays: after an hour without failures the name is free again.
        assert!(a.check_throttle_at("adam", Some(office), None, t0 + Duration::from_secs(3600)).is_ok());
        // Colleagues behind one proxy: nine failures, a good sign-in, then nine more are still free.
        let proxy: std::net::IpAddr = "192.0.2.1".parse().unwrap();
        for i in 0..9 {
            a.failed_at(&format!("colleague{i}"), Some(proxy), None, t0);
        }
        a.start("amina", Role::Reviewer, Some(proxy), None).unwrap();
        for i in 0..9 {
            a.failed_at(&format!("other{i}"), Some(proxy), None, t0);
        }
        assert!(
            a.check_throttle_at("someone", Some(proxy), None, t0).is_ok(),
            "the good sign-in reset the count"
        );
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "abcd"));
        assert_eq!(token().unwrap().len(), 64);
    }
}
