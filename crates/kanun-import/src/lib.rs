//! Import of a law as published (plain text copied from a gazette or a legal database, or its HTML) into the
//! corpus format: heading lines of books, parts, sections, chapters and articles in English, Russian, Turkmen
//! and German (`§`), numbered parts (`1.`, `(1)`) and points (`1)`, `а)`), the title, the preamble and the final
//! text. It writes corpus Markdown with front matter, parses it back with the corpus parser, and reports what it
//! recognised (counts per level), every line it could not place (with its line number) and a confidence figure.
//! It never drops text: every word of the input is in the output (tested).

pub mod docx;

use kanun_markdown::escape_inline;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use kanun_model::{Date, Expression, Kind, Language, WorkUri};
use serde::Serialize;

/// What the import is told about the law.
#[derive(Debug, Clone)]
pub struct Meta {
    /// The work.
    pub work: WorkUri,
    /// The language of the text.
    pub language: Language,
    /// The date the text is in force from.
    pub date: Date,
    /// The short title (default: the first line).
    pub title: Option<String>,
    /// Where the text comes from (written into `source`).
    pub source: String,
}

/// What a line of the input was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineKind {
    /// The title.
    Title,
    /// Text before the first heading.
    Preamble,
    /// A container heading (book, part, section, chapter).
    Container,
    /// An article heading.
    Article,
    /// A numbered part.
    Part,
    /// A point.
    Point,
    /// Text inside an article without a number.
    Text,
}

/// The outcome of an import.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Lines read as each kind.
    pub lines: BTreeMap<String, usize>,
    /// Provisions in the parsed tree, by kind.
    pub provisions: BTreeMap<String, usize>,
    /// Lines the corpus parser could not place: (line of the input, message).
    pub unplaced: Vec<(usize, String)>,
    /// The share of non-empty lines that were placed, 0 to 1.
    pub confidence: f64,
    /// Article numbers read as inserted articles whose superscript the source lost: (line, as written, read
    /// as), e.g. `Статья 191` between Articles 19 and 20 is Article 19.1 (19¹).
    pub renumbered: Vec<(usize, String, String)>,
}

/// The result: the corpus Markdown, the expression it parses to, the report.
#[derive(Debug, Clone)]
pub struct Imported {
    /// Corpus Markdown with front matter.
    pub markdown: String,
    /// The parsed expression (`None` if the Markdown has errors; they are in the report).
    pub expression: Option<Expression>,
    /// What was recognised.
    pub report: Report,
}

const CONTAINER_WORDS: &[&str] = &[
    "book",
    "part",
    "section",
    "subsection",
    "chapter",
    "subchapter",
    "title",
    "книга",
    "часть",
    "раздел",
    "подраздел",
    "глава",
    "параграф",
    "kitap",
    "bölüm",
    "bölek",
    "bap",
    "buch",
    "teil",
    "abschnitt",
    "unterabschnitt",
    "kapitel",
];

const ARTICLE_WORDS: &[&str] = &["article", "art", "статья", "madda", "artikel"];

fn first_word(line: &str) -> String {
    line.split(|c: char| c.is_whitespace() || c == '.').next().unwrap_or_default().to_lowercase()
}

fn is_numberish(w: &str) -> bool {
    let w = w.trim_end_matches(['.', ':']);
    !w.is_empty()
        && (w.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '.')
            || kanun_model::eid::roman_value(&w.to_uppercase()).is_some()
            || kanun_model::eid::number_word_value(&w.to_lowercase()).is_some())
}

