//! The query parser (`kanun_query::parse`) on arbitrary text: it never panics, an error's position is inside
//! the query (or just past its end), and every span of a parsed query lies within the query.

#![no_main]

use kanun_query::{Query, parse};
use libfuzzer_sys::fuzz_target;

fn check_spans(q: &Query, len: usize) {
    match q {
        Query::Term(t) => assert!(t.span.start <= t.span.end && t.span.end <= len, "{:?} of {len}", t.span),
        Query::Phrase { span, .. } => assert!(span.start <= span.end && span.end <= len, "{span:?} of {len}"),
        Query::And(v) | Query::Or(v) => v.iter().for_each(|q| check_spans(q, len)),
        Query::Not(q) => check_spans(q, len),
        Query::Filter(_) | Query::All => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let len = text.chars().count();
    match parse(text) {
        Ok(q) => check_spans(&q.query, len),
        Err(e) => assert!(e.position <= len, "error at {} of {len}: {e}", e.position),
    }
});
