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

/// Markdown rendered with pulldown-cmark and sanitised with ammonia.
pub fn body_html(markdown: &str) -> String {
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
