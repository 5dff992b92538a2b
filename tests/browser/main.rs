//! The web workbench in real Chromium, driven over WebDriver (chromedriver) with fantoccini: search → open a hit
//! → the article is shown and highlighted; select a span → annotate → reload → highlight and annotation persist;
//! the sample draft's redline shows insertions and deletions; a script payload in an annotation is shown as text
//! and never runs; a reviewer cannot reach drafter-only actions. Screenshots of the search and redline pages are
//! written to `target/screenshots/`; those README.md shows are copied to `docs/screenshots/` with
//! `UPDATE_SCREENSHOTS=1`. The pages as a person sees them, in each interface language, are checked in `seen.rs`.
//!
//! Chromium and chromedriver are required (Debian `chromium`, `chromium-driver`): a missing browser fails the
//! test with a message. `KANUN_BROWSER_TESTS=skip` skips it explicitly, and says so.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

mod editor;
mod seen;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use kanun_model::user::{Role, User};
use kanun_server::{Config, Workbench};
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const WAIT: Duration = Duration::from_secs(20);

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// chromedriver, killed when dropped.
struct Driver(Child, u16);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_driver() -> Driver {
    let port = free_port();
    let mut child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {CHROMEDRIVER}: {e}"));
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Driver(child, port);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("chromedriver did not listen on port {port}");
}

/// Whether the browser tests run: required unless `KANUN_BROWSER_TESTS=skip`.
fn browser_available() -> bool {
    let mode = std::env::var("KANUN_BROWSER_TESTS").unwrap_or_default();
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if present {
        return true;
    }
    if mode == "skip" {
        eprintln!("SKIPPED: browser tests (KANUN_BROWSER_TESTS=skip and no {CHROMIUM} / {CHROMEDRIVER})");
        return false;
    }
    panic!(
        "the browser tests need Chromium and chromedriver ({CHROMIUM}, {CHROMEDRIVER}): \
         apt-get install chromium chromium-driver, or set KANUN_BROWSER_TESTS=skip to skip them knowingly"
    );
}

/// A workbench server on a free loopback port, serving until the runtime ends. Returns its base URL.
async fn start_server(name: &str, users: &[(&str, Role)]) -> String {
    start_server_on(name, users, root().join("corpus"), root().join("annotations")).await
}

/// A corpus of about `articles` articles from `kanun gen-corpus` (English, in the sample corpus's words), in a
/// new directory, with an empty annotations directory beside it: `(corpus, annotations)`.
fn generated_corpus(name: &str, articles: u64) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("kanun-browser-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    let (corpus, annotations) = (dir.join("corpus"), dir.join("annotations"));
    std::fs::create_dir_all(&annotations).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kanun"))
        .args(["gen-corpus", "--articles", &articles.to_string(), "--lang", "eng", "--corpus"])
        .arg(root().join("corpus"))
        .arg("--out")
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(out.status.success(), "gen-corpus: {}", String::from_utf8_lossy(&out.stderr));
    (corpus, annotations)
}

/// A server on `corpus` and `annotations`, its data directory new (named by `name`), with `users` (team mode
/// when there are any).
async fn start_server_on(
    name: &str,
    users: &[(&str, Role)],
    corpus: PathBuf,
    annotations: PathBuf,
) -> String {
    let data = std::env::temp_dir().join(format!("kanun-browser-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&data).ok();
    if !users.is_empty() {
        let store = kanun_store::AnnotationStore::open(&data.join("store")).unwrap();
        for (n, role) in users {
            let hash = kanun_server::auth::hash_password(&format!("{n}-password")).unwrap();
            let u = User {
                name: n.to_string(),
                role: *role,
                password_hash: hash,
                created: "2026-11-23T00:00:00Z".into(),
                disabled: false,
            };
            store.put_user(&u).unwrap();
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = Config {
        addr,
        data,
        corpus,
        annotations,
        web: None,
        public_origins: Vec::new(),
        trusted_proxies: Vec::new(),
        cache_bytes: 256 << 20,
    };
    let wb =
        tokio::task::spawn_blocking(move || Workbench::open(config, &mut |_| {})).await.unwrap().unwrap();
    tokio::spawn(kanun_server::serve_on(listener, Arc::new(wb), std::future::pending()));
    format!("http://{addr}")
}

async fn browser(driver: &Driver) -> Client {
    let profile = std::env::temp_dir().join(format!("kanun-chromium-{}-{}", std::process::id(), free_port()));
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1000", "--lang=en-US",
                format!("--user-data-dir={}", profile.display())
            ]
        }
    });
    let caps: serde_json::Map<String, Value> = caps.as_object().unwrap().clone();
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.1))
        .await
        .unwrap_or_else(|e| panic!("cannot open a Chromium session: {e}"))
}

