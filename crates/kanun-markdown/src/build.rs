//! From the block stream to the provision tree: containers nest by heading level, articles open at their
//! headings, and inside an article number markers nest by the order in which their styles first appear.

use std::collections::HashMap;

use kanun_model::diag::Diagnostic;
use kanun_model::eid::{NumberKey, join};
use kanun_model::{Kind, Num, Provision};

use crate::SourceMap;
use crate::blocks::{Block, Origin};
use crate::heading::{self, HeadingClass};
use crate::marker::{Marker, Style};
use crate::text::LineIndex;

/// What the body of a file holds.
pub(crate) struct Body {
    pub(crate) long_title: Option<String>,
    pub(crate) preamble: Vec<String>,
    pub(crate) body: Vec<Provision>,
    pub(crate) source_map: SourceMap,
}

struct OpenNode {
    node: Provision,
    style: Style,
    level: u32,
    /// For an item whose marker starts a paragraph rather than a Markdown list item (`a)`, `(ii)`, `2¹)`): the
    /// column of its marker. A later paragraph at that column or left of it is no longer this item's text but
    /// the wrap-up of the item holding its list (`sowie …` after `a) …, b) …,`); one further right continues it.
    para_col: Option<u32>,
}

struct ArticleBuilder {
    art: Provision,
    stack: Vec<OpenNode>,
    /// How many entries of the stack the last text went to (0: the article itself).
    last_target: usize,
}

struct Builder<'a> {
    /// The language of the text (ISO 639-2), which says in which alphabet subpoint letters count.
    language: String,
    /// Whether the file is a draft of changes only (`scope = "changes"`), where numbering gaps are expected.
    changes_only: bool,
    idx: &'a LineIndex<'a>,
    base: usize,
    diags: &'a mut Vec<Diagnostic>,
    long_title: Option<String>,
    title_seen: bool,
    text_before_title_reported: bool,
    preamble: Vec<String>,
    containers: Vec<(u8, Provision)>,
    top: Vec<Provision>,
    article: Option<ArticleBuilder>,
    hcontainers: usize,
    last_article: Option<(NumberKey, String)>,
    source_map: SourceMap,
    outside_reported: bool,
}

pub(crate) fn build(
    blocks: Vec<Block>,
    idx: &LineIndex<'_>,
    base: usize,
    language: &str,
    changes_only: bool,
    diags: &mut Vec<Diagnostic>,
) -> Body {
    let mut b = Builder {
        language: language.to_string(),
        changes_only,
        idx,
        base,
        diags,
        long_title: None,
        title_seen: false,
        text_before_title_reported: false,
        preamble: Vec::new(),
        containers: Vec::new(),
        top: Vec::new(),
        article: None,
        hcontainers: 0,
        last_article: None,
        source_map: SourceMap::default(),
        outside_reported: false,
    };
    for block in blocks {
        match block {
            Block::Heading { level, text, id, attrs, offset } => b.heading(level, text, id, attrs, offset),
            Block::Text { level, marker, text, offset, origin } => {
                b.text(level, marker, text, offset, origin)
            }
            Block::Quote { text, offset } => b.quote(text, offset),
        }
    }
    b.close_article();
    while b.pop_container() {}
    if !b.title_seen {
        b.diags.push(
            Diagnostic::error("E009", b.idx.position(base).0, 1, "the law has no title")
                .with_hint("add the long title as a `#` heading after the front matter, e.g. # Law of Turkmenistan \"On Social Services\""),
        );
    }
    disambiguate(&mut b.top, &b.source_map, b.diags);
    check_unique(&b.top, &b.source_map, b.diags);
    Body { long_title: b.long_title, preamble: b.preamble, body: b.top, source_map: b.source_map }
}

/// The leading integer of a number id (`12-1` → 12), and whether it is only that integer.
fn leading_int(id: &str) -> Option<(u64, bool)> {
    let digits: String = id.chars().take_while(char::is_ascii_digit).collect();
    let v = digits.parse().ok()?;
    Some((v, digits.len() == id.len()))
}

