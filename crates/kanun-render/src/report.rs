//! The review report, the main deliverable of a review: for each law, each article with its annotations (quoted
//! span, type, status, priority, tags, author), a matrix of tags × laws with counts by status, and the orphaned
//! annotations in a section of their own so that none is lost from view.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use kanun_model::Language;
use kanun_model::annotation::{Annotation, AnnotationType};

use crate::{body_html, escape};

/// One annotation as the report shows it, with where it is anchored now.
#[derive(Debug, Clone)]
pub struct ReportItem<'a> {
    /// The annotation.
    pub annotation: &'a Annotation,
    /// The law's title.
    pub law: String,
    /// The article heading where it is anchored now (`Article 12. Complaints`), empty when orphaned.
    pub article: String,
    /// The eId where it is anchored now.
    pub eid: Option<String>,
    /// `exact`, `moved`, `text-changed` or `orphaned`.
    pub label: String,
}

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown.
    Markdown,
    /// A standalone HTML page.
    Html,
    /// The same without the page around it (no `<head>`, no styles), for embedding in the workbench.
    HtmlFragment,
    /// CSV, one row per annotation.
    Csv,
}

fn type_order(t: AnnotationType) -> usize {
    match t {
        AnnotationType::Gap => 0,
        AnnotationType::Recommendation => 1,
        AnnotationType::Conflict => 2,
        AnnotationType::Question => 3,
        AnnotationType::Comment => 4,
        AnnotationType::Editorial => 5,
    }
}

/// The words of the report around the reviewers' notes, in one language.
struct Words {
    lang: Language,
    annotations: &'static str,
    priority: &'static str,
    on: &'static str,
    tags: &'static str,
    reply_by: &'static str,
    summary: &'static str,
    tag: &'static str,
    untagged: &'static str,
    orphaned: &'static str,
    none_orphaned: &'static str,
}

impl Words {
    fn of(lang: Language) -> Words {
        match lang.code() {
            "rus" => Words {
                lang,
                annotations: "Аннотаций",
                priority: "приоритет",
                on: "к словам",
                tags: "Метки",
                reply_by: "ответ",
                summary: "Сводка: темы и стандарты по законам",
                tag: "метка",
                untagged: "(без меток)",
                orphaned: "Аннотации, не найденные в действующем тексте",
                none_orphaned: "Нет: каждая аннотация привязана к действующему тексту.",
            },
            "tuk" => Words {
                lang,
                annotations: "Bellikler",
                priority: "ileri tutulmagy",
                on: "sözlere",
                tags: "Tegler",
                reply_by: "jogap",
                summary: "Jemleme: kanunlar boýunça temalar we standartlar",
                tag: "teg",
                untagged: "(tegsiz)",
                orphaned: "Häzirki tekstde tapylmadyk bellikler",
                none_orphaned: "Ýok: her bellik häzirki tekstde tapyldy.",
            },
            _ => Words {
                lang,
                annotations: "Annotations",
                priority: "priority",
                on: "on",
                tags: "Tags",
                reply_by: "reply by",
                summary: "Summary: themes and standards by law",
                tag: "tag",
                untagged: "(untagged)",
                orphaned: "Orphaned annotations",
                none_orphaned: "None: every annotation is anchored in the current texts.",
            },
        }
    }

    /// `gap (open, high priority)` in the report's language.
    fn what(&self, a: &Annotation) -> (String, String) {
        (
            a.kind.name_in(self.lang).to_string(),
            format!("{}, {}: {}", a.status.name_in(self.lang), self.priority, a.priority.name_in(self.lang)),
        )
    }
}

/// The report's title in `lang`, for all laws or one.
pub fn title(lang: Language, law: Option<&str>) -> String {
    let t = match lang.code() {
        "rus" => "Отчёт об экспертизе",
        "tuk" => "Seljeriş hasabaty",
        _ => "Review report",
    };
    match law {
        Some(l) => format!("{t}: {l}"),
        None => t.to_string(),
    }
}

/// Renders the report, its words in `lang` (English, Russian or Turkmen; the notes as written). Items are shown
/// in the order given within each law (callers give document order); deleted annotations are left out.
pub fn report(title: &str, items: &[ReportItem<'_>], format: Format, lang: Language) -> String {
    let live: Vec<&ReportItem<'_>> = items.iter().filter(|i| !i.annotation.deleted).collect();
    let w = Words::of(lang);
    match format {
        Format::Csv => csv(&live),
        Format::Markdown => markdown(title, &live, &w),
        Format::Html => html(title, &live, true, &w),
        Format::HtmlFragment => html(title, &live, false, &w),
    }
}

fn quote(a: &Annotation) -> String {
    a.target.quote.as_ref().map(|q| q.exact.clone()).unwrap_or_default()
}

type Grouped<'a, 'b> = BTreeMap<&'a str, Vec<(&'a str, Vec<&'b ReportItem<'a>>)>>;

