//! Numbers: the insertion number a new or moved provision takes (`12-1` after 12, `12-2` after 12-1, `36` after
//! the last article), full renumbering with locked numbers, and a number changed through a provision, its eId,
//! the eIds of what it holds, and its designation in its language (`Article 12-1`, `Статья 12-1`, `12-1-nji madda`,
//! `2-1.`, `1-1)`).

use std::collections::BTreeSet;

use kanun_model::eid::{NumberKey, join, parent};
use kanun_model::{Expression, Kind, Num, Provision};

use crate::{DraftingError, Numbering, Place};

/// The siblings a provision is numbered among: for an article, every article of the law in order (articles are
/// numbered through the whole law, across chapters); for a part or point, its parent's children of its kind.
fn siblings<'a>(e: &'a Expression, p: &Provision) -> Vec<&'a Provision> {
    if p.kind == Kind::Article {
        return e.articles().collect();
    }
    let Some(parent_eid) = parent(&p.eid) else { return Vec::new() };
    let holder = e.walk().find(|x| x.children.iter().any(|c| c.eid == p.eid));
    match holder {
        Some(h) => h.children.iter().filter(|c| c.kind == p.kind).collect(),
        None => e.walk().filter(|x| parent(&x.eid) == Some(parent_eid) && x.kind == p.kind).collect(),
    }
}

/// The provision after `eid` among its siblings.
pub(crate) fn next_sibling(e: &Expression, eid: &str) -> Option<String> {
    let p = e.find(eid)?;
    let list = siblings(e, p);
    let i = list.iter().position(|x| x.eid == eid)?;
    list.get(i + 1).map(|x| x.eid.clone())
}

fn id_of(p: &Provision) -> String {
    p.num.as_ref().map_or_else(|| p.eid.rsplit('_').next().unwrap_or_default().to_string(), |n| n.id.clone())
}

fn key_text(k: &NumberKey) -> String {
    let mut s = format!("{}{}", k.base, k.suffix);
    for i in &k.inserts {
        s.push_str(&format!("-{i}"));
    }
    s
}

/// The number a provision placed before or after `anchor` takes under insertion numbering (under full
/// renumbering, a number that the renumbering replaces).
pub(crate) fn insertion_id(
    e: &Expression,
    anchor: &Provision,
    place: Place,
    numbering: Numbering,
) -> Result<String, DraftingError> {
    let list = siblings(e, anchor);
    let i = list.iter().position(|x| x.eid == anchor.eid).unwrap_or(0);
    let (prev, next) = match place {
        Place::After => (Some(list[i]), list.get(i + 1).copied()),
        Place::Before => (i.checked_sub(1).map(|j| list[j]), Some(list[i])),
    };
    let taken: BTreeSet<String> = list.iter().map(|x| id_of(x)).collect();
    let fresh = || {
        // Full renumbering numbers it again anyway: any number not taken.
        (1..).map(|n| format!("{}-{n}", id_of(anchor))).find(|id| !taken.contains(id)).unwrap_or_default()
    };
    let err = |why: String| DraftingError::NoNumber {
        place: if place == Place::After { "after" } else { "before" },
        eid: anchor.eid.clone(),
        why,
    };
    let Some(prev) = prev else {
        if numbering == Numbering::Renumber {
            return Ok(fresh());
        }
        return Err(err(format!(
            "{} is the first: nothing comes before it under insertion numbering; insert after it, or number the draft in full",
            anchor.display_heading()
        )));
    };
    let Some(pk) = NumberKey::from_id(&id_of(prev)).filter(|k| k.suffix.is_empty()) else {
        return if numbering == Numbering::Renumber {
            Ok(fresh())
        } else {
            Err(err(format!("{} has no number to insert after", prev.display_heading())))
        };
    };
    let nk = next.and_then(|n| NumberKey::from_id(&id_of(n)));
    let fits = |k: &NumberKey| nk.as_ref().is_none_or(|n| k < n) && !taken.contains(&key_text(k));
    let mut candidates = Vec::new();
    if next.is_none() && pk.inserts.is_empty() {
        // After the last: the next number (a new last article).
        candidates.push(NumberKey { base: pk.base + 1, suffix: String::new(), inserts: Vec::new() });
    }
    if let Some(last) = pk.inserts.last() {
        let mut k = pk.clone();
        if let Some(l) = k.inserts.last_mut() {
            *l = last + 1;
        }
        candidates.push(k);
    }
    let mut deeper = pk.clone();
    deeper.inserts.push(1);
    candidates.push(deeper);
    match candidates.into_iter().find(|k| fits(k)) {
        Some(k) => Ok(key_text(&k)),
        None if numbering == Numbering::Renumber => Ok(fresh()),
        None => Err(err(format!(
            "{} directly follows {}, with no insertion number between them; insert after {}, or number the draft in full",
            next.map(|n| n.display_heading()).unwrap_or_default(),
            prev.display_heading(),
            next.map(|n| n.display_heading()).unwrap_or_default(),
        ))),
    }
}