impl Builder<'_> {
    fn pos(&self, offset: usize) -> (u32, u32) {
        self.idx.position(self.base + offset)
    }

    fn heading(
        &mut self,
        level: u8,
        text: String,
        id: Option<String>,
        attrs: Vec<(String, Option<String>)>,
        offset: usize,
    ) {
        let (line, col) = self.pos(offset);
        let draft_attrs = self.draft_attributes(attrs, line, col);
        if level == 1 {
            if self.title_seen {
                self.diags.push(
                    Diagnostic::error("E016", line, col, "a second `#` title heading")
                        .with_hint("a file holds one law: use `##` or deeper for chapters and articles"),
                );
            } else {
                self.title_seen = true;
                self.long_title = Some(text);
                return;
            }
            // Reported as a second title; kept as an unnumbered heading without a second warning.
            self.other_heading(level, text, line, col, false);
            return;
        }
        let mut class = heading::classify(&text);
        // In Russian and Turkmen codes `§` numbers a paragraph (параграф): a group of articles inside a chapter,
        // not an article as in German law.
        // So is a heading that is only a number and a title («3¹. Крестьянское (фермерское) хозяйство»), where the
        // published text lost the sign.
        if matches!(self.language.as_str(), "rus" | "tuk") {
            if let HeadingClass::Article { raw, id, title, .. } = &class
                && raw.starts_with('§')
            {
                class = HeadingClass::Container {
                    kind: Kind::Subchapter,
                    raw: raw.clone(),
                    id: id.clone(),
                    title: title.clone(),
                };
            } else if class == HeadingClass::Other
                && let Some((num, title)) = text.split_once(". ")
                && num.starts_with(|c: char| c.is_ascii_digit())
                && num.chars().all(|c| {
                    c.is_ascii_digit() || c == '-' || kanun_model::eid::superscript_digit(c).is_some()
                })
            {
                class = HeadingClass::Container {
                    kind: Kind::Subchapter,
                    raw: num.to_string(),
                    id: kanun_model::eid::num_id(num),
                    title: Some(title.trim().to_string()),
                };
            }
        }
        if !self.title_seen && matches!(class, HeadingClass::Article { .. } | HeadingClass::Container { .. })
        {
            self.diags.push(
                Diagnostic::error(
                    "E010",
                    line,
                    col,
                    "article or container outside the law body (before the `#` title)",
                )
                .with_hint("put the `#` title heading of the law first"),
            );
        }
        match class {
            HeadingClass::Container { kind, raw, id: num, title } => {
                self.not_for_containers(&draft_attrs, line, col);
                self.close_article();
                while self.containers.last().is_some_and(|(l, _)| *l >= level) {
                    self.pop_container();
                }
                let parent = self.containers.last().map_or("", |(_, p)| p.eid.as_str());
                let mut p = Provision::new(kind, join(parent, kind.eid_prefix(), &num));
                p.num = Some(Num { raw, id: num });
                p.heading = title;
                if let Some(w) = id {
                    p.wid = w;
                }
                self.source_map.push(&p.eid, &p.wid, line, col);
                self.containers.push((level, p));
            }
            HeadingClass::Article { raw, id: num, title, repealed } => {
                self.close_article();
                // An article belongs to the innermost numbered container even at the same heading level (the
                // CRC writes `### PART I` and `### Article 1`), but not to an unnumbered heading at its level
                // (`## Eingangsformel` before `## § 1`).
                while self
                    .containers
                    .last()
                    .is_some_and(|(l, c)| *l > level || (*l == level && c.kind == Kind::Hcontainer))
                {
                    self.pop_container();
                }
                self.check_article_number(&num, line, col);
                let mut p = Provision::new(Kind::Article, join("", "art", &num));
                p.num = Some(Num { raw, id: num });
                if repealed {
                    p.repealed_by = title.as_deref().and_then(heading::repeal_of).flatten();
                }
                p.heading = title;
                p.repealed = repealed;
                if let Some(w) = id {
                    p.wid = w;
                }
                (p.replaces, p.repeals) = draft_attrs;
                if p.repeals.iter().any(String::is_empty) {
                    p.repeals.retain(|e| !e.is_empty());
                    p.repeals.insert(0, p.eid.clone());
                }
                self.source_map.push(&p.eid, &p.wid, line, col);
                self.article = Some(ArticleBuilder { art: p, stack: Vec::new(), last_target: 0 });
            }
            HeadingClass::BadArticle => {
                self.diags.push(
                    Diagnostic::error("E015", line, col, format!("article heading without a readable number: {text:?}"))
                        .with_hint("write the number in digits, e.g. `### Article 12. Title`, `### Статья 12-1. …`, `### 12-nji madda. …`"),
                );
                self.other_heading(level, text, line, col, false);
            }
            HeadingClass::Other => {
                self.not_for_containers(&draft_attrs, line, col);
                // A title on its own heading line right after a bare article heading (`### Article 1` then
                // `#### Purpose`).
                if let Some(a) = &mut self.article
                    && a.art.heading.is_none()
                    && a.art.intro.is_empty()
                    && a.stack.is_empty()
                    && a.art.children.is_empty()
                    && !a.art.repealed
                {
                    if let Some(by) = heading::repeal_of(&text) {
                        a.art.repealed = true;
                        a.art.repealed_by = by;
                    }
                    a.art.heading = Some(text);
                    return;
                }
                self.other_heading(level, text, line, col, true);
            }
            HeadingClass::Formula => {
                self.not_for_containers(&draft_attrs, line, col);
                self.other_heading(level, text, line, col, false)
            }
        }
    }

    /// Reads the draft attributes of a heading: `replaces=art_5,art_6` and `repeals[=art_7,…]` (a bare `repeals`
    /// comes back as one empty entry, meaning the article's own eId). Anything else is reported.
    fn draft_attributes(
        &mut self,
        attrs: Vec<(String, Option<String>)>,
        line: u32,
        col: u32,
    ) -> (Vec<String>, Vec<String>) {
        let (mut replaces, mut repeals) = (Vec::new(), Vec::new());
        for (key, value) in attrs {
            let target = match key.as_str() {
                "replaces" => &mut replaces,
                "repeals" => &mut repeals,
                _ => {
                    self.diags.push(
                        Diagnostic::warning("W112", line, col, format!("unknown heading attribute {key:?}"))
                            .with_hint("article headings take {#wId}, replaces=art_5,art_6 and repeals[=art_7]; the attribute is ignored"),
                    );
                    continue;
                }
            };
            match value {
                None if key == "repeals" => target.push(String::new()),
                None => self.diags.push(
                    Diagnostic::error("E018", line, col, "`replaces` needs the eIds it replaces")
                        .with_hint("write replaces=art_12 or replaces=art_5,art_6"),
                ),
                Some(v) => {
                    for eid in v.split(',').map(str::trim) {
                        if crate::valid_eid(eid) {
                            target.push(eid.to_string());
                        } else {
                            self.diags.push(
                                Diagnostic::error(
                                    "E018",
                                    line,
                                    col,
                                    format!("{key}={v}: {eid:?} is not an eId"),
                                )
                                .with_hint(
                                    "list eIds separated by commas, without spaces: replaces=art_5,art_6",
                                ),
                            );
                        }
                    }
                }
            }
        }
        (replaces, repeals)
    }

    fn not_for_containers(&mut self, attrs: &(Vec<String>, Vec<String>), line: u32, col: u32) {
        if !attrs.0.is_empty() || !attrs.1.is_empty() {
            self.diags.push(
                Diagnostic::warning(
                    "W112",
                    line,
                    col,
                    "replaces/repeals on a heading that is not an article",
                )
                .with_hint("put replaces= and repeals on article headings; the attribute is ignored"),
            );
        }
    }

    fn other_heading(&mut self, level: u8, text: String, line: u32, col: u32, warn: bool) {
        if warn && self.title_seen {
            self.diags.push(
                Diagnostic::warning("W104", line, col, format!("heading not recognised as a container or article: {text:?}"))
                    .with_hint("start it with Chapter/Глава/bap, Section/Раздел/bölüm, Article/Статья/madda or §; it is kept as an unnumbered heading"),
            );
        }
        self.close_article();
        while self.containers.last().is_some_and(|(l, _)| *l >= level) {
            self.pop_container();
        }
        self.hcontainers += 1;
        let parent = self.containers.last().map_or("", |(_, p)| p.eid.as_str());
        let mut p =
            Provision::new(Kind::Hcontainer, join(parent, "hcontainer", &self.hcontainers.to_string()));
        p.heading = Some(text);
        self.source_map.push(&p.eid, &p.wid, line, col);
        self.containers.push((level, p));
    }

    fn check_article_number(&mut self, num: &str, line: u32, col: u32) {
        let Some(key) = NumberKey::from_id(num) else {
            return;
        };
        if self.changes_only {
            // A draft of changes lists only the articles it changes: gaps are its nature.
            return;
        }
        if let Some((prev, prev_id)) = &self.last_article {
            let msg = if key == *prev {
                Some(format!("article {num} is numbered again"))
            } else if key < *prev {
                Some(format!("article {num} comes after article {prev_id}"))
            } else if !key.follows(prev) && key.base > prev.base + 1 {
                Some(format!(
                    "article {num} follows article {prev_id}: articles {}–{} are missing",
                    prev.base + 1,
                    key.base - 1
                ))
            } else {
                None
            };
            if let Some(msg) = msg {
                self.diags.push(
                    Diagnostic::warning("W101", line, col, msg)
                        .with_hint("laws keep gaps after repeals; if this one is not meant, renumber or add the missing articles"),
                );
            }
        }
        self.last_article = Some((key, num.to_string()));
    }

    fn pop_container(&mut self) -> bool {
        let Some((_, p)) = self.containers.pop() else {
            return false;
        };
        match self.containers.last_mut() {
            Some((_, parent)) => parent.children.push(p),
            None => self.top.push(p),
        }
        true
    }

    fn close_article(&mut self) {
        let Some(mut a) = self.article.take() else { return };
        while close_top(&mut a) {}
        let art = &mut a.art;
        mark_repealed(art);
        // German consolidated texts write a repealed § as its heading and a lone dash.
        if !art.repealed && art.children.is_empty() && art.intro.len() == 1 && art.intro[0].trim() == "-" {
            art.repealed = true;
        }
        let removes_itself = art.repeals.contains(&art.eid);
        if !art.repealed
            && !removes_itself
            && art.intro.is_empty()
            && art.children.is_empty()
            && art.wrap_up.is_empty()
        {
            let (line, col) = self.source_map.position(&art.eid).unwrap_or((1, 1));
            self.diags.push(
                Diagnostic::warning("W106", line, col, format!("article {} has no text", art.eid))
                    .with_hint("write its text, or mark it repealed with `(repealed)` / `(утратила силу)` / `(güýjüni ýitirdi)`"),
            );
        }
        match self.containers.last_mut() {
            Some((_, parent)) => parent.children.push(a.art),
            None => self.top.push(a.art),
        }
    }

    fn before_title(&mut self, offset: usize) -> bool {
        if self.title_seen {
            return false;
        }
        if !self.text_before_title_reported {
            self.text_before_title_reported = true;
            let (line, col) = self.pos(offset);
            self.diags.push(
                Diagnostic::error("E009", line, col, "text before the `#` title of the law").with_hint(
                    "the body starts with the long title as a `#` heading; put preamble text after it",
                ),
            );
        }
        true
    }

    fn quote(&mut self, text: String, offset: usize) {
        self.before_title(offset);
        if let Some(a) = &mut self.article {
            a.art.notes.push(text);
        } else if let Some((_, c)) = self.containers.last_mut() {
            c.notes.push(text);
        } else {
            self.preamble.push(text);
        }
    }

    fn text(&mut self, level: u32, marker: Option<Marker>, text: String, offset: usize, origin: Origin) {
        self.before_title(offset);
        let marker = marker.map(|mut m| {
            if let Some(a) = &self.article
                && roman_by_sequence(&a.stack, &m)
            {
                m.style = Style::Roman;
                m.id = m.raw.trim_matches(['(', ')']).to_string();
            }
            if matches!(m.style, Style::Letter | Style::EnclosedLetter) {
                let letter = m.raw.trim_matches(['(', ')']);
                m.id = kanun_model::eid::letter_id(letter, &self.language);
            }
            m
        });
        let (line, col) = self.pos(offset);
        let Some(a) = &mut self.article else {
            let text = match &marker {
                Some(m) => {
                    // Annexes and formulas (unnumbered headings) hold free text, numbered or not.
                    // So does the preamble, whose recitals are often lettered.
                    let free_text = self.containers.last().is_none_or(|(_, c)| c.kind == Kind::Hcontainer);
                    if !self.outside_reported && self.title_seen && !free_text {
                        self.outside_reported = true;
                        self.diags.push(
                            Diagnostic::error("E011", line, col, format!("numbered item {} outside any article", m.raw))
                                .with_hint("put it under an article heading (### Article N. …), or escape the number (`1\\.`) if it is plain text"),
                        );
                    }
                    if text.is_empty() { m.raw.clone() } else { format!("{} {text}", m.raw) }
                }
                None => text,
            };
            if text.is_empty() {
                return;
            }
            match self.containers.last_mut() {
                Some((_, c)) => c.intro.push(text),
                None => self.preamble.push(text),
            }
            return;
        };
        match marker {
            Some(m) => {
                if let Some(pos) = a.stack.iter().position(|o| o.style == m.style) {
                    while a.stack.len() > pos {
                        close_top(a);
                    }
                }
                let parent_is_article = a.stack.is_empty();
                let kind = if parent_is_article && matches!(m.style, Style::Dot | Style::Enclosed) {
                    Kind::Para
                } else {
                    Kind::Point
                };
                let parent = match a.stack.last_mut() {
                    Some(o) => &mut o.node,
                    None => &mut a.art,
                };
                if !parent.wrap_up.is_empty() {
                    let moved = std::mem::take(&mut parent.wrap_up);
                    match parent.children.last_mut() {
                        // Text after an item without children continues that item.
                        Some(prev) if prev.children.is_empty() => prev.intro.extend(moved),
                        Some(prev) => prev.wrap_up.extend(moved),
                        None => parent.intro.extend(moved),
                    }
                    self.diags.push(
                        Diagnostic::warning("W107", line, col, format!("text between numbered items before {}", m.raw))
                            .with_hint("it is kept as the wrap-up of the item before; indent it under that item to say so"),
                    );
                }
                // A second list in the same provision (numbering starts again at 1 after some text) gets its
                // own list level in the eId, as Akoma Ntoso does: `para_5__list_2__point_1`.
                let restarts = leading_int(&m.id) == Some((1, true)) && !parent.children.is_empty();
                let list_base = if restarts {
                    let lists = 1 + parent
                        .children
                        .iter()
                        .filter(|c| c.num.as_ref().and_then(|n| leading_int(&n.id)) == Some((1, true)))
                        .count();
                    join(&parent.eid, "list", &lists.to_string())
                } else {
                    // The later items of a second list stay in it.
                    parent
                        .children
                        .last()
                        .and_then(|c| kanun_model::eid::parent(&c.eid))
                        .filter(|base| *base != parent.eid)
                        .map_or_else(|| parent.eid.clone(), str::to_string)
                };
                if let Some(prev) = parent.children.last().and_then(|c| c.num.as_ref())
                    && let (Some((p, true)), Some((n, true))) = (leading_int(&prev.id), leading_int(&m.id))
                    && n != p + 1
                    && !restarts
                {
                    let msg = if n == p {
                        format!("{} is numbered again in {}", m.raw, parent.eid)
                    } else {
                        format!("{} follows {} in {}", m.raw, prev.raw, parent.eid)
                    };
                    self.diags.push(
                        Diagnostic::warning("W101", line, col, msg)
                            .with_hint("check the numbering; a gap is fine only where a part was repealed"),
                    );
                }
                let mut node = Provision::new(kind, join(&list_base, kind.eid_prefix(), &m.id));
                node.num = Some(Num { raw: m.raw.clone(), id: m.id.clone() });
                if !text.is_empty() {
                    node.intro.push(text);
                }
                self.source_map.push(&node.eid, &node.wid, line, col);
                let node_level = level;
                // Only points: a part (`(1)`, `12-1.`) keeps the paragraphs that follow it at its column, as German
                // Absätze and imported Russian parts write them.
                let para_col = (origin != Origin::Item && kind == Kind::Point).then_some(col);
                a.stack.push(OpenNode { node, style: m.style, level: node_level, para_col });
                a.last_target = a.stack.len();
            }
            None => {
                if text.is_empty() {
                    return;
                }
                let target = if origin == Origin::HardBreak {
                    a.last_target.min(a.stack.len())
                } else {
                    a.stack
                        .iter()
                        .rposition(|o| {
                            o.level < level || (o.level == level && o.para_col.is_none_or(|c| col > c))
                        })
                        .map_or(0, |i| i + 1)
                };
                while a.stack.len() > target {
                    close_top(a);
                }
                let node = match a.stack.last_mut() {
                    Some(o) => &mut o.node,
                    None => &mut a.art,
                };
                if node.children.is_empty() {
                    node.intro.push(text)
                } else {
                    node.wrap_up.push(text)
                }
                a.last_target = target;
            }
        }
    }
}

