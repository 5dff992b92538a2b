//! From Markdown to a flat stream of blocks: headings, lines of text (with their number marker and how deep
//! they sit), and notes. pulldown-cmark reads the Markdown; this module keeps source offsets and reads number
//! markers from the raw source, so that an escaped `1\.` is text, not a marker.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::marker::{self, Marker};
use crate::text::normalize_text;

/// Where a line of text came from; it decides which provision unmarked text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The first line of a Markdown list item.
    Item,
    /// The first line of a paragraph.
    ParaStart,
    /// A continuation line inside a paragraph that starts with a marker.
    Lazy,
    /// A line after a hard line break: a new paragraph of the same provision.
    HardBreak,
}

/// Heading attributes after the id: `(key, value)`.
pub(crate) type Attrs = Vec<(String, Option<String>)>;

/// A heading being read: level, text so far, id, attributes, offset.
type OpenHeading = (u8, String, Option<String>, Attrs, usize);

/// One block of the body.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    Heading {
        level: u8,
        text: String,
        id: Option<String>,
        /// The `key=value` attributes after the id: `{#art_14 replaces=art_12}`.
        attrs: Vec<(String, Option<String>)>,
        offset: usize,
    },
    Text {
        /// Twice the Markdown list depth, plus one for a marker inside a paragraph.
        level: u32,
        marker: Option<Marker>,
        text: String,
        offset: usize,
        origin: Origin,
    },
    Quote {
        text: String,
        offset: usize,
    },
}

/// Something in the Markdown that a law does not use; kept as text and reported.
pub(crate) struct Foreign {
    pub(crate) offset: usize,
    pub(crate) what: &'static str,
}

struct ItemState {
    marker: Option<Marker>,
    offset: usize,
    emitted: bool,
    /// Source offset just after the marker.
    after_marker: usize,
}

#[derive(Default)]
struct LineBuf {
    text: String,
    offset: Option<usize>,
    hard: bool,
}

struct Collect {
    text: String,
    offset: usize,
    what: &'static str,
}

struct Walker<'a> {
    src: &'a str,
    blocks: Vec<Block>,
    foreign: Vec<Foreign>,
    items: Vec<ItemState>,
    ordered: Vec<bool>,
    para: Option<Vec<LineBuf>>,
    heading: Option<OpenHeading>,
    quote_depth: u32,
    quote_offset: usize,
    collect: Option<Collect>,
    /// Whether the open paragraph is one that a tight list item holds without a Paragraph tag.
    implicit: bool,
}

pub(crate) fn read(src: &str) -> (Vec<Block>, Vec<Foreign>) {
    let opts = Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_TABLES;
    let mut w = Walker {
        src,
        blocks: Vec::new(),
        foreign: Vec::new(),
        items: Vec::new(),
        ordered: Vec::new(),
        para: None,
        heading: None,
        quote_depth: 0,
        quote_offset: 0,
        collect: None,
        implicit: false,
    };
    for (ev, range) in Parser::new_ext(src, opts).into_offset_iter() {
        w.event(ev, range);
    }
    (w.blocks, w.foreign)
}

