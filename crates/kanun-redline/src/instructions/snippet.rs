//! Provisions as the Markdown quoted inside instructions, and back.

use kanun_model::{Expression, Kind, Metadata, Num, Provision};

fn snippet_expression(meta: &Metadata, body: Vec<Provision>) -> Expression {
    let mut meta = meta.clone();
    meta.scope = kanun_model::DraftScope::Full;
    Expression { meta, long_title: "T".into(), preamble: Vec::new(), body }
}

/// An article as Markdown, heading line first without `#`.
pub(super) fn article_markdown(a: &Provision, meta: &Metadata) -> String {
    let mut a = a.clone();
    a.notes.clear();
    a.wid = a.eid.clone();
    a.replaces.clear();
    a.repeals.clear();
    let src = kanun_markdown::render(&snippet_expression(meta, vec![a]));
    let body = src.split_once("\n# T\n\n").map_or("", |x| x.1);
    body.trim_start_matches('#').trim_start().trim_end().to_string()
}

/// A part or point as Markdown, its marker first.
pub(super) fn unit_markdown(u: &Provision, meta: &Metadata) -> String {
    let mut art = Provision::new(Kind::Article, "art_1");
    art.num = Some(Num { raw: "Article 1".into(), id: "1".into() });
    let mut u = u.clone();
    u.notes.clear();
    art.children.push(u);
    let md = article_markdown(&art, meta);
    md.split_once('\n').map_or(String::new(), |x| x.1.trim().to_string())
}

pub(super) fn parse_article(text: &str, meta: &Metadata) -> Result<Provision, String> {
    let src = format!("# T\n\n### {text}\n");
    let parsed = kanun_markdown::parse_foreign(&src, snippet_meta(meta));
    let errors: Vec<String> =
        parsed.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect();
    if !errors.is_empty() {
        return Err(format!("the quoted article does not read: {}", errors.join("; ")));
    }
    let e = parsed.expression.ok_or("the quoted article does not read")?;
    let mut arts = e.body.into_iter().filter(|p| p.kind == Kind::Article);
    match (arts.next(), arts.next()) {
        (Some(a), None) => Ok(a),
        _ => Err("the quoted text must be exactly one article, its heading first".into()),
    }
}

pub(super) fn parse_unit(text: &str, parent_eid: &str, meta: &Metadata) -> Result<Provision, String> {
    let a = parse_article(&format!("Article 1\n\n{text}"), meta)?;
    let mut children = a.children.into_iter();
    match (children.next(), children.next(), a.intro.is_empty()) {
        (Some(mut u), None, true) => {
            reprefix(&mut u, "art_1", parent_eid);
            Ok(u)
        }
        _ => Err("the quoted text must be exactly one numbered part or point, its marker first".into()),
    }
}

fn snippet_meta(meta: &Metadata) -> Metadata {
    let mut m = meta.clone();
    m.scope = kanun_model::DraftScope::Full;
    m
}

fn reprefix(p: &mut Provision, from: &str, to: &str) {
    if let Some(rest) = p.eid.strip_prefix(from) {
        p.eid = format!("{to}{rest}");
    }
    p.wid = p.eid.clone();
    for c in &mut p.children {
        reprefix(c, from, to);
    }
}

/// Gives an article a new number: eId, number as written, and the eIds below it.
pub(super) fn renumber_tree(p: &mut Provision, new_eid: &str, new_id: &str) {
    let old = p.eid.clone();
    if let Some(n) = &mut p.num {
        if !n.id.is_empty() && n.id != new_id {
            n.raw = n.raw.replacen(&n.id, new_id, 1);
        }
        n.id = new_id.to_string();
    }
    p.eid = new_eid.to_string();
    for c in &mut p.children {
        reprefix(c, &old, new_eid);
    }
}
