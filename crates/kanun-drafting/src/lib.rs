//! Drafting: a draft started from the law in force, in each of its languages, and changed provision by
//! provision, as the drafting editors of parliaments do (LEOS, Lawmaker, LegisPro) and as the amending laws of the
//! region are written.
//!
//! A [`Draft`] holds the full proposed text in every language of the law (parallel versions keep one structure:
//! the same provisions, eIds and wIds in the same order). A [`Change`] edits the wording of one provision in one
//! language, or changes the structure in all languages at once: insert an article, part or point before or after
//! another, repeal, move, split, merge, lock a number. Numbers follow the draft's [`Numbering`] convention:
//! insertion numbers (`12-1`, `12-2` between 12 and 13, the law's own numbers untouched) or full renumbering
//! (locked numbers kept). Each provision keeps its wId through renumbering and moves, so that the redline pairs it
//! with the provision it was (and shows it renumbered or moved), and a comment on it stays on it.
//!
//! When a provision's number changes, the citations of it inside the draft follow (`Article 15` → `Article 12-1`,
//! in each language's own words) and each rewrite is listed in the [`Outcome`] for the drafter to confirm.
//! [`check`] lists what a drafter must still settle: numbering gaps and duplicates, citations of missing or
//! repealed provisions, changes without a justification, a provision changed in one language but not the others.
//!
//! The crate is pure: texts in, texts out. Storing drafts and their revisions is the store's; the redline and the
//! comparative table are `kanun-redline`'s, over [`Draft::texts`].

mod checks;
mod follow;
mod numbering;

use std::collections::BTreeSet;

use kanun_model::{Date, DocKind, DraftScope, Expression, Kind, Language, Num, Provision, Status, WorkUri};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use checks::{Finding, FindingKind, check};
pub use follow::Followed;

/// How a draft numbers the provisions it adds, moves or removes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Numbering {
    /// The law's numbers stay; a new article after 12 is 12-1 (then 12-2), a repealed one stays as a stub, as the
    /// amending laws of the region write them.
    #[default]
    Insertion,
    /// Every article, part and point is numbered again from 1 in order (a law in new wording); a repealed
    /// provision leaves the text; locked numbers are kept.
    Renumber,
}

/// Where a provision goes relative to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Place {
    /// Just before it.
    Before,
    /// Just after it.
    After,
}

/// A draft: the proposed text in each language, and how it numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// One full text per language, all of one structure; the first is the language the draft was started in.
    pub texts: Vec<Expression>,
    /// The numbering convention.
    pub numbering: Numbering,
    /// The wIds whose numbers full renumbering keeps.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub locked: BTreeSet<String>,
    /// How many provisions the draft has added (each new provision's wId counts on from it).
    #[serde(default)]
    pub added: u32,
}

/// One change to a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Change {
    /// New wording of a provision's own text in one language: its heading, the text before its numbered
    /// children (all its text when it has none), the text after them. What is not given stays.
    Edit {
        /// The provision.
        eid: String,
        /// The language of the wording.
        language: Language,
        /// The heading (articles and containers).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        heading: Option<String>,
        /// The paragraphs before the numbered children.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        intro: Option<Vec<String>>,
        /// The paragraphs after them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        wrap_up: Option<Vec<String>>,
    },
    /// A new article, part or point before or after `eid` (one of the same kind), its text in `language`; the
    /// other languages get the provision without text, to be translated.
    Insert {
        /// The provision it goes beside.
        eid: String,
        /// Before or after it.
        place: Place,
        /// The language of the text given.
        language: Language,
        /// Its heading (an article's).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        heading: Option<String>,
        /// Its text.
        #[serde(default)]
        text: Vec<String>,
    },
    /// Repeals a provision: a stub «(repealed)» under insertion numbering, gone from the text under full
    /// renumbering.
    Repeal {
        /// The provision.
        eid: String,
    },
    /// Moves a provision (with what it holds) before or after another of the same kind.
    Move {
        /// The provision moved.
        eid: String,
        /// The one it goes beside.
        to: String,
        /// Before or after it.
        place: Place,
    },
    /// Splits a provision after its `at`-th numbered child: the children after it become a new provision of the
    /// same kind just after it.
    Split {
        /// The provision.
        eid: String,
        /// How many children stay.
        at: usize,
    },
    /// Merges the provision that follows `eid` (of the same kind) into it.
    Merge {
        /// The provision that stays.
        eid: String,
    },
    /// Locks (or unlocks) a provision's number against full renumbering.
    Lock {
        /// The provision.
        eid: String,
        /// Locked or not.
        locked: bool,
    },
}

