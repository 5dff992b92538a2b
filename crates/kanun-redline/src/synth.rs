//! Drafts made from real laws by random, realistic edits whose effect is known: the truth against which the
//! alignment is measured (precision and recall per class) and on which the instruction round trip is tested.
//!
//! Edits, each on articles no other edit touched: **modify** (a word replaced, a clause added or dropped, a
//! point added), **new** (an inserted article `N-1`), **repeal** (removed, or left as a stub), **move** (an
//! article placed elsewhere, keeping its number), **split** (an article's parts divided into two articles),
//! **merge** (two neighbouring articles joined), and at most once **renumber** (a new article `N` inserted and
//! every later article moved up by one). Chapters stay as they are. Deterministic for a seed.

use kanun_model::{Expression, Kind, Num, Provision};

use crate::model::{Class, LineChange};

/// One true alignment decision, by eIds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Truth {
    /// The class.
    pub class: Class,
    /// Base eIds.
    pub base: Vec<String>,
    /// Draft eIds.
    pub draft: Vec<String>,
}

/// What a modification did to one line inside a modified article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineEdit {
    /// The eId (in the draft) of the provision whose line changed or was added.
    pub eid: String,
    /// Modified (words changed) or new (a point added).
    pub change: LineChange,
}

/// A generated draft and the truth about it.
#[derive(Debug, Clone)]
pub struct Case {
    /// The draft (full text).
    pub draft: Expression,
    /// What happened to every base article.
    pub truth: Vec<Truth>,
    /// Inside the articles that are only modified: the one line each modification touched.
    pub lines: Vec<LineEdit>,
}

pub use kanun_model::rng::Rng;

/// Where each article of the draft came from while it is being edited.
#[derive(Debug, Clone)]
struct Slot {
    art: Provision,
    origin: Vec<String>,
    class: Class,
    group: usize,
}

