//! Akoma Ntoso naming: how numbers as written ("II", "12-1", "б)", "Erster") become the parts of eIds
//! (`chp_2`, `art_12-1`, `point_b`, `sec_1`), and how eIds are joined and walked up.

/// The separator between the levels of an eId (`art_5__para_2`).
pub const SEPARATOR: &str = "__";

/// Joins a parent eId (empty for none) and a child component `prefix_id`.
pub fn join(parent: &str, prefix: &str, id: &str) -> String {
    if parent.is_empty() { format!("{prefix}_{id}") } else { format!("{parent}{SEPARATOR}{prefix}_{id}") }
}

/// The eId one level up (`art_5__para_2` → `art_5`), or `None` at the top.
pub fn parent(eid: &str) -> Option<&str> {
    eid.rfind(SEPARATOR).map(|i| &eid[..i])
}

/// The eIds from `eid` up to its top level, nearest first (`art_5__para_2__point_1`, `art_5__para_2`, `art_5`).
pub fn ancestors(eid: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(eid), |e| parent(e))
}

/// An eId read as the path it is (`art_5__para_2__point_1`): its levels, the article or top-level provision it
/// is in, its parent. Borrowed from wherever the eId is kept; no code splits eIds by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Eid<'a>(&'a str);

/// One level of an eId: its kind prefix (`art`, `para`, `point`, `chp` …) and its number (`5`, `12-1`, `b`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level<'a> {
    /// The kind prefix.
    pub prefix: &'a str,
    /// The number as it is in the eId.
    pub id: &'a str,
}

impl<'a> Eid<'a> {
    /// The eId `s`.
    pub fn new(s: &'a str) -> Eid<'a> {
        Eid(s)
    }

    /// The eId as written.
    pub fn as_str(self) -> &'a str {
        self.0
    }

    /// The top level (`art_5__para_2` → `art_5`): the article, for the provisions of an article.
    pub fn article(self) -> &'a str {
        self.0.split(SEPARATOR).next().unwrap_or(self.0)
    }

    /// The last level (`art_5__para_2` → `para_2`).
    pub fn last(self) -> &'a str {
        self.0.rsplit(SEPARATOR).next().unwrap_or(self.0)
    }

    /// One level up (`art_5__para_2` → `art_5`), or `None` at the top.
    pub fn parent(self) -> Option<Eid<'a>> {
        parent(self.0).map(Eid)
    }

    /// How many levels below the top (`art_5` → 0, `art_5__para_2` → 1).
    pub fn depth(self) -> usize {
        self.0.matches(SEPARATOR).count()
    }

    /// The levels from the top down.
    pub fn levels(self) -> impl Iterator<Item = Level<'a>> {
        self.0.split(SEPARATOR).map(|seg| match seg.split_once('_') {
            Some((prefix, id)) => Level { prefix, id },
            None => Level { prefix: seg, id: "" },
        })
    }
}

impl std::fmt::Display for Eid<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// Transliterates Cyrillic and Turkmen/Turkish/German letters into ASCII for eIds and slugs; keeps ASCII as is.
pub fn transliterate(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let lower: String = c.to_lowercase().collect();
        let t = match lower.as_str() {
            "а" => "a",
            "б" => "b",
            "в" => "v",
            "г" => "g",
            "д" => "d",
            "е" => "e",
            "ё" => "e",
            "ж" => "zh",
            "з" => "z",
            "и" => "i",
            "й" => "i",
            "к" => "k",
            "л" => "l",
            "м" => "m",
            "н" => "n",
            "о" => "o",
            "п" => "p",
            "р" => "r",
            "с" => "s",
            "т" => "t",
            "у" => "u",
            "ф" => "f",
            "х" => "kh",
            "ц" => "ts",
            "ч" => "ch",
            "ш" => "sh",
            "щ" => "shch",
            "ъ" => "",
            "ы" => "y",
            "ь" => "",
            "э" => "e",
            "ю" => "iu",
            "я" => "ia",
            "ä" => "a",
            "ç" => "c",
            "ň" => "n",
            "ö" => "o",
            "ş" => "s",
            "ü" => "u",
            "ý" => "y",
            "ž" => "z",
            "ı" => "i",
            "ğ" => "g",
            "ß" => "ss",
            "é" => "e",
            "è" => "e",
            "à" => "a",
            other => {
                out.push_str(other);
                continue;
            }
        };
        out.push_str(t);
    }
    out
}

/// The digit a superscript digit stands for (`¹` → `1`), as published texts mark inserted provisions (Article
/// 39¹, point 1¹, chapter V⁷).
pub fn superscript_digit(c: char) -> Option<char> {
    Some(match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        _ => return None,
    })
}