async fn wait_css(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css:?} within {WAIT:?} ({e})"))
}

/// Waits until a JavaScript expression is true.
async fn wait_js(c: &Client, what: &str, expr: &str) {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        // A page still rendering may not have the elements yet: an error counts as "not yet".
        let v = c
            .execute(&format!("try {{ return !!({expr}); }} catch (e) {{ return false; }}"), vec![])
            .await
            .unwrap();
        if v == json!(true) {
            return;
        }
        if std::time::Instant::now() > deadline {
            let url = c.current_url().await.map(|u| u.to_string()).unwrap_or_default();
            panic!("{what}: `{expr}` did not become true within {WAIT:?} (at {url})");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap_or_else(|e| panic!("script failed ({e}): {script}"))
}

/// Calls the API from the page (same origin, the page's session and CSRF token).
async fn api(c: &Client, method: &str, path: &str, body: Value) -> Value {
    let script = r#"
        const [method, path, body, done] = arguments;
        fetch('/api/v1/session').then(r => r.json()).then(s =>
          fetch(path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrf },
                        body: method === 'GET' ? undefined : JSON.stringify(body) }))
          .then(async r => done({ status: r.status, body: await r.json().catch(() => null) }))
          .catch(e => done({ status: 0, body: String(e) }));
    "#;
    c.execute_async(script, vec![json!(method), json!(path), body]).await.unwrap()
}

async fn screenshot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    let dir = root().join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), &png).unwrap();
    // README.md and docs/drafting.md show these, made by the tests that check the pages as seen.
    const IN_README: &[&str] = &[
        "rus-search.png",
        "eng-draft-eng.png",
        "tuk-reader.png",
        "eng-editor.png",
        "eng-editor-suggestion.png",
        "rus-editor-rus-table.png",
        "tuk-editor.png",
        "eng-editor-word.png",
    ];
    if std::env::var("UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") && IN_README.contains(&name) {
        let docs = root().join("docs/screenshots");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join(name), &png).unwrap();
    }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

