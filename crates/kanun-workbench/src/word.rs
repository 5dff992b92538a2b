//! A Word document into the editor: a draft written in Word on the law in force, its tracked changes either
//! taken into the draft (each changed provision a revision, credited to the person who made the change in Word)
//! or turned into suggestions for a drafter to accept or decline (each by the person who made it), at the user's
//! choice.
//!
//! The document is read both ways ([`kanun_import::docx::docx_tracked`]). With its changes rejected it must be
//! the law the draft starts from: most of its articles word for word, or the upload is refused saying how many
//! matched (a document written on another law or another version would otherwise be read as a rewrite of every
//! article). With its changes accepted it is compared with the law provision by provision, by the numbers written
//! in it: new wording of a provision, a provision added (inserted after the one before it) or deleted (repealed).
//! A Word comment anchored in a changed paragraph is the change's justification.
//!
//! Numbers are how the two texts are paired: a document whose provisions were renumbered by hand in Word reads
//! as changes to the provisions under those numbers; renumber in the editor instead (its numbering follows the
//! draft's convention and the citations follow).

use kanun_drafting::{Change, Place, Step};
use kanun_import::docx::{DocxError, Tracked, TrackedLine};
use kanun_model::{Expression, Language, Library, Provision};
use kanun_store::AnnotationStore;
use serde::{Deserialize, Serialize};

use crate::editor::{self, EditorError, NewSuggestion, StartDraft, SuggestionKind};

/// What is done with a Word document's tracked changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WordChanges {
    /// Each becomes a suggestion by its author, for a drafter to accept or decline.
    #[default]
    Suggest,
    /// Each is taken into the draft as a revision.
    Accept,
}

/// A Word document to start a draft from.
#[derive(Debug, Clone)]
pub struct WordUpload<'a> {
    /// The draft to start: its name, the law (the document's text with its changes rejected), the date, the
    /// languages and the numbering.
    pub start: StartDraft,
    /// The language the document is written in.
    pub language: Language,
    /// What to do with its tracked changes.
    pub changes: WordChanges,
    /// The file's name (named in the suggestions).
    pub file: &'a str,
    /// The DOCX.
    pub bytes: &'a [u8],
}

/// What a change of the document became.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WordOp {
    /// New wording of a provision.
    Edit,
    /// A provision added.
    Insert,
    /// A provision deleted.
    Repeal,
}

/// A change of the document taken in (as a revision or a suggestion).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Taken {
    /// The provision, as numbered in the document.
    pub eid: String,
    /// What the change was.
    pub op: WordOp,
    /// Who made it in Word (the uploader when the change was not tracked).
    pub by: String,
    /// The revision it became (changes accepted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<u64>,
    /// The suggestion it became (changes as suggestions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// Why a change of the document was not taken in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotTakenWhy {
    /// A provision added or deleted: a suggestion is new wording of a provision of the draft, so these are made in
    /// the editor (or the document uploaded with its changes accepted).
    Structure,
    /// New wording only after a provision's numbered parts (its closing words): suggestions carry the text before
    /// them; take it with the changes accepted, or write it in the editor.
    ClosingWords,
    /// The change could not be made (the reason is in `detail`).
    Refused,
}

/// A change of the document not taken in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotTaken {
    /// The provision, as numbered in the document.
    pub eid: String,
    /// What the change was.
    pub op: WordOp,
    /// Why it was not taken.
    pub why: NotTakenWhy,
    /// The drafting error, when refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// What an upload did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordReport {
    /// The draft started.
    pub name: String,
    /// Its latest revision.
    pub revision: u64,
    /// What was done with the changes.
    pub changes: WordChanges,
    /// The people who made tracked changes in the document.
    pub authors: Vec<String>,
    /// The articles of the law, and how many of them the document's text with its changes rejected has word for
    /// word.
    pub articles: usize,
    /// See `articles`.
    pub matched: usize,
    /// The changes taken in, in the document's order.
    pub taken: Vec<Taken>,
    /// The changes not taken, and why.
    pub not_taken: Vec<NotTaken>,
    /// Provisions changed in the document without tracking (their text before the changes is not the law's):
    /// taken in as the others, named here so that a person looks at them.
    pub untracked: Vec<String>,
}

/// The least share of the law's articles the document must have word for word (with its changes rejected).
const MATCH_AT_LEAST: f64 = 0.5;