/// A change and why it is made (the comparative table's justification).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The change.
    #[serde(flatten)]
    pub change: Change,
    /// Why: kept with the provision changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}

/// What a change did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The provision changed or made, as it is now (for a merge, the one that stays; for a repeal under full
    /// renumbering, none).
    pub eid: Option<String>,
    /// Provisions whose eId changed: (before, after).
    pub renumbered: Vec<(String, String)>,
    /// Citations in the draft rewritten to follow them, for the drafter to confirm.
    pub followed: Vec<Followed>,
}

/// Why a draft cannot be started or a change made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DraftingError {
    /// No text to start from.
    #[error("a draft starts from at least one text of the law")]
    NoText,
    /// The texts given are not versions of one law on one date.
    #[error(
        "{0} is not a version of the same law on the same date as {1}: start a draft from one law as in force on one date"
    )]
    NotParallel(String, String),
    /// Parallel texts differ in structure.
    #[error(
        "the {lang} text has {eid}, which the {first} text lacks: a draft keeps one structure in all languages (fix the texts with `kanun check`)"
    )]
    Structure {
        /// The language with the extra provision.
        lang: Language,
        /// The provision.
        eid: String,
        /// The first language.
        first: Language,
    },
    /// No such provision.
    #[error("the draft has no provision {0:?} (eIds look like art_12, art_12__para_2)")]
    NoProvision(String),
    /// No text in that language.
    #[error("the draft has no {0} text (it has {1})")]
    NoLanguage(Language, String),
    /// Two provisions of different kinds.
    #[error(
        "{eid} is {kind}, {other} is {other_kind}: a provision moves or is inserted beside one of its own kind"
    )]
    Kinds {
        /// The first.
        eid: String,
        /// Its kind.
        kind: &'static str,
        /// The second.
        other: String,
        /// Its kind.
        other_kind: &'static str,
    },
    /// Not a kind that is inserted, split or merged.
    #[error("{eid} is {kind}: only articles, parts and points are inserted, moved, split or merged")]
    NotNumbered {
        /// The provision.
        eid: String,
        /// Its kind.
        kind: &'static str,
    },
    /// No insertion number fits.
    #[error("no insertion number fits {place} {eid}: {why}")]
    NoNumber {
        /// Before or after.
        place: &'static str,
        /// The provision.
        eid: String,
        /// Why, and what to do.
        why: String,
    },
    /// Nothing to split or merge.
    #[error("{0}")]
    Shape(String),
    /// A provision moved into itself.
    #[error("{0} cannot move beside a provision it holds")]
    IntoItself(String),
}

