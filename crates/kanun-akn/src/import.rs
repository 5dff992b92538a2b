//! Akoma Ntoso 3.0 import: an `<akomaNtoso><act>` document back into an expression. The reader is strict about
//! what could be dangerous: a DOCTYPE is refused (so no entity, external or internal, is ever defined, let alone
//! resolved: no XXE, no billion laughs), only the five predefined entities and character references are read,
//! nesting is limited. Every error names the line and says how to fix the input.

use kanun_model::{DocKind, Expression, Kind, Language, Metadata, Num, Provision, Status, WorkUri};
use quick_xml::events::Event;
use thiserror::Error;

/// The deepest nesting read.
pub const MAX_DEPTH: usize = 64;

/// Why a document cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("line {line}: {message} ({hint})")]
pub struct ImportError {
    /// 1-based line of the problem.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Item>,
    line: usize,
}

#[derive(Debug)]
enum Item {
    Node(Node),
    Text(String),
}

impl Node {
    fn attr(&self, k: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
    }

    fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.children.iter().filter_map(|c| match c {
            Item::Node(n) => Some(n),
            Item::Text(_) => None,
        })
    }

    fn child(&self, name: &str) -> Option<&Node> {
        self.nodes().find(|n| n.name == name)
    }

    fn text(&self) -> String {
        let mut s = String::new();
        for c in &self.children {
            match c {
                Item::Text(t) => s.push_str(t),
                Item::Node(n) => s.push_str(&n.text()),
            }
        }
        s
    }
}

fn local(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name);
    s.rsplit(':').next().unwrap_or_default().to_string()
}

fn err(line: usize, message: impl Into<String>, hint: &str) -> ImportError {
    ImportError { line, message: message.into(), hint: hint.into() }
}

/// Refuses characters that XML 1.0 does not allow (control characters other than tab, line feed and carriage
/// return, and U+FFFE, U+FFFF), written as themselves or as character references: quick-xml does not check
/// them, and an expression holding them could not be exported again.
fn xml_chars(s: &str, line: usize) -> Result<(), ImportError> {
    match s.char_indices().find(|(_, c)| kanun_model::text::xml_forbidden(*c)) {
        None => Ok(()),
        Some((i, c)) => Err(err(
            line + s[..i].matches('\n').count(),
            format!("the character U+{:04X} is not allowed in XML", c as u32),
            "remove it (control characters cannot appear in an XML document, not even as &#…;)",
        )),
    }
}

fn parse_tree(xml: &str) -> Result<Node, ImportError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    // Counted in bytes: quick-xml's positions need not fall on a character boundary (after a byte order mark
    // it reports one inside it).
    // Lines are counted forward from the last position asked for (positions only grow while reading): counting
    // from the start for every element made large documents quadratic.
    let counted = std::cell::Cell::new((0usize, 1usize));
    let line_at = |pos: usize| {
        let pos = pos.min(xml.len());
        let (from, line) = counted.get();
        let (from, line) = if pos >= from { (from, line) } else { (0, 1) };
        let line = line + xml.as_bytes()[from..pos].iter().filter(|b| **b == b'\n').count();
        counted.set((pos, line));
        line
    };
    let mut stack: Vec<Node> = vec![Node { name: "#document".into(), ..Node::default() }];
    loop {
        let pos = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(|e| {
            err(
                line_at(reader.error_position() as usize),
                format!("not well-formed XML: {e}"),
                "check the document with xmllint",
            )
        })?;
        match ev {
            Event::DocType(_) => {
                return Err(err(
                    line_at(pos),
                    "a DOCTYPE is not accepted: Kanun never reads document type definitions or resolves entities",
                    "remove the <!DOCTYPE …> declaration (Akoma Ntoso documents need none)",
                ));
            }
            Event::Start(e) | Event::Empty(e) if stack.len() > MAX_DEPTH => {
                let _ = e;
                return Err(err(
                    line_at(pos),
                    format!("elements nested deeper than {MAX_DEPTH}"),
                    "this is not a law's structure",
                ));
            }
            Event::Start(e) => {
                let node = node_of(&e, line_at(pos))?;
                stack.push(node);
            }
            Event::Empty(e) => {
                let node = node_of(&e, line_at(pos))?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(Item::Node(node));
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else { break };
                match stack.last_mut() {
                    Some(top) => top.children.push(Item::Node(done)),
                    None => {
                        return Err(err(
                            line_at(pos),
                            "an end tag without a start tag",
                            "check the document with xmllint",
                        ));
                    }
                }
            }
            Event::Text(t) => {
                let s = t.unescape().map_err(|e| {
                    err(
                        line_at(pos),
                        format!("unknown entity or bad character reference ({e})"),
                        "only &amp; &lt; &gt; &quot; &apos; and &#…; are read; write the character itself",
                    )
                })?;
                xml_chars(&s, line_at(pos))?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(Item::Text(s.into_owned()));
                }
            }
            Event::CData(t) => {
                let s = String::from_utf8_lossy(&t.into_inner()).into_owned();
                xml_chars(&s, line_at(pos))?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(Item::Text(s));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(err(xml.lines().count(), "the document ends inside an element", "close every element"));
    }
    stack.pop().ok_or_else(|| err(1, "empty document", "give an Akoma Ntoso document"))
}

