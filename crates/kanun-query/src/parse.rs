//! The lexer and recursive-descent parser of the query language. Precedence, lowest first: `OR`, then `AND`
//! (also implied between clauses), then `NOT` / `-`, then words, phrases, filters and parentheses.

use kanun_model::eid::num_id;
use kanun_model::{Date, Language};

use crate::{DocumentKind, Filter, ParsedQuery, Query, QueryError, Span, Term};

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// How deeply parentheses and NOTs may nest.
pub const MAX_DEPTH: usize = 20;

const FIELDS: &[&str] = &["law", "lang", "kind", "status", "art", "asof"];

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    Phrase(String),
    Word(String),
    Field { name: String, value: String, value_start: usize },
    And,
    Or,
    Not,
    Minus,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

fn err(message: impl Into<String>, position: usize, hint: impl Into<String>) -> QueryError {
    QueryError { message: message.into(), position, hint: hint.into() }
}

fn lex(chars: &[char]) -> Result<Vec<Token>, QueryError> {
    if let Some(i) = chars.iter().position(|c| c.is_control() && !matches!(c, ' ' | '\t' | '\n' | '\r')) {
        let c = chars[i];
        return Err(err(
            format!("control character U+{:04X} in the query", c as u32),
            i,
            "remove it; queries are plain text",
        ));
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        match c {
            '(' => {
                out.push(Token { tok: Tok::LParen, start: i, end: i + 1 });
                i += 1;
            }
            ')' => {
                out.push(Token { tok: Tok::RParen, start: i, end: i + 1 });
                i += 1;
            }
            '"' | '«' | '“' => {
                let (text, end) = quoted(chars, i)?;
                out.push(Token { tok: Tok::Phrase(text), start: i, end });
                i = end;
            }
            '-' if chars.get(i + 1).is_some_and(|n| !n.is_whitespace() && *n != ')') => {
                out.push(Token { tok: Tok::Minus, start: i, end: i + 1 });
                i += 1;
            }
            '-' => {
                return Err(err(
                    "'-' stands alone",
                    i,
                    "write it directly before the word to exclude, as in -repealed",
                ));
            }
            _ => {
                let start = i;
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !matches!(chars[i], '(' | ')' | '"' | '«' | '“')
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                // A field with a quoted value: law:"social services".
                let name_ok = |n: &str| n.len() >= 2 && n.chars().all(|c| c.is_ascii_lowercase());
                if word.ends_with(':')
                    && name_ok(word.trim_end_matches(':'))
                    && chars.get(i).is_some_and(|c| matches!(c, '"' | '«' | '“'))
                {
                    let (value, end) = quoted(chars, i)?;
                    let name = word.trim_end_matches(':').to_string();
                    out.push(Token { tok: Tok::Field { name, value, value_start: i + 1 }, start, end });
                    i = end;
                    continue;
                }
                let tok = match word.as_str() {
                    "AND" | "И" | "&&" => Tok::And,
                    "OR" | "ИЛИ" | "||" => Tok::Or,
                    "NOT" | "НЕ" => Tok::Not,
                    _ => field(&word, start).unwrap_or(Tok::Word(word)),
                };
                out.push(Token { tok, start, end: i });
            }
        }
    }
    Ok(out)
}

/// A `name:value` word whose name is a lower-case word: a field.
fn field(word: &str, start: usize) -> Option<Tok> {
    let (name, value) = word.split_once(':')?;
    if name.len() < 2 || !name.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    if value.is_empty() && !FIELDS.contains(&name) {
        // "concepts:" is a word with a colon, not a field.
        return None;
    }
    Some(Tok::Field {
        name: name.to_string(),
        value: value.to_string(),
        value_start: start + name.chars().count() + 1,
    })
}