impl Draft {
    /// A draft of the law whose texts (one per language, all as in force on one date) are `bases`, as the work
    /// `uri` dated `date`. The first text is the draft's first language.
    pub fn start(
        bases: &[&Expression],
        uri: WorkUri,
        date: Date,
        numbering: Numbering,
    ) -> Result<Draft, DraftingError> {
        let first = *bases.first().ok_or(DraftingError::NoText)?;
        let shape: Vec<&str> = first.walk().map(|p| p.eid.as_str()).collect();
        for b in &bases[1..] {
            if b.meta.work != first.meta.work || b.meta.date != first.meta.date {
                return Err(DraftingError::NotParallel(b.id().to_string(), first.id().to_string()));
            }
            let other: Vec<&str> = b.walk().map(|p| p.eid.as_str()).collect();
            if other != shape {
                let (lang, eid) = match other.iter().find(|e| !shape.contains(e)) {
                    Some(e) => (b.meta.language, e.to_string()),
                    None => (
                        first.meta.language,
                        shape.iter().find(|e| !other.contains(e)).map_or_else(String::new, |e| e.to_string()),
                    ),
                };
                let first_lang =
                    if lang == first.meta.language { b.meta.language } else { first.meta.language };
                return Err(DraftingError::Structure { lang, eid, first: first_lang });
            }
        }
        let texts = bases
            .iter()
            .map(|b| {
                let mut e = (*b).clone();
                e.meta.work = uri.clone();
                e.meta.date = date;
                e.meta.status = Status::Draft;
                e.meta.kind = DocKind::Draft;
                e.meta.amends = Some(b.meta.work.clone());
                e.meta.base = Some(b.meta.date);
                e.meta.scope = DraftScope::Full;
                e.meta.note = Some(format!("Drafted in Kanun from {}.", b.id()));
                e
            })
            .collect();
        Ok(Draft { texts, numbering, locked: BTreeSet::new(), added: 0 })
    }

    /// The text in `language`.
    pub fn text(&self, language: Language) -> Result<&Expression, DraftingError> {
        self.texts.iter().find(|e| e.meta.language == language).ok_or_else(|| {
            DraftingError::NoLanguage(
                language,
                self.texts.iter().map(|e| e.meta.language.code()).collect::<Vec<_>>().join(", "),
            )
        })
    }

    /// The languages, the first one first.
    pub fn languages(&self) -> Vec<Language> {
        self.texts.iter().map(|e| e.meta.language).collect()
    }

    /// Makes a change; on an error the draft is as it was.
    pub fn apply(&mut self, step: &Step) -> Result<Outcome, DraftingError> {
        let mut next = self.clone();
        // Only a change of structure can change numbers, and so the citations that must follow them.
        let structural = !matches!(step.change, Change::Edit { .. } | Change::Lock { .. })
            || self.numbering == Numbering::Renumber && matches!(step.change, Change::Lock { .. });
        let before = if structural {
            follow::Citations::of(&next.texts)
        } else {
            follow::Citations::none(next.texts.len())
        };
        let before_eids: Vec<Vec<(String, String)>> =
            next.texts.iter().map(|e| e.walk().map(|p| (p.wid.clone(), p.eid.clone())).collect()).collect();
        let mut eid = next.change(&step.change)?;
        if let Some(j) = step.justification.as_deref().map(str::trim).filter(|j| !j.is_empty())
            && let Some(target) = &eid
        {
            // Kept with the article (the comparative table's row), whatever part of it changed.
            let holder = kanun_model::eid::Eid::new(target).article().to_string();
            for e in &mut next.texts {
                if let Some(p) = find_mut(&mut e.body, &holder) {
                    p.notes.retain(|n| n != j);
                    p.notes.push(j.to_string());
                }
            }
        }
        // Renumbered: by wId, what each provision's eId was and is.
        let wid = eid.as_ref().and_then(|x| next.texts[0].find(x).map(|p| p.wid.clone()));
        if next.numbering == Numbering::Renumber {
            for e in &mut next.texts {
                numbering::renumber_all(e, &next.locked);
            }
        }
        if let Some(w) = wid {
            eid = next.texts[0].find_wid(&w).map(|p| p.eid.clone());
        }
        let mut renumbered = Vec::new();
        for (wid, old) in &before_eids[0] {
            if let Some(p) = next.texts[0].find_wid(wid)
                && p.eid != *old
            {
                renumbered.push((old.clone(), p.eid.clone()));
            }
        }
        let followed = before.follow(&mut next.texts, &before_eids);
        *self = next;
        Ok(Outcome { eid, renumbered, followed })
    }

