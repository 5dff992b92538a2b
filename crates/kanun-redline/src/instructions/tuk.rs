//! Turkmen drafting style: «5-nji maddasynyň 2-nji böleginde «…» sözlerini «…» sözleri bilen çalyşmaly»,
//! «7-nji maddasyny güýjüni ýitiren diýip hasap etmeli», «… şu mazmunly 12-1-nji maddany goşmaly».
//!
//! References are written as in the list of changes of an amending law, where each item continues «Kanuna
//! aşakdaky üýtgetmeleri girizmeli»: the nouns carry the possessive of the law (`maddasy`, its article), the
//! outer levels come first in the genitive, and numbers are ordinals whose suffix follows the vowel harmony of
//! the numeral as spoken (`5-nji` bäş, `6-njy` alty, `10-njy` on, `20-nji` ýigrimi).

use kanun_model::Language;

use super::phrasebook::{Chain, Phrasebook, Phrases, Unit};

/// `5` → `5-nji`, `6` → `6-njy`, `12-1` → `12-1-nji`; a letter is written with its bracket (`b` → `b)`).
pub fn ordinal(id: &str) -> String {
    let digits: String =
        id.chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
    let Ok(n) = digits.parse::<u64>() else { return format!("{id})") };
    // The last spoken word of the numeral decides: back vowels (a, o, u, y) take -njy, front ones -nji.
    const UNITS: [bool; 10] = [false, false, false, false, false, false, true, false, false, true];
    const TENS: [bool; 10] = [false, true, false, true, true, false, true, false, false, true];
    let back = if n % 10 != 0 {
        UNITS[(n % 10) as usize]
    } else if n % 100 != 0 {
        TENS[((n / 10) % 10) as usize]
    } else {
        // ýüz (hundred) and müň (thousand) take -nji; million takes -njy.
        n % 1_000_000 == 0 && n > 0
    };
    format!("{id}-{}", if back { "njy" } else { "nji" })
}

fn unordinal(s: &str) -> Option<&str> {
    s.strip_suffix("-nji").or_else(|| s.strip_suffix("-njy")).or_else(|| s.strip_suffix(')'))
}

/// The Turkmen phrasebook. Nouns (with the possessive) by case: nominative, accusative, genitive, locative,
/// and nominative again where a template would ask for the instrumental (none does), ablative.
pub(crate) const TUK: Phrasebook = Phrasebook {
    language: Language::TUK,
    quotes: ("«", "»"),
    chain: Chain::OuterFirst,
    number: ordinal,
    unnumber: unordinal,
    nouns: &[
        (Unit::Article, ["maddasy", "maddasyny", "maddasynyň", "maddasynda", "maddasy", "maddasyndan"]),
        (Unit::Part, ["bölegi", "bölegini", "böleginiň", "böleginde", "bölegi", "böleginden"]),
        (Unit::Point, ["bendi", "bendini", "bendiniň", "bendinde", "bendi", "bendinden"]),
        (
            Unit::Subpoint,
            ["kiçi bendi", "kiçi bendini", "kiçi bendiniň", "kiçi bendinde", "kiçi bendi", "kiçi bendinden"],
        ),
        (Unit::Chapter, ["baby", "babyny", "babynyň", "babynda", "baby", "babyndan"]),
        (Unit::Section, ["bölümi", "bölümini", "bölüminiň", "bölüminde", "bölümi", "bölüminden"]),
        (
            Unit::Subsection,
            ["bölümçesi", "bölümçesini", "bölümçesiniň", "bölümçesinde", "bölümçesi", "bölümçesinden"],
        ),
        (
            Unit::Subchapter,
            ["paragrafy", "paragrafyny", "paragrafynyň", "paragrafynda", "paragrafy", "paragrafyndan"],
        ),
        (Unit::Book, ["kitaby", "kitabyny", "kitabynyň", "kitabynda", "kitaby", "kitabyndan"]),
    ],
    phrases: Phrases {
        title: "Adyny şu redaksiýada beýan etmeli:",
        preamble: "Preambulasyny şu redaksiýada beýan etmeli:",
        replace_words: "{at.loc} «{old}» sözlerini «{new}» sözleri bilen çalyşmaly.",
        delete_words: "{at.loc} «{old}» sözlerini aýyrmaly.",
        insert_words: "{at.loc} «{after}» sözlerinden soň «{new}» sözlerini goşmaly.",
        reword: "{at.acc} şu redaksiýada beýan etmeli:",
        insert_unit: "{sibling.abl} soň şu mazmunly tekst goşmaly:",
        repeal: "{at.acc} güýjüni ýitiren diýip hasap etmeli.",
        delete: "{at.acc} aýyrmaly.",
        renumber_one: "{from} maddasyny {into} madda diýip hasap etmeli.",
        renumber_many: "{from} maddalaryny degişlilikde {into} maddalar diýip hasap etmeli.",
        move_article: "{article.acc} {place} ýerleşdirmeli.",
        insert_article: "{place} şu mazmunly {num} maddany goşmaly:",
        after: "{e.abl} soň",
        before: "{e.abl} öň",
        start_of: "{e.gen} başynda",
        start: "Kanunyň başynda",
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_follow_the_vowel_of_the_spoken_numeral() {
        let cases = [
            ("1", "1-nji"),       // bir
            ("3", "3-nji"),       // üç
            ("6", "6-njy"),       // alty
            ("9", "9-njy"),       // dokuz
            ("10", "10-njy"),     // on
            ("16", "16-njy"),     // on alty
            ("20", "20-nji"),     // ýigrimi
            ("30", "30-njy"),     // otuz
            ("40", "40-njy"),     // kyrk
            ("50", "50-nji"),     // elli
            ("60", "60-njy"),     // altmyş
            ("70", "70-nji"),     // ýetmiş
            ("80", "80-nji"),     // segsen
            ("90", "90-njy"),     // togsan
            ("100", "100-nji"),   // ýüz
            ("1000", "1000-nji"), // müň
            ("12-1", "12-1-nji"),
            ("b", "b)"),
        ];
        for (id, want) in cases {
            assert_eq!(ordinal(id), want);
            assert_eq!(unordinal(want), Some(id));
        }
        assert_eq!(unordinal("5"), None);
    }
}
