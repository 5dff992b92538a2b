//! Word documents of a redline, written with docx-rs: the law with **real tracked changes** (`w:ins`/`w:del`
//! runs with author and date, which Word and LibreOffice let a reviewer accept or reject one by one) and the
//! **comparative table** (current wording | proposed wording | justification).
//!
//! Pure: takes a [`Redline`] and returns the bytes of the `.docx` file; writing it is the caller's business.
//!
//! In the tracked document every line of every row is one paragraph. Lines of a row that stands on both sides
//! carry their word-level changes; a row only in the draft (a new article, the new place of a moved one) is one
//! insertion per line, and a row only in the base (a removed article, the old place of a moved one) one deletion
//! per line. A paragraph that is wholly inserted or deleted has its paragraph mark tracked too, so that rejecting
//! (or accepting) the change leaves no empty paragraph behind.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Delete, Docx, Insert, PageMargin, PageOrientationType, Paragraph, Run, RunProperty, Table,
    TableCell, TableRow, WidthType,
};
use kanun_redline::table::{self, TableRow as Row3};
use kanun_redline::{Line, Redline, RowKind, Segment, Side};

/// Text for a run without the characters XML 1.0 forbids: a stray control character in a body or a draft must not
/// make the whole document one that Word refuses (the inputs refuse them too; this is the last defence).
fn xml_text(s: impl AsRef<str>) -> String {
    kanun_model::text::xml_clean(s.as_ref()).into_owned()
}

/// What can go wrong writing a DOCX.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// The ZIP container could not be written.
    #[error("cannot write the DOCX package: {0}")]
    Package(String),
    /// The date is not an ISO 8601 date-time.
    #[error("the date {0:?} is not an ISO 8601 date-time such as 2026-10-01T00:00:00Z")]
    Date(String),
}

/// A4 in twentieths of a point.
const A4: (u32, u32) = (11_906, 16_838);

/// The law as tracked changes: accepting all gives the draft, rejecting all gives the base. `author` and `date`
/// (ISO 8601, e.g. `2026-10-01T00:00:00Z`) are written on every change.
pub fn tracked(r: &Redline, author: &str, date: &str) -> Result<Vec<u8>, DocxError> {
    let (author, date) = (&xml_text(author), &xml_text(date));
    check_date(date)?;
    let mut doc = Docx::new().page_size(A4.0, A4.1).default_size(24);
    for row in &r.rows {
        let centred = matches!(row.kind, RowKind::Title | RowKind::Container);
        for line in &row.lines {
            let mut p = match row.side {
                Side::Both => both(line, author, date),
                Side::Draft => inserted(&line.accepted(), line, author, date),
                Side::Base => deleted(&line.rejected(), line, author, date),
            };
            // A container's heading is centred; the text it holds (an annex, a closing formula) is not.
            if centred && (line.heading || row.kind == RowKind::Title) {
                p = p.align(AlignmentType::Center);
            }
            if line.depth > 0 && !line.heading {
                p = p.indent(Some(i32::from(line.depth) * 360), None, None, None);
            }
            doc = doc.add_paragraph(p);
        }
    }
    pack(doc)
}

fn check_date(date: &str) -> Result<(), DocxError> {
    let b = date.as_bytes();
    let ok = b.len() >= 20
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':';
    if ok { Ok(()) } else { Err(DocxError::Date(date.to_string())) }
}

fn run(text: &str, heading: bool) -> Run {
    let r = Run::new().add_text(xml_text(text));
    if heading { r.bold() } else { r }
}

fn del_run(text: &str, heading: bool) -> Run {
    let r = Run::new().add_delete_text(xml_text(text));
    if heading { r.bold() } else { r }
}

fn both(line: &Line, author: &str, date: &str) -> Paragraph {
    let mut p = Paragraph::new();
    for s in &line.segments {
        p = match s {
            Segment::Equal(t) => p.add_run(run(t, line.heading)),
            Segment::Insert(t) => p.add_insert(Insert::new(run(t, line.heading)).author(author).date(date)),
            Segment::Delete(t) => {
                p.add_delete(Delete::new().add_run(del_run(t, line.heading)).author(author).date(date))
            }
        };
    }
    p
}

fn inserted(text: &str, line: &Line, author: &str, date: &str) -> Paragraph {
    let mark = RunProperty::new().insert(Insert::new_with_empty().author(author).date(date));
    Paragraph::new()
        .run_property(mark)
        .add_insert(Insert::new(run(text, line.heading)).author(author).date(date))
}

fn deleted(text: &str, line: &Line, author: &str, date: &str) -> Paragraph {
    let mark = RunProperty::new().delete(Delete::new().author(author).date(date));
    Paragraph::new()
        .run_property(mark)
        .add_delete(Delete::new().add_run(del_run(text, line.heading)).author(author).date(date))
}

