//! From the block stream to the provision tree: containers nest by heading level, articles open at their
//! headings, and inside an article number markers nest by the order in which their styles first appear.

use std::collections::HashMap;

use kanun_model::diag::Diagnostic;
use kanun_model::eid::join;
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
    last_article: Option<(u64, String)>,
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
        let class = heading::classify(&text);
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
                    a.art.repealed = heading::is_repeal_phrase(&text);
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
        let Some((n, plain)) = leading_int(num) else {
            return;
        };
        if self.changes_only {
            // A draft of changes lists only the articles it changes: gaps are its nature.
            return;
        }
        if let Some((prev, prev_id)) = &self.last_article {
            let msg = if plain && n == *prev && prev_id == num {
                Some(format!("article {num} is numbered again"))
            } else if plain && n > prev + 1 {
                Some(format!(
                    "article {num} follows article {prev_id}: articles {}–{} are missing",
                    prev + 1,
                    n - 1
                ))
            } else if n < *prev {
                Some(format!("article {num} comes after article {prev_id}"))
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
        self.last_article = Some((n, num.to_string()));
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
        if !art.repealed
            && art.children.is_empty()
            && art.intro.len() == 1
            && heading::is_repeal_phrase(&art.intro[0])
        {
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
                a.stack.push(OpenNode { node, style: m.style, level: node_level });
                a.last_target = a.stack.len();
            }
            None => {
                if text.is_empty() {
                    return;
                }
                let target = if origin == Origin::HardBreak {
                    a.last_target.min(a.stack.len())
                } else {
                    a.stack.iter().rposition(|o| o.level <= level).map_or(0, |i| i + 1)
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

/// Closes the innermost open numbered provision into its parent. Returns false when none was open.
fn close_top(a: &mut ArticleBuilder) -> bool {
    let Some(o) = a.stack.pop() else { return false };
    match a.stack.last_mut() {
        Some(parent) => parent.node.children.push(o.node),
        None => a.art.children.push(o.node),
    }
    a.last_target = a.last_target.min(a.stack.len());
    true
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