impl Walker<'_> {
    fn depth(&self) -> u32 {
        self.items.len() as u32
    }

    /// Emits the marker of the innermost list item if nothing has been emitted for it yet (an item that starts
    /// with a nested list or is empty).
    fn ensure_item_emitted(&mut self) {
        let depth = self.depth();
        if let Some(item) = self.items.last_mut()
            && !item.emitted
        {
            item.emitted = true;
            if let Some(m) = item.marker.clone() {
                self.blocks.push(Block::Text {
                    level: depth * 2,
                    marker: Some(m),
                    text: String::new(),
                    offset: item.offset,
                    origin: Origin::Item,
                });
            }
        }
    }

    /// Closes a paragraph that a tight list item holds without a Paragraph tag.
    fn flush_implicit(&mut self) {
        if self.implicit
            && let Some(lines) = self.para.take()
        {
            self.implicit = false;
            self.emit_paragraph(lines);
        }
    }

    fn push_text(&mut self, s: &str, range: &Range<usize>) {
        if self.para.is_none()
            && self.heading.is_none()
            && self.collect.is_none()
            && self.quote_depth == 0
            && !self.items.is_empty()
        {
            self.para = Some(vec![LineBuf::default()]);
            self.implicit = true;
        }
        if let Some((_, text, _, _, _)) = &mut self.heading {
            text.push_str(s);
        } else if let Some(c) = &mut self.collect {
            c.text.push_str(s);
        } else if let Some(lines) = &mut self.para {
            if let Some(line) = lines.last_mut() {
                if line.offset.is_none() {
                    line.offset = Some(range.start);
                }
                line.text.push_str(s);
            }
        }
    }

    fn event(&mut self, ev: Event<'_>, range: Range<usize>) {
        match ev {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_text(&t, &range)
            }
            Event::Html(t) => self.push_text(&t, &range),
            Event::InlineHtml(t) => {
                self.foreign.push(Foreign { offset: range.start, what: "inline HTML" });
                self.push_text(&t, &range);
            }
            Event::FootnoteReference(t) => self.push_text(&format!("[^{t}]"), &range),
            Event::SoftBreak | Event::HardBreak => {
                let hard = matches!(ev, Event::HardBreak);
                if let Some((_, text, _, _, _)) = &mut self.heading {
                    text.push(' ');
                } else if let Some(c) = &mut self.collect {
                    c.text.push('\n');
                } else if let Some(lines) = &mut self.para {
                    lines.push(LineBuf { hard, ..LineBuf::default() });
                }
            }
            Event::Rule | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        if !matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Superscript
                | Tag::Subscript
        ) {
            self.flush_implicit();
        }
        match tag {
            Tag::Paragraph if self.collect.is_none() && self.heading.is_none() => {
                self.para = Some(vec![LineBuf::default()]);
            }
            Tag::Heading { level, id, attrs, .. } => {
                self.ensure_item_emitted();
                let attrs =
                    attrs.iter().map(|(k, v)| (k.to_string(), v.as_ref().map(|v| v.to_string()))).collect();
                self.heading =
                    Some((level as u8, String::new(), id.map(|i| i.to_string()), attrs, range.start));
            }
            Tag::List(start) => {
                self.ensure_item_emitted();
                self.ordered.push(start.is_some());
            }
            Tag::Item => {
                let ordered = self.ordered.last().copied().unwrap_or(false);
                let rest = &self.src[range.start..range.end.max(range.start)];
                let marker = if ordered { marker::list_item(rest) } else { None };
                let lead = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                let after = match &marker {
                    Some(m) => range.start + lead + m.raw.len(),
                    None => range.start + lead + 1,
                };
                self.items.push(ItemState {
                    marker,
                    offset: range.start + lead,
                    emitted: false,
                    after_marker: after,
                });
            }
            Tag::BlockQuote(_) => {
                self.ensure_item_emitted();
                if self.quote_depth == 0 {
                    self.quote_offset = range.start;
                }
                self.quote_depth += 1;
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::Table(_) => {
                self.ensure_item_emitted();
                let what = match tag {
                    Tag::CodeBlock(_) => "code block",
                    Tag::HtmlBlock => "HTML",
                    _ => "table",
                };
                if self.collect.is_none() {
                    self.collect = Some(Collect { text: String::new(), offset: range.start, what });
                }
            }
            Tag::TableCell => {
                if let Some(c) = &mut self.collect
                    && !c.text.is_empty()
                    && !c.text.ends_with('\n')
                {
                    c.text.push_str(" | ");
                }
            }
            Tag::Image { .. } => self.foreign.push(Foreign { offset: range.start, what: "image" }),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, _range: Range<usize>) {
        if matches!(tag, TagEnd::Item | TagEnd::List(_)) {
            self.flush_implicit();
        }
        match tag {
            TagEnd::Paragraph => {
                if let Some(lines) = self.para.take() {
                    if self.quote_depth > 0 {
                        let text = normalize_text(
                            &lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" "),
                        );
                        if !text.is_empty() {
                            self.blocks.push(Block::Quote { text, offset: self.quote_offset });
                        }
                    } else {
                        self.emit_paragraph(lines);
                    }
                }
            }
            TagEnd::Heading(_) => {
                if let Some((level, text, id, attrs, offset)) = self.heading.take() {
                    self.blocks.push(Block::Heading {
                        level,
                        text: normalize_text(&text),
                        id,
                        attrs,
                        offset,
                    });
                }
            }
            TagEnd::List(_) => {
                self.ordered.pop();
            }
            TagEnd::Item => {
                self.ensure_item_emitted();
                self.items.pop();
            }
            TagEnd::BlockQuote(_) => self.quote_depth = self.quote_depth.saturating_sub(1),
            TagEnd::TableRow | TagEnd::TableHead => {
                if let Some(c) = &mut self.collect {
                    c.text.push('\n');
                }
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::Table => {
                if let Some(c) = self.collect.take() {
                    self.foreign.push(Foreign { offset: c.offset, what: c.what });
                    let text = normalize_text(&c.text);
                    if !text.is_empty() {
                        let level = self.depth() * 2;
                        self.blocks.push(Block::Text {
                            level,
                            marker: None,
                            text,
                            offset: c.offset,
                            origin: Origin::ParaStart,
                        });
                    }
                }
            }
            _ => {}
        }
    }

    /// The raw source of the line that holds `offset`, from its first non-blank character: what a reader sees
    /// at the start of the line, escapes included.
    fn raw_line(&self, offset: usize) -> &str {
        let offset = offset.min(self.src.len());
        let start = self.src[..offset].rfind('\n').map_or(0, |i| i + 1);
        let rest = &self.src[start..];
        rest.split('\n').next().unwrap_or("").trim_start_matches([' ', '\t'])
    }

    fn emit_paragraph(&mut self, lines: Vec<LineBuf>) {
        let depth = self.depth();
        let mut first = true;
        for line in lines {
            let Some(offset) = line.offset else {
                continue;
            };
            let raw = self.raw_line(offset).to_string();
            if first {
                first = false;
                let item = self.items.last_mut().filter(|i| !i.emitted);
                if let Some(item) = item {
                    item.emitted = true;
                    let item_marker = item.marker.clone();
                    let item_offset = item.offset;
                    let after = item.after_marker;
                    // An item whose text starts with a marker of its own ("1) а) …", or "1)" with the subpoints
                    // on the next lines): the item's number, then the inner marker as a line inside it.
                    // Only the start of what follows is looked at (copying the rest of the file for every item
                    // made large imports quadratic).
                    let rest = self.src[after.min(self.src.len())..].trim_start();
                    let mut end = rest.len().min(256);
                    while !rest.is_char_boundary(end) {
                        end -= 1;
                    }
                    let inner_raw = &rest[..end];
                    let inner = item_marker.as_ref().and_then(|_| marker::detect(inner_raw, true));
                    match (item_marker, inner) {
                        (Some(m), Some(inner)) => {
                            self.blocks.push(Block::Text {
                                level: depth * 2,
                                marker: Some(m),
                                text: String::new(),
                                offset: item_offset,
                                origin: Origin::Item,
                            });
                            let text = normalize_text(marker::strip(&line.text, &inner));
                            self.blocks.push(Block::Text {
                                level: depth * 2 + 1,
                                marker: Some(inner),
                                text,
                                offset,
                                origin: Origin::Lazy,
                            });
                        }
                        (m, _) => {
                            let text = normalize_text(&line.text);
                            let origin = if m.is_some() { Origin::Item } else { Origin::ParaStart };
                            self.blocks.push(Block::Text {
                                level: depth * 2,
                                marker: m,
                                text,
                                offset: item_offset,
                                origin,
                            });
                        }
                    }
                    continue;
                }
                let m = marker::detect(&raw, false);
                let text =
                    normalize_text(m.as_ref().map_or(line.text.as_str(), |m| marker::strip(&line.text, m)));
                self.blocks.push(Block::Text {
                    level: depth * 2,
                    marker: m,
                    text,
                    offset,
                    origin: Origin::ParaStart,
                });
                continue;
            }
            let m = marker::detect(&raw, !line.hard);
            match m {
                Some(m) => {
                    let text = normalize_text(marker::strip(&line.text, &m));
                    let (level, origin) = if line.hard {
                        (depth * 2, Origin::ParaStart)
                    } else {
                        (depth * 2 + 1, Origin::Lazy)
                    };
                    self.blocks.push(Block::Text { level, marker: Some(m), text, offset, origin });
                }
                None if line.hard => {
                    let text = normalize_text(&line.text);
                    self.blocks.push(Block::Text {
                        level: depth * 2,
                        marker: None,
                        text,
                        offset,
                        origin: Origin::HardBreak,
                    });
                }
                None => {
                    // A wrapped line: it continues the text of the line before.
                    if let Some(Block::Text { text, .. }) = self.blocks.last_mut() {
                        let more = normalize_text(&line.text);
                        if !more.is_empty() {
                            if !text.is_empty() {
                                text.push(' ');
                            }
                            text.push_str(&more);
                        }
                    }
                }
            }
        }
    }
}
