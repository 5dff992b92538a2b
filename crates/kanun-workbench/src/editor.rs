//! The drafting editor's operations: a draft started from a law of the corpus as in force on a date, changed step
//! by step (each step a revision in the store, refused when based on a revision that is no longer the latest),
//! milestones named, the text at any revision, and the redline of any two points (a milestone against the law in
//! force or against another milestone). The drafting itself is `kanun_drafting`'s; keeping its revisions is the
//! store's.
//!
//! A revision's record says what it was ([`Record`]). The first holds the whole draft as started; every
//! [`SNAPSHOT_EVERY`]th holds the whole draft again, so that the text at any revision is the nearest whole draft
//! before it with at most that many steps made again (a step gives the same result each time it is made).

use kanun_drafting::{Change, Draft, DraftingError, Finding, Numbering, Outcome, Step};
use kanun_model::corpus::LookupError;
use kanun_model::{Date, Expression, Language, Library, WorkUri};
use kanun_redline::{Redline, RedlineError};
use kanun_store::drafts::{DraftHead, DraftRevision};
use kanun_store::{AnnotationStore, StoreError};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// How often a revision keeps the whole draft (the others keep their step).
pub const SNAPSHOT_EVERY: u64 = 25;

/// What a revision was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[expect(clippy::large_enum_variant, reason = "records are read one revision at a time, never held in bulk")]
pub enum Record {
    /// The draft started from the law in force.
    Start {
        /// The law (its work URI).
        law: String,
        /// The date of the text it started from.
        asof: Date,
        /// The draft as started.
        draft: Box<Draft>,
    },
    /// A change.
    Change {
        /// The change and its justification.
        step: Step,
        /// What it did (renumbered provisions, citations that followed).
        outcome: Outcome,
        /// The whole draft after it, every [`SNAPSHOT_EVERY`] revisions.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        snapshot: Option<Box<Draft>>,
        /// The reviewer whose suggestion this change is, when the drafter accepted one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggested_by: Option<String>,
    },
    /// A milestone named ("sent to the working group"); the text is that of the revision before.
    Milestone {
        /// Its name.
        name: String,
    },
}

/// A revision as listed: its number, who, when, and what (without the whole draft).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionView {
    /// The revision.
    pub revision: u64,
    /// Who made it.
    pub author: String,
    /// When.
    pub at: String,
    /// `start`, `change` or `milestone`.
    pub kind: &'static str,
    /// The change's operation (`edit`, `insert`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub op: Option<String>,
    /// The provision it changed (as it was then).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eid: Option<String>,
    /// The justification given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// A milestone's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
    /// The reviewer whose suggestion the change is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested_by: Option<String>,
}

/// A request to start a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartDraft {
    /// The draft's name (`social-services-2027`).
    pub name: String,
    /// The law it amends (short name or URI).
    pub law: String,
    /// The date the law is taken as in force on (default: its latest text).
    #[serde(default)]
    pub asof: Option<Date>,
    /// The languages to draft in (default: every language the law has on that date).
    #[serde(default)]
    pub languages: Vec<Language>,
    /// The numbering convention.
    #[serde(default)]
    pub numbering: Numbering,
    /// The draft's date (default: the law's date asked for).
    #[serde(default)]
    pub date: Option<Date>,
}