/// Whether a marker that reads both as letters and as a roman numeral (`(i)`, `(v)`, `(x)`, `ii)`) is the numeral
/// here, by the list it continues: `(i)` after `(h)` is a letter and `ii)` after `hh)` a doubled letter; `(ii)`
/// after `(i)` numeral, `(v)` after `(iv)` numeral, and `(i)` or `i)` starting a list is the numeral one.
fn roman_by_sequence(stack: &[OpenNode], m: &Marker) -> bool {
    if !matches!(m.style, Style::Letter | Style::EnclosedLetter) {
        return false;
    }
    let enclosed = m.raw.starts_with('(');
    let written = m.raw.trim_matches(['(', ')']);
    let Some(value) = kanun_model::eid::roman_value(&written.to_uppercase()) else { return false };
    // The open item of the same shape, letters or numerals, that this one would follow.
    let same_shape = |o: &&OpenNode| {
        o.node.num.as_ref().is_some_and(|n| n.raw.starts_with('(') == enclosed)
            && matches!(o.style, Style::Letter | Style::EnclosedLetter | Style::Roman)
    };
    match stack.iter().rev().find(same_shape) {
        Some(o) if o.style == Style::Roman => o
            .node
            .num
            .as_ref()
            .and_then(|n| kanun_model::eid::roman_value(&n.raw.trim_matches(['(', ')']).to_uppercase()))
            .is_some_and(|prev| prev + 1 == value),
        // A letter list: the next letter stays a letter (`(i)` after `(h)`, `ii)` after `hh)`); otherwise a first
        // numeral starts a list of its own inside the letter (`(a) …: (i) …`).
        Some(o) => {
            let prev: String = written.chars().map(|c| char::from_u32(c as u32 - 1).unwrap_or(c)).collect();
            let follows = o.node.num.as_ref().is_some_and(|n| n.raw.trim_matches(['(', ')']) == prev);
            !follows && value == 1
        }
        // A list that starts here: only the first numeral starts a list of numerals.
        None => value == 1,
    }
}

