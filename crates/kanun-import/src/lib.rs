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
    /// Provisions of the parsed tree inserted by amendments (numbered `39¹`, `12-1`, `1.1`, `§ 1a`), by kind.
    pub inserted: BTreeMap<String, usize>,
    /// Provisions of the parsed tree that are repealed stubs, by kind.
    pub repealed: BTreeMap<String, usize>,
    /// Words (letters and digits) in the input as read, and in the parsed tree: equal when nothing was lost.
    pub words_in: usize,
    /// Words in the parsed tree.
    pub words_out: usize,
    /// Article numbers read as inserted articles whose superscript the source lost: (line, as written, read
    /// as), e.g. `Статья 191` between Articles 19 and 20 is Article 19.1 (19¹).
    pub renumbered: Vec<(usize, String, String)>,
}

/// The report as a person reads it: a table of the provisions per level with the inserted and the repealed
/// ones, the words in and out, the confidence and every line that could not be placed.
impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Levels from the outside in, then any other kind in name order.
        const ORDER: &[&str] = &[
            "book",
            "code part",
            "section",
            "subsection",
            "chapter",
            "subchapter",
            "heading",
            "article",
            "part",
            "point",
            "subpoint",
        ];
        let mut levels: Vec<&String> = self.provisions.keys().collect();
        levels.sort_by_key(|k| (ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()), k.as_str()));
        writeln!(f, "{:<12} {:>8} {:>9} {:>9}", "level", "count", "inserted", "repealed")?;
        for k in levels {
            let n = |m: &BTreeMap<String, usize>| m.get(k).copied().unwrap_or(0);
            writeln!(
                f,
                "{:<12} {:>8} {:>9} {:>9}",
                k,
                n(&self.provisions),
                n(&self.inserted),
                n(&self.repealed)
            )?;
        }
        let words = if self.words_in == self.words_out { "=" } else { "≠" };
        writeln!(f, "words in {} {words} words out {}", self.words_in, self.words_out)?;
        write!(f, "confidence {:.3}; {} line(s) not placed", self.confidence, self.unplaced.len())?;
        for (line, m) in &self.unplaced {
            write!(f, "\n  line {line}: {m}")?;
        }
        for (line, from, to) in &self.renumbered {
            write!(
                f,
                "\n  line {line}: article {from} read as {to} (a superscript number lost in the source)"
            )?;
        }
        Ok(())
    }
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
    // An inserted number: `39¹`, `III-1`, `8-1`, `V⁷`: the base before the insertion index.
    if let Some(i) = w
        .char_indices()
        .find(|&(i, c)| i > 0 && (kanun_model::eid::superscript_digit(c).is_some() || c == '-'))
        .map(|(i, _)| i)
        && insertion_len(&w[i..]) == w.len() - i
    {
        return is_numberish(&w[..i]);
    }
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

/// The length in bytes of the insertion index after a number (`¹`, `¹⁰`, `-1`, `-1-2`, `.1`), 0 for none.
fn insertion_len(rest: &str) -> usize {
    let sup = |c: char| kanun_model::eid::superscript_digit(c).is_some();
    let run = |s: &str, f: &dyn Fn(char) -> bool| {
        s.chars().take_while(|c| f(*c)).map(char::len_utf8).sum::<usize>()
    };
    let mut len = run(rest, &sup);
    let superscript = len > 0;
    loop {
        let tail = &rest[len..];
        let Some(after) = tail.strip_prefix(['-', '.']) else { break };
        // After a superscript the next index may be a superscript too (`5⁵-¹`).
        let n = if superscript {
            run(after, &sup).max(run(after, &|c| c.is_ascii_digit()))
        } else {
            run(after, &|c| c.is_ascii_digit())
        };
        if n == 0 {
            break;
        }
        len += 1 + n;
    }
    len
}