/// Why an editor operation failed.
#[derive(Debug, Error)]
pub enum EditorError {
    /// The law or its text is not in the corpus.
    #[error(transparent)]
    Lookup(#[from] LookupError),
    /// The change cannot be made.
    #[error(transparent)]
    Drafting(#[from] DraftingError),
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The redline cannot be made.
    #[error(transparent)]
    Redline(#[from] RedlineError),
    /// The law the draft amends cannot be found as it was.
    #[error(transparent)]
    Draft(#[from] crate::drafts::DraftError),
    /// No draft of that name.
    #[error("no draft {0:?} in the editor (start one from a law first)")]
    NoDraft(String),
    /// No such revision.
    #[error("draft {name} has revisions 1 to {latest}; there is no revision {asked}")]
    NoRevision {
        /// The draft.
        name: String,
        /// What was asked.
        asked: u64,
        /// The latest.
        latest: u64,
    },
    /// A Word document that cannot be read.
    #[error(transparent)]
    Word(#[from] kanun_import::docx::DocxError),
    /// A Word document not written on the law the draft starts from.
    #[error(
        "{file} was not written on {law} as in force on {date} ({language}): with its tracked changes rejected it \
         has {matched} of the law's {articles} articles word for word; choose the law, date and language the document \
         was written on (or start the draft from the law and make the changes in the editor)"
    )]
    NotWrittenOn {
        /// The file.
        file: String,
        /// The law.
        law: String,
        /// Its date.
        date: Date,
        /// The language.
        language: Language,
        /// Articles the same.
        matched: usize,
        /// Articles of the law.
        articles: usize,
    },
    /// A draft's JSONL file with lines that are wrong: nothing was taken from it.
    #[error("{}", kanun_store::jsonl::lines_message(.0, "a draft's file is written by `kanun editor export`; take it from git again rather than edit it"))]
    Lines(Vec<kanun_store::jsonl::LineError>),
    /// A revision's record could not be read back.
    #[error("draft {name}: revision {revision} cannot be read back ({why})")]
    Broken {
        /// The draft.
        name: String,
        /// The revision.
        revision: u64,
        /// Why.
        why: String,
    },
}

/// Starts a draft of a law of the corpus: revision 1.
pub fn start(
    store: &AnnotationStore,
    corpus: &dyn Library,
    req: &StartDraft,
    author: &str,
) -> Result<(DraftHead, Draft), EditorError> {
    let (draft, record) = prepare(corpus, req)?;
    let head = store.draft_create(&req.name, author, &draft, &record)?;
    Ok((head, draft))
}

/// The draft a start request makes, and the record of its first revision (nothing stored).
pub(crate) fn prepare(corpus: &dyn Library, req: &StartDraft) -> Result<(Draft, Record), EditorError> {
    kanun_store::drafts::validate_name(&req.name)?;
    let work = corpus.work(&req.law)?;
    let first = work.at(work.default_language(), req.asof)?;
    let asof = first.meta.date;
    let languages = if req.languages.is_empty() { work.languages() } else { req.languages.clone() };
    // The first language is the law's default one when it is asked for; the others in their order.
    let mut ordered: Vec<Language> =
        languages.iter().copied().filter(|l| *l == work.default_language()).collect();
    ordered.extend(languages.iter().copied().filter(|l| *l != work.default_language()));
    let mut bases: Vec<&Expression> = Vec::new();
    for l in ordered {
        // Each language as in force on the same date (a language without a text of that date is left out).
        match work.at(l, Some(asof)) {
            Ok(e) if e.meta.date == asof => bases.push(e),
            Ok(_) | Err(_) if !req.languages.is_empty() => {
                return Err(LookupError::NoLanguage {
                    work: work.uri().clone(),
                    language: l,
                    available: format!("the languages of its {asof} text"),
                }
                .into());
            }
            _ => {}
        }
    }
    let date = req.date.unwrap_or(asof);
    let uri: WorkUri = format!("/akn/{}/bill/{date}/{}", work.uri().country(), req.name)
        .parse()
        .map_err(|e| StoreError::Invalid(format!("draft name {:?}: {e}", req.name)))?;
    let draft = Draft::start(&bases, uri, date, req.numbering)?;
    let record = Record::Start { law: work.uri().to_string(), asof, draft: Box::new(draft.clone()) };
    Ok((draft, record))
}

/// A draft as it is now.
pub fn current(store: &AnnotationStore, name: &str) -> Result<(DraftHead, Draft), EditorError> {
    store.draft_state(name)?.ok_or_else(|| EditorError::NoDraft(name.to_string()))
}

/// Makes a change to the draft, as a new revision based on `based_on` (refused when that is not the latest).
pub fn change(
    store: &AnnotationStore,
    name: &str,
    based_on: u64,
    step: &Step,
    author: &str,
) -> Result<(DraftHead, Outcome, Draft), EditorError> {
    let (head, outcome, draft) = save_step(store, name, based_on, author, None, |_| Ok(step.clone()), None)?;
    Ok((head, outcome, draft))
}

/// A change made and saved as the revision after `based_on` (refused when that is not the latest): the step is
/// made from the draft as it is (`make`), applied, and recorded with the reviewer it is credited to. `accepted`:
/// the suggestion the change takes in, stored as decided in the same transaction (if it is still open).
pub(crate) fn save_step(
    store: &AnnotationStore,
    name: &str,
    based_on: u64,
    author: &str,
    suggested_by: Option<String>,
    make: impl FnOnce(&Draft) -> Result<Step, EditorError>,
    accepted: Option<&Suggestion>,
) -> Result<(DraftHead, Outcome, Draft), EditorError> {
    let (head, mut draft) = current(store, name)?;
    if head.revision != based_on {
        return Err(StoreError::Stale { id: name.to_string(), based_on, current: head.revision }.into());
    }
    let step = make(&draft)?;
    let outcome = draft.apply(&step)?;
    let snapshot = ((based_on + 1) % SNAPSHOT_EVERY == 0).then(|| Box::new(draft.clone()));
    let record = Record::Change { step, outcome: outcome.clone(), snapshot, suggested_by };
    let head = match accepted {
        None => store.draft_save(name, based_on, author, &draft, &record)?,
        Some(s) => store.draft_save_deciding(
            name,
            based_on,
            author,
            &draft,
            &record,
            (s.id.as_str(), s, &|x: &Suggestion| x.status == SuggestionStatus::Open),
        )?,
    };
    Ok((head, outcome, draft))
}

/// Where a suggestion stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuggestionStatus {
    /// Not yet decided.
    Open,
    /// Taken into the draft (as the revision named).
    Accepted,
    /// Declined, with a reason.
    Declined,
}

/// What a reviewer leaves on a provision of a draft.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuggestionKind {
    /// New wording, which a drafter accepts into the draft or declines.
    #[default]
    Wording,
    /// A comment (its words in `justification`), which a drafter settles or declines.
    Comment,
}

/// A reviewer's proposed wording for a provision of a draft, or a comment on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Its id (sorts by time).
    pub id: String,
    /// Wording or a comment.
    #[serde(default)]
    pub kind: SuggestionKind,
    /// The provision as it is in the draft now (it follows renumbering and moves by its wId); `None` when it is
    /// no longer in the draft. Made when listed, not stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    /// The provision, as it was when suggested.
    pub eid: String,
    /// Its wId (the provision is found by it if it was renumbered or moved since).
    pub wid: String,
    /// The language of the wording.
    pub language: Language,
    /// The proposed heading (an article's), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// The proposed wording.
    pub text: Vec<String>,
    /// Why (carried to the comparative table when accepted).
    pub justification: String,
    /// The reviewer.
    pub author: String,
    /// When (RFC 3339).
    pub created: String,
    /// Open, accepted or declined.
    pub status: SuggestionStatus,
    /// The drafter who decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    /// Why it was declined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The revision that took it in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<u64>,
}

