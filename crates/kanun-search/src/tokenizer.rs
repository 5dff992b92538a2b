//! Kanun's analysis (`kanun-analysis`) as tantivy tokenizers, so that the index and the query use the same
//! chain. Tokenizers are not stored in an index: [`register`] must run on every open.

use kanun_analysis::{Language, fold_ascii, lowercase, lowercase_into, stem, turkmen, words};
use tantivy::Index;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// What a tokenizer makes of each word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Lowercased and stemmed for a language.
    Stem(Language),
    /// Lowercased only (phrases, fuzzy and prefix queries).
    Exact,
    /// Turkmen, lowercased, first five letters.
    Prefix,
    /// Turkmen, lowercased, stemmed, letters folded to ASCII (for queries typed without diacritics).
    Fold,
}

impl Mode {
    /// The tokenizer's registered name.
    pub fn name(self) -> String {
        match self {
            Mode::Stem(l) => format!("kanun_stem_{l}"),
            Mode::Exact => "kanun_exact".into(),
            Mode::Prefix => "kanun_prefix".into(),
            Mode::Fold => "kanun_fold".into(),
        }
    }

    /// The term for one word, as this mode indexes it.
    pub fn term(self, word: &str) -> String {
        match self {
            Mode::Stem(l) => stem(&lowercase(word, l), l),
            Mode::Exact => lowercase(word, Language::ENG),
            Mode::Prefix => turkmen::prefix(&turkmen::lowercase(word), 5),
            Mode::Fold => fold_ascii(&turkmen::stem(&turkmen::lowercase(word))),
        }
    }

    /// [`term`](Self::term), written into `out` (cleared first); `scratch` is a buffer to reuse between words.
    fn write_term(self, word: &str, scratch: &mut String, out: &mut String) {
        out.clear();
        match self {
            Mode::Stem(l) => {
                scratch.clear();
                lowercase_into(word, l, scratch);
                cached_stem(scratch, l, out);
            }
            Mode::Exact => lowercase_into(word, Language::ENG, out),
            Mode::Prefix | Mode::Fold => out.push_str(&self.term(word)),
        }
    }

    /// The terms of a text in this mode.
    pub fn terms(self, text: &str) -> Vec<String> {
        let (norm, spans) = words(text);
        spans.into_iter().map(|(s, e)| self.term(&norm[s..e])).collect()
    }
}

/// The stems of the words met lately, per indexing thread and language: the words of laws repeat (a few
/// thousand make most of a text), and a look-up costs less than Snowball's suffix tables (a tenth of indexing).
/// Emptied when it holds [`STEM_CACHE_WORDS`] words.
const STEM_CACHE_WORDS: usize = 200_000;

/// Lowercased word → its stem, in one language.
type Stems = rustc_hash::FxHashMap<Box<str>, Box<str>>;

thread_local! {
    static STEMS: std::cell::RefCell<Vec<(Language, Stems)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Appends the stem of the lowercased `word` in `lang` to `out`.
fn cached_stem(word: &str, lang: Language, out: &mut String) {
    STEMS.with(|cell| {
        let mut caches = cell.borrow_mut();
        let at = match caches.iter().position(|(l, _)| *l == lang) {
            Some(at) => at,
            None => {
                caches.push((lang, rustc_hash::FxHashMap::default()));
                caches.len() - 1
            }
        };
        let cache = &mut caches[at].1;
        if let Some(s) = cache.get(word) {
            out.push_str(s);
            return;
        }
        let s = stem(word, lang);
        out.push_str(&s);
        if cache.len() >= STEM_CACHE_WORDS {
            cache.clear();
        }
        cache.insert(word.into(), s.into_boxed_str());
    })
}

/// The longest word indexed, in bytes (200 bytes is 100 Cyrillic letters: longer than any real word).
pub const MAX_WORD_BYTES: usize = 200;

/// A tokenizer for one [`Mode`].
#[derive(Debug, Clone)]
pub struct KanunTokenizer(pub Mode);

/// The tokens of one text, made one at a time in one reused token (a token's text is not allocated anew).
pub struct KanunTokenStream<'a> {
    /// The text as NFC (borrowed when it was NFC already).
    norm: std::borrow::Cow<'a, str>,
    /// The words' byte spans in `norm`.
    spans: std::vec::IntoIter<(usize, usize)>,
    /// Whether `norm` is the text given (then the offsets are offsets into it, as snippets need).
    same: bool,
    mode: Mode,
    /// The position of the next word indexed.
    position: usize,
    token: Token,
    scratch: String,
}