/// The kind of a heading line, if it is one.
fn heading(line: &str) -> Option<LineKind> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let capital = line.chars().next().is_some_and(char::is_uppercase);
    let w0 = first_word(line);
    let w1 = words.get(1).copied().unwrap_or_default();
    if line.starts_with('§') {
        return Some(LineKind::Article);
    }
    if ARTICLE_WORDS.contains(&w0.as_str()) && capital && is_numberish(w1) {
        return Some(LineKind::Article);
    }
    // Headings begin with a capital letter; "раздел IV Указа …" in running text is not one.
    if CONTAINER_WORDS.contains(&w0.as_str()) && capital && is_numberish(w1) && line.chars().count() < 300 {
        // "Часть 1." inside an article is a part's text only in prose; as a line of its own with a heading it is
        // a container of a code.
        return Some(LineKind::Container);
    }
    // Turkmen: "5-nji madda. …", "I bap. …", "II BÖLÜM".
    if words.len() >= 2 {
        let w1l = w1.to_lowercase();
        let w1l = w1l.trim_end_matches(['.', ':']);
        let num = words[0];
        let ordinalish = num.contains('-') && num.chars().next().is_some_and(|c| c.is_ascii_digit());
        if (ordinalish || is_numberish(num)) && w1l == "madda" {
            return Some(LineKind::Article);
        }
        if (ordinalish || is_numberish(num)) && matches!(w1l, "bap" | "bölüm" | "bölek" | "kitap") {
            return Some(LineKind::Container);
        }
    }
    None
}

/// The marker of a numbered line: part (`1.`, `(1)`) or point (`1)`, `а)`).
fn numbered(line: &str) -> Option<LineKind> {
    let mut chars = line.chars().peekable();
    if let Some(after) = line.strip_prefix('(') {
        let inner: String = after.chars().take_while(|c| *c != ')').collect();
        if !inner.is_empty()
            && inner.chars().all(|c| c.is_ascii_digit() || c.is_alphabetic())
            && inner.chars().count() <= 4
            && line.len() > inner.len() + 2
        {
            return Some(if inner.chars().all(|c| c.is_ascii_digit()) {
                LineKind::Part
            } else {
                LineKind::Point
            });
        }
        return None;
    }
    let mut n = String::new();
    while let Some(c) = chars.peek() {
        if c.is_ascii_digit() || (*c == '-' && !n.is_empty()) {
            n.push(*c);
            chars.next();
        } else {
            break;
        }
    }
    if !n.is_empty() {
        let rest: String = chars.collect();
        if rest.starts_with(". ") && !rest[2..].trim().is_empty() {
            return Some(LineKind::Part);
        }
        if rest.starts_with(") ") {
            return Some(LineKind::Point);
        }
        return None;
    }
    // A letter point: "а) ", "a) ", "ä) ".
    let mut it = line.chars();
    if let (Some(c), Some(')'), Some(' ')) = (it.next(), it.next(), it.next())
        && c.is_alphabetic()
    {
        return Some(LineKind::Point);
    }
    None
}

/// The rank of a container heading's word: book 0, part 1, section 2, subsection 3, chapter 4, subchapter 5.
fn container_rank(line: &str) -> usize {
    let w = first_word(line);
    let w = if w.chars().next().is_some_and(|c| c.is_ascii_digit())
        || kanun_model::eid::roman_value(&w.to_uppercase()).is_some()
    {
        // Turkmen: the number comes first ("I bap").
        line.split_whitespace().nth(1).unwrap_or_default().to_lowercase()
    } else {
        w
    };
    let w = w.trim_end_matches(['.', ':']);
    match w {
        "book" | "книга" | "kitap" | "buch" => 0,
        "part" | "часть" | "bölek" | "teil" => 1,
        "section" | "раздел" | "bölüm" | "abschnitt" => 2,
        "subsection" | "подраздел" | "unterabschnitt" => 3,
        "chapter" | "глава" | "bap" | "kapitel" => 4,
        _ => 5,
    }
}

/// Escapes what Markdown would read as markup at the start of a text line (a number marker, a list item, a
/// heading underline), and everything [`escape_inline`] escapes. A backslash goes before the punctuation of
/// anything that looks like a marker (`1\. text`, `bb\) text`, `\(1) text`): before a digit or a letter it would
/// be a backslash in the text, and before punctuation it is always read as that character.
fn escape_line(line: &str) -> String {
    let t = line.trim_start();
    let e = escape_inline(t);
    if let Some(inner) = e.strip_prefix('(') {
        return format!("\\({inner}");
    }
    let head = e.char_indices().find(|(_, c)| !(c.is_alphanumeric() || *c == '-')).map_or(e.len(), |x| x.0);
    if head > 0 && e[..head].chars().count() <= 6 && matches!(e[head..].chars().next(), Some('.' | ')')) {
        return format!("{}\\{}", &e[..head], &e[head..]);
    }
    match t.chars().next() {
        Some('-' | '+' | '=' | ':') => format!("\\{e}"),
        _ => e,
    }
}

