//! The redline as HTML: `<ins>` and `<del>` inside each line, rows marked with their class (moved articles at
//! both places, with a link between them), a legend and a summary, and CSS that prints (no colour needed:
//! insertions are underlined, deletions struck through). Every text from the law, the draft or an annotation is
//! escaped.

use kanun_render::escape;

use crate::model::{Class, Redline, Row, RowKind, Side};
use crate::table;
use crate::words::Segment;

/// Styles for the redline and the comparative table; printable.
pub const CSS: &str = r#"
body { font: 15px/1.5 "Noto Serif", "DejaVu Serif", Georgia, serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
ins { text-decoration: underline; background: #dff5e1; color: #0a4b14; }
del { text-decoration: line-through; background: #fbe1e1; color: #7a0d0d; }
.legend, .summary { font-size: .9rem; border: 1px solid #bbb; padding: .4rem .8rem; margin: 1rem 0; }
.legend span { margin-right: 1.2rem; }
.row { margin: .8rem 0; padding: .2rem .6rem; border-left: 4px solid transparent; break-inside: avoid; }
.row.modified, .row.renumbered, .row.split, .row.merged { border-left-color: #c90; }
.row.new { border-left-color: #2a7d36; } .row.repealed { border-left-color: #a11; }
.row.moved-away { opacity: .75; }
.row .head { font-weight: bold; }
.badge { font: bold .75rem sans-serif; text-transform: uppercase; border: 1px solid currentColor; border-radius: 3px; padding: 0 .3rem; margin-left: .5rem; }
.line { margin: .15rem 0; } .d1 { margin-left: 1.5rem; } .d2 { margin-left: 3rem; } .d3 { margin-left: 4.5rem; }
.container .head { font-size: 1.1rem; text-align: center; }
aside .review p { display: inline; }
aside { font-size: .9rem; border-top: 1px dotted #999; margin-top: .4rem; padding-top: .3rem; }
table.comparative { border-collapse: collapse; width: 100%; }
table.comparative th, table.comparative td { border: 1px solid #555; padding: .4rem; vertical-align: top; width: 33%; }
table.comparative p { margin: .2rem 0; } .none { font-style: italic; color: #555; }
@media print { body { max-width: none; margin: 0; font-size: 11pt; } ins { background: none; } del { background: none; } a { color: inherit; text-decoration: none; } }
"#;

/// Segments as HTML: equal text escaped, insertions in `<ins>`, deletions in `<del>`.
pub fn segments_html(segments: &[Segment]) -> String {
    let mut out = String::new();
    for s in segments {
        let (open, close) = match s {
            Segment::Equal(_) => ("", ""),
            Segment::Insert(_) => ("<ins>", "</ins>"),
            Segment::Delete(_) => ("<del>", "</del>"),
        };
        out.push_str(open);
        out.push_str(&escape(s.text()));
        out.push_str(close);
    }
    out
}

struct Labels {
    legend_ins: &'static str,
    legend_del: &'static str,
    moved_from: &'static str,
    moved_to: &'static str,
    summary: &'static str,
    justification: &'static str,
}

fn labels(lang: &str) -> Labels {
    match lang {
        "rus" => Labels {
            legend_ins: "добавлено",
            legend_del: "исключено",
            moved_from: "перенесена из",
            moved_to: "перенесена в",
            summary: "Статьи",
            justification: "Обоснование",
        },
        "tuk" => Labels {
            legend_ins: "goşuldy",
            legend_del: "aýryldy",
            moved_from: "şu ýerden geçirildi:",
            moved_to: "şu ýere geçirildi:",
            summary: "Maddalar",
            justification: "Esaslandyrma",
        },
        _ => Labels {
            legend_ins: "inserted",
            legend_del: "deleted",
            moved_from: "moved from",
            moved_to: "moved to",
            summary: "Articles",
            justification: "Justification",
        },
    }
}

/// The redline as an HTML fragment (rows only), for embedding in the web workbench.
pub fn fragment(r: &Redline) -> String {
    fragment_for(r, &r.language)
}

/// The same with the labels (classes, notes' types and statuses, «Justification») in the reader's language `ui`,
/// each marked with its `lang`; the law text stays in its own.
pub fn fragment_for(r: &Redline, ui: &str) -> String {
    let l = labels(ui);
    // Labels in another language than the text say so; in the text's own language they need not.
    let lang = if ui == r.language {
        String::new()
    } else {
        format!(" lang=\"{}\"", escape(crate::labels::tag(ui)))
    };
    let mut out = String::new();
    for (k, row) in r.rows.iter().enumerate() {
        render_row(k, row, &l, ui, &lang, &mut out);
    }
    out
}

/// A standalone HTML document: title, legend, summary, the redline, and the comparative table.
pub fn document(r: &Redline) -> String {
    let l = labels(&r.language);
    let mut out = String::new();
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape(crate::labels::tag(&r.language)),
        escape(&r.title)
    ));
    out.push_str(&format!("<h1>{}</h1>\n", escape(&r.title)));
    out.push_str(&format!(
        "<p class=\"meta\"><code>{}</code> → <code>{}</code></p>\n",
        escape(&r.base),
        escape(&r.draft)
    ));
    out.push_str(&format!(
        "<p class=\"legend\"><span><ins>{}</ins></span><span><del>{}</del></span>",
        escape(l.legend_ins),
        escape(l.legend_del)
    ));
    for c in Class::ALL {
        out.push_str(&format!(
            "<span class=\"badge {c}\">{}</span>",
            escape(crate::labels::class(&r.language, c))
        ));
    }
    out.push_str("</p>\n<p class=\"summary\">");
    out.push_str(&escape(l.summary));
    out.push(':');
    for c in Class::ALL {
        let n = r.summary.get(c);
        if n > 0 {
            out.push_str(&format!(" {} {n};", escape(crate::labels::class(&r.language, c))));
        }
    }
    out.push_str("</p>\n<main class=\"redline\">\n");
    out.push_str(&fragment(r));
    out.push_str("</main>\n");
    out.push_str(&format!("<h2>{}</h2>\n", escape(table::words(&r.language).title)));
    out.push_str(&table::html(r));
    out.push_str("</body>\n</html>\n");
    out
}

fn row_id(row: &Row, k: usize) -> String {
    let r = match row.side {
        Side::Base => row.base.first(),
        _ => row.draft.first().or(row.base.first()),
    };
    let side = match row.side {
        Side::Base => "base-",
        _ => "",
    };
    match r {
        Some(r) => format!("{side}{}", r.eid),
        None => format!("row-{k}"),
    }
}

fn render_row(k: usize, row: &Row, l: &Labels, ui: &str, lang: &str, out: &mut String) {
    let kind = match row.kind {
        RowKind::Title => "title",
        RowKind::Preamble => "preamble",
        RowKind::Container => "container",
        RowKind::Article => "article",
    };
    let mut classes = format!("row {kind} {}", row.class);
    if row.moved {
        classes.push_str(if row.side == Side::Base { " moved-away" } else { " moved" });
    }
    out.push_str(&format!("<section class=\"{classes}\" id=\"{}\">\n", escape(&row_id(row, k))));
    for (n, line) in row.lines.iter().enumerate() {
        let segments = match row.side {
            Side::Base => vec![Segment::Delete(line.rejected())],
            _ => line.segments.clone(),
        };
        let head = if line.heading { " head" } else { "" };
        out.push_str(&format!("<p class=\"line d{}{head}\">{}", line.depth.min(3), segments_html(&segments)));
        if n == 0 && row.kind == RowKind::Article && row.changed() {
            out.push_str(&format!(
                "<span class=\"badge\"{lang}>{}</span>",
                escape(crate::labels::class(ui, row.class))
            ));
            if row.moved {
                let (word, refs, prefix) = match row.side {
                    Side::Base => (l.moved_to, &row.draft, ""),
                    _ => (l.moved_from, &row.base, "base-"),
                };
                let links: Vec<String> = refs
                    .iter()
                    .map(|r| format!("<a href=\"#{prefix}{}\">{}</a>", escape(&r.eid), escape(&r.label)))
                    .collect();
                let word = if lang.is_empty() {
                    escape(word).to_string()
                } else {
                    format!("<span{lang}>{}</span>", escape(word))
                };
                out.push_str(&format!(" <span class=\"moved\">{word} {}</span>", links.join(", ")));
            } else if !row.base.is_empty() && !row.draft.is_empty() && row.base != row.draft {
                out.push_str(&format!(" <span class=\"was\">{}</span>", escape(&row.label())));
            }
        }
        out.push_str("</p>\n");
    }
    if row.side != Side::Base && (!row.justification.is_empty() || !row.review.is_empty()) {
        out.push_str("<aside>");
        for j in &row.justification {
            out.push_str(&format!(
                "<p class=\"justification\"><b{lang}>{}:</b> {}</p>",
                escape(l.justification),
                escape(j)
            ));
        }
        for n in &row.review {
            out.push_str(&format!(
                "<div class=\"review\"><span class=\"badge\"{lang}>{} · {}</span> {} <span class=\"author\">— {}</span></div>",
                escape(crate::labels::note_type(ui, &n.kind)),
                escape(crate::labels::note_status(ui, &n.status)),
                kanun_render::body_html(&n.body),
                escape(&n.author)
            ));
        }
        out.push_str("</aside>\n");
    }
    out.push_str("</section>\n");
}
