//! DOCX: the paragraphs of `word/document.xml` as lines, with Word's automatic numbering written out from
//! `word/numbering.xml` (`%1.` decimal, `%1)` letters …), so that a ministry's document reads like its printed
//! text. The package is checked before anything is read: it must be a ZIP with `word/document.xml` (a renamed ZIP
//! of something else is refused), no part may inflate beyond a limit (zip bombs), and the XML is read without any
//! DTD or entity.

use std::collections::HashMap;
use std::io::Read as _;

use quick_xml::events::Event;
use thiserror::Error;

/// The most a part of the package may inflate to.
pub const MAX_PART_BYTES: u64 = 32 << 20;

/// Why a DOCX cannot be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DocxError {
    /// Not a ZIP package.
    #[error("not a DOCX (ZIP) package: {0}; save the document as .docx, or as plain text")]
    NotZip(String),
    /// A ZIP package that is not a Word document.
    #[error("a ZIP package without word/document.xml: it is not a Word document (a renamed archive?)")]
    NotWord,
    /// A part inflates too much.
    #[error("{0} would inflate beyond {MAX_PART_BYTES} bytes: refused as a possible zip bomb")]
    TooLarge(String),
    /// The XML is broken or has a DTD.
    #[error("{0}: {1}")]
    Xml(String, String),
}

/// The next event of a part, keeping count of the elements open: broken XML, and XML that ends with elements
/// still open (a document cut in half), are refused naming the part and the byte, never read as a partial law.
fn next_event<'a>(
    r: &mut quick_xml::Reader<&'a [u8]>,
    part: &str,
    depth: &mut i64,
) -> Result<Event<'a>, DocxError> {
    let event = r.read_event().map_err(|e| broken(part, r.buffer_position(), &e))?;
    match &event {
        Event::Start(_) => *depth += 1,
        Event::End(_) => *depth -= 1,
        Event::Eof if *depth != 0 => return Err(cut_short(part, r.buffer_position(), *depth)),
        _ => {}
    }
    Ok(event)
}

/// A part whose XML does not parse, with the byte where it stops.
fn broken(part: &str, at: u64, e: &quick_xml::Error) -> DocxError {
    DocxError::Xml(
        part.into(),
        format!("the XML is broken near byte {at}: {e}; open and save the file in Word again"),
    )
}

/// A part whose XML ends with elements still open (a file cut short in copying or mailing).
fn cut_short(part: &str, at: u64, open: i64) -> DocxError {
    DocxError::Xml(
        part.into(),
        format!(
            "the XML ends at byte {at} with {open} element(s) still open: the file is cut short (an interrupted \
             copy or download?); get the whole file again"
        ),
    )
}

fn read_part(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, DocxError> {
    let mut f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DocxError::NotZip(e.to_string())),
    };
    if f.size() > MAX_PART_BYTES {
        return Err(DocxError::TooLarge(name.into()));
    }
    let mut buf = Vec::new();
    // The declared size may lie: never read more than the limit.
    (&mut f).take(MAX_PART_BYTES + 1).read_to_end(&mut buf).map_err(|e| DocxError::NotZip(e.to_string()))?;
    if buf.len() as u64 > MAX_PART_BYTES {
        return Err(DocxError::TooLarge(name.into()));
    }
    String::from_utf8(buf).map(Some).map_err(|_| DocxError::Xml(name.into(), "not UTF-8".into()))
}

/// A numbering level: its format and text pattern (`%1.`).
#[derive(Debug, Clone)]
struct Level {
    fmt: String,
    text: String,
    start: u32,
}

fn attr(e: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| {
            let k = a.key.as_ref();
            k == key.as_bytes() || k.ends_with(format!(":{key}").as_bytes())
        })
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn local(name: &[u8]) -> &[u8] {
    name.rsplit(|b| *b == b':').next().unwrap_or(name)
}