/// Marks a provision repealed when its text is a repeal stub: one repeal phrase (`(Пункт утратил силу -
/// Федеральный закон от …)`, `(weggefallen)`, `-`), followed by nothing but bracketed notes on amendments.
fn mark_repealed(p: &mut Provision) {
    if p.repealed || !p.children.is_empty() || !p.wrap_up.is_empty() {
        return;
    }
    let Some(first) = p.intro.first() else { return };
    if p.intro[1..].iter().any(|l| !l.trim_start().starts_with('(')) {
        return;
    }
    if let Some(by) = heading::repeal_of(first) {
        p.repealed = true;
        p.repealed_by = by;
    }
}

/// Closes the innermost open numbered provision into its parent. Returns false when none was open.
fn close_top(a: &mut ArticleBuilder) -> bool {
    let Some(mut o) = a.stack.pop() else { return false };
    mark_repealed(&mut o.node);
    match a.stack.last_mut() {
        Some(parent) => parent.node.children.push(o.node),
        None => a.art.children.push(o.node),
    }
    a.last_target = a.last_target.min(a.stack.len());
    true
}

/// Gives a provision whose eId is already taken (a defect of the source: the same number twice at one place)
/// a deterministic eId of its own, `<eid>-dup2` for the second and so on, its descendants following, and warns
/// with both lines. The law stays usable; the warning says where to fix the source.
fn disambiguate(top: &mut [Provision], map: &SourceMap, diags: &mut Vec<Diagnostic>) {
    fn rename(p: &mut Provision, old: &str, new: &str) {
        if let Some(rest) = p.eid.strip_prefix(old) {
            let eid = format!("{new}{rest}");
            if p.wid == p.eid {
                p.wid = eid.clone();
            }
            p.eid = eid;
        }
        for c in &mut p.children {
            rename(c, old, new);
        }
    }
    fn walk(
        p: &mut Provision,
        seen: &mut HashMap<String, u32>,
        occurrence: &mut HashMap<String, usize>,
        map: &SourceMap,
        diags: &mut Vec<Diagnostic>,
    ) {
        let n = occurrence.entry(p.eid.clone()).or_default();
        let (line, col) = map.nth_position(&p.eid, *n).unwrap_or((1, 1));
        *n += 1;
        if let Some(&first) = seen.get(&p.eid) {
            let old = p.eid.clone();
            let mut k = 2;
            let mut new = format!("{old}-dup{k}");
            while seen.contains_key(&new) {
                k += 1;
                new = format!("{old}-dup{k}");
            }
            diags.push(
                Diagnostic::warning(
                    "W115",
                    line,
                    col,
                    format!("{old} is numbered again (first at line {first}); this one is {new}"),
                )
                .with_hint("the source numbers two provisions alike at one place; check it against the official text and renumber one"),
            );
            rename(p, &old, &new);
            seen.insert(new, line);
        } else {
            seen.insert(p.eid.clone(), line);
        }
        for c in &mut p.children {
            walk(c, seen, occurrence, map, diags);
        }
    }
    let mut seen = HashMap::new();
    let mut occurrence = HashMap::new();
    for p in top {
        walk(p, &mut seen, &mut occurrence, map, diags);
    }
}

fn check_unique(top: &[Provision], map: &SourceMap, diags: &mut Vec<Diagnostic>) {
    let mut eids: HashMap<&str, u32> = HashMap::new();
    let mut wids: HashMap<&str, u32> = HashMap::new();
    let mut occurrence: HashMap<&str, usize> = HashMap::new();
    for p in top.iter().flat_map(Provision::walk) {
        let n = occurrence.entry(p.eid.as_str()).or_default();
        let (line, col) = map.nth_position(&p.eid, *n).unwrap_or((1, 1));
        *n += 1;
        if let Some(first) = eids.insert(&p.eid, line) {
            diags.push(
                Diagnostic::error(
                    "E012",
                    line,
                    col,
                    format!("duplicate eId {} (first at line {first})", p.eid),
                )
                .with_hint("two provisions have the same number at the same place; renumber one of them"),
            );
        } else if let Some(first) = wids.insert(&p.wid, line) {
            diags.push(
                Diagnostic::error("E013", line, col, format!("duplicate wId {} (first at line {first})", p.wid))
                    .with_hint("a provision's {#…} attribute gives it the identity of another; give the new provision its own wId, e.g. {#art_12-new}"),
            );
        }
    }
}
