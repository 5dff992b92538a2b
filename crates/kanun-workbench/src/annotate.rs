//! Creating an annotation: the one set of rules the web workbench and `kanun annotate add` follow. The provision
//! is looked up in the expression asked for; a span is given by offsets (checked against the quote when one comes
//! with them) or by the quote itself (found in the text); the target is narrowed to the deepest part or point that
//! holds the whole span; tags are trimmed and empty ones dropped; an empty note is refused; the annotation is
//! stored (flushed before this returns). A reply is added to the thread whatever the annotation's revision: when
//! someone else wrote in between, it is added again to the newer version.

use kanun_model::annotation::{Annotation, AnnotationStatus, AnnotationType, Link, Priority, Reply, Target};
use kanun_model::corpus::LookupError;
use kanun_model::{Date, Language, Library};
use kanun_store::{Annotations, StoreError};
use thiserror::Error;

/// Which words of the provision the annotation is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// The whole provision.
    Whole,
    /// Characters `start..end` of the provision's plain text; with the quote, it must be what is there.
    Offsets {
        /// First character.
        start: usize,
        /// After the last character.
        end: usize,
        /// The words the annotator saw there.
        quote: Option<String>,
    },
    /// The first place these words occur in the provision.
    Quote(String),
}

/// A new annotation as a front end received it.
#[derive(Debug, Clone)]
pub struct NewAnnotation {
    /// The work (URI or short name).
    pub work: String,
    /// The language of the text annotated (default: the work's, see `Work::default_language`).
    pub language: Option<Language>,
    /// The version: the one in force on this date (default: the latest).
    pub asof: Option<Date>,
    /// The provision's eId in that text.
    pub eid: String,
    /// The words annotated.
    pub span: Span,
    /// Comment, gap, recommendation, …
    pub kind: AnnotationType,
    /// How urgent.
    pub priority: Priority,
    /// Themes and standards.
    pub tags: Vec<String>,
    /// The note, in Markdown.
    pub body: String,
    /// Who writes it (the front end decides: a signed-in user's own name, a name given in local mode).
    pub author: String,
    /// Links to other things.
    pub links: Vec<Link>,
}

/// Why an annotation cannot be made. Each says what to change; [`AnnotateError::hint`] says where to look.
#[derive(Debug, Error)]
pub enum AnnotateError {
    /// The work or the version does not exist.
    #[error(transparent)]
    Lookup(#[from] LookupError),
    /// No such provision in that text.
    #[error("no provision {eid:?} in {expression}")]
    NoProvision {
        /// The eId asked for.
        eid: String,
        /// The expression looked in.
        expression: String,
    },
    /// Offsets outside the text or the wrong way round.
    #[error("start={start}, end={end}: give 0 <= start < end <= {len} (characters of {eid}'s text)")]
    Offsets {
        /// Given start.
        start: usize,
        /// Given end.
        end: usize,
        /// The text's length in characters.
        len: usize,
        /// The provision.
        eid: String,
    },
    /// Only one of start and end.
    #[error("give both start and end, or neither")]
    HalfSpan,
    /// The offsets hold other words than the quote (the text changed since it was read).
    #[error("the text of {eid} at {start}..{end} is {found:?}, not the quote {quote:?}")]
    QuoteDiffers {
        /// The provision.
        eid: String,
        /// Given start.
        start: usize,
        /// Given end.
        end: usize,
        /// What is there.
        found: String,
        /// What was quoted.
        quote: String,
    },
    /// The quote is not in the provision.
    #[error("the quote {quote:?} is not in {eid} of {expression}")]
    QuoteNotFound {
        /// What was quoted (normalised as the text is).
        quote: String,
        /// The provision.
        eid: String,
        /// The expression.
        expression: String,
    },
    /// The span holds no words.
    #[error("the span is empty")]
    EmptySpan,
    /// The note is empty.
    #[error("the body is empty: write the comment, gap or recommendation")]
    EmptyBody,
    /// The reply is empty.
    #[error("the reply is empty")]
    EmptyReply,
    /// The reply is too long.
    #[error("the reply is longer than {max} characters")]
    ReplyTooLong {
        /// The most a reply may have.
        max: usize,
    },
    /// Others kept changing the annotation while the reply was added.
    #[error("the annotation is being changed by others right now; try again")]
    Busy,
    /// The store refused it.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AnnotateError {
    /// Where to look to put it right.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            AnnotateError::NoProvision { .. } => {
                Some("take the eId from the text (`kanun show WORK`, or the reader)")
            }
            AnnotateError::QuoteDiffers { .. } => {
                Some("the text may have changed: reload the page and select the words again")
            }
            AnnotateError::QuoteNotFound { .. } => Some("quote the words exactly as the text shows them"),
            _ => None,
        }
    }
}