impl Tokenizer for KanunTokenizer {
    type TokenStream<'a> = KanunTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> KanunTokenStream<'a> {
        // Stored texts are already NFC (the corpus parser normalises them), so word offsets are offsets into
        // `text`, as snippets need.
        let (norm, spans) = words(text);
        let same = matches!(norm, std::borrow::Cow::Borrowed(_)) || norm == text;
        KanunTokenStream {
            norm,
            spans: spans.into_iter(),
            same,
            mode: self.0,
            position: 0,
            token: Token::default(),
            scratch: String::new(),
        }
    }
}

impl TokenStream for KanunTokenStream<'_> {
    fn advance(&mut self) -> bool {
        for (s, e) in self.spans.by_ref() {
            // A "word" longer than any real one (a pasted hash, a run of letters) is not indexed: tantivy limits
            // the length of a term, and such a token could only match itself.
            if e - s > MAX_WORD_BYTES {
                continue;
            }
            self.mode.write_term(&self.norm[s..e], &mut self.scratch, &mut self.token.text);
            self.token.offset_from = if self.same { s } else { 0 };
            self.token.offset_to = if self.same { e } else { 0 };
            self.token.position = self.position;
            self.token.position_length = 1;
            self.position += 1;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The languages with a stemmed field of their own.
pub const LANGUAGES: [Language; 4] = [Language::ENG, Language::RUS, Language::TUK, Language::DEU];

/// Registers every Kanun tokenizer on an index.
pub fn register(index: &Index) {
    let mut modes: Vec<Mode> = LANGUAGES.iter().map(|l| Mode::Stem(*l)).collect();
    modes.extend([Mode::Exact, Mode::Prefix, Mode::Fold]);
    for m in modes {
        index.tokenizers().register(&m.name(), TextAnalyzer::from(KanunTokenizer(m)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_gives_each_modes_terms_with_positions_and_offsets() {
        let long = "ж".repeat(MAX_WORD_BYTES);
        let texts = [
            "Статья 12. Социальные услуги ЁЛКИ и «жалобы».".to_string(),
            "Social services, provided under Article 5(2).".to_string(),
            "Maşgala we çagalary goramak: ýaşaýyş jaýy.".to_string(),
            format!("слово {long} после"),
            "е\u{308}ж decomposed".to_string(),
            String::new(),
        ];
        let modes =
            [Mode::Stem(Language::RUS), Mode::Stem(Language::ENG), Mode::Exact, Mode::Prefix, Mode::Fold];
        for text in &texts {
            for mode in modes {
                let mut t = KanunTokenizer(mode);
                let mut stream = t.token_stream(text);
                let mut got = Vec::new();
                while stream.advance() {
                    let tok = stream.token();
                    got.push((tok.text.clone(), tok.position, tok.offset_from, tok.offset_to));
                }
                let (norm, spans) = words(text);
                let same = *norm == **text;
                let want: Vec<(String, usize, usize, usize)> = spans
                    .into_iter()
                    .filter(|(s, e)| e - s <= MAX_WORD_BYTES)
                    .enumerate()
                    .map(|(i, (s, e))| {
                        (mode.term(&norm[s..e]), i, if same { s } else { 0 }, if same { e } else { 0 })
                    })
                    .collect();
                assert_eq!(got, want, "{mode:?} {text:?}");
            }
        }
    }
}
