//! The provision tree of an expression: containers, articles, numbered parts and points, with their eIds, wIds
//! and the plain text that search and annotation offsets use.

use serde::{Deserialize, Serialize};

/// One line of a provision's plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextLine {
    /// Where the line begins in the plain text, in characters.
    pub start: usize,
    /// The line, with the marker of a part or point (`1. …`).
    pub text: String,
    /// The eId of the part or point whose own text begins on this line.
    pub anchor: Option<String>,
}

/// Where a provision's own plain text begins, while lines are collected.
struct TextStart {
    eid: String,
    line: usize,
    column: usize,
}

/// What a provision is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Book (Книга, Buch): the largest container of a code.
    Book,
    /// Part (Часть, bölek, Teil).
    Part,
    /// Section (Раздел, bölüm, Abschnitt).
    Section,
    /// Subsection (Подраздел, Unterabschnitt).
    Subsection,
    /// Chapter (Глава, bap, Kapitel).
    Chapter,
    /// Subchapter (Параграф, Titel).
    Subchapter,
    /// A container whose heading names no known kind (Akoma Ntoso `hcontainer`), e.g. "Eingangsformel".
    Hcontainer,
    /// Article (Статья, madda, §, Art).
    Article,
    /// A numbered part of an article (часть, bölek, Absatz): `1.` or `(1)`.
    Para,
    /// A point (пункт, bent, Nummer) or a subpoint below it: `1)`, `а)`.
    Point,
}

impl Kind {
    /// The prefix of this kind's eId component (`art`, `chp`, `para`, …), as Akoma Ntoso names them.
    pub fn eid_prefix(self) -> &'static str {
        match self {
            Kind::Book => "book",
            Kind::Part => "part",
            Kind::Section => "sec",
            Kind::Subsection => "subsec",
            Kind::Chapter => "chp",
            Kind::Subchapter => "subchp",
            Kind::Hcontainer => "hcontainer",
            Kind::Article => "art",
            Kind::Para => "para",
            Kind::Point => "point",
        }
    }

    /// Whether this kind groups articles.
    pub fn is_container(self) -> bool {
        matches!(
            self,
            Kind::Book
                | Kind::Part
                | Kind::Section
                | Kind::Subsection
                | Kind::Chapter
                | Kind::Subchapter
                | Kind::Hcontainer
        )
    }

    /// The English name of the kind, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Book => "book",
            Kind::Part => "part",
            Kind::Section => "section",
            Kind::Subsection => "subsection",
            Kind::Chapter => "chapter",
            Kind::Subchapter => "subchapter",
            Kind::Hcontainer => "heading",
            Kind::Article => "article",
            Kind::Para => "part",
            Kind::Point => "point",
        }
    }
}

/// The number of a provision: as written, and as it appears in the eId.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Num {
    /// The designation as written: `Article 12-1`, `§ 3`, `12-nji madda`, `Глава II`, `1.`, `(2)`, `а)`.
    pub raw: String,
    /// The eId component: `12-1`, `3`, `12`, `2`, `1`, `2`, `a`.
    pub id: String,
}

/// One provision: a container, an article, a numbered part or a point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provision {
    /// What it is.
    pub kind: Kind,
    /// Its number, if it has one.
    pub num: Option<Num>,
    /// Its Akoma Ntoso eId, unique within the expression: `art_12__para_3`.
    pub eid: String,
    /// Its persistent identity across expressions; the eId where it was first seen unless the corpus says
    /// otherwise.
    pub wid: String,
    /// The heading (title) of a container or article: `Basic concepts`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// Text before the numbered children (for a provision without children: all its text), one entry per
    /// paragraph.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intro: Vec<String>,
    /// The numbered children.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Provision>,
    /// Text after the numbered children.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wrap_up: Vec<String>,
    /// Notes attached to the provision (Markdown blockquotes); in a draft, the justification.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Whether the provision is repealed ("(repealed)", "утратила силу", "weggefallen").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repealed: bool,
    /// The act that repealed it, where the stub names it: «Федеральный закон от 20.03.2011 № 41-ФЗ».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repealed_by: Option<String>,
    /// In a draft: the eIds of the base provisions that this one replaces (`{replaces=art_5,art_6}` on its
    /// heading), when that is not simply the provision with its own wId. Two draft articles replacing one base
    /// article split it; one replacing two merges them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<String>,
    /// In a draft: the eIds of base provisions that the draft removes from the law (`{repeals}` for the
    /// provision's own eId, `{repeals=art_7,art_8}` for others).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repeals: Vec<String>,
}

