//! The redline as Markdown with CriticMarkup: `{++inserted++}`, `{--deleted--}`, `{~~old~>new~~}`, and
//! `{>>comments<<}` for moves and classes. Headings keep their Markdown levels so the file reads as the law.

use crate::model::{Redline, Row, RowKind, Side};
use crate::words::Segment;

/// Renders the whole redline.
pub fn render(r: &Redline) -> String {
    let mut out = String::new();
    for row in &r.rows {
        render_row(row, &mut out);
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out
}

fn render_row(row: &Row, out: &mut String) {
    let prefix = match row.kind {
        RowKind::Title => "# ",
        RowKind::Container => "## ",
        RowKind::Article => "### ",
        RowKind::Preamble => "",
    };
    for (k, line) in row.lines.iter().enumerate() {
        if line.heading && k == 0 {
            out.push_str(prefix);
        } else if line.depth > 1 {
            out.push_str(&"   ".repeat(usize::from(line.depth - 1)));
        }
        let segments: Vec<Segment> = match row.side {
            // A moved article's new place shows its changes; its old place, its old text deleted.
            Side::Both | Side::Draft => line.segments.clone(),
            Side::Base => vec![Segment::Delete(line.rejected())],
        };
        out.push_str(&markup(&segments));
        if k == 0 && row.kind == RowKind::Article && (row.moved || row.class != crate::Class::Unchanged) {
            out.push_str(&format!(" {{>>{}<<}}", comment(row)));
        }
        out.push('\n');
        if line.heading && k == 0 && row.kind != RowKind::Preamble {
            out.push('\n');
        }
    }
    if (matches!(row.kind, RowKind::Article | RowKind::Container) && row.lines.len() > 1)
        || row.kind == RowKind::Preamble
    {
        out.push('\n');
    }
}

fn comment(row: &Row) -> String {
    let mut c = row.class.to_string();
    if row.moved {
        c.push_str(match row.side {
            Side::Base => ", moved to ",
            _ => ", moved from ",
        });
        let refs = if row.side == Side::Base { &row.draft } else { &row.base };
        c.push_str(&refs.iter().map(|r| r.label.as_str()).collect::<Vec<_>>().join(", "));
    } else if !row.base.is_empty() && !row.draft.is_empty() && row.base != row.draft {
        c.push_str(": ");
        c.push_str(&row.label());
    }
    c
}

/// Text for a Markdown file that no Markdown viewer turns into HTML: `<` is written `&lt;` (a `<script>` or an
/// `<img onerror>` in a law or a note stays text where the file is shown).
pub fn no_tags(t: &str) -> std::borrow::Cow<'_, str> {
    if t.contains('<') {
        std::borrow::Cow::Owned(t.replace('<', "&lt;"))
    } else {
        std::borrow::Cow::Borrowed(t)
    }
}

/// CriticMarkup for one line's segments: a deletion right before an insertion is a substitution.
pub fn markup(segments: &[Segment]) -> String {
    let mut out = String::new();
    let mut k = 0;
    while k < segments.len() {
        match (&segments[k], segments.get(k + 1)) {
            (Segment::Delete(d), Some(Segment::Insert(i))) => {
                out.push_str(&format!("{{~~{}~>{}~~}}", no_tags(d), no_tags(i)));
                k += 2;
                continue;
            }
            (Segment::Equal(t), _) => out.push_str(&no_tags(t)),
            (Segment::Insert(t), _) => out.push_str(&format!("{{++{}++}}", no_tags(t))),
            (Segment::Delete(t), _) => out.push_str(&format!("{{--{}--}}", no_tags(t))),
        }
        k += 1;
    }
    out
}