/// Laws → articles (in first-seen order) → items, gaps and recommendations first.
fn group<'a, 'b>(items: &[&'b ReportItem<'a>]) -> Grouped<'a, 'b>
where
    'b: 'a,
{
    let mut laws: Grouped<'a, 'b> = BTreeMap::new();
    for i in items.iter().filter(|i| i.label != "orphaned") {
        let arts = laws.entry(i.law.as_str()).or_default();
        match arts.iter_mut().find(|(a, _)| *a == i.article.as_str()) {
            Some((_, list)) => list.push(i),
            None => arts.push((i.article.as_str(), vec![i])),
        }
    }
    for arts in laws.values_mut() {
        for (_, list) in arts.iter_mut() {
            list.sort_by_key(|i| type_order(i.annotation.kind));
        }
    }
    laws
}

/// Tag → law → status → count.
type Matrix = BTreeMap<String, BTreeMap<String, BTreeMap<String, usize>>>;

/// The laws (columns) and the tag × law × status counts.
fn matrix(items: &[&ReportItem<'_>], w: &Words) -> (Vec<String>, Matrix) {
    let mut laws: Vec<String> = items.iter().map(|i| i.law.clone()).collect();
    laws.sort();
    laws.dedup();
    let mut m: Matrix = BTreeMap::new();
    for i in items {
        let tags = if i.annotation.tags.is_empty() {
            vec![w.untagged.to_string()]
        } else {
            i.annotation.tags.clone()
        };
        for t in tags {
            *m.entry(t)
                .or_default()
                .entry(i.law.clone())
                .or_default()
                .entry(i.annotation.status.name_in(w.lang).to_string())
                .or_default() += 1;
        }
    }
    (laws, m)
}

fn cell(counts: Option<&BTreeMap<String, usize>>) -> String {
    counts.map_or(String::new(), |c| c.iter().map(|(s, n)| format!("{n} {s}")).collect::<Vec<_>>().join(", "))
}

/// Text on one line, for the Markdown report: whitespace folded, and `<` written `&lt;` so that no Markdown
/// viewer runs HTML written in a note.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").replace('<', "&lt;")
}