/// What a reviewer proposes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSuggestion {
    /// Wording (the default) or a comment.
    #[serde(default)]
    pub kind: SuggestionKind,
    /// The provision.
    pub eid: String,
    /// The language of the wording.
    pub language: Language,
    /// A heading (an article's).
    #[serde(default)]
    pub heading: Option<String>,
    /// The wording, one paragraph per entry (none for a comment).
    #[serde(default)]
    pub text: Vec<String>,
    /// Why (for a comment: the comment).
    pub justification: String,
}

/// A reviewer proposes new wording for a provision of the draft (kept with the draft until a drafter decides).
pub fn suggest(
    store: &AnnotationStore,
    name: &str,
    n: NewSuggestion,
    author: &str,
) -> Result<Suggestion, EditorError> {
    let (_, draft) = current(store, name)?;
    let text = draft.text(n.language)?;
    let p = text.find(&n.eid).ok_or_else(|| kanun_drafting::DraftingError::NoProvision(n.eid.clone()))?;
    let paragraphs: Vec<String> =
        n.text.iter().map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect();
    let heading = n.heading.map(|h| h.trim().to_string()).filter(|h| !h.is_empty());
    let wording = !paragraphs.is_empty() || heading.is_some();
    if n.justification.trim().is_empty() || n.kind == SuggestionKind::Wording && !wording {
        return Err(StoreError::Invalid(match n.kind {
            SuggestionKind::Wording => "a suggestion needs the wording proposed and a justification".into(),
            SuggestionKind::Comment => "a comment needs its words (justification)".into(),
        })
        .into());
    }
    let s = Suggestion {
        id: kanun_store::new_id(),
        kind: n.kind,
        now: None,
        eid: n.eid.clone(),
        wid: p.wid.clone(),
        language: n.language,
        heading,
        text: paragraphs,
        justification: n.justification.trim().to_string(),
        author: author.to_string(),
        created: kanun_store::now_rfc3339(),
        status: SuggestionStatus::Open,
        decided_by: None,
        reason: None,
        revision: None,
    };
    store.draft_suggestion_put(name, &s.id, &s, None)?;
    Ok(s)
}