#[test]
fn search_read_annotate_and_review_in_chromium() {
    if !browser_available() {
        return;
    }
    let driver = start_driver();
    rt().block_on(async {
        let base = start_server("local", &[]).await;
        let c = browser(&driver).await;

        // Search → open a hit → the article is shown and highlighted.
        c.goto(&format!("{base}/search")).await.unwrap();
        let q = wait_css(&c, "#q").await;
        // Typed, then Enter (WebDriver's key U+E007) submits the form.
        q.send_keys("\"written consent\"\u{E007}").await.unwrap();
        wait_css(&c, "li.hit a.hit-link").await;
        wait_js(&c, "the URL reflects the query", "location.search.includes('written')").await;
        screenshot(&c, "search.png").await;
        let hits = c.find_all(Locator::Css("li.hit")).await.unwrap();
        assert!(!hits.is_empty());
        let first = wait_css(&c, "li.hit a.hit-link").await;
        let href = first.attr("href").await.unwrap().unwrap();
        let eid = href.rsplit_once('#').map(|x| x.1.to_string()).unwrap();
        first.click().await.unwrap();
        wait_js(&c, "the reader opens", "location.pathname.startsWith('/read/')").await;
        wait_css(&c, &format!("[id='{eid}']")).await;
        wait_js(&c, "the hit is marked as the target", &format!(
            "document.getElementById('{eid}').classList.contains('target') || document.getElementById('{eid}').matches(':target')"
        )).await;
        wait_js(&c, "the query words are highlighted", "document.querySelector('#text mark.hl')").await;
        // The back button returns to the results.
        c.back().await.unwrap();
        wait_css(&c, "li.hit a.hit-link").await;

        // Cross-references are links to the cited provision, articles list what cites them, defined terms carry
        // their definition.
        c.goto(&format!("{base}/read/social-services?lang=eng#art_9")).await.unwrap();
        let link = wait_css(&c, "article[data-eid='art_9'] a.ref").await;
        assert!(link.attr("href").await.unwrap().unwrap().ends_with("#art_1__para_1__point_8"));
        wait_css(&c, "article[data-eid='art_1'] details.cited-by a[href$='#art_9']").await;
        wait_js(&c, "defined terms carry their definition", "[...document.querySelectorAll('article[data-eid=\"art_27\"] span.term')].some(s => s.dataset.definition.startsWith('a person with the qualifications'))").await;
        link.click().await.unwrap();
        wait_js(&c, "following a reference marks its target", "document.getElementById('art_1__para_1__point_8').classList.contains('target')").await;
        screenshot(&c, "reader.png").await;

        // Select a span → annotate → reload → the highlight and the annotation persist.
        c.goto(&format!("{base}/read/social-services?lang=eng#art_14")).await.unwrap();
        wait_css(&c, "article.provision[data-eid='art_14'] p.line").await;
        let selected = js(&c, r#"
            const art = document.querySelector("article.provision[data-eid='art_14']");
            const walker = document.createTreeWalker(art, NodeFilter.SHOW_TEXT);
            const words = 'written consent';
            let node;
            while ((node = walker.nextNode())) {
              const i = node.data.indexOf(words);
              if (i >= 0 && node.parentElement.closest('p.line')) {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + words.length);
                const sel = window.getSelection();
                sel.removeAllRanges();
                sel.addRange(range);
                node.parentElement.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
                document.dispatchEvent(new Event('selectionchange'));
                return true;
              }
            }
            return false;
        "#).await;
        assert_eq!(selected, json!(true), "the words are in Article 14");
        let add = wait_css(&c, "#anno-add").await;
        wait_js(&c, "the annotate button shows", "!document.querySelector('#anno-add').hidden && document.querySelector('#anno-add').offsetParent !== null").await;
        add.click().await.unwrap();
        wait_css(&c, "#anno-form").await;
        wait_js(&c, "the form shows the quote", "(document.querySelector('#anno-quote').value || document.querySelector('#anno-quote').textContent).includes('written consent')").await;
        c.find(Locator::Css("#anno-type")).await.unwrap().select_by_value("gap").await.unwrap();
        c.find(Locator::Css("#anno-body")).await.unwrap().send_keys("Browser test: no periodic review of consent.").await.unwrap();
        c.find(Locator::Css("#anno-save")).await.unwrap().click().await.unwrap();
        let mark = "mark.anno";
        wait_js(&c, "the new span is highlighted", &format!(
            "[...document.querySelectorAll('{mark}')].some(m => m.textContent.includes('written') || m.textContent.includes('consent'))"
        )).await;
        c.refresh().await.unwrap();
        wait_js(&c, "after a reload the highlight persists", &format!(
            "[...document.querySelectorAll('{mark}')].some(m => m.textContent.includes('written') || m.textContent.includes('consent'))"
        )).await;
        wait_js(&c, "after a reload the annotation is listed", "[...document.querySelectorAll('li.anno-item')].some(li => li.textContent.includes('no periodic review of consent'))").await;

        // A script payload in an annotation (body and author) is shown as text; no script runs.
        let payload = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>XSS-BODY";
        let made = api(&c, "POST", "/api/v1/annotations", json!({
            "work": "social-services", "lang": "eng", "eid": "art_14", "type": "comment",
            "body": payload, "author": "<script>window.__xss=3</script>XSS-AUTHOR"
        })).await;
        assert_eq!(made["status"], 201, "{made}");
        c.refresh().await.unwrap();
        wait_js(&c, "the hostile annotation is listed", "[...document.querySelectorAll('li.anno-item')].some(li => li.textContent.includes('XSS-AUTHOR'))").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(js(&c, "return window.__xss === undefined;").await, json!(true), "a script ran");
        assert_eq!(
            js(&c, "return [...document.querySelectorAll('li.anno-item')].some(li => li.textContent.includes('<script>window.__xss=3</script>XSS-AUTHOR'));").await,
            json!(true),
            "the author's name is shown as the text it is"
        );
        assert_eq!(js(&c, "return document.querySelectorAll('li.anno-item script, li.anno-item img[onerror]').length;").await, json!(0));

        assert_eq!(js(&c, "return window.__cspViolations;").await, json!([]), "CSP violations in the reader");

        // The sample draft: the redline shows insertions and deletions; the side-by-side view and the table.
        c.goto(&format!("{base}/drafts")).await.unwrap();
        wait_css(&c, "li.draft a.draft-link").await.click().await.unwrap();
        wait_css(&c, "#redline ins").await;
        wait_css(&c, "#redline del").await;
        screenshot(&c, "redline.png").await;
        let ins = c.find_all(Locator::Css("#redline ins")).await.unwrap().len();
        let del = c.find_all(Locator::Css("#redline del")).await.unwrap().len();
        assert!(ins >= 3 && del >= 1, "{ins} insertions, {del} deletions");
        c.find(Locator::Css("#view-side")).await.unwrap().click().await.unwrap();
        wait_css(&c, "#redline-side ins").await;
        c.find(Locator::Css("#view-table")).await.unwrap().click().await.unwrap();
        wait_css(&c, "#comparative-table table").await;
        let docx = wait_css(&c, "#downloads a[data-format='docx']").await;
        assert!(docx.attr("href").await.unwrap().unwrap().contains("format=docx"));

        // The interface language switches, and the pages broke no rule of the Content-Security-Policy.
        c.find(Locator::Css("#ui-lang")).await.unwrap().select_by_value("rus").await.unwrap();
        wait_js(&c, "the interface is in Russian", "document.querySelector('nav.nav a').textContent === 'Поиск' && document.documentElement.lang === 'ru'").await;
        c.find(Locator::Css("#ui-lang")).await.unwrap().select_by_value("tuk").await.unwrap();
        wait_js(&c, "the interface is in Turkmen", "document.querySelector('nav.nav a').textContent === 'Gözleg'").await;
        assert_eq!(js(&c, "return window.__cspViolations;").await, json!([]), "CSP violations");

        c.close().await.unwrap();
    });
}