fn quoted(chars: &[char], open: usize) -> Result<(String, usize), QueryError> {
    let close_char = match chars[open] {
        '«' => '»',
        '“' => '”',
        _ => '"',
    };
    let Some(len) = chars[open + 1..].iter().position(|c| *c == close_char) else {
        return Err(err("unclosed quotation mark", open, format!("close the phrase with {close_char}")));
    };
    let text: String = chars[open + 1..open + 1 + len].iter().collect();
    if text.trim().is_empty() {
        return Err(err("empty phrase", open, "put words between the quotation marks, or remove them"));
    }
    Ok((text.trim().to_string(), open + len + 2))
}

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    len: usize,
    asof: Option<(Date, usize)>,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    fn here(&self) -> usize {
        self.toks.get(self.pos).map_or(self.len, |t| t.start)
    }

    fn or(&mut self, depth: usize) -> Result<Query, QueryError> {
        let mut items = vec![self.and(depth)?];
        while self.peek() == Some(&Tok::Or) {
            let op = self.toks[self.pos].clone();
            self.pos += 1;
            if matches!(self.peek(), None | Some(Tok::RParen | Tok::Or | Tok::And)) {
                return Err(err("nothing after OR", op.end, "put a word or phrase after OR, or remove it"));
            }
            items.push(self.and(depth)?);
        }
        Ok(if items.len() == 1 { items.remove(0) } else { Query::Or(items) })
    }

    fn and(&mut self, depth: usize) -> Result<Query, QueryError> {
        let mut items = Vec::new();
        loop {
            match self.peek() {
                None | Some(Tok::RParen | Tok::Or) => break,
                Some(Tok::And) => {
                    let op = self.toks[self.pos].clone();
                    if items.is_empty() {
                        return Err(err(
                            "nothing before AND",
                            op.start,
                            "put a word or phrase before AND, or remove it",
                        ));
                    }
                    self.pos += 1;
                    if matches!(self.peek(), None | Some(Tok::RParen | Tok::Or | Tok::And)) {
                        return Err(err(
                            "nothing after AND",
                            op.end,
                            "put a word or phrase after AND, or remove it",
                        ));
                    }
                }
                _ => {}
            }
            if let Some(q) = self.unary(depth, false)? {
                items.push(q);
            }
        }
        if items.is_empty() {
            let at = self.here();
            return match self.peek() {
                Some(Tok::Or) => {
                    Err(err("nothing before OR", at, "put a word or phrase before OR, or remove it"))
                }
                Some(Tok::RParen) => {
                    Err(err("empty parentheses or unmatched ')'", at, "remove the ')' or put words inside"))
                }
                _ => Err(err("empty query", at, "type words, \"a phrase\", or a filter such as lang:rus")),
            };
        }
        Ok(if items.len() == 1 { items.remove(0) } else { Query::And(items) })
    }

    /// A unary clause; `None` for `asof:`, which is taken out of the tree.
    fn unary(&mut self, depth: usize, negated: bool) -> Result<Option<Query>, QueryError> {
        if depth > MAX_DEPTH {
            return Err(err(
                "the query is nested too deeply",
                self.here(),
                format!("use at most {MAX_DEPTH} levels of parentheses and NOT"),
            ));
        }
        match self.peek() {
            Some(Tok::Not | Tok::Minus) => {
                let op = self.toks[self.pos].clone();
                self.pos += 1;
                if matches!(self.peek(), None | Some(Tok::RParen | Tok::Or | Tok::And)) {
                    return Err(err(
                        "nothing to exclude",
                        op.end,
                        "put the word to exclude right after NOT or -",
                    ));
                }
                match self.unary(depth + 1, true)? {
                    Some(q) => Ok(Some(Query::Not(Box::new(q)))),
                    None => Err(err(
                        "asof: cannot be excluded",
                        op.start,
                        "asof: picks the texts in force on a date; remove the NOT",
                    )),
                }
            }
            _ => self.primary(depth, negated),
        }
    }

    fn primary(&mut self, depth: usize, negated: bool) -> Result<Option<Query>, QueryError> {
        let Some(t) = self.toks.get(self.pos).cloned() else {
            return Err(err("the query ends too early", self.len, "complete the query"));
        };
        self.pos += 1;
        match t.tok {
            Tok::LParen => {
                if self.peek() == Some(&Tok::RParen) {
                    return Err(err(
                        "empty parentheses",
                        t.start,
                        "put words inside the parentheses or remove them",
                    ));
                }
                let inner = self.or(depth + 1)?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err(err("unclosed '('", t.start, "add the matching ')'"));
                }
                self.pos += 1;
                Ok(Some(inner))
            }
            Tok::RParen => Err(err("unmatched ')'", t.start, "remove it or add the matching '(' before it")),
            Tok::Phrase(text) => Ok(Some(Query::Phrase { text, span: Span { start: t.start, end: t.end } })),
            Tok::Word(w) => term(&w, t.start, t.end).map(Some),
            Tok::Field { name, value, value_start } => {
                if name == "asof" {
                    if depth > 0 || negated {
                        return Err(err(
                            "asof: applies to the whole query",
                            t.start,
                            "put asof:YYYY-MM-DD at the top level, outside parentheses",
                        ));
                    }
                    let date = value.parse::<Date>().map_err(|e| {
                        err(
                            format!("bad date in asof: {e}"),
                            value_start,
                            "write the date as asof:2023-01-01",
                        )
                    })?;
                    if let Some((_, first)) = self.asof {
                        return Err(err(
                            "asof: given twice",
                            t.start,
                            format!("keep one date (the first is at character {})", first + 1),
                        ));
                    }
                    self.asof = Some((date, t.start));
                    return Ok(None);
                }
                filter(&name, &value, t.start, value_start).map(|f| Some(Query::Filter(f)))
            }
            Tok::And | Tok::Or => {
                Err(err("an operator without a word before it", t.start, "start with a word or phrase"))
            }
            Tok::Not | Tok::Minus => {
                Err(err("nothing to exclude", t.end, "put the word to exclude right after NOT or -"))
            }
        }
    }
}