/// The suggestions and comments on a draft, oldest first, each with the provision it is on now (found by its
/// wId: a comment on Article 15 is on Article 12-2 after the article moved there).
pub fn suggestions(store: &AnnotationStore, name: &str) -> Result<Vec<Suggestion>, EditorError> {
    let (_, draft) = current(store, name)?;
    let mut list: Vec<Suggestion> = store.draft_suggestions(name)?;
    for s in &mut list {
        s.now = draft.text(s.language).ok().and_then(|e| e.find_wid(&s.wid)).map(|p| p.eid.clone());
    }
    Ok(list)
}

fn suggestion(store: &AnnotationStore, name: &str, id: &str) -> Result<Suggestion, EditorError> {
    suggestions(store, name)?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| StoreError::NotFound(format!("suggestion {id} on draft {name}")).into())
}

/// A drafter takes a suggestion into the draft: a new revision based on `based_on`, its wording as the reviewer
/// wrote it, its justification carried to the comparative table, credited to the reviewer.
pub fn accept(
    store: &AnnotationStore,
    name: &str,
    id: &str,
    based_on: u64,
    drafter: &str,
) -> Result<(DraftHead, Outcome, Draft, Suggestion), EditorError> {
    let s = suggestion(store, name, id)?;
    if s.kind == SuggestionKind::Comment {
        return Err(StoreError::Invalid(format!(
            "{id} is a comment: there is no wording to accept (decline or settle it)"
        ))
        .into());
    }
    if s.status != SuggestionStatus::Open {
        return Err(
            StoreError::Invalid(format!("suggestion {id} is already {:?}", s.status).to_lowercase()).into()
        );
    }
    let made = |draft: &Draft| -> Result<Step, EditorError> {
        // The provision as it is now (renumbered or moved since the suggestion: found by its wId).
        let eid = draft
            .text(s.language)?
            .find_wid(&s.wid)
            .map(|p| p.eid.clone())
            .ok_or_else(|| kanun_drafting::DraftingError::NoProvision(s.eid.clone()))?;
        Ok(Step {
            change: Change::Edit {
                eid,
                language: s.language,
                heading: s.heading.clone(),
                // A heading suggested alone leaves the text as it is.
                intro: (!s.text.is_empty()).then(|| s.text.clone()),
                wrap_up: None,
            },
            justification: Some(s.justification.clone()),
        })
    };
    // Marked accepted by the revision that takes it in, in the same transaction: a crash leaves both or neither.
    let mut decided = s.clone();
    decided.now = None;
    decided.status = SuggestionStatus::Accepted;
    decided.decided_by = Some(drafter.to_string());
    decided.revision = Some(based_on + 1);
    let (head, outcome, draft) =
        save_step(store, name, based_on, drafter, Some(s.author.clone()), made, Some(&decided))?;
    Ok((head, outcome, draft, decided))
}