impl Provision {
    /// A provision of `kind` with the given eId (also its wId) and nothing else.
    pub fn new(kind: Kind, eid: impl Into<String>) -> Provision {
        let eid = eid.into();
        Provision {
            kind,
            num: None,
            wid: eid.clone(),
            eid,
            heading: None,
            intro: Vec::new(),
            children: Vec::new(),
            wrap_up: Vec::new(),
            notes: Vec::new(),
            repealed: false,
            repealed_by: None,
            replaces: Vec::new(),
            repeals: Vec::new(),
        }
    }

    /// The plain text of the provision, one line per paragraph: its intro, each child's text (marker, space,
    /// text) and its wrap-up, joined by `\n`. An article's or container's own heading and number are not part of
    /// it. Annotation offsets count characters in this text.
    pub fn plain_text(&self) -> String {
        let mut lines = Vec::new();
        self.push_lines(&mut lines, false);
        lines.join("\n")
    }

    /// The plain text of a numbered provision as it stands inside its parent's: its marker on the first line
    /// (`1. …`, `а) …`), then its lines as in [`plain_text`](Self::plain_text).
    pub fn numbered_text(&self) -> String {
        let mut lines = Vec::new();
        self.push_lines(&mut lines, true);
        lines.join("\n")
    }

    /// The lines of [`plain_text`](Self::plain_text), each with where it begins in that text (in characters) and
    /// the eId of the descendant whose own text begins on it (for deep links), if any.
    pub fn text_lines(&self) -> Vec<TextLine> {
        let mut lines = Vec::new();
        let mut starts = Vec::new();
        self.push_lines_rec(&mut lines, false, &mut starts);
        let mut out = Vec::with_capacity(lines.len());
        let mut at = 0;
        for (i, text) in lines.into_iter().enumerate() {
            let anchor = starts.iter().find(|s| s.line == i && s.eid != self.eid).map(|s| s.eid.clone());
            let len = text.chars().count();
            out.push(TextLine { start: at, text, anchor });
            at += len + 1;
        }
        out
    }

    /// Where the plain text of the descendant `eid` begins inside this provision's plain text, in characters
    /// (`Some(0)` for the provision itself). A descendant's own text leaves out its marker, so a part `2. …`
    /// begins after `2. `.
    pub fn text_offset_of(&self, eid: &str) -> Option<usize> {
        if eid == self.eid {
            return Some(0);
        }
        let mut lines = Vec::new();
        let mut starts = Vec::new();
        self.push_lines_rec(&mut lines, false, &mut starts);
        let s = starts.iter().find(|s| s.eid == eid)?;
        let before: usize = lines.iter().take(s.line).map(|l| l.chars().count() + 1).sum();
        Some(before + s.column)
    }

    fn push_lines(&self, lines: &mut Vec<String>, with_marker: bool) {
        self.push_lines_rec(lines, with_marker, &mut Vec::new());
    }