fn term(word: &str, start: usize, end: usize) -> Result<Query, QueryError> {
    let chars: Vec<char> = word.chars().collect();
    let span = Span { start, end };
    if let Some(tilde) = chars.iter().position(|c| *c == '~') {
        let text: String = chars[..tilde].iter().collect();
        let rest: String = chars[tilde + 1..].iter().collect();
        let distance = match rest.as_str() {
            "" | "1" => 1,
            "2" => 2,
            _ => {
                return Err(err(
                    format!("fuzzy distance {rest:?}"),
                    start + tilde + 1,
                    "write word~ or word~1 for one typo, word~2 for two",
                ));
            }
        };
        if text.is_empty() || text.contains('*') {
            return Err(err("'~' needs a plain word before it", start + tilde, "write e.g. pension~"));
        }
        return Ok(Query::Term(Term { text, fuzzy: Some(distance), prefix: false, span }));
    }
    if let Some(star) = chars.iter().position(|c| *c == '*') {
        if star + 1 != chars.len() {
            return Err(err(
                "'*' inside a word",
                start + star,
                "a * may only end a word: write a prefix such as social*",
            ));
        }
        let text: String = chars[..star].iter().collect();
        if text.chars().count() < 2 {
            return Err(err("prefix too short", start, "give at least two letters before *, e.g. so*"));
        }
        return Ok(Query::Term(Term { text, fuzzy: None, prefix: true, span }));
    }
    Ok(Query::Term(Term { text: word.to_string(), fuzzy: None, prefix: false, span }))
}

