//! The citation grammar, in three layers. **Tokens**: words, numbers (`12`, `12-1`, Turkmen `12-nji`), quoted
//! titles, punctuation, with character offsets. **Units**: a level word with its numbers (`parts 1 and 3`,
//! `пунктами 1–3`, `5-nji we 7-nji maddalary`), a relative unit (`this Article`, `настоящей статьи`,
//! `şu maddanyň`, `the preceding part`), or an act (`this Law`, `настоящего Кодекса`, `şu Kanunyň`, `the Law of
//! Turkmenistan "On Education"`). **Citations**: runs of units joined only by connectors (`of`, `in`, `the`),
//! ordered from the act down to the point whatever the language's word order (English and Russian name the point
//! first, Turkmen the act first).
//!
//! ```text
//! citation := unit (connector* unit)*
//! unit     := LEVEL numbers          (English, Russian: "part 2", "части второй")
//!           | numbers LEVEL          (Turkmen: "2-nji bölegi")
//!           | THIS LEVEL | PRECEDING LEVEL | THIS ACT | ACT "of Turkmenistan" TITLE | "Türkmenistanyň" TITLE ACT
//! numbers  := number ((, | and | или | we …) number | (– | to | по) number)*
//! ```

use kanun_model::Language;

/// A level of the provision tree a citation can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The act itself.
    Act,
    /// A chapter.
    Chapter,
    /// An article.
    Article,
    /// A numbered part (paragraph) of an article.
    Part,
    /// A point (subparagraph) of a part or article.
    Point,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Word(String),
    /// Digits, with `-` joined sub-numbers (`12-1`); Turkmen ordinal suffixes are dropped.
    Num(String),
    /// A quoted title.
    Quote(String),
    Punct(char),
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || ('\u{300}'..='\u{36f}').contains(&c) || c == '\'' || c == '’'
}

/// Turkmen ordinal suffixes written after a number with a hyphen: `5-nji`, `2-nji`, `3-nji`, `10-njy`, `4-nji`.
fn is_ordinal_suffix(s: &str) -> bool {
    let s = s.to_lowercase();
    ["nji", "njy", "inji", "ynjy", "unjy", "ünji", "njı", "nci", "ncy", "inci", "ynjy"].contains(&s.as_str())
}

pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            let mut s = String::new();
            while i < chars.len() && chars[i].is_ascii_digit() {
                s.push(chars[i]);
                i += 1;
            }
            // `12-1` (an inserted article), then a Turkmen ordinal suffix `-nji`.
            loop {
                if i + 1 < chars.len() && chars[i] == '-' && chars[i + 1].is_ascii_digit() {
                    s.push('-');
                    i += 1;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        s.push(chars[i]);
                        i += 1;
                    }
                    continue;
                }
                if i + 1 < chars.len() && chars[i] == '-' && chars[i + 1].is_alphabetic() {
                    let mut j = i + 1;
                    let mut suf = String::new();
                    while j < chars.len() && chars[j].is_alphabetic() {
                        suf.push(chars[j]);
                        j += 1;
                    }
                    if is_ordinal_suffix(&suf) {
                        i = j;
                    }
                }
                break;
            }
            out.push(Token { tok: Tok::Num(s), start, end: i });
        } else if is_word_char(c) {
            let start = i;
            let mut s = String::new();
            while i < chars.len()
                && (is_word_char(chars[i])
                    || (chars[i] == '-' && i + 1 < chars.len() && chars[i + 1].is_alphabetic()))
            {
                s.push(chars[i]);
                i += 1;
            }
            out.push(Token { tok: Tok::Word(s), start, end: i });
        } else if matches!(c, '«' | '"' | '“' | '„') {
            let close = match c {
                '«' => '»',
                '“' => '”',
                '„' => '“',
                _ => '"',
            };
            let start = i;
            let mut j = i + 1;
            let mut s = String::new();
            while j < chars.len() && chars[j] != close && !(close == '“' && chars[j] == '”') && j - i < 300
            {
                s.push(chars[j]);
                j += 1;
            }
            if j < chars.len() && (chars[j] == close || chars[j] == '”') && !s.trim().is_empty() {
                out.push(Token { tok: Tok::Quote(s.trim().to_string()), start, end: j + 1 });
                i = j + 1;
            } else {
                out.push(Token { tok: Tok::Punct(c), start, end: i + 1 });
                i += 1;
            }
        } else {
            out.push(Token { tok: Tok::Punct(c), start: i, end: i + 1 });
            i += 1;
        }
    }
    out
}