/// What was made.
#[derive(Debug, Clone)]
pub struct Created {
    /// The annotation, as stored.
    pub annotation: Annotation,
    /// How often the quoted words occur in the provision (the first is annotated; more than one is worth saying).
    pub occurrences: usize,
}

/// The byte offset of the `n`th character of `s`.
fn byte_at(s: &str, n: usize) -> Option<usize> {
    if n == s.chars().count() {
        return Some(s.len());
    }
    s.char_indices().nth(n).map(|(i, _)| i)
}

/// Makes the annotation `n` asks for and stores it.
pub fn annotate(
    store: &dyn Annotations,
    corpus: &dyn Library,
    n: NewAnnotation,
) -> Result<Created, AnnotateError> {
    let work = corpus.work(&n.work)?;
    let expr = work.at(work.language_or_default(n.language), n.asof)?;
    let p = expr.find(&n.eid).ok_or_else(|| AnnotateError::NoProvision {
        eid: n.eid.clone(),
        expression: expr.id().to_string(),
    })?;
    let text = p.plain_text();
    let mut occurrences = 1;
    let span = match &n.span {
        Span::Whole => None,
        Span::Offsets { start: a, end: b, quote } => {
            let (a, b) = (*a, *b);
            let len = text.chars().count();
            if a >= b || b > len {
                return Err(AnnotateError::Offsets { start: a, end: b, len, eid: n.eid });
            }
            let (x, y) = (byte_at(&text, a).unwrap_or(0), byte_at(&text, b).unwrap_or(text.len()));
            if let Some(q) = quote
                && text[x..y] != *q
            {
                return Err(AnnotateError::QuoteDiffers {
                    eid: n.eid,
                    start: a,
                    end: b,
                    found: text[x..y].to_string(),
                    quote: q.clone(),
                });
            }
            Some((a, b))
        }
        Span::Quote(q) => {
            let q = kanun_markdown::normalize_text(q);
            if q.is_empty() {
                return Err(AnnotateError::EmptySpan);
            }
            let at = text.find(&q).ok_or_else(|| AnnotateError::QuoteNotFound {
                quote: q.clone(),
                eid: n.eid.clone(),
                expression: expr.id().to_string(),
            })?;
            occurrences = text.matches(&q).count();
            let a = text[..at].chars().count();
            Some((a, a + q.chars().count()))
        }
    };
    // Narrow the target to the deepest part or point that holds the whole span.
    let (target, quote, position) = match span {
        None => (p, None, None),
        Some((a, b)) => {
            let mut best = (p, 0usize);
            for d in p.walk() {
                let Some(off) = p.text_offset_of(&d.eid) else { continue };
                let len = d.plain_text().chars().count();
                if off <= a && b <= off + len && d.eid.len() >= best.0.eid.len() {
                    best = (d, off);
                }
            }
            let (d, off) = best;
            let dt = d.plain_text();
            let (x, y) = (byte_at(&dt, a - off), byte_at(&dt, b - off));
            let (qs, ps) = x
                .zip(y)
                .and_then(|(x, y)| kanun_anchor::selector(&dt, x, y))
                .ok_or(AnnotateError::EmptySpan)?;
            (d, Some(qs), Some(ps))
        }
    };
    if n.body.trim().is_empty() {
        return Err(AnnotateError::EmptyBody);
    }
    let now = kanun_store::now_rfc3339();
    let a = Annotation {
        id: kanun_store::new_id(),
        target: Target {
            work: work.uri().clone(),
            expression: expr.id(),
            wid: target.wid.clone(),
            eid: target.eid.clone(),
            quote,
            position,
            content_hash: Some(kanun_anchor::content_hash(&target.plain_text())),
        },
        kind: n.kind,
        status: AnnotationStatus::Open,
        priority: n.priority,
        tags: n.tags.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
        author: n.author,
        created: now.clone(),
        modified: now,
        revision: 0,
        body: n.body,
        replies: vec![],
        links: n.links,
        deleted: false,
    };
    Ok(Created { annotation: store.create(a)?, occurrences })
}