/// A change found by comparing the document with the law.
struct Found {
    eid: String,
    op: WordOp,
    by: Option<String>,
    comment: Option<String>,
    change: Change,
    wrap_up_only: bool,
    untracked: bool,
}

/// Starts a draft from a Word document written on the law in force, its tracked changes taken in or suggested.
pub fn start_from_word(
    store: &AnnotationStore,
    corpus: &dyn Library,
    up: &WordUpload<'_>,
    uploader: &str,
) -> Result<WordReport, EditorError> {
    let tracked = kanun_import::docx::docx_tracked(up.bytes)?;
    let (draft, record) = editor::prepare(corpus, &up.start)?;
    let base = draft.text(up.language)?.clone();
    let read = |text: String| -> Result<Expression, EditorError> {
        let meta = kanun_import::Meta {
            work: base.meta.work.clone(),
            language: up.language,
            date: base.meta.date,
            title: Some(base.meta.title.clone()),
            source: up.file.to_string(),
        };
        let imported = kanun_import::from_text(&text, &meta);
        imported.expression.ok_or_else(|| {
            let (line, why) = imported.report.unplaced.first().cloned().unwrap_or((0, "no article found".into()));
            EditorError::Word(DocxError::Xml(
                up.file.to_string(),
                format!("the text cannot be read as a law (line {line}: {why}); write each article's heading as \"Article 5. Heading\" on its own line"),
            ))
        })
    };
    let before = read(tracked.rejected_text())?;
    let after = read(tracked.accepted_text())?;
    let (articles, matched) = matching(&base, &before);
    if articles == 0 || (matched as f64) < MATCH_AT_LEAST * articles as f64 {
        return Err(EditorError::NotWrittenOn {
            file: up.file.to_string(),
            law: base.meta.amends.as_ref().map_or_else(String::new, ToString::to_string),
            date: base.meta.base.unwrap_or(base.meta.date),
            language: up.language,
            matched,
            articles,
        });
    }
    let found = compare(&base, &before, &after, &tracked);
    // Each change is made on a copy first, so that nothing is stored when one cannot be made.
    let mut trial = draft.clone();
    let mut report = WordReport {
        name: up.start.name.clone(),
        revision: 1,
        changes: up.changes,
        authors: authors(&tracked),
        articles,
        matched,
        taken: Vec::new(),
        not_taken: Vec::new(),
        untracked: found.iter().filter(|f| f.untracked).map(|f| f.eid.clone()).collect(),
    };
    let mut plan: Vec<(Found, Step)> = Vec::new();
    for f in found {
        let step = Step { change: f.change.clone(), justification: f.comment.clone() };
        let suggestable = f.op == WordOp::Edit && !f.wrap_up_only;
        if up.changes == WordChanges::Suggest && !suggestable {
            let why = if f.op == WordOp::Edit { NotTakenWhy::ClosingWords } else { NotTakenWhy::Structure };
            report.not_taken.push(NotTaken { eid: f.eid, op: f.op, why, detail: None });
            continue;
        }
        match trial.apply(&step) {
            Ok(_) => plan.push((f, step)),
            Err(e) => report.not_taken.push(NotTaken {
                eid: f.eid,
                op: f.op,
                why: NotTakenWhy::Refused,
                detail: Some(e.to_string()),
            }),
        }
    }
    let head = store.draft_create(&up.start.name, uploader, &draft, &record)?;
    report.revision = head.revision;
    for (f, step) in plan {
        let by = f.by.clone().unwrap_or_else(|| uploader.to_string());
        match up.changes {
            WordChanges::Accept => {
                let credit = (by != uploader).then(|| by.clone());
                let (h, _, _) = editor::save_step(
                    store,
                    &up.start.name,
                    report.revision,
                    uploader,
                    credit,
                    |_| Ok(step),
                    None,
                )?;
                report.revision = h.revision;
                report.taken.push(Taken {
                    eid: f.eid,
                    op: f.op,
                    by,
                    revision: Some(h.revision),
                    suggestion: None,
                });
            }
            WordChanges::Suggest => {
                let Change::Edit { eid, language, heading, intro, .. } = step.change else { continue };
                let justification =
                    f.comment.clone().unwrap_or_else(|| format!("{by}: tracked change in {}", up.file));
                let s = editor::suggest(
                    store,
                    &up.start.name,
                    NewSuggestion {
                        kind: SuggestionKind::Wording,
                        eid,
                        language,
                        heading,
                        text: intro.unwrap_or_default(),
                        justification,
                    },
                    &by,
                )?;
                report.taken.push(Taken { eid: f.eid, op: f.op, by, revision: None, suggestion: Some(s.id) });
            }
        }
    }
    Ok(report)
}