/// A number in a citation: a single id or a range.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Number {
    /// `5`, `12-1`, `a`.
    One(String),
    /// `5–7`.
    Range(String, String),
}

/// One unit of a citation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "unit", rename_all = "snake_case")]
pub enum Unit {
    /// A level with numbers.
    Numbered {
        /// The level.
        level: Level,
        /// The numbers.
        numbers: Vec<Number>,
    },
    /// `this Article`, `настоящей части`.
    This {
        /// The level.
        level: Level,
    },
    /// `that part`, `указанной части`: the one cited just before.
    That {
        /// The level.
        level: Level,
    },
    /// `the preceding part`.
    Preceding {
        /// The level.
        level: Level,
    },
    /// `this Law`, `настоящего Кодекса`, `şu Kanunyň`.
    ThisAct,
    /// Another act, by its title.
    Act {
        /// The title as quoted.
        title: String,
    },
}

fn lower(w: &str, lang: Language) -> String {
    kanun_analysis::lowercase(w, lang)
}

/// The level a word names, if it is a level word.
pub(crate) fn level_word(w: &str) -> Option<Level> {
    const ENG: &[(&str, Level)] = &[
        ("article", Level::Article),
        ("articles", Level::Article),
        ("part", Level::Part),
        ("parts", Level::Part),
        ("paragraph", Level::Part),
        ("paragraphs", Level::Part),
        ("point", Level::Point),
        ("points", Level::Point),
        ("subparagraph", Level::Point),
        ("subparagraphs", Level::Point),
        ("item", Level::Point),
        ("items", Level::Point),
        ("chapter", Level::Chapter),
        ("chapters", Level::Chapter),
    ];
    const RUS: &[(&[&str], Level)] = &[
        (
            &[
                "статья",
                "статьи",
                "статье",
                "статью",
                "статьей",
                "статьёй",
                "статей",
                "статьям",
                "статьями",
                "статьях",
            ],
            Level::Article,
        ),
        (&["часть", "части", "частью", "частей", "частям", "частями", "частях"], Level::Part),
        (
            &[
                "пункт",
                "пункта",
                "пункту",
                "пунктом",
                "пункте",
                "пункты",
                "пунктов",
                "пунктам",
                "пунктами",
                "пунктах",
                "подпункт",
                "подпункта",
                "подпункту",
                "подпунктом",
                "подпункте",
                "подпункты",
                "подпунктов",
                "подпунктами",
            ],
            Level::Point,
        ),
        (
            &["глава", "главы", "главе", "главу", "главой", "главою", "глав", "главам", "главами", "главах"],
            Level::Chapter,
        ),
    ];
    if let Some((_, l)) = ENG.iter().find(|(x, _)| *x == w) {
        return Some(*l);
    }
    if let Some((_, l)) = RUS.iter().find(|(xs, _)| xs.contains(&w)) {
        return Some(*l);
    }
    // Turkmen: the stem and its case and possessive endings.
    for (stems, l) in [
        (&["madda"][..], Level::Article),
        (&["bölek", "böleg"][..], Level::Part),
        (&["bent", "bend"][..], Level::Point),
        (&["bap", "bab"][..], Level::Chapter),
    ] {
        for s in stems {
            if let Some(rest) = w.strip_prefix(s)
                && (rest.is_empty() || TUK_ENDINGS.contains(&rest))
            {
                return Some(l);
            }
        }
    }
    None
}

/// Turkmen endings after a level stem (possessive, case, plural; in the forms the laws use).
const TUK_ENDINGS: &[&str] = &[
    "y", "i", "sy", "si", "ly", "li", "lar", "ler", "lary", "leri", "laryna", "lerine", "larynda", "lerinde",
    "larynyň", "leriniň", "ynda", "inde", "yna", "ine", "ynyň", "iniň", "yndan", "inden", "ynda", "synda",
    "sine", "syna", "synyň", "siniň", "syndan", "sinden", "synda", "sinde", "ny", "ni", "nyň", "niň", "da",
    "de", "a", "e", "iň", "yň", "daky", "däki", "syndaky", "sindäki", "yndaky", "indäki", "laryň", "leriň",
    "lardan", "lerden",
];

