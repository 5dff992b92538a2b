//! Citations that follow the provisions they cite: when a change gives a provision another number (a move, a
//! renumbering), each citation of it in the draft is rewritten with the new number, in each language's own words
//! (`Article 15` → `Article 12-2`, `статьёй 15` → `статьёй 12-2`, `15-nji maddasynda` → `12-2-nji maddasynda`),
//! and listed for the drafter to confirm.

use std::collections::HashMap;

use kanun_model::eid::Eid;
use kanun_model::{Expression, Language, Provision};
use serde::{Deserialize, Serialize};

use crate::numbering::replace_number_with;

/// One citation rewritten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Followed {
    /// The language of the text.
    pub language: Language,
    /// The article holding the citation (as it is now).
    pub eid: String,
    /// The citation's words before.
    pub before: String,
    /// And after.
    pub after: String,
}

/// A citation of a provision of the draft itself, as it stood before a change.
struct Cited {
    /// The citing article's wId.
    article: String,
    /// The citation's words.
    text: String,
    /// The eIds it cited.
    targets: Vec<String>,
}

/// The draft's citations of itself, per text, before a change.
pub(crate) struct Citations(Vec<Vec<Cited>>);

impl Citations {
    /// No citations to follow (a change that moves no number).
    pub(crate) fn none(texts: usize) -> Citations {
        Citations((0..texts).map(|_| Vec::new()).collect())
    }

    pub(crate) fn of(texts: &[Expression]) -> Citations {
        Citations(
            texts
                .iter()
                .map(|e| {
                    let own = e.meta.work.to_string();
                    let mut out = Vec::new();
                    for art in e.articles() {
                        for r in kanun_refs::article_references(e, art, None) {
                            let targets: Vec<String> = r
                                .targets
                                .iter()
                                .filter(|t| t.work == own)
                                .filter_map(|t| t.eid.clone())
                                .collect();
                            if !targets.is_empty() {
                                out.push(Cited { article: art.wid.clone(), text: r.text.clone(), targets });
                            }
                        }
                    }
                    out
                })
                .collect(),
        )
    }

    /// Rewrites the citations whose targets changed number; `before` gives each text's (wId, eId) pairs before.
    pub(crate) fn follow(&self, texts: &mut [Expression], before: &[Vec<(String, String)>]) -> Vec<Followed> {
        let mut done = Vec::new();
        for ((e, cited), before) in texts.iter_mut().zip(&self.0).zip(before) {
            let wid_of: HashMap<&str, &str> = before.iter().map(|(w, x)| (x.as_str(), w.as_str())).collect();
            let now: HashMap<String, String> = e.walk().map(|p| (p.wid.clone(), p.eid.clone())).collect();
            let language = e.meta.language;
            for c in cited {
                // Each level whose number changed: (old, new).
                let mut subs: Vec<(String, String)> = Vec::new();
                for t in &c.targets {
                    let Some(new) = wid_of.get(t.as_str()).and_then(|w| now.get(*w)) else { continue };
                    if new == t {
                        continue;
                    }
                    for (a, b) in Eid::new(t).levels().zip(Eid::new(new).levels()) {
                        if a.id != b.id && !subs.iter().any(|(o, _)| o == a.id) {
                            subs.push((a.id.to_string(), b.id.to_string()));
                        }
                    }
                }
                if subs.is_empty() {
                    continue;
                }
                let mut after = c.text.clone();
                // Longest numbers first, each through a placeholder, so that 1 → 2 and 2 → 3 do not chain.
                subs.sort_by_key(|(o, _)| std::cmp::Reverse(o.len()));
                let mut changed = false;
                for (i, (old, _)) in subs.iter().enumerate() {
                    while let Some(x) = replace_number_with(&after, old, &format!("\u{1}{i}\u{1}"), false) {
                        after = x;
                        changed = true;
                    }
                }
                for (i, (_, new)) in subs.iter().enumerate() {
                    let mark = format!("\u{1}{i}\u{1}");
                    // The Turkmen suffix after the placeholder follows the new number.
                    for suffix in ["-nji", "-njy"] {
                        after = after.replace(
                            &format!("{mark}{suffix}"),
                            &kanun_redline::instructions::turkmen_ordinal(new),
                        );
                    }
                    after = after.replace(&mark, new);
                }
                if !changed || after == c.text {
                    continue;
                }
                let Some(article_eid) = now.get(&c.article).cloned() else { continue };
                if let Some(art) = crate::find_mut(&mut e.body, &article_eid)
                    && rewrite(art, &c.text, &after)
                {
                    done.push(Followed { language, eid: article_eid, before: c.text.clone(), after });
                }
            }
        }
        done
    }
}

/// Replaces the first occurrence of `old` standing alone (not followed by more of a number) in `p`'s texts.
fn rewrite(p: &mut Provision, old: &str, new: &str) -> bool {
    for s in p.intro.iter_mut().chain(p.wrap_up.iter_mut()) {
        if let Some(i) = find_alone(s, old) {
            s.replace_range(i..i + old.len(), new);
            return true;
        }
    }
    p.children.iter_mut().any(|c| rewrite(c, old, new))
}

fn find_alone(hay: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle).map(|i| i + from) {
        if !crate::numbering::continues(&hay[i + needle.len()..]) {
            return Some(i);
        }
        from = i + needle.len();
    }
    None
}