/// The eId of a provision of `kind` numbered `id` beside the one with `sibling_eid`.
pub(crate) fn eid_with_id(sibling_eid: &str, kind: Kind, id: &str) -> String {
    match kind {
        Kind::Article => join("", kind.eid_prefix(), id),
        _ => join(parent(sibling_eid).unwrap_or_default(), kind.eid_prefix(), id),
    }
}

/// The eId of the parent a provision of `kind` beside `sibling_eid` has (empty for an article).
pub(crate) fn parent_eid(sibling_eid: &str, kind: Kind) -> String {
    match kind {
        Kind::Article => String::new(),
        _ => parent(sibling_eid).unwrap_or_default().to_string(),
    }
}

/// `old` replaced by `new` in `text` where it stands as a number of its own (not inside `12-1` or `112`); the
/// Turkmen ordinal suffix after it follows the new number (`15-nji` → `12-1-nji`, `5-nji` → `6-njy`). `None`
/// when `old` does not stand there.
pub(crate) fn replace_number(text: &str, old: &str, new: &str) -> Option<String> {
    replace_number_with(text, old, new, true)
}

/// [`replace_number`], with the Turkmen suffix left as it is when `ordinal` is false.
pub(crate) fn replace_number_with(text: &str, old: &str, new: &str, ordinal: bool) -> Option<String> {
    let mut from = 0;
    while let Some(i) = text[from..].find(old).map(|i| i + from) {
        let end = i + old.len();
        let before = text[..i].chars().next_back();
        let bounded_before = before.is_none_or(|c| !c.is_alphanumeric() && c != '-' && c != '.');
        if bounded_before && !continues(&text[end..]) {
            let mut rest = &text[end..];
            let mut out = format!("{}{new}", &text[..i]);
            for suffix in ["-nji", "-njy"].into_iter().filter(|_| ordinal) {
                if let Some(r) = rest.strip_prefix(suffix) {
                    out = format!("{}{}", &text[..i], kanun_redline::instructions::turkmen_ordinal(new));
                    rest = r;
                    break;
                }
            }
            out.push_str(rest);
            return Some(out);
        }
        from = end;
    }
    None
}

/// Whether `rest` goes on with the word or number just before it (`1` followed by `2`, `-1`, `.1` or a letter):
/// a number or a citation ends only where this is false.
pub(crate) fn continues(rest: &str) -> bool {
    let after: Vec<char> = rest.chars().take(2).collect();
    match after.as_slice() {
        [c, ..] if c.is_alphanumeric() => true,
        ['-' | '.', d, ..] if d.is_ascii_digit() => true,
        _ => false,
    }
}

/// The designation of a provision numbered `id`, written as `like` is (`Article 12` → `Article 12-1`).
pub(crate) fn raw_with_id(like: Option<&Num>, id: &str) -> String {
    match like {
        Some(n) => replace_number(&n.raw, &n.id, id).unwrap_or_else(|| {
            // A letter written in its own alphabet (`б)` for point_b): the number in the same frame.
            let close = n.raw.chars().next_back().filter(|c| matches!(c, ')' | '.')).map(String::from);
            format!("{id}{}", close.unwrap_or_default())
        }),
        None => id.to_string(),
    }
}

/// Gives the provision `p` (with what it holds) the number `id`, beside siblings whose parent is `parent_eid`.
pub(crate) fn renumber_one(p: &mut Provision, parent_eid: &str, id: &str) {
    let new_eid = join(parent_eid, p.kind.eid_prefix(), id);
    p.num = Some(Num { raw: raw_with_id(p.num.as_ref(), id), id: id.to_string() });
    rename(p, &new_eid);
}