/// The most attributes an element may carry (Akoma Ntoso elements have a handful; checking a long list for
/// duplicates costs its square: 200,000 attributes took 75 s).
pub const MAX_ATTRIBUTES: usize = 64;

fn node_of(e: &quick_xml::events::BytesStart<'_>, line: usize) -> Result<Node, ImportError> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        if attrs.len() >= MAX_ATTRIBUTES {
            return Err(err(
                line,
                format!("an element with more than {MAX_ATTRIBUTES} attributes"),
                "this is not an Akoma Ntoso element; check the document with xmllint",
            ));
        }
        let a = a.map_err(|x| err(line, format!("bad attribute: {x}"), "check the document with xmllint"))?;
        let v = a.unescape_value().map_err(|x| {
            err(
                line,
                format!("unknown entity in an attribute ({x})"),
                "only the predefined entities are read",
            )
        })?;
        xml_chars(&v, line)?;
        attrs.push((local(a.key.as_ref()), v.into_owned()));
    }
    Ok(Node { name: local(e.name().as_ref()), attrs, children: Vec::new(), line })
}

fn kind_of(name: &str) -> Option<Kind> {
    Some(match name {
        "book" => Kind::Book,
        "part" => Kind::Part,
        "section" => Kind::Section,
        "subsection" => Kind::Subsection,
        "chapter" => Kind::Chapter,
        "subchapter" => Kind::Subchapter,
        "hcontainer" => Kind::Hcontainer,
        "article" => Kind::Article,
        "paragraph" => Kind::Para,
        "point" => Kind::Point,
        _ => return None,
    })
}

fn paragraphs(n: &Node) -> Vec<String> {
    n.nodes()
        .filter(|p| p.name == "p" && p.attr("class") != Some("justification"))
        .map(|p| p.text())
        .filter(|t| !t.is_empty())
        .collect()
}

fn notes(n: &Node) -> Vec<String> {
    n.nodes()
        .filter(|p| p.name == "p" && p.attr("class") == Some("justification"))
        .map(|p| p.text())
        .collect()
}

fn provision(n: &Node, kind: Kind) -> Result<Provision, ImportError> {
    let eid = n.attr("eId").ok_or_else(|| {
        err(
            n.line,
            format!("<{}> without an eId", n.name),
            "give every provision an eId (art_1, art_1__para_2)",
        )
    })?;
    let mut p = Provision::new(kind, eid);
    p.wid = n.attr("wId").unwrap_or(eid).to_string();
    p.repealed = n.attr("status") == Some("removed");
    for token in n.attr("class").unwrap_or_default().split_whitespace() {
        let list = |v: &str| v.split(',').filter(|x| !x.is_empty()).map(str::to_string).collect::<Vec<_>>();
        if let Some(v) = token.strip_prefix("replaces:") {
            p.replaces = list(v);
        } else if let Some(v) = token.strip_prefix("repeals:") {
            p.repeals = list(v);
        }
    }
    if let Some(num) = n.child("num") {
        let raw = num.text();
        // The number is the last level's id (a level without a prefix is all id).
        let id = kanun_model::eid::Eid::new(eid)
            .levels()
            .last()
            .map_or("", |l| if l.id.is_empty() { l.prefix } else { l.id })
            .to_string();
        p.num = Some(Num { raw, id });
    }
    p.heading = n.child("heading").map(Node::text);
    for c in n.nodes() {
        match c.name.as_str() {
            "content" => {
                // Text lines of a provision without children: the wrap-up cannot be told apart, so all is intro
                // (as the corpus parser reads it too).
                p.intro.extend(paragraphs(c));
                p.notes.extend(notes(c));
            }
            "intro" => p.intro.extend(paragraphs(c)),
            "wrapUp" => {
                p.wrap_up.extend(paragraphs(c));
                p.notes.extend(notes(c));
            }
            other => {
                if let Some(k) = kind_of(other) {
                    p.children.push(provision(c, k)?);
                }
            }
        }
    }
    Ok(p)
}

/// Reads an Akoma Ntoso act into an expression.
pub fn import(xml: &str) -> Result<Expression, ImportError> {
    import_as(xml, None)
}

