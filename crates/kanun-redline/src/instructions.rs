//! Amendment instructions in English and Russian drafting style, and the interpreter that applies them.
//!
//! [`generate`] turns a base expression and a (whole) draft into a list of [`Instruction`]s; [`render`] writes
//! them as text ("In part 2 of Article 5 the words "…" shall be replaced by the words "…".", «в части 2 статьи 5
//! слова «…» заменить словами «…»», «дополнить статьёй 12-1 следующего содержания: …»); [`parse`] reads that
//! text back; [`apply`] carries the instructions out on the base. The round trip — generate, render, parse,
//! apply — gives the draft's text exactly ([`text_lines`]), which the tests check on every generated draft.
//!
//! Order of the list: the title and preamble; changes inside kept articles (word replacements, deletions and
//! insertions when a phrase is unique in its provision, else new wording of the part, point or article);
//! repeals and deletions; renumbering (one instruction, "respectively"); then, in the draft's order, moved and
//! new articles placed after (or before) their neighbour. Each instruction refers to numbers as they stand when
//! it is applied. A generated instruction is kept only if it parses back to itself and, applied, gives the
//! draft's wording of its article; otherwise the coarser "shall be reworded as follows" is used.

use kanun_model::{Expression, Kind, Metadata, Num, Provision};

use crate::RedlineError;
use crate::align::{self, Match};
use crate::model::Class;
use crate::words::{self, Segment};

/// Where a new article goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// After this article (eId).
    After(String),
    /// Before this article (eId).
    Before(String),
    /// First in this chapter, section or other container (its eId).
    StartOf(String),
    /// First in the law, before any chapter.
    Start,
}

/// One amendment instruction. Provisions are named by their eId at the time the instruction applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Instruction {
    /// New long title.
    Title(String),
    /// New preamble (paragraphs).
    Preamble(Vec<String>),
    /// In a provision's text, one unique phrase replaced by another.
    ReplaceWords {
        /// The provision.
        at: String,
        /// Old words.
        old: String,
        /// New words.
        new: String,
    },
    /// In a provision's text, one unique phrase deleted.
    DeleteWords {
        /// The provision.
        at: String,
        /// The words.
        old: String,
    },
    /// In a provision's text, words inserted after a unique phrase.
    InsertWords {
        /// The provision.
        at: String,
        /// The words after which.
        after: String,
        /// The new words.
        new: String,
    },
    /// A provision in new wording (its Markdown, marker or heading included).
    Reword {
        /// The provision.
        at: String,
        /// The new wording.
        text: String,
    },
    /// A part or point added inside a provision, after a sibling.
    InsertUnit {
        /// The sibling after which.
        after: String,
        /// The new provision (Markdown with its marker).
        text: String,
    },
    /// An article left as a repealed stub.
    Repeal(String),
    /// A provision removed.
    Delete(String),
    /// Articles renumbered: (eId, new number id) pairs.
    Renumber(Vec<(String, String)>),
    /// An article moved.
    Move {
        /// The article.
        article: String,
        /// Where to.
        to: Anchor,
    },
    /// A new article.
    InsertArticle {
        /// Where.
        to: Anchor,
        /// The article (Markdown, heading line first without `#`).
        text: String,
    },
}

/// The text of an expression as the law reads: title, preamble, headings and lines, whitespace squashed. Two
/// expressions with the same text lines say the same thing (identities and notes aside).
pub fn text_lines(e: &Expression) -> Vec<String> {
    fn go(ps: &[Provision], out: &mut Vec<String>) {
        for p in ps {
            out.push(words::squash(&p.display_heading()));
            if p.kind.is_container() {
                go(&p.children, out);
            } else {
                out.extend(p.plain_text().lines().map(words::squash));
            }
        }
    }
    let mut out = vec![words::squash(&e.long_title)];
    out.extend(e.preamble.iter().map(|p| words::squash(p)));
    go(&e.body, &mut out);
    out.retain(|l| !l.is_empty());
    out
}

// ---------------------------------------------------------------------------------------------------------
// Generation.

/// Instructions that turn `base` into the whole draft `draft` (see [`crate::materialize`]).
pub fn generate(base: &Expression, draft: &Expression) -> Result<Vec<Instruction>, RedlineError> {
    let unsupported = |m: String| RedlineError::Instruction { number: 0, message: m };
    if containers(&base.body) != containers(&draft.body) {
        return Err(unsupported(
            "the draft changes chapters or sections; instructions are generated for articles only: compare the \
             chapter headings with the redline instead"
                .into(),
        ));
    }
    let ba: Vec<&Provision> = base.articles().collect();
    let da: Vec<&Provision> = draft.articles().collect();
    let matches = align::align(&ba, &da);
    let mut out = Vec::new();
    let mut state = base.clone();
    let push = |i: Instruction, state: &mut Expression, out: &mut Vec<Instruction>| -> bool {
        if !parse_back(&i, &draft.meta) {
            return false;
        }
        match apply_one(state, &i, &draft.meta) {
            Ok(()) => {
                out.push(i);
                true
            }
            Err(_) => false,
        }
    };
    if words::squash(&base.long_title) != words::squash(&draft.long_title) {
        push(Instruction::Title(draft.long_title.clone()), &mut state, &mut out);
    }
    if base.preamble != draft.preamble {
        push(Instruction::Preamble(draft.preamble.clone()), &mut state, &mut out);
    }
    // Changes inside kept articles, in base order.
    let mut kept: Vec<&Match> = matches.iter().filter(|m| m.base.len() == 1 && m.draft.len() == 1).collect();
    kept.sort_by_key(|m| m.base[0]);
    for m in &kept {
        let (b, d) = (ba[m.base[0]], da[m.draft[0]]);
        if m.class == Class::Repealed && d.repealed {
            push(Instruction::Repeal(b.eid.clone()), &mut state, &mut out);
            if same_article(state.find(&b.eid), d, true) {
                continue;
            }
            out.pop();
            state = replay(base, &out, &draft.meta)?;
        }
        if !same_article(Some(b), d, true) {
            article_changes(b, d, &mut state, &mut out, &draft.meta)?;
        }
    }
    // Removals: repealed articles and the base pieces of splits and merges.
    for m in &matches {
        if m.draft.is_empty() || m.base.len() > 1 || m.draft.len() > 1 {
            for &i in &m.base {
                push(Instruction::Delete(ba[i].eid.clone()), &mut state, &mut out);
            }
        }
    }
    // Renumbering.
    let renumber: Vec<(String, String)> = kept
        .iter()
        .filter(|m| ba[m.base[0]].eid != da[m.draft[0]].eid)
        .filter_map(|m| Some((ba[m.base[0]].eid.clone(), da[m.draft[0]].num.as_ref()?.id.clone())))
        .collect();
    if !renumber.is_empty() {
        push(Instruction::Renumber(renumber), &mut state, &mut out);
    }
    // Placement, in draft order: an article not where the draft has it is moved; an absent one is inserted.
    for (j, d) in da.iter().enumerate() {
        let anchor = anchor_for(draft, &da, j)?;
        if state.find(&d.eid).is_some() {
            if placed_like(&state, draft, &d.eid) {
                continue;
            }
            push(Instruction::Move { article: d.eid.clone(), to: anchor }, &mut state, &mut out);
        } else {
            let text = article_markdown(d, &draft.meta);
            let mut anchors = vec![anchor];
            if let Some(prev) = j.checked_sub(1).map(|p| da[p]) {
                anchors.push(Anchor::After(prev.eid.clone()));
            }
            if let Some(next) = da.get(j + 1).filter(|n| state.find(&n.eid).is_some()) {
                anchors.push(Anchor::Before(next.eid.clone()));
            }
            let placed = anchors.into_iter().any(|to| {
                let mut trial = state.clone();
                let mut list = Vec::new();
                push(Instruction::InsertArticle { to, text: text.clone() }, &mut trial, &mut list)
                    && placed_like(&trial, draft, &d.eid)
                    && {
                        state = trial;
                        out.extend(list);
                        true
                    }
            });
            if !placed {
                return Err(unsupported(format!("cannot place new {}", d.display_heading())));
            }
        }
    }
    Ok(out)
}