/// Changes `p`'s eId to `new_eid`, and the eIds below it with it.
fn rename(p: &mut Provision, new_eid: &str) {
    let old = std::mem::replace(&mut p.eid, new_eid.to_string());
    for c in &mut p.children {
        let tail = c.eid.strip_prefix(&old).map(str::to_string);
        if let Some(tail) = tail {
            let e = format!("{new_eid}{tail}");
            rename(c, &e);
        }
    }
}

/// Numbers the children of `p` again from 1 in order (those numbered with digits), after a split or merge.
pub(crate) fn renumber_children(p: &mut Provision, parent_eid: &str) {
    let mut n = 0;
    for c in &mut p.children {
        let numeric = c.num.as_ref().is_some_and(|x| x.id.starts_with(|ch: char| ch.is_ascii_digit()));
        if !numeric {
            continue;
        }
        n += 1;
        let list_base = parent(&c.eid).filter(|b| b.contains("__list_")).map(str::to_string);
        let base = list_base.unwrap_or_else(|| parent_eid.to_string());
        renumber_one(c, &base, &n.to_string());
    }
}

/// Full renumbering: the articles of the law from 1 in order, and the parts and points of each provision from 1
/// (those numbered with digits; lettered subpoints keep their letters). A locked provision (by wId) keeps its
/// number, and the count goes on after it.
pub(crate) fn renumber_all(e: &mut Expression, locked: &BTreeSet<String>) {
    let mut n: u32 = 0;
    // The numbers locked articles keep are skipped by the others (two provisions never share an eId).
    let reserved: BTreeSet<u32> = e
        .articles()
        .filter(|p| locked.contains(&p.wid))
        .filter_map(|p| p.num.as_ref().and_then(|x| NumberKey::from_id(&x.id)))
        .filter(|k| k.inserts.is_empty() && k.suffix.is_empty())
        .map(|k| k.base)
        .collect();
    fn articles(list: &mut [Provision], f: &mut dyn FnMut(&mut Provision)) {
        for p in list {
            if p.kind == Kind::Article {
                f(p);
            } else if p.kind.is_container() {
                articles(&mut p.children, f);
            }
        }
    }
    articles(&mut e.body, &mut |p| {
        if locked.contains(&p.wid) {
            if let Some(k) = p.num.as_ref().and_then(|x| NumberKey::from_id(&x.id)) {
                n = n.max(k.base);
            }
        } else {
            n += 1;
            while reserved.contains(&n) {
                n += 1;
            }
            if p.num.as_ref().is_none_or(|x| x.id != n.to_string()) {
                renumber_one(p, "", &n.to_string());
            }
        }
        let eid = p.eid.clone();
        children(p, &eid, locked);
    });
    fn children(p: &mut Provision, parent_eid: &str, locked: &BTreeSet<String>) {
        let mut n: u32 = 0;
        for c in &mut p.children {
            let numeric = c.num.as_ref().is_some_and(|x| x.id.starts_with(|ch: char| ch.is_ascii_digit()));
            if numeric {
                if locked.contains(&c.wid) {
                    if let Some(k) = c.num.as_ref().and_then(|x| NumberKey::from_id(&x.id)) {
                        n = n.max(k.base);
                    }
                } else {
                    n += 1;
                    if c.num.as_ref().is_none_or(|x| x.id != n.to_string()) {
                        let base = parent(&c.eid)
                            .filter(|b| b.contains("__list_"))
                            .map_or_else(|| parent_eid.to_string(), str::to_string);
                        renumber_one(c, &base, &n.to_string());
                    }
                }
            }
            let eid = c.eid.clone();
            children(c, &eid, locked);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_replaced_where_it_stands_alone() {
        assert_eq!(
            replace_number("Article 15 of this Law", "15", "12-2").as_deref(),
            Some("Article 12-2 of this Law")
        );
        assert_eq!(replace_number("Article 115 and 15", "15", "16").as_deref(), Some("Article 115 and 16"));
        assert_eq!(replace_number("Article 15-1", "15", "16"), None, "15-1 is another number");
        assert_eq!(replace_number("15-nji madda", "15", "12-1").as_deref(), Some("12-1-nji madda"));
        assert_eq!(replace_number("5-nji madda", "5", "6").as_deref(), Some("6-njy madda"));
        assert_eq!(replace_number("2.", "2", "2-1").as_deref(), Some("2-1."));
        assert_eq!(replace_number("Статья 12", "12", "12-1").as_deref(), Some("Статья 12-1"));
    }
}
