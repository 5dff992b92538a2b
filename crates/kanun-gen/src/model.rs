//! What the generator learns from real text: a word-bigram chain (with commas and sentence ends), which words
//! carry content, the inflection paradigms of the language (suffix sets of the words that share a stem), and a
//! Zipf-ranked vocabulary made of the real lemmas followed by synthetic ones (stems from a character-trigram
//! model of the real stems, with a real paradigm each).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use kanun_model::Language;

use crate::GenError;
use kanun_model::rng::Rng;

/// The id of the end of a sentence in a successor list.
const END: u32 = u32::MAX;

/// How many of the most frequent words are never replaced (function words and the like).
const FUNCTION_WORDS: usize = 120;

/// The least text to learn from, in words.
pub const MIN_WORDS: usize = 2_000;

/// The exponent of the Zipf distribution over lemma ranks (1.0: the classic law).
const ZIPF_S: f64 = 1.0;

/// Words that name units of a law: left out of the chain, so that generated sentences never cite anything by
/// accident (the generator writes its citations itself, all resolvable).
const UNIT_WORDS: &[&str] = &[
    "article",
    "part",
    "point",
    "chapter",
    "section",
    "paragraph",
    "subparagraph",
    "preceding",
    "стат",
    "част",
    "пункт",
    "подпункт",
    "глав",
    "раздел",
    "абзац",
    "предыдущ",
    "madda",
    "bölek",
    "bölegi",
    "bölegin",
    "bent",
    "bap",
    "bölüm",
    "ýokarda",
];

/// One lemma of the generated vocabulary: a stem and the suffixes it takes.
#[derive(Debug, Clone)]
struct Lemma {
    stem: String,
    /// Index into [`Model::paradigms`].
    paradigm: usize,
}

/// Statistics of what was learned, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Learned {
    /// Words read.
    pub words: usize,
    /// Distinct word forms read.
    pub forms: usize,
    /// Distinct stems (real lemmas).
    pub real_lemmas: usize,
    /// Distinct inflection paradigms (suffix sets).
    pub paradigms: usize,
    /// Lemmas made up, after the real ones.
    pub synthetic_lemmas: usize,
}

/// The learned model of one language.
#[derive(Debug, Clone)]
pub struct Model {
    pub(crate) lang: Language,
    /// Token id → text (a word, or ",").
    tokens: Vec<String>,
    /// Token id → ids that followed it (repeated as often as they did); [`END`] for a sentence end.
    successors: Vec<Vec<u32>>,
    /// Ids that began a sentence (repeated).
    starts: Vec<u32>,
    /// Token id → whether a generated sentence may put a Zipf-drawn word in its place.
    content: Vec<bool>,
    /// Ids of the content words, for definitions' terms.
    content_ids: Vec<u32>,
    paradigms: Vec<Vec<String>>,
    lemmas: Vec<Lemma>,
    /// Cumulative Zipf weights over `lemmas`.
    cdf: Vec<f64>,
    learned: Learned,
}

/// A token while learning: a word, a comma, or a break (something left out: a number, a unit word, a quote).
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Comma,
    Break,
}

fn is_unit_word(lower: &str) -> bool {
    UNIT_WORDS.iter().any(|u| lower.starts_with(u))
}

fn is_roman(w: &str) -> bool {
    w.len() <= 5 && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
}

/// Splits text into sentences of tokens. Sentence ends: `. ; : ! ?` and line breaks.
fn sentences(text: &str, out: &mut Vec<Vec<Tok>>) {
    let chars: Vec<char> = text.chars().collect();
    let mut sentence: Vec<Tok> = Vec::new();
    let mut word = String::new();
    let mut tainted = false;
    let flush_word = |word: &mut String, tainted: &mut bool, sentence: &mut Vec<Tok>| {
        if !word.is_empty() {
            if *tainted || is_roman(word) {
                sentence.push(Tok::Break);
            } else {
                sentence.push(Tok::Word(std::mem::take(word)));
            }
        }
        word.clear();
        *tainted = false;
    };
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphabetic() || is_mark(c) {
            word.push(c);
        } else if c.is_numeric() {
            word.push(c);
            tainted = true;
        } else if matches!(c, '-' | '\'' | '’')
            && !word.is_empty()
            && chars.get(i + 1).is_some_and(|n| n.is_alphabetic())
        {
            word.push(c);
        } else {
            flush_word(&mut word, &mut tainted, &mut sentence);
            match c {
                ',' => sentence.push(Tok::Comma),
                '.' | ';' | ':' | '!' | '?' | '\n' => {
                    if !sentence.is_empty() {
                        out.push(std::mem::take(&mut sentence));
                    }
                }
                c if c.is_whitespace() => {}
                _ => sentence.push(Tok::Break),
            }
        }
    }
    flush_word(&mut word, &mut tainted, &mut sentence);
    if !sentence.is_empty() {
        out.push(sentence);
    }
}

