//! Drafts of changes only (`scope = "changes"`) made whole: the base text with the draft's articles put in,
//! replaced and removed, so that every comparison works on two full texts.

use kanun_model::{DraftScope, Expression, Provision};

use crate::RedlineError;

/// The full proposed text of a draft: the draft itself when it is full, else the base with the draft's changes
/// applied (see `docs/corpus-format.md`, "Drafts").
pub fn materialize(base: &Expression, draft: &Expression) -> Result<Expression, RedlineError> {
    if draft.meta.scope == DraftScope::Full {
        return Ok(draft.clone());
    }
    let mut out = base.clone();
    out.meta = draft.meta.clone();
    out.meta.scope = DraftScope::Full;
    let mut last_placed: Option<String> = None;
    for d in draft.articles() {
        for eid in &d.repeals {
            if !remove(&mut out.body, eid) {
                return Err(unknown(draft, d, eid, "repeals"));
            }
        }
        if d.repeals.contains(&d.eid) && d.intro.is_empty() && d.children.is_empty() && d.wrap_up.is_empty() {
            continue;
        }
        let mut article = d.clone();
        article.repeals.clear();
        let targets: Vec<String> = if !d.replaces.is_empty() {
            d.replaces.clone()
        } else if d.wid != d.eid && base.find_wid(&d.wid).is_some() {
            vec![base.find_wid(&d.wid).map(|p| p.eid.clone()).unwrap_or_default()]
        } else if out.find(&d.eid).is_some() {
            vec![d.eid.clone()]
        } else {
            Vec::new()
        };
        if let Some(first) = targets.first() {
            // Without a wId of its own, the article keeps the identity of the one it replaces.
            if article.wid == article.eid
                && let Some(old) = out.find(first)
            {
                article.wid = old.wid.clone();
            }
            if !replace(&mut out.body, first, article) {
                // The first target may already have been replaced by an earlier piece of a split.
                if out.find(first).is_none() && !d.replaces.is_empty() {
                    let after = last_placed.clone().unwrap_or_default();
                    if !insert_after(&mut out.body, &after, d.clone()) {
                        return Err(unknown(draft, d, first, "replaces"));
                    }
                } else {
                    return Err(unknown(draft, d, first, "replaces"));
                }
            }
            for eid in &targets[1..] {
                if eid != &d.eid && !remove(&mut out.body, eid) && base.find(eid).is_none() {
                    return Err(unknown(draft, d, eid, "replaces"));
                }
            }
        } else {
            // A new article follows the article numbered just below it (12-1 after 12, 12-2 after 12-1).
            let after = match preceding_by_number(&out, d) {
                Some(e) => e,
                None => last_placed.clone().unwrap_or_default(),
            };
            if !insert_after(&mut out.body, &after, article) {
                out.body.push(d.clone());
            }
        }
        last_placed = Some(d.eid.clone());
    }
    Ok(out)
}

fn unknown(draft: &Expression, d: &Provision, eid: &str, attr: &str) -> RedlineError {
    RedlineError::UnknownTarget {
        draft: draft.id().to_string(),
        article: d.eid.clone(),
        attribute: attr.to_string(),
        target: eid.to_string(),
    }
}

fn remove(body: &mut Vec<Provision>, eid: &str) -> bool {
    if let Some(i) = body.iter().position(|p| p.eid == eid) {
        body.remove(i);
        return true;
    }
    body.iter_mut().filter(|p| p.kind.is_container()).any(|p| remove(&mut p.children, eid))
}

fn replace(body: &mut [Provision], eid: &str, with: Provision) -> bool {
    for p in body.iter_mut() {
        if p.eid == eid {
            *p = with;
            return true;
        }
    }
    let mut with = Some(with);
    for p in body.iter_mut().filter(|p| p.kind.is_container()) {
        if p.find(eid).is_some()
            && let Some(w) = with.take()
        {
            return replace(&mut p.children, eid, w);
        }
    }
    false
}

/// Inserts after the article `eid` (at the very start when `eid` is empty).
fn insert_after(body: &mut Vec<Provision>, eid: &str, p: Provision) -> bool {
    if eid.is_empty() {
        // Before the first article: inside the first container that holds articles.
        match body.iter_mut().find(|c| c.kind.is_container()) {
            Some(c) => {
                let at = c.children.iter().position(|x| !x.kind.is_container()).unwrap_or(0);
                c.children.insert(at, p);
            }
            None => body.insert(0, p),
        }
        return true;
    }
    if let Some(i) = body.iter().position(|x| x.eid == eid) {
        body.insert(i + 1, p);
        return true;
    }
    for c in body.iter_mut().filter(|c| c.kind.is_container()) {
        if c.find(eid).is_some() {
            return insert_after(&mut c.children, eid, p);
        }
    }
    false
}

/// The base article with the greatest number below the new article's number.
fn preceding_by_number(expr: &Expression, d: &Provision) -> Option<String> {
    let key = |p: &Provision| p.num.as_ref().map(|n| crate::number_key(&n.id));
    let k = key(d)?;
    expr.articles().filter(|p| key(p).is_some_and(|pk| pk < k)).last().map(|p| p.eid.clone())
}