/// Makes one draft from `base` with `edits` random edits.
pub fn draft_from(base: &Expression, seed: u64, edits: usize) -> Case {
    let mut rng = Rng::new(seed);
    let vocab = vocabulary(base);
    // Chapters hold slots; the body keeps its containers.
    let mut groups: Vec<Vec<Slot>> = Vec::new();
    let mut skeleton = base.clone();
    collect(&mut skeleton.body, &mut groups);
    let mut removed: Vec<Truth> = Vec::new();
    let mut line_edits: Vec<LineEdit> = Vec::new();
    let mut renumbered = false;
    for _ in 0..edits {
        let g = rng.below_by_remainder(groups.len());
        if groups[g].is_empty() {
            continue;
        }
        let k = rng.below_by_remainder(groups[g].len());
        let fresh = |s: &Slot| s.class == Class::Unchanged && !s.art.repealed && s.origin.len() == 1;
        if !fresh(&groups[g][k]) {
            continue;
        }
        match rng.below_by_remainder(8) {
            0 | 1 => {
                let slot = &mut groups[g][k];
                if let Some(edit) = modify(&mut slot.art, &mut rng, &vocab) {
                    slot.class = Class::Modified;
                    line_edits.push(edit);
                }
            }
            2 => {
                let id = format!("{}-1", groups[g][k].art.num.as_ref().map_or("0", |n| n.id.as_str()));
                if all_ids(&groups).contains(&id) {
                    continue;
                }
                let art = new_article(&id, &groups[g][k].art, &mut rng, &vocab);
                groups[g].insert(k + 1, Slot { art, origin: Vec::new(), class: Class::New, group: g });
            }
            3 => {
                let slot = groups[g].remove(k);
                if rng.below_by_remainder(2) == 0 || renumbered {
                    removed.push(Truth { class: Class::Repealed, base: slot.origin, draft: Vec::new() });
                } else {
                    let mut stub = slot.art.clone();
                    stub.heading = Some(crate::instructions::stub(base.meta.language).into());
                    stub.intro.clear();
                    stub.children.clear();
                    stub.wrap_up.clear();
                    stub.repealed = true;
                    groups[g]
                        .insert(k, Slot { art: stub, origin: slot.origin, class: Class::Repealed, group: g });
                }
            }
            4 => {
                // A move is a move only if it changes the order by two places or more (a swap of neighbours
                // has no single moved article).
                let before = flat_index(&groups, g, k);
                let mut slot = groups[g].remove(k);
                let g2 = rng.below_by_remainder(groups.len());
                let k2 = rng.below_by_remainder(groups[g2].len() + 1);
                let after = flat_index(&groups, g2, k2);
                if after.abs_diff(before) < 2 {
                    groups[g].insert(k, slot);
                    continue;
                }
                slot.class = Class::Renumbered;
                slot.group = g2;
                groups[g2].insert(k2, slot);
            }
            5 => {
                let art = &groups[g][k].art;
                let Some((a, b)) = split(art, &all_ids(&groups)) else { continue };
                let origin = groups[g][k].origin.clone();
                groups[g][k] = Slot { art: a, origin: origin.clone(), class: Class::Split, group: g };
                groups[g].insert(k + 1, Slot { art: b, origin, class: Class::Split, group: g });
            }
            6 => {
                if k + 1 >= groups[g].len() || !fresh(&groups[g][k + 1]) {
                    continue;
                }
                let second = groups[g].remove(k + 1);
                let first = &mut groups[g][k];
                first.art = merge(&first.art, &second.art);
                first.origin.extend(second.origin);
                first.class = Class::Merged;
            }
            _ => {
                if renumbered || groups.iter().flatten().any(|s| s.art.repealed && s.class == Class::Repealed)
                {
                    continue;
                }
                let Some(t) = groups[g][k].art.num.as_ref().and_then(|n| n.id.parse::<u64>().ok()) else {
                    continue;
                };
                renumbered = true;
                shift(&mut groups, t);
                let art = new_article(&t.to_string(), &groups[g][k].art, &mut rng, &vocab);
                groups[g].insert(k, Slot { art, origin: Vec::new(), class: Class::New, group: g });
            }
        }
    }
    // Truth.
    let mut truth = removed;
    let mut seen_groups: Vec<Vec<String>> = Vec::new();
    for s in groups.iter().flatten() {
        if s.origin.is_empty() {
            truth.push(Truth { class: Class::New, base: Vec::new(), draft: vec![s.art.eid.clone()] });
            continue;
        }
        if s.class == Class::Split {
            if seen_groups.contains(&s.origin) {
                if let Some(t) = truth.iter_mut().find(|t| t.class == Class::Split && t.base == s.origin) {
                    t.draft.push(s.art.eid.clone());
                }
                continue;
            }
            seen_groups.push(s.origin.clone());
        }
        let renumbered_now = s.origin.len() == 1 && s.origin[0] != s.art.eid;
        let class = match s.class {
            Class::Unchanged | Class::Modified if renumbered_now => Class::Renumbered,
            c => c,
        };
        truth.push(Truth { class, base: s.origin.clone(), draft: vec![s.art.eid.clone()] });
    }
    let mut draft = skeleton;
    draft.meta.kind = kanun_model::DocKind::Draft;
    draft.meta.amends = Some(base.meta.work.clone());
    draft.meta.base = Some(base.meta.date);
    distribute(&mut draft.body, &mut groups.into_iter());
    for t in &mut truth {
        t.draft.sort();
    }
    truth.sort();
    // Line truth only for articles that stayed modified in place (renumbering changes their eIds).
    let lines = line_edits
        .into_iter()
        .filter(|e| {
            let art = kanun_model::eid::Eid::new(&e.eid).article();
            truth.iter().any(|t| t.class == Class::Modified && t.draft.iter().any(|d| d == art))
        })
        .collect();
    Case { draft, truth, lines }
}

/// Takes the articles out of the containers (leaving the containers), one group per article list.
fn collect(ps: &mut Vec<Provision>, groups: &mut Vec<Vec<Slot>>) {
    let g = groups.len();
    let mut mine = Vec::new();
    let mut rest = Vec::new();
    for p in ps.drain(..) {
        if p.kind == Kind::Article {
            mine.push(Slot { origin: vec![p.eid.clone()], art: p, class: Class::Unchanged, group: g });
        } else {
            rest.push(p);
        }
    }
    groups.push(mine);
    for mut c in rest {
        collect(&mut c.children, groups);
        ps.push(c);
    }
}