/// Adds a reply by `author` to the thread of annotation `id` (not to a deleted one), whatever its revision: a write
/// by someone else in between is not an error, the reply goes onto the newer version (up to five tries).
pub fn reply(
    store: &dyn Annotations,
    id: &str,
    author: &str,
    body: &str,
) -> Result<Annotation, AnnotateError> {
    if body.trim().is_empty() {
        return Err(AnnotateError::EmptyReply);
    }
    if body.chars().count() > kanun_store::MAX_BODY_CHARS {
        return Err(AnnotateError::ReplyTooLong { max: kanun_store::MAX_BODY_CHARS });
    }
    for _ in 0..5 {
        let mut a =
            store.get(id)?.filter(|a| !a.deleted).ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        let rev = a.revision;
        let now = kanun_store::now_rfc3339();
        a.replies.push(Reply {
            id: kanun_store::new_id(),
            author: author.to_string(),
            created: now.clone(),
            body: body.to_string(),
        });
        a.modified = now;
        match store.update(a, rev) {
            Ok(a) => return Ok(a),
            Err(StoreError::Stale { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AnnotateError::Busy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kanun_store::MemoryStore;

    fn corpus() -> kanun_model::Corpus {
        let mut c = kanun_model::Corpus::new();
        for text in [
            include_str!("../../../corpus/tm/social-services/eng@2024-07-01.md"),
            include_str!("../../../corpus/tm/social-services/rus@2024-07-01.md"),
        ] {
            let parsed = kanun_markdown::parse(text, None);
            c.insert(parsed.expression.expect("the bundled law parses")).expect("one expression each");
        }
        c
    }

    fn request(eid: &str, span: Span, body: &str) -> NewAnnotation {
        NewAnnotation {
            work: "social-services".into(),
            language: None,
            asof: None,
            eid: eid.into(),
            span,
            kind: AnnotationType::Gap,
            priority: Priority::High,
            tags: vec![" consent ".into(), "".into()],
            body: body.into(),
            author: "A. Expert".into(),
            links: vec![],
        }
    }

    #[test]
    fn a_quote_is_narrowed_to_its_part_tags_trimmed_and_empty_notes_refused() {
        let (store, c) = (MemoryStore::new(), corpus());
        let made =
            annotate(&store, &c, request("art_14", Span::Quote("written consent".into()), "Note")).unwrap();
        let a = &made.annotation;
        assert_eq!(a.target.eid, "art_14__para_2", "narrowed to the part holding the quote");
        assert_eq!(a.target.quote.as_ref().map(|q| q.exact.as_str()), Some("written consent"));
        assert_eq!(a.tags, ["consent"]);
        assert_eq!(a.revision, 1);
        assert!(matches!(
            annotate(&store, &c, request("art_14", Span::Whole, "  ")),
            Err(AnnotateError::EmptyBody)
        ));
        assert!(matches!(
            annotate(&store, &c, request("art_14", Span::Quote("not in it".into()), "x")),
            Err(AnnotateError::QuoteNotFound { .. })
        ));
        assert!(matches!(
            annotate(&store, &c, request("art_99", Span::Whole, "x")),
            Err(AnnotateError::NoProvision { .. })
        ));
        let e = annotate(&store, &c, request("art_14", Span::Offsets { start: 5, end: 2, quote: None }, "x"));
        assert!(matches!(e, Err(AnnotateError::Offsets { .. })));
        assert_eq!(store.list(&kanun_store::Filter::default()).unwrap().len(), 1, "nothing else was stored");
    }

    #[test]
    fn replies_follow_the_rules_and_never_go_on_a_deleted_note() {
        let (store, c) = (MemoryStore::new(), corpus());
        let a = annotate(&store, &c, request("art_14", Span::Whole, "Note")).unwrap().annotation;
        let after = reply(&store, &a.id, "B", "Agreed").unwrap();
        assert_eq!((after.revision, after.replies.len()), (2, 1));
        assert!(matches!(reply(&store, &a.id, "B", " "), Err(AnnotateError::EmptyReply)));
        let mut gone = after.clone();
        gone.deleted = true;
        store.update(gone, 2).unwrap();
        assert!(matches!(
            reply(&store, &a.id, "B", "late"),
            Err(AnnotateError::Store(StoreError::NotFound(_)))
        ));
    }
}