fn is_mark(c: char) -> bool {
    // Combining marks (U+0300–U+036F) keep decomposed letters in one word.
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Uppercases the first letter.
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Model {
    /// Learns from `texts` (plain texts of articles in `lang`), and makes up `synthetic` lemmas beyond the real
    /// ones. Deterministic: the same texts in the same order give the same model.
    pub fn learn<'a>(
        lang: Language,
        texts: impl IntoIterator<Item = &'a str>,
        synthetic: usize,
    ) -> Result<Model, GenError> {
        let mut sents = Vec::new();
        for t in texts {
            sentences(t, &mut sents);
        }
        // Unit words become breaks; a word capitalised only because it begins a sentence is lowercased when
        // the lowercase form occurs inside sentences.
        let mut inside: HashSet<String> = HashSet::new();
        for s in &mut sents {
            for t in s.iter_mut() {
                if let Tok::Word(w) = t
                    && is_unit_word(&kanun_analysis::lowercase(w, lang))
                {
                    *t = Tok::Break;
                }
            }
            for t in s.iter().skip(1) {
                if let Tok::Word(w) = t {
                    inside.insert(w.clone());
                }
            }
        }
        for s in &mut sents {
            if let Some(Tok::Word(w)) = s.first_mut() {
                let lower = lowercase_first(w);
                if lower != *w && inside.contains(&lower) {
                    *w = lower;
                }
            }
        }
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut tokens: Vec<String> = Vec::new();
        let mut counts: Vec<usize> = Vec::new();
        let mut successors: Vec<Vec<u32>> = Vec::new();
        let mut starts = Vec::new();
        let mut words = 0;
        let mut id_of = |text: &str, tokens: &mut Vec<String>, successors: &mut Vec<Vec<u32>>| -> u32 {
            if let Some(&id) = ids.get(text) {
                return id;
            }
            let id = tokens.len() as u32;
            ids.insert(text.to_string(), id);
            tokens.push(text.to_string());
            successors.push(Vec::new());
            counts.push(0);
            id
        };
        let mut token_counts: Vec<usize> = Vec::new();
        for s in &sents {
            // Segments between breaks; commas never begin or end one.
            for seg in s.split(|t| *t == Tok::Break) {
                let seg: Vec<&Tok> = {
                    let mut v: Vec<&Tok> = seg.iter().collect();
                    while v.first().is_some_and(|t| **t == Tok::Comma) {
                        v.remove(0);
                    }
                    while v.last().is_some_and(|t| **t == Tok::Comma) {
                        v.pop();
                    }
                    v.dedup();
                    v
                };
                if seg.is_empty() {
                    continue;
                }
                let seg_ids: Vec<u32> = seg
                    .iter()
                    .map(|t| match t {
                        Tok::Word(w) => {
                            words += 1;
                            id_of(w, &mut tokens, &mut successors)
                        }
                        _ => id_of(",", &mut tokens, &mut successors),
                    })
                    .collect();
                token_counts.resize(tokens.len(), 0);
                for &i in &seg_ids {
                    token_counts[i as usize] += 1;
                }
                if seg_ids.len() >= 3 {
                    starts.push(seg_ids[0]);
                }
                for w in seg_ids.windows(2) {
                    successors[w[0] as usize].push(w[1]);
                }
                if let Some(&last) = seg_ids.last() {
                    successors[last as usize].push(END);
                }
            }
        }
        if words < MIN_WORDS || starts.is_empty() {
            return Err(GenError::TooLittleText { lang: lang.code().to_string(), words, needed: MIN_WORDS });
        }
        // Function words: the most frequent word tokens.
        let mut by_freq: Vec<u32> = (0..tokens.len() as u32).filter(|&i| tokens[i as usize] != ",").collect();
        by_freq.sort_by(|a, b| {
            token_counts[*b as usize]
                .cmp(&token_counts[*a as usize])
                .then(tokens[*a as usize].cmp(&tokens[*b as usize]))
        });
        let function: HashSet<u32> = by_freq.iter().take(FUNCTION_WORDS).copied().collect();
        let content: Vec<bool> = (0..tokens.len())
            .map(|i| {
                let t = &tokens[i];
                !function.contains(&(i as u32))
                    && t.chars().count() >= 4
                    && t.chars().next().is_some_and(char::is_lowercase)
            })
            .collect();
        let content_ids: Vec<u32> = (0..tokens.len() as u32).filter(|&i| content[i as usize]).collect();

        // Lemmas: word forms grouped by stem; the suffix sets are the paradigms.
        let mut groups: BTreeMap<String, (usize, BTreeSet<String>)> = BTreeMap::new();
        for (i, t) in tokens.iter().enumerate() {
            if !content[i] {
                continue;
            }
            let lower = kanun_analysis::lowercase(t, lang);
            let stem = kanun_analysis::stem(&lower, lang);
            if stem.chars().count() < 3 {
                continue;
            }
            if let Some(suffix) = lower.strip_prefix(stem.as_str()) {
                let g = groups.entry(stem).or_default();
                g.0 += token_counts[i];
                g.1.insert(suffix.to_string());
            }
        }
        let mut paradigm_ids: BTreeMap<Vec<String>, usize> = BTreeMap::new();
        let mut paradigms: Vec<Vec<String>> = Vec::new();
        let mut paradigm_uses: Vec<usize> = Vec::new();
        let mut real: Vec<(usize, String, usize)> = Vec::new();
        for (stem, (count, suffixes)) in &groups {
            let key: Vec<String> = suffixes.iter().cloned().collect();
            let p = *paradigm_ids.entry(key.clone()).or_insert_with(|| {
                paradigms.push(key);
                paradigm_uses.push(0);
                paradigms.len() - 1
            });
            paradigm_uses[p] += 1;
            real.push((*count, stem.clone(), p));
        }
        real.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut lemmas: Vec<Lemma> =
            real.iter().map(|(_, s, p)| Lemma { stem: s.clone(), paradigm: *p }).collect();
        let real_lemmas = lemmas.len();

        // Synthetic stems from a character-trigram model of the real ones, each with a real paradigm drawn by
        // how many real lemmas use it.
        let mut trigram: BTreeMap<(char, char), Vec<char>> = BTreeMap::new();
        for (_, stem, _) in &real {
            let cs: Vec<char> = std::iter::once('^')
                .chain(std::iter::once('^'))
                .chain(stem.chars())
                .chain(std::iter::once('$'))
                .collect();
            for w in cs.windows(3) {
                trigram.entry((w[0], w[1])).or_default().push(w[2]);
            }
        }
        let mut paradigm_cdf = Vec::with_capacity(paradigm_uses.len());
        let mut acc = 0usize;
        for u in &paradigm_uses {
            acc += u;
            paradigm_cdf.push(acc);
        }
        let mut taken: HashSet<String> = lemmas.iter().map(|l| l.stem.clone()).collect();
        let mut rng = Rng::new(0x4B41_4E55_4E00 ^ lang.code().bytes().fold(0u64, |h, b| h * 31 + b as u64));
        let mut attempts = 0usize;
        while lemmas.len() < real_lemmas + synthetic
            && attempts < synthetic * 50 + 1_000
            && !paradigms.is_empty()
        {
            attempts += 1;
            let mut stem = String::new();
            let (mut a, mut b) = ('^', '^');
            let mut len = 0;
            while let Some(next) = trigram.get(&(a, b)) {
                let c = next[rng.below(next.len())];
                if c == '$' || len > 11 {
                    break;
                }
                stem.push(c);
                len += 1;
                (a, b) = (b, c);
            }
            if !(4..=11).contains(&len) || taken.contains(&stem) {
                continue;
            }
            taken.insert(stem.clone());
            let pick = rng.below(acc.max(1));
            let p = paradigm_cdf.partition_point(|&c| c <= pick).min(paradigms.len() - 1);
            lemmas.push(Lemma { stem, paradigm: p });
        }
        let mut cdf = Vec::with_capacity(lemmas.len());
        let mut total = 0.0;
        for r in 0..lemmas.len() {
            total += 1.0 / ((r + 2) as f64).powf(ZIPF_S);
            cdf.push(total);
        }
        let learned = Learned {
            words,
            forms: tokens.len().saturating_sub(1),
            real_lemmas,
            paradigms: paradigms.len(),
            synthetic_lemmas: lemmas.len() - real_lemmas,
        };
        Ok(Model { lang, tokens, successors, starts, content, content_ids, paradigms, lemmas, cdf, learned })
    }

    /// What was learned.
    pub fn learned(&self) -> Learned {
        self.learned
    }

    /// The language.
    pub fn language(&self) -> Language {
        self.lang
    }

    /// A word drawn from the Zipf-ranked vocabulary, in one of its inflected forms.
    pub(crate) fn zipf_word(&self, rng: &mut Rng, out: &mut String) {
        if self.lemmas.is_empty() {
            return;
        }
        let total = self.cdf[self.cdf.len() - 1];
        let x = rng.unit() * total;
        let r = self.cdf.partition_point(|&c| c < x).min(self.lemmas.len() - 1);
        let lemma = &self.lemmas[r];
        let suffixes = &self.paradigms[lemma.paradigm];
        out.push_str(&lemma.stem);
        if !suffixes.is_empty() {
            out.push_str(&suffixes[rng.below(suffixes.len())]);
        }
    }

    /// Appends one sentence (no final punctuation) of `min..=max` words, first letter capitalised; `replace` is
    /// the chance that a content word is replaced by a Zipf-drawn one.
    pub(crate) fn sentence(&self, rng: &mut Rng, min: usize, max: usize, replace: f64, out: &mut String) {
        let begin = out.len();
        let mut id = self.starts[rng.below(self.starts.len())];
        let mut n = 0usize;
        loop {
            let tok = &self.tokens[id as usize];
            if tok == "," {
                if !out[begin..].ends_with(',') && n > 0 {
                    out.push(',');
                }
            } else {
                if n > 0 {
                    out.push(' ');
                }
                if self.content[id as usize] && rng.chance(replace) {
                    self.zipf_word(rng, out);
                } else {
                    out.push_str(tok);
                }
                n += 1;
            }
            let next = &self.successors[id as usize];
            let mut nid = next[rng.below(next.len())];
            if n >= max && tok != "," {
                break;
            }
            if nid == END {
                if n >= min {
                    break;
                }
                // Too short: go on with another clause.
                if !out[begin..].ends_with(',') {
                    out.push(',');
                }
                nid = self.starts[rng.below(self.starts.len())];
            }
            id = nid;
        }
        while out.ends_with(',') {
            out.pop();
        }
        let first = capitalize(&out[begin..]);
        out.truncate(begin);
        out.push_str(&first);
    }

    /// A short phrase (`min..=max` words, no commas) for a heading or a title, first letter capitalised.
    pub(crate) fn phrase(&self, rng: &mut Rng, min: usize, max: usize, out: &mut String) {
        for _ in 0..8 {
            let begin = out.len();
            let mut id = self.starts[rng.below(self.starts.len())];
            let mut n = 0;
            loop {
                let tok = &self.tokens[id as usize];
                if tok != "," {
                    if n > 0 {
                        out.push(' ');
                    }
                    if self.content[id as usize] && rng.chance(0.3) {
                        self.zipf_word(rng, out);
                    } else {
                        out.push_str(tok);
                    }
                    n += 1;
                }
                let next = &self.successors[id as usize];
                let nid = next[rng.below(next.len())];
                if n >= max || nid == END || (self.tokens[nid as usize] == "," && n >= min) {
                    break;
                }
                id = nid;
            }
            if n >= min {
                let first = capitalize(&out[begin..]);
                out.truncate(begin);
                out.push_str(&first);
                return;
            }
            out.truncate(begin);
        }
        // A rare fallback: content words drawn one by one.
        let begin = out.len();
        for i in 0..min {
            if i > 0 {
                out.push(' ');
            }
            self.zipf_word(rng, out);
        }
        let first = capitalize(&out[begin..]);
        out.truncate(begin);
        out.push_str(&first);
    }

    /// A defined term: a content word and up to two words that followed it, lowercase, no commas.
    pub(crate) fn term(&self, rng: &mut Rng, out: &mut String) {
        if self.content_ids.is_empty() {
            self.zipf_word(rng, out);
            return;
        }
        let mut id = self.content_ids[rng.below(self.content_ids.len())];
        let words = 1 + rng.below(3);
        for i in 0..words {
            if i > 0 {
                out.push(' ');
            }
            if rng.chance(0.5) {
                self.zipf_word(rng, out);
            } else {
                out.push_str(&self.tokens[id as usize]);
            }
            let next = &self.successors[id as usize];
            let nid = next[rng.below(next.len())];
            if nid == END || self.tokens[nid as usize] == "," {
                break;
            }
            id = nid;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_drop_numbers_and_split_at_stops() {
        let mut out = Vec::new();
        sentences("The provider, under Article 5, acts; it reports. Second line\nthird", &mut out);
        assert_eq!(out.len(), 4);
        assert_eq!(
            out[0],
            vec![
                Tok::Word("The".into()),
                Tok::Word("provider".into()),
                Tok::Comma,
                Tok::Word("under".into()),
                Tok::Word("Article".into()),
                Tok::Break,
                Tok::Comma,
                Tok::Word("acts".into())
            ]
        );
    }

    #[test]
    fn hyphenated_and_apostrophe_words_stay_whole() {
        let mut out = Vec::new();
        sentences("community-based ýa-da Türkmenistanyň 10-njy", &mut out);
        assert_eq!(
            out[0],
            vec![
                Tok::Word("community-based".into()),
                Tok::Word("ýa-da".into()),
                Tok::Word("Türkmenistanyň".into()),
                Tok::Break
            ]
        );
    }
}