/// Puts the groups' articles back in the same traversal order as [`collect`].
fn distribute(ps: &mut Vec<Provision>, groups: &mut std::vec::IntoIter<Vec<Slot>>) {
    let mine: Vec<Provision> = groups.next().unwrap_or_default().into_iter().map(|s| s.art).collect();
    let containers: Vec<Provision> = std::mem::take(ps);
    ps.extend(mine);
    for mut c in containers {
        distribute(&mut c.children, groups);
        ps.push(c);
    }
}

fn flat_index(groups: &[Vec<Slot>], g: usize, k: usize) -> usize {
    groups[..g].iter().map(Vec::len).sum::<usize>() + k
}

fn all_ids(groups: &[Vec<Slot>]) -> Vec<String> {
    groups.iter().flatten().filter_map(|s| s.art.num.as_ref().map(|n| n.id.clone())).collect()
}

fn vocabulary(e: &Expression) -> Vec<String> {
    let mut v: Vec<String> = e
        .articles()
        .flat_map(|a| {
            crate::words::tokens(&a.plain_text()).iter().map(|t| t.text.to_string()).collect::<Vec<_>>()
        })
        .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
        .collect();
    v.sort();
    v.dedup();
    v
}

fn sentence(rng: &mut Rng, vocab: &[String], n: usize) -> String {
    let mut s: Vec<String> =
        (0..n).map(|_| vocab[rng.below_by_remainder(vocab.len())].to_lowercase()).collect();
    if let Some(f) = s.first_mut() {
        let mut c = f.chars();
        *f = c.next().map(|x| x.to_uppercase().chain(c).collect()).unwrap_or_default();
    }
    format!("{}.", s.join(" "))
}

fn new_article(id: &str, like: &Provision, rng: &mut Rng, vocab: &[String]) -> Provision {
    let mut p = Provision::new(Kind::Article, format!("art_{id}"));
    let raw = like.num.as_ref().map_or_else(|| format!("Article {id}"), |n| n.raw.replacen(&n.id, id, 1));
    p.num = Some(Num { raw, id: id.to_string() });
    p.heading = Some(sentence(rng, vocab, 3).trim_end_matches('.').to_string());
    let n = 14 + rng.below_by_remainder(10);
    p.intro.push(sentence(rng, vocab, n));
    p
}

/// One text paragraph of a provision tree, chosen at random, to edit.
fn some_text<'a>(p: &'a mut Provision, rng: &mut Rng) -> Option<(String, &'a mut String)> {
    let n = count_texts(p);
    if n == 0 {
        return None;
    }
    let k = rng.below_by_remainder(n);
    nth_text(p, k)
}

fn count_texts(p: &Provision) -> usize {
    p.intro.len() + p.children.iter().map(count_texts).sum::<usize>()
}

fn nth_text(p: &mut Provision, mut k: usize) -> Option<(String, &mut String)> {
    if k < p.intro.len() {
        let eid = p.eid.clone();
        return p.intro.get_mut(k).map(|t| (eid, t));
    }
    k -= p.intro.len();
    for c in &mut p.children {
        let n = count_texts(c);
        if k < n {
            return nth_text(c, k);
        }
        k -= n;
    }
    None
}

