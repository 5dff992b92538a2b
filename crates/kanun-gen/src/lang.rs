//! How a law is written in each language: titles, headings, the definitions and final articles, and the
//! citation phrases (in the forms the citation grammar of `kanun-refs` reads, so that every one resolves).

use std::fmt::Write as _;

use kanun_model::Language;

/// The fixed wording of one language.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Templates {
    lang: &'static str,
    pub definitions_heading: &'static str,
    pub definitions_intro: &'static str,
    pub final_heading: &'static str,
    pub final_text: &'static str,
    pub general_heading: &'static str,
    pub final_chapter: &'static str,
}

const ENG: Templates = Templates {
    lang: "eng",
    definitions_heading: "Basic concepts",
    definitions_intro: "For the purposes of this Law the following basic concepts are used:",
    final_heading: "Entry into force of this Law",
    final_text: "This Law enters into force on the day of its official publication.",
    general_heading: "General provisions",
    final_chapter: "Final provisions",
};

const RUS: Templates = Templates {
    lang: "rus",
    definitions_heading: "Основные понятия",
    definitions_intro: "Для целей настоящего Закона используются следующие основные понятия:",
    final_heading: "Вступление в силу настоящего Закона",
    final_text: "Настоящий Закон вступает в силу со дня его официального опубликования.",
    general_heading: "Общие положения",
    final_chapter: "Заключительные положения",
};

const TUK: Templates = Templates {
    lang: "tuk",
    definitions_heading: "Esasy düşünjeler",
    definitions_intro: "Şu Kanunda aşakdaky esasy düşünjeler ulanylýar:",
    final_heading: "Şu Kanunyň güýje girmegi",
    final_text: "Şu Kanun resmi taýdan çap edilen gününden güýje girýär.",
    general_heading: "Umumy düzgünler",
    final_chapter: "Jemleýji düzgünler",
};

/// The Turkmen ordinal suffix of a number (`1-nji`, `6-njy`, `10-njy`, `20-nji`), by the vowel of its last
/// spoken word.
pub(crate) fn tuk_ordinal(n: u32) -> &'static str {
    let units = n % 10;
    let tens = n / 10 % 10;
    if units != 0 {
        return if matches!(units, 6 | 9) { "njy" } else { "nji" };
    }
    if tens != 0 {
        return if matches!(tens, 1 | 3 | 4 | 6 | 9) { "njy" } else { "nji" };
    }
    // ýüz (100), müň (1000)
    "nji"
}

fn roman(mut n: u32) -> String {
    let table = [
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
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

impl Templates {
    /// The templates of a language, if the generator writes it.
    pub fn of(lang: Language) -> Option<Templates> {
        match lang.code() {
            "eng" => Some(ENG),
            "rus" => Some(RUS),
            "tuk" => Some(TUK),
            _ => None,
        }
    }

    /// The English templates.
    pub fn english() -> Templates {
        ENG
    }

    /// The title in the front matter.
    pub fn front_title(&self, topic: &str) -> String {
        match self.lang {
            "rus" => format!("О {}", lowercase_first(topic)),
            "tuk" => format!("{topic} hakynda"),
            _ => format!("On {topic}"),
        }
    }

    /// The document heading.
    pub fn heading_title(&self, topic: &str) -> String {
        match self.lang {
            "rus" => format!("Закон Туркменистана «О {}»", lowercase_first(topic)),
            "tuk" => format!("Türkmenistanyň «{topic} hakynda» Kanuny"),
            _ => format!("Law of Turkmenistan \"On {topic}\""),
        }
    }

    /// A chapter heading.
    pub fn chapter(&self, n: u32, heading: &str) -> String {
        match self.lang {
            "rus" => format!("Глава {}. {heading}", roman(n)),
            "tuk" => format!("{} bap. {heading}", roman(n)),
            _ => format!("Chapter {}. {heading}", roman(n)),
        }
    }

    /// An article heading.
    pub fn article(&self, n: u32, heading: &str) -> String {
        match self.lang {
            "rus" => format!("Статья {n}. {heading}"),
            "tuk" => format!("{n}-{} madda. {heading}", tuk_ordinal(n)),
            _ => format!("Article {n}. {heading}"),
        }
    }

    /// Appends a citation of article `k` of this law.
    pub fn cite_article(&self, k: u32, out: &mut String) {
        let _ = match self.lang {
            "rus" => write!(out, " в соответствии со статьёй {k} настоящего Закона"),
            "tuk" => write!(out, " şu Kanunyň {k}-{} maddasyna laýyklykda", tuk_ordinal(k)),
            _ => write!(out, " in accordance with Article {k} of this Law"),
        };
    }

    /// Appends a citation of part `j` of article `k` of this law.
    pub fn cite_part(&self, j: u32, k: u32, out: &mut String) {
        let _ = match self.lang {
            "rus" => write!(out, ", как это предусмотрено частью {j} статьи {k} настоящего Закона"),
            "tuk" => write!(
                out,
                ", şu Kanunyň {k}-{} maddasynyň {j}-{} böleginde göz öňünde tutulyşy ýaly",
                tuk_ordinal(k),
                tuk_ordinal(j)
            ),
            _ => write!(out, ", as provided for in part {j} of Article {k} of this Law"),
        };
    }

    /// Appends a citation of part `j` of the article being written.
    pub fn cite_own_part(&self, j: u32, out: &mut String) {
        let _ = match self.lang {
            "rus" => write!(out, " с учётом части {j} настоящей статьи"),
            "tuk" => write!(out, " şu maddanyň {j}-{} bölegini hasaba almak bilen", tuk_ordinal(j)),
            _ => write!(out, " subject to part {j} of this Article"),
        };
    }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turkmen_ordinals_follow_the_last_spoken_word() {
        // As the sample corpus writes them.
        for (n, s) in [(1, "nji"), (3, "nji"), (6, "njy"), (9, "njy"), (10, "njy"), (20, "nji"), (21, "nji")]
        {
            assert_eq!(tuk_ordinal(n), s, "{n}");
        }
        assert_eq!(tuk_ordinal(30), "njy");
        assert_eq!(tuk_ordinal(100), "nji");
        assert_eq!(roman(14), "XIV");
        assert_eq!(roman(49), "XLIX");
    }
}
