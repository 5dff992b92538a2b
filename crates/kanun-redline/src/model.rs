//! What a redline is: rows (title, preamble, container headings, articles) in reading order, each with its class,
//! the base and draft provisions it stands for, and lines of word-level tracked changes.

use serde::{Deserialize, Serialize};

use crate::words::{self, Segment};

/// What happened to an article (or a part or point inside one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Same number, same text.
    Unchanged,
    /// Same number, changed text.
    Modified,
    /// Another number or another place, with or without changes to its text.
    Renumbered,
    /// Only in the draft.
    New,
    /// In the base, gone from the draft or left as a repealed stub.
    Repealed,
    /// One base article became several draft articles.
    Split,
    /// Several base articles became one draft article.
    Merged,
}

impl Class {
    /// All classes, in the order reports list them.
    pub const ALL: [Class; 7] = [
        Class::Unchanged,
        Class::Modified,
        Class::Renumbered,
        Class::New,
        Class::Repealed,
        Class::Split,
        Class::Merged,
    ];

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Unchanged => "unchanged",
            Class::Modified => "modified",
            Class::Renumbered => "renumbered",
            Class::New => "new",
            Class::Repealed => "repealed",
            Class::Split => "split",
            Class::Merged => "merged",
        }
    }
}

impl std::fmt::Display for Class {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A provision on one side: its eId, wId and how a reader names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ref {
    /// eId in its expression.
    pub eid: String,
    /// wId (identity across expressions).
    pub wid: String,
    /// `Article 12`, `Статья 12`, `Chapter II`.
    pub label: String,
}

/// Which side of the comparison a row's text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Both: the lines carry the changes from base to draft.
    Both,
    /// The draft only (new, or the new place of a moved or split-off article).
    Draft,
    /// The base only (removed, or the old place of a moved or merged-away article).
    Base,
}

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    /// The long title.
    Title,
    /// The preamble.
    Preamble,
    /// A container heading (chapter, section, …).
    Container,
    /// An article.
    Article,
}

/// What happened to one line (a paragraph, part or point) inside a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineChange {
    /// Same text.
    Unchanged,
    /// Changed words.
    Modified,
    /// Same text under another number marker.
    Renumbered,
    /// Only in the draft.
    New,
    /// Only in the base.
    Repealed,
}

/// One line of a row: a heading, a paragraph, or a numbered part or point with its marker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// What happened to it.
    pub change: LineChange,
    /// Nesting below the article (0 for the heading and article text, 1 for parts, 2 for points, …).
    pub depth: u8,
    /// eId of the provision the line belongs to, in the base.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_eid: Option<String>,
    /// eId of the provision the line belongs to, in the draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft_eid: Option<String>,
    /// Whether this is the heading line of the row.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub heading: bool,
    /// The tracked changes.
    pub segments: Vec<Segment>,
}

impl Line {
    /// The draft text of the line.
    pub fn accepted(&self) -> String {
        words::accepted(&self.segments)
    }

    /// The base text of the line.
    pub fn rejected(&self) -> String {
        words::rejected(&self.segments)
    }

    /// Whether the line has any tracked change.
    pub fn changed(&self) -> bool {
        self.segments.iter().any(|s| !matches!(s, Segment::Equal(_)))
    }
}

/// An open annotation on the base provision of a row, shown to reviewers next to the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewNote {
    /// Annotation id.
    pub id: String,
    /// comment, gap, recommendation, …
    pub kind: String,
    /// open, in-review, …
    pub status: String,
    /// Author.
    pub author: String,
    /// eId it is attached to in the base.
    pub eid: String,
    /// The body (Markdown).
    pub body: String,
    /// Whether the annotation links to this draft provision (`implemented-by`): its text then also fills the
    /// justification column.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub linked: bool,
}

