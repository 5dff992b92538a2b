//! Generation: the instructions that turn a base into a draft, each kept only if it reads back and applies.

use kanun_model::{Expression, Kind, Metadata, Provision};

use super::apply::{apply_one, replay};
use super::snippet::{article_markdown, renumber_tree, unit_markdown};
use super::{Anchor, Instruction};
use crate::RedlineError;
use crate::align::{self, Match};
use crate::model::Class;
use crate::words::{self, Segment};

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

/// Whether an instruction survives being written and read back in every language.
fn parse_back(i: &Instruction, meta: &Metadata) -> bool {
    super::LANGUAGES.iter().all(|&lang| {
        let text = super::render(std::slice::from_ref(i), lang);
        super::parse(&text, meta).is_ok_and(|v| v.len() == 1 && v[0] == *i)
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