fn containers(body: &[Provision]) -> Vec<String> {
    let mut out = Vec::new();
    for p in body.iter().filter(|p| p.kind.is_container()) {
        out.push(format!("{} {}", p.eid, words::squash(&p.display_heading())));
        out.extend(containers(&p.children));
    }
    out
}

fn replay(base: &Expression, list: &[Instruction], meta: &Metadata) -> Result<Expression, RedlineError> {
    let mut e = base.clone();
    for (k, i) in list.iter().enumerate() {
        apply_one(&mut e, i, meta).map_err(|message| RedlineError::Instruction { number: k + 1, message })?;
    }
    Ok(e)
}

fn same_article(a: Option<&Provision>, d: &Provision, ignore_number: bool) -> bool {
    let Some(a) = a else { return false };
    let text = |p: &Provision| {
        let head = if ignore_number { p.heading.clone().unwrap_or_default() } else { p.display_heading() };
        (words::squash(&head), p.plain_text().lines().map(words::squash).collect::<Vec<_>>(), p.repealed)
    };
    text(a) == text(d)
}

/// Whether the article `eid` has the same neighbour before it in `state` as in `draft`.
fn placed_like(state: &Expression, draft: &Expression, eid: &str) -> bool {
    let before = |e: &Expression| {
        let seq = sequence(e);
        seq.iter().position(|x| x == eid).map(|i| if i == 0 { String::new() } else { seq[i - 1].clone() })
    };
    before(state) == before(draft)
}

/// Articles and containers in document order, by eId.
fn sequence(e: &Expression) -> Vec<String> {
    e.walk().filter(|p| p.kind.is_container() || p.kind == Kind::Article).map(|p| p.eid.clone()).collect()
}

fn anchor_for(draft: &Expression, da: &[&Provision], j: usize) -> Result<Anchor, RedlineError> {
    let seq = sequence(draft);
    let pos = seq.iter().position(|x| *x == da[j].eid).unwrap_or(0);
    match pos.checked_sub(1).map(|p| &seq[p]) {
        Some(prev) if draft.find(prev).is_some_and(|p| p.kind == Kind::Article) => {
            Ok(Anchor::After(prev.clone()))
        }
        Some(container) if draft.find(container).is_some_and(|p| p.kind.is_container()) => {
            Ok(Anchor::StartOf(container.clone()))
        }
        None if draft.body.iter().any(|p| p.eid == da[j].eid) => Ok(Anchor::Start),
        _ => match da.get(j + 1) {
            Some(next) => Ok(Anchor::Before(next.eid.clone())),
            None => Err(RedlineError::Instruction { number: 0, message: "a law of one new article".into() }),
        },
    }
}

/// Changes inside one kept article: fine-grained when each checks out, else the article in new wording.
fn article_changes(
    b: &Provision,
    d: &Provision,
    state: &mut Expression,
    out: &mut Vec<Instruction>,
    meta: &Metadata,
) -> Result<(), RedlineError> {
    let start = out.len();
    let mut fine = Vec::new();
    let ok = fine_changes(b, d, &mut fine, meta);
    let mut trial = state.clone();
    let fits = ok
        && fine.iter().all(|i| apply_one(&mut trial, i, meta).is_ok() && parse_back(i, meta))
        && same_article(trial.find(&b.eid), d, true);
    if fits {
        *state = trial;
        out.extend(fine);
        return Ok(());
    }
    out.truncate(start);
    let mut reworded = d.clone();
    renumber_tree(&mut reworded, &b.eid, b.num.as_ref().map(|n| n.id.as_str()).unwrap_or_default());
    let i = Instruction::Reword { at: b.eid.clone(), text: article_markdown(&reworded, meta) };
    apply_one(state, &i, meta)
        .map_err(|message| RedlineError::Instruction { number: out.len() + 1, message })?;
    out.push(i);
    Ok(())
}

/// Whether an instruction survives being written and read back in both languages.
fn parse_back(i: &Instruction, meta: &Metadata) -> bool {
    ["eng", "rus"].iter().all(|lang| {
        let text = render(std::slice::from_ref(i), lang);
        parse(&text, meta).is_ok_and(|v| v.len() == 1 && v[0] == *i)
    })
}

