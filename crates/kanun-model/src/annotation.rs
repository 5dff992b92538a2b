//! Annotations: comments, gaps and recommendations by reviewers, attached to a provision (by wId and eId) and
//! optionally to a quoted span of its plain text, shaped so that they export losslessly as W3C Web Annotations.

use serde::{Deserialize, Serialize};

use crate::{ExpressionId, WorkUri};

#[macro_export]
#[doc(hidden)]
/// An enum of lower-case words with `ALL`, `as_str`, `FromStr` and `Display`.
macro_rules! word_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            /// The spelling in files, commands and the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<$name, String> {
                match s {
                    $($s => Ok($name::$v),)+
                    _ => Err(format!(
                        "unknown {} {s:?} (expected one of: {})",
                        stringify!($name).to_lowercase(),
                        [$($s),+].join(", ")
                    )),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

word_enum!(
    /// What kind of note an annotation is.
    AnnotationType {
        /// A general remark.
        Comment = "comment",
        /// Something the law does not regulate and should (e.g. against an international standard).
        Gap = "gap",
        /// A proposed change.
        Recommendation = "recommendation",
        /// A conflict with another provision or law.
        Conflict = "conflict",
        /// A question for the working group.
        Question = "question",
        /// Wording, numbering, typography.
        Editorial = "editorial",
    }
);

word_enum!(
    /// Where an annotation is in the review workflow.
    AnnotationStatus {
        /// Raised, not yet decided.
        Open = "open",
        /// The working group agrees.
        Accepted = "accepted",
        /// The working group does not agree.
        Rejected = "rejected",
        /// Implemented in a draft.
        Implemented = "implemented",
        /// Settled otherwise.
        Resolved = "resolved",
    }
);

word_enum!(
    /// How urgent an annotation is.
    Priority {
        /// Low.
        Low = "low",
        /// Medium.
        Medium = "medium",
        /// High.
        High = "high",
    }
);

/// A word in the reader's language: English, Russian, Turkmen (English for any other language).
fn in_language(lang: crate::Language, [eng, rus, tuk]: [&'static str; 3]) -> &'static str {
    match lang.code() {
        "rus" => rus,
        "tuk" => tuk,
        _ => eng,
    }
}

impl AnnotationType {
    /// The name of this type in `lang` (reports, redlines and exports are written in their reader's language).
    pub fn name_in(self, lang: crate::Language) -> &'static str {
        in_language(
            lang,
            match self {
                AnnotationType::Comment => ["comment", "комментарий", "teswir"],
                AnnotationType::Gap => ["gap", "пробел", "boşluk"],
                AnnotationType::Recommendation => ["recommendation", "рекомендация", "maslahat"],
                AnnotationType::Conflict => ["conflict", "коллизия", "gapma-garşylyk"],
                AnnotationType::Question => ["question", "вопрос", "sorag"],
                AnnotationType::Editorial => ["editorial", "редакционное", "redaksion"],
            },
        )
    }
}

impl AnnotationStatus {
    /// The name of this status in `lang`.
    pub fn name_in(self, lang: crate::Language) -> &'static str {
        in_language(
            lang,
            match self {
                AnnotationStatus::Open => ["open", "открыта", "açyk"],
                AnnotationStatus::Accepted => ["accepted", "принята", "kabul edildi"],
                AnnotationStatus::Rejected => ["rejected", "отклонена", "ret edildi"],
                AnnotationStatus::Implemented => ["implemented", "реализована", "ýerine ýetirildi"],
                AnnotationStatus::Resolved => ["resolved", "решена", "çözüldi"],
            },
        )
    }
}

impl Priority {
    /// The name of this priority in `lang`.
    pub fn name_in(self, lang: crate::Language) -> &'static str {
        in_language(
            lang,
            match self {
                Priority::Low => ["low", "низкий", "pes"],
                Priority::Medium => ["medium", "средний", "orta"],
                Priority::High => ["high", "высокий", "ýokary"],
            },
        )
    }
}

/// A quoted span: the exact text and the context on either side (W3C TextQuoteSelector).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteSelector {
    /// The quoted text.
    pub exact: String,
    /// Text just before it.
    #[serde(default)]
    pub prefix: String,
    /// Text just after it.
    #[serde(default)]
    pub suffix: String,
}

/// Character offsets in the provision's plain text, end exclusive (W3C TextPositionSelector).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionSelector {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// What an annotation is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// The work.
    pub work: WorkUri,
    /// The expression the annotation was made on.
    pub expression: ExpressionId,
    /// The provision's persistent identity.
    pub wid: String,
    /// The provision's eId when the annotation was made.
    pub eid: String,
    /// The quoted span, if the annotation is on a span rather than the whole provision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<QuoteSelector>,
    /// Where the span was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<PositionSelector>,
    /// A hash of the provision's plain text when the annotation was last anchored: an unchanged provision
    /// needs no matching.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
}

/// A reply in an annotation's thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    /// Its id.
    pub id: String,
    /// Who wrote it.
    pub author: String,
    /// When (RFC 3339, UTC).
    pub created: String,
    /// Markdown.
    pub body: String,
}

/// A typed link from an annotation to something else, e.g. `implemented-by` → a draft provision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The relation: `implemented-by`, `conflicts-with`, `see-also`.
    pub rel: String,
    /// An expression id with `#eId`, a work URI, or a URL.
    pub target: String,
}

/// One annotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// Time-ordered unique id.
    pub id: String,
    /// What it is attached to.
    pub target: Target,
    /// What kind of note it is.
    #[serde(rename = "type")]
    pub kind: AnnotationType,
    /// Workflow status.
    pub status: AnnotationStatus,
    /// Priority.
    pub priority: Priority,
    /// Themes and standards: `CRPD-19`, `CRC-20`, `licensing`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Who wrote it.
    pub author: String,
    /// When it was created (RFC 3339, UTC).
    pub created: String,
    /// When it was last changed (RFC 3339, UTC).
    pub modified: String,
    /// Incremented by every change; an update must name the revision it was based on.
    pub revision: u64,
    /// The note, in Markdown.
    pub body: String,
    /// The thread.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Reply>,
    /// Links.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// A deleted annotation is kept as a tombstone, never dropped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_and_print() {
        assert_eq!("recommendation".parse::<AnnotationType>().unwrap(), AnnotationType::Recommendation);
        assert_eq!(AnnotationStatus::Implemented.to_string(), "implemented");
        let err = "urgent".parse::<Priority>().unwrap_err();
        assert!(err.contains("low, medium, high"), "{err}");
        assert_eq!(AnnotationType::ALL.len(), 6);
    }

    #[test]
    fn every_type_status_and_priority_is_named_in_russian_and_turkmen() {
        use crate::Language;
        for t in AnnotationType::ALL {
            assert_eq!(t.name_in(Language::ENG), t.as_str());
            assert_ne!(t.name_in(Language::RUS), t.as_str());
            assert_ne!(t.name_in(Language::TUK), t.as_str());
        }
        for s in AnnotationStatus::ALL {
            assert_eq!(s.name_in(Language::DEU), s.as_str());
            assert_ne!(s.name_in(Language::RUS), s.as_str());
            assert_ne!(s.name_in(Language::TUK), s.as_str());
        }
        for p in Priority::ALL {
            assert_ne!(p.name_in(Language::RUS), p.as_str());
            assert_ne!(p.name_in(Language::TUK), p.as_str());
        }
    }
}