/// One row of the redline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// What the row is.
    pub kind: RowKind,
    /// What happened.
    pub class: Class,
    /// Which side the row's text is on.
    pub side: Side,
    /// The base provisions (more than one when merged).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub base: Vec<Ref>,
    /// The draft provisions (more than one when split).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub draft: Vec<Ref>,
    /// Whether the article changed its place relative to its neighbours.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub moved: bool,
    /// Whether its text changed (for renumbered, split and merged articles).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub edited: bool,
    /// Similarity of base and draft text, 0..=1.
    pub similarity: f32,
    /// The lines: heading first for containers and articles.
    pub lines: Vec<Line>,
    /// The draft's justification for the article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub justification: Vec<String>,
    /// Open annotations on the base provision, for reviewers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub review: Vec<ReviewNote>,
}

impl Row {
    /// The draft text of the row, one entry per line; empty for a base-only row.
    pub fn accepted(&self) -> Vec<String> {
        match self.side {
            Side::Base => Vec::new(),
            _ => self.lines.iter().map(Line::accepted).filter(|l| !l.is_empty()).collect(),
        }
    }

    /// The base text of the row, one entry per line; empty for a draft-only row.
    pub fn rejected(&self) -> Vec<String> {
        match self.side {
            Side::Draft => Vec::new(),
            _ => self.lines.iter().map(Line::rejected).filter(|l| !l.trim().is_empty()).collect(),
        }
    }

    /// Whether anything in the row changed.
    pub fn changed(&self) -> bool {
        self.class != Class::Unchanged || self.lines.iter().any(Line::changed)
    }

    /// A short label: `Article 12` or `Article 12 → Article 14`.
    pub fn label(&self) -> String {
        let names = |r: &[Ref]| r.iter().map(|r| r.label.clone()).collect::<Vec<_>>().join(", ");
        match (self.base.is_empty(), self.draft.is_empty()) {
            (false, true) => names(&self.base),
            (true, false) => names(&self.draft),
            (false, false) if names(&self.base) == names(&self.draft) => names(&self.draft),
            (false, false) => format!("{} → {}", names(&self.base), names(&self.draft)),
            (true, true) => String::new(),
        }
    }
}

/// Counts of article changes by class.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Unchanged articles.
    pub unchanged: usize,
    /// Modified articles.
    pub modified: usize,
    /// Renumbered or moved articles.
    pub renumbered: usize,
    /// New articles.
    pub new: usize,
    /// Repealed or removed articles.
    pub repealed: usize,
    /// Split articles (counted once per base article).
    pub split: usize,
    /// Merged articles (counted once per draft article).
    pub merged: usize,
}

impl Summary {
    /// The count for one class.
    pub fn get(&self, c: Class) -> usize {
        match c {
            Class::Unchanged => self.unchanged,
            Class::Modified => self.modified,
            Class::Renumbered => self.renumbered,
            Class::New => self.new,
            Class::Repealed => self.repealed,
            Class::Split => self.split,
            Class::Merged => self.merged,
        }
    }

    pub(crate) fn add(&mut self, c: Class) {
        *match c {
            Class::Unchanged => &mut self.unchanged,
            Class::Modified => &mut self.modified,
            Class::Renumbered => &mut self.renumbered,
            Class::New => &mut self.new,
            Class::Repealed => &mut self.repealed,
            Class::Split => &mut self.split,
            Class::Merged => &mut self.merged,
        } += 1;
    }
}

/// A draft compared with the expression it amends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Redline {
    /// The work amended.
    pub work: String,
    /// The base expression (`…/eng@2024-07-01`).
    pub base: String,
    /// The draft expression.
    pub draft: String,
    /// The language of both.
    pub language: String,
    /// The draft's title.
    pub title: String,
    /// The draft's date.
    pub date: String,
    /// Article counts by class.
    pub summary: Summary,
    /// The rows in reading order: every base line and every draft line appears exactly once.
    pub rows: Vec<Row>,
}

impl Redline {
    /// The draft's text, line by line: what accepting every change gives.
    pub fn accepted(&self) -> Vec<String> {
        self.rows.iter().flat_map(Row::accepted).collect()
    }

    /// The base text, line by line: what rejecting every change gives.
    pub fn rejected(&self) -> Vec<String> {
        self.rows.iter().flat_map(Row::rejected).collect()
    }

    /// Article rows that changed something (what the comparative table lists).
    pub fn changed_articles(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.kind == RowKind::Article && r.changed())
    }
}