/// A drafter declines a suggestion, saying why.
pub fn decline(
    store: &AnnotationStore,
    name: &str,
    id: &str,
    reason: &str,
    drafter: &str,
) -> Result<Suggestion, EditorError> {
    let mut s = suggestion(store, name, id)?;
    if reason.trim().is_empty() {
        return Err(StoreError::Invalid("say why the suggestion is declined".into()).into());
    }
    s.now = None;
    s.status = SuggestionStatus::Declined;
    s.decided_by = Some(drafter.to_string());
    s.reason = Some(reason.trim().to_string());
    store.draft_suggestion_put(name, id, &s, Some(&|x: &Suggestion| x.status == SuggestionStatus::Open))?;
    Ok(s)
}

/// Names the draft as it is now a milestone (a revision of its own).
pub fn milestone(
    store: &AnnotationStore,
    name: &str,
    based_on: u64,
    label: &str,
    author: &str,
) -> Result<DraftHead, EditorError> {
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 200 {
        return Err(StoreError::Invalid("a milestone's name is 1 to 200 characters".into()).into());
    }
    let (_, draft) = current(store, name)?;
    Ok(store.draft_save(name, based_on, author, &draft, &Record::Milestone { name: label.to_string() })?)
}

/// The draft's revisions, oldest first.
pub fn revisions(store: &AnnotationStore, name: &str) -> Result<Vec<RevisionView>, EditorError> {
    if store.draft_head(name)?.is_none() {
        return Err(EditorError::NoDraft(name.to_string()));
    }
    let list: Vec<DraftRevision<Record>> = store.draft_revisions(name, 1, u64::MAX)?;
    Ok(list
        .into_iter()
        .map(|r| {
            let mut v = RevisionView {
                revision: r.revision,
                author: r.author,
                at: r.at,
                kind: "start",
                op: None,
                eid: None,
                justification: None,
                milestone: None,
                suggested_by: None,
            };
            match r.record {
                Record::Start { .. } => {}
                Record::Change { step, suggested_by, .. } => {
                    v.kind = "change";
                    v.suggested_by = suggested_by;
                    v.op = Some(op_name(&step.change).to_string());
                    v.eid = Some(change_eid(&step.change).to_string());
                    v.justification = step.justification;
                }
                Record::Milestone { name } => {
                    v.kind = "milestone";
                    v.milestone = Some(name);
                }
            }
            v
        })
        .collect())
}

fn op_name(c: &Change) -> &'static str {
    match c {
        Change::Edit { .. } => "edit",
        Change::Insert { .. } => "insert",
        Change::Repeal { .. } => "repeal",
        Change::Move { .. } => "move",
        Change::Split { .. } => "split",
        Change::Merge { .. } => "merge",
        Change::Lock { .. } => "lock",
    }
}

fn change_eid(c: &Change) -> &str {
    match c {
        Change::Edit { eid, .. }
        | Change::Insert { eid, .. }
        | Change::Repeal { eid }
        | Change::Move { eid, .. }
        | Change::Split { eid, .. }
        | Change::Merge { eid }
        | Change::Lock { eid, .. } => eid,
    }
}

/// A draft whole as JSONL (its entry, revisions, suggestions and state), for git and for moving a draft between
/// workbenches; [`import`] takes it back.
pub fn export(store: &AnnotationStore, name: &str) -> Result<String, EditorError> {
    let file = store.draft_file(name)?.ok_or_else(|| EditorError::NoDraft(name.to_string()))?;
    Ok(file.encode())
}

/// What taking a draft's file in did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// The draft.
    pub name: String,
    /// What became of its revisions.
    pub merge: kanun_store::drafts::DraftMerge,
    /// Suggestions decided one way in the store and another in the file (the store's kept).
    pub conflicts: Vec<String>,
}

