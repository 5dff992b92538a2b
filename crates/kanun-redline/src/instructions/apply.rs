//! The interpreter: instructions carried out on an expression.

use kanun_model::{Expression, Kind, Language, Metadata, Provision};

use super::snippet::{parse_article, parse_unit, renumber_tree};
use super::{Anchor, Instruction, phrasebook};
use crate::RedlineError;
use crate::words;

/// Applies instructions to a base expression. Errors name the instruction (1-based) and what is missing.
pub fn apply(base: &Expression, list: &[Instruction]) -> Result<Expression, RedlineError> {
    replay(base, list, &base.meta)
}

pub(super) fn apply_one(e: &mut Expression, i: &Instruction, meta: &Metadata) -> Result<(), String> {
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
                    phrasebook::label(at),
                    phrasebook::label(&new.eid)
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
                return Err(format!("{} already exists", phrasebook::label(&unit.eid)));
            }
            parent.children.insert(k + 1, unit);
        }
        Instruction::Repeal(at) => {
            let p = find_mut(&mut e.body, at).ok_or_else(|| missing(at))?;
            p.heading = Some(stub(meta.language).to_string());
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
                return Err(format!("{} already exists", phrasebook::label(&a.eid)));
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
    format!("{} is not in the text at this point", phrasebook::label(eid))
}

/// The title of a repealed article's stub in a language.
pub fn stub(lang: Language) -> &'static str {
    match lang {
        Language::RUS => "(утратила силу)",
        Language::TUK => "(güýjüni ýitirdi)",
        Language::DEU => "(weggefallen)",
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
    let first =
        p.intro.first_mut().ok_or_else(|| format!("{} has no text of its own", phrasebook::label(at)))?;
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

/// Applies `list` to a copy of `base`; an error names the instruction (1-based).
pub(super) fn replay(
    base: &Expression,
    list: &[Instruction],
    meta: &Metadata,
) -> Result<Expression, RedlineError> {
    let mut e = base.clone();
    for (k, i) in list.iter().enumerate() {
        apply_one(&mut e, i, meta).map_err(|message| RedlineError::Instruction { number: k + 1, message })?;
    }
    Ok(e)
}