/// numId → level → (format, text): from `numbering.xml` (abstract numberings through `w:num`).
fn numbering(xml: &str) -> Result<HashMap<(String, u32), Level>, DocxError> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut abs: HashMap<String, HashMap<u32, Level>> = HashMap::new();
    let mut nums: HashMap<String, String> = HashMap::new();
    let (mut cur_abs, mut cur_lvl, mut cur_num) = (None::<String>, None::<u32>, None::<String>);
    let mut depth = 0i64;
    loop {
        let event = next_event(&mut r, "word/numbering.xml", &mut depth)?;
        match event {
            Event::DocType(_) => {
                return Err(DocxError::Xml("word/numbering.xml".into(), "a DOCTYPE is not accepted".into()));
            }
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                b"abstractNum" => cur_abs = attr(&e, "abstractNumId"),
                b"lvl" => cur_lvl = attr(&e, "ilvl").and_then(|v| v.parse().ok()),
                b"num" => cur_num = attr(&e, "numId"),
                b"abstractNumId" => {
                    if let (Some(n), Some(a)) = (&cur_num, attr(&e, "val")) {
                        nums.insert(n.clone(), a);
                    }
                }
                b"numFmt" | b"lvlText" | b"start" => {
                    if let (Some(a), Some(l)) = (&cur_abs, cur_lvl) {
                        let lv = abs.entry(a.clone()).or_default().entry(l).or_insert(Level {
                            fmt: "decimal".into(),
                            text: "%1.".into(),
                            start: 1,
                        });
                        let v = attr(&e, "val").unwrap_or_default();
                        match local(e.name().as_ref()) {
                            b"numFmt" => lv.fmt = v,
                            b"lvlText" => lv.text = v,
                            _ => lv.start = v.parse().unwrap_or(1),
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let mut out = HashMap::new();
    for (num, a) in nums {
        if let Some(levels) = abs.get(&a) {
            for (l, lv) in levels {
                out.insert((num.clone(), *l), lv.clone());
            }
        }
    }
    Ok(out)
}

fn format_number(n: u32, fmt: &str) -> String {
    const RU: &[char] = &[
        'а', 'б', 'в', 'г', 'д', 'е', 'ж', 'з', 'и', 'к', 'л', 'м', 'н', 'о', 'п', 'р', 'с', 'т', 'у', 'ф',
        'х', 'ц', 'ч', 'ш', 'щ', 'э', 'ю', 'я',
    ];
    let i = (n.max(1) - 1) as usize;
    match fmt {
        "lowerLetter" => ((b'a' + (i % 26) as u8) as char).to_string(),
        "upperLetter" => ((b'A' + (i % 26) as u8) as char).to_string(),
        "russianLower" => RU[i % RU.len()].to_string(),
        "russianUpper" => RU[i % RU.len()].to_uppercase().to_string(),
        // Roman numerals stop at 3999 (a damaged file's 4,000,000,000 would be four million M's).
        "lowerRoman" if n <= 3999 => kanun_model::eid::to_roman(n).to_lowercase(),
        "upperRoman" if n <= 3999 => kanun_model::eid::to_roman(n),
        "bullet" | "none" => String::new(),
        _ => n.to_string(),
    }
}

/// The paragraphs of a DOCX as lines of text, numbering written out (tracked changes accepted, as Word shows
/// the document with "No Markup").
pub fn docx_text(bytes: &[u8]) -> Result<String, DocxError> {
    let lines = paragraphs(bytes, View::Accepted)?;
    Ok(lines.into_iter().map(|l| l.text).collect::<Vec<_>>().join("\n"))
}

/// Which text of a document with tracked changes is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Every change accepted: inserted text kept, deleted text gone.
    Accepted,
    /// Every change rejected: the text the changes were made on.
    Rejected,
}

/// A paragraph read, with the authors of the tracked changes in it (`w:author` of its `w:ins`, `w:del`,
/// `w:moveFrom` and `w:moveTo`), in the order they appear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackedLine {
    /// The paragraph's text in the view read, its numbering written out.
    pub text: String,
    /// Who changed it (empty: not changed, or changed without tracking).
    pub authors: Vec<String>,
    /// The Word comments anchored in it (their text), in order.
    pub comments: Vec<String>,
}

/// A Word document with tracked changes read both ways: the text with every change accepted (the draft) and
/// with every change rejected (the text it was written on), and who made the changes, paragraph by paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tracked {
    /// The paragraphs with every change accepted (a paragraph deleted whole is not there).
    pub accepted: Vec<TrackedLine>,
    /// The paragraphs with every change rejected (a paragraph inserted whole is not there).
    pub rejected: Vec<TrackedLine>,
}

impl Tracked {
    /// The accepted text, one paragraph per line.
    pub fn accepted_text(&self) -> String {
        self.accepted.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
    }

    /// The rejected text, one paragraph per line.
    pub fn rejected_text(&self) -> String {
        self.rejected.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
    }

    /// Whether the document has any tracked change.
    pub fn has_changes(&self) -> bool {
        self.accepted.iter().chain(&self.rejected).any(|l| !l.authors.is_empty())
    }
}

/// Reads a Word document's text with its tracked changes accepted and rejected.
pub fn docx_tracked(bytes: &[u8]) -> Result<Tracked, DocxError> {
    Ok(Tracked { accepted: paragraphs(bytes, View::Accepted)?, rejected: paragraphs(bytes, View::Rejected)? })
}

/// The paragraphs of a DOCX in one view of its tracked changes, numbering written out, empty ones left out.
fn paragraphs(bytes: &[u8], view: View) -> Result<Vec<TrackedLine>, DocxError> {
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| DocxError::NotZip(e.to_string()))?;
    let doc = read_part(&mut zip, "word/document.xml")?.ok_or(DocxError::NotWord)?;
    let levels = match read_part(&mut zip, "word/numbering.xml")? {
        Some(x) => numbering(&x)?,
        None => HashMap::new(),
    };
    let notes = match read_part(&mut zip, "word/comments.xml")? {
        Some(x) => comments(&x)?,
        None => HashMap::new(),
    };
    let mut counters: HashMap<(String, u32), u32> = HashMap::new();
    let mut r = quick_xml::Reader::from_str(&doc);
    let mut lines = Vec::new();
    let mut para = String::new();
    let mut authors: Vec<String> = Vec::new();
    let mut anchored: Vec<String> = Vec::new();
    let (mut in_t, mut num_id, mut ilvl) = (false, None::<String>, 0u32);
    // How deep inside inserted (`w:ins`, `w:moveTo`) and deleted (`w:del`, `w:moveFrom`) runs the reader is.
    let (mut inserted, mut deleted) = (0u32, 0u32);
    let mut depth = 0i64;
    let note_author = |e: &quick_xml::events::BytesStart<'_>, authors: &mut Vec<String>| {
        if let Some(a) = attr(e, "author").map(|a| a.trim().to_string()).filter(|a| !a.is_empty())
            && !authors.contains(&a)
        {
            authors.push(a);
        }
    };
    loop {
        let event = next_event(&mut r, "word/document.xml", &mut depth)?;
        match event {
            Event::DocType(_) => {
                return Err(DocxError::Xml("word/document.xml".into(), "a DOCTYPE is not accepted".into()));
            }
            Event::Start(e) => match local(e.name().as_ref()) {
                b"p" => {
                    para.clear();
                    authors.clear();
                    anchored.clear();
                    num_id = None;
                    ilvl = 0;
                }
                b"t" | b"delText" => {
                    let shown = match view {
                        View::Accepted => deleted == 0 && local(e.name().as_ref()) == b"t",
                        View::Rejected => inserted == 0,
                    };
                    in_t = shown;
                }
                b"ins" | b"moveTo" => {
                    inserted += 1;
                    note_author(&e, &mut authors);
                }
                b"del" | b"moveFrom" => {
                    deleted += 1;
                    note_author(&e, &mut authors);
                }
                _ => {}
            },
            Event::Empty(e) => match local(e.name().as_ref()) {
                b"tab" if !hidden(view, inserted, deleted) => para.push('\t'),
                b"br" if !hidden(view, inserted, deleted) => para.push(' '),
                b"ilvl" => ilvl = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0),
                b"numId" => num_id = attr(&e, "val").filter(|v| v != "0"),
                // A paragraph mark inserted or deleted: the paragraph was added or removed by a tracked change.
                b"ins" | b"del" | b"moveTo" | b"moveFrom" => note_author(&e, &mut authors),
                // A comment anchored here (its range starts, or its mark is, in this paragraph).
                b"commentRangeStart" | b"commentReference" => {
                    if let Some(text) = attr(&e, "id").and_then(|id| notes.get(&id))
                        && !anchored.contains(text)
                    {
                        anchored.push(text.clone());
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_t => {
                let s =
                    t.unescape().map_err(|e| DocxError::Xml("word/document.xml".into(), e.to_string()))?;
                para.push_str(&s);
            }
            Event::End(e) => match local(e.name().as_ref()) {
                b"t" | b"delText" => in_t = false,
                b"ins" | b"moveTo" => inserted = inserted.saturating_sub(1),
                b"del" | b"moveFrom" => deleted = deleted.saturating_sub(1),
                b"p" => {
                    let mut line = para.trim().to_string();
                    if line.is_empty() && !authors.is_empty() {
                        // A paragraph with no text in this view (inserted whole, seen rejected; or deleted
                        // whole, seen accepted) is not there, and does not count in its list's numbering.
                        authors.clear();
                        continue;
                    }
                    if let Some(n) = &num_id
                        && let Some(lv) = levels.get(&(n.clone(), ilvl))
                    {
                        // Deeper levels restart when a shallower one counts on.
                        // The counter holds the next value: Word lists may start at 0 (and a damaged file
                        // anywhere up to u32::MAX), so nothing here may overflow.
                        let c = counters.entry((n.clone(), ilvl)).or_insert(lv.start);
                        let value = *c;
                        *c = c.saturating_add(1);
                        counters.retain(|(k, l), _| k != n || *l <= ilvl);
                        let marker = lv
                            .text
                            .replace(&format!("%{}", ilvl.saturating_add(1)), &format_number(value, &lv.fmt));
                        if !marker.trim().is_empty() {
                            line = format!("{} {line}", marker.trim());
                        }
                    }
                    if !line.is_empty() {
                        lines.push(TrackedLine {
                            text: line,
                            authors: std::mem::take(&mut authors),
                            comments: std::mem::take(&mut anchored),
                        });
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(lines)
}

/// Whether a tab or break at this point is part of text the view leaves out.
fn hidden(view: View, inserted: u32, deleted: u32) -> bool {
    match view {
        View::Accepted => deleted > 0,
        View::Rejected => inserted > 0,
    }
}

/// The comments of `word/comments.xml`: id → their text (paragraphs joined by a space).
fn comments(xml: &str) -> Result<HashMap<String, String>, DocxError> {
    const PART: &str = "word/comments.xml";
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = HashMap::new();
    let (mut id, mut text, mut in_t) = (None::<String>, String::new(), false);
    let mut depth = 0i64;
    loop {
        match next_event(&mut r, PART, &mut depth)? {
            Event::DocType(_) => return Err(DocxError::Xml(PART.into(), "a DOCTYPE is not accepted".into())),
            Event::Start(e) => match local(e.name().as_ref()) {
                b"comment" => {
                    id = attr(&e, "id");
                    text.clear();
                }
                b"p" if !text.is_empty() => text.push(' '),
                b"t" => in_t = true,
                _ => {}
            },
            Event::Text(t) if in_t => {
                text.push_str(&t.unescape().map_err(|e| DocxError::Xml(PART.into(), e.to_string()))?);
            }
            Event::End(e) => match local(e.name().as_ref()) {
                b"t" => in_t = false,
                b"comment" => {
                    if let Some(id) = id.take() {
                        out.insert(id, text.split_whitespace().collect::<Vec<_>>().join(" "));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}
