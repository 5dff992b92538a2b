//! Akoma Ntoso 3.0 export and import ([`import`]: strict, no DTD, no entity resolved). Export: an expression as an `<akomaNtoso><act>` document with FRBR metadata (work,
//! expression, manifestation), the provision tree with Kanun's eIds and wIds, `<num>`, `<heading>`, `<content>`
//! / `<intro>` / `<wrapUp>`, and resolved citations as `<ref href>`. Pure: an expression in, a string out. The
//! export of every sample work validates against the official XSD (`crates/kanun-akn/tests/xsd.rs`).

mod import;

use std::fmt::Write as _;

pub use import::{ImportError, MAX_DEPTH, import, import_as};

use kanun_model::{Expression, Kind, Provision};
use kanun_refs::{Reference, State};

/// The Akoma Ntoso namespace.
pub const NS: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow are left out (they cannot come from a valid corpus file).
            c if kanun_model::text::xml_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn element(kind: Kind) -> &'static str {
    match kind {
        Kind::Book => "book",
        Kind::Part => "part",
        Kind::Section => "section",
        Kind::Subsection => "subsection",
        Kind::Chapter => "chapter",
        Kind::Subchapter => "subchapter",
        Kind::Hcontainer => "hcontainer",
        Kind::Article => "article",
        Kind::Para => "paragraph",
        Kind::Point => "point",
    }
}

/// Options of an export.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The manifestation's date (the day of the export, `YYYY-MM-DD`).
    pub generated: String,
    /// Resolved citations as `<ref href>` (offsets in each article's plain text), from `kanun_refs::references`.
    pub references: Vec<(String, Vec<Reference>)>,
}