    fn change(&mut self, change: &Change) -> Result<Option<String>, DraftingError> {
        match change {
            Change::Edit { eid, language, heading, intro, wrap_up } => {
                let langs = self.languages();
                let e = self
                    .texts
                    .iter_mut()
                    .find(|e| e.meta.language == *language)
                    .ok_or_else(|| no_language(*language, &langs))?;
                let p = find_mut(&mut e.body, eid).ok_or_else(|| DraftingError::NoProvision(eid.clone()))?;
                if let Some(h) = heading {
                    p.heading = Some(h.trim().to_string()).filter(|h| !h.is_empty());
                }
                if let Some(i) = intro {
                    p.intro = paragraphs(i);
                }
                if let Some(w) = wrap_up {
                    p.wrap_up = paragraphs(w);
                }
                if p.repealed && !(p.intro.is_empty() && p.children.is_empty()) {
                    p.repealed = false;
                    p.repealed_by = None;
                }
                Ok(Some(eid.clone()))
            }
            Change::Insert { eid, place, language, heading, text } => {
                let langs = self.languages();
                if !langs.contains(language) {
                    return Err(no_language(*language, &langs));
                }
                let anchor =
                    self.texts[0].find(eid).ok_or_else(|| DraftingError::NoProvision(eid.clone()))?;
                numbered_kind(anchor)?;
                let new_id = numbering::insertion_id(&self.texts[0], anchor, *place, self.numbering)?;
                self.added += 1;
                let wid_seed = self.added;
                let mut made = None;
                for e in &mut self.texts {
                    let anchor =
                        e.find(eid).cloned().ok_or_else(|| DraftingError::NoProvision(eid.clone()))?;
                    let mut p = Provision::new(
                        anchor.kind,
                        numbering::eid_with_id(&anchor.eid, anchor.kind, &new_id),
                    );
                    p.wid = format!("{}~new{wid_seed}", p.eid);
                    p.num = Some(Num {
                        raw: numbering::raw_with_id(anchor.num.as_ref(), &new_id),
                        id: new_id.clone(),
                    });
                    if e.meta.language == *language {
                        p.heading =
                            heading.as_deref().map(str::trim).filter(|h| !h.is_empty()).map(str::to_string);
                        p.intro = paragraphs(text);
                    }
                    made = Some(p.eid.clone());
                    let anchor_eid = anchor.eid.clone();
                    if !place_beside(&mut e.body, &anchor_eid, *place, p) {
                        return Err(DraftingError::NoProvision(eid.clone()));
                    }
                }
                Ok(made)
            }
            Change::Repeal { eid } => {
                let numbering = self.numbering;
                for e in &mut self.texts {
                    let p =
                        find_mut(&mut e.body, eid).ok_or_else(|| DraftingError::NoProvision(eid.clone()))?;
                    match numbering {
                        Numbering::Insertion => {
                            // The stub as the law writes it (and the corpus format reads it back): the phrase is an
                            // article's title, a part's or point's text.
                            let phrase = repeal_phrase(e.meta.language, p.kind).to_string();
                            p.repealed = true;
                            p.repealed_by = None;
                            p.intro.clear();
                            p.children.clear();
                            p.wrap_up.clear();
                            if p.kind == Kind::Article || p.kind.is_container() {
                                p.heading = Some(phrase);
                            } else {
                                p.heading = None;
                                p.intro = vec![phrase];
                            }
                        }
                        Numbering::Renumber => {
                            take(&mut e.body, eid);
                        }
                    }
                }
                Ok((numbering == Numbering::Insertion).then(|| eid.clone()))
            }
            Change::Move { eid, to, place } => {
                let (a, b) = (
                    self.texts[0].find(eid).ok_or_else(|| DraftingError::NoProvision(eid.clone()))?,
                    self.texts[0].find(to).ok_or_else(|| DraftingError::NoProvision(to.clone()))?,
                );
                same_kind(a, b)?;
                numbered_kind(a)?;
                if a.find(to).is_some() {
                    return Err(DraftingError::IntoItself(eid.clone()));
                }
                if eid == to {
                    return Ok(Some(eid.clone()));
                }
                // The number it takes at its new place (insertion numbering), worked out without it.
                let mut probe = self.texts[0].clone();
                take(&mut probe.body, eid);
                let anchor = probe.find(to).cloned().ok_or_else(|| DraftingError::NoProvision(to.clone()))?;
                let new_id = numbering::insertion_id(&probe, &anchor, *place, self.numbering)?;
                let mut moved_eid = None;
                for e in &mut self.texts {
                    let mut p =
                        take(&mut e.body, eid).ok_or_else(|| DraftingError::NoProvision(eid.clone()))?;
                    let anchor = e
                        .find(to)
                        .map(|x| x.eid.clone())
                        .ok_or_else(|| DraftingError::NoProvision(to.clone()))?;
                    if self.numbering == Numbering::Insertion {
                        let parent = numbering::parent_eid(&anchor, p.kind);
                        numbering::renumber_one(&mut p, &parent, &new_id);
                    }
                    moved_eid = Some(p.eid.clone());
                    place_beside(&mut e.body, &anchor, *place, p);
                }
                Ok(moved_eid)
            }
            Change::Split { eid, at } => {
                let p = self.texts[0].find(eid).ok_or_else(|| DraftingError::NoProvision(eid.clone()))?;
                numbered_kind(p)?;
                if *at == 0 || *at >= p.children.len() {
                    return Err(DraftingError::Shape(format!(
                        "{eid} has {} numbered children: it splits after child 1 to {}",
                        p.children.len(),
                        p.children.len().saturating_sub(1)
                    )));
                }
                let new_id = numbering::insertion_id(&self.texts[0], p, Place::After, self.numbering)?;
                self.added += 1;
                let seed = self.added;
                for e in &mut self.texts {
                    let p =
                        find_mut(&mut e.body, eid).ok_or_else(|| DraftingError::NoProvision(eid.clone()))?;
                    let rest: Vec<Provision> = p.children.drain(*at..).collect();
                    let wrap_up = std::mem::take(&mut p.wrap_up);
                    let base_wid = p.wid.clone();
                    if p.replaces.is_empty() && !base_wid.contains("~new") {
                        p.replaces = vec![base_wid.clone()];
                    }
                    let mut q = Provision::new(p.kind, numbering::eid_with_id(&p.eid, p.kind, &new_id));
                    q.wid = format!("{}~new{seed}", q.eid);
                    q.num = Some(Num {
                        raw: numbering::raw_with_id(p.num.as_ref(), &new_id),
                        id: new_id.clone(),
                    });
                    q.replaces = p.replaces.clone();
                    q.children = rest;
                    q.wrap_up = wrap_up;
                    let parent = q.eid.clone();
                    numbering::renumber_children(&mut q, &parent);
                    let anchor = p.eid.clone();
                    place_beside(&mut e.body, &anchor, Place::After, q);
                }
                Ok(Some(eid.clone()))
            }
            Change::Merge { eid } => {
                let next_eid = numbering::next_sibling(&self.texts[0], eid)
                    .ok_or_else(|| DraftingError::Shape(format!("nothing follows {eid} to merge into it")))?;
                for e in &mut self.texts {
                    let q = take(&mut e.body, &next_eid)
                        .ok_or_else(|| DraftingError::NoProvision(next_eid.clone()))?;
                    let p =
                        find_mut(&mut e.body, eid).ok_or_else(|| DraftingError::NoProvision(eid.clone()))?;
                    let mut replaces: Vec<String> =
                        if p.replaces.is_empty() { vec![p.wid.clone()] } else { p.replaces.clone() };
                    if q.replaces.is_empty() {
                        replaces.push(q.wid.clone());
                    } else {
                        replaces.extend(q.replaces.clone());
                    }
                    replaces.retain(|w| !w.contains("~new"));
                    replaces.dedup();
                    p.replaces = replaces;
                    if p.children.is_empty() && q.children.is_empty() {
                        p.intro.extend(q.intro);
                    } else {
                        p.wrap_up.extend(q.intro);
                        p.children.extend(q.children);
                    }
                    p.wrap_up.extend(q.wrap_up);
                    p.notes.extend(q.notes);
                    let parent = p.eid.clone();
                    numbering::renumber_children(p, &parent);
                }
                Ok(Some(eid.clone()))
            }
            Change::Lock { eid, locked } => {
                let wid = self.texts[0]
                    .find(eid)
                    .map(|p| p.wid.clone())
                    .ok_or_else(|| DraftingError::NoProvision(eid.clone()))?;
                if *locked {
                    self.locked.insert(wid);
                } else {
                    self.locked.remove(&wid);
                }
                Ok(Some(eid.clone()))
            }
        }
    }
}

