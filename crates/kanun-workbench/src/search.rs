//! A search request: the query a person typed and the filters a front end offers beside it (the web page's
//! selects, the command line's `--lang` and `--asof`), merged into one query. Each filter is read by the query
//! language itself, so `lang=rus` means exactly what `lang:rus` typed in the query means.

use kanun_query::{ParsedQuery, Query, QueryError};
use thiserror::Error;

/// The filters beside the query, as given (each a single value, or empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// `lang:`
    pub lang: Option<String>,
    /// `kind:`
    pub kind: Option<String>,
    /// `status:`
    pub status: Option<String>,
    /// `law:` (the parameter is called `work`)
    pub work: Option<String>,
    /// `asof:`
    pub asof: Option<String>,
}

/// Why a request cannot be run.
#[derive(Debug, Error)]
pub enum RequestError {
    /// The query itself (with the character position).
    #[error(transparent)]
    Query(#[from] QueryError),
    /// A filter's value.
    #[error("{param}={value:?}: {message}")]
    Filter {
        /// The filter's name as the front end calls it.
        param: &'static str,
        /// The value given.
        value: String,
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// Two dates: one in the query, another beside it.
    #[error("the query says asof:{query} and the filter says {given}; give one date")]
    TwoDates {
        /// The query's date.
        query: String,
        /// The filter's date.
        given: String,
    },
}

/// The query `q` with the filters `f` added: `None` when there is nothing to search for (no words, no filter).
pub fn request(q: &str, f: &Filters) -> Result<Option<ParsedQuery>, RequestError> {
    let mut parsed = if q.trim().is_empty() {
        ParsedQuery { query: Query::All, asof: None }
    } else {
        kanun_query::parse(q)?
    };
    let mut clauses = vec![parsed.query];
    for (field, param, value) in [
        ("lang", "lang", &f.lang),
        ("kind", "kind", &f.kind),
        ("status", "status", &f.status),
        ("law", "work", &f.work),
        ("asof", "asof", &f.asof),
    ] {
        let Some(v) = value.as_deref().filter(|v| !v.is_empty()) else { continue };
        if v.chars().any(char::is_whitespace) || v.contains('"') {
            return Err(RequestError::Filter {
                param,
                value: v.to_string(),
                message: "one value without spaces or quotes".into(),
                hint: String::new(),
            });
        }
        let one = kanun_query::parse(&format!("{field}:{v}")).map_err(|e| RequestError::Filter {
            param,
            value: v.to_string(),
            message: e.message,
            hint: e.hint,
        })?;
        match one.asof {
            Some(d) => {
                if let Some(qd) = parsed.asof.filter(|qd| *qd != d) {
                    return Err(RequestError::TwoDates { query: qd.to_string(), given: d.to_string() });
                }
                parsed.asof = Some(d);
            }
            None => clauses.push(one.query),
        }
    }
    clauses.retain(|c| *c != Query::All);
    parsed.query = match clauses.len() {
        0 => Query::All,
        1 => clauses.remove(0),
        _ => Query::And(clauses),
    };
    if q.trim().is_empty() && parsed.query == Query::All {
        return Ok(None);
    }
    Ok(Some(parsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(lang: &str, asof: &str) -> Filters {
        Filters { lang: Some(lang.into()), asof: Some(asof.into()), ..Filters::default() }
    }

    #[test]
    fn filters_mean_what_the_same_words_in_the_query_mean() {
        let a = request("social worker", &f("rus", "2023-01-01")).unwrap().unwrap();
        let b = kanun_query::parse("social worker asof:2023-01-01").unwrap();
        let lang = kanun_query::parse("lang:rus").unwrap().query;
        assert_eq!(a.asof, b.asof);
        assert_eq!(a.query, Query::And(vec![b.query, lang]));
        assert!(request("", &Filters::default()).unwrap().is_none(), "nothing to search for");
        assert!(request("", &f("eng", "")).unwrap().is_some(), "a filter alone is a search");
    }

    #[test]
    fn bad_filters_are_named() {
        let e = request("x", &f("xx", "")).unwrap_err();
        assert!(matches!(&e, RequestError::Filter { param: "lang", .. }), "{e}");
        let e = request("x", &Filters { work: Some("a b".into()), ..Filters::default() }).unwrap_err();
        assert!(e.to_string().starts_with("work=\"a b\""), "{e}");
        let e = request("x asof:2022-01-01", &f("", "2024-01-01")).unwrap_err();
        assert!(matches!(e, RequestError::TwoDates { .. }));
        assert!(matches!(request("(x OR", &Filters::default()), Err(RequestError::Query(_))));
    }
}