/// The expression as an Akoma Ntoso 3.0 document.
pub fn export(e: &Expression, o: &Options) -> String {
    let work = e.meta.work.to_string();
    let id = e.id().to_string();
    let work_date = work.split('/').nth(4).unwrap_or_default().to_string();
    let country = work.split('/').nth(2).unwrap_or_default().to_string();
    let mut x = String::new();
    let _ = writeln!(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(x, "<akomaNtoso xmlns=\"{NS}\">");
    let _ = writeln!(x, "  <act name=\"{}\">", escape(e.meta.kind.as_str()));
    let _ = writeln!(x, "    <meta>");
    let _ = writeln!(x, "      <identification source=\"#kanun\">");
    let _ = writeln!(
        x,
        "        <FRBRWork>\n          <FRBRthis value=\"{w}/!main\"/>\n          <FRBRuri value=\"{w}\"/>\n          <FRBRalias value=\"{t}\" name=\"title\"/>\n          <FRBRdate date=\"{wd}\" name=\"enactment\"/>\n          <FRBRauthor href=\"#mejlis\"/>\n          <FRBRcountry value=\"{c}\"/>\n        </FRBRWork>",
        w = escape(&work),
        t = escape(&e.meta.title),
        wd = escape(&work_date),
        c = escape(&country)
    );
    let _ = writeln!(
        x,
        "        <FRBRExpression>\n          <FRBRthis value=\"{i}/!main\"/>\n          <FRBRuri value=\"{i}\"/>\n          <FRBRdate date=\"{d}\" name=\"{status}\"/>\n          <FRBRauthor href=\"#mejlis\"/>\n          <FRBRlanguage language=\"{l}\"/>\n        </FRBRExpression>",
        i = escape(&id),
        d = e.meta.date,
        status = escape(e.meta.status.as_str()),
        l = e.meta.language.code()
    );
    let _ = writeln!(
        x,
        "        <FRBRManifestation>\n          <FRBRthis value=\"{i}/!main.xml\"/>\n          <FRBRuri value=\"{i}.akn\"/>\n          <FRBRdate date=\"{g}\" name=\"transformation\"/>\n          <FRBRauthor href=\"#kanun\"/>\n        </FRBRManifestation>",
        i = escape(&id),
        g = escape(if o.generated.is_empty() { "1970-01-01" } else { &o.generated })
    );
    let _ = writeln!(x, "      </identification>");
    let _ = writeln!(
        x,
        "      <references source=\"#kanun\">\n        <TLCOrganization eId=\"kanun\" href=\"/ontology/organization/kanun\" showAs=\"Kanun\"/>\n        <TLCOrganization eId=\"mejlis\" href=\"/ontology/organization/{c}/mejlis\" showAs=\"Mejlis\"/>",
        c = escape(&country)
    );
    // A draft's target: the work it amends, the date of the base text, and whether it holds changes only.
    if let Some(a) = &e.meta.amends {
        let _ = writeln!(
            x,
            "        <TLCReference eId=\"amends\" name=\"amends\" href=\"{}\" showAs=\"amends\"/>",
            escape(&a.to_string())
        );
    }
    if let Some(b) = e.meta.base {
        let _ = writeln!(
            x,
            "        <TLCReference eId=\"base\" name=\"base\" href=\"/ontology/kanun/base/{b}\" showAs=\"{b}\"/>"
        );
    }
    if e.meta.kind == kanun_model::DocKind::Draft {
        let sc = e.meta.scope.as_str();
        let _ = writeln!(
            x,
            "        <TLCReference eId=\"scope\" name=\"scope\" href=\"/ontology/kanun/scope/{sc}\" showAs=\"{sc}\"/>"
        );
    }
    let _ = writeln!(x, "      </references>");
    let _ = writeln!(x, "    </meta>");
    if !e.long_title.is_empty() {
        let _ = writeln!(
            x,
            "    <preface>\n      <longTitle><p>{}</p></longTitle>\n    </preface>",
            escape(&e.long_title)
        );
    }
    if !e.preamble.is_empty() {
        let _ = writeln!(x, "    <preamble>");
        for p in &e.preamble {
            let _ = writeln!(x, "      <p>{}</p>", escape(p));
        }
        let _ = writeln!(x, "    </preamble>");
    }
    let _ = writeln!(x, "    <body>");
    for p in &e.body {
        provision(p, 3, false, &o.references, &mut None, &mut x);
    }
    let _ = writeln!(x, "    </body>\n  </act>\n</akomaNtoso>");
    x
}

/// A line of text with resolved references as `<ref href>`; `at` is where the line begins in the article's
/// plain text, in characters.
fn text_with_refs(text: &str, at: usize, refs: &[Reference]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let end = at + chars.len();
    let mut out = String::new();
    let mut pos = 0;
    for r in refs.iter().filter(|r| r.start >= at && r.end <= end) {
        let Some(t) =
            r.targets.iter().find(|t| t.eid.is_some() && !matches!(t.state, State::Unresolved { .. }))
        else {
            continue;
        };
        let (s, e) = (r.start - at, r.end - at);
        if s < pos {
            continue;
        }
        out.push_str(&escape(&chars[pos..s].iter().collect::<String>()));
        let href = format!("{}/~{}", t.work, t.eid.as_deref().unwrap_or_default());
        let _ = write!(
            out,
            "<ref href=\"{}\">{}</ref>",
            escape(&href),
            escape(&chars[s..e].iter().collect::<String>())
        );
        pos = e;
    }
    out.push_str(&escape(&chars[pos..].iter().collect::<String>()));
    out
}

/// Where the next line of an article's plain text begins (in characters), and the article's references.
struct Cursor<'r> {
    at: usize,
    refs: &'r [Reference],
}

impl Cursor<'_> {
    /// A `<p>` for a line whose text begins `skip` characters into the next line of the plain text, which is
    /// `line_len` characters long.
    fn p(&mut self, text: &str, skip: usize, line_len: usize) -> String {
        let body = text_with_refs(text, self.at + skip, self.refs);
        self.at += line_len + 1;
        format!("<p>{body}</p>")
    }
}

fn lines_xml(
    lines: &[String],
    ind: &str,
    marker: Option<&str>,
    cur: &mut Option<Cursor<'_>>,
    x: &mut String,
) {
    for (i, line) in lines.iter().enumerate() {
        let p = match (cur.as_mut(), marker.filter(|_| i == 0)) {
            (Some(c), Some(m)) => {
                let skip = m.chars().count() + 1;
                c.p(line, skip, skip + line.chars().count())
            }
            (Some(c), None) => c.p(line, 0, line.chars().count()),
            (None, _) => format!("<p>{}</p>", escape(line)),
        };
        let _ = writeln!(x, "{ind}{p}");
    }
}