/// The same, naming the work when the document's own FRBR URI is not a Kanun work URI (legislation.gov.uk and
/// other systems use their own): `work` replaces it.
pub fn import_as(xml: &str, work_override: Option<WorkUri>) -> Result<Expression, ImportError> {
    let doc = parse_tree(xml)?;
    let root = doc
        .child("akomaNtoso")
        .ok_or_else(|| err(1, "the root element is not <akomaNtoso>", "give an Akoma Ntoso 3.0 document"))?;
    let act = root.nodes().find(|n| matches!(n.name.as_str(), "act" | "bill")).ok_or_else(|| {
        err(root.line, "no <act> or <bill> in the document", "Kanun imports acts and bills")
    })?;
    let meta = act.child("meta").ok_or_else(|| err(act.line, "no <meta>", "add the FRBR identification"))?;
    let ident = meta
        .child("identification")
        .ok_or_else(|| err(meta.line, "no <identification>", "add FRBRWork and FRBRExpression"))?;
    let work_el =
        ident.child("FRBRWork").ok_or_else(|| err(ident.line, "no <FRBRWork>", "add the work's FRBRuri"))?;
    let expr_el = ident.child("FRBRExpression").ok_or_else(|| {
        err(ident.line, "no <FRBRExpression>", "add the expression's FRBRlanguage and FRBRdate")
    })?;
    let uri = work_el.child("FRBRuri").and_then(|u| u.attr("value")).unwrap_or_default();
    let work: WorkUri = match work_override {
        Some(w) => w,
        None => uri.parse().map_err(|e| {
            err(
                work_el.line,
                format!("the work URI {uri:?}: {e}"),
                "give the work's Kanun URI: kanun import FILE --work /akn/<country>/act/<date>/<name>",
            )
        })?,
    };
    let title = work_el
        .nodes()
        .find(|n| n.name == "FRBRalias" && n.attr("name") == Some("title"))
        .and_then(|n| n.attr("value"))
        .unwrap_or(work.name())
        .to_string();
    let lang_el = expr_el
        .child("FRBRlanguage")
        .ok_or_else(|| err(expr_el.line, "no <FRBRlanguage>", "write <FRBRlanguage language=\"eng\"/>"))?;
    let lang_code = lang_el.attr("language").unwrap_or_default();
    let language: Language = lang_code
        .parse()
        .map_err(|e| err(lang_el.line, format!("language {lang_code:?}: {e}"), "use eng, rus or tuk"))?;
    let date_el = expr_el.child("FRBRdate").ok_or_else(|| {
        err(
            expr_el.line,
            "no <FRBRdate> of the expression",
            "write <FRBRdate date=\"2022-01-01\" name=\"in-force\"/>",
        )
    })?;
    let date_s = date_el.attr("date").unwrap_or_default();
    let date =
        date_s.parse().map_err(|e| err(date_el.line, format!("date {date_s:?}: {e}"), "write YYYY-MM-DD"))?;
    let status = date_el.attr("name").and_then(|s| s.parse::<Status>().ok()).unwrap_or(Status::InForce);
    let kind = act.attr("name").and_then(|k| k.parse::<DocKind>().ok()).unwrap_or(if act.name == "bill" {
        DocKind::Draft
    } else {
        DocKind::Law
    });
    let long_title = act
        .child("preface")
        .and_then(|p| p.child("longTitle"))
        .map(|l| paragraphs(l).join(" "))
        .unwrap_or_default();
    let preamble = act.child("preamble").map(paragraphs).unwrap_or_default();
    let body_el = act.child("body").ok_or_else(|| err(act.line, "no <body>", "an act has a body"))?;
    let mut body = Vec::new();
    for c in body_el.nodes() {
        match kind_of(&c.name) {
            Some(k) => body.push(provision(c, k)?),
            None => {
                return Err(err(
                    c.line,
                    format!("<{}> is not a provision Kanun reads", c.name),
                    "use book, part, section, chapter, article, paragraph, point or hcontainer",
                ));
            }
        }
    }
    // A draft's target, from its TLCReferences.
    let reference = |name: &str| {
        meta.child("references")
            .and_then(|r| r.nodes().find(|t| t.name == "TLCReference" && t.attr("name") == Some(name)))
    };
    let amends =
        match reference("amends").and_then(|t| t.attr("href")) {
            Some(h) => Some(h.parse::<WorkUri>().map_err(|e| {
                err(meta.line, format!("the amended work {h:?}: {e}"), "write a Kanun work URI")
            })?),
            None => None,
        };
    let base = match reference("base").and_then(|t| t.attr("showAs")) {
        Some(d) => Some(
            d.parse().map_err(|e| err(meta.line, format!("the base date {d:?}: {e}"), "write YYYY-MM-DD"))?,
        ),
        None => None,
    };
    let scope =
        reference("scope").and_then(|t| t.attr("showAs")).and_then(|s| s.parse().ok()).unwrap_or_default();
    let meta = Metadata {
        work,
        title,
        language,
        date,
        status,
        kind,
        source: "Akoma Ntoso import".into(),
        amends,
        base,
        scope,
        note: None,
    };
    Ok(Expression { meta, long_title, preamble, body })
}