#[test]
fn a_reviewer_cannot_reach_drafter_only_actions() {
    if !browser_available() {
        return;
    }
    let driver = start_driver();
    rt().block_on(async {
        let base = start_server("team", &[("reza", Role::Reviewer), ("dana", Role::Drafter)]).await;
        let c = browser(&driver).await;
        // Not signed in: the pages send you to the login page.
        c.goto(&format!("{base}/drafts")).await.unwrap();
        wait_js(&c, "the login page opens", "location.pathname === '/login'").await;
        let login = async |name: &str| {
            c.goto(&format!("{base}/login")).await.unwrap();
            wait_css(&c, "#login-name").await.send_keys(name).await.unwrap();
            c.find(Locator::Css("#login-password")).await.unwrap().send_keys(&format!("{name}-password")).await.unwrap();
            c.find(Locator::Css("#login-submit")).await.unwrap().click().await.unwrap();
            wait_js(&c, "signed in", "location.pathname !== '/login'").await;
        };
        login("reza").await;
        c.goto(&format!("{base}/drafts")).await.unwrap();
        wait_css(&c, "li.draft").await;
        assert_eq!(
            js(&c, "const f = document.querySelector('#draft-upload'); return !f || f.hidden || f.offsetParent === null;").await,
            json!(true),
            "a reviewer sees no upload form"
        );
        // And the API refuses the action itself, whatever the page shows.
        let r = api(&c, "POST", "/api/v1/users", json!({"name": "eve", "password": "eve-password", "role": "admin"})).await;
        assert_eq!(r["status"], 403, "{r}");
        let r = api(&c, "DELETE", "/api/v1/drafts/social-services-amendments", json!(null)).await;
        assert_eq!(r["status"], 403, "{r}");
        // A reviewer may annotate.
        c.goto(&format!("{base}/read/social-services")).await.unwrap();
        wait_css(&c, "article.provision button.anno-article").await;
        // The drafter sees the upload form.
        c.delete_all_cookies().await.unwrap();
        login("dana").await;
        c.goto(&format!("{base}/drafts")).await.unwrap();
        wait_css(&c, "li.draft").await;
        wait_js(&c, "a drafter sees the upload form", "document.querySelector('#draft-upload') && document.querySelector('#draft-upload').offsetParent !== null").await;
        c.close().await.unwrap();
    });
}

