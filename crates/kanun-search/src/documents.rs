//! From the model to index documents: one per article, with the text, the parts' offsets in it, the parallel
//! languages and the dates between which the expression is the one in force.

use std::collections::BTreeSet;

use kanun_model::{Expression, Provision, Work};
use tantivy::TantivyDocument;
use tantivy::schema::Facet;

use crate::schema::{Fields, OPEN_END, date_key};

/// A stable content hash of a work, to see whether it changed since it was indexed (see [`crate::hash`]).
pub fn work_hash(work: &Work) -> String {
    format!("{:016x}", crate::hash::of(work.expressions(), &crate::SCHEMA_VERSION.to_le_bytes()))
}

/// The byte ranges of each numbered provision of an article inside the article's plain text.
pub fn part_offsets(article: &Provision, text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut cursor = 0;
    for p in article.walk().skip(1) {
        let block = p.numbered_text();
        let first = block.lines().next().unwrap_or("");
        if first.is_empty() {
            continue;
        }
        // Nearly always the block starts right after the cursor and the blank between: no search to set up.
        let found = text.get(cursor..).and_then(|t| {
            let blank = t.len() - t.trim_start().len();
            if t[blank..].starts_with(first) { Some(blank) } else { t.find(first) }
        });
        if let Some(at) = found {
            let start = cursor + at;
            out.push((p.eid.clone(), start, (start + block.len()).min(text.len())));
            cursor = start + first.len();
        }
    }
    out
}

/// The documents of every article of every expression of a work.
pub fn work_documents(work: &Work, f: &Fields) -> Vec<TantivyDocument> {
    let exprs = work.expressions();
    let mut docs = Vec::new();
    for e in exprs {
        let next = exprs
            .iter()
            .filter(|x| x.meta.language == e.meta.language && x.meta.date > e.meta.date)
            .map(|x| x.meta.date)
            .min();
        let date_to = next.map_or(OPEN_END, date_key);
        let parallels: Vec<&Expression> = work.parallel(e).collect();
        let containers = containers(e);
        for art in e.articles() {
            let container = containers.get(art.eid.as_str()).map_or("", String::as_str);
            docs.push(article_document(work, e, art, container, date_to, &parallels, f));
        }
    }
    docs
}

/// The headings of the containers (chapters, sections) around each article, joined by ` › `, by the article's
/// eId: one walk of the tree (finding each article's path from the top took a twentieth of `kanun index`).
fn containers(e: &Expression) -> std::collections::HashMap<&str, String> {
    fn go<'e>(
        p: &'e Provision,
        above: &mut Vec<String>,
        out: &mut std::collections::HashMap<&'e str, String>,
    ) {
        if p.kind == kanun_model::Kind::Article {
            // The first provision with an eId is the one `Expression::path_to` finds.
            out.entry(p.eid.as_str()).or_insert_with(|| above.join(" › "));
        }
        let container = p.kind.is_container();
        if container {
            above.push(p.display_heading());
        }
        for c in &p.children {
            go(c, above, out);
        }
        if container {
            above.pop();
        }
    }
    let mut out = std::collections::HashMap::new();
    for p in &e.body {
        go(p, &mut Vec::new(), &mut out);
    }
    out
}

fn article_document(
    work: &Work,
    e: &Expression,
    art: &Provision,
    container: &str,
    date_to: u64,
    parallels: &[&Expression],
    f: &Fields,
) -> TantivyDocument {
    let mut d = TantivyDocument::new();
    let lang = e.meta.language;
    let text = art.plain_text();
    let heading = art.display_heading();
    let parallel: BTreeSet<String> = parallels
        .iter()
        .filter(|p| p.find(&art.eid).is_some())
        .map(|p| p.meta.language.code().to_string())
        .collect();
    let kind = e.meta.kind.as_str();
    let status = if art.repealed { "repealed" } else { e.meta.status.as_str() };
    d.add_text(f.id, format!("{}#{}", e.id(), art.eid));
    d.add_text(f.work, work.uri().to_string());
    d.add_text(f.slug, work.uri().name());
    d.add_text(f.expression, e.id().to_string());
    d.add_text(f.lang, lang.code());
    d.add_text(f.kind, kind);
    d.add_text(f.status, status);
    d.add_u64(f.date_from, date_key(e.meta.date));
    d.add_u64(f.date_to, date_to);
    d.add_text(f.eid, &art.eid);
    if let Some(n) = &art.num {
        d.add_text(f.art, &n.id);
    }
    d.add_text(f.title, &e.meta.title);
    d.add_text(f.heading, &heading);
    d.add_text(f.container, container);
    d.add_text(f.parts, serde_json::to_string(&part_offsets(art, &text)).unwrap_or_default());
    d.add_text(f.parallel, serde_json::to_string(&parallel).unwrap_or_default());
    d.add_facet(f.facets, Facet::from_path(["work", work.uri().name()]));
    d.add_facet(f.facets, Facet::from_path(["lang", lang.code()]));
    d.add_facet(f.facets, Facet::from_path(["kind", kind]));
    d.add_facet(f.facets, Facet::from_path(["status", status]));
    // The titles of the chapters and sections around the article are searched with it: «алименты» finds the
    // articles of the chapter on maintenance obligations, those that say it themselves first.
    if let Some((_, body)) = f.body.iter().find(|(l, _)| *l == lang) {
        d.add_text(*body, container);
        d.add_text(*body, &heading);
        d.add_text(*body, &text);
    }
    if let Some((_, head)) = f.head.iter().find(|(l, _)| *l == lang) {
        d.add_text(*head, art.heading.as_deref().unwrap_or(""));
    }
    d.add_text(f.exact, container);
    d.add_text(f.exact, &heading);
    d.add_text(f.exact, &text);
    if lang.code() == "tuk" {
        d.add_text(f.prefix, &text);
        d.add_text(f.fold, &text);
    }
    d.add_text(f.text, &text);
    d
}