fn is_act_word(w: &str) -> bool {
    matches!(w, "law" | "code" | "act")
        || ["закон", "кодекс"].iter().any(|s| w.starts_with(s) && w.chars().count() <= s.chars().count() + 3)
        || ["kanun", "kodeks"].iter().any(|s| w.starts_with(s) && w.chars().count() <= s.chars().count() + 5)
}

fn is_this(w: &str) -> bool {
    matches!(w, "this" | "present") || w.starts_with("настоящ") || w == "şu" || w == "sho"
}

fn is_that(w: &str) -> bool {
    matches!(
        w,
        "that"
            | "said"
            | "этой"
            | "этого"
            | "указанной"
            | "указанного"
            | "данной"
            | "данного"
            | "şol"
    )
}

fn is_preceding(w: &str) -> bool {
    matches!(w, "preceding" | "previous") || w.starts_with("предыдущ") || w == "öňki"
}

fn is_and(w: &str) -> bool {
    matches!(w, "and" | "or" | "и" | "или" | "we" | "ýa-da" | "hem-de" | "ya-da")
}

fn is_to(w: &str) -> bool {
    matches!(w, "to" | "through" | "по" | "до")
}

fn is_connector(w: &str) -> bool {
    matches!(w, "of" | "in" | "the" | "under" | "to")
}

fn is_turkmenistan(w: &str) -> bool {
    w.starts_with("turkmenistan") || w.starts_with("туркменистан") || w.starts_with("türkmenistan")
}

/// Ordinal words (the second part, части второй, ikinji bölegi).
fn ordinal(w: &str) -> Option<u32> {
    const ENG: &[&str] =
        &["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
    const RUS: &[&str] = &["перв", "втор", "трет", "четв", "пят", "шест", "седьм", "восьм", "девят", "десят"];
    const TUK: &[&str] = &[
        "birinji",
        "ikinji",
        "üçünji",
        "dördünji",
        "bäşinji",
        "altynjy",
        "ýedinji",
        "sekizinji",
        "dokuzynjy",
        "onunjy",
    ];
    if let Some(i) = ENG.iter().position(|x| *x == w) {
        return Some(i as u32 + 1);
    }
    if let Some(i) = TUK.iter().position(|x| w.starts_with(x)) {
        return Some(i as u32 + 1);
    }
    // Russian ordinals: the stem and an adjective ending of at most three letters.
    let n = w.chars().count();
    RUS.iter()
        .position(|x| w.starts_with(x) && n <= x.chars().count() + 3 && n >= x.chars().count() + 2)
        .map(|i| i as u32 + 1)
}

/// A number-like token: digits, a letter point id (`а)` cited as `а`), a Roman chapter number.
fn number_at(toks: &[Token], i: usize, level: Level, lang: Language) -> Option<String> {
    match &toks.get(i)?.tok {
        Tok::Num(n) => Some(n.clone()),
        Tok::Word(w) => {
            let l = lower(w, lang);
            if level == Level::Chapter
                && kanun_model::eid::roman_value(&w.to_uppercase()).is_some()
                && w.chars().all(|c| c.is_ascii_alphabetic())
            {
                return Some(w.to_uppercase());
            }
            if level == Level::Point && l.chars().count() == 1 && l.chars().all(char::is_alphabetic) {
                return Some(l);
            }
            ordinal(&l).map(|n| n.to_string())
        }
        _ => None,
    }
}

/// Reads `number ((, | and) number | (– | to) number)*` from `i`; returns the numbers and the next index.
fn numbers(toks: &[Token], mut i: usize, level: Level, lang: Language) -> Option<(Vec<Number>, usize)> {
    let first = number_at(toks, i, level, lang)?;
    let mut out = vec![Number::One(first)];
    i += 1;
    loop {
        let sep = match toks.get(i).map(|t| &t.tok) {
            Some(Tok::Punct(',')) => Some(false),
            Some(Tok::Punct('–' | '—' | '-')) => Some(true),
            Some(Tok::Word(w)) if is_and(&lower(w, lang)) => Some(false),
            Some(Tok::Word(w)) if is_to(&lower(w, lang)) => Some(true),
            _ => None,
        };
        let Some(range) = sep else { break };
        // `, and 7`
        let mut j = i + 1;
        if let Some(Tok::Word(w)) = toks.get(j).map(|t| &t.tok)
            && !range
            && is_and(&lower(w, lang))
        {
            j += 1;
        }
        let Some(n) = number_at(toks, j, level, lang) else { break };
        // A number followed by a level word of its own starts a new unit in Turkmen (`5-nji maddasy we 2-nji bölegi`).
        if range {
            if let Some(Number::One(a)) = out.pop() {
                out.push(Number::Range(a, n));
            }
        } else {
            out.push(Number::One(n));
        }
        i = j + 1;
    }
    Some((out, i))
}

/// A unit found in the tokens: the unit and its token range.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub unit: Unit,
    pub first: usize,
    pub last: usize,
}

