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

/// The eId component for a number as written: lower case, transliterated, only `[a-z0-9-]`, inner dots and
/// spaces as hyphens (`"12-1"` → `12-1`, `"12a"` → `12a`, `"б"` → `b`, `"IV a"` → `iv-a`).
pub fn num_id(raw: &str) -> String {
    let t = transliterate(raw.trim());
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
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