    fn push_lines_rec(&self, lines: &mut Vec<String>, with_marker: bool, starts: &mut Vec<TextStart>) {
        let marker = if with_marker { self.num.as_ref().map(|n| n.raw.as_str()) } else { None };
        let (line, column) = match (marker, self.intro.first()) {
            (Some(m), Some(_)) => (lines.len(), m.chars().count() + 1),
            (Some(_), None) => (lines.len() + 1, 0),
            (None, _) => (lines.len(), 0),
        };
        starts.push(TextStart { eid: self.eid.clone(), line, column });
        match (marker, self.intro.first()) {
            (Some(m), Some(first)) => lines.push(format!("{m} {first}")),
            (Some(m), None) => lines.push(m.to_string()),
            (None, Some(first)) => lines.push(first.clone()),
            (None, None) => {}
        }
        lines.extend(self.intro.iter().skip(1).cloned());
        for c in &self.children {
            // Containers inside containers show their headings; numbered children show their markers.
            if c.kind.is_container() || c.kind == Kind::Article {
                let mut head = c.num.as_ref().map(|n| n.raw.clone()).unwrap_or_default();
                if let Some(h) = &c.heading {
                    if !head.is_empty() {
                        head.push_str(". ");
                    }
                    head.push_str(h);
                }
                if !head.is_empty() {
                    lines.push(head);
                }
                c.push_lines_rec(lines, false, starts);
            } else {
                c.push_lines_rec(lines, true, starts);
            }
        }
        lines.extend(self.wrap_up.iter().cloned());
    }

    /// This provision and all below it, depth first, in document order.
    pub fn walk(&self) -> impl Iterator<Item = &Provision> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let p = stack.pop()?;
            stack.extend(p.children.iter().rev());
            Some(p)
        })
    }

    /// The provision with this eId, here or below.
    pub fn find(&self, eid: &str) -> Option<&Provision> {
        if self.eid == eid {
            return Some(self);
        }
        // eIds of numbered children extend their parent's; containers do not contain articles' eIds, so search all.
        self.children.iter().find_map(|c| c.find(eid))
    }

    /// The heading line as a reader sees it: `Article 12. Basic concepts`, `Chapter II. General provisions`.
    pub fn display_heading(&self) -> String {
        match (&self.num, &self.heading) {
            (Some(n), Some(h)) => format!("{}. {h}", n.raw.trim_end_matches('.')),
            (Some(n), None) => n.raw.clone(),
            (None, Some(h)) => h.clone(),
            (None, None) => self.eid.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(eid: &str, raw: &str, text: &str) -> Provision {
        let mut p = Provision::new(Kind::Point, eid);
        p.num = Some(Num { raw: raw.into(), id: raw.trim_end_matches(')').into() });
        p.intro.push(text.into());
        p
    }

    #[test]
    fn plain_text_lists_markers_and_text() {
        let mut para = Provision::new(Kind::Para, "art_1__para_1");
        para.num = Some(Num { raw: "1.".into(), id: "1".into() });
        para.intro.push("The following concepts are used:".into());
        para.children.push(point("art_1__para_1__point_1", "1)", "social service — help;"));
        para.children.push(point("art_1__para_1__point_2", "2)", "provider — a body."));
        let mut art = Provision::new(Kind::Article, "art_1");
        art.children.push(para);
        art.wrap_up.push("Other concepts keep their meaning.".into());
        assert_eq!(
            art.plain_text(),
            "1. The following concepts are used:\n1) social service — help;\n2) provider — a body.\nOther concepts keep their meaning."
        );
        assert_eq!(art.walk().count(), 4);
        let lines = art.text_lines();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[1].start, "1. The following concepts are used:\n".chars().count());
        assert_eq!(lines[0].anchor.as_deref(), Some("art_1__para_1"));
        assert_eq!(lines[2].anchor.as_deref(), Some("art_1__para_1__point_2"));
        assert_eq!(lines[3].anchor, None);
        let text = art.plain_text();
        for eid in ["art_1__para_1", "art_1__para_1__point_1", "art_1__para_1__point_2"] {
            let at = art.text_offset_of(eid).unwrap();
            let own = art.find(eid).unwrap().plain_text();
            let rest: String = text.chars().skip(at).take(own.chars().count()).collect();
            assert_eq!(rest, own, "{eid}");
        }
        assert_eq!(art.text_offset_of("art_1"), Some(0));
        assert_eq!(art.text_offset_of("art_9"), None);
        assert_eq!(art.find("art_1__para_1__point_2").unwrap().intro[0], "provider — a body.");
    }
}