/// Whether a line starts with a marker that Markdown reads as an ordered list item (1–9 digits, `.` or `)`).
fn cm_marker(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (1..=9).contains(&digits)
        && matches!(line.as_bytes().get(digits), Some(b'.' | b')'))
        && line.as_bytes().get(digits + 1) == Some(&b' ')
}

/// The width in characters of a line's marker and the space after it: the content indent of a list item.
fn marker_width(line: &str) -> usize {
    line.split(' ').next().map_or(0, |m| m.chars().count()) + 1
}

/// The marker of a numbered line: part (`1.`, `(1)`, inserted `1¹.`, `1-1.`, `1.1.`) or point (`1)`, `а)`,
/// inserted `1¹)`, `1.1)`, `а¹)`).
fn numbered(line: &str) -> Option<LineKind> {
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
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let rest = &line[digits..];
        let rest = &rest[insertion_len(rest)..];
        if rest.starts_with(". ") && !rest[2..].trim().is_empty() {
            return Some(LineKind::Part);
        }
        if rest.starts_with(") ") {
            return Some(LineKind::Point);
        }
        return None;
    }
    // A letter point: "а) ", "a) ", "ä) ", "аа) ", "а¹) ".
    let letters: Vec<char> = line.chars().take_while(|c| c.is_alphabetic()).collect();
    if !(letters.len() == 1 || (letters.len() == 2 && letters[0] == letters[1])) {
        return None;
    }
    let rest = &line[letters.iter().map(|c| c.len_utf8()).sum::<usize>()..];
    let rest = &rest[insertion_len(rest)..];
    rest.starts_with(") ").then_some(LineKind::Point)
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
    import_lines(text, &[], meta)
}