/// Imports plain text, one paragraph per line.
pub fn from_text(text: &str, meta: &Meta) -> Imported {
    // A carriage return ends a line for Markdown wherever it is, so it does here too (old Mac files, and a
    // stray one inside a line); line numbers in the report count it as a line break, as editors do.
    let text = &text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<(usize, &str)> =
        text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty()).collect();
    let mut kinds: Vec<(usize, LineKind, String)> = Vec::new();
    let mut renumbered = Vec::new();
    let mut prev_article: Option<u64> = None;
    let mut seen_heading = false;
    let mut in_article = false;
    let mut in_part = false;
    for (i, (n, l)) in lines.iter().enumerate() {
        let k = if let Some(h) = heading(l) {
            seen_heading = true;
            in_article = h == LineKind::Article;
            in_part = false;
            h
        } else if !seen_heading {
            if i == 0 { LineKind::Title } else { LineKind::Preamble }
        } else if in_article && let Some(k) = numbered(l) {
            if k == LineKind::Part {
                in_part = true;
            }
            k
        } else {
            LineKind::Text
        };
        let _ = in_part;
        let mut line = l.to_string();
        if k == LineKind::Article
            && let Some((word, rest)) = l.split_once(' ')
        {
            let num: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            let digits = num.trim_end_matches('.');
            if let (Ok(n_val), Some(p)) = (digits.parse::<u64>(), prev_article) {
                let ps = p.to_string();
                if n_val > p + 10
                    && let Some(sub) = digits.strip_prefix(&ps)
                    && !sub.is_empty()
                    && !sub.starts_with('0')
                {
                    let fixed = format!("{ps}.{sub}");
                    renumbered.push((*n, digits.to_string(), fixed.clone()));
                    line = format!("{word} {fixed}{}", &rest[digits.len()..]);
                } else {
                    prev_article = Some(n_val);
                }
            } else if let Ok(v) = digits.split('.').next().unwrap_or_default().parse::<u64>() {
                prev_article = Some(v);
            }
        }
        kinds.push((*n, k, line));
    }
    let title = meta
        .title
        .clone()
        .or_else(|| kinds.iter().find(|k| k.1 == LineKind::Title).map(|k| k.2.to_string()))
        .unwrap_or_else(|| meta.work.name().to_string());
    let mut md = String::new();
    let _ = writeln!(md, "+++");
    let _ = writeln!(md, "work = {:?}", meta.work.to_string());
    let _ = writeln!(md, "title = {:?}", title);
    let _ = writeln!(md, "language = {:?}", meta.language.code());
    let _ = writeln!(md, "date = {}", meta.date);
    let _ = writeln!(md, "source = {:?}", meta.source);
    let _ = writeln!(md, "+++");
    // Markdown line → input line, for the report.
    let mut origin: Vec<usize> = vec![0; 8];
    fn push(md: &mut String, origin: &mut Vec<usize>, s: String, from: usize) {
        md.push_str(&s);
        md.push('\n');
        for _ in 0..s.matches('\n').count() + 1 {
            origin.push(from);
        }
    }
    // Heading depths: the containers present, in rank order, from `##`; articles one deeper.
    let mut ranks: Vec<usize> =
        kinds.iter().filter(|k| k.1 == LineKind::Container).map(|k| container_rank(&k.2)).collect();
    ranks.sort_unstable();
    ranks.dedup();
    let depth_of = |line: &str| 2 + ranks.iter().position(|r| *r == container_rank(line)).unwrap_or(0);
    let article_depth = 2 + ranks.len();
    let mut prev_point = false;
    let mut have_title = false;
    for (n, k, l) in &kinds {
        match k {
            LineKind::Title if !have_title => {
                push(&mut md, &mut origin, format!("\n# {}", escape_inline(l)), *n);
                have_title = true;
            }
            LineKind::Title | LineKind::Preamble => {
                if !have_title {
                    push(&mut md, &mut origin, format!("\n# {title}"), *n);
                    have_title = true;
                }
                push(&mut md, &mut origin, format!("\n{}", escape_line(l)), *n);
            }
            LineKind::Container => {
                push(&mut md, &mut origin, format!("\n{} {}", "#".repeat(depth_of(l)), escape_inline(l)), *n)
            }
            LineKind::Article => push(
                &mut md,
                &mut origin,
                format!("\n{} {}\n", "#".repeat(article_depth), escape_inline(l)),
                *n,
            ),
            LineKind::Part => push(&mut md, &mut origin, escape_inline(l), *n),
            LineKind::Point => push(&mut md, &mut origin, format!("   {}", escape_inline(l)), *n),
            LineKind::Text => {
                // Text after a numbered line continues it (as a new paragraph of the same item).
                let indent = if prev_point { "      " } else { "   " };
                let cont = md.trim_end().lines().last().is_some_and(|x| {
                    let x = x.trim_start();
                    numbered(x).is_some() || x.starts_with("   ")
                });
                if cont {
                    push(&mut md, &mut origin, format!("\n{indent}{}", escape_line(l)), *n);
                } else {
                    push(&mut md, &mut origin, format!("\n{}", escape_line(l)), *n);
                }
            }
        }
        prev_point = *k == LineKind::Point || (prev_point && *k == LineKind::Text);
    }
    let parsed = kanun_markdown::parse(&md, None);
    let mut report = Report {
        lines: BTreeMap::new(),
        provisions: BTreeMap::new(),
        unplaced: Vec::new(),
        confidence: 0.0,
        renumbered,
    };
    for (_, k, _) in &kinds {
        *report.lines.entry(format!("{k:?}").to_lowercase()).or_default() += 1;
    }
    // A problem on a line that comes from no input line (the front matter written here, or the end of the
    // file) is reported on the nearest input line before it, or the first; never on a line 0 that is not there.
    let first_line = kinds.first().map_or(1, |k| k.0);
    for d in parsed.diagnostics.iter().filter(|d| d.is_error() || d.code.starts_with("W10")) {
        let at = (d.line as usize).min(origin.len().saturating_sub(1));
        let from = origin[..=at].iter().rev().copied().find(|n| *n > 0).unwrap_or(first_line);
        report.unplaced.push((from, format!("{}: {}", d.code, d.message)));
    }
    if let Some(e) = &parsed.expression {
        for p in e.walk() {
            *report.provisions.entry(kind_name(p.kind).to_string()).or_default() += 1;
        }
    }
    let bad: std::collections::BTreeSet<usize> = report.unplaced.iter().map(|u| u.0).collect();
    report.confidence = if kinds.is_empty() { 0.0 } else { 1.0 - bad.len() as f64 / kinds.len() as f64 };
    let expression = if parsed.diagnostics.iter().any(|d| d.is_error()) { None } else { parsed.expression };
    Imported { markdown: md, expression, report }
}