/// Takes a draft's JSONL file (`path` names it in errors) into the store, merged by revision
/// ([`AnnotationStore::draft_put_file`]): every line is read and every revision made again first, so that a file
/// whose steps do not give its kept drafts or its state (edited by hand, or cut) is refused naming the line, and
/// nothing is written. A suggestion decided in the file and open in the store is taken as decided.
pub fn import(store: &AnnotationStore, text: &str, path: &str) -> Result<Imported, EditorError> {
    use kanun_store::jsonl::LineError;
    let file = kanun_store::drafts::DraftFile::decode(text, path).map_err(EditorError::Lines)?;
    let mut errors = Vec::new();
    let err = |line: usize, message: String| LineError { path: path.to_string(), line, message };
    let mut draft: Option<Draft> = None;
    for r in &file.revisions {
        let line = file.line_of_revision(r.revision);
        let record: Record = match serde_json::from_value(r.record.clone()) {
            Ok(x) => x,
            Err(e) => {
                errors.push(err(line, format!("revision {}: not a revision of a draft ({e})", r.revision)));
                continue;
            }
        };
        match (record, draft.as_mut()) {
            (Record::Start { draft: d, .. }, None) if r.revision == 1 => draft = Some(*d),
            (Record::Start { .. }, _) | (_, None) => {
                errors.push(err(line, "revision 1, and only it, starts the draft".into()));
            }
            (Record::Change { step, snapshot, .. }, Some(d)) => {
                if let Err(e) = d.apply(&step) {
                    errors.push(err(line, format!("revision {} cannot be made again: {e}", r.revision)));
                } else if snapshot.is_some_and(|s| *s != *d) {
                    errors.push(err(
                        line,
                        format!("revision {}: the whole draft kept is not what its steps make", r.revision),
                    ));
                }
            }
            (Record::Milestone { .. }, Some(_)) => {}
        }
    }
    let state: Result<Draft, _> = serde_json::from_value(file.state.clone());
    match (&state, &draft) {
        (Err(e), _) => errors.push(err(file.line_of_state(), format!("the state is not a draft ({e})"))),
        (Ok(s), Some(d)) if s != d => errors.push(err(
            file.line_of_state(),
            "the state is not what the revisions make (the file was edited by hand?)".into(),
        )),
        _ => {}
    }
    for (i, (id, v)) in file.suggestions.iter().enumerate() {
        if let Err(e) = serde_json::from_value::<Suggestion>(v.clone()) {
            errors.push(err(file.revisions.len() + 2 + i, format!("suggestion {id}: {e}")));
        }
    }
    if !errors.is_empty() {
        return Err(EditorError::Lines(errors));
    }
    let keep = |stored: &serde_json::Value, incoming: &serde_json::Value| {
        use kanun_store::drafts::Keep;
        let status =
            |v: &serde_json::Value| serde_json::from_value::<Suggestion>(v.clone()).ok().map(|s| s.status);
        match (status(stored), status(incoming)) {
            (Some(SuggestionStatus::Open), Some(s)) if s != SuggestionStatus::Open => Keep::Incoming,
            (Some(s), Some(SuggestionStatus::Open)) if s != SuggestionStatus::Open => Keep::Stored,
            _ => Keep::Conflict,
        }
    };
    let (merge, conflicts) = store.draft_put_file(&file, &keep)?;
    Ok(Imported { name: file.head.name.clone(), merge, conflicts })
}