/// What a modification did inside its article: the eId of the line's provision in the draft, and how.
fn modify(p: &mut Provision, rng: &mut Rng, vocab: &[String]) -> Option<LineEdit> {
    let choice = rng.below_by_remainder(4);
    if choice == 3
        && p.children.len() >= 2
        && p.children.iter().all(|c| c.kind == Kind::Point && c.children.is_empty())
    {
        // A point added at the end.
        let last = p.children.last().cloned();
        if let Some(last) = last
            && let Some(n) = last.num.as_ref().and_then(|n| n.id.parse::<u32>().ok())
        {
            let mut q = last.clone();
            let id = (n + 1).to_string();
            q.eid = kanun_model::eid::join(&p.eid, "point", &id);
            q.wid = q.eid.clone();
            q.num = Some(Num {
                raw: last.num.as_ref().map_or(String::new(), |m| m.raw.replacen(&m.id, &id, 1)),
                id,
            });
            q.intro = vec![sentence(rng, vocab, 6).trim_end_matches('.').to_string() + ";"];
            let edit = LineEdit { eid: q.eid.clone(), change: LineChange::New };
            p.children.push(q);
            return Some(edit);
        }
    }
    let (eid, text) = some_text(p, rng)?;
    let words: Vec<String> = text.split(' ').map(str::to_string).collect();
    if words.len() < 6 {
        return None;
    }
    let i = 1 + rng.below_by_remainder(words.len() - 2);
    let mut w = words.clone();
    match choice {
        0 => w[i] = vocab[rng.below_by_remainder(vocab.len())].to_lowercase(),
        1 => {
            let add = sentence(rng, vocab, 3);
            w.insert(i, add.trim_end_matches('.').to_lowercase());
        }
        _ => {
            let take = 1 + rng.below_by_remainder(2.min(words.len() - i - 1).max(1));
            w.drain(i..(i + take).min(w.len() - 1));
        }
    }
    let new = w.join(" ");
    if new == *text {
        return None;
    }
    *text = new;
    Some(LineEdit { eid, change: LineChange::Modified })
}

fn split(a: &Provision, ids: &[String]) -> Option<(Provision, Provision)> {
    if a.children.len() < 4 || !a.wrap_up.is_empty() {
        return None;
    }
    let id = format!("{}-1", a.num.as_ref()?.id);
    if ids.contains(&id) {
        return None;
    }
    let half = a.children.len() / 2;
    let mut first = a.clone();
    let rest = first.children.split_off(half);
    let mut second = Provision::new(Kind::Article, format!("art_{id}"));
    second.num = Some(Num { raw: a.num.as_ref()?.raw.replacen(&a.num.as_ref()?.id, &id, 1), id: id.clone() });
    second.heading = a.heading.clone().map(|h| format!("{h} (continued)"));
    // The second article's parts keep their text, numbered from one.
    for (k, mut c) in rest.into_iter().enumerate() {
        let n = (k + 1).to_string();
        let old = c.eid.clone();
        let prefix =
            kanun_model::eid::Eid::new(&old).levels().last().map_or("para", |l| l.prefix).to_string();
        let new_eid = kanun_model::eid::join(&second.eid, &prefix, &n);
        rename(&mut c, &old, &new_eid);
        if let Some(num) = &mut c.num {
            num.raw = num.raw.replacen(&num.id, &n, 1);
            num.id = n;
        }
        second.children.push(c);
    }
    Some((first, second))
}

fn rename(p: &mut Provision, from: &str, to: &str) {
    if let Some(rest) = p.eid.strip_prefix(from) {
        p.eid = format!("{to}{rest}");
        p.wid = p.eid.clone();
    }
    for c in &mut p.children {
        rename(c, from, to);
    }
}

fn merge(a: &Provision, b: &Provision) -> Provision {
    let mut m = a.clone();
    let lines: Vec<String> =
        a.plain_text().lines().chain(b.plain_text().lines()).map(str::to_string).collect();
    m.intro = lines;
    m.children.clear();
    m.wrap_up.clear();
    m.heading = match (&a.heading, &b.heading) {
        (Some(x), Some(y)) => Some(format!("{x}; {y}")),
        (x, _) => x.clone(),
    };
    m
}

/// Every article numbered `t` or more (by its leading integer) moves up by one.
fn shift(groups: &mut [Vec<Slot>], t: u64) {
    for s in groups.iter_mut().flatten() {
        let Some(n) = &s.art.num else { continue };
        let digits: String = n.id.chars().take_while(char::is_ascii_digit).collect();
        let Ok(v) = digits.parse::<u64>() else { continue };
        if v < t {
            continue;
        }
        let id = format!("{}{}", v + 1, &n.id[digits.len()..]);
        let old = s.art.eid.clone();
        let new_eid = format!("art_{id}");
        rename(&mut s.art, &old, &new_eid);
        if let Some(n) = &mut s.art.num {
            n.raw = n.raw.replacen(&n.id, &id, 1);
            n.id = id;
        }
    }
}
