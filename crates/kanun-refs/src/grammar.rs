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
    match c {
        // The scripts of the corpus answered without the Unicode tables (a twentieth of `kanun index` was spent
        // in them): ASCII, and the Cyrillic letters (U+0482–U+0489 are a sign and combining marks).
        'a'..='z' | 'A'..='Z' | '\'' => true,
        '\0'..='\u{7f}' => false,
        '\u{400}'..='\u{481}' | '\u{48a}'..='\u{4ff}' => true,
        _ => c.is_alphabetic() || ('\u{300}'..='\u{36f}').contains(&c) || c == '’',
    }
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
            // `60¹`, `5⁵-¹` (an inserted provision whose number is written as a superscript): `60-1`, `5-5-1`.
            let sup = |i: usize| chars.get(i).and_then(|c| kanun_model::eid::superscript_digit(*c));
            while sup(i).is_some() || (chars.get(i) == Some(&'-') && sup(i + 1).is_some() && s.contains('-'))
            {
                if chars[i] == '-' {
                    i += 1;
                }
                s.push('-');
                while let Some(d) = sup(i) {
                    s.push(d);
                    i += 1;
                }
            }
            // `19.1`, `1.1` (the dotted notation of an inserted article or part): `19-1`. A date (`01.02.2003`)
            // reads as `01-02-2003`, which no level word precedes.
            while i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
                s.push('-');
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    s.push(chars[i]);
                    i += 1;
                }
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