/// The law's articles, and how many of them `before` has with the same text.
fn matching(base: &Expression, before: &Expression) -> (usize, usize) {
    let mut articles = 0;
    let mut matched = 0;
    for a in base.articles() {
        articles += 1;
        if before.find(&a.eid).is_some_and(|b| words(&b.plain_text()) == words(&a.plain_text())) {
            matched += 1;
        }
    }
    (articles, matched)
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn same(a: &[String], b: &[String]) -> bool {
    a.iter()
        .map(|x| words(x))
        .filter(|x| !x.is_empty())
        .eq(b.iter().map(|x| words(x)).filter(|x| !x.is_empty()))
}

/// Whether `eid` is inside a provision already taken whole (an inserted or deleted article's parts).
fn inside(eid: &str, whole: &[String]) -> bool {
    whole.iter().any(|w| eid.strip_prefix(w.as_str()).is_some_and(|rest| rest.starts_with("__")))
}

/// The changes from `base` (the law) to `after` (the document with its changes accepted), in the document's
/// order; `before` (the document with its changes rejected) tells a tracked change from an untracked one.
fn compare(base: &Expression, before: &Expression, after: &Expression, tracked: &Tracked) -> Vec<Found> {
    let mut out = Vec::new();
    // Provisions taken whole (added or deleted with what they hold).
    let mut whole: Vec<String> = Vec::new();
    let language = base.meta.language;
    for p in after.walk() {
        if inside(&p.eid, &whole) {
            continue;
        }
        match base.find(&p.eid) {
            Some(q) if p.repealed && !q.repealed => {
                whole.push(p.eid.clone());
                let change = Change::Repeal { eid: p.eid.clone() };
                out.push(found(p, WordOp::Repeal, change, tracked, q, before));
            }
            Some(q) => {
                let heading = (words(p.heading.as_deref().unwrap_or_default())
                    != words(q.heading.as_deref().unwrap_or_default()))
                .then(|| p.heading.clone().unwrap_or_default());
                let intro = (!same(&p.intro, &q.intro)).then(|| p.intro.clone());
                let wrap_up = (!same(&p.wrap_up, &q.wrap_up)).then(|| p.wrap_up.clone());
                if heading.is_some() || intro.is_some() || wrap_up.is_some() {
                    let wrap_up_only = heading.is_none() && intro.is_none();
                    let change = Change::Edit { eid: p.eid.clone(), language, heading, intro, wrap_up };
                    let mut f = found(p, WordOp::Edit, change, tracked, q, before);
                    f.wrap_up_only = wrap_up_only;
                    out.push(f);
                }
            }
            None => {
                // Added: after the provision of its kind before it, or before the next one when it is the first.
                let list = siblings(&after.body, &p.eid).unwrap_or_default();
                let at = list.iter().position(|s| s.eid == p.eid).unwrap_or(0);
                let anchor = list[..at]
                    .iter()
                    .rev()
                    .find(|s| s.kind == p.kind)
                    .map(|s| (s.eid.clone(), Place::After))
                    .or_else(|| {
                        list.get(at + 1..)
                            .unwrap_or_default()
                            .iter()
                            .find(|s| s.kind == p.kind)
                            .map(|s| (s.eid.clone(), Place::Before))
                    });
                let Some((eid, place)) = anchor else { continue };
                whole.push(p.eid.clone());
                // Its text as written, its numbered parts' markers kept.
                let text: Vec<String> = p.plain_text().lines().map(str::to_string).collect();
                let change = Change::Insert { eid, place, language, heading: p.heading.clone(), text };
                out.push(found(p, WordOp::Insert, change, tracked, p, after));
            }
        }
    }
    // Provisions of the law the document no longer has.
    for q in base.walk() {
        if q.repealed || after.find(&q.eid).is_some() || inside(&q.eid, &whole) {
            continue;
        }
        whole.push(q.eid.clone());
        let change = Change::Repeal { eid: q.eid.clone() };
        out.push(found(q, WordOp::Repeal, change, tracked, q, before));
    }
    out
}

/// The list of provisions `eid` is one of.
fn siblings<'a>(list: &'a [Provision], eid: &str) -> Option<&'a [Provision]> {
    if list.iter().any(|p| p.eid == eid) {
        return Some(list);
    }
    list.iter().find_map(|p| siblings(&p.children, eid))
}

