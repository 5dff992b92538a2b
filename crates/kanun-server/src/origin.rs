//! Which hosts and origins a request may come from: the defence against DNS rebinding and cross-site requests.
//!
//! A page on `attacker.example` whose name the attacker re-points at 127.0.0.1 reaches a local server with
//! `Host: attacker.example:8080` and, for its scripts' requests, `Origin: http://attacker.example:8080`; to the
//! browser that is the attacker's own origin, so it lets the page read the answers. Local mode has no sign-in (the
//! local user is an admin), so the server itself must refuse such requests:
//!
//! - **local mode** accepts only a loopback `Host` (`127.0.0.1`, any `127.x.y.z`, `localhost`, `[::1]`) with the
//!   port the server listens on, and an `Origin`, when the browser sends one, that is such a host over `http`;
//! - **team mode** with `--public-origin` accepts those origins (and loopback, for the operator on the machine);
//!   without it, an `Origin` must be the origin the `Host` header names (same-origin), any host being allowed.
//!
//! A request without `Host` (not a browser: HTTP/1.0 tools, in-process tests) is not a rebinding attack and is
//! let through; the role and CSRF checks still apply.

use axum::http::{HeaderMap, StatusCode, header};

use crate::auth::Mode;
use crate::error::ApiError;

/// An origin: scheme, host (lower case, IPv6 in brackets) and port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// `http` or `https`.
    pub scheme: String,
    /// The host name or address.
    pub host: String,
    /// The port (the scheme's default when none is written).
    pub port: u16,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
    }
}

impl std::str::FromStr for Origin {
    type Err = String;

    /// `https://kanun.example.org`, `http://10.0.0.5:8080`: a scheme, a host and an optional port, nothing else.
    fn from_str(s: &str) -> Result<Origin, String> {
        let (scheme, rest) = s
            .split_once("://")
            .ok_or_else(|| format!("{s:?} is not an origin: write it as https://host or http://host:port"))?;
        let scheme = scheme.to_ascii_lowercase();
        let default = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return Err(format!("{s:?}: an origin's scheme is http or https")),
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.is_empty() || rest.contains(['/', '?', '#', '@']) {
            return Err(format!("{s:?}: an origin is a scheme, a host and a port, with no path"));
        }
        let (host, port) = host_port(rest).ok_or_else(|| format!("{s:?}: the port is not a number"))?;
        Ok(Origin { scheme, host, port: port.unwrap_or(default) })
    }
}

/// Splits `host[:port]` (`[::1]:8080`, `localhost`) into the host in lower case and the port, if written.
fn host_port(s: &str) -> Option<(String, Option<u16>)> {
    let s = s.trim();
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let (h, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p.parse().ok()?),
            None if after.is_empty() => None,
            None => return None,
        };
        (format!("[{}]", h.to_ascii_lowercase()), port)
    } else {
        match s.rsplit_once(':') {
            Some((h, p)) => (h.to_ascii_lowercase(), Some(p.parse().ok()?)),
            None => (s.to_ascii_lowercase(), None),
        }
    };
    if host.is_empty() {
        return None;
    }
    Some((host, port))
}

/// Whether a host names this machine's loopback interface.
fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host == "[::1]" {
        return true;
    }
    host.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// What a server accepts.
#[derive(Debug, Clone, Copy)]
pub struct Policy<'a> {
    /// The mode.
    pub mode: Mode,
    /// The public origins of a team server (`--public-origin`).
    pub public: &'a [Origin],
    /// The port the server listens on (0 when not known: in-process tests).
    pub port: u16,
}

