//! Text analysis for Kanun's three languages, the same at index time and at query time, and usable outside any
//! search engine (the NDJSON export for OpenSearch or Quickwit carries these terms pre-analysed).
//!
//! The pipeline: NFC normalisation → words (letters and digits) → language-aware lowercasing (Russian folds
//! `ё` to `е`; Turkmen maps the Turkish-keyboard `İ`/`ı` to `i`/`y` and drops a stray combining dot) → stemming
//! (Snowball English and Russian from rust-stemmers; a light Turkmen suffix stripper of our own, chosen by the
//! measurement in `docs/search.md`).
//!
//! ```
//! use kanun_analysis::{terms, Language};
//!
//! let t: Vec<String> = terms("Социальные услуги", Language::RUS).into_iter().map(|t| t.text).collect();
//! assert_eq!(t, ["социальн", "услуг"]);
//! let t: Vec<String> = terms("hyzmatlaryň", Language::TUK).into_iter().map(|t| t.text).collect();
//! assert_eq!(t, ["hyzmat"]);
//! ```

pub mod turkmen;

pub use kanun_model::Language;
use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

/// A term with the byte span of the word it came from (in the NFC-normalised text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The term.
    pub text: String,
    /// Byte offset where the word starts.
    pub start: usize,
    /// Byte offset where the word ends.
    pub end: usize,
}

/// The words of a text (NFC first): runs of letters, digits and combining marks. Returns byte spans into the
/// normalised text.
pub fn words(text: &str) -> (std::borrow::Cow<'_, str>, Vec<(usize, usize)>) {
    // Corpus text is NFC already: it is used as it is, without a copy through the composition tables (once a
    // fifth of indexing time). Text of the corpus's scripts is seen to be NFC in the same pass that finds the
    // words (a pass of its own was 2% of indexing time); other text goes through `nfc` first.
    if let Some(spans) = spans(text, true) {
        return (std::borrow::Cow::Borrowed(text), spans);
    }
    let norm = nfc(text);
    let spans = spans(&norm, false).unwrap_or_default();
    (norm, spans)
}

/// The words' byte spans in `text`; with `only_nfc`, `None` as soon as a character is not [`surely_nfc`].
fn spans(text: &str, only_nfc: bool) -> Option<Vec<(usize, usize)>> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if only_nfc && !surely_nfc(c) {
            return None;
        }
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    Some(spans)
}

/// The text in Unicode NFC: borrowed when it is NFC already, as corpus text is (the parser normalises it).
/// Text of the corpus's scripts is seen to be NFC without the Unicode tables; other text gets the quick check,
/// and is composed only when that does not say yes.
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(surely_nfc)
        || unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

/// Characters that are NFC whatever stands around them (no decomposition that NFC keeps, combining class 0):
/// ASCII and Latin-1 and the Latin extensions, Cyrillic letters, general punctuation but two spaces. Checked
/// against the Unicode tables in the tests.
fn surely_nfc(c: char) -> bool {
    matches!(c, '\0'..='\u{2ff}' | '\u{400}'..='\u{482}' | '\u{48a}'..='\u{4ff}' | '\u{2010}'..='\u{205e}')
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

/// Letters, digits and combining marks, with the scripts of the corpus answered without the Unicode tables.
fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\u{7f}' => false,
        // Cyrillic letters (U+0482–U+0489 are a sign and combining marks, which the tables decide).
        '\u{400}'..='\u{481}' | '\u{48a}'..='\u{4ff}' => true,
        _ => c.is_alphanumeric() || is_mark(c),
    }
}

/// Lowercases one character: ASCII and Russian Cyrillic directly, the rest through the Unicode tables; `ё` → `е`.
fn push_lower(c: char, out: &mut String) {
    match c {
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        '\0'..='\u{7f}' | 'а'..='я' => out.push(c),
        'А'..='Я' => out.push(char::from_u32(c as u32 + 32).unwrap_or(c)),
        'ё' | 'Ё' => out.push('е'),
        _ => out.extend(c.to_lowercase()),
    }
}