/// Word-level and unit-level instructions for an article whose structure (eIds) is unchanged except for added
/// or removed units. Returns false when the change is better given as new wording.
fn fine_changes(b: &Provision, d: &Provision, out: &mut Vec<Instruction>, meta: &Metadata) -> bool {
    if b.heading != d.heading
        || b.repealed != d.repealed
        || b.intro.len() != d.intro.len() && b.children.is_empty()
    {
        return false;
    }
    let bu: Vec<&Provision> = b.walk().skip(1).collect();
    let du: Vec<&Provision> = d.walk().skip(1).collect();
    // The article's own text.
    if b.intro != d.intro || b.wrap_up != d.wrap_up {
        if b.intro.len() != 1 || d.intro.len() != 1 || b.wrap_up != d.wrap_up {
            return false;
        }
        match words_instruction(&b.eid, &b.intro[0], &d.intro[0]) {
            Some(i) => out.push(i),
            None => return false,
        }
    }
    let in_draft = |eid: &str| eid == d.eid || du.iter().any(|x| x.eid == eid);
    let in_base = |eid: &str| eid == b.eid || bu.iter().any(|u| u.eid == eid);
    let parent_of = |eid: &str| kanun_model::eid::parent(eid).unwrap_or_default().to_string();
    for u in &bu {
        match du.iter().find(|x| x.eid == u.eid) {
            // A unit whose parent goes too is removed with it.
            None if in_draft(&parent_of(&u.eid)) => out.push(Instruction::Delete(u.eid.clone())),
            None => {}
            Some(x) if x.num != u.num => return false,
            Some(x) => {
                if x.intro == u.intro && x.wrap_up == u.wrap_up {
                    continue;
                }
                if x.intro.len() == 1 && u.intro.len() == 1 && x.wrap_up == u.wrap_up {
                    match words_instruction(&u.eid, &u.intro[0], &x.intro[0]) {
                        Some(i) => out.push(i),
                        None => {
                            out.push(Instruction::Reword { at: u.eid.clone(), text: unit_markdown(x, meta) })
                        }
                    }
                } else if x.children.is_empty() && u.children.is_empty() {
                    out.push(Instruction::Reword { at: u.eid.clone(), text: unit_markdown(x, meta) });
                } else {
                    return false;
                }
            }
        }
    }
    // Added units, after their preceding sibling; a unit inside an added unit comes with it.
    for (k, x) in du.iter().enumerate() {
        let parent = parent_of(&x.eid);
        if in_base(&x.eid) || !in_base(&parent) {
            continue;
        }
        match du[..k].iter().rev().find(|y| parent_of(&y.eid) == parent) {
            Some(p) => {
                out.push(Instruction::InsertUnit { after: p.eid.clone(), text: unit_markdown(x, meta) })
            }
            None => return false,
        }
    }
    true
}

/// One word-level instruction for a text change, if the change is one place and its phrase is unique.
fn words_instruction(at: &str, old: &str, new: &str) -> Option<Instruction> {
    let segs = words::diff(old, new);
    let changes: Vec<usize> = (0..segs.len()).filter(|&k| !matches!(segs[k], Segment::Equal(_))).collect();
    let unique = |s: &str| !s.trim().is_empty() && old.matches(s).count() == 1;
    match changes.as_slice() {
        [k] => match &segs[*k] {
            Segment::Delete(t) => {
                let t = t.trim();
                unique(t).then(|| Instruction::DeleteWords { at: at.into(), old: t.into() })
            }
            Segment::Insert(t) => {
                let before: String = segs[..*k].iter().map(Segment::text).collect();
                let after = last_words(&before, 3);
                let glued = t.starts_with([',', ';']) || before.ends_with(' ');
                (unique(&after) && old.starts_with(before.trim_end()) && glued)
                    .then(|| Instruction::InsertWords { at: at.into(), after, new: t.trim().into() })
            }
            Segment::Equal(_) => None,
        },
        [a, b] if *b == a + 1 => match (&segs[*a], &segs[*b]) {
            (Segment::Delete(o), Segment::Insert(n)) => {
                let o = o.trim();
                unique(o).then(|| Instruction::ReplaceWords {
                    at: at.into(),
                    old: o.into(),
                    new: n.trim().into(),
                })
            }
            _ => None,
        },
        _ => None,
    }
}

fn last_words(text: &str, n: usize) -> String {
    let toks = words::tokens(text);
    let from = toks.len().saturating_sub(n);
    let Some(first) = toks.get(from) else { return String::new() };
    let start = first.text.as_ptr() as usize - text.as_ptr() as usize;
    text[start..].trim_end().to_string()
}

// ---------------------------------------------------------------------------------------------------------
// Markdown of provisions inside instructions.

fn snippet_expression(meta: &Metadata, body: Vec<Provision>) -> Expression {
    let mut meta = meta.clone();
    meta.scope = kanun_model::DraftScope::Full;
    Expression { meta, long_title: "T".into(), preamble: Vec::new(), body }
}

/// An article as Markdown, heading line first without `#`.
fn article_markdown(a: &Provision, meta: &Metadata) -> String {
    let mut a = a.clone();
    a.notes.clear();
    a.wid = a.eid.clone();
    a.replaces.clear();
    a.repeals.clear();
    let src = kanun_markdown::render(&snippet_expression(meta, vec![a]));
    let body = src.split_once("\n# T\n\n").map_or("", |x| x.1);
    body.trim_start_matches('#').trim_start().trim_end().to_string()
}

/// A part or point as Markdown, its marker first.
fn unit_markdown(u: &Provision, meta: &Metadata) -> String {
    let mut art = Provision::new(Kind::Article, "art_1");
    art.num = Some(Num { raw: "Article 1".into(), id: "1".into() });
    let mut u = u.clone();
    u.notes.clear();
    art.children.push(u);
    let md = article_markdown(&art, meta);
    md.split_once('\n').map_or(String::new(), |x| x.1.trim().to_string())
}

fn parse_article(text: &str, meta: &Metadata) -> Result<Provision, String> {
    let src = format!("# T\n\n### {text}\n");
    let parsed = kanun_markdown::parse_foreign(&src, snippet_meta(meta));
    let errors: Vec<String> =
        parsed.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect();
    if !errors.is_empty() {
        return Err(format!("the quoted article does not read: {}", errors.join("; ")));
    }
    let e = parsed.expression.ok_or("the quoted article does not read")?;
    let mut arts = e.body.into_iter().filter(|p| p.kind == Kind::Article);
    match (arts.next(), arts.next()) {
        (Some(a), None) => Ok(a),
        _ => Err("the quoted text must be exactly one article, its heading first".into()),
    }
}

fn parse_unit(text: &str, parent_eid: &str, meta: &Metadata) -> Result<Provision, String> {
    let a = parse_article(&format!("Article 1\n\n{text}"), meta)?;
    let mut children = a.children.into_iter();
    match (children.next(), children.next(), a.intro.is_empty()) {
        (Some(mut u), None, true) => {
            reprefix(&mut u, "art_1", parent_eid);
            Ok(u)
        }
        _ => Err("the quoted text must be exactly one numbered part or point, its marker first".into()),
    }
}

fn snippet_meta(meta: &Metadata) -> Metadata {
    let mut m = meta.clone();
    m.scope = kanun_model::DraftScope::Full;
    m
}

fn reprefix(p: &mut Provision, from: &str, to: &str) {
    if let Some(rest) = p.eid.strip_prefix(from) {
        p.eid = format!("{to}{rest}");
    }
    p.wid = p.eid.clone();
    for c in &mut p.children {
        reprefix(c, from, to);
    }
}

/// Gives an article a new number: eId, number as written, and the eIds below it.
fn renumber_tree(p: &mut Provision, new_eid: &str, new_id: &str) {
    let old = p.eid.clone();
    if let Some(n) = &mut p.num {
        if !n.id.is_empty() && n.id != new_id {
            n.raw = n.raw.replacen(&n.id, new_id, 1);
        }
        n.id = new_id.to_string();
    }
    p.eid = new_eid.to_string();
    for c in &mut p.children {
        reprefix(c, &old, new_eid);
    }
}