/// Imports text whose lines `headings` (numbered from 1, sorted) were headings in the source (an HTML heading
/// block): there a numbered line before an article heading is a container, the paragraph (§) of a code whose
/// source lost the sign («3¹. Крестьянское (фермерское) хозяйство» above Article 86¹).
fn import_lines(text: &str, headings: &[usize], meta: &Meta) -> Imported {
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
    // In Russian and Turkmen codes `§` numbers a paragraph (параграф) of articles, a container.
    let paragraph_sign_groups = matches!(meta.language.code(), "rus" | "tuk");
    for (i, (n, l)) in lines.iter().enumerate() {
        let heading = |l: &str| match heading(l) {
            Some(LineKind::Article) if paragraph_sign_groups && l.starts_with('§') => {
                Some(LineKind::Container)
            }
            h => h,
        };
        let hinted = headings.binary_search(n).is_ok();
        // The next line that is not a note on amendments («(Дополнение подпараграфом - …)») is a heading.
        // (A chain of them — a repealed subparagraph «7. (Статьи 105, 106)» before «8. Производственные
        // кооперативы» — are all headings.)
        let next_is_heading = lines[i + 1..]
            .iter()
            .find(|(_, l)| !l.starts_with('('))
            .is_some_and(|(m, l)| heading(l).is_some() || headings.binary_search(m).is_ok());
        // «5. (Статья 95)» over «(Подпараграф утратил силу …)»: a repealed subparagraph that names the articles it
        // held, a container even where the source did not mark it as a heading.
        let repealed_stub = l.split_once(". ").is_some_and(|(_, rest)| {
            rest.starts_with("(Стать") && rest.ends_with(')') && !rest[1..].contains('(')
        });
        let k = if (hinted || repealed_stub) && numbered(l) == Some(LineKind::Part) && next_is_heading {
            seen_heading = true;
            in_article = false;
            LineKind::Container
        } else if let Some(h) = heading(l) {
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
        // A container heading with only its number ("ГЛАВА 1", "Раздел III") takes its title from the next line
        // when that line is no heading and no numbered item (published with a line break between them).
        if k == LineKind::Text
            && numbered(l).is_none()
            && !l.starts_with('(')
            && !ADOPTION.iter().any(|a| l.to_lowercase().starts_with(a))
            && let Some((_, LineKind::Container, prev)) = kinds.last_mut()
            && prev.split_whitespace().count() <= 2
            && !in_article
        {
            let number = prev.trim_end_matches(['.', ':']).to_string();
            *prev = format!("{number}. {l}");
            continue;
        }
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
    // The long title: of the lines before the first heading, the first that names the kind of act ("Семейный
    // кодекс Российской Федерации", "Law of Turkmenistan …"), not the jurisdiction line above it («РОССИЙСКАЯ
    // ФЕДЕРАЦИЯ») nor the adoption line («Принят Государственной Думой …»); else the first line.
    let front: Vec<usize> = kinds
        .iter()
        .enumerate()
        .take_while(|(_, k)| matches!(k.1, LineKind::Title | LineKind::Preamble))
        .map(|(i, _)| i)
        .collect();
    if let Some(&best) = front.iter().find(|&&i| is_act_title(&kinds[i].2)).or(front.first()) {
        for &i in &front {
            kinds[i].1 = if i == best { LineKind::Title } else { LineKind::Preamble };
        }
    }
    let long_title = kinds.iter().find(|k| k.1 == LineKind::Title).map(|k| k.2.to_string());
    let title =
        meta.title.clone().or_else(|| long_title.clone()).unwrap_or_else(|| meta.work.name().to_string());
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
    // Markdown has six heading levels: with five kinds of container (part, section, subsection, chapter and
    // paragraph of the Civil Code) the articles share level 6 with the innermost one, which the corpus parser
    // reads as the articles' container.
    let depth_of =
        |line: &str| (2 + ranks.iter().position(|r| *r == container_rank(line)).unwrap_or(0)).min(6);
    let article_depth = (2 + ranks.len()).min(6);
    // The content indent of the open part, of the open numbered point (and whether it is one), and of the open
    // lettered subpoint: where their continuation text and their children go.
    let mut part: Option<usize> = None;
    let mut point: Option<(usize, bool)> = None;
    let mut sub: Option<usize> = None;
    // Whether the line before ended with a full stop (the last point of a list does; the others end with `;`).
    let mut list_closed = false;
    let mut have_title = false;
    // For each line, whether another point follows before the next part, article or container: text before it
    // cannot end the list (the corpus format would read that text as between two points of one list).
    let mut point_follows = vec![false; kinds.len()];
    let mut next_point = false;
    for (i, (_, k, _)) in kinds.iter().enumerate().rev() {
        point_follows[i] = next_point;
        match k {
            LineKind::Point => next_point = true,
            LineKind::Text => {}
            _ => next_point = false,
        }
    }
    for (i, (n, k, l)) in kinds.iter().enumerate() {
        match k {
            LineKind::Title | LineKind::Preamble => {
                if !have_title {
                    let heading = long_title.as_deref().map_or_else(|| escape_inline(&title), escape_inline);
                    push(&mut md, &mut origin, format!("\n# {heading}"), *n);
                    have_title = true;
                }
                if *k == LineKind::Preamble {
                    push(&mut md, &mut origin, format!("\n{}", escape_line(l)), *n);
                }
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
            LineKind::Part => {
                // Every numbered line starts a block of its own: Markdown reads a line such as "2. …" or "3)"
                // after a paragraph as more of that paragraph (only a list that starts at 1 interrupts one).
                let w = marker_width(l);
                push(&mut md, &mut origin, format!("\n{}", escape_inline(l)), *n);
                part = Some(if cm_marker(l) { w } else { 0 });
                point = None;
            }
            LineKind::Point => {
                // A lettered subpoint goes inside the numbered point before it; a point inside the part.
                let lettered = l.starts_with(char::is_alphabetic);
                let indent = match point {
                    Some((p_indent, true)) if lettered => p_indent,
                    _ => part.unwrap_or(0),
                };
                // The content of an item whose marker Markdown does not read as a list item (`а)`, `2¹)`) goes
                // two columns right of the marker: at the marker's column it would end the item.
                let own = if cm_marker(l) { indent + marker_width(l) } else { indent + 2 };
                push(&mut md, &mut origin, format!("\n{}{}", " ".repeat(indent), escape_inline(l)), *n);
                point = match point {
                    Some(outer) if lettered && outer.1 => Some(outer),
                    _ => Some((own, !lettered)),
                };
                sub = lettered.then_some(own);
            }
            LineKind::Text => {
                // A sentence after a list whose last point closed with a full stop ends the list: it is the
                // wrap-up of the part or article holding the list (in a Russian code, its next unnumbered part:
                // «Трудовой договор может быть расторгнут …: 1) …; … 14) … . Увольнение по основанию …»).
                if point.is_some()
                    && list_closed
                    && l.starts_with(|c: char| c.is_uppercase() || c == '(')
                    && !point_follows[i]
                {
                    point = None;
                    sub = None;
                }
                // Other text after a numbered line continues it, as a new paragraph of the same item: indented
                // to its content.
                let indent = sub.or(point.map(|p| p.0)).or(part).unwrap_or(0);
                push(&mut md, &mut origin, format!("\n{}{}", " ".repeat(indent), escape_line(l)), *n);
            }
        }
        if matches!(k, LineKind::Article | LineKind::Container | LineKind::Title | LineKind::Preamble) {
            part = None;
            point = None;
            sub = None;
        }
        if *k == LineKind::Part || (*k == LineKind::Point && !l.starts_with(char::is_alphabetic)) {
            sub = None;
        }
        // An editorial note in brackets («(Часть в редакции …)») leaves the list as it was.
        let l = l.trim_end();
        if !(l.starts_with('(') && l.ends_with(')')) {
            list_closed = l.ends_with('.');
        }
    }
    let parsed = kanun_markdown::parse(&md, None);
    let mut report = Report {
        lines: BTreeMap::new(),
        provisions: BTreeMap::new(),
        unplaced: Vec::new(),
        confidence: 0.0,
        renumbered,
        inserted: BTreeMap::new(),
        repealed: BTreeMap::new(),
        words_in: kinds.iter().map(|k| words(&k.2).len()).sum(),
        words_out: 0,
    };
    for (_, k, _) in &kinds {
        *report.lines.entry(format!("{k:?}").to_lowercase()).or_default() += 1;
    }
    // A problem on a line that comes from no input line (the front matter written here, or the end of the
    // file) is reported on the nearest input line before it, or the first; never on a line 0 that is not there.
    let first_line = kinds.first().map_or(1, |k| k.0);
    for d in
        parsed.diagnostics.iter().filter(|d| d.is_error() || d.code.starts_with("W10") || d.code == "W115")
    {
        let at = (d.line as usize).min(origin.len().saturating_sub(1));
        let from = origin[..=at].iter().rev().copied().find(|n| *n > 0).unwrap_or(first_line);
        report.unplaced.push((from, format!("{}: {}", d.code, d.message)));
    }
    if let Some(e) = &parsed.expression {
        count_tree(e, &mut report);
    }
    let bad: std::collections::BTreeSet<usize> = report.unplaced.iter().map(|u| u.0).collect();
    report.confidence = if kinds.is_empty() { 0.0 } else { 1.0 - bad.len() as f64 / kinds.len() as f64 };
    let expression = if parsed.diagnostics.iter().any(|d| d.is_error()) { None } else { parsed.expression };
    Imported { markdown: md, expression, report }
}

/// Fills the per-level counts of a report (provisions, inserted, repealed) and the words out from a tree.
fn count_tree(e: &Expression, report: &mut Report) {
    fn count(p: &kanun_model::Provision, parent: Option<Kind>, r: &mut Report) {
        let level = level_name(p.kind, parent).to_string();
        *r.provisions.entry(level.clone()).or_default() += 1;
        let inserted = p
            .num
            .as_ref()
            .and_then(|n| kanun_model::eid::NumberKey::from_id(&n.id))
            .is_some_and(|k| k.is_inserted());
        if inserted {
            *r.inserted.entry(level.clone()).or_default() += 1;
        }
        if p.repealed {
            *r.repealed.entry(level).or_default() += 1;
        }
        for c in &p.children {
            count(c, Some(p.kind), r);
        }
    }
    for p in &e.body {
        count(p, None, report);
    }
    report.words_out = expression_words(e).len();
}

/// Imports a law written in Markdown by another collection (bundestag/gesetze: YAML front matter, `### § 3
/// Title`, `(1)` paragraphs; statengeneraal/laws-markdown: `### Article  14`, `####Purpose`): the corpus parser
/// reads it as it reads Kanun's own files, with the metadata given (the title, if not given, from the YAML
/// `Title` or the first `#` heading), and the tree is written back in the corpus format. The report counts what
/// was read; its lines not placed are the parser's errors and structural warnings.
pub fn from_markdown(source: &str, meta: &Meta) -> Imported {
    let (yaml, body_at) = kanun_markdown::yaml_front_matter(source);
    let title = meta
        .title
        .clone()
        .or_else(|| yaml.iter().find(|(k, _)| k.eq_ignore_ascii_case("title")).map(|(_, v)| v.clone()))
        .or_else(|| {
            source[body_at..].lines().find_map(|l| {
                l.strip_prefix('#').filter(|t| !t.starts_with('#')).map(|t| t.trim().to_string())
            })
        })
        .unwrap_or_default();
    let metadata = kanun_model::Metadata {
        work: meta.work.clone(),
        title,
        language: meta.language,
        date: meta.date,
        status: kanun_model::Status::InForce,
        kind: kanun_model::DocKind::Law,
        source: meta.source.clone(),
        amends: None,
        base: None,
        scope: Default::default(),
        note: None,
    };
    // A collection without a `#` title line (statengeneraal starts with `##Verdrag …`): the title goes first, so
    // that the headings after it are the law's body.
    let has_title = source[body_at..].lines().any(|l| l.starts_with("# "));
    let titled;
    let source = if has_title {
        source
    } else {
        titled =
            format!("{}# {}\n\n{}", &source[..body_at], escape_inline(&metadata.title), &source[body_at..]);
        titled.as_str()
    };
    let parsed = kanun_markdown::parse_foreign(source, metadata);
    let body = &source[body_at..];
    let mut report = Report {
        lines: BTreeMap::new(),
        provisions: BTreeMap::new(),
        unplaced: Vec::new(),
        confidence: 0.0,
        renumbered: Vec::new(),
        inserted: BTreeMap::new(),
        repealed: BTreeMap::new(),
        words_in: words(body).len(),
        words_out: 0,
    };
    let body_lines = body.lines().filter(|l| !l.trim().is_empty()).count();
    *report.lines.entry("markdown".into()).or_default() += body_lines;
    // A heading without a space after `#` (W108) is read all the same: not a line left unplaced.
    let unplaced = |d: &&kanun_model::diag::Diagnostic| {
        d.is_error() || (d.code.starts_with("W10") && d.code != "W108") || d.code == "W115"
    };
    for d in parsed.diagnostics.iter().filter(unplaced) {
        report.unplaced.push((d.line as usize, format!("{}: {}", d.code, d.message)));
    }
    if let Some(e) = &parsed.expression {
        count_tree(e, &mut report);
    }
    let bad: std::collections::BTreeSet<usize> = report.unplaced.iter().map(|u| u.0).collect();
    report.confidence = if body_lines == 0 { 0.0 } else { 1.0 - bad.len() as f64 / body_lines as f64 };
    let expression = if parsed.diagnostics.iter().any(|d| d.is_error()) { None } else { parsed.expression };
    let markdown = expression.as_ref().map(kanun_markdown::render).unwrap_or_default();
    Imported { markdown, expression, report }
}

/// How the lines that give an act's adoption begin («Принят Государственной Думой 8 декабря 1995 года»).
const ADOPTION: &[&str] = &["принят", "одобрен", "adopted", "approved", "angenommen", "kabul edildi"];

/// Whether a line before the first heading is the act's title: it names a kind of act and is not the adoption
/// line or a note in brackets.
fn is_act_title(line: &str) -> bool {
    let l = line.to_lowercase();
    // Inflected stems (Russian кодекса, Turkmen Kanuny, German Gesetzes) match as prefixes; English words whole
    // (not "action").
    const STEMS: &[&str] = &[
        "кодекс",
        "закон",
        "конституци",
        "конвенци",
        "указ",
        "постановлени",
        "kanun",
        "kodeks",
        "konstitusi",
        "gesetz",
        "verordnung",
        "grundgesetz",
    ];
    const WORDS: &[&str] = &["code", "law", "act", "constitution", "convention", "decree", "regulation"];
    line.chars().count() < 400
        && !l.starts_with('(')
        && !ADOPTION.iter().any(|n| l.starts_with(n))
        && l.split(|c: char| !c.is_alphanumeric())
            .any(|w| WORDS.contains(&w) || STEMS.iter().any(|k| w.starts_with(k)))
}

/// The name of a level in the report: containers by kind (a part of a code is a "code part", not to be counted
/// with the numbered parts of articles), then article, part, point, and subpoint for a point inside a point.
fn level_name(k: Kind, parent: Option<Kind>) -> &'static str {
    match (k, parent) {
        (Kind::Part, _) => "code part",
        (Kind::Point, Some(Kind::Point)) => "subpoint",
        _ => k.name(),
    }
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
///
/// Superscripts are kept as superscript digits: `<sup>` and spans of a class that the page's style sheet sets
/// `vertical-align: top` or `super` (as official portals mark inserted provisions: «Статья 39<span
/// class="W9">1</span>» is Article 39¹, «1<span class="W9">1</span>)» is point 1¹), so that they are neither
/// lost nor run into the number before them («статьи 60¹», not «статьи 601»).
pub fn html_text(html: &str) -> String {
    html_lines(html).into_iter().map(|(l, _)| l).collect::<Vec<_>>().join("\n")
}

/// Marks the start of a heading block while the HTML is read (a private-use character no page holds).
const HEADING_MARK: char = '\u{F8FF}';

/// The lines of [`html_text`], each with whether it comes from a heading block: `h1`–`h6`, or a paragraph of a
/// heading class (`H`, `T`, or a class naming a heading or title, as legal portals mark theirs).
fn html_lines(html: &str) -> Vec<(String, bool)> {
    let mut out = String::with_capacity(html.len() / 2);
    // ASCII lower case keeps byte offsets the same as the original's.
    let lower = html.to_ascii_lowercase();
    let sup_classes = superscript_classes(&lower);
    // Open inline elements: (name, whether it raises its text).
    let mut inline: Vec<(String, bool)> = Vec::new();
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
            let closing = lower[i + 1..].starts_with('/');
            let tag = lower[i + 1..close.unwrap_or(html.len())].trim_start_matches('/');
            let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if matches!(name.as_str(), "script" | "style" | "head") && !closing {
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
                inline.clear();
                let heading_class = class_attr(tag).is_some_and(|c| {
                    c.split_whitespace()
                        .any(|c| c == "h" || c == "t" || c.contains("head") || c.contains("title"))
                });
                if !closing && (name.len() == 2 && name.starts_with('h') || (name == "p" && heading_class)) {
                    out.push(HEADING_MARK);
                }
            } else if matches!(
                name.as_str(),
                "span" | "sup" | "font" | "a" | "b" | "i" | "em" | "strong" | "sub"
            ) {
                if closing {
                    if let Some(k) = inline.iter().rposition(|(n, _)| *n == name) {
                        inline.truncate(k);
                    }
                } else if !tag.ends_with('/') {
                    let raised = name == "sup"
                        || class_attr(tag)
                            .is_some_and(|c| c.split_whitespace().any(|c| sup_classes.contains(c)));
                    inline.push((name, raised));
                }
            }
            i = end;
        } else {
            let next = html[i..].find('<').map_or(html.len(), |j| i + j);
            let text = decode_entities(&html[i..next]);
            if inline.iter().any(|(_, raised)| *raised) {
                out.extend(text.chars().map(|c| kanun_model::eid::to_superscript(c).unwrap_or(c)));
            } else {
                out.push_str(&text);
            }
            i = next;
        }
    }
    out.replace(HEADING_MARK, "\n\u{F8FF}")
        .lines()
        .map(|l| {
            let heading = l.starts_with(HEADING_MARK);
            (
                l.split_whitespace()
                    .filter(|w| *w != "\u{F8FF}")
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace(HEADING_MARK, ""),
                heading,
            )
        })
        .filter(|(l, _)| !l.is_empty())
        .collect()
}

/// The value of a tag's `class` attribute (the tag's text in lower case, without `<`).
fn class_attr(tag: &str) -> Option<&str> {
    let at = tag.find("class")?;
    let rest = tag[at + 5..].trim_start().strip_prefix('=')?.trim_start();
    match rest.chars().next()? {
        q @ ('"' | '\'') => rest[1..].split(q).next(),
        _ => rest.split(|c: char| c.is_whitespace() || c == '>').next(),
    }
}

/// The classes that the page's style sheets raise (`.W9 { vertical-align: top }`, `span.sup { vertical-align:
/// super }`), from the lower-cased page.
fn superscript_classes(lower: &str) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    let mut from = 0;
    while let Some(j) = lower[from..].find("vertical-align") {
        let at = from + j;
        from = at + 14;
        let value = lower[from..].trim_start().trim_start_matches(':').trim_start();
        if !(value.starts_with("top") || value.starts_with("super") || value.starts_with("text-top")) {
            continue;
        }
        let Some(open) = lower[..at].rfind('{') else { continue };
        let sel_start = lower[..open].rfind(['}', '>', '{']).map_or(0, |k| k + 1);
        for sel in lower[sel_start..open].split(',') {
            let sel = sel.trim().trim_start_matches("span");
            if let Some(class) = sel.strip_prefix('.')
                && !class.is_empty()
                && class.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                out.insert(class.to_string());
            }
        }
    }
    out
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
    let lines = html_lines(html);
    let text = lines.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>().join("\n");
    let headings: Vec<usize> = lines.iter().enumerate().filter(|(_, l)| l.1).map(|(i, _)| i + 1).collect();
    import_lines(&text, &headings, meta)
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
    fn superscripts_marked_by_css_or_sup_stay_superscripts() {
        let html = "<style>\n.W9{vertical-align:top; font-size:9pt}\n.W8{vertical-align:bottom}</style><p class=\"H\">Статья 39<span class=\"W9\" style=\"\">1</span>. Сроки</p><p>1<span class='W9'>1</span>)&nbsp;пункт статьи 60<span class=W9><a href=x>1</a></span> и 2<sup>3</sup>, <span class=\"W8\">5</span></p>";
        assert_eq!(html_text(html), "Статья 39¹. Сроки\n1¹) пункт статьи 60¹ и 2³, 5");
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
        assert_eq!(numbered("1¹) text"), Some(LineKind::Point));
        assert_eq!(numbered("6¹. text"), Some(LineKind::Part));
        assert_eq!(numbered("1-1. text"), Some(LineKind::Part));
        assert_eq!(numbered("1.1) text"), Some(LineKind::Point));
        assert_eq!(numbered("аа) text"), Some(LineKind::Point));
        assert_eq!(numbered("в¹) text"), Some(LineKind::Point));
        assert_eq!(numbered("ob) text"), None);
        assert_eq!(numbered("1.5 million"), None);
        assert_eq!(numbered("5²-¹) text"), Some(LineKind::Point));
        assert_eq!(heading("Статья 55⁵-¹. Особенности"), Some(LineKind::Article));
        assert_eq!(escape_line("- not a list"), "\\- not a list");
    }
}