/// The superscript form of an ASCII digit (`1` → `¹`).
pub fn to_superscript(c: char) -> Option<char> {
    Some(match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        '9' => '⁹',
        _ => return None,
    })
}

/// The eId component for a number as written: lower case, transliterated, only `[a-z0-9-]`, inner dots and
/// spaces as hyphens, a superscript as an insertion index (`"12-1"` → `12-1`, `"12¹"` → `12-1`, `"12.1"` →
/// `12-1`, `"12a"` → `12a`, `"б"` → `b`, `"IV a"` → `iv-a`).
pub fn num_id(raw: &str) -> String {
    let t = transliterate(raw.trim());
    let mut out = String::with_capacity(t.len());
    let mut in_sup = false;
    for c in t.chars() {
        if let Some(d) = superscript_digit(c) {
            if !in_sup && !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            in_sup = true;
            out.push(d);
            continue;
        }
        in_sup = false;
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if matches!(c, '-' | '.' | ' ' | '/' | '–') && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A provision number as the numbering model reads it: a base number (with an optional letter suffix, as German
/// `§ 1a`) and the insertion indexes of provisions inserted after it by amendments, at any level: Article 39¹
/// (`39-1`), part 6-1, point 1.1, chapter V⁷ (`5-7`), Article 12-1-2 (inserted between 12-1 and 12-2). Keys
/// order as the law does: 12 < 12-1 < 12-1-1 < 12-2 < 12a < 13.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NumberKey {
    /// The base number (for a letter, its position from 1).
    pub base: u32,
    /// The letter suffix of the base (`1a`: `a`), empty for none.
    pub suffix: String,
    /// The insertion indexes, outermost first.
    pub inserts: Vec<u32>,
}

impl NumberKey {
    /// Reads an eId number component (`39-1`, `5-7`, `1a`, `12`, `c`), as [`num_id`] and [`letter_id`] write
    /// them. `None` when it does not start with a number or a letter sequence, or an insertion index is no number.
    pub fn from_id(id: &str) -> Option<NumberKey> {
        let mut parts = id.split('-');
        let head = parts.next()?;
        let digits: String = head.chars().take_while(char::is_ascii_digit).collect();
        let (base, suffix) = if digits.is_empty() {
            // A letter point (`c`, `aa`): its position in the spreadsheet-style order.
            if head.is_empty() || !head.chars().all(|c| c.is_ascii_lowercase()) {
                return None;
            }
            let mut v: u32 = 0;
            for c in head.chars() {
                v = v.checked_mul(26)?.checked_add(u32::from(c as u8 - b'a') + 1)?;
            }
            (v, String::new())
        } else {
            let suffix = &head[digits.len()..];
            if !suffix.chars().all(|c| c.is_ascii_lowercase()) || suffix.len() > 3 {
                return None;
            }
            (digits.parse().ok()?, suffix.to_string())
        };
        let inserts = parts.map(|p| p.parse::<u32>().ok()).collect::<Option<Vec<_>>>()?;
        Some(NumberKey { base, suffix, inserts })
    }

    /// Whether the number is one inserted by an amendment (it has an insertion index or a letter suffix).
    pub fn is_inserted(&self) -> bool {
        !self.inserts.is_empty() || !self.suffix.is_empty()
    }

    /// Whether `self` may directly follow `prev` in a sequence without a gap: the next base number, an insertion
    /// after `prev` or after one of its ancestors (12-1 → 12-2, 12-1-1 → 12-2, 12-3 → 13), or a first insertion
    /// (12 → 12-1).
    pub fn follows(&self, prev: &NumberKey) -> bool {
        if self <= prev {
            return false;
        }
        if self.is_inserted() {
            return true;
        }
        self.base == prev.base + 1
    }
}

/// The alphabets whose letters number subpoints, in order: the Russian legal alphabet (without ё, й, ъ, ы, ь,
/// which laws skip), the Turkmen Latin alphabet, and the English one.
const RUSSIAN: &str = "абвгдежзиклмнопрстуфхцчшщэюя";
const TURKMEN: &str = "abçdeäfghijžklmnňoöprsştuüwyýz";
const ENGLISH: &str = "abcdefghijklmnopqrstuvwxyz";

/// The eId component of a lettered subpoint (`а)`, `ç)`, `c)`): the letter at the same position of the English
/// alphabet, so that parallel language versions share their eIds (Russian `в)` and Turkmen `ç)` are both the
/// third subpoint, `point_c`). `language` is the ISO 639-2 code of the text; letters outside the alphabet are
/// transliterated.
pub fn letter_id(letter: &str, language: &str) -> String {
    // An inserted subpoint (`в¹`, `в-1`): the letter's id and the insertion index.
    if let Some(i) = letter.find(|c: char| superscript_digit(c).is_some() || c == '-').filter(|i| *i > 0) {
        let tail = num_id(&letter[i..]);
        let tail = tail.trim_start_matches('-');
        return format!("{}-{tail}", letter_id(&letter[..i], language));
    }
    let lower = letter.to_lowercase();
    let mut chars = lower.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return num_id(letter);
    };
    let alphabet = if ('а'..='я').contains(&c) {
        RUSSIAN
    } else if language == "tuk" || "çäžňöşüý".contains(c) {
        TURKMEN
    } else {
        ENGLISH
    };
    match alphabet.chars().position(|x| x == c) {
        Some(i) => ordinal_letters(i),
        None => num_id(letter),
    }
}

/// `0` → `a`, `25` → `z`, `26` → `aa`, … (spreadsheet-style).
fn ordinal_letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The value of a Roman numeral (`"XIV"` → 14), or `None` if `s` is not one (case-insensitive).
pub fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 12 {
        return None;
    }
    let val = |c: char| match c.to_ascii_uppercase() {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let digits: Option<Vec<u32>> = s.chars().map(val).collect();
    let digits = digits?;
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        match digits.get(i + 1) {
            Some(next) if next > d => total -= *d as i64,
            _ => total += *d as i64,
        }
    }
    let total = u32::try_from(total).ok().filter(|t| *t > 0)?;
    // Only canonical numerals: writing the value back must give the same letters.
    (to_roman(total).eq_ignore_ascii_case(s)).then_some(total)
}