// ---------------------------------------------------------------------------------------------------------
// Application.

/// Applies instructions to a base expression. Errors name the instruction (1-based) and what is missing.
pub fn apply(base: &Expression, list: &[Instruction]) -> Result<Expression, RedlineError> {
    replay(base, list, &base.meta)
}

fn apply_one(e: &mut Expression, i: &Instruction, meta: &Metadata) -> Result<(), String> {
    match i {
        Instruction::Title(t) => e.long_title = t.clone(),
        Instruction::Preamble(p) => e.preamble = p.clone(),
        Instruction::ReplaceWords { at, old, new } => {
            edit_text(e, at, |t| Ok(tidy(&replace_unique(t, old, new)?)))?
        }
        Instruction::DeleteWords { at, old } => edit_text(e, at, |t| Ok(tidy(&replace_unique(t, old, "")?)))?,
        Instruction::InsertWords { at, after, new } => edit_text(e, at, |t| {
            let glue = if new.starts_with([',', ';', '.']) { "" } else { " " };
            replace_unique(t, after, &format!("{after}{glue}{new}"))
        })?,
        Instruction::Reword { at, text } => {
            let old = find_mut(&mut e.body, at).ok_or_else(|| missing(at))?;
            let new = if old.kind == Kind::Article {
                parse_article(text, meta)?
            } else {
                parse_unit(text, kanun_model::eid::parent(at).unwrap_or_default(), meta)?
            };
            if new.eid != old.eid {
                return Err(format!(
                    "the new wording of {} is numbered {}",
                    label_en(at),
                    label_en(&new.eid)
                ));
            }
            let wid = old.wid.clone();
            *old = new;
            old.wid = wid;
        }
        Instruction::InsertUnit { after, text } => {
            let parent_eid = kanun_model::eid::parent(after).ok_or_else(|| missing(after))?.to_string();
            let unit = parse_unit(text, &parent_eid, meta)?;
            let parent = find_mut(&mut e.body, &parent_eid).ok_or_else(|| missing(&parent_eid))?;
            let k = parent.children.iter().position(|c| c.eid == *after).ok_or_else(|| missing(after))?;
            if parent.children.iter().any(|c| c.eid == unit.eid) {
                return Err(format!("{} already exists", label_en(&unit.eid)));
            }
            parent.children.insert(k + 1, unit);
        }
        Instruction::Repeal(at) => {
            let p = find_mut(&mut e.body, at).ok_or_else(|| missing(at))?;
            p.heading = Some(stub(meta.language.code()).to_string());
            p.intro.clear();
            p.children.clear();
            p.wrap_up.clear();
            p.repealed = true;
        }
        Instruction::Delete(at) => {
            take(&mut e.body, at).ok_or_else(|| missing(at))?;
        }
        Instruction::Renumber(pairs) => {
            // Two phases, so that Article 18 → 19 does not meet the old Article 19 on its way.
            for (k, (eid, _)) in pairs.iter().enumerate() {
                let p = find_mut(&mut e.body, eid).ok_or_else(|| missing(eid))?;
                let id = p.num.as_ref().map(|n| n.id.clone()).unwrap_or_default();
                renumber_tree(p, &format!("renumbering-{k}"), &id);
            }
            for (k, (_, id)) in pairs.iter().enumerate() {
                let tmp = format!("renumbering-{k}");
                let p = find_mut(&mut e.body, &tmp).ok_or_else(|| missing(&tmp))?;
                renumber_tree(p, &format!("art_{id}"), id);
            }
            let mut seen = std::collections::HashSet::new();
            if e.articles().any(|a| !seen.insert(a.eid.clone())) {
                return Err("renumbering gives two articles the same number".into());
            }
        }
        Instruction::Move { article, to } => {
            let p = take(&mut e.body, article).ok_or_else(|| missing(article))?;
            place(&mut e.body, to, p)?;
        }
        Instruction::InsertArticle { to, text } => {
            let a = parse_article(text, meta)?;
            if e.find(&a.eid).is_some() {
                return Err(format!("{} already exists", label_en(&a.eid)));
            }
            place(&mut e.body, to, a)?;
        }
    }
    Ok(())
}

/// Spacing after a word edit: one space between words, none before a comma, semicolon or full stop.
fn tidy(text: &str) -> String {
    words::squash(text).replace(" ,", ",").replace(" ;", ";").replace(" .", ".")
}

fn missing(eid: &str) -> String {
    format!("{} is not in the text at this point", label_en(eid))
}

/// The title of a repealed article's stub in a language.
pub fn stub(lang: &str) -> &'static str {
    match lang {
        "rus" => "(утратила силу)",
        "tuk" => "(güýjüni ýitirdi)",
        "deu" => "(weggefallen)",
        _ => "(repealed)",
    }
}

fn replace_unique(text: &str, old: &str, new: &str) -> Result<String, String> {
    match text.matches(old).count() {
        1 => Ok(text.replacen(old, new, 1)),
        0 => Err(format!("the words \"{old}\" are not in the text")),
        n => Err(format!("the words \"{old}\" occur {n} times; quote more of them")),
    }
}

fn edit_text(e: &mut Expression, at: &str, f: impl Fn(&str) -> Result<String, String>) -> Result<(), String> {
    let p = find_mut(&mut e.body, at).ok_or_else(|| missing(at))?;
    let first = p.intro.first_mut().ok_or_else(|| format!("{} has no text of its own", label_en(at)))?;
    *first = f(first)?;
    Ok(())
}

fn find_mut<'a>(ps: &'a mut [Provision], eid: &str) -> Option<&'a mut Provision> {
    for p in ps.iter_mut() {
        if p.eid == eid {
            return Some(p);
        }
        if p.find(eid).is_some() {
            return find_mut(&mut p.children, eid);
        }
    }
    None
}

fn take(ps: &mut Vec<Provision>, eid: &str) -> Option<Provision> {
    if let Some(k) = ps.iter().position(|p| p.eid == eid) {
        return Some(ps.remove(k));
    }
    ps.iter_mut().find(|p| p.find(eid).is_some()).and_then(|p| take(&mut p.children, eid))
}

fn place(body: &mut Vec<Provision>, to: &Anchor, p: Provision) -> Result<(), String> {
    fn sibling(ps: &mut Vec<Provision>, eid: &str, offset: usize, p: &mut Option<Provision>) -> bool {
        if let Some(k) = ps.iter().position(|x| x.eid == eid) {
            if let Some(p) = p.take() {
                ps.insert(k + offset, p);
            }
            return true;
        }
        ps.iter_mut().any(|x| x.kind.is_container() && sibling(&mut x.children, eid, offset, p))
    }
    let mut p = Some(p);
    let ok = match to {
        Anchor::After(eid) => sibling(body, eid, 1, &mut p),
        Anchor::Before(eid) => sibling(body, eid, 0, &mut p),
        Anchor::Start => {
            if let Some(p) = p.take() {
                body.insert(0, p);
            }
            true
        }
        Anchor::StartOf(eid) => match find_mut(body, eid) {
            Some(c) => {
                if let Some(p) = p.take() {
                    c.children.insert(0, p);
                }
                true
            }
            None => false,
        },
    };
    let anchor = match to {
        Anchor::After(e) | Anchor::Before(e) | Anchor::StartOf(e) => e.as_str(),
        Anchor::Start => "the beginning of the law",
    };
    if ok { Ok(()) } else { Err(missing(anchor)) }
}