impl Policy<'_> {
    /// Refuses a request whose `Host` or `Origin` this server must not answer (403, saying which and why).
    pub fn check(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let refuse = |code: &'static str, msg: String, hint: String| {
            Err(ApiError::new(StatusCode::FORBIDDEN, code, msg).hint(hint))
        };
        let host = match headers.get(header::HOST).map(|h| h.to_str()) {
            None => None,
            Some(Ok(h)) => match host_port(h) {
                Some(hp) => Some(hp),
                None => {
                    return refuse(
                        "forbidden_host",
                        format!("the Host header {h:?} is not a host"),
                        self.how(),
                    );
                }
            },
            Some(Err(_)) => {
                return refuse("forbidden_host", "the Host header is not text".into(), self.how());
            }
        };
        let origin = match headers.get(header::ORIGIN).map(|h| h.to_str()) {
            None => None,
            Some(Ok(o)) => match o.parse::<Origin>() {
                Ok(o) => Some(o),
                // `null` (a sandboxed frame, a file: page) and anything unreadable: not a page of this server.
                Err(_) => {
                    return refuse(
                        "forbidden_origin",
                        format!("requests from the origin {o:?} are not accepted"),
                        self.how(),
                    );
                }
            },
            Some(Err(_)) => {
                return refuse("forbidden_origin", "the Origin header is not text".into(), self.how());
            }
        };
        let port_ok = |p: Option<u16>, default: u16| self.port == 0 || p.unwrap_or(default) == self.port;
        let loopback_host = |(h, p): &(String, Option<u16>)| is_loopback(h) && port_ok(*p, 80);
        let loopback_origin = |o: &Origin| {
            o.scheme == "http" && is_loopback(&o.host) && (self.port == 0 || o.port == self.port)
        };
        let public_host = |(h, p): &(String, Option<u16>)| {
            self.public.iter().any(|o| o.host == *h && p.unwrap_or(o.port) == o.port)
        };
        match self.mode {
            Mode::Local => {
                if let Some(h) = &host
                    && !loopback_host(h)
                {
                    return refuse(
                        "forbidden_host",
                        format!(
                            "this local workbench answers only on its loopback address, not for the host {:?}",
                            h.0
                        ),
                        self.how(),
                    );
                }
                if let Some(o) = &origin
                    && !loopback_origin(o)
                {
                    return refuse(
                        "forbidden_origin",
                        format!("requests from pages of {o} are not accepted by a local workbench"),
                        self.how(),
                    );
                }
            }
            Mode::Team if !self.public.is_empty() => {
                if let Some(h) = &host
                    && !public_host(h)
                    && !loopback_host(h)
                {
                    return refuse(
                        "forbidden_host",
                        format!("this workbench does not answer for the host {:?}", h.0),
                        self.how(),
                    );
                }
                if let Some(o) = &origin
                    && !self.public.contains(o)
                    && !loopback_origin(o)
                {
                    return refuse(
                        "forbidden_origin",
                        format!("requests from pages of {o} are not accepted"),
                        self.how(),
                    );
                }
            }
            Mode::Team => {
                // Same-origin: the page's origin is the host it asked.
                if let (Some(o), Some((h, p))) = (&origin, &host)
                    && (o.host != *h || p.is_some_and(|p| p != o.port))
                {
                    return refuse(
                        "forbidden_origin",
                        format!("requests from pages of {o} are not accepted by {h}"),
                        self.how(),
                    );
                }
            }
        }
        Ok(())
    }

    fn how(&self) -> String {
        match self.mode {
            Mode::Local => {
                let port = if self.port == 0 { "PORT".to_string() } else { self.port.to_string() };
                format!("open the workbench at http://127.0.0.1:{port}/ or http://localhost:{port}/")
            }
            Mode::Team if self.public.is_empty() => "open the workbench at its own address".into(),
            Mode::Team => format!(
                "open the workbench at {}; an operator adds addresses with --public-origin",
                self.public.iter().map(|o| o.to_string()).collect::<Vec<_>>().join(" or ")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn headers(host: Option<&str>, origin: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(x) = host {
            h.insert(header::HOST, x.parse().unwrap());
        }
        if let Some(x) = origin {
            h.insert(header::ORIGIN, x.parse().unwrap());
        }
        h
    }

    #[test]
    fn origins_parse_with_default_ports_and_refuse_paths() {
        let o: Origin = "HTTPS://Kanun.Example.org/".parse().unwrap();
        assert_eq!(o.to_string(), "https://kanun.example.org:443");
        assert_eq!("http://[::1]:8080".parse::<Origin>().unwrap().host, "[::1]");
        assert!("kanun.example.org".parse::<Origin>().unwrap_err().contains("https://host"));
        assert!("https://x.org/path".parse::<Origin>().is_err());
        assert!("ftp://x.org".parse::<Origin>().is_err());
        assert!("null".parse::<Origin>().is_err());
    }

    #[test]
    fn local_mode_answers_only_loopback_hosts_and_origins_on_its_port() {
        let p = Policy { mode: Mode::Local, public: &[], port: 8080 };
        for (host, origin) in [
            (Some("127.0.0.1:8080"), None),
            (Some("localhost:8080"), Some("http://localhost:8080")),
            (Some("[::1]:8080"), Some("http://[::1]:8080")),
            (Some("127.0.0.2:8080"), Some("http://127.0.0.1:8080")),
            (None, None),
        ] {
            assert!(p.check(&headers(host, origin)).is_ok(), "{host:?} {origin:?}");
        }
        for (host, origin) in [
            (Some("attacker.example:8080"), None),
            (Some("127.0.0.1:8080"), Some("http://attacker.example:8080")),
            (Some("127.0.0.1:9999"), None),
            (Some("127.0.0.1"), None),
            (Some("127.0.0.1:8080"), Some("http://127.0.0.1:3000")),
            (Some("127.0.0.1:8080"), Some("null")),
            (Some("127.0.0.1.attacker.example:8080"), None),
            (Some("localhost.:8080"), None),
        ] {
            let e = p.check(&headers(host, origin)).unwrap_err();
            assert_eq!(e.status, StatusCode::FORBIDDEN, "{host:?} {origin:?}");
        }
    }

    #[test]
    fn team_mode_answers_its_public_origins_or_same_origin() {
        let public = ["https://kanun.example.org".parse().unwrap()];
        let p = Policy { mode: Mode::Team, public: &public, port: 8080 };
        assert!(p.check(&headers(Some("kanun.example.org"), Some("https://kanun.example.org"))).is_ok());
        assert!(p.check(&headers(Some("127.0.0.1:8080"), None)).is_ok());
        assert!(p.check(&headers(Some("evil.example"), None)).is_err());
        assert!(p.check(&headers(Some("kanun.example.org"), Some("https://evil.example"))).is_err());
        let open = Policy { mode: Mode::Team, public: &[], port: 8080 };
        assert!(open.check(&headers(Some("10.0.0.5:8080"), Some("http://10.0.0.5:8080"))).is_ok());
        assert!(open.check(&headers(Some("10.0.0.5:8080"), Some("http://evil.example"))).is_err());
    }
}