/// The comparative table as a landscape A4 document: a title, the three-column table (deletions struck through
/// in the current wording, insertions underlined in bold in the proposed wording), and how many unchanged
/// articles are left out.
pub fn table(r: &Redline, author: &str) -> Result<Vec<u8>, DocxError> {
    let w = table::words(&r.language);
    let (rows, unchanged) = table::rows(r);
    let mut doc = Docx::new()
        .page_size(A4.1, A4.0)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(PageMargin::new().top(1000).bottom(1000).left(1000).right(1000))
        .default_size(22);
    doc = doc.add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text(xml_text(w.title)).bold().size(28)),
    );
    doc = doc.add_paragraph(
        Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(xml_text(&r.title))),
    );
    if !author.is_empty() {
        doc = doc.add_paragraph(
            Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(xml_text(author))),
        );
    }
    let width = 4_600;
    let head = |t: &str| {
        TableCell::new().width(width, WidthType::Dxa).add_paragraph(
            Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(xml_text(t)).bold()),
        )
    };
    let mut table_rows = vec![TableRow::new(vec![head(w.current), head(w.proposed), head(w.justification)])];
    for row in &rows {
        table_rows.push(TableRow::new(vec![
            wording(&row.current, w.new_article, width),
            wording(&row.proposed, w.removed, width),
            justification(row, w.review, &r.language, width),
        ]));
    }
    // The column grid is what readers such as pandoc lay cells out by: without it they see empty rows.
    doc = doc.add_table(Table::new(table_rows).set_grid(vec![width; 3]).width(3 * width, WidthType::Dxa));
    doc = doc.add_paragraph(
        Paragraph::new().add_run(Run::new().add_text(xml_text(format!("{}: {unchanged}", w.omitted)))),
    );
    pack(doc)
}

fn wording(lines: &[Vec<Segment>], empty: &str, width: usize) -> TableCell {
    let mut cell = TableCell::new().width(width, WidthType::Dxa);
    if lines.is_empty() {
        return cell.add_paragraph(Paragraph::new().add_run(Run::new().add_text(xml_text(empty)).italic()));
    }
    for (k, l) in lines.iter().enumerate() {
        let mut p = Paragraph::new();
        for s in l {
            let r = Run::new().add_text(xml_text(s.text()));
            let r = match s {
                Segment::Equal(_) => r,
                Segment::Insert(_) => r.bold().underline("single"),
                Segment::Delete(_) => r.strike(),
            };
            p = p.add_run(if k == 0 { r.bold() } else { r });
        }
        cell = cell.add_paragraph(p);
    }
    cell
}

fn justification(row: &Row3, review: &str, lang: &str, width: usize) -> TableCell {
    let mut cell = TableCell::new().width(width, WidthType::Dxa);
    let mut any = false;
    for j in &row.justification {
        cell = cell.add_paragraph(Paragraph::new().add_run(Run::new().add_text(xml_text(j))));
        any = true;
    }
    if !row.review.is_empty() {
        cell = cell.add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(xml_text(format!("{review}:"))).italic()),
        );
        for n in &row.review {
            cell = cell.add_paragraph(Paragraph::new().add_run(Run::new().add_text(xml_text(format!(
                "{} · {}: {} — {}",
                kanun_redline::labels::note_type(lang, &n.kind),
                kanun_redline::labels::note_status(lang, &n.status),
                n.body,
                n.author
            )))));
        }
        any = true;
    }
    if !any {
        // A table cell must hold a paragraph.
        cell = cell.add_paragraph(Paragraph::new());
    }
    cell
}

