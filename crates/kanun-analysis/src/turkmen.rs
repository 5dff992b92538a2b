//! Turkmen: lowercasing for text typed on Turkmen or Turkish keyboards, and a light suffix stripper.
//!
//! No Snowball stemmer exists for Turkmen; the Turkish one conflates few Turkmen word pairs (Turkmen `y` is a
//! vowel, `ý` a consonant, `ň` and `ä` are not Turkish letters). The stripper removes, from the end of the word,
//! case endings (genitive `-(n)yň`, accusative `-(n)y`, dative `-(n)a/-ga/-ka`, locative `-(n)da/-ta`, ablative
//! `-(n)dan/-tan`, attributive `-(n)daky`), possessive (`-(s)y`, `-lary`) and plural (`-lar/-ler`) suffixes, both
//! vowel-harmony variants, as long as three letters of stem remain; then it undoes the voicing of a final
//! consonant before a vowel (`hukugy` → `hukuk`, `mekdebe` → `mekdep`, `talaby` → `talap`). The comparison with
//! the alternatives is measured in `tests/turkmen_stemmers.rs` and reported in `docs/search.md`.

/// Lowercases Turkmen: `İ` and `I` → `i`, Turkish dotless `ı` → `y` (the Turkmen back vowel), a combining dot
/// above dropped.
pub fn lowercase(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '\u{307}' => {}
            'İ' | 'I' => out.push('i'),
            'ı' => out.push('y'),
            other => out.extend(other.to_lowercase()),
        }
    }
    out
}

/// Suffixes, both vowel-harmony variants. Turkmen writes the locative and ablative with `d` after every sound
/// (`mekdepde`, `hyzmatdan`), so there are no `t` variants; the `n` variants follow a vowel (`çaganyň`,
/// `maddasynda`).
const SUFFIXES: &[&str] = &[
    // attributive locative
    "ndaky", "ndäki", "daky", "däki", // ablative
    "ndan", "nden", "dan", "den", // genitive
    "nyň", "niň", "nuň", "nüň", "yň", "iň", "uň", "üň", // locative
    "nda", "nde", "da", "de", // dative
    "na", "ne", "a", "e", "ä", // possessive (3rd person) and accusative
    "lary", "leri", "ny", "ni", "sy", "si", "y", "i", "u", "ü", // plural
    "lar", "ler",
];

const VOWELS: &[char] = &['a', 'e', 'ä', 'i', 'o', 'ö', 'u', 'ü', 'y'];

/// The shortest stem the stripper leaves, in letters.
const MIN_STEM: usize = 3;

/// Stems a lowercased Turkmen word.
///
/// Without a lexicon, `kanun+da` and `kanu+nda` look alike; so a final `n` after a vowel is stripped like a
/// suffix, which keeps every form of a word on one stem (`kanun`, `kanunda`, `kanunyň` → `kan`) at the price of
/// shorter stems.
pub fn stem(word: &str) -> String {
    let mut s: Vec<char> = word.chars().collect();
    if s.iter().any(|c| c.is_ascii_digit()) {
        return word.to_string();
    }
    // Suffixes stack (stem + plural + possessive + case): strip, longest first, while a stem remains.
    for _ in 0..6 {
        let longest = SUFFIXES
            .iter()
            .map(|x| x.chars().collect::<Vec<_>>())
            .filter(|x| s.len() >= x.len() + MIN_STEM && s.ends_with(x))
            .max_by_key(Vec::len);
        match longest {
            Some(x) => s.truncate(s.len() - x.len()),
            None if s.len() > MIN_STEM && s.ends_with(&['n']) && VOWELS.contains(&s[s.len() - 2]) => {
                s.pop();
            }
            None => break,
        }
    }
    if let Some(last) = s.last_mut() {
        *last = match *last {
            'b' => 'p',
            'd' => 't',
            'g' => 'k',
            'j' => 'ç',
            other => other,
        };
    }
    s.into_iter().collect()
}

/// The first `n` letters: a cheap stemmer that the measurement uses as a baseline and the index as a recall net.
pub fn prefix(word: &str, n: usize) -> String {
    word.chars().take(n).collect()
}

/// Turkmen spelling mapped to Turkish letters (`y` → `ı`, `ý` → `y`, `ä` → `e`, `ň` → `n`, `ž` → `j`, `j` → `c`,
/// `w` → `v`), so that the Turkish Snowball stemmer can be tried on Turkmen words.
pub fn to_turkish_spelling(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'y' => 'ı',
            'ý' => 'y',
            'ä' => 'e',
            'ň' => 'n',
            'ž' => 'j',
            'j' => 'c',
            'w' => 'v',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_stacked_suffixes_and_devoices() {
        for (form, stem_) in [
            ("hyzmatlaryň", "hyzmat"),
            ("hyzmatlar", "hyzmat"),
            ("hyzmata", "hyzmat"),
            ("hyzmatda", "hyzmat"),
            ("hukuklarynyň", "hukuk"),
            ("hukugy", "hukuk"),
            ("mekdebe", "mekdep"),
            ("böleginiň", "bölek"),
            ("şahsyň", "şahs"),
            ("kanundaky", "kan"),
            ("kanun", "kan"),
            ("maddasynyň", "mat"),
            ("çaganyň", "çak"),
        ] {
            assert_eq!(stem(form), stem_, "{form}");
        }
        assert_eq!(stem("12"), "12");
        assert_eq!(stem("ene"), "ene", "three letters of stem remain");
    }

    #[test]
    fn turkish_keyboard_letters() {
        assert_eq!(lowercase("İŞGÄR"), "işgär");
        assert_eq!(lowercase("hyzmatları"), "hyzmatlary");
        assert_eq!(lowercase("i\u{307}ş"), "iş");
    }
}