fn markdown(title: &str, items: &[&ReportItem<'_>], w: &Words) -> String {
    let mut out = format!("# {title}\n\n{}: {}.\n\n", w.annotations, items.len());
    for (law, arts) in group(items) {
        let _ = writeln!(out, "## {}\n", one_line(law));
        for (article, list) in arts {
            let _ = writeln!(out, "### {}\n", one_line(article));
            for i in list {
                let a = i.annotation;
                let q = quote(a);
                let (kind, state) = w.what(a);
                let _ = write!(out, "- **{kind}** ({state})");
                if !q.is_empty() {
                    let _ = write!(out, " {} «{}»", w.on, one_line(&q));
                }
                if i.label != "exact" {
                    let _ = write!(out, " [{}]", i.label);
                }
                let _ = writeln!(out, " — {}", one_line(&a.author));
                let _ = writeln!(out, "  {}", one_line(&a.body));
                if !a.tags.is_empty() {
                    let _ = writeln!(out, "  {}: {}", w.tags, one_line(&a.tags.join(", ")));
                }
                for r in &a.replies {
                    let _ =
                        writeln!(out, "  - {} {}: {}", w.reply_by, one_line(&r.author), one_line(&r.body));
                }
            }
            out.push('\n');
        }
    }
    let (laws, m) = matrix(items, w);
    let _ = writeln!(out, "## {}\n", w.summary);
    let _ = writeln!(out, "| {} | {} |", w.tag, one_line(&laws.join(" | ")));
    let _ = writeln!(out, "| --- |{}", " --- |".repeat(laws.len()));
    for (tag, row) in &m {
        let cells: Vec<String> = laws.iter().map(|l| cell(row.get(l))).collect();
        let _ = writeln!(out, "| {} | {} |", one_line(tag), cells.join(" | "));
    }
    let orphans: Vec<&&ReportItem<'_>> = items.iter().filter(|i| i.label == "orphaned").collect();
    let _ = writeln!(out, "\n## {}\n", w.orphaned);
    if orphans.is_empty() {
        out.push_str(w.none_orphaned);
        out.push('\n');
    }
    for i in orphans {
        let a = i.annotation;
        let _ = writeln!(
            out,
            "- **{}** {} {} {} «{}» — {}: {}",
            a.kind.name_in(w.lang),
            w.on,
            i.law,
            a.target.eid,
            one_line(&quote(a)),
            one_line(&a.author),
            one_line(&a.body)
        );
    }
    out
}

fn html(title: &str, items: &[&ReportItem<'_>], standalone: bool, w: &Words) -> String {
    let mut out = String::new();
    if standalone {
        let tag = match w.lang.code() {
            "rus" => "ru",
            "tuk" => "tk",
            _ => "en",
        };
        let _ = write!(
            out,
            "<!doctype html>\n<html lang=\"{tag}\"><head><meta charset=\"utf-8\"><title>{t}</title>\n<style>body{{font-family:sans-serif;max-width:60rem;margin:auto}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.2rem .4rem}}.q{{background:#ffe}}</style></head><body>\n",
            t = escape(title)
        );
    }
    let _ = write!(
        out,
        "<h1>{t}</h1>\n<p>{a}: {n}.</p>\n",
        t = escape(title),
        a = w.annotations,
        n = items.len()
    );
    for (law, arts) in group(items) {
        let _ = writeln!(out, "<h2>{}</h2>", escape(law));
        for (article, list) in arts {
            let _ = writeln!(out, "<h3>{}</h3>\n<ul>", escape(article));
            for i in list {
                let a = i.annotation;
                let q = quote(a);
                let (kind, state) = w.what(a);
                let _ = write!(out, "<li><strong>{}</strong> ({})", escape(&kind), escape(&state));
                if !q.is_empty() {
                    let _ = write!(out, " {} <span class=\"q\">«{}»</span>", w.on, escape(&q));
                }
                if i.label != "exact" {
                    let _ = write!(out, " [{}]", escape(&i.label));
                }
                let _ = write!(out, " — {}{}", escape(&a.author), body_html(&a.body));
                if !a.tags.is_empty() {
                    let _ = write!(out, "<p>{}: {}</p>", w.tags, escape(&a.tags.join(", ")));
                }
                for r in &a.replies {
                    let _ = write!(
                        out,
                        "<p class=\"reply\">{} {}: {}</p>",
                        w.reply_by,
                        escape(&r.author),
                        escape(&r.body)
                    );
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
        }
    }
    let (laws, m) = matrix(items, w);
    let _ = write!(out, "<h2>{}</h2>\n<table><tr><th>{}</th>", w.summary, w.tag);
    for l in &laws {
        let _ = write!(out, "<th>{}</th>", escape(l));
    }
    out.push_str("</tr>\n");
    for (tag, row) in &m {
        let _ = write!(out, "<tr><td>{}</td>", escape(tag));
        for l in &laws {
            let _ = write!(out, "<td>{}</td>", escape(&cell(row.get(l))));
        }
        out.push_str("</tr>\n");
    }
    let _ = write!(out, "</table>\n<h2>{}</h2>\n<ul>\n", w.orphaned);
    for i in items.iter().filter(|i| i.label == "orphaned") {
        let a = i.annotation;
        let _ = writeln!(
            out,
            "<li>{} {} «{}» — {}</li>",
            escape(&i.law),
            escape(&a.target.eid),
            escape(&quote(a)),
            escape(&a.author)
        );
    }
    out.push_str("</ul>\n");
    if standalone {
        out.push_str("</body></html>\n");
    }
    out
}

/// A CSV field, quoted where it must be. A cell that a spreadsheet would take for a formula (it starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return: `=HYPERLINK(…)`, `@SUM(…)`, `=cmd|…`) gets a leading `'` and quotes,
/// as OWASP recommends against CSV injection: the reviewer who opens the report sees the text, nothing runs.
pub fn csv_field(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula {
        format!("\"'{}\"", s.replace('"', "\"\""))
    } else if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(items: &[&ReportItem<'_>]) -> String {
    let mut out = String::from("id,law,article,eid,type,status,priority,tags,author,quote,body,anchor\n");
    for i in items {
        let a = i.annotation;
        let row = [
            a.id.clone(),
            i.law.clone(),
            i.article.clone(),
            i.eid.clone().unwrap_or_else(|| a.target.eid.clone()),
            a.kind.to_string(),
            a.status.to_string(),
            a.priority.to_string(),
            a.tags.join(" "),
            a.author.clone(),
            quote(a),
            a.body.clone(),
            i.label.clone(),
        ];
        out.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}
