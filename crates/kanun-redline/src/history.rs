//! A work's history: between each two consecutive expressions in a language, the articles that were added,
//! amended, repealed or renumbered, found by the same alignment as the redline.

use kanun_model::Expression;
use serde::Serialize;

use crate::compare::compare;
use crate::model::{Class, RowKind};

/// One changed article between two expressions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// What happened: modified, renumbered, new, repealed, split, merged.
    pub class: Class,
    /// The article(s) before (eId and label).
    pub before: Vec<(String, String)>,
    /// The article(s) after.
    pub after: Vec<(String, String)>,
    /// For renumbered, split and merged articles: whether the text changed too.
    pub edited: bool,
}

/// The changes from one expression to the next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The earlier expression.
    pub from: String,
    /// The later expression.
    pub to: String,
    /// The date the later one is in force from.
    pub date: String,
    /// The changed articles, in reading order.
    pub changes: Vec<Change>,
    /// Articles that did not change.
    pub unchanged: usize,
}

/// The steps between consecutive expressions (give them in one language; they are ordered by date here).
pub fn history(expressions: &[&Expression]) -> Vec<Step> {
    let mut list: Vec<&Expression> = expressions.to_vec();
    list.sort_by_key(|e| e.meta.date);
    list.windows(2)
        .map(|w| {
            let r = compare(w[0], w[1], &[]);
            let mut changes = Vec::new();
            let mut unchanged = 0;
            for row in r.rows.iter().filter(|r| r.kind == RowKind::Article) {
                if row.class == Class::Unchanged {
                    unchanged += 1;
                    continue;
                }
                // A moved article appears at both places; list it once, where it now stands.
                if row.moved && row.draft.is_empty() {
                    continue;
                }
                changes.push(Change {
                    class: row.class,
                    before: row.base.iter().map(|x| (x.eid.clone(), x.label.clone())).collect(),
                    after: row.draft.iter().map(|x| (x.eid.clone(), x.label.clone())).collect(),
                    edited: row.edited,
                });
            }
            Step {
                from: w[0].id().to_string(),
                to: w[1].id().to_string(),
                date: w[1].meta.date.to_string(),
                changes,
                unchanged,
            }
        })
        .collect()
}
