//! From the provision tree back to the corpus format. The output parses to the same tree (the round trip): text
//! is escaped where Markdown or a number marker would read it otherwise, and every provision is written in the
//! one syntax that the parser reads back into the same place.

use kanun_model::{Expression, Kind, Provision};

use crate::frontmatter;
use crate::marker::{self, Style};

/// Renders an expression as a corpus file: front matter, title, preamble, body.
pub fn render(expr: &Expression) -> String {
    let mut out = frontmatter::render(&expr.meta);
    out.push('\n');
    out.push_str("# ");
    out.push_str(&escape_heading(&expr.long_title));
    out.push_str("\n\n");
    for p in &expr.preamble {
        out.push_str(&escape_line_start(p));
        out.push_str("\n\n");
    }
    for p in &expr.body {
        render_top(p, 2, &mut out);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn heading_line(p: &Provision, level: usize, out: &mut String) {
    out.push_str(&"#".repeat(level.min(6)));
    out.push(' ');
    match (&p.num, &p.heading) {
        // The number is written as it was read; only the title needs escaping.
        (Some(n), Some(h)) => out.push_str(&format!("{}. {}", n.raw, escape_heading(h))),
        (Some(n), None) => out.push_str(&n.raw),
        (None, Some(h)) => out.push_str(&escape_heading(h)),
        (None, None) => {}
    }
    let mut attrs = Vec::new();
    if p.wid != p.eid {
        attrs.push(format!("#{}", p.wid));
    }
    if !p.replaces.is_empty() {
        attrs.push(format!("replaces={}", p.replaces.join(",")));
    }
    if p.repeals.len() == 1 && p.repeals[0] == p.eid {
        attrs.push("repeals".to_string());
    } else if !p.repeals.is_empty() {
        attrs.push(format!("repeals={}", p.repeals.join(",")));
    }
    if !attrs.is_empty() {
        out.push_str(&format!(" {{{}}}", attrs.join(" ")));
    }
    out.push_str("\n\n");
}

fn render_top(p: &Provision, level: usize, out: &mut String) {
    heading_line(p, level, out);
    if p.kind == Kind::Article {
        render_article_body(p, out);
    } else {
        paragraphs(&p.intro, "", out);
        paragraphs(&p.notes, "> ", out);
        for c in &p.children {
            render_top(c, level + 1, out);
        }
    }
}

/// Paragraphs of running text, each on its own line after `prefix`, separated by blank lines.
fn paragraphs(texts: &[String], prefix: &str, out: &mut String) {
    for t in texts {
        out.push_str(prefix);
        out.push_str(&escape_line_start(t));
        out.push_str("\n\n");
    }
}

/// Whether Markdown reads the provision's marker as a list item (`1.`, `1)`, not `1-1.` or `1¹)`).
fn is_md_list(p: &Provision) -> bool {
    p.num.as_ref().is_some_and(|n| marker::list_item(&n.raw).is_some_and(|m| m.raw == n.raw))
}

fn style_of(p: &Provision) -> Style {
    p.num.as_ref().and_then(|n| marker::detect(&n.raw, false)).map_or(Style::Dot, |m| m.style)
}

/// Whether a provision can be written as lines inside its parent's paragraph: neither it nor anything under it
/// has a marker that the parser does not read on such a line, or a wrap-up (which such lines cannot hold).
fn inline_ok(p: &Provision) -> bool {
    !matches!(style_of(p), Style::Dot | Style::Enclosed)
        && p.wrap_up.is_empty()
        && p.children.iter().all(inline_ok)
}

fn render_article_body(a: &Provision, out: &mut String) {
    paragraphs(&a.intro, "", out);
    for c in &a.children {
        render_numbered(c, 0, true, out);
    }
    paragraphs(&a.wrap_up, "", out);
    paragraphs(&a.notes, "> ", out);
}

/// Renders a numbered provision whose block starts at column `indent`. `own_block` says whether it starts a
/// block of its own (a list item or a paragraph) rather than a line inside its parent's paragraph.
fn render_numbered(p: &Provision, indent: usize, own_block: bool, out: &mut String) {
    let pad = " ".repeat(indent);
    let raw = p.num.as_ref().map_or("", |n| n.raw.as_str());
    let style = style_of(p);
    let content = indent + raw.chars().count() + 1;
    let cpad = " ".repeat(content);
    if !own_block {
        // A line inside the parent's paragraph; its own further paragraphs follow hard line breaks.
        out.push_str(&pad);
        out.push_str(raw);
        for (i, t) in p.intro.iter().enumerate() {
            if i == 0 {
                out.push(' ');
            } else {
                out.push_str("\\\n");
                out.push_str(&pad);
            }
            out.push_str(&escape_line_start(t));
        }
        for c in &p.children {
            out.push('\n');
            render_numbered(c, indent, false, out);
        }
        return;
    }
    out.push_str(&pad);
    out.push_str(raw);
    let list = style.is_list() && is_md_list(p);
    for (i, t) in p.intro.iter().enumerate() {
        if i == 0 {
            out.push(' ');
        } else if list {
            out.push_str("\n\n");
            out.push_str(&cpad);
        } else {
            out.push_str("\\\n");
            out.push_str(&pad);
        }
        out.push_str(&escape_line_start(t));
    }
    // Children whose markers Markdown does not read as list items go on lines inside this paragraph, unless a
    // marker is one the parser does not read on a line inside a paragraph (`(2)`, `2.`): those children start
    // blocks of their own, or their text would run on into this provision's.
    let inline_children = p.children.first().is_some_and(|c| !(style_of(c).is_list() && is_md_list(c)))
        && p.children.iter().all(inline_ok);
    if inline_children {
        let child_indent = if list { content } else { indent };
        for c in &p.children {
            out.push('\n');
            render_numbered(c, child_indent, false, out);
        }
        out.push_str("\n\n");
    } else {
        // A list item may start with at most one blank line: an item without text of its own has its children
        // on the very next line.
        out.push_str(if p.intro.is_empty() && list && !p.children.is_empty() { "\n" } else { "\n\n" });
        let child_indent = if list { content } else { indent };
        for c in &p.children {
            render_numbered(c, child_indent, true, out);
        }
    }
    // The wrap-up of an item whose marker starts a paragraph goes two columns right of the marker: at the
    // marker's own column it would be the wrap-up of the item holding the list.
    let npad = format!("{pad}  ");
    let wpad = if list { &cpad } else { &npad };
    for t in &p.wrap_up {
        out.push_str(wpad);
        out.push_str(&escape_line_start(t));
        out.push_str("\n\n");
    }
}

/// Escapes what Markdown would read as markup anywhere in a line (emphasis, code, links, entities, HTML,
/// attributes): `` `a`a ``, `[a](b)` and `&mp;` stay those characters. The importers use it too.
pub fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*'
                | '_'
                | '`'
                | '['
                | ']'
                | '<'
                | '>'
                | '&'
                | '|'
                | '~'
                | '$'
                | '{'
                | '}'
                | '#'
                | '!'
                | '^'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes running text that starts a line: besides inline Markdown, whatever would open a block there (a list
/// item, a heading, a quote, a thematic break, a number marker).
fn escape_line_start(s: &str) -> String {
    let escaped = escape_inline(s);
    // Number markers: `1.`, `1)`, `(1)`, `а)`, `(a)`.
    if let Some(m) = marker::detect(s, false) {
        let raw = &m.raw;
        let rest = &escaped[escape_inline(raw).len()..];
        return if let Some(inner) = raw.strip_prefix('(') {
            format!("\\({inner}{rest}")
        } else {
            let (body, last) = raw.split_at(raw.len() - 1);
            format!("{body}\\{last}{rest}")
        };
    }
    // A run of digits followed by `.` or `)` is a list marker to CommonMark even without text after it.
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(s.as_bytes().get(digits), Some(b'.' | b')')) {
        return format!("{}\\{}", &s[..digits], &escaped[digits..]);
    }
    match s.chars().next() {
        Some('-' | '+' | '=' | ':') => format!("\\{escaped}"),
        _ => escaped,
    }
}

fn escape_heading(s: &str) -> String {
    escape_line_start(s)
}