/// Reads the unit starting at token `i`, if there is one.
fn unit_at(toks: &[Token], i: usize, lang: Language) -> Option<Found> {
    let w = match &toks.get(i)?.tok {
        Tok::Word(w) => lower(w, lang),
        Tok::Num(_) => {
            // Turkmen order: numbers, then the level word.
            let (nums, j) = numbers(toks, i, Level::Article, lang)?;
            if let Some(Tok::Word(w)) = toks.get(j).map(|t| &t.tok)
                && let Some(level) = level_word(&lower(w, lang))
            {
                return Some(Found { unit: Unit::Numbered { level, numbers: nums }, first: i, last: j });
            }
            return None;
        }
        Tok::Quote(title) => {
            // Turkmen: "Türkmenistanyň "Title" Kanuny" is read from the quote.
            if let Some(Tok::Word(a)) = toks.get(i + 1).map(|t| &t.tok)
                && is_act_word(&lower(a, lang))
                && i > 0
                && matches!(&toks[i - 1].tok, Tok::Word(t) if is_turkmenistan(&lower(t, lang)))
            {
                return Some(Found { unit: Unit::Act { title: title.clone() }, first: i - 1, last: i + 1 });
            }
            return None;
        }
        Tok::Punct(_) => return None,
    };
    // A Roman chapter number before the level word (Turkmen "II baby").
    if w.chars().all(|c| c.is_ascii_alphabetic())
        && kanun_model::eid::roman_value(&w.to_uppercase()).is_some()
        && let Some(Tok::Word(next)) = toks.get(i + 1).map(|t| &t.tok)
        && level_word(&lower(next, lang)) == Some(Level::Chapter)
        && let Tok::Word(orig) = &toks[i].tok
        && orig.chars().all(|c| c.is_ascii_uppercase())
    {
        return Some(Found {
            unit: Unit::Numbered { level: Level::Chapter, numbers: vec![Number::One(orig.clone())] },
            first: i,
            last: i + 1,
        });
    }
    // Ordinal before the level word (English "the second part", Turkmen "ikinji bölegi").
    if let Some(n) = ordinal(&w)
        && let Some(Tok::Word(next)) = toks.get(i + 1).map(|t| &t.tok)
        && let Some(level) = level_word(&lower(next, lang))
    {
        return Some(Found {
            unit: Unit::Numbered { level, numbers: vec![Number::One(n.to_string())] },
            first: i,
            last: i + 1,
        });
    }
    if let Some(level) = level_word(&w) {
        // LEVEL numbers, with `5(2)` as article 5, part 2 read as two units by the caller.
        if let Some((nums, j)) = numbers(toks, i + 1, level, lang) {
            // In Turkmen, a number after a level word belongs to the next unit.
            if lang.code() != "tuk" {
                return Some(Found { unit: Unit::Numbered { level, numbers: nums }, first: i, last: j - 1 });
            }
        }
        return None;
    }
    if is_this(&w) || is_preceding(&w) || is_that(&w) {
        let Some(Tok::Word(next)) = toks.get(i + 1).map(|t| &t.tok) else { return None };
        let next = lower(next, lang);
        if let Some(level) = level_word(&next) {
            let unit = if is_this(&w) {
                Unit::This { level }
            } else if is_that(&w) {
                Unit::That { level }
            } else {
                Unit::Preceding { level }
            };
            return Some(Found { unit, first: i, last: i + 1 });
        }
        if is_this(&w) && is_act_word(&next) {
            return Some(Found { unit: Unit::ThisAct, first: i, last: i + 1 });
        }
        return None;
    }
    if is_act_word(&w) {
        // ACT of Turkmenistan "Title" / Закона Туркменистана «Title»
        let mut j = i + 1;
        if let Some(Tok::Word(x)) = toks.get(j).map(|t| &t.tok)
            && lower(x, lang) == "of"
        {
            j += 1;
        }
        if let Some(Tok::Word(x)) = toks.get(j).map(|t| &t.tok)
            && is_turkmenistan(&lower(x, lang))
            && let Some(Tok::Quote(title)) = toks.get(j + 1).map(|t| &t.tok)
        {
            return Some(Found { unit: Unit::Act { title: title.clone() }, first: i, last: j + 1 });
        }
    }
    None
}

