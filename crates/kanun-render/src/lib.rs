//! Kanun's printers. They take the model and return strings; they never write files.
//!
//! - [`body_html`]: an annotation's Markdown body as HTML that is safe to put in a page: no scripts, no event
//!   handlers, no `javascript:` or data URLs, no frames, no images (an offline tool must not fetch them).
//! - [`report`]: the review report (Markdown, HTML or CSV).
//!
//! ```
//! let html = kanun_render::body_html("**Gap:** no <script>alert(1)</script> complaints body");
//! assert!(html.contains("<strong>Gap:</strong>"));
//! assert!(!html.contains("<script"));
//! ```

pub mod report;
pub mod w3c;

use pulldown_cmark::{Options, Parser, html};

/// How many bodies [`body_html`] has rendered (not taken from its cache) since the program started.
pub fn bodies_rendered() -> u64 {
    RENDERED.load(std::sync::atomic::Ordering::Relaxed)
}

static RENDERED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Rendered bodies by their text: a body is rendered once, not on every request that shows it (an article's
/// annotation list, the report). Keyed by two independent 64-bit hashes of the text; bounded in bytes (cleared
/// when full), so a flood of different bodies cannot grow it without end.
struct Cache {
    map: std::collections::HashMap<(u64, u64), std::sync::Arc<str>>,
    bytes: usize,
}

const CACHE_BYTES: usize = 32 << 20;

fn cache() -> &'static std::sync::Mutex<Cache> {
    static CACHE: std::sync::OnceLock<std::sync::Mutex<Cache>> = std::sync::OnceLock::new();
    CACHE.get_or_init(|| std::sync::Mutex::new(Cache { map: std::collections::HashMap::new(), bytes: 0 }))
}

/// Two SipHash values of the text under keys drawn at random when the program starts (nobody can make two
/// bodies that share a key on purpose).
fn key(markdown: &str) -> (u64, u64) {
    use std::hash::BuildHasher as _;
    static STATES: std::sync::OnceLock<[std::collections::hash_map::RandomState; 2]> =
        std::sync::OnceLock::new();
    let [a, b] = STATES.get_or_init(|| [Default::default(), Default::default()]);
    (a.hash_one(markdown), b.hash_one(markdown))
}

/// Markdown rendered with pulldown-cmark and sanitised with ammonia; each distinct body once (see [`Cache`]).
pub fn body_html(markdown: &str) -> String {
    let k = key(markdown);
    if let Ok(c) = cache().lock()
        && let Some(html) = c.map.get(&k)
    {
        return html.to_string();
    }
    let html = render_body(markdown);
    if let Ok(mut c) = cache().lock() {
        if c.bytes + html.len() > CACHE_BYTES {
            c.map.clear();
            c.bytes = 0;
        }
        c.bytes += html.len();
        c.map.insert(k, html.as_str().into());
    }
    html
}

fn render_body(markdown: &str) -> String {
    RENDERED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut raw = String::new();
    html::push_html(
        &mut raw,
        Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH),
    );
    ammonia::Builder::default()
        .rm_tags(["img"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&raw)
        .to_string()
}

/// Text escaped for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