fn filter(name: &str, value: &str, start: usize, value_start: usize) -> Result<Filter, QueryError> {
    if !FIELDS.contains(&name) {
        let first = name.chars().next().unwrap_or(' ');
        let near = FIELDS.iter().find(|f| f.starts_with(first) && f.len().abs_diff(name.len()) <= 2);
        let hint = match near {
            Some(f) => format!("did you mean {f}:? Fields: {}", FIELDS.join(": ")) + ":",
            None => {
                format!("fields are {}", FIELDS.iter().map(|f| format!("{f}:")).collect::<Vec<_>>().join(" "))
            }
        };
        return Err(err(format!("unknown field {name}:"), start, hint));
    }
    if value.is_empty() {
        return Err(err(format!("{name}: needs a value"), value_start, format!("e.g. {}", example(name))));
    }
    let bad = |what: &str| {
        err(format!("{what} {value:?} in {name}:"), value_start, format!("e.g. {}", example(name)))
    };
    Ok(match name {
        "law" => Filter::Law(value.to_string()),
        "lang" => Filter::Lang(value.parse::<Language>().map_err(|_| bad("unknown language"))?),
        "kind" => Filter::Kind(match value {
            "law" => DocumentKind::Law,
            "draft" => DocumentKind::Draft,
            "annotation" => DocumentKind::Annotation,
            _ => return Err(bad("unknown kind")),
        }),
        "status" => match value {
            "in-force" | "repealed" | "draft" => Filter::Status(value.to_string()),
            _ => return Err(bad("unknown status")),
        },
        _ => {
            let ok = value.chars().next().is_some_and(|c| c.is_ascii_digit())
                && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
            if !ok {
                return Err(bad("not an article number"));
            }
            Filter::Article(num_id(value))
        }
    })
}

fn example(name: &str) -> &'static str {
    match name {
        "law" => "law:social-services",
        "lang" => "lang:rus (eng, rus, tuk)",
        "kind" => "kind:law (law, draft, annotation)",
        "status" => "status:in-force (in-force, repealed, draft)",
        "art" => "art:12 or art:12-1",
        _ => "asof:2023-01-01",
    }
}

/// Whether a clause can match something on its own (not only exclude).
fn positive(q: &Query) -> bool {
    match q {
        Query::Not(_) => false,
        Query::And(items) => items.iter().any(positive),
        Query::Or(items) => items.iter().all(positive),
        _ => true,
    }
}

/// Parses a query.
pub fn parse(query: &str) -> Result<ParsedQuery, QueryError> {
    let chars: Vec<char> = query.chars().collect();
    if chars.len() > MAX_QUERY_CHARS {
        return Err(err(
            format!("the query is {} characters long", chars.len()),
            MAX_QUERY_CHARS,
            format!("shorten it to at most {MAX_QUERY_CHARS} characters"),
        ));
    }
    let toks = lex(&chars)?;
    if toks.is_empty() {
        return Err(err("empty query", 0, "type words, \"a phrase\", or a filter such as lang:rus"));
    }
    let mut p = Parser { toks, pos: 0, len: chars.len(), asof: None };
    let only_asof = p.toks.iter().all(|t| matches!(&t.tok, Tok::Field { name, .. } if name == "asof"));
    let query = if only_asof {
        for _ in 0..p.toks.len() {
            p.primary(0, false)?;
        }
        Query::All
    } else {
        let q = p.or(0)?;
        if let Some(t) = p.toks.get(p.pos) {
            return Err(err("unmatched ')'", t.start, "remove it or add the matching '(' before it"));
        }
        q
    };
    if !positive(&query) {
        return Err(err(
            "the query only excludes",
            0,
            "a query of only NOT/- clauses matches nothing; add a word or a filter, e.g. lang:rus -repealed",
        ));
    }
    let query = match query {
        // A query of filters only matches every document that passes them.
        q if only_filters(&q) => Query::And(vec![Query::All, q]),
        q => q,
    };
    Ok(ParsedQuery { query, asof: p.asof.map(|(d, _)| d) })
}

fn only_filters(q: &Query) -> bool {
    match q {
        Query::Filter(_) => true,
        Query::And(items) => items.iter().all(|i| matches!(i, Query::Filter(_) | Query::Not(_))),
        _ => false,
    }
}