/// A citation as read, before resolution: its character span and its units from the act down.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Citation {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The units, coarse to fine (act, chapter, article, part, point).
    pub units: Vec<Unit>,
}

fn unit_level(u: &Unit) -> Level {
    match u {
        Unit::Numbered { level, .. }
        | Unit::This { level }
        | Unit::That { level }
        | Unit::Preceding { level } => *level,
        Unit::ThisAct | Unit::Act { .. } => Level::Act,
    }
}

/// Finds the citations in a text of a language.
pub fn citations(text: &str, lang: Language) -> Vec<Citation> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some(first) = unit_at(&toks, i, lang) else {
            i += 1;
            continue;
        };
        let mut units = vec![first.clone()];
        let mut j = first.last + 1;
        // `Article 5(2)`: a part in parentheses right after an article number.
        loop {
            if let (Some(Tok::Punct('(')), Some(Tok::Num(n)), Some(Tok::Punct(')'))) = (
                toks.get(j).map(|t| &t.tok),
                toks.get(j + 1).map(|t| &t.tok),
                toks.get(j + 2).map(|t| &t.tok),
            ) && matches!(units.last().map(|u| unit_level(&u.unit)), Some(Level::Article | Level::Part))
            {
                let level = if unit_level(&units[units.len() - 1].unit) == Level::Article {
                    Level::Part
                } else {
                    Level::Point
                };
                units.push(Found {
                    unit: Unit::Numbered { level, numbers: vec![Number::One(n.clone())] },
                    first: j,
                    last: j + 2,
                });
                j += 3;
                continue;
            }
            let mut k = j;
            while let Some(Tok::Word(w)) = toks.get(k).map(|t| &t.tok) {
                if lang.code() == "eng" && is_connector(&lower(w, lang)) {
                    k += 1;
                } else {
                    break;
                }
            }
            let mut next = unit_at(&toks, k, lang);
            // Russian codes number the parts of an article as пункты and their points as подпункты: "подпунктом 3
            // пункта 1" is point 3 of part 1.
            if let Some(Found { unit: Unit::Numbered { level, .. }, .. }) = &mut next
                && *level == Level::Point
                && units.iter().any(|x| unit_level(&x.unit) == Level::Point)
                && !units.iter().any(|x| unit_level(&x.unit) == Level::Part)
            {
                *level = Level::Part;
            }
            match next {
                Some(u) if !units.iter().any(|x| unit_level(&x.unit) == unit_level(&u.unit)) => {
                    j = u.last + 1;
                    units.push(u);
                }
                _ => break,
            }
        }
        let start = toks[units[0].first].start;
        let end = toks[units.iter().map(|u| u.last).max().unwrap_or(first.last)].end;
        let mut list: Vec<Unit> = units.into_iter().map(|u| u.unit).collect();
        list.sort_by_key(unit_level);
        // A lone act ("this Law") is not a citation of a provision; a lone other act is (a citation of that act).
        let keep = !(list.len() == 1 && matches!(list[0], Unit::ThisAct));
        if keep {
            out.push(Citation { start, end, units: list });
        }
        i = j.max(i + 1);
    }
    out
}