/// A law as a plain Word document, as a ministry would circulate it: the title, the preamble, container and
/// article headings (centred and bold), and one paragraph per part and point. With `word_numbering`, parts
/// (`1.`) and points (`1)`) numbered 1, 2, 3 … are Word's automatic numbering (restarting in each article), as
/// documents typed in Word have them; otherwise every number is written out. Used to test DOCX import, and to
/// hand a text to people who work in Word.
pub fn law(e: &kanun_model::Expression, word_numbering: bool) -> Result<Vec<u8>, DocxError> {
    use docx_rs::{
        AbstractNumbering, IndentLevel, Level, LevelJc, LevelOverride, LevelText, NumberFormat, Numbering,
        NumberingId, Start,
    };
    let mut doc = Docx::new().page_size(A4.0, A4.1).default_size(24);
    if word_numbering {
        doc = doc.add_abstract_numbering(
            AbstractNumbering::new(1)
                .add_level(Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("decimal"),
                    LevelText::new("%1."),
                    LevelJc::new("left"),
                ))
                .add_level(Level::new(
                    1,
                    Start::new(1),
                    NumberFormat::new("decimal"),
                    LevelText::new("%2)"),
                    LevelJc::new("left"),
                )),
        );
    }
    let bold = |t: &str| Paragraph::new().add_run(Run::new().add_text(xml_text(t)).bold());
    doc = doc.add_paragraph(bold(&e.long_title).align(AlignmentType::Center));
    for p in &e.preamble {
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(xml_text(p))));
    }
    // Whether a list of provisions is numbered 1, 2, 3 … with this suffix.
    fn plain_sequence(ps: &[&kanun_model::Provision], suffix: &str) -> bool {
        ps.iter()
            .enumerate()
            .all(|(i, p)| p.num.as_ref().is_some_and(|n| n.raw == format!("{}{suffix}", i + 1)))
    }
    let text = |t: &str| Paragraph::new().add_run(Run::new().add_text(xml_text(t)));
    let mut next_num = 1usize;
    let mut stack: Vec<&kanun_model::Provision> = e.body.iter().rev().collect();
    while let Some(p) = stack.pop() {
        if p.kind.is_container() {
            doc = doc.add_paragraph(bold(&p.display_heading()).align(AlignmentType::Center));
            stack.extend(p.children.iter().rev());
            continue;
        }
        if p.kind != kanun_model::Kind::Article {
            continue;
        }
        doc = doc.add_paragraph(bold(&p.display_heading()));
        let parts: Vec<&kanun_model::Provision> =
            p.children.iter().filter(|c| c.kind == kanun_model::Kind::Para).collect();
        let simple = word_numbering
            && !parts.is_empty()
            && parts.len() == p.children.len()
            && plain_sequence(&parts, ".")
            && parts.iter().all(|q| {
                let pts: Vec<&kanun_model::Provision> = q.children.iter().collect();
                q.intro.len() == 1
                    && q.wrap_up.is_empty()
                    && pts.iter().all(|x| {
                        x.kind == kanun_model::Kind::Point
                            && x.children.is_empty()
                            && x.intro.len() == 1
                            && x.wrap_up.is_empty()
                    })
                    && (pts.is_empty() || plain_sequence(&pts, ")"))
            });
        if !simple {
            for l in p.text_lines() {
                doc = doc.add_paragraph(text(&l.text));
            }
            continue;
        }
        // One list instance per article, restarting at 1.
        let id = next_num;
        next_num += 1;
        doc = doc.add_numbering(
            Numbering::new(id, 1)
                .add_override(LevelOverride::new(0).start(1))
                .add_override(LevelOverride::new(1).start(1)),
        );
        for l in &p.intro {
            doc = doc.add_paragraph(text(l));
        }
        for q in parts {
            let first = q.intro.first().map(String::as_str).unwrap_or_default();
            doc = doc.add_paragraph(text(first).numbering(NumberingId::new(id), IndentLevel::new(0)));
            for x in &q.children {
                doc =
                    doc.add_paragraph(text(&x.intro[0]).numbering(NumberingId::new(id), IndentLevel::new(1)));
            }
        }
        for l in &p.wrap_up {
            doc = doc.add_paragraph(text(l));
        }
    }
    pack(doc)
}

fn pack(doc: Docx) -> Result<Vec<u8>, DocxError> {
    let mut buf = Cursor::new(Vec::new());
    let mut xml = doc.build();
    xml.document = renumber_revisions(&xml.document);
    xml.pack(&mut buf).map_err(|e| DocxError::Package(e.to_string()))?;
    Ok(buf.into_inner())
}

/// docx-rs numbers tracked changes (`w:ins`, `w:del`) from one counter for the whole process, so the same redline
/// came out with other ids after other documents were made (the server's second download differed from the first
/// and from `kanun diff`). Word needs them unique in the document only: numbered here from 0 in document order,
/// the same bytes for the same redline.
fn renumber_revisions(document: &[u8]) -> Vec<u8> {
    const TAGS: [&[u8]; 4] = [b"<w:ins ", b"<w:del ", b"<w:rPrChange ", b"<w:pPrChange "];
    const ID: &[u8] = b"w:id=\"";
    let mut out = Vec::with_capacity(document.len());
    let (mut i, mut next) = (0, 0usize);
    while i < document.len() {
        let rest = &document[i..];
        let Some(tag) = TAGS.iter().find(|t| rest.starts_with(t)) else {
            out.push(document[i]);
            i += 1;
            continue;
        };
        // The tag's attributes, up to its end; the id's digits replaced.
        let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        let head = &rest[..end];
        match head.windows(ID.len()).position(|w| w == ID) {
            Some(at) => {
                let digits = head[at + ID.len()..].iter().take_while(|b| b.is_ascii_digit()).count();
                out.extend_from_slice(&head[..at + ID.len()]);
                out.extend_from_slice(next.to_string().as_bytes());
                out.extend_from_slice(&head[at + ID.len() + digits..]);
                next += 1;
            }
            None => out.extend_from_slice(head),
        }
        i += end.max(tag.len());
    }
    out
}