/// A change of provision `p` found, with who made it and the comment on it: read from the document's paragraphs
/// that hold its text (as it is in the document, `p`, or as it was in the law, `q`, in either view); `before` is
/// the document with its changes rejected.
fn found(
    p: &Provision,
    op: WordOp,
    change: Change,
    tracked: &Tracked,
    q: &Provision,
    before: &Expression,
) -> Found {
    let own = |x: &Provision| {
        let mut v: Vec<String> = x.heading.iter().cloned().collect();
        v.extend(x.intro.iter().chain(&x.wrap_up).cloned());
        if v.is_empty() {
            v.extend(x.plain_text().lines().map(str::to_string));
        }
        v.iter().map(|t| words(t)).filter(|t| t.chars().count() >= 3).collect::<Vec<_>>()
    };
    let (now, was) = (own(p), own(q));
    let holds = |l: &&TrackedLine, texts: &[String]| {
        let t = words(&l.text);
        texts.iter().any(|o| t.ends_with(o.as_str()))
    };
    let holding: Vec<&TrackedLine> = tracked
        .accepted
        .iter()
        .filter(|l| holds(l, &now))
        .chain(tracked.rejected.iter().filter(|l| holds(l, &was)))
        .collect();
    let by = holding.iter().flat_map(|l| l.authors.iter()).next().cloned();
    let comment = holding.iter().flat_map(|l| l.comments.iter()).next().cloned();
    // The document's own text before its changes is not the law's here: changed without tracking.
    let untracked = match op {
        WordOp::Edit => before.find(&q.eid).is_some_and(|b| {
            words(&b.plain_text()) != words(&q.plain_text())
                || words(b.heading.as_deref().unwrap_or_default())
                    != words(q.heading.as_deref().unwrap_or_default())
        }),
        WordOp::Insert | WordOp::Repeal => by.is_none(),
    };
    Found { eid: p.eid.clone(), op, by, comment, change, wrap_up_only: false, untracked }
}