/// No element of the page carries an event-handler attribute, no script set the marker, and the page broke no
/// rule of the Content-Security-Policy.
async fn assert_no_markup_ran(c: &Client, where_: &str) {
    assert_eq!(js(c, "return window.__xss === undefined;").await, json!(true), "{where_}: a script ran");
    let handlers = "return [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).map(e => e.outerHTML.slice(0, 120));";
    assert_eq!(js(c, handlers).await, json!([]), "{where_}: markup from user text got into the page");
    assert_eq!(js(c, "return window.__cspViolations;").await, json!([]), "{where_}: CSP violations");
}

#[test]
fn user_written_text_is_shown_as_text_everywhere_in_chromium() {
    if !browser_available() {
        return;
    }
    let driver = start_driver();
    rt().block_on(async {
        let base = start_server("xss", &[]).await;
        let c = browser(&driver).await;
        let payload = "<img src=x onerror=\"window.__xss=1\">";
        // The search query, echoed in the search box and the results.
        let q: String = url_encode(&format!("{payload} XSS-QUERY"));
        c.goto(&format!("{base}/search?q={q}")).await.unwrap();
        wait_js(&c, "the query is in the search box", "document.querySelector('#q').value.includes('XSS-QUERY')").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_no_markup_ran(&c, "search").await;

        // Tags (no spaces allowed, still markup) and author names of an annotation, in the reader and the report.
        let made = api(&c, "POST", "/api/v1/annotations", json!({
            "work": "social-services", "lang": "eng", "eid": "art_3", "type": "gap",
            "body": "XSS-TAGS", "tags": ["<svg/onload=window.__xss=2>"], "author": "<b onclick=x()>XSS-AUTHOR</b>"
        })).await;
        assert_eq!(made["status"], 201, "{made}");
        c.goto(&format!("{base}/read/social-services?lang=eng#art_3")).await.unwrap();
        wait_js(&c, "the annotation is listed", "[...document.querySelectorAll('li.anno-item')].some(li => li.textContent.includes('XSS-TAGS'))").await;
        assert_eq!(
            js(&c, "return [...document.querySelectorAll('li.anno-item')].some(li => li.textContent.includes('<svg/onload=window.__xss=2>'));").await,
            json!(true),
            "the tag is shown as the text it is"
        );
        assert_no_markup_ran(&c, "reader").await;
        c.goto(&format!("{base}/report")).await.unwrap();
        wait_js(&c, "the report lists the annotation", "document.body.textContent.includes('XSS-TAGS')").await;
        assert_no_markup_ran(&c, "report").await;

        // A draft whose title and justification carry markup, uploaded and opened as a redline and a table.
        let text = std::fs::read_to_string(root().join("corpus/tm/social-services-amendments/eng@2026-10-01.md"))
            .unwrap()
            .replace("/social-services-amendments", "/xss-amendments")
            .replacen("title = \"", "title = \"<img src=x onerror=window.__xss=3> XSS-TITLE ", 1)
            .replacen("> Justification:", "> Justification: <img src=x onerror=window.__xss=4> XSS-JUSTIFICATION", 1);
        let upload = r#"
            const [text, done] = arguments;
            fetch('/api/v1/session').then(r => r.json()).then(s =>
              fetch('/api/v1/drafts', { method: 'POST', headers: { 'content-type': 'text/markdown', 'x-csrf-token': s.csrf }, body: text }))
              .then(r => done(r.status)).catch(e => done(String(e)));
        "#;
        assert_eq!(c.execute_async(upload, vec![json!(text)]).await.unwrap(), json!(201));
        c.goto(&format!("{base}/drafts")).await.unwrap();
        wait_js(&c, "the draft is listed by its title", "document.body.textContent.includes('XSS-TITLE')").await;
        assert_no_markup_ran(&c, "drafts").await;
        c.goto(&format!("{base}/drafts/xss-amendments")).await.unwrap();
        wait_css(&c, "#redline ins").await;
        c.find(Locator::Css("#view-table")).await.unwrap().click().await.unwrap();
        wait_js(&c, "the justification is in the table", "document.querySelector('#comparative-table') && document.querySelector('#comparative-table').textContent.includes('XSS-JUSTIFICATION')").await;
        assert_eq!(
            js(&c, "return document.querySelector('#comparative-table').textContent.includes('<img src=x onerror=window.__xss=4>');").await,
            json!(true),
            "the justification is shown as the text it is"
        );
        assert_no_markup_ran(&c, "redline").await;
        c.close().await.unwrap();
    });
}

/// Percent-encodes a query-string value.
fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