fn kind_name(k: Kind) -> &'static str {
    k.name()
}

/// The words of a text (letters and digits), for checking that an import lost nothing.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Every word of an expression's text: title, preamble, headings, numbers and lines.
pub fn expression_words(e: &Expression) -> Vec<String> {
    let mut all = String::new();
    for s in [&e.long_title].into_iter().chain(e.preamble.iter()) {
        all.push_str(s);
        all.push('\n');
    }
    for p in e.walk() {
        if let Some(n) = &p.num {
            all.push_str(&n.raw);
            all.push(' ');
        }
        if let Some(h) = &p.heading {
            all.push_str(h);
            all.push('\n');
        }
        for l in p.intro.iter().chain(p.wrap_up.iter()).chain(p.notes.iter()) {
            all.push_str(l);
            all.push('\n');
        }
    }
    words(&all)
}

/// The text of an HTML page, one line per block (`p`, headings, `div`, `li`, `tr`, `br`): tags removed, `script`,
/// `style`, `head` and comments left out, entities decoded. Nothing is fetched and no markup is kept.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    // ASCII lower case keeps byte offsets the same as the original's.
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < html.len() {
        if bytes[i] == b'<' {
            if lower[i..].starts_with("<!--") {
                i = lower[i..].find("-->").map_or(html.len(), |j| i + j + 3);
                continue;
            }
            // The tag runs to its `>`, or to the end of an unclosed one (which may end in any character).
            let close = lower[i..].find('>').map(|j| i + j);
            let end = close.map_or(html.len(), |c| c + 1);
            let tag = lower[i + 1..close.unwrap_or(html.len())].trim_start_matches('/');
            let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if matches!(name.as_str(), "script" | "style" | "head") && !lower[i + 1..].starts_with('/') {
                let close = format!("</{name}");
                i = lower[end..].find(&close).map_or(html.len(), |j| end + j);
                i = lower[i..].find('>').map_or(html.len(), |j| i + j + 1);
                continue;
            }
            if matches!(
                name.as_str(),
                "p" | "br"
                    | "div"
                    | "li"
                    | "tr"
                    | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "table"
                    | "title"
            ) {
                out.push('\n');
            }
            i = end;
        } else {
            let next = html[i..].find('<').map_or(html.len(), |j| i + j);
            out.push_str(&decode_entities(&html[i..next]));
            i = next;
        }
    }
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(a) = rest.find('&') {
        out.push_str(&rest[..a]);
        let tail = &rest[a..];
        let window = tail.char_indices().nth(12).map_or(tail.len(), |(i, _)| i);
        let semi = tail[..window].find(';');
        let decoded = semi.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "laquo" => Some('«'),
                "raquo" => Some('»'),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                "sect" => Some('§'),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16).ok().and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse::<u32>().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Imports a Word document of a law (its paragraphs as lines, automatic numbering written out).