/// A content hash of the annotations to index.
pub fn annotations_hash(list: &[&kanun_model::annotation::Annotation]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for a in list {
        for b in a.id.bytes().chain(a.revision.to_le_bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}:{}", list.len())
}

/// An annotation as a search document of kind `annotation`: its body and quote are the text, always "current".
pub fn annotation_document(
    a: &kanun_model::annotation::Annotation,
    law: &str,
    f: &Fields,
) -> TantivyDocument {
    let mut d = TantivyDocument::new();
    let lang = a.target.expression.language;
    let quote = a.target.quote.as_ref().map(|q| q.exact.clone()).unwrap_or_default();
    let text = if quote.is_empty() { a.body.clone() } else { format!("«{quote}»\n{}", a.body) };
    let heading = format!("{} by {} ({}) on {}", a.kind, a.author, a.status, a.target.eid);
    d.add_text(f.id, format!("annotation#{}", a.id));
    d.add_text(f.work, a.target.work.to_string());
    d.add_text(f.slug, a.target.work.name());
    d.add_text(f.expression, a.target.expression.to_string());
    d.add_text(f.lang, lang.code());
    d.add_text(f.kind, "annotation");
    d.add_text(f.status, a.status.as_str());
    d.add_u64(f.date_from, date_key(a.target.expression.date));
    d.add_u64(f.date_to, OPEN_END);
    d.add_text(f.eid, &a.target.eid);
    d.add_text(f.title, law);
    d.add_text(f.heading, &heading);
    d.add_text(f.container, a.tags.join(", "));
    d.add_text(f.parts, "[]");
    d.add_text(f.parallel, "[]");
    d.add_facet(f.facets, Facet::from_path(["work", a.target.work.name()]));
    d.add_facet(f.facets, Facet::from_path(["lang", lang.code()]));
    d.add_facet(f.facets, Facet::from_path(["kind", "annotation"]));
    d.add_facet(f.facets, Facet::from_path(["status", a.status.as_str()]));
    if let Some((_, body)) = f.body.iter().find(|(l, _)| *l == lang) {
        d.add_text(*body, &text);
        d.add_text(*body, a.tags.join(" "));
    }
    d.add_text(f.exact, &text);
    if lang.code() == "tuk" {
        d.add_text(f.prefix, &text);
        d.add_text(f.fold, &text);
    }
    d.add_text(f.text, &text);
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample corpus (articles in chapters and outside them): each article's containers and parts as the
    /// plain searches from the top give them.
    #[test]
    fn containers_and_part_offsets_are_those_the_plain_searches_give() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let corpus = kanun_corpus::load(&root).unwrap_or_else(|e| panic!("{e}")).corpus;
        let mut articles = 0;
        let mut nested = 0;
        for e in corpus.expressions() {
            let map = containers(e);
            for art in e.articles() {
                let want = e
                    .path_to(&art.eid)
                    .map(|path| {
                        path.iter()
                            .filter(|p| p.kind.is_container())
                            .map(|p| p.display_heading())
                            .collect::<Vec<_>>()
                            .join(" › ")
                    })
                    .unwrap_or_default();
                assert_eq!(
                    map.get(art.eid.as_str()).map_or("", String::as_str),
                    want,
                    "{} {}",
                    e.id(),
                    art.eid
                );
                articles += 1;
                nested += usize::from(!want.is_empty());
                // The part offsets: each found where a search from the cursor finds it.
                let text = art.plain_text();
                let mut cursor = 0;
                let mut want = Vec::new();
                for p in art.walk().skip(1) {
                    let block = p.numbered_text();
                    let first = block.lines().next().unwrap_or("");
                    if first.is_empty() {
                        continue;
                    }
                    if let Some(at) = text.get(cursor..).and_then(|t| t.find(first)) {
                        let start = cursor + at;
                        want.push((p.eid.clone(), start, (start + block.len()).min(text.len())));
                        cursor = start + first.len();
                    }
                }
                assert_eq!(part_offsets(art, &text), want, "{} {}", e.id(), art.eid);
            }
        }
        assert!(articles > 100 && nested > 50, "{articles} articles, {nested} in chapters");
    }
}