/// The draft as it was at `revision`: the nearest whole draft kept at or before it, with the steps after it made
/// again.
pub fn at(store: &AnnotationStore, name: &str, revision: u64) -> Result<Draft, EditorError> {
    let head = store.draft_head(name)?.ok_or_else(|| EditorError::NoDraft(name.to_string()))?;
    if revision == 0 || revision > head.revision {
        return Err(EditorError::NoRevision {
            name: name.to_string(),
            asked: revision,
            latest: head.revision,
        });
    }
    let from = revision.saturating_sub(revision % SNAPSHOT_EVERY).max(1);
    let list: Vec<DraftRevision<Record>> = store.draft_revisions(name, from, revision)?;
    let mut draft: Option<Draft> = None;
    for r in list {
        let broken =
            |why: &str| EditorError::Broken { name: name.to_string(), revision: r.revision, why: why.into() };
        match r.record {
            Record::Start { draft: d, .. } => draft = Some(*d),
            Record::Change { snapshot: Some(d), .. } => draft = Some(*d),
            Record::Change { step, .. } => {
                let d = draft.as_mut().ok_or_else(|| broken("no whole draft kept before it"))?;
                d.apply(&step).map_err(|e| broken(&e.to_string()))?;
            }
            Record::Milestone { .. } => {}
        }
    }
    draft.ok_or_else(|| EditorError::Broken {
        name: name.to_string(),
        revision,
        why: "no whole draft kept".into(),
    })
}

/// What is left to settle in `draft`: [`kanun_drafting::check`] against the law in force each text amends (the
/// text and date its front matter names, as for any draft: [`crate::drafts::base_of`]).
pub fn findings(corpus: &dyn Library, draft: &Draft) -> Result<Vec<Finding>, EditorError> {
    let bases: Vec<Expression> =
        draft.texts.iter().map(|t| crate::drafts::base_of(corpus, t, None)).collect::<Result<_, _>>()?;
    Ok(kanun_drafting::check(draft, &bases.iter().collect::<Vec<_>>()))
}

