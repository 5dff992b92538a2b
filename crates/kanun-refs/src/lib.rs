//! Legal structure: the citations a lawyer reads a law through, in English, Russian and Turkmen ("part 2 of
//! Article 5 of this Law", "пунктами 1–3 части 2 статьи 7", "şu Kanunyň 12-nji maddasy", "the Law of
//! Turkmenistan "On Social Work"", «статьи 205 Уголовного кодекса Российской Федерации»), resolved to provisions of
//! this act or of another act in the corpus (found by its title in any inflection), recorded as external when the
//! act is not in the corpus, or unresolved with a reason; the citation graph ("cited by", across works; what a provision cites is read from its own text); and the defined terms of a
//! law with their uses. Pure: strings and model values in, values out.
//!
//! ```
//! use kanun_model::Language;
//! use kanun_refs::{citations, Level, Number, Unit};
//!
//! let c = citations("in accordance with parts 1 and 3 of Article 9 of this Law", Language::ENG);
//! assert_eq!(c.len(), 1);
//! assert_eq!(c[0].units[0], Unit::ThisAct);
//! assert_eq!(c[0].units[2], Unit::Numbered { level: Level::Part, numbers: vec![Number::One("1".into()), Number::One("3".into())] });
//! ```

mod grammar;
mod resolve;
pub mod terms;

use std::collections::BTreeMap;

use kanun_model::{Expression, Kind, Language, Library, Provision};
use serde::{Deserialize, Serialize};

pub use grammar::{Citation, Level, Number, Unit, citations};
pub use resolve::{Context, Reference, State, Target, resolve};

/// The references written in one article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRefs {
    /// The article.
    pub eid: String,
    /// Its references; offsets are in the article's plain text.
    pub references: Vec<Reference>,
}

/// Every reference of an expression, article by article (offsets in each article's plain text).
pub fn references(e: &Expression, corpus: Option<&dyn Library>) -> Vec<ArticleRefs> {
    let articles = resolve::Articles::new(e);
    e.articles()
        .filter_map(|art| {
            let refs = references_in(e, art, corpus, &articles);
            (!refs.is_empty()).then(|| ArticleRefs { eid: art.eid.clone(), references: refs })
        })
        .collect()
}

/// The references written in one article `art` of `e` (offsets in the article's plain text).
pub fn article_references(e: &Expression, art: &Provision, corpus: Option<&dyn Library>) -> Vec<Reference> {
    references_in(e, art, corpus, &resolve::Articles::new(e))
}

/// [`article_references`], the articles of `e` found through `articles`.
fn references_in(
    e: &Expression,
    art: &Provision,
    corpus: Option<&dyn Library>,
    articles: &resolve::Articles<'_>,
) -> Vec<Reference> {
    let lang = e.meta.language;
    {
        let text = art.plain_text();
        let found = citations(&text, lang);
        if found.is_empty() {
            return Vec::new();
        }
        let lines = art.text_lines();
        // Where each character starts, once: the citations' offsets count characters.
        let at: Vec<usize> = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect();
        let mut refs: Vec<Reference> = Vec::new();
        for c in found {
            // The part holding the citation: the last part that began on or before its line.
            let mut part = None;
            for l in &lines {
                if l.start > c.start {
                    break;
                }
                if let Some(a) = &l.anchor
                    && art.find(a).is_some_and(|p| p.kind == Kind::Para)
                {
                    part = Some(a.clone());
                }
            }
            let last_part = refs
                .iter()
                .rev()
                .flat_map(|r| r.targets.iter())
                .filter_map(|t| t.eid.as_deref())
                .find(|x| x.starts_with(&format!("{}__para_", art.eid)))
                .map(|x| x.split("__point_").next().unwrap_or(x).to_string());
            let ctx = Context {
                corpus,
                expression: e,
                article: Some(&art.eid),
                part: part.as_deref(),
                last_part: last_part.as_deref(),
            };
            let span = match (at.get(c.start), at.get(c.end)) {
                (Some(a), Some(b)) => text.get(*a..*b).unwrap_or_default().to_string(),
                _ => String::new(),
            };
            let r = resolve::resolve_span(&c, span, &ctx, articles);
            // An anaphor with nothing before it to point back to is not a reference.
            if !r.targets.is_empty() {
                refs.push(r);
            }
        }
        refs
    }
}

/// A reference seen from the provision it cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incoming {
    /// The citing work.
    pub work: String,
    /// The citing article.
    pub eid: String,
    /// Its heading.
    pub heading: String,
    /// The words of the citation.
    pub text: String,
}

/// Who cites what in one language (each work's latest expression in it, or the one in force on a date). What a
/// provision cites is read from its own text ([`article_references`]); the graph keeps the other direction, which
/// needs every law read.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Graph {
    /// (work, eId cited) → who cites it. A citation of a part is also listed under its article.
    pub incoming: BTreeMap<(String, String), Vec<Incoming>>,
}

