//! From two expressions to a [`Redline`]: align the articles, pair the container headings, order the rows so
//! that every base line and every draft line appears exactly once and in its own order, and diff the lines.

use std::collections::{BTreeMap, HashSet};

use kanun_model::annotation::{Annotation, AnnotationStatus};
use kanun_model::{Expression, Provision};

use crate::align::{self, Match, stable_pairs};
use crate::lines::{self, Unit};
use crate::model::{Class, Line, LineChange, Redline, Ref, ReviewNote, Row, RowKind, Side, Summary};
use crate::words;

#[derive(Clone, Copy)]
enum Item<'a> {
    Container(&'a Provision),
    Article(&'a Provision),
}

impl<'a> Item<'a> {
    fn provision(self) -> &'a Provision {
        match self {
            Item::Container(p) | Item::Article(p) => p,
        }
    }
}

fn flatten(body: &[Provision]) -> Vec<Item<'_>> {
    fn go<'a>(ps: &'a [Provision], out: &mut Vec<Item<'a>>) {
        for p in ps {
            if p.kind.is_container() {
                out.push(Item::Container(p));
                go(&p.children, out);
            } else {
                out.push(Item::Article(p));
            }
        }
    }
    let mut out = Vec::new();
    go(body, &mut out);
    out
}

fn reference(p: &Provision) -> Ref {
    Ref {
        eid: p.eid.clone(),
        wid: p.wid.clone(),
        label: p
            .num
            .as_ref()
            .map_or_else(|| p.display_heading(), |n| n.raw.trim_end_matches('.').to_string()),
    }
}

/// A row and where it sits: at a base item, at a draft item, or at both.
struct Piece {
    base: Option<usize>,
    draft: Option<usize>,
    row: Row,
}

/// Compares a draft with its base expression. `annotations` are the review's annotations (any work, any
/// language): those on changed base provisions are attached to their rows.
pub fn compare(base: &Expression, draft: &Expression, annotations: &[Annotation]) -> Redline {
    let bi = flatten(&base.body);
    let di = flatten(&draft.body);
    let b_arts: Vec<usize> = (0..bi.len()).filter(|&i| matches!(bi[i], Item::Article(_))).collect();
    let d_arts: Vec<usize> = (0..di.len()).filter(|&i| matches!(di[i], Item::Article(_))).collect();
    let bp: Vec<&Provision> = b_arts.iter().map(|&i| bi[i].provision()).collect();
    let dp: Vec<&Provision> = d_arts.iter().map(|&i| di[i].provision()).collect();
    let matches = align::align(&bp, &dp);

    let mut summary = Summary::default();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut consumed_base: HashSet<usize> = HashSet::new();
    let mut consumed_draft: HashSet<usize> = HashSet::new();
    for m in &matches {
        summary.add(m.class);
        let bs: Vec<usize> = m.base.iter().map(|&k| b_arts[k]).collect();
        let ds: Vec<usize> = m.draft.iter().map(|&k| d_arts[k]).collect();
        article_pieces(m, &bs, &ds, &bi, &di, &mut pieces, &mut consumed_base, &mut consumed_draft);
    }
    container_pieces(&bi, &di, &mut pieces);

    // Pairs out of order are shown at both places: deleted at the old, inserted at the new.
    let pair_ix: Vec<usize> =
        (0..pieces.len()).filter(|&k| pieces[k].base.is_some() && pieces[k].draft.is_some()).collect();
    let pairs: Vec<(usize, usize)> =
        pair_ix.iter().map(|&k| (pieces[k].draft.unwrap_or(0), pieces[k].base.unwrap_or(0))).collect();
    let stable = stable_pairs(&pairs);
    let mut extra = Vec::new();
    for (&k, keep) in pair_ix.iter().zip(stable) {
        if !keep {
            let p = &mut pieces[k];
            p.row.moved = true;
            p.row.side = Side::Draft;
            let old = Piece { base: p.base.take(), draft: None, row: moved_away(&p.row, &bi, &di) };
            extra.push(old);
        }
    }
    pieces.extend(extra);

    // Emit in draft order, flushing base-only rows before each pair.
    let mut at_draft: BTreeMap<usize, usize> = BTreeMap::new();
    let mut at_base: BTreeMap<usize, usize> = BTreeMap::new();
    for (k, p) in pieces.iter().enumerate() {
        match (p.base, p.draft) {
            (_, Some(d)) => {
                at_draft.insert(d, k);
            }
            (Some(b), None) => {
                at_base.insert(b, k);
            }
            (None, None) => {}
        }
    }
    let mut order: Vec<usize> = Vec::new();
    for &k in at_draft.values() {
        if let Some(b) = pieces[k].base {
            let before: Vec<usize> = at_base.range(..b).map(|(&i, _)| i).collect();
            for i in before {
                if let Some(kb) = at_base.remove(&i) {
                    order.push(kb);
                }
            }
        }
        order.push(k);
    }
    order.extend(at_base.values().copied());

    let mut slots: Vec<Option<Piece>> = pieces.into_iter().map(Some).collect();
    let mut rows = vec![title_row(base, draft)];
    if !base.preamble.is_empty() || !draft.preamble.is_empty() {
        rows.push(preamble_row(base, draft));
    }
    for k in order {
        if let Some(p) = slots[k].take() {
            rows.push(p.row);
        }
    }
    let draft_id = draft.id().to_string();
    for row in &mut rows {
        attach_review(row, annotations, base, draft);
    }
    Redline {
        work: base.meta.work.to_string(),
        base: base.id().to_string(),
        draft: draft_id,
        language: draft.meta.language.code().to_string(),
        title: draft.meta.title.clone(),
        date: draft.meta.date.to_string(),
        summary,
        rows,
    }
}

