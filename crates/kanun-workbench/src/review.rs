//! Annotations placed in the current text (for the reader, the API and the report), and the review report.

use std::collections::HashMap;

use kanun_model::annotation::{Annotation, Target};
use std::sync::Arc;

use kanun_model::{Date, Expression, ExpressionId, Kind, Language, Library, Work};
use kanun_render::report::{Format, ReportItem};
use serde::Serialize;

/// Where an annotation stands in a text now.
#[derive(Debug, Clone, Serialize)]
pub struct Placement {
    /// `exact`, `moved`, `text-changed` or `orphaned`.
    pub label: String,
    /// The provision it is anchored to now.
    pub eid: Option<String>,
    /// The article holding it (eId).
    pub article: Option<String>,
    /// The article's heading (`Article 12. Complaints`).
    pub article_heading: String,
    /// The span in the article's plain text, in characters.
    pub start: Option<usize>,
    /// End of the span.
    pub end: Option<usize>,
    /// The words now at the span (differs from the quote when the text changed).
    pub quote_now: Option<String>,
    /// The law's title (English where there is one).
    #[serde(skip)]
    pub law: String,
}

/// Places an annotation in its work's text in its own language as in force on `asof` (default: the latest). The
/// span is given only when `viewing` is that language (or not given): a quote does not carry over to a
/// translation, but the article does.
pub fn place(
    corpus: &dyn Library,
    a: &Annotation,
    viewing: Option<Language>,
    asof: Option<Date>,
) -> Placement {
    let works = Works::of(corpus, std::slice::from_ref(a));
    place_with(&works, a, viewing, asof, &mut |t, e| kanun_anchor::resolve(t, e))
}

/// The works a list of annotations is anchored in, each read once and held while they are placed.
struct Works(HashMap<String, Arc<Work>>);

impl Works {
    fn of(corpus: &dyn Library, list: &[Annotation]) -> Works {
        let mut out = HashMap::new();
        for a in list {
            let uri = a.target.work.to_string();
            if !out.contains_key(&uri)
                && let Ok(w) = corpus.work(&uri)
            {
                out.insert(uri, w);
            }
        }
        Works(out)
    }

    fn get(&self, uri: &str) -> Option<&Work> {
        self.0.get(uri).map(|w| &**w)
    }
}

/// [`place`] for many annotations at once: one [`kanun_anchor::Resolver`] per expression, shared by all the
/// annotations anchored in it (a list of an article's annotations re-anchors in one pass, not one at a time).
pub fn place_all(
    corpus: &dyn Library,
    list: &[Annotation],
    viewing: Option<Language>,
    asof: Option<Date>,
) -> Vec<Placement> {
    let works = Works::of(corpus, list);
    place_all_in(&works, list, viewing, asof)
}

fn place_all_in<'c>(
    works: &'c Works,
    list: &[Annotation],
    viewing: Option<Language>,
    asof: Option<Date>,
) -> Vec<Placement> {
    let mut resolvers: HashMap<ExpressionId, kanun_anchor::Resolver<'_>> = HashMap::new();
    let mut resolve = |t: &Target, e: &'c Expression| -> kanun_anchor::Anchored {
        resolvers.entry(e.id()).or_insert_with(|| kanun_anchor::Resolver::new(e)).resolve(t)
    };
    list.iter().map(|a| place_with(works, a, viewing, asof, &mut resolve)).collect()
}

/// [`place`] with the re-anchoring given: many annotations share one [`kanun_anchor::Resolver`] per expression.
fn place_with<'c>(
    works: &'c Works,
    a: &Annotation,
    viewing: Option<Language>,
    asof: Option<Date>,
    resolve: &mut dyn FnMut(&Target, &'c Expression) -> kanun_anchor::Anchored,
) -> Placement {
    let mut p = Placement {
        label: "orphaned".into(),
        eid: None,
        article: None,
        article_heading: String::new(),
        start: None,
        end: None,
        quote_now: None,
        law: a.target.work.to_string(),
    };
    let Some(work) = works.get(&a.target.work.to_string()) else { return p };
    p.law = work.title(Language::ENG).to_string();
    let lang = a.target.expression.language;
    let Ok(expr) = work.at(lang, asof).or_else(|_| work.at(lang, None)) else { return p };
    let r = resolve(&a.target, expr);
    p.label = r.label.as_str().to_string();
    let Some(eid) = r.eid.clone() else { return p };
    let article = expr.path_to(&eid).and_then(|path| path.into_iter().find(|x| x.kind == Kind::Article));
    if let Some(art) = article {
        p.article = Some(art.eid.clone());
        p.article_heading = art.display_heading();
        if viewing.is_none_or(|v| v == lang)
            && let (Some(pos), Some(off)) = (&r.position, art.text_offset_of(&eid))
        {
            p.start = Some(off + pos.start);
            p.end = Some(off + pos.end);
        }
    }
    p.eid = Some(eid);
    p.quote_now = r.quote_now;
    p
}

/// The review report of these annotations in a format: grouped by law in English-title order, articles in
/// document order.
pub fn report(
    corpus: &dyn Library,
    list: &[Annotation],
    work: Option<&str>,
    format: Format,
    lang: kanun_model::Language,
) -> String {
    let items = report_items(corpus, list);
    let title = kanun_render::report::title(lang, work);
    kanun_render::report::report(&title, &items, format, lang)
}

/// The annotations as the report lists them, each placed in the current text: by law, articles in document
/// order.
pub fn report_items<'a>(corpus: &dyn Library, list: &'a [Annotation]) -> Vec<ReportItem<'a>> {
    report_items_in(&Works::of(corpus, list), list)
}

fn report_items_in<'w, 'a>(works: &'w Works, list: &'a [Annotation]) -> Vec<ReportItem<'a>> {
    let mut rows: Vec<(usize, ReportItem<'_>)> = Vec::new();
    let mut resolvers: HashMap<ExpressionId, kanun_anchor::Resolver<'_>> = HashMap::new();
    let mut resolve = |t: &Target, e: &'w Expression| {
        resolvers.entry(e.id()).or_insert_with(|| kanun_anchor::Resolver::new(e)).resolve(t)
    };
    for a in list {
        let p = place_with(works, a, None, None, &mut resolve);
        let order = works
            .get(&a.target.work.to_string())
            .and_then(|w| w.at(a.target.expression.language, None).ok())
            .and_then(|e| p.eid.as_deref().and_then(|x| e.walk().position(|q| q.eid == x)))
            .unwrap_or(usize::MAX);
        rows.push((
            order,
            ReportItem { annotation: a, law: p.law, article: p.article_heading, eid: p.eid, label: p.label },
        ));
    }
    rows.sort_by(|a, b| {
        a.1.law.cmp(&b.1.law).then(a.0.cmp(&b.0)).then(a.1.annotation.id.cmp(&b.1.annotation.id))
    });
    rows.into_iter().map(|(_, i)| i).collect()
}