impl Graph {
    /// Builds the graph of `corpus` in `lang` (laws and drafts alike), each work as in its latest text.
    pub fn build(corpus: &dyn Library, lang: Language) -> Graph {
        Graph::build_at(corpus, lang, None)
    }

    /// The same, each work as in force on `asof` (works not yet in force then are left out). A work read from a
    /// source that reads on demand is let go once its references are taken. The works are read in as many chunks
    /// as there are cores, each on a thread of its own, and the parts joined in URI order (the same graph as one
    /// pass gives).
    pub fn build_at(corpus: &dyn Library, lang: Language, asof: Option<kanun_model::Date>) -> Graph {
        let uris = corpus.uris(None);
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).clamp(1, 8);
        let chunk = uris.len().div_ceil(threads).max(1);
        let parts: Vec<Graph> = std::thread::scope(|s| {
            let handles: Vec<_> =
                uris.chunks(chunk).map(|c| s.spawn(move || Graph::part(corpus, c, lang, asof))).collect();
            // A part whose thread failed is made again here (the grammar is tested never to panic).
            handles
                .into_iter()
                .zip(uris.chunks(chunk))
                .map(|(h, c)| h.join().unwrap_or_else(|_| Graph::part(corpus, c, lang, asof)))
                .collect()
        });
        let mut g = Graph::default();
        for p in parts {
            g.merge(p);
        }
        g
    }

    /// Adds the edges of `other` (made from other works) after this graph's own, as one pass over the works of
    /// both in order gives them.
    pub fn merge(&mut self, other: Graph) {
        for (k, list) in other.incoming {
            for inc in list {
                self.add(k.clone(), inc);
            }
        }
    }

    /// Adds who cites `key`, once.
    fn add(&mut self, key: (String, String), inc: Incoming) {
        let list = self.incoming.entry(key).or_default();
        if !list.iter().any(|x| x.work == inc.work && x.eid == inc.eid && x.text == inc.text) {
            list.push(inc);
        }
    }

    /// The graph of the works `uris`.
    fn part(
        corpus: &dyn Library,
        uris: &[kanun_model::WorkUri],
        lang: Language,
        asof: Option<kanun_model::Date>,
    ) -> Graph {
        let mut g = Graph::default();
        for uri in uris {
            let Ok(w) = corpus.work(&uri.to_string()) else { continue };
            g.add_work(&w, corpus, lang, asof);
        }
        g
    }

    /// Adds who `w` cites in `lang` (as in force on `asof`, or in its latest text), its citations of other acts
    /// resolved in `corpus`: a reader that holds one work at a time builds the graph work by work.
    pub fn add_work(
        &mut self,
        w: &kanun_model::Work,
        corpus: &dyn Library,
        lang: Language,
        asof: Option<kanun_model::Date>,
    ) {
        let Ok(e) = w.at(lang, asof) else { return };
        let work = w.uri().to_string();
        // Article by article, with one table of the expression's articles for all their citations.
        let articles = resolve::Articles::new(e);
        for art in e.articles() {
            let references = references_in(e, art, Some(corpus), &articles);
            if references.is_empty() {
                continue;
            }
            let heading = art.display_heading();
            for r in &references {
                for t in &r.targets {
                    let Some(eid) = &t.eid else { continue };
                    let article = kanun_model::eid::Eid::new(eid).article().to_string();
                    if t.work == work && article == art.eid {
                        continue; // Within the same article ("part 1 of this Article"): not an edge.
                    }
                    let inc = Incoming {
                        work: work.clone(),
                        eid: art.eid.clone(),
                        heading: heading.clone(),
                        text: r.text.clone(),
                    };
                    if article != *eid {
                        self.add((t.work.clone(), article), inc.clone());
                    }
                    self.add((t.work.clone(), eid.clone()), inc);
                }
            }
        }
    }

    /// Who cites `eid` of `work` (or anything in it, for an article).
    pub fn cited_by(&self, work: &str, eid: &str) -> &[Incoming] {
        self.incoming.get(&(work.to_string(), eid.to_string())).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_graph_built_on_threads_is_the_graph_of_one_pass() {
        let mut c = kanun_model::Corpus::new();
        for text in [
            include_str!("../../../corpus/tm/social-services/eng@2024-07-01.md"),
            include_str!("../../../corpus/tm/social-work/eng@2020-01-01.md"),
            include_str!("../../../corpus/tm/social-protection-code/eng@2013-01-01.md"),
            include_str!("../../../corpus/tm/guardianship/eng@2016-07-01.md"),
            include_str!("../../../corpus/tm/persons-with-disabilities/eng@2021-07-01.md"),
        ] {
            let e = kanun_markdown::parse(text, None).expression.unwrap_or_else(|| unreachable!("parses"));
            c.insert(e).unwrap_or_else(|_| unreachable!("one each"));
        }
        let whole = Graph::build(&c, Language::ENG);
        let one_pass = Graph::part(&c, &c.uris(None), Language::ENG, None);
        assert!(!whole.incoming.is_empty());
        assert_eq!(whole.incoming, one_pass.incoming);
    }
}