/// The canonical Roman numeral for `n` (1 to 3999).
pub fn to_roman(mut n: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= *v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Number words for containers ("Part One", "Часть первая", "Erster Abschnitt", "Birinji bölüm"): the value
/// of an English, Russian, German or Turkmen cardinal or ordinal word from 1 to 20, case-insensitive.
pub fn number_word_value(word: &str) -> Option<u32> {
    const WORDS: &[&[&str]] = &[
        &["one", "first", "перв", "erst", "eins", "bir", "birinji"],
        &["two", "second", "втор", "zweit", "zwei", "iki", "ikinji"],
        &["three", "third", "трет", "dritt", "drei", "üç", "üçünji"],
        &["four", "fourth", "четверт", "viert", "vier", "dört", "dördünji"],
        &["five", "fifth", "пят", "fünft", "fünf", "bäş", "bäşinji"],
        &["six", "sixth", "шест", "sechst", "sechs", "alty", "altynjy"],
        &["seven", "seventh", "седьм", "siebent", "siebt", "sieben", "ýedi", "ýedinji"],
        &["eight", "eighth", "восьм", "acht", "sekiz", "sekizinji"],
        &["nine", "ninth", "девят", "neunt", "neun", "dokuz", "dokuzynjy"],
        &["ten", "tenth", "десят", "zehnt", "zehn", "on", "onunjy"],
        &["eleven", "eleventh", "одиннадцат", "elft", "elf"],
        &["twelve", "twelfth", "двенадцат", "zwölft", "zwölf"],
        &["thirteen", "thirteenth", "тринадцат", "dreizehnt"],
        &["fourteen", "fourteenth", "четырнадцат", "vierzehnt"],
        &["fifteen", "fifteenth", "пятнадцат", "fünfzehnt"],
        &["sixteen", "sixteenth", "шестнадцат", "sechzehnt"],
        &["seventeen", "seventeenth", "семнадцат", "siebzehnt"],
        &["eighteen", "eighteenth", "восемнадцат", "achtzehnt"],
        &["nineteen", "nineteenth", "девятнадцат", "neunzehnt"],
        &["twenty", "twentieth", "двадцат", "zwanzigst"],
    ];
    let w = word.trim().to_lowercase();
    if w.is_empty() {
        return None;
    }
    // Stems (Russian and German ordinals) match with an inflection ending of up to three letters; whole words
    // must match exactly. Longer stems are tried first so that "одиннадцат" is not read as "один".
    let mut best: Option<(usize, u32)> = None;
    for (i, forms) in WORDS.iter().enumerate() {
        for f in *forms {
            let is_stem = f.chars().any(|c| ('а'..='я').contains(&c))
                || [
                    "erst",
                    "zweit",
                    "dritt",
                    "viert",
                    "fünft",
                    "sechst",
                    "siebent",
                    "siebt",
                    "acht",
                    "neunt",
                    "zehnt",
                    "elft",
                    "zwölft",
                    "dreizehnt",
                    "vierzehnt",
                    "fünfzehnt",
                    "sechzehnt",
                    "siebzehnt",
                    "achtzehnt",
                    "neunzehnt",
                    "zwanzigst",
                ]
                .contains(f);
            let matched = if is_stem {
                w.starts_with(f) && w.chars().count() - f.chars().count() <= 3
            } else {
                w == *f
            };
            if matched && best.is_none_or(|(len, _)| f.len() > len) {
                best = Some((f.len(), i as u32 + 1));
            }
        }
    }
    best.map(|(_, v)| v)
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_eid_is_read_as_its_path() {
        let e = Eid::new("art_12-1__para_3__point_b");
        assert_eq!(e.article(), "art_12-1");
        assert_eq!(e.last(), "point_b");
        assert_eq!(e.depth(), 2);
        assert_eq!(e.parent().map(Eid::as_str), Some("art_12-1__para_3"));
        let levels: Vec<(&str, &str)> = e.levels().map(|l| (l.prefix, l.id)).collect();
        assert_eq!(levels, [("art", "12-1"), ("para", "3"), ("point", "b")]);
        let top = Eid::new("chp_2");
        assert_eq!((top.article(), top.last(), top.depth(), top.parent()), ("chp_2", "chp_2", 0, None));
    }

    use super::*;

    #[test]
    fn joins_and_walks_up() {
        let e = join(&join("art_5", "para", "2"), "point", "b");
        assert_eq!(e, "art_5__para_2__point_b");
        assert_eq!(ancestors(&e).collect::<Vec<_>>(), ["art_5__para_2__point_b", "art_5__para_2", "art_5"]);
    }

    #[test]
    fn numbers_become_ids() {
        assert_eq!(num_id("12-1"), "12-1");
        assert_eq!(num_id("12a"), "12a");
        assert_eq!(num_id("б"), "b");
        assert_eq!(num_id("ç"), "c");
        assert_eq!(num_id("IV a"), "iv-a");
        assert_eq!(num_id("12.1."), "12-1");
        assert_eq!(num_id("39¹"), "39-1");
        assert_eq!(num_id("12¹⁰"), "12-10");
        assert_eq!(num_id("1¹)"), "1-1");
        assert_eq!(num_id("6-1."), "6-1");
        assert_eq!(letter_id("в¹", "rus"), "c-1");
    }

    #[test]
    fn number_keys_order_as_the_law_does() {
        let k = |s: &str| NumberKey::from_id(s).unwrap();
        let mut v = ["13", "12a", "12-2", "12-1-1", "12", "12-1"].map(k).to_vec();
        v.sort();
        assert_eq!(v, ["12", "12-1", "12-1-1", "12-2", "12a", "13"].map(k).to_vec());
        assert!(
            k("12-1").follows(&k("12")) && k("12-2").follows(&k("12-1-1")) && k("13").follows(&k("12-3"))
        );
        assert!(!k("14").follows(&k("12")) && !k("12").follows(&k("12")) && !k("11-1").follows(&k("12")));
        assert_eq!(k("c"), NumberKey { base: 3, suffix: String::new(), inserts: vec![] });
        assert!(k("5-7").is_inserted() && !k("5").is_inserted());
        assert!(NumberKey::from_id("iv-a").is_none() && NumberKey::from_id("12-x").is_none());
    }

    #[test]
    fn letters_number_by_position() {
        assert_eq!(letter_id("в", "rus"), "c");
        assert_eq!(letter_id("к", "rus"), "j");
        assert_eq!(letter_id("ç", "tuk"), "c");
        assert_eq!(letter_id("f", "tuk"), "g");
        assert_eq!(letter_id("f", "eng"), "f");
        assert_eq!(letter_id("aa", "deu"), "aa");
        assert_eq!(ordinal_letters(26), "aa");
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("iv"), Some(4));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("IC"), None);
        assert_eq!(roman_value("MIX"), Some(1009));
        assert_eq!(to_roman(1994), "MCMXCIV");
    }

    #[test]
    fn number_words() {
        assert_eq!(number_word_value("First"), Some(1));
        assert_eq!(number_word_value("первая"), Some(1));
        assert_eq!(number_word_value("Одиннадцатая"), Some(11));
        assert_eq!(number_word_value("Erster"), Some(1));
        assert_eq!(number_word_value("Siebter"), Some(7));
        assert_eq!(number_word_value("Zwölfter"), Some(12));
        assert_eq!(number_word_value("ikinji"), Some(2));
        assert_eq!(number_word_value("General"), None);
        assert_eq!(number_word_value("on"), Some(10));
    }
}