/// Notes (a draft's justification) as paragraphs of class `justification`, after the text.
fn notes_xml(notes: &[String], ind: &str, x: &mut String) {
    for n in notes {
        let _ = writeln!(x, "{ind}<p class=\"justification\">{}</p>", escape(n));
    }
}

fn provision<'r>(
    p: &Provision,
    depth: usize,
    with_marker: bool,
    refs: &'r [(String, Vec<Reference>)],
    cur: &mut Option<Cursor<'r>>,
    x: &mut String,
) {
    let ind = "  ".repeat(depth);
    let el = element(p.kind);
    let wid = if p.wid != p.eid { format!(" wId=\"{}\"", escape(&p.wid)) } else { String::new() };
    let status = if p.repealed { " status=\"removed\"" } else { "" };
    // A draft article's links to the base: replaces=art_5,art_6 and repeals[=…], as class tokens.
    let mut classes = Vec::new();
    if !p.replaces.is_empty() {
        classes.push(format!("replaces:{}", p.replaces.join(",")));
    }
    if !p.repeals.is_empty() {
        classes.push(format!("repeals:{}", p.repeals.join(",")));
    }
    let class =
        if classes.is_empty() { String::new() } else { format!(" class=\"{}\"", escape(&classes.join(" "))) };
    let _ = writeln!(x, "{ind}<{el} eId=\"{}\"{wid}{status}{class}>", escape(&p.eid));
    if let Some(n) = &p.num {
        let _ = writeln!(x, "{ind}  <num>{}</num>", escape(&n.raw));
    }
    if let Some(h) = &p.heading {
        let _ = writeln!(x, "{ind}  <heading>{}</heading>", escape(h));
    }
    // An article starts its own cursor over its plain text.
    let mut own;
    let cur: &mut Option<Cursor<'r>> = if p.kind == Kind::Article {
        let r = refs.iter().find(|(eid, _)| *eid == p.eid).map_or(&[][..], |(_, r)| r.as_slice());
        own = Some(Cursor { at: 0, refs: r });
        &mut own
    } else {
        cur
    };
    let marker = if with_marker { p.num.as_ref().map(|n| n.raw.as_str()) } else { None };
    // A numbered provision with no text of its own takes a line for its marker alone.
    if marker.is_some()
        && p.intro.is_empty()
        && let Some(c) = cur.as_mut()
    {
        c.at += marker.map_or(0, |m| m.chars().count()) + 1;
    }
    let inner = format!("{ind}    ");
    if p.children.is_empty() {
        let _ = writeln!(x, "{ind}  <content>");
        if p.intro.is_empty() && p.wrap_up.is_empty() {
            let _ = writeln!(x, "{inner}<p/>");
        }
        lines_xml(&p.intro, &inner, marker, cur, x);
        lines_xml(&p.wrap_up, &inner, None, cur, x);
        notes_xml(&p.notes, &inner, x);
        let _ = writeln!(x, "{ind}  </content>");
    } else {
        if !p.intro.is_empty() {
            let _ = writeln!(x, "{ind}  <intro>");
            lines_xml(&p.intro, &inner, marker, cur, x);
            let _ = writeln!(x, "{ind}  </intro>");
        }
        for c in &p.children {
            let nested_container = c.kind.is_container() || c.kind == Kind::Article;
            if nested_container && let Some(k) = cur.as_mut() {
                // The heading line of a container inside an article.
                let mut head = c.num.as_ref().map(|n| n.raw.clone()).unwrap_or_default();
                if let Some(h) = &c.heading {
                    if !head.is_empty() {
                        head.push_str(". ");
                    }
                    head.push_str(h);
                }
                if !head.is_empty() {
                    k.at += head.chars().count() + 1;
                }
            }
            provision(c, depth + 1, !nested_container, refs, cur, x);
        }
        if !p.wrap_up.is_empty() || !p.notes.is_empty() {
            let _ = writeln!(x, "{ind}  <wrapUp>");
            lines_xml(&p.wrap_up, &inner, None, cur, x);
            notes_xml(&p.notes, &inner, x);
            let _ = writeln!(x, "{ind}  </wrapUp>");
        }
    }
    let _ = writeln!(x, "{ind}</{el}>");
}
