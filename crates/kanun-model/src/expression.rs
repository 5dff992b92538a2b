//! An expression: one work in one language as in force from one date, with its metadata and provision tree.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Date, ExpressionId, Kind, Language, Provision, WorkUri};

/// The legal status of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// In force from its date (until a later expression or a repeal).
    InForce,
    /// The whole law is repealed from this expression's date.
    Repealed,
    /// Not adopted: a draft.
    Draft,
}

impl Status {
    /// The front matter spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::InForce => "in-force",
            Status::Repealed => "repealed",
            Status::Draft => "draft",
        }
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Status, String> {
        match s {
            "in-force" => Ok(Status::InForce),
            "repealed" => Ok(Status::Repealed),
            "draft" => Ok(Status::Draft),
            _ => Err(format!("unknown status {s:?} (expected in-force, repealed or draft)")),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a document is law or a draft that proposes to amend one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// A law (act, code, decree, treaty) as adopted.
    Law,
    /// A draft (bill) amending a work.
    Draft,
}

impl DocKind {
    /// The front matter spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Law => "law",
            DocKind::Draft => "draft",
        }
    }
}

impl FromStr for DocKind {
    type Err = String;
    fn from_str(s: &str) -> Result<DocKind, String> {
        match s {
            "law" => Ok(DocKind::Law),
            "draft" => Ok(DocKind::Draft),
            _ => Err(format!("unknown kind {s:?} (expected law or draft)")),
        }
    }
}

/// How much of the law a draft contains.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DraftScope {
    /// The whole proposed text of the law (the default): base articles missing from it are removed.
    #[default]
    Full,
    /// Only the changed and new articles: base articles it does not mention stay as they are.
    Changes,
}

impl DraftScope {
    /// The front matter spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DraftScope::Full => "full",
            DraftScope::Changes => "changes",
        }
    }
}

impl FromStr for DraftScope {
    type Err = String;
    fn from_str(s: &str) -> Result<DraftScope, String> {
        match s {
            "full" => Ok(DraftScope::Full),
            "changes" => Ok(DraftScope::Changes),
            _ => Err(format!("unknown scope {s:?} (expected full or changes)")),
        }
    }
}

/// What the front matter of an expression says about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// The work this is an expression of.
    pub work: WorkUri,
    /// The short title in the expression's language: `On Social Services`.
    pub title: String,
    /// The language.
    pub language: Language,
    /// In force from (for a draft: the date of the draft).
    pub date: Date,
    /// Legal status.
    pub status: Status,
    /// Law or draft.
    pub kind: DocKind,
    /// `illustrative`, or the citation of an official publication.
    pub source: String,
    /// For a draft: the work it amends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amends: Option<WorkUri>,
    /// For a draft: the date of the expression it was drafted against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Date>,
    /// For a draft: whether it holds the whole proposed text or only the changes.
    #[serde(default, skip_serializing_if = "is_full")]
    pub scope: DraftScope,
    /// Free text about the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn is_full(s: &DraftScope) -> bool {
    *s == DraftScope::Full
}

/// One expression: metadata, long title, preamble and the provision tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expression {
    /// Front matter.
    pub meta: Metadata,
    /// The long title (the `#` heading): `Law of Turkmenistan "On Social Services"`.
    pub long_title: String,
    /// Paragraphs before the first container or article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preamble: Vec<String>,
    /// Top-level containers and articles, in order.
    pub body: Vec<Provision>,
}

impl Expression {
    /// The expression id `<work>/<lang>@<date>`.
    pub fn id(&self) -> ExpressionId {
        self.meta.work.expression(self.meta.language, self.meta.date)
    }

    /// Every provision, depth first, in document order.
    pub fn walk(&self) -> impl Iterator<Item = &Provision> {
        self.body.iter().flat_map(Provision::walk)
    }

    /// Every article, in document order (articles may sit at any container depth).
    pub fn articles(&self) -> impl Iterator<Item = &Provision> {
        self.walk().filter(|p| p.kind == Kind::Article)
    }

    /// The provision with this eId.
    pub fn find(&self, eid: &str) -> Option<&Provision> {
        self.walk().find(|p| p.eid == eid)
    }

    /// The provision with this wId.
    pub fn find_wid(&self, wid: &str) -> Option<&Provision> {
        self.walk().find(|p| p.wid == wid)
    }

    /// The chain of containers and provisions from the top down to the one with `eid` (inclusive).
    pub fn path_to(&self, eid: &str) -> Option<Vec<&Provision>> {
        fn go<'a>(p: &'a Provision, eid: &str, path: &mut Vec<&'a Provision>) -> bool {
            path.push(p);
            if p.eid == eid || p.children.iter().any(|c| go(c, eid, path)) {
                return true;
            }
            path.pop();
            false
        }
        let mut path = Vec::new();
        self.body.iter().any(|p| go(p, eid, &mut path)).then_some(path)
    }

    /// The number of articles.
    pub fn article_count(&self) -> usize {
        self.articles().count()
    }
}