// ---------------------------------------------------------------------------------------------------------
// Writing.

/// Grammatical case of the first noun of a provision reference (Russian needs it; English does not).
#[derive(Clone, Copy)]
enum Case {
    Acc,
    Gen,
    Prep,
    Ins,
}

fn noun(kind: &str, case: Case) -> &'static str {
    match (kind, case) {
        ("art", Case::Acc) => "статью",
        ("art", Case::Gen) => "статьи",
        ("art", Case::Prep) => "статье",
        ("art", Case::Ins) => "статьёй",
        ("para", Case::Acc) => "часть",
        ("para", Case::Gen | Case::Prep) => "части",
        ("para", Case::Ins) => "частью",
        ("point", Case::Acc) => "пункт",
        ("point", Case::Gen) => "пункта",
        ("point", Case::Prep) => "пункте",
        ("point", Case::Ins) => "пунктом",
        ("sub", Case::Acc) => "подпункт",
        ("sub", Case::Gen) => "подпункта",
        ("sub", Case::Prep) => "подпункте",
        ("sub", Case::Ins) => "подпунктом",
        ("chp", Case::Gen) => "главы",
        ("sec", _) => "раздела",
        ("subsec", _) => "подраздела",
        ("subchp", _) => "параграфа",
        ("book", _) => "книги",
        _ => "",
    }
}

/// (kind, number) of each level of an eId, article first: `art_5__para_2__point_3` → art 5, para 2, point 3
/// (a point below a point is a subpoint).
fn components(eid: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut points = 0;
    for level in kanun_model::eid::Eid::new(eid).levels() {
        let (prefix, num) = (level.prefix, level.id);
        let kind = match prefix {
            "art" => "art",
            "para" => "para",
            "chp" | "sec" | "subsec" | "subchp" | "book" => match prefix {
                "chp" => "chp",
                "sec" => "sec",
                "subsec" => "subsec",
                "subchp" => "subchp",
                _ => "book",
            },
            "point" => {
                points += 1;
                if points > 1 { "sub" } else { "point" }
            }
            _ => "other",
        };
        out.push((kind, num.to_string()));
    }
    out
}

fn english_noun(kind: &str) -> &'static str {
    match kind {
        "art" => "Article",
        "para" => "part",
        "point" => "point",
        "sub" => "subpoint",
        "chp" => "Chapter",
        "sec" => "Section",
        "subsec" => "Subsection",
        "subchp" => "Subchapter",
        "book" => "Book",
        _ => "provision",
    }
}

/// `point 3 of part 2 of Article 5`.
fn label_en(eid: &str) -> String {
    let mut c = components(eid);
    c.reverse();
    c.iter().map(|(k, n)| format!("{} {n}", english_noun(k))).collect::<Vec<_>>().join(" of ")
}