pub fn from_docx(bytes: &[u8], meta: &Meta) -> Result<Imported, docx::DocxError> {
    Ok(from_text(&docx::docx_text(bytes)?, meta))
}

/// Imports an HTML page of a law (its block elements as lines).
pub fn from_html(html: &str, meta: &Meta) -> Imported {
    from_text(&html_text(html), meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_blocks_become_lines_and_entities_are_decoded() {
        let html = "<html><head><title>x</title><style>p{}</style></head><body><!-- c --><p class=\"H\">Статья&nbsp;1.&nbsp;Основные</p><p>1) a&amp;b &#1072;&#x431; &unknown; 94-ФЗ&nbsp;94-ФЗ</p><script>alert(1)</script></body></html>";
        assert_eq!(html_text(html), "Статья 1. Основные\n1) a&b аб &unknown; 94-ФЗ 94-ФЗ");
    }

    #[test]
    fn headings_and_numbers_are_recognised_in_four_languages() {
        for (line, k) in [
            ("Article 5. Scope", Some(LineKind::Article)),
            ("Статья 12-1. Лицензирование", Some(LineKind::Article)),
            ("5-nji madda. Hukuklar", Some(LineKind::Article)),
            ("§ 3 Begriffe", Some(LineKind::Article)),
            ("Chapter II. State regulation", Some(LineKind::Container)),
            ("ГЛАВА 1. СЕМЕЙНОЕ ЗАКОНОДАТЕЛЬСТВО", Some(LineKind::Container)),
            ("II bap. Döwlet düzgünleşdirmesi", Some(LineKind::Container)),
            ("раздел IV Указа Президиума", None),
            ("Articles of association are kept.", None),
        ] {
            assert_eq!(heading(line), k, "{line}");
        }
        assert_eq!(numbered("1. Text"), Some(LineKind::Part));
        assert_eq!(numbered("(2) Text"), Some(LineKind::Part));
        assert_eq!(numbered("3) text"), Some(LineKind::Point));
        assert_eq!(numbered("б) text"), Some(LineKind::Point));
        assert_eq!(numbered("1995 year"), None);
        assert_eq!(escape_line("- not a list"), "\\- not a list");
    }
}