/// Whether the items are next to each other, in order.
fn consecutive(ix: &[usize]) -> bool {
    ix.windows(2).all(|w| w[1] == w[0] + 1)
}

fn body_units(items: &[Item<'_>], ix: &[usize]) -> Vec<Unit> {
    let mut out = Vec::new();
    for (n, &i) in ix.iter().enumerate() {
        let p = items[i].provision();
        if n > 0 {
            out.push(Unit {
                eid: p.eid.clone(),
                depth: 0,
                marker: None,
                text: words::squash(&p.display_heading()),
                heading: true,
            });
        }
        out.extend(lines::units(p));
    }
    out
}

fn notes_of(items: &[Item<'_>], ix: &[usize]) -> Vec<String> {
    ix.iter().flat_map(|&i| items[i].provision().notes.iter().map(|n| strip_label(n))).collect()
}

/// `Justification: …` → `…` (also Russian, Turkmen and German labels).
fn strip_label(note: &str) -> String {
    for label in ["Justification:", "Обоснование:", "Esaslandyrma:", "Begründung:"] {
        if let Some(rest) = note.strip_prefix(label) {
            return rest.trim().to_string();
        }
    }
    note.to_string()
}

fn new_row(kind: RowKind, m: &Match, side: Side) -> Row {
    Row {
        kind,
        class: m.class,
        side,
        base: Vec::new(),
        draft: Vec::new(),
        moved: m.moved,
        edited: m.edited,
        similarity: m.similarity,
        lines: Vec::new(),
        justification: Vec::new(),
        review: Vec::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn article_pieces(
    m: &Match,
    bs: &[usize],
    ds: &[usize],
    bi: &[Item<'_>],
    di: &[Item<'_>],
    pieces: &mut Vec<Piece>,
    consumed_base: &mut HashSet<usize>,
    consumed_draft: &mut HashSet<usize>,
) {
    let refs =
        |items: &[Item<'_>], ix: &[usize]| ix.iter().map(|&i| reference(items[i].provision())).collect();
    match (bs, ds) {
        ([], ds) => {
            for &d in ds {
                let p = di[d].provision();
                let mut row = new_row(RowKind::Article, m, Side::Draft);
                row.draft = vec![reference(p)];
                row.lines = inserted_lines(p);
                row.justification = notes_of(di, &[d]);
                pieces.push(Piece { base: None, draft: Some(d), row });
            }
        }
        (bs, []) => {
            for &b in bs {
                let p = bi[b].provision();
                let mut row = new_row(RowKind::Article, m, Side::Base);
                row.base = vec![reference(p)];
                row.lines = deleted_lines(p);
                pieces.push(Piece { base: Some(b), draft: None, row });
            }
        }
        (bs, ds) => {
            // Joined into one row when the pieces stand together; else the first pair carries the diff and the
            // other pieces stand alone.
            let (jb, jd): (Vec<usize>, Vec<usize>) = if consecutive(bs) && consecutive(ds) {
                (bs.to_vec(), ds.to_vec())
            } else {
                (vec![bs[0]], vec![ds[0]])
            };
            let mut row = new_row(RowKind::Article, m, Side::Both);
            row.base = refs(bi, bs);
            row.draft = refs(di, ds);
            row.lines.push(lines::heading_line(Some(bi[jb[0]].provision()), Some(di[jd[0]].provision())));
            row.lines.extend(lines::diff_units(&body_units(bi, &jb), &body_units(di, &jd)));
            row.justification = notes_of(di, ds);
            consumed_base.extend(jb.iter().skip(1));
            consumed_draft.extend(jd.iter().skip(1));
            pieces.push(Piece { base: Some(jb[0]), draft: Some(jd[0]), row });
            for &b in bs.iter().filter(|b| !jb.contains(b)) {
                let p = bi[b].provision();
                let mut row = new_row(RowKind::Article, m, Side::Base);
                row.base = vec![reference(p)];
                row.draft = refs(di, ds);
                row.lines = deleted_lines(p);
                pieces.push(Piece { base: Some(b), draft: None, row });
            }
            for &d in ds.iter().filter(|d| !jd.contains(d)) {
                let p = di[d].provision();
                let mut row = new_row(RowKind::Article, m, Side::Draft);
                row.base = refs(bi, bs);
                row.draft = vec![reference(p)];
                row.lines = inserted_lines(p);
                pieces.push(Piece { base: None, draft: Some(d), row });
            }
        }
    }
}

fn inserted_lines(p: &Provision) -> Vec<Line> {
    let mut out = vec![lines::heading_line(None, Some(p))];
    out.extend(lines::units(p).iter().map(lines::only_draft));
    out
}

fn deleted_lines(p: &Provision) -> Vec<Line> {
    let mut out = vec![lines::heading_line(Some(p), None)];
    out.extend(lines::units(p).iter().map(lines::only_base));
    out
}

/// The old place of a moved row: its base text, deleted.
fn moved_away(row: &Row, bi: &[Item<'_>], _di: &[Item<'_>]) -> Row {
    let mut old = row.clone();
    old.side = Side::Base;
    old.justification.clear();
    let base_eids: Vec<&str> = row.base.iter().map(|r| r.eid.as_str()).collect();
    old.lines = bi
        .iter()
        .filter(|it| base_eids.contains(&it.provision().eid.as_str()))
        .flat_map(|it| match it {
            Item::Article(p) => deleted_lines(p),
            Item::Container(p) => vec![lines::heading_line(Some(p), None)],
        })
        .collect();
    old
}

fn container_pieces(bi: &[Item<'_>], di: &[Item<'_>], pieces: &mut Vec<Piece>) {
    let bc: Vec<usize> = (0..bi.len()).filter(|&i| matches!(bi[i], Item::Container(_))).collect();
    let dc: Vec<usize> = (0..di.len()).filter(|&i| matches!(di[i], Item::Container(_))).collect();
    let heading = |p: &Provision| words::squash(&p.display_heading());
    let title = |p: &Provision| words::squash(p.heading.as_deref().unwrap_or_default());
    let mut used: HashSet<usize> = HashSet::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    // Same eId and a similar title, then any same-kind container with a near-identical title.
    for &d in &dc {
        let dp = di[d].provision();
        let same = bc.iter().copied().find(|&b| {
            let bp = bi[b].provision();
            !used.contains(&b) && bp.eid == dp.eid && words::ratio(&title(bp), &title(dp)) >= 0.5
        });
        let found = same.or_else(|| {
            bc.iter().copied().find(|&b| {
                let bp = bi[b].provision();
                !used.contains(&b) && bp.kind == dp.kind && words::ratio(&title(bp), &title(dp)) >= 0.8
            })
        });
        if let Some(b) = found {
            used.insert(b);
            pairs.push((b, d));
        }
    }
    let paired_d: HashSet<usize> = pairs.iter().map(|p| p.1).collect();
    let m = |class| Match {
        class,
        base: Vec::new(),
        draft: Vec::new(),
        moved: false,
        edited: false,
        similarity: 1.0,
    };
    for (b, d) in pairs {
        let (bp, dp) = (bi[b].provision(), di[d].provision());
        let line = lines::heading_line(Some(bp), Some(dp));
        let class = if bp.eid != dp.eid {
            Class::Renumbered
        } else if line.change == LineChange::Modified {
            Class::Modified
        } else {
            Class::Unchanged
        };
        // The text a container holds itself (an annex, a closing formula), line by line.
        let text = lines::diff_units(&container_text(bp), &container_text(dp));
        let class =
            if class == Class::Unchanged && text.iter().any(Line::changed) { Class::Modified } else { class };
        let mut row = new_row(RowKind::Container, &m(class), Side::Both);
        row.edited = heading(bp) != heading(dp) || text.iter().any(Line::changed);
        row.similarity = words::ratio(&heading(bp), &heading(dp));
        row.base = vec![reference(bp)];
        row.draft = vec![reference(dp)];
        row.lines = std::iter::once(line).chain(text).collect();
        pieces.push(Piece { base: Some(b), draft: Some(d), row });
    }
    for &d in dc.iter().filter(|d| !paired_d.contains(d)) {
        let p = di[d].provision();
        let mut row = new_row(RowKind::Container, &m(Class::New), Side::Draft);
        row.draft = vec![reference(p)];
        row.lines = std::iter::once(lines::heading_line(None, Some(p)))
            .chain(container_text(p).iter().map(lines::only_draft))
            .collect();
        pieces.push(Piece { base: None, draft: Some(d), row });
    }
    for &b in bc.iter().filter(|b| !used.contains(b)) {
        let p = bi[b].provision();
        let mut row = new_row(RowKind::Container, &m(Class::Repealed), Side::Base);
        row.base = vec![reference(p)];
        row.lines = std::iter::once(lines::heading_line(Some(p), None))
            .chain(container_text(p).iter().map(lines::only_base))
            .collect();
        pieces.push(Piece { base: Some(b), draft: None, row });
    }
}

/// The paragraphs a container holds itself, before and after its articles.
fn container_text(p: &Provision) -> Vec<lines::Unit> {
    let texts: Vec<String> = p.intro.iter().chain(&p.wrap_up).cloned().collect();
    lines::plain_units(&texts, &p.eid)
}

fn text_row(kind: RowKind, base: &[String], draft: &[String]) -> Row {
    let lines = lines::diff_units(&lines::plain_units(base, ""), &lines::plain_units(draft, ""));
    let changed = lines.iter().any(Line::changed);
    Row {
        kind,
        class: if changed { Class::Modified } else { Class::Unchanged },
        side: Side::Both,
        base: Vec::new(),
        draft: Vec::new(),
        moved: false,
        edited: changed,
        similarity: if changed { 0.0 } else { 1.0 },
        lines: lines
            .into_iter()
            .map(|mut l| {
                l.base_eid = None;
                l.draft_eid = None;
                l
            })
            .collect(),
        justification: Vec::new(),
        review: Vec::new(),
    }
}

fn title_row(base: &Expression, draft: &Expression) -> Row {
    let mut row = text_row(
        RowKind::Title,
        std::slice::from_ref(&base.long_title),
        std::slice::from_ref(&draft.long_title),
    );
    for l in &mut row.lines {
        l.heading = true;
    }
    row
}

fn preamble_row(base: &Expression, draft: &Expression) -> Row {
    text_row(RowKind::Preamble, &base.preamble, &draft.preamble)
}

/// Attaches the open annotations on the row's base provisions (and those linked to its draft provisions).
fn attach_review(row: &mut Row, annotations: &[Annotation], base: &Expression, draft: &Expression) {
    // Reviewers see the notes next to what the draft changes; an unchanged article needs none.
    if row.kind != RowKind::Article || (row.side == Side::Base && row.moved) || !row.changed() {
        return;
    }
    for a in annotations {
        if a.deleted || a.target.work != base.meta.work {
            continue;
        }
        let on_base = row.base.iter().any(|r| {
            a.target.wid == r.wid
                || a.target.eid == r.eid
                || a.target.eid.starts_with(&format!("{}__", r.eid))
        });
        let linked = a.links.iter().any(|l| {
            l.rel == "implemented-by"
                && l.target.starts_with(&draft.meta.work.to_string())
                && row.draft.iter().any(|r| l.target.ends_with(&format!("#{}", r.eid)))
        });
        let open = matches!(a.status, AnnotationStatus::Open | AnnotationStatus::Accepted);
        if linked || (on_base && open) {
            row.review.push(ReviewNote {
                id: a.id.clone(),
                kind: a.kind.to_string(),
                status: a.status.to_string(),
                author: a.author.clone(),
                eid: a.target.eid.clone(),
                body: a.body.clone(),
                linked,
            });
            if linked {
                row.justification.push(a.body.clone());
            }
        }
    }
}