/// The redline of the draft at revision `to` (default: now) in `language` against the law in force it started
/// from, or against the draft at revision `from`.
pub fn redline(
    store: &AnnotationStore,
    corpus: &dyn Library,
    name: &str,
    language: Language,
    from: Option<u64>,
    to: Option<u64>,
) -> Result<(Expression, Expression, Redline), EditorError> {
    let draft = match to {
        Some(r) => at(store, name, r)?,
        None => current(store, name)?.1,
    };
    let proposed = draft.text(language)?.clone();
    let old = match from {
        Some(r) => {
            // The earlier revision stands as the text the later one amends.
            let mut old = at(store, name, r)?.text(language)?.clone();
            if let Some(law) = proposed.meta.amends.clone() {
                old.meta.work = law;
            }
            old.meta.kind = kanun_model::DocKind::Law;
            old.meta.amends = None;
            old.meta.base = None;
            old
        }
        None => crate::drafts::base_of(corpus, &proposed, None)?,
    };
    let r = kanun_redline::redline(&old, &proposed, &[])?;
    Ok((old, proposed, r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kanun_drafting::{Change, Place};

    fn corpus() -> kanun_model::Corpus {
        let mut c = kanun_model::Corpus::new();
        for text in [
            include_str!("../../../corpus/tm/social-services/eng@2022-01-01.md"),
            include_str!("../../../corpus/tm/social-services/eng@2024-07-01.md"),
            include_str!("../../../corpus/tm/social-services/rus@2024-07-01.md"),
            include_str!("../../../corpus/tm/social-services/tuk@2024-07-01.md"),
        ] {
            let e = kanun_markdown::parse(text, None).expression.unwrap_or_else(|| unreachable!("parses"));
            c.insert(e).unwrap_or_else(|_| unreachable!("one each"));
        }
        c
    }

    fn store(name: &str) -> (AnnotationStore, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("kanun-editor-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        (AnnotationStore::open(&dir).unwrap_or_else(|e| panic!("{e}")), dir)
    }

    fn edit(eid: &str, text: &str) -> Step {
        Step {
            change: Change::Edit {
                eid: eid.into(),
                language: Language::ENG,
                heading: None,
                intro: Some(vec![text.into()]),
                wrap_up: None,
            },
            justification: Some(format!("why {eid}")),
        }
    }

    #[test]
    fn a_draft_keeps_every_revision_and_any_two_compare() {
        let (s, dir) = store("revisions");
        let c = corpus();
        let req = StartDraft {
            name: "ss-2027".into(),
            law: "social-services".into(),
            asof: None,
            languages: vec![],
            numbering: Numbering::Insertion,
            date: Some("2027-01-01".parse().unwrap_or_else(|e| panic!("{e:?}"))),
        };
        let (head, d) = start(&s, &c, &req, "Aman").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(head.revision, 1);
        assert_eq!(
            d.languages(),
            [Language::ENG, Language::RUS, Language::TUK],
            "the 2024 texts, English first"
        );
        assert_eq!(d.texts[0].meta.work.to_string(), "/akn/tm/bill/2027-01-01/ss-2027");
        assert!(matches!(start(&s, &c, &req, "Aman"), Err(EditorError::Store(StoreError::Exists(_)))));
        let (h, _, _) = change(&s, "ss-2027", 1, &edit("art_14__para_2", "First wording."), "Aman")
            .unwrap_or_else(|e| panic!("{e}"));
        let m = milestone(&s, "ss-2027", h.revision, "sent to the working group", "Aman")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.revision, 3);
        // A second drafter who read revision 2 saves: refused, nothing lost.
        let e = change(&s, "ss-2027", 2, &edit("art_5", "Other."), "Maya").map(|_| ()).unwrap_err();
        assert!(matches!(e, EditorError::Store(StoreError::Stale { current: 3, .. })), "{e}");
        // Enough changes to pass a kept whole draft.
        let mut rev = 3;
        for i in 0..(SNAPSHOT_EVERY + 3) {
            let (h, _, _) =
                change(&s, "ss-2027", rev, &edit("art_14__para_2", &format!("Wording {i}.")), "Aman")
                    .unwrap_or_else(|e| panic!("{e}"));
            rev = h.revision;
        }
        let insert = Step {
            change: Change::Insert {
                eid: "art_12".into(),
                place: Place::After,
                language: Language::ENG,
                heading: Some("Respite care".into()),
                text: vec!["Short breaks for carers.".into()],
            },
            justification: Some("Carers.".into()),
        };
        let (h, o, now) = change(&s, "ss-2027", rev, &insert, "Aman").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.eid.as_deref(), Some("art_12-1"));
        // The text at every revision is what it was then, whether kept whole or made again from the steps.
        for r in 1..=h.revision {
            let d = at(&s, "ss-2027", r).unwrap_or_else(|e| panic!("revision {r}: {e}"));
            let p2 = d.texts[0].find("art_14__para_2").map(|p| p.plain_text()).unwrap_or_default();
            let want = match r {
                1 => "A person may be placed",
                2 | 3 => "First wording.",
                _ if r == h.revision => "Wording 27.",
                _ => "Wording ",
            };
            assert!(p2.starts_with(want), "revision {r}: {p2}");
        }
        assert_eq!(at(&s, "ss-2027", h.revision).unwrap_or_else(|e| panic!("{e}")), now);
        assert!(matches!(at(&s, "ss-2027", h.revision + 1), Err(EditorError::NoRevision { .. })));
        // The milestone against the law in force, and now against the milestone.
        let (_, _, r) =
            redline(&s, &c, "ss-2027", Language::ENG, None, Some(3)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.rows.iter().filter(|row| row.class.as_str() == "modified").count(), 1);
        let (_, _, r) =
            redline(&s, &c, "ss-2027", Language::ENG, Some(3), None).unwrap_or_else(|e| panic!("{e}"));
        let classes: Vec<&str> =
            r.rows.iter().map(|row| row.class.as_str()).filter(|c| *c != "unchanged").collect();
        assert_eq!(classes, ["new", "modified"], "{classes:?}");
        let list = revisions(&s, "ss-2027").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(list.len() as u64, h.revision);
        assert_eq!(list[2].milestone.as_deref(), Some("sent to the working group"));
        assert_eq!(list.last().and_then(|v| v.op.as_deref()), Some("insert"));
        drop(s);
        std::fs::remove_dir_all(&dir).ok();
    }
}
