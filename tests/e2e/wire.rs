//! A `kanun serve` child process and a small HTTP/1.1 client over a real socket (keep-alive, Content-Length and
//! chunked bodies), for the tests that kill the server, load it or speak to it byte by byte.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository root (the tests run the binary from there).
pub fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// A fresh, empty scratch directory for one test, removed when dropped; kept when the test fails, to look at.
pub fn scratch(name: &str) -> Scratch {
    let d = std::env::temp_dir().join(format!("kanun-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&d).ok();
    std::fs::create_dir_all(&d).unwrap();
    Scratch(d)
}

/// See [`scratch`]. (The crash and load tests' directories are tens of megabytes each: left behind, every CI run
/// added to /tmp.)
pub struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            std::fs::remove_dir_all(&self.0).ok();
        }
    }
}

/// A free loopback port (bound, read and released; the server binds it right after).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A `kanun serve` child process on the bundled corpus; killed (SIGKILL) when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub log: PathBuf,
}

impl Server {
    /// Starts the server on `data` and waits until `/healthz` answers (the first start builds the index).
    pub fn start(data: &Path, env: &[(&str, &str)]) -> Server {
        let port = free_port();
        let log = data.with_extension(format!("{port}.log"));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kanun"));
        cmd.args(["--data", data.to_str().unwrap(), "serve", "--addr", &format!("127.0.0.1:{port}")])
            .current_dir(root())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().unwrap();
        let mut server = Server { child, port, log };
        let deadline = Instant::now() + Duration::from_secs(180);
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("kanun serve exited with {status}: {}", server.log_text());
            }
            if let Ok(mut c) = Conn::open(port)
                && c.request("GET", "/healthz", &[], b"").is_ok_and(|r| r.status == 200)
            {
                return server;
            }
            assert!(Instant::now() < deadline, "kanun serve did not answer in 180 s: {}", server.log_text());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What the server wrote to stderr.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no shutdown, no flush, no destructor.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The server's resident memory now, in kB (Linux `/proc`).
    pub fn rss_kb(&self) -> Option<u64> {
        let s = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A header's value (names compared without case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("status {}: not JSON ({e}): {}", self.status, String::from_utf8_lossy(&self.body))
        })
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One keep-alive connection.
pub struct Conn {
    port: u16,
    stream: BufReader<TcpStream>,
}

impl Conn {
    /// Connects to the server on `port`.
    pub fn open(port: u16) -> std::io::Result<Conn> {
        let s = TcpStream::connect(("127.0.0.1", port))?;
        s.set_read_timeout(Some(Duration::from_secs(60)))?;
        s.set_nodelay(true)?;
        Ok(Conn { port, stream: BufReader::new(s) })
    }

    /// Sends a request and reads the whole response. An error means the connection broke (the server died).
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Response> {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: {}\r\n",
            self.port,
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let s = self.stream.get_mut();
        s.write_all(head.as_bytes())?;
        s.write_all(body)?;
        self.read_response()
    }

    /// A JSON request with the CSRF token.
    pub fn json(
        &mut self,
        method: &str,
        path: &str,
        csrf: &str,
        extra: &[(&str, &str)],
        body: &serde_json::Value,
    ) -> std::io::Result<Response> {
        let mut h = vec![("Content-Type", "application/json"), ("X-CSRF-Token", csrf)];
        h.extend_from_slice(extra);
        self.request(method, path, &h, body.to_string().as_bytes())
    }

    fn read_response(&mut self) -> std::io::Result<Response> {
        let broken = |what: &str| std::io::Error::new(std::io::ErrorKind::UnexpectedEof, what.to_string());
        let mut line = String::new();
        if self.stream.read_line(&mut line)? == 0 {
            return Err(broken("closed before the status line"));
        }
        let status: u16 =
            line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| broken(&line))?;
        let mut headers = Vec::new();
        loop {
            line.clear();
            if self.stream.read_line(&mut line)? == 0 {
                return Err(broken("closed in the headers"));
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let find = |n: &str| headers.iter().find(|(k, _): &&(String, String)| k.eq_ignore_ascii_case(n));
        let mut body = Vec::new();
        if let Some((_, n)) = find("content-length") {
            let n: usize = n.parse().map_err(|_| broken("bad content-length"))?;
            body.resize(n, 0);
            self.stream.read_exact(&mut body)?;
        } else if find("transfer-encoding").is_some_and(|(_, v)| v.eq_ignore_ascii_case("chunked")) {
            loop {
                line.clear();
                self.stream.read_line(&mut line)?;
                let n = usize::from_str_radix(line.trim(), 16).map_err(|_| broken("bad chunk size"))?;
                let mut chunk = vec![0; n + 2];
                self.stream.read_exact(&mut chunk)?;
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
        } else {
            self.stream.read_to_end(&mut body)?;
        }
        Ok(Response { status, headers, body })
    }
}

/// The CSRF token of the (local-mode) server on `port`.
pub fn csrf(port: u16) -> std::io::Result<String> {
    let r = Conn::open(port)?.request("GET", "/api/v1/session", &[], b"")?;
    Ok(r.json()["csrf"].as_str().unwrap_or_default().to_string())
}
