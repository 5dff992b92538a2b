//! Kanun's analysis (`kanun-analysis`) as tantivy tokenizers, so that the index and the query use the same
//! chain. Tokenizers are not stored in an index: [`register`] must run on every open.

use kanun_analysis::{Language, fold_ascii, lowercase, stem, turkmen, words};
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

    /// The terms of a text in this mode.
    pub fn terms(self, text: &str) -> Vec<String> {
        let (norm, spans) = words(text);
        spans.into_iter().map(|(s, e)| self.term(&norm[s..e])).collect()
    }
}

/// The longest word indexed, in bytes (200 bytes is 100 Cyrillic letters: longer than any real word).
pub const MAX_WORD_BYTES: usize = 200;

/// A tokenizer for one [`Mode`].
#[derive(Debug, Clone)]
pub struct KanunTokenizer(pub Mode);

/// The tokens of one text.
pub struct KanunTokenStream {
    tokens: Vec<Token>,
    next: usize,
    /// Returned if `token()` is called on an empty stream, which tantivy does not do.
    empty: Token,
}

impl Tokenizer for KanunTokenizer {
    type TokenStream<'a> = KanunTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> KanunTokenStream {
        // Stored texts are already NFC (the corpus parser normalises them), so word offsets are offsets into
        // `text`, as snippets need.
        let (norm, spans) = words(text);
        let same = norm == text;
        // A "word" longer than any real one (a pasted hash, a run of letters) is not indexed: tantivy limits the
        // length of a term, and such a token could only match itself.
        let tokens = spans
            .into_iter()
            .filter(|(s, e)| e - s <= MAX_WORD_BYTES)
            .enumerate()
            .map(|(position, (s, e))| Token {
                offset_from: if same { s } else { 0 },
                offset_to: if same { e } else { 0 },
                position,
                text: self.0.term(&norm[s..e]),
                position_length: 1,
            })
            .collect();
        KanunTokenStream { tokens, next: 0, empty: Token::default() }
    }
}

impl TokenStream for KanunTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        self.tokens.get(self.next.saturating_sub(1)).unwrap_or(&self.empty)
    }

    fn token_mut(&mut self) -> &mut Token {
        let i = self.next.saturating_sub(1);
        match self.tokens.get_mut(i) {
            Some(t) => t,
            None => &mut self.empty,
        }
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
