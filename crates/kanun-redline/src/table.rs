//! The comparative table (сравнительная таблица): current wording | proposed wording | justification, one row
//! per changed article, unchanged articles omitted and counted. The same rows feed the HTML table here and the
//! DOCX table in `kanun-docx`.

use kanun_render::escape;

use crate::html::segments_html;
use crate::model::{Class, Line, Redline, ReviewNote, Row, RowKind, Side};
use crate::words::Segment;

/// Interface words of the table in the draft's language (English, Russian, Turkmen; English otherwise).
#[derive(Debug, Clone, Copy)]
pub struct Words {
    /// Column 1.
    pub current: &'static str,
    /// Column 2.
    pub proposed: &'static str,
    /// Column 3.
    pub justification: &'static str,
    /// In column 1 for a new article.
    pub new_article: &'static str,
    /// In column 2 for an article removed.
    pub removed: &'static str,
    /// Under the table: how many unchanged articles are not shown.
    pub omitted: &'static str,
    /// Title of the table.
    pub title: &'static str,
    /// Heading of the reviewers' notes in column 3.
    pub review: &'static str,
}

/// The words for a language code.
pub fn words(lang: &str) -> Words {
    match lang {
        "rus" => Words {
            current: "Действующая редакция",
            proposed: "Предлагаемая редакция",
            justification: "Обоснование",
            new_article: "(новая статья)",
            removed: "(исключается)",
            omitted: "Статей без изменений (не показаны)",
            title: "Сравнительная таблица",
            review: "Замечания рабочей группы",
        },
        "tuk" => Words {
            current: "Häzirki redaksiýa",
            proposed: "Teklip edilýän redaksiýa",
            justification: "Esaslandyrma",
            new_article: "(täze madda)",
            removed: "(aýrylýar)",
            omitted: "Üýtgedilmedik maddalar (görkezilmeýär)",
            title: "Deňeşdirme tablisasy",
            review: "Iş toparynyň bellikleri",
        },
        _ => Words {
            current: "Current wording",
            proposed: "Proposed wording",
            justification: "Justification",
            new_article: "(new article)",
            removed: "(removed)",
            omitted: "Unchanged articles (not shown)",
            title: "Comparative table",
            review: "Working group notes",
        },
    }
}

/// One row of the comparative table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    /// `Article 12 → Article 14`.
    pub label: String,
    /// What happened.
    pub class: Class,
    /// The base wording, lines of equal and deleted text (empty for a new article).
    pub current: Vec<Vec<Segment>>,
    /// The proposed wording, lines of equal and inserted text (empty when removed).
    pub proposed: Vec<Vec<Segment>>,
    /// The draft's justification and the bodies of annotations linked to the provision.
    pub justification: Vec<String>,
    /// Open annotations on the base article.
    pub review: Vec<ReviewNote>,
}

fn side(line: &Line, keep_insert: bool) -> Vec<Segment> {
    line.segments
        .iter()
        .filter(|s| match s {
            Segment::Equal(_) => true,
            Segment::Insert(_) => keep_insert,
            Segment::Delete(_) => !keep_insert,
        })
        .cloned()
        .collect()
}

/// The table's rows and the number of unchanged articles left out. The old place of a moved article is left
/// out too: its row shows the move.
pub fn rows(r: &Redline) -> (Vec<TableRow>, usize) {
    let unchanged = r.rows.iter().filter(|row| row.kind == RowKind::Article && !row.changed()).count();
    let rows = r
        .rows
        .iter()
        .filter(|row| row.kind == RowKind::Article && row.changed() && !(row.side == Side::Base && row.moved))
        .map(table_row)
        .collect();
    (rows, unchanged)
}

fn table_row(row: &Row) -> TableRow {
    let lines = |keep_insert: bool| {
        row.lines.iter().map(|l| side(l, keep_insert)).filter(|s| !s.is_empty()).collect()
    };
    let (current, proposed) = match row.side {
        Side::Both => (lines(false), lines(true)),
        Side::Draft if row.moved => (lines(false), lines(true)),
        Side::Draft => (Vec::new(), lines(true)),
        Side::Base => (lines(false), Vec::new()),
    };
    TableRow {
        label: row.label(),
        class: row.class,
        current,
        proposed,
        justification: row.justification.clone(),
        review: row.review.clone(),
    }
}

/// The comparative table as an HTML fragment (`<table class="comparative">…</table>` and a note on what is
/// omitted).
pub fn html(r: &Redline) -> String {
    html_for(r, &r.language)
}

/// The same with the column heads and labels in the reader's language `ui` (the law text stays in its own).
pub fn html_for(r: &Redline, ui: &str) -> String {
    let w = words(ui);
    // Labels in another language than the text say so; in the text's own language they need not.
    let lang = if ui == r.language {
        String::new()
    } else {
        format!(" lang=\"{}\"", escape(crate::labels::tag(ui)))
    };
    let (rows, unchanged) = rows(r);
    let mut out = String::new();
    out.push_str(&format!("<table class=\"comparative\">\n<thead{lang}><tr>"));
    out.push_str(&format!(
        "<th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
        escape(w.current),
        escape(w.proposed),
        escape(w.justification)
    ));
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &rows {
        out.push_str(&format!("<tr class=\"{}\">", row.class));
        out.push_str("<td>");
        cell(&row.current, w.new_article, &lang, &mut out);
        out.push_str("</td><td>");
        cell(&row.proposed, w.removed, &lang, &mut out);
        out.push_str("</td><td>");
        for j in &row.justification {
            out.push_str(&format!("<p>{}</p>", escape(j)));
        }
        if !row.review.is_empty() {
            out.push_str(&format!(
                "<p class=\"review-head\"{lang}>{}:</p><ul class=\"review\">",
                escape(w.review)
            ));
            for n in &row.review {
                out.push_str(&format!(
                    "<li><span class=\"badge\"{lang}>{} · {}</span> {} <span class=\"author\">— {}</span></li>",
                    escape(crate::labels::note_type(ui, &n.kind)),
                    escape(crate::labels::note_status(ui, &n.status)),
                    kanun_render::body_html(&n.body),
                    escape(&n.author)
                ));
            }
            out.push_str("</ul>");
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str(&format!("<p class=\"omitted\"{lang}>{}: {unchanged}</p>\n", escape(w.omitted)));
    out
}

fn cell(lines: &[Vec<Segment>], empty: &str, lang: &str, out: &mut String) {
    if lines.is_empty() {
        out.push_str(&format!("<p class=\"none\"{lang}>{}</p>", escape(empty)));
    }
    for (k, l) in lines.iter().enumerate() {
        let tag = if k == 0 { "p class=\"head\"" } else { "p" };
        out.push_str(&format!("<{tag}>{}</p>", segments_html(l)));
    }
}