/// Everyone who made a tracked change, in the order they first appear.
fn authors(t: &Tracked) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in t.accepted.iter().chain(&t.rejected).flat_map(|l| l.authors.iter()) {
        if !out.contains(a) {
            out.push(a.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::StartDraft;
    use kanun_drafting::Numbering;

    fn corpus() -> kanun_model::Corpus {
        let mut c = kanun_model::Corpus::new();
        for text in [
            include_str!("../../../corpus/tm/social-services/eng@2024-07-01.md"),
            include_str!("../../../corpus/tm/social-services/rus@2024-07-01.md"),
            include_str!("../../../corpus/tm/social-services/tuk@2024-07-01.md"),
            include_str!("../../../corpus/tm/social-work/eng@2020-01-01.md"),
        ] {
            let e = kanun_markdown::parse(text, None).expression.unwrap_or_else(|| unreachable!("parses"));
            c.insert(e).unwrap_or_else(|_| unreachable!("one each"));
        }
        c
    }

    fn store(name: &str) -> (AnnotationStore, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("kanun-word-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        (AnnotationStore::open(&dir).unwrap_or_else(|e| panic!("{e}")), dir)
    }

    fn request(name: &str, law: &str) -> StartDraft {
        StartDraft {
            name: name.into(),
            law: law.into(),
            asof: None,
            languages: vec![],
            numbering: Numbering::Insertion,
            date: None,
        }
    }

    /// A Word document as a colleague would send it: the law with her changes tracked (made here by Kanun's own
    /// DOCX export of a draft: new wording of part 2 of Article 14, an article after Article 12, Article 13
    /// deleted).
    fn word(c: &kanun_model::Corpus) -> (Vec<u8>, kanun_drafting::Draft) {
        let law = c.work("social-services").unwrap_or_else(|e| panic!("{e}"));
        let base = law.at(Language::ENG, None).unwrap_or_else(|e| panic!("{e}"));
        let uri = "/akn/tm/bill/2027-01-01/from-word".parse().unwrap_or_else(|e| panic!("{e:?}"));
        let date = "2027-01-01".parse().unwrap_or_else(|e| panic!("{e:?}"));
        let mut d = kanun_drafting::Draft::start(&[base], uri, date, Numbering::Insertion)
            .unwrap_or_else(|e| panic!("{e}"));
        for change in [
            Change::Edit {
                eid: "art_14__para_2".into(),
                language: Language::ENG,
                heading: None,
                intro: Some(vec!["A person may be placed only with informed written consent.".into()]),
                wrap_up: None,
            },
            Change::Insert {
                eid: "art_12".into(),
                place: Place::After,
                language: Language::ENG,
                heading: Some("Respite care".into()),
                text: vec!["Carers are entitled to respite care of up to thirty days a year.".into()],
            },
            Change::Repeal { eid: "art_13".into() },
        ] {
            d.apply(&Step { change, justification: None }).unwrap_or_else(|e| panic!("{e}"));
        }
        let text = d.text(Language::ENG).unwrap_or_else(|e| panic!("{e}"));
        let r = kanun_redline::redline(base, text, &[]).unwrap_or_else(|e| panic!("{e}"));
        let bytes = kanun_docx::tracked(&r, "Maya Berdiyeva", "2026-12-01T00:00:00Z")
            .unwrap_or_else(|e| panic!("{e}"));
        (bytes, d)
    }

    #[test]
    fn tracked_changes_are_taken_in_as_revisions_credited_to_their_author() {
        let (s, dir) = store("accept");
        let c = corpus();
        let (bytes, want) = word(&c);
        let up = WordUpload {
            start: request("from-word", "social-services"),
            language: Language::ENG,
            changes: WordChanges::Accept,
            file: "ss-maya.docx",
            bytes: &bytes,
        };
        let report = start_from_word(&s, &c, &up, "Aman").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.authors, ["Maya Berdiyeva"]);
        assert_eq!(report.matched, report.articles, "the document was written on the law in force");
        let ops: Vec<(&str, WordOp)> = report.taken.iter().map(|t| (t.eid.as_str(), t.op)).collect();
        assert_eq!(
            ops,
            [("art_12-1", WordOp::Insert), ("art_13", WordOp::Repeal), ("art_14__para_2", WordOp::Edit)],
            "{report:#?}"
        );
        assert!(report.taken.iter().all(|t| t.by == "Maya Berdiyeva"), "{report:#?}");
        assert!(report.not_taken.is_empty() && report.untracked.is_empty(), "{report:#?}");
        assert_eq!(report.revision, 4);
        let (_, got) = editor::current(&s, "from-word").unwrap_or_else(|e| panic!("{e}"));
        let text = |d: &kanun_drafting::Draft, eid: &str| {
            d.text(Language::ENG)
                .ok()
                .and_then(|e| e.find(eid))
                .map(|p| (p.heading.clone(), p.plain_text(), p.repealed))
        };
        for eid in ["art_12-1", "art_13", "art_14__para_2", "art_14", "art_15"] {
            assert_eq!(text(&got, eid), text(&want, eid), "{eid}");
        }
        let list = editor::revisions(&s, "from-word").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(list[3].suggested_by.as_deref(), Some("Maya Berdiyeva"));
        drop(s);
        std::fs::remove_dir_all(&dir).ok();
    }

    /// The same in Russian and Turkmen: a document written in the law's other languages is read by their
    /// article headings (`Статья 14`, `14-nji madda`).
    #[test]
    fn documents_in_russian_and_turkmen_are_read_by_their_own_headings() {
        let c = corpus();
        let law = c.work("social-services").unwrap_or_else(|e| panic!("{e}"));
        for (lang, words) in [
            (Language::RUS, "Лицо помещается только с его информированного письменного согласия."),
            (Language::TUK, "Adam diňe onuň habarly ýazmaça razylygy bilen ýerleşdirilýär."),
        ] {
            let (s, dir) = store(&format!("lang-{}", lang.code()));
            let base = law.at(lang, None).unwrap_or_else(|e| panic!("{e}"));
            let uri = "/akn/tm/bill/2027-01-01/from-word".parse().unwrap_or_else(|e| panic!("{e:?}"));
            let date = "2027-01-01".parse().unwrap_or_else(|e| panic!("{e:?}"));
            let mut d = kanun_drafting::Draft::start(&[base], uri, date, Numbering::Insertion)
                .unwrap_or_else(|e| panic!("{e}"));
            let edit = Change::Edit {
                eid: "art_14__para_2".into(),
                language: lang,
                heading: None,
                intro: Some(vec![words.into()]),
                wrap_up: None,
            };
            d.apply(&Step { change: edit, justification: None }).unwrap_or_else(|e| panic!("{e}"));
            let text = d.text(lang).unwrap_or_else(|e| panic!("{e}"));
            let r = kanun_redline::redline(base, text, &[]).unwrap_or_else(|e| panic!("{e}"));
            let bytes =
                kanun_docx::tracked(&r, "Aýna", "2026-12-01T00:00:00Z").unwrap_or_else(|e| panic!("{e}"));
            let up = WordUpload {
                start: request("from-word", "social-services"),
                language: lang,
                changes: WordChanges::Suggest,
                file: "x.docx",
                bytes: &bytes,
            };
            let report = start_from_word(&s, &c, &up, "Aman").unwrap_or_else(|e| panic!("{lang}: {e}"));
            assert_eq!(report.matched, report.articles, "{lang}: {report:#?}");
            let got: Vec<(&str, WordOp, &str)> =
                report.taken.iter().map(|t| (t.eid.as_str(), t.op, t.by.as_str())).collect();
            assert_eq!(got, [("art_14__para_2", WordOp::Edit, "Aýna")], "{lang}: {report:#?}");
            let list = editor::suggestions(&s, "from-word").unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(list[0].text, [words], "{lang}");
            drop(s);
            std::fs::remove_dir_all(&dir).ok();
        }
    }

    #[test]
    fn tracked_changes_become_suggestions_by_their_author_and_other_documents_are_refused() {
        let (s, dir) = store("suggest");
        let c = corpus();
        let (bytes, _) = word(&c);
        let mut up = WordUpload {
            start: request("from-word", "social-services"),
            language: Language::ENG,
            changes: WordChanges::Suggest,
            file: "ss-maya.docx",
            bytes: &bytes,
        };
        let report = start_from_word(&s, &c, &up, "Aman").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.revision, 1, "nothing changed in the draft itself");
        assert_eq!(report.taken.len(), 1, "{report:#?}");
        let not: Vec<(&str, NotTakenWhy)> =
            report.not_taken.iter().map(|n| (n.eid.as_str(), n.why)).collect();
        assert_eq!(not, [("art_12-1", NotTakenWhy::Structure), ("art_13", NotTakenWhy::Structure)]);
        let list = editor::suggestions(&s, "from-word").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(list.len(), 1);
        assert_eq!((list[0].author.as_str(), list[0].eid.as_str()), ("Maya Berdiyeva", "art_14__para_2"));
        assert_eq!(list[0].text, ["A person may be placed only with informed written consent."]);
        // The drafter accepts it: the draft has the wording, credited to her.
        let (_, _, d, _) =
            editor::accept(&s, "from-word", &list[0].id, 1, "Aman").unwrap_or_else(|e| panic!("{e}"));
        let p = d.text(Language::ENG).ok().and_then(|e| e.find("art_14__para_2")).map(|p| p.plain_text());
        assert_eq!(p.as_deref(), Some("A person may be placed only with informed written consent."));
        // A document written on another law is refused, saying how little of the law it has; nothing is stored.
        up.start = request("wrong-law", "social-work");
        let e = start_from_word(&s, &c, &up, "Aman").map(|_| ()).unwrap_err();
        assert!(matches!(e, EditorError::NotWrittenOn { matched: 0, .. }), "{e}");
        assert!(e.to_string().contains("ss-maya.docx was not written on /akn/tm/act/"), "{e}");
        assert!(s.draft_head("wrong-law").unwrap_or_default().is_none());
        // Not a Word document at all.
        up.bytes = b"PK\x03\x04 not really";
        let e = start_from_word(&s, &c, &up, "Aman").map(|_| ()).unwrap_err();
        assert!(matches!(e, EditorError::Word(_)), "{e}");
        drop(s);
        std::fs::remove_dir_all(&dir).ok();
    }
}
