//! FRBR-style identifiers: the work URI (`/akn/tm/act/2021-12-18/social-services`) and the expression id
//! (`<work>/<lang>@<date>`), as Akoma Ntoso names them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Date, Language, ModelError};

/// The URI of a work: `/akn/<country>/<type>/<date>/<name>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WorkUri {
    country: String,
    doc_type: String,
    date: Date,
    name: String,
}

impl WorkUri {
    /// The country code (ISO 3166-1 alpha-2, lower case), e.g. `tm`.
    pub fn country(&self) -> &str {
        &self.country
    }

    /// The document type, e.g. `act`, `bill`, `code`.
    pub fn doc_type(&self) -> &str {
        &self.doc_type
    }

    /// The date of adoption.
    pub fn date(&self) -> Date {
        self.date
    }

    /// The short name (the slug), e.g. `social-services`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The id of this work's expression in `language` from `date`.
    pub fn expression(&self, language: Language, date: Date) -> ExpressionId {
        ExpressionId { work: self.clone(), language, date }
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.' || b == b'_')
        && !s.starts_with('-')
        // Names become file names (exports, uploaded drafts): never ".", ".." or a hidden file.
        && !s.starts_with('.')
}

impl FromStr for WorkUri {
    type Err = ModelError;

    fn from_str(s: &str) -> Result<WorkUri, ModelError> {
        let bad = |reason: &str| ModelError::WorkUri { given: s.to_string(), reason: reason.to_string() };
        let rest = s.strip_prefix("/akn/").ok_or_else(|| bad("it must start with /akn/"))?;
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.len() != 4 {
            return Err(bad("it must have four parts after /akn/"));
        }
        let (country, doc_type, date, name) = (parts[0], parts[1], parts[2], parts[3]);
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(bad("the country must be two lower-case letters"));
        }
        if doc_type.is_empty() || !doc_type.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(bad("the document type must be lower-case letters, e.g. act"));
        }
        let date: Date = date.parse().map_err(|e: ModelError| bad(&e.to_string()))?;
        if !is_slug(name) {
            return Err(bad(
                "the name must be lower-case letters, digits and hyphens (not starting with '-' or '.')",
            ));
        }
        Ok(WorkUri {
            country: country.to_string(),
            doc_type: doc_type.to_string(),
            date,
            name: name.to_string(),
        })
    }
}

impl fmt::Display for WorkUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/akn/{}/{}/{}/{}", self.country, self.doc_type, self.date, self.name)
    }
}

/// The id of an expression: a work in one language as in force from one date, `<work>/<lang>@<date>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExpressionId {
    /// The work.
    pub work: WorkUri,
    /// The language.
    pub language: Language,
    /// The date from which the expression is in force.
    pub date: Date,
}

impl FromStr for ExpressionId {
    type Err = ModelError;

    fn from_str(s: &str) -> Result<ExpressionId, ModelError> {
        let bad = |reason: String| ModelError::ExpressionId { given: s.to_string(), reason };
        let (work, tail) = s.rsplit_once('/').ok_or_else(|| bad("it has no /<lang>@<date> part".into()))?;
        let (lang, date) =
            tail.split_once('@').ok_or_else(|| bad("the last part must be <lang>@<date>".into()))?;
        Ok(ExpressionId {
            work: work.parse().map_err(|e: ModelError| bad(e.to_string()))?,
            language: lang.parse().map_err(|e: ModelError| bad(e.to_string()))?,
            date: date.parse().map_err(|e: ModelError| bad(e.to_string()))?,
        })
    }
}

impl fmt::Display for ExpressionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}@{}", self.work, self.language, self.date)
    }
}

macro_rules! serde_via_str {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
serde_via_str!(WorkUri);
serde_via_str!(ExpressionId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_uri_round_trips() {
        let s = "/akn/tm/act/2021-12-18/social-services";
        let w: WorkUri = s.parse().unwrap();
        assert_eq!(w.to_string(), s);
        assert_eq!((w.country(), w.doc_type(), w.name()), ("tm", "act", "social-services"));
    }

    #[test]
    fn expression_id_round_trips() {
        let s = "/akn/tm/act/2021-12-18/social-services/rus@2022-01-01";
        let e: ExpressionId = s.parse().unwrap();
        assert_eq!(e.language, Language::RUS);
        assert_eq!(e.to_string(), s);
    }

    #[test]
    fn bad_uris_say_why() {
        for (s, why) in [
            ("akn/tm/act/2021-12-18/x", "start with /akn/"),
            ("/akn/tm/act/2021-12-18", "four parts"),
            ("/akn/TM/act/2021-12-18/x", "country"),
            ("/akn/tm/Act/2021-12-18/x", "document type"),
            ("/akn/tm/act/2021-13-18/x", "month"),
            ("/akn/tm/act/2021-12-18/Social Services", "name"),
            // Names become file names: no traversal, no hidden files.
            ("/akn/tm/act/2021-12-18/..", "not starting with"),
            ("/akn/tm/act/2021-12-18/.hidden", "not starting with"),
            ("/akn/tm/act/2021-12-18/../../etc", "four parts"),
        ] {
            let err = s.parse::<WorkUri>().unwrap_err().to_string();
            assert!(err.contains(why), "{s}: {err}");
        }
        let err = "/akn/tm/act/2021-12-18/x/en@2022-01-01".parse::<ExpressionId>().unwrap_err().to_string();
        assert!(err.contains("language"), "{err}");
    }
}