/// A word lowercased for its language; borrowed when it is lowercase letters of the corpus's scripts already, as
/// nearly every word is (the grammar looks at each word up to four times: a copy each time was 3% of indexing).
fn lower(w: &str, lang: Language) -> std::borrow::Cow<'_, str> {
    if w.chars().all(|c| matches!(c, 'a'..='z' | '0'..='9' | 'а'..='я')) {
        std::borrow::Cow::Borrowed(w)
    } else {
        std::borrow::Cow::Owned(kanun_analysis::lowercase(w, lang))
    }
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
    const RUS: &[&str] = &[
        "перв",
        "втор",
        "трет",
        "четверт",
        "пят",
        "шест",
        "седьм",
        "восьм",
        "девят",
        "десят",
        "одиннадцат",
        "двенадцат",
        "тринадцат",
        "четырнадцат",
        "пятнадцат",
        "шестнадцат",
        "семнадцат",
        "восемнадцат",
        "девятнадцат",
        "двадцат",
    ];
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
        // «пунктом "в"»: a point's letter in quotes.
        Tok::Quote(q)
            if level == Level::Point && q.chars().count() == 1 && q.chars().all(char::is_alphabetic) =>
        {
            Some(lower(q, lang).into_owned())
        }
        Tok::Word(w) => {
            let l = lower(w, lang);
            if level == Level::Chapter
                && kanun_model::eid::roman_value(&w.to_uppercase()).is_some()
                && w.chars().all(|c| c.is_ascii_alphabetic())
            {
                return Some(w.to_uppercase());
            }
            if level == Level::Point && l.chars().count() == 1 && l.chars().all(char::is_alphabetic) {
                // «пунктов в соответствии …»: a Russian one-letter preposition or conjunction is a point's letter
                // only when written as one («в)»).
                let closes = matches!(toks.get(i + 1).map(|t| &t.tok), Some(Tok::Punct(')')));
                if lang.code() == "rus"
                    && matches!(&*l, "в" | "и" | "с" | "к" | "о" | "у" | "а" | "я")
                    && !closes
                {
                    return None;
                }
                return Some(l.into_owned());
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
        let Some(range) = sep else {
            // «подпунктами 6 (в случае, если …), 7 и 12 пункта 1»: a remark in parentheses after a member of the
            // list, and the list goes on after it.
            if let Some(close) = paren_end(toks, i)
                && match toks.get(close + 1).map(|t| &t.tok) {
                    Some(Tok::Punct(',')) => true,
                    Some(Tok::Word(w)) => is_and(&lower(w, lang)),
                    _ => false,
                }
                && number_at(toks, close + 2, level, lang).is_some()
            {
                i = close + 1;
                continue;
            }
            break;
        };
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

/// The token that closes a parenthesis opened at token `i` (no nesting, at most 40 tokens: a remark, not a
/// paragraph), if `i` opens one.
fn paren_end(toks: &[Token], i: usize) -> Option<usize> {
    if !matches!(toks.get(i).map(|t| &t.tok), Some(Tok::Punct('('))) {
        return None;
    }
    (i + 1..toks.len().min(i + 42)).find_map(|k| match toks[k].tok {
        Tok::Punct(')') => Some(Some(k)),
        Tok::Punct('(') => Some(None),
        _ => None,
    })?
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
            // Turkmen order: numbers, then the level word. (In Russian «подпунктами 1 - 6 пункта 2» the numbers
            // belong to the word before them.)
            if lang.code() != "tuk" {
                return None;
            }
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
    // Ordinal before the level word (English "the second part", Turkmen "ikinji bölegi"); in «абзаце третьем
    // пункта 2» the ordinal counts the paragraphs, not the points.
    // «абзацами вторым и третьим пункта 1»: the paragraph word up to four words before.
    // (Looked back for only when the word is an ordinal before a level word: this runs for every word.)
    let after_paragraph = || {
        toks[i.saturating_sub(4)..i].iter().any(
            |t| matches!(&t.tok, Tok::Word(p) if { let p = lower(p, lang); p.starts_with("абзац") || p == "paragraph" }),
        )
    };
    if let Some(n) = ordinal(&w)
        && let Some(Tok::Word(next)) = toks.get(i + 1).map(|t| &t.tok)
        && let Some(level) = level_word(&lower(next, lang))
        && !after_paragraph()
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

/// Words that name a kind of act other than "this" one, as they follow a citation (Russian in any case: «Уголовного
/// кодекса», «Федерального закона», «Конституции»; English: "Code", "Law", "Act", "Constitution").
fn names_an_act(w: &str) -> bool {
    const RUS: &[&str] = &[
        "кодекс",
        "закон",
        "конституц",
        "указ",
        "постановлен",
        "конвенц",
        "договор",
        "соглашен",
        "регламент",
        "декрет",
        "приказ",
    ];
    matches!(w, "code" | "law" | "act" | "constitution" | "convention" | "decree" | "regulation" | "treaty")
        || RUS.iter().any(|s| w.starts_with(s))
}

/// Words that end the name of an act: conjunctions and the words of another citation.
fn ends_act_name(w: &str) -> bool {
    // Prepositions end it too («… Российской Федерации в следующих случаях»), except «о»/«об», which begin the
    // subject of a title («Кодекса … об административных правонарушениях»).
    matches!(w, "и" | "или" | "либо" | "а" | "также" | "but" | "and" | "or" | "as" | "which" | "that" | "if")
        || ["в", "во", "для", "с", "со", "по", "на", "при", "к", "до", "от", "за", "у"].contains(&w)
        || matches!(w, "in" | "for" | "with" | "by" | "on" | "to" | "from")
        || level_word(w).is_some()
        || is_this(w)
}

/// The name of another act written after a citation's provisions, up to the punctuation, number or conjunction
/// that ends it: «Уголовного кодекса Российской Федерации», «Федерального закона «Об охране …»», "of the Civil
/// Code". A kind-of-act word must come within the first three words (after English "of the").
fn act_name_after(toks: &[Token], mut j: usize, lang: Language) -> Option<Found> {
    let word = |k: usize| match toks.get(k).map(|t| &t.tok) {
        Some(Tok::Word(w)) => Some(lower(w, lang)),
        _ => None,
    };
    if lang.code() == "eng" {
        if word(j).as_deref() != Some("of") {
            return None;
        }
        j += 1;
        if word(j).as_deref() == Some("the") {
            j += 1;
        }
    } else if lang.code() != "rus" {
        return None;
    }
    // «пункт 8 (в части применения …) постановления Верховного Совета …»: the act named after a remark.
    if let Some(close) = paren_end(toks, j) {
        j = close + 1;
    }
    let first = j;
    let mut last = None;
    let mut kind_at = None;
    let mut k = j;
    while k < toks.len() && k - first < 12 {
        match &toks[k].tok {
            Tok::Word(w) => {
                let w = lower(w, lang);
                if ends_act_name(&w) {
                    break;
                }
                if kind_at.is_none() && names_an_act(&w) {
                    if k - first >= 3 {
                        return None;
                    }
                    kind_at = Some(k);
                }
                last = Some(k);
            }
            // A quoted title ends the name («Федерального закона «О …»»).
            Tok::Quote(_) if kind_at.is_some() => {
                last = Some(k);
                break;
            }
            _ => break,
        }
        k += 1;
    }
    let (kind_at, last) = (kind_at?, last?);
    if kind_at > last {
        return None;
    }
    let title = toks[first..=last]
        .iter()
        .map(|t| match &t.tok {
            Tok::Word(w) | Tok::Num(w) => w.clone(),
            Tok::Quote(q) => format!("«{q}»"),
            Tok::Punct(c) => c.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ");
    Some(Found { unit: Unit::Act { title }, first, last })
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
            // «подпункте 1 настоящего пункта»: likewise.
            if let Some(Found { unit: Unit::This { level } | Unit::That { level }, .. }) = &mut next
                && *level == Level::Point
                && units.iter().any(|x| unit_level(&x.unit) == Level::Point)
                && !units.iter().any(|x| unit_level(&x.unit) == Level::Part)
            {
                *level = Level::Part;
            }
            // «подпунктом "а" пункта 6 части первой статьи 81»: a subpoint of a point of a part. The пункт read
            // as a part above is a point after all; the subpoint (a level the citation model does not have) is
            // dropped, so the citation points at the point that holds it.
            if let Some(Found { unit: Unit::Numbered { level: Level::Part, .. }, .. }) = &next
                && let Some(pos) = units.iter().position(|x| unit_level(&x.unit) == Level::Part)
                && let Some(sub) = units.iter().position(|x| unit_level(&x.unit) == Level::Point)
                && sub < pos
            {
                if let Unit::Numbered { level, .. } = &mut units[pos].unit {
                    *level = Level::Point;
                }
                let dropped = units.remove(sub);
                // The span still starts at the subpoint's words.
                units[0].first = units[0].first.min(dropped.first);
            }
            match next {
                Some(u) if !units.iter().any(|x| unit_level(&x.unit) == unit_level(&u.unit)) => {
                    j = u.last + 1;
                    units.push(u);
                }
                _ => break,
            }
        }
        // «статьи 205 Уголовного кодекса Российской Федерации», "Article 5 of the Civil Code": the name of another
        // act after the provisions.
        if !units.iter().any(|u| matches!(u.unit, Unit::ThisAct | Unit::Act { .. }))
            && let Some(act) = act_name_after(&toks, j, lang)
        {
            j = act.last + 1;
            units.push(act);
        }
        let start = toks[units[0].first].start;
        let end = toks[units.iter().map(|u| u.last).max().unwrap_or(first.last)].end;
        let mut list: Vec<Unit> = units.into_iter().map(|u| u.unit).collect();
        list.sort_by_key(unit_level);
        // A lone act ("this Law") is not a citation of a provision; a lone other act is (a citation of that act).
        let keep = !(list.len() == 1 && matches!(list[0], Unit::ThisAct));
        // «(Пункт 3 исключен - Федеральный закон …)», «Статья 95 утратила силу»: an editorial note about a
        // provision, not a citation of it.
        let note = matches!(toks.get(j).map(|t| &t.tok), Some(Tok::Word(w))
            if { let w = lower(w, lang); w.starts_with("исключ") || w.starts_with("утратил") });
        if keep && !note {
            out.push(Citation { start, end, units: list });
        }
        i = j.max(i + 1);
    }
    share_outer_units(&mut out, text, lang);
    out
}

/// A list of citations that share their article or act, written once at the end: «пунктом 2 части 7, пунктом 3
/// части 8 статьи 51¹» (both of Article 51¹), «части первой статьи 213 или статьей 267¹ Уголовного кодекса» (both
/// of the Criminal Code), «пунктами 1 - 5 и 7 части первой, частями третьей - шестой статьи 391³», «подпункте 1 и
/// абзаце втором подпункта 3 пункта 10 настоящей статьи» (subpoint 1 of point 10). A citation joined to the next
/// by a comma or a conjunction (an «абзац» between them is skipped: the model has no level for it) takes the
/// coarser units it lacks from the next one when its own coarsest level is no coarser than the next one's below
/// the article (so «пунктом 1 и статьей 5» stays two citations), and the act of the next one when it names no
/// act. A citation in parentheses right after another (`статьи 127 (за исключением подпункта 7 пункта 1)`) takes
/// the coarser units it lacks from that one.
fn share_outer_units(out: &mut [Citation], text: &str, lang: Language) {
    let chars: Vec<char> = text.chars().collect();
    let has = |u: &[Unit], l: Level| u.iter().any(|x| unit_level(x) == l);
    let coarsest = |u: &[Unit]| u.iter().map(unit_level).min();
    // Takes from `from` the units of levels coarser than `cur`'s coarsest that `cur` lacks.
    let take = |cur: &mut Vec<Unit>, from: &[Unit]| {
        let Some(c) = coarsest(cur) else { return };
        let add: Vec<Unit> =
            from.iter().filter(|u| unit_level(u) < c && !has(cur, unit_level(u))).cloned().collect();
        cur.extend(add);
        cur.sort_by_key(unit_level);
    };
    let gap_of = |a: usize, b: usize| -> String {
        let g: String = chars.get(a..b).map(|g| g.iter().collect()).unwrap_or_default();
        lower(g.trim(), lang).into_owned()
    };
    // Inside parentheses right after a citation: from front to back, so that a chain inherits in order.
    let mut in_paren = vec![false; out.len()];
    for k in 1..out.len() {
        let gap = gap_of(out[k - 1].end, out[k].start);
        if gap.starts_with('(') && !gap.contains(')') {
            in_paren[k] = true;
            let prev = out[k - 1].units.clone();
            if !has(&out[k].units, Level::Article) && !relative(&out[k].units) && has(&prev, Level::Article) {
                take(&mut out[k].units, &prev);
            }
        }
    }
    let span_has = |c: &Citation, w: &str| -> bool {
        chars.get(c.start..c.end).is_some_and(|g| lower(&g.iter().collect::<String>(), lang).contains(w))
    };
    let first_word = |c: &Citation| -> String {
        let w: String = chars
            .get(c.start..c.end)
            .map(|g| g.iter().take_while(|c| is_word_char(**c)).collect())
            .unwrap_or_default();
        lower(&w, lang).into_owned()
    };
    for k in (0..out.len().saturating_sub(1)).rev() {
        // The next citation outside parentheses: «статьи 127 (за исключением …), статей 128 и 129 … Кодекса».
        let Some(n) = (k + 1..out.len()).find(|&n| !in_paren[n]) else { continue };
        let mut gap = gap_of(out[k].end, out[n].start);
        if let (Some(open), Some(close)) = (gap.find('('), gap.rfind(')'))
            && open < close
        {
            gap.replace_range(open..=close, "");
        }
        let gap = gap.trim_start_matches(')').trim().trim_start_matches(',').trim().to_string();
        let gap = skip_abzac(&gap);
        if !matches!(gap.trim_start_matches(',').trim(), "" | "и" | "или" | "либо" | "а также" | "and" | "or")
        {
            continue;
        }
        let rus = lang.code() == "rus";
        // «подпункта 3 пункта 10, … пункта 11 настоящей статьи»: the пункт beside a пункт that holds подпункты is
        // a part too.
        if rus
            && has(&out[k].units, Level::Part)
            && span_has(&out[k], "подпункт")
            && first_word(&out[n]).starts_with("пункт")
            && out[n].units.iter().filter(|u| unit_level(u) > Level::Article).count() == 1
            && let Some(Unit::Numbered { level, .. }) =
                out[n].units.iter_mut().find(|u| unit_level(u) == Level::Point)
        {
            *level = Level::Part;
        }
        let next = out[n].units.clone();
        let cur_first_word = first_word(&out[k]);
        let next_has_subpoint = span_has(&out[n], "подпункт");
        let cur = &mut out[k].units;
        if !has(cur, Level::Article)
            && !has(cur, Level::Act)
            && !has(cur, Level::Chapter)
            && !relative(cur)
            && has(&next, Level::Article)
        {
            let below: Vec<Level> = next.iter().map(unit_level).filter(|l| *l > Level::Article).collect();
            // «пунктом 1 и подпунктом 1 пункта 5 статьи 39⁴¹»: a пункт beside a подпункт is a part, as in the next one.
            if rus
                && below.contains(&Level::Part)
                && next_has_subpoint
                && cur.len() == 1
                && cur_first_word.starts_with("пункт")
                && let Unit::Numbered { level, .. } = &mut cur[0]
                && *level == Level::Point
            {
                *level = Level::Part;
            }
            if let (Some(c), Some(b)) = (coarsest(cur), below.iter().min())
                && c >= *b
            {
                take(cur, &next);
            }
        }
        if has(cur, Level::Article)
            && !has(cur, Level::Act)
            && let Some(act @ Unit::Act { .. }) = next.iter().find(|u| matches!(u, Unit::Act { .. }))
        {
            cur.push(act.clone());
            cur.sort_by_key(unit_level);
        }
    }
}

/// Whether a citation has a unit that points from where it stands («настоящего пункта», «этой части»): it takes
/// nothing from its neighbours.
fn relative(units: &[Unit]) -> bool {
    units.iter().any(|u| matches!(u, Unit::This { .. } | Unit::That { .. } | Unit::Preceding { .. }))
}

/// A gap between two citations without the «абзац …» that may stand in it («и абзаце втором», «, абзаце первом»):
/// a paragraph of text, a level the citation model does not have.
fn skip_abzac(gap: &str) -> String {
    let words: Vec<&str> = gap.split_whitespace().collect();
    match words.iter().position(|w| w.starts_with("абзац")) {
        // The word and its ordinal («втором», «первом»); the rest is the connector.
        Some(p) if p + 2 == words.len() && ordinal(words[p + 1]).is_some() => words[..p].join(" "),
        _ => gap.to_string(),
    }
}

#[cfg(test)]
mod fast_path_tests {
    #[test]
    fn the_fast_letter_test_agrees_with_the_unicode_tables() {
        for c in ('\0'..='\u{2fff}').chain(['\u{2019}', 'İ', 'ı']) {
            let slow = c.is_alphabetic() || ('\u{300}'..='\u{36f}').contains(&c) || c == '\'' || c == '’';
            assert_eq!(super::is_word_char(c), slow, "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn a_word_borrowed_as_lowercase_is_what_the_analysis_lowercases_it_to() {
        let words = [
            "статья",
            "Статья",
            "ёлка",
            "article",
            "Article",
            "12",
            "madda",
            "İş",
            "ıslam",
            "bölek",
            "ЧАСТЬ",
        ];
        for lang in [kanun_model::Language::ENG, kanun_model::Language::RUS, kanun_model::Language::TUK] {
            for w in words {
                assert_eq!(super::lower(w, lang), kanun_analysis::lowercase(w, lang), "{w} {lang}");
            }
            // Every character the fast path keeps as it is.
            for c in ('a'..='z').chain('0'..='9').chain('а'..='я') {
                let w = c.to_string();
                assert!(matches!(super::lower(&w, lang), std::borrow::Cow::Borrowed(_)));
                assert_eq!(super::lower(&w, lang), kanun_analysis::lowercase(&w, lang), "{w} {lang}");
            }
        }
    }
}