/// `пункт 3 части 2 статьи 5`, the first noun in `case`.
fn label_ru(eid: &str, case: Case) -> String {
    let mut c = components(eid);
    c.reverse();
    c.iter()
        .enumerate()
        .map(|(k, (kind, n))| format!("{} {n}", noun(kind, if k == 0 { case } else { Case::Gen })))
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn block(text: &str, lang: &str) -> String {
    let (open, close) = if lang == "rus" { ("«", "»") } else { ("\"", "\"") };
    let mut out = String::new();
    let lines: Vec<&str> = text.lines().collect();
    for (k, l) in lines.iter().enumerate() {
        out.push_str("    ");
        if k == 0 {
            out.push_str(open);
        }
        out.push_str(l);
        if k + 1 == lines.len() {
            out.push_str(close);
            out.push('.');
        }
        out.push('\n');
    }
    out
}

/// Writes instructions as a numbered list in the drafting style of `lang` (`eng` or `rus`; others get English).
pub fn render(list: &[Instruction], lang: &str) -> String {
    let mut out = String::new();
    for (k, i) in list.iter().enumerate() {
        out.push_str(&format!("{}. ", k + 1));
        if lang == "rus" {
            render_ru(i, &mut out);
        } else {
            render_en(i, &mut out);
        }
    }
    out
}

fn anchor_en(a: &Anchor) -> String {
    match a {
        Anchor::After(e) => format!("after {}", label_en(e)),
        Anchor::Before(e) => format!("before {}", label_en(e)),
        Anchor::StartOf(e) => format!("at the beginning of {}", label_en(e)),
        Anchor::Start => "at the beginning of the Law".to_string(),
    }
}

fn anchor_ru(a: &Anchor) -> String {
    match a {
        Anchor::After(e) => format!("после {}", label_ru(e, Case::Gen)),
        Anchor::Before(e) => format!("перед {}", label_ru(e, Case::Ins)),
        Anchor::StartOf(e) => format!("в начале {}", label_ru(e, Case::Gen)),
        Anchor::Start => "в начале Закона".to_string(),
    }
}

fn art_list(pairs: &[(String, String)], to: bool) -> String {
    pairs
        .iter()
        .map(|(e, n)| if to { n.clone() } else { components(e)[0].1.clone() })
        .collect::<Vec<_>>()
        .join(", ")
}

fn render_en(i: &Instruction, out: &mut String) {
    match i {
        Instruction::Title(t) => {
            out.push_str("The title shall be reworded as follows:\n");
            out.push_str(&block(t, "eng"));
        }
        Instruction::Preamble(p) => {
            out.push_str("The preamble shall be reworded as follows:\n");
            out.push_str(&block(&p.join("\n"), "eng"));
        }
        Instruction::ReplaceWords { at, old, new } => out.push_str(&format!(
            "In {} the words \"{old}\" shall be replaced by the words \"{new}\".\n",
            label_en(at)
        )),
        Instruction::DeleteWords { at, old } => {
            out.push_str(&format!("In {} the words \"{old}\" shall be deleted.\n", label_en(at)))
        }
        Instruction::InsertWords { at, after, new } => out.push_str(&format!(
            "In {} after the words \"{after}\" the words \"{new}\" shall be inserted.\n",
            label_en(at)
        )),
        Instruction::Reword { at, text } => {
            out.push_str(&format!("{} shall be reworded as follows:\n", capitalise(&label_en(at))));
            out.push_str(&block(text, "eng"));
        }
        Instruction::InsertUnit { after, text } => {
            let parent = kanun_model::eid::parent(after).unwrap_or_default();
            out.push_str(&format!(
                "{} shall be supplemented after {} as follows:\n",
                capitalise(&label_en(parent)),
                components(after).last().map(|(k, n)| format!("{} {n}", english_noun(k))).unwrap_or_default()
            ));
            out.push_str(&block(text, "eng"));
        }
        Instruction::Repeal(at) => {
            out.push_str(&format!("{} shall be repealed.\n", capitalise(&label_en(at))))
        }
        Instruction::Delete(at) => {
            out.push_str(&format!("{} shall be deleted.\n", capitalise(&label_en(at))))
        }
        Instruction::Renumber(pairs) => {
            let (s, verb) = if pairs.len() == 1 { ("Article", "") } else { ("Articles", " respectively") };
            out.push_str(&format!(
                "{s} {} shall be renumbered as {s} {}{verb}.\n",
                art_list(pairs, false),
                art_list(pairs, true)
            ));
        }
        Instruction::Move { article, to } => {
            out.push_str(&format!("{} shall be placed {}.\n", label_en(article), anchor_en(to)))
        }
        Instruction::InsertArticle { to, text } => {
            out.push_str(&format!(
                "The Law shall be supplemented {} with the following article:\n",
                anchor_en(to)
            ));
            out.push_str(&block(text, "eng"));
        }
    }
}

fn render_ru(i: &Instruction, out: &mut String) {
    match i {
        Instruction::Title(t) => {
            out.push_str("Наименование изложить в следующей редакции:\n");
            out.push_str(&block(t, "rus"));
        }
        Instruction::Preamble(p) => {
            out.push_str("Преамбулу изложить в следующей редакции:\n");
            out.push_str(&block(&p.join("\n"), "rus"));
        }
        Instruction::ReplaceWords { at, old, new } => {
            out.push_str(&format!("В {} слова «{old}» заменить словами «{new}».\n", label_ru(at, Case::Prep)))
        }
        Instruction::DeleteWords { at, old } => {
            out.push_str(&format!("В {} слова «{old}» исключить.\n", label_ru(at, Case::Prep)))
        }
        Instruction::InsertWords { at, after, new } => out.push_str(&format!(
            "{} после слов «{after}» дополнить словами «{new}».\n",
            capitalise(&label_ru(at, Case::Acc))
        )),
        Instruction::Reword { at, text } => {
            out.push_str(&format!(
                "{} изложить в следующей редакции:\n",
                capitalise(&label_ru(at, Case::Acc))
            ));
            out.push_str(&block(text, "rus"));
        }
        Instruction::InsertUnit { after, text } => {
            let parent = kanun_model::eid::parent(after).unwrap_or_default();
            let last = components(after)
                .last()
                .map(|(k, n)| format!("{} {n}", noun(k, Case::Gen)))
                .unwrap_or_default();
            out.push_str(&format!(
                "{} после {last} дополнить следующим текстом:\n",
                capitalise(&label_ru(parent, Case::Acc))
            ));
            out.push_str(&block(text, "rus"));
        }
        Instruction::Repeal(at) => {
            out.push_str(&format!("{} признать утратившей силу.\n", capitalise(&label_ru(at, Case::Acc))))
        }
        Instruction::Delete(at) => {
            out.push_str(&format!("{} исключить.\n", capitalise(&label_ru(at, Case::Acc))))
        }
        Instruction::Renumber(pairs) => {
            if pairs.len() == 1 {
                out.push_str(&format!(
                    "Статью {} считать статьёй {}.\n",
                    art_list(pairs, false),
                    art_list(pairs, true)
                ));
            } else {
                out.push_str(&format!(
                    "Статьи {} считать соответственно статьями {}.\n",
                    art_list(pairs, false),
                    art_list(pairs, true)
                ));
            }
        }
        Instruction::Move { article, to } => out.push_str(&format!(
            "{} разместить {}.\n",
            capitalise(&label_ru(article, Case::Acc)),
            anchor_ru(to)
        )),
        Instruction::InsertArticle { to, text } => {
            let num = parse_article_num(text);
            out.push_str(&format!(
                "{} дополнить статьёй {num} следующего содержания:\n",
                capitalise(&anchor_ru(to))
            ));
            out.push_str(&block(text, "rus"));
        }
    }
}

/// The number of the article in a quoted article text: `Article 12-1. …` → `12-1`.
fn parse_article_num(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    let toks = words::tokens(first);
    let Some(k) = toks.iter().position(|t| t.text.starts_with(|c: char| c.is_ascii_digit())) else {
        return String::new();
    };
    let mut s = toks[k].text.to_string();
    let mut i = k + 1;
    while i + 1 < toks.len()
        && toks[i].text == "-"
        && toks[i].space.is_empty()
        && toks[i + 1].space.is_empty()
    {
        s.push('-');
        s.push_str(toks[i + 1].text);
        i += 2;
    }
    s
}

// ---------------------------------------------------------------------------------------------------------
// Reading.

/// Reads instructions written by [`render`] (English or Russian; the language is recognised per instruction).
/// `meta` gives the language of quoted provisions.
pub fn parse(text: &str, meta: &Metadata) -> Result<Vec<Instruction>, RedlineError> {
    // Split into numbered items: a line `N. …` at column 0 starts one; indented lines are its quoted block.
    let mut items: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            // A blank line inside a quoted block is part of it (between an article's heading and its text).
            if let Some(it) = items.last_mut()
                && !it.1.is_empty()
            {
                it.1.push(String::new());
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("    ") {
            match items.last_mut() {
                Some(it) => it.1.push(rest.to_string()),
                None => return Err(err(1, "a quoted block before the first instruction")),
            }
            continue;
        }
        let (num, rest) =
            line.split_once(". ").ok_or_else(|| err(items.len() + 1, "expected `N. ` at the start"))?;
        if num.parse::<usize>().ok() != Some(items.len() + 1) {
            return Err(err(
                items.len() + 1,
                &format!("expected instruction number {}, found {num:?}", items.len() + 1),
            ));
        }
        items.push((rest.to_string(), Vec::new()));
    }
    items
        .iter()
        .enumerate()
        .map(|(k, (head, blk))| parse_item(head, blk, meta).map_err(|m| err(k + 1, &m)))
        .collect()
}

fn err(number: usize, message: &str) -> RedlineError {
    RedlineError::Instruction { number, message: message.to_string() }
}

fn unblock(blk: &[String]) -> Result<String, String> {
    let mut text = blk.join("\n").trim_end().to_string();
    for (open, close) in [("\"", "\"."), ("«", "».")] {
        if text.starts_with(open) && text.ends_with(close) {
            text = text[open.len()..text.len() - close.len()].to_string();
            return Ok(text);
        }
    }
    Err("the new wording must follow as an indented block in quotes, ending with a full stop".into())
}

/// An English or Russian provision reference back to its eId.
fn parse_ref(s: &str) -> Result<String, String> {
    let s = s.trim();
    let mut parts: Vec<(String, String)> = Vec::new();
    if s.split(' ').next().is_some_and(|w| w.chars().next().is_some_and(|c| c.is_ascii_alphabetic())) {
        for piece in s.split(" of ") {
            let (n, num) = piece.trim().split_once(' ').ok_or_else(|| format!("cannot read {piece:?}"))?;
            let kind = match n.to_lowercase().as_str() {
                "article" => "art",
                "part" => "para",
                "point" | "subpoint" => "point",
                "chapter" => "chp",
                "section" => "sec",
                "subsection" => "subsec",
                "subchapter" => "subchp",
                "book" => "book",
                _ => {
                    return Err(format!("unknown provision {n:?} (article, part, point, subpoint, chapter)"));
                }
            };
            parts.push((kind.into(), num.into()));
        }
        parts.reverse();
    } else {
        let w: Vec<&str> = s.split(' ').collect();
        if w.len() % 2 != 0 {
            return Err(format!("cannot read the reference {s:?}"));
        }
        for pair in w.chunks(2) {
            let lower = pair[0].to_lowercase();
            let kind = if lower.starts_with("подпункт") || lower.starts_with("пункт") {
                "point"
            } else if lower.starts_with("част") {
                "para"
            } else if lower.starts_with("стать") {
                "art"
            } else if lower.starts_with("глав") {
                "chp"
            } else if lower.starts_with("подраздел") {
                "subsec"
            } else if lower.starts_with("раздел") {
                "sec"
            } else if lower.starts_with("параграф") {
                "subchp"
            } else if lower.starts_with("книг") {
                "book"
            } else {
                return Err(format!(
                    "unknown provision {:?} (статья, часть, пункт, подпункт, глава)",
                    pair[0]
                ));
            };
            parts.push((kind.into(), pair[1].into()));
        }
        parts.reverse();
    }
    Ok(parts.iter().map(|(k, n)| format!("{k}_{n}")).collect::<Vec<_>>().join(kanun_model::eid::SEPARATOR))
}

fn parse_item(head: &str, blk: &[String], meta: &Metadata) -> Result<Instruction, String> {
    let h = head.trim();
    // English.
    if h == "The title shall be reworded as follows:" || h == "Наименование изложить в следующей редакции:"
    {
        return Ok(Instruction::Title(unblock(blk)?));
    }
    if h == "The preamble shall be reworded as follows:" || h == "Преамбулу изложить в следующей редакции:"
    {
        return Ok(Instruction::Preamble(unblock(blk)?.lines().map(str::to_string).collect()));
    }
    if let Some(rest) = h.strip_prefix("In ") {
        if let Some((at, rest)) = rest.split_once(" after the words \"")
            && let Some((after, new)) = rest.split_once("\" the words \"")
            && let Some(new) = new.strip_suffix("\" shall be inserted.")
        {
            return Ok(Instruction::InsertWords { at: parse_ref(at)?, after: after.into(), new: new.into() });
        }
        if let Some((at, rest)) = rest.split_once(" the words \"") {
            if let Some((old, new)) = rest.split_once("\" shall be replaced by the words \"")
                && let Some(new) = new.strip_suffix("\".")
            {
                return Ok(Instruction::ReplaceWords {
                    at: parse_ref(at)?,
                    old: old.into(),
                    new: new.into(),
                });
            }
            if let Some(old) = rest.strip_suffix("\" shall be deleted.") {
                return Ok(Instruction::DeleteWords { at: parse_ref(at)?, old: old.into() });
            }
        }
    }
    if let Some(r) = h.strip_suffix(" shall be reworded as follows:") {
        return Ok(Instruction::Reword { at: parse_ref(r)?, text: unblock(blk)? });
    }
    if let Some((parent, last)) = h.split_once(" shall be supplemented after ")
        && let Some(last) = last.strip_suffix(" as follows:")
    {
        let after = format!("{}__{}", parse_ref(parent)?, parse_ref(last)?);
        return Ok(Instruction::InsertUnit { after, text: unblock(blk)? });
    }
    if let Some(r) = h.strip_suffix(" shall be repealed.") {
        return Ok(Instruction::Repeal(parse_ref(r)?));
    }
    if let Some(r) = h.strip_suffix(" shall be deleted.") {
        return Ok(Instruction::Delete(parse_ref(r)?));
    }
    if let Some((from, to)) = h.split_once(" shall be renumbered as ") {
        let list = |s: &str| -> Vec<String> {
            s.trim_start_matches("Articles ")
                .trim_start_matches("Article ")
                .split(", ")
                .map(str::to_string)
                .collect()
        };
        let to = to.trim_end_matches('.').trim_end_matches(" respectively");
        return renumber_pairs(list(from), list(to));
    }
    if let Some((a, to)) = h.split_once(" shall be placed ") {
        return Ok(Instruction::Move {
            article: parse_ref(a)?,
            to: parse_anchor_en(to.trim_end_matches('.'))?,
        });
    }
    if let Some(to) = h.strip_prefix("The Law shall be supplemented ")
        && let Some(to) = to.strip_suffix(" with the following article:")
    {
        return Ok(Instruction::InsertArticle { to: parse_anchor_en(to)?, text: unblock(blk)? });
    }
    // Russian.
    if let Some(rest) = h.strip_prefix("В ")
        && let Some((at, rest)) = rest.split_once(" слова «")
    {
        if let Some((old, new)) = rest.split_once("» заменить словами «")
            && let Some(new) = new.strip_suffix("».")
        {
            return Ok(Instruction::ReplaceWords { at: parse_ref(at)?, old: old.into(), new: new.into() });
        }
        if let Some(old) = rest.strip_suffix("» исключить.") {
            return Ok(Instruction::DeleteWords { at: parse_ref(at)?, old: old.into() });
        }
    }
    if let Some((at, rest)) = h.split_once(" после слов «")
        && let Some((after, new)) = rest.split_once("» дополнить словами «")
        && let Some(new) = new.strip_suffix("».")
    {
        return Ok(Instruction::InsertWords { at: parse_ref(at)?, after: after.into(), new: new.into() });
    }
    if let Some(r) = h.strip_suffix(" изложить в следующей редакции:") {
        return Ok(Instruction::Reword { at: parse_ref(r)?, text: unblock(blk)? });
    }
    if let Some((parent, last)) = h.split_once(" после ")
        && let Some(last) = last.strip_suffix(" дополнить следующим текстом:")
    {
        let after = format!("{}__{}", parse_ref(parent)?, parse_ref(last)?);
        return Ok(Instruction::InsertUnit { after, text: unblock(blk)? });
    }
    if let Some(r) = h.strip_suffix(" признать утратившей силу.") {
        return Ok(Instruction::Repeal(parse_ref(r)?));
    }
    if let Some(r) = h.strip_suffix(" исключить.") {
        return Ok(Instruction::Delete(parse_ref(r)?));
    }
    if let Some(rest) = h.strip_prefix("Статьи ")
        && let Some((from, to)) = rest.split_once(" считать соответственно статьями ")
    {
        let list = |s: &str| s.trim_end_matches('.').split(", ").map(str::to_string).collect();
        return renumber_pairs(list(from), list(to));
    }
    if let Some(rest) = h.strip_prefix("Статью ")
        && let Some((from, to)) = rest.split_once(" считать статьёй ")
    {
        return renumber_pairs(vec![from.into()], vec![to.trim_end_matches('.').into()]);
    }
    if let Some((a, to)) = h.split_once(" разместить ") {
        return Ok(Instruction::Move {
            article: parse_ref(a)?,
            to: parse_anchor_ru(to.trim_end_matches('.'))?,
        });
    }
    if let Some((to, _)) = h.split_once(" дополнить статьёй ")
        && h.ends_with(" следующего содержания:")
    {
        return Ok(Instruction::InsertArticle { to: parse_anchor_ru(to)?, text: unblock(blk)? });
    }
    let _ = meta;
    Err(format!("not an instruction Kanun knows: {h:?}; write it as `render` does (see docs/redline.md)"))
}

fn renumber_pairs(from: Vec<String>, to: Vec<String>) -> Result<Instruction, String> {
    if from.len() != to.len() || from.is_empty() {
        return Err("renumbering needs as many new numbers as old ones".into());
    }
    Ok(Instruction::Renumber(from.into_iter().map(|f| format!("art_{f}")).zip(to).collect()))
}

fn parse_anchor_en(s: &str) -> Result<Anchor, String> {
    if let Some(r) = s.strip_prefix("after ") {
        return Ok(Anchor::After(parse_ref(r)?));
    }
    if let Some(r) = s.strip_prefix("before ") {
        return Ok(Anchor::Before(parse_ref(r)?));
    }
    if s == "at the beginning of the Law" {
        return Ok(Anchor::Start);
    }
    if let Some(r) = s.strip_prefix("at the beginning of ") {
        return Ok(Anchor::StartOf(parse_ref(r)?));
    }
    Err(format!("cannot read the place {s:?} (after/before Article N, at the beginning of Chapter N)"))
}

fn parse_anchor_ru(s: &str) -> Result<Anchor, String> {
    let lower = s.to_lowercase();
    if let Some(r) = lower.strip_prefix("после ") {
        return Ok(Anchor::After(parse_ref(r)?));
    }
    if let Some(r) = lower.strip_prefix("перед ") {
        return Ok(Anchor::Before(parse_ref(r)?));
    }
    if lower == "в начале закона" {
        return Ok(Anchor::Start);
    }
    if let Some(r) = lower.strip_prefix("в начале ") {
        return Ok(Anchor::StartOf(parse_ref(r)?));
    }
    Err(format!("cannot read the place {s:?} (после статьи N, перед статьёй N, в начале главы N)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kanun_model::{Date, Language, WorkUri};

    fn meta() -> Metadata {
        Metadata {
            work: "/akn/tm/act/2021-12-18/x".parse::<WorkUri>().unwrap_or_else(|_| unreachable!()),
            title: "X".into(),
            language: Language::ENG,
            date: Date::new(2022, 1, 1).unwrap_or_else(|_| unreachable!()),
            status: kanun_model::Status::InForce,
            kind: kanun_model::DocKind::Law,
            source: "illustrative".into(),
            amends: None,
            base: None,
            scope: Default::default(),
            note: None,
        }
    }

    fn law() -> Expression {
        let mut a = Provision::new(Kind::Article, "art_1");
        a.num = Some(Num { raw: "Article 1".into(), id: "1".into() });
        a.heading = Some("Scope".into());
        a.intro.push("This Law applies to providers of social services.".into());
        Expression { meta: meta(), long_title: "Law".into(), preamble: Vec::new(), body: vec![a] }
    }

    #[test]
    fn references_are_written_and_read_in_both_languages() {
        assert_eq!(
            label_en("art_5__para_2__point_3__point_b"),
            "subpoint b of point 3 of part 2 of Article 5"
        );
        assert_eq!(label_ru("art_5__para_2__point_3", Case::Prep), "пункте 3 части 2 статьи 5");
        assert_eq!(label_ru("art_5", Case::Ins), "статьёй 5");
        assert_eq!(parse_ref("point 3 of part 2 of Article 5"), Ok("art_5__para_2__point_3".into()));
        assert_eq!(parse_ref("подпункт b пункта 3 статьи 5"), Ok("art_5__point_3__point_b".into()));
        assert!(parse_ref("paragraph 2 of Article 5").is_err_and(|e| e.contains("unknown provision")));
    }

    #[test]
    fn a_hand_written_instruction_is_applied() {
        let text = "1. In Article 1 the words \"providers of social services\" shall be replaced by the words \"all providers\".\n";
        let list = parse(text, &meta()).unwrap_or_else(|e| panic!("{e}"));
        let e = apply(&law(), &list).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e.body[0].intro[0], "This Law applies to all providers.");
        let ru = "1. В статье 1 слова «социальных услуг» исключить.\n";
        assert_eq!(
            parse(ru, &meta()),
            Ok(vec![Instruction::DeleteWords {
                at: "art_1".into(), old: "социальных услуг".into()
            }])
        );
    }

    #[test]
    fn bad_instructions_are_explained_with_their_number() {
        let err = parse("1. Article 1 shall be amended somehow.\n", &meta()).unwrap_err();
        assert!(err.to_string().starts_with("instruction 1: not an instruction Kanun knows"), "{err}");
        let err =
            parse("1. Article 1 shall be deleted.\n3. Article 2 shall be deleted.\n", &meta()).unwrap_err();
        assert_eq!(err.to_string(), "instruction 2: expected instruction number 2, found \"3\"");
        let err =
            parse("1. Article 1 shall be reworded as follows:\n    Article 1. Scope\n", &meta()).unwrap_err();
        assert!(err.to_string().contains("in quotes, ending with a full stop"), "{err}");
        let list = parse("1. Article 1 shall be deleted.\n2. Article 7 shall be deleted.\n", &meta())
            .unwrap_or_default();
        let err = apply(&law(), &list).unwrap_err();
        assert_eq!(err.to_string(), "instruction 2: Article 7 is not in the text at this point");
        let list =
            parse("1. In Article 1 the words \"nothing\" shall be deleted.\n", &meta()).unwrap_or_default();
        assert!(
            apply(&law(), &list)
                .unwrap_err()
                .to_string()
                .contains("the words \"nothing\" are not in the text")
        );
    }
}