/// Lowercases a word the way its language needs.
pub fn lowercase(word: &str, lang: Language) -> String {
    let mut out = String::with_capacity(word.len());
    lowercase_into(word, lang, &mut out);
    out
}

/// [`lowercase`], appended to `out` (a tokenizer reuses one buffer for every word).
pub fn lowercase_into(word: &str, lang: Language, out: &mut String) {
    match lang.code() {
        "tuk" => out.push_str(&turkmen::lowercase(word)),
        _ => {
            for c in word.chars() {
                push_lower(c, out);
            }
        }
    }
}

/// Stems a lowercased word.
pub fn stem(word: &str, lang: Language) -> String {
    match lang.code() {
        "eng" => Stemmer::create(Algorithm::English).stem(word).into_owned(),
        "rus" => russian_stem(word),
        "tuk" => turkmen::stem(word),
        "deu" => Stemmer::create(Algorithm::German).stem(word).into_owned(),
        _ => word.to_string(),
    }
}

/// Russian function words (prepositions, conjunctions, particles, and the pronoun «им») that appear in nearly
/// every article. A content word whose Snowball stem is one of them would match them all: `наем` → `на`,
/// `прием` → `при`, `имена` → `им`. Pronouns whose own forms share a stem (`такой`, `этого`) are not listed:
/// those stems join forms of one word.
pub const RUSSIAN_FUNCTION_WORDS: &[&str] = &[
    "а", "без", "в", "во", "да", "для", "до", "если", "же", "за", "и", "из", "или", "им", "к", "ко", "ли",
    "на", "над", "не", "ни", "но", "о", "об", "обо", "от", "по", "под", "при", "с", "со", "то", "у", "уже",
    "что",
];

/// The shortest stem the Russian stemmer may cut a longer word to: a one-letter stem joins unrelated words.
pub const RUSSIAN_MIN_STEM: usize = 2;

/// Snowball Russian, except where its stem would be shorter than [`RUSSIAN_MIN_STEM`] letters or a function
/// word: then only a noun ending is taken off, if what remains is still a safe stem, else the word is kept whole
/// (`наем`, `прием`, `приему` → `прием`, `опыт`). Its other forms still share that stem, since Snowball cuts them
/// to it (`наема`, `наемом` → `наем`).
fn russian_stem(word: &str) -> String {
    /// Snowball's Russian noun endings, longest first.
    const NOUN_ENDINGS: &[&str] = &[
        "иями", "ями", "ами", "иях", "иям", "ией", "ием", "ев", "ов", "ие", "ье", "еи", "ии", "ей", "ой",
        "ий", "ям", "ем", "ам", "ом", "ах", "ях", "ию", "ью", "ия", "ья", "а", "е", "и", "й", "о", "у", "ы",
        "ь", "ю", "я",
    ];
    let safe = |s: &str| s.chars().count() >= RUSSIAN_MIN_STEM && !RUSSIAN_FUNCTION_WORDS.contains(&s);
    let stem = Stemmer::create(Algorithm::Russian).stem(word).into_owned();
    if safe(&stem) || stem == word || RUSSIAN_FUNCTION_WORDS.contains(&word) {
        return stem;
    }
    NOUN_ENDINGS
        .iter()
        .filter_map(|e| word.strip_suffix(e))
        .find(|s| safe(s) && s.chars().count() >= 3)
        .unwrap_or(word)
        .to_string()
}

/// The stemmed terms of a text in a language, with their word spans.
pub fn terms(text: &str, lang: Language) -> Vec<Token> {
    let (norm, spans) = words(text);
    spans
        .into_iter()
        .map(|(s, e)| Token { text: stem(&lowercase(&norm[s..e], lang), lang), start: s, end: e })
        .collect()
}