/// How a repealed provision is written in a language: `(repealed)`, `(утратила силу)` (a point: `(утратил силу)`),
/// `(güýjüni ýitirdi)`.
fn repeal_phrase(language: Language, kind: Kind) -> &'static str {
    match language.code() {
        "rus" if kind == Kind::Point => "(утратил силу)",
        "rus" => "(утратила силу)",
        "tuk" => "(güýjüni ýitirdi)",
        _ => "(repealed)",
    }
}

fn no_language(l: Language, langs: &[Language]) -> DraftingError {
    DraftingError::NoLanguage(l, langs.iter().map(|l| l.code()).collect::<Vec<_>>().join(", "))
}

fn paragraphs(given: &[String]) -> Vec<String> {
    given.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

fn numbered_kind(p: &Provision) -> Result<(), DraftingError> {
    match p.kind {
        Kind::Article | Kind::Para | Kind::Point => Ok(()),
        k => Err(DraftingError::NotNumbered { eid: p.eid.clone(), kind: k.name() }),
    }
}

fn same_kind(a: &Provision, b: &Provision) -> Result<(), DraftingError> {
    if a.kind == b.kind {
        return Ok(());
    }
    Err(DraftingError::Kinds {
        eid: a.eid.clone(),
        kind: a.kind.name(),
        other: b.eid.clone(),
        other_kind: b.kind.name(),
    })
}

/// The provision with `eid`, to change.
pub(crate) fn find_mut<'a>(list: &'a mut [Provision], eid: &str) -> Option<&'a mut Provision> {
    for p in list {
        if p.eid == eid {
            return Some(p);
        }
        if let Some(found) = find_mut(&mut p.children, eid) {
            return Some(found);
        }
    }
    None
}

/// Takes the provision with `eid` out of the tree.
fn take(list: &mut Vec<Provision>, eid: &str) -> Option<Provision> {
    if let Some(i) = list.iter().position(|p| p.eid == eid) {
        return Some(list.remove(i));
    }
    list.iter_mut().find_map(|p| take(&mut p.children, eid))
}

/// Puts `p` before or after the provision `anchor`, in the same list.
fn place_beside(list: &mut Vec<Provision>, anchor: &str, place: Place, p: Provision) -> bool {
    if let Some(i) = list.iter().position(|x| x.eid == anchor) {
        list.insert(if place == Place::After { i + 1 } else { i }, p);
        return true;
    }
    let mut p = Some(p);
    for c in list.iter_mut() {
        if c.walk().any(|x| x.eid == anchor) {
            return p.take().is_some_and(|p| place_beside(&mut c.children, anchor, place, p));
        }
    }
    false
}

#[cfg(test)]
mod tests;