/// Folds the Turkmen letters to ASCII (`çagalar` → `cagalar`), for queries typed without diacritics. Other
/// scripts are left alone.
pub fn fold_ascii(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'ç' => 'c',
            'ä' => 'a',
            'ň' => 'n',
            'ö' => 'o',
            'ş' => 's',
            'ü' => 'u',
            'ý' => 'y',
            'ž' => 'z',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str, lang: Language) -> Vec<String> {
        terms(text, lang).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn text_taken_as_nfc_without_the_tables_is_nfc() {
        use unicode_normalization::char::canonical_combining_class;
        for c in ('\0'..='\u{ffff}').filter(|c| surely_nfc(*c)) {
            assert_eq!(canonical_combining_class(c), 0, "{c:?} U+{:04X}", c as u32);
            let alone: String = c.to_string();
            assert_eq!(alone.nfc().collect::<String>(), alone, "{c:?} U+{:04X}", c as u32);
            assert_eq!(
                unicode_normalization::is_nfc_quick(std::iter::once(c)),
                unicode_normalization::IsNormalized::Yes,
                "{c:?} U+{:04X}",
                c as u32
            );
        }
        // Decomposed text is still composed.
        assert_eq!(words("е\u{308}ж").0, "ёж");
    }

    #[test]
    fn fast_paths_agree_with_the_unicode_tables() {
        for c in ('\0'..='\u{2fff}').chain(['\u{1e9e}', 'İ', 'ı']) {
            assert_eq!(is_word_char(c), c.is_alphanumeric() || is_mark(c), "{c:?} U+{:04X}", c as u32);
            let mut fast = String::new();
            push_lower(c, &mut fast);
            let slow: String = c.to_lowercase().map(|c| if c == 'ё' { 'е' } else { c }).collect();
            assert_eq!(fast, slow, "{c:?}");
        }
        // Text that is not NFC is still composed.
        let (norm, spans) = words("е\u{308}ж");
        assert_eq!(norm, "ёж");
        assert_eq!(spans, vec![(0, 4)]);
    }

    #[test]
    fn russian_stems_never_collide_with_function_words() {
        // Snowball cuts «наем» to «на» and «прием» to «при»: every article would match.
        assert_eq!(
            t("наём наем найма наема наемом", Language::RUS),
            ["наем", "наем", "найм", "наем", "наем"]
        );
        assert_eq!(t("прием приема приему при", Language::RUS), ["прием", "прием", "прием", "при"]);
        assert_eq!(t("имя имени имена им", Language::RUS), ["имя", "имен", "имен", "им"]);
        assert_eq!(t("на для суда суд", Language::RUS), ["на", "для", "суд", "суд"]);
    }

    #[test]
    fn russian_folds_yo_and_stems() {
        assert_eq!(t("учёт", Language::RUS), t("учет", Language::RUS));
        assert_eq!(t("социальных услуг", Language::RUS), t("социальные услуги", Language::RUS));
        assert_eq!(t("сельскохозяйственного", Language::RUS).len(), 1, "long Cyrillic words are kept");
    }

    #[test]
    fn english_stems() {
        assert_eq!(t("services provided", Language::ENG), ["servic", "provid"]);
    }

    #[test]
    fn decomposed_text_is_one_word() {
        assert_eq!(t("Tu\u{308}rkmenistanyn\u{30c}", Language::TUK).len(), 1);
    }

    #[test]
    fn spans_point_at_words() {
        let toks = terms("Статья 12-1, «услуги»", Language::RUS);
        let (norm, _) = words("Статья 12-1, «услуги»");
        let w: Vec<&str> = toks.iter().map(|t| &norm[t.start..t.end]).collect();
        assert_eq!(w, ["Статья", "12", "1", "услуги"]);
    }

    #[test]
    fn folding() {
        assert_eq!(fold_ascii("çagalaryň"), "cagalaryn");
    }
}
