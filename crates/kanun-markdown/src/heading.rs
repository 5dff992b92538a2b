//! Heading recognition: which headings open a container (part, section, chapter …) or an article, in English,
//! Russian, Turkmen and German, and what their numbers and titles are.

use std::sync::LazyLock;

use kanun_model::Kind;
use kanun_model::eid::{num_id, number_word_value, roman_value};
use regex::Regex;

/// What a heading is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HeadingClass {
    /// A container heading: `Chapter II. General provisions`.
    Container { kind: Kind, raw: String, id: String, title: Option<String> },
    /// An article heading: `Article 12-1. Complaints`.
    Article { raw: String, id: String, title: Option<String>, repealed: bool },
    /// A heading that starts like an article (`Article`, `Статья`, `§`) but has no number that can be read.
    BadArticle,
    /// A known heading of the opening or closing formula: `Preamble`, `Eingangsformel`.
    Formula,
    /// Anything else.
    Other,
}

/// An article number: `12`, `12-1`, `12.3`, `12a`; the letter ends the word (`§1Bun` is no article 1b "un").
/// An inserted article is written with a superscript (`39¹`), a hyphen (`12-1`) or a dot (`12.1`).
const NUM: &str = r"\d+(?:[-.]\d+)*(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[-.][⁰¹²³⁴⁵⁶⁷⁸⁹]+)*(?:[-.]\d+)*|[a-zа-я]?\b)";

static ARTICLE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?i)((?:article|artikel|статья|madda)\s+(?P<n1>{NUM})|(?:art\.?|ст\.)\s*(?P<n2>{NUM})|§\s*(?P<n3>{NUM}))(?P<rest>.*)$"
    ))
    .expect("static regex")
});

static ARTICLE_TUK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?i)((?P<n>{NUM})\s*-?\s*(?:nji|njy|inji|ynjy|unjy|ünji|njı)\s+madda)(?P<rest>.*)$"
    ))
    .expect("static regex")
});

static CONTAINER_WORD_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)((?P<w>book|part|section|subsection|chapter|subchapter|книга|часть|раздел|подраздел|глава|параграф|kitap|bölek|bölüm|bap|buch|teil|hauptstück|abschnitt|unterabschnitt|kapitel|titel)\s+(?P<n>[^\s.:\-–—]+(?:[-.]\d+)*(?:\s[a-z]\b)?))(?P<rest>.*)$")
        .expect("static regex")
});

static CONTAINER_NUM_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)((?P<n>[^\s.:\-–—]+(?:-(?:nji|njy|inji|ynjy|unjy|ünji))?)\.?\s+(?P<w>book|part|section|subsection|chapter|subchapter|книга|часть|раздел|подраздел|глава|kitap|bölek|bölüm|bap|buch|teil|hauptstück|abschnitt|unterabschnitt|kapitel|titel))(?P<rest>.*)$")
        .expect("static regex")
});

static BARE_ROMAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<n>[IVXLC]+(?:\s?[a-z])?)\.?(?P<rest>(?:\s*[-–—:.]\s*|\s+).*)?$").expect("static regex")
});

static BAD_ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)(article|artikel|статья|madda|art\.|§)(\s|$)").expect("static regex"));

static TUK_ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)(\d+)-?(?:nji|njy|inji|ynjy|unjy|ünji)$").expect("static regex"));

/// The kinds of provision a repeal phrase may name first ("Статья утратила силу").
const REPEAL_LEVELS: &str = "статья|часть|пункт|подпункт|абзац|глава|раздел|подраздел|параграф|подпараграф|article|part|point|paragraph|subparagraph|section|chapter|madda|bent|bölek|bap";

/// A repeal stub: the phrase, optionally after the kind of provision ("Статья утратила силу", "Part repealed")
/// and before the repealing act ("- Федеральный закон от 20.03.2011 № 41-ФЗ", "by Law No. 5"), in brackets
/// or not: `(repealed)`, `Утратила силу.`, `(weggefallen)`, `(Пункт утратил силу - Федеральный закон от …)`.
static REPEAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix)^\(?\s*
        (?:(?:{REPEAL_LEVELS})\s+)?
        (?:repealed|deleted|утратила?\s+силу|утратило\s+силу|утратили\s+силу|исключена?|исключено|güýjüni\s+ýitirdi|weggefallen|aufgehoben)
        \s*\.?
        (?:\s*(?:[-–—:,]\s*|\bby\s+)?(?P<by>(?:федеральн|закон|указ|постановлени|law|act|decree|gesetz|kanun|karar)[^()]*(?:\([^()]*\)[^()]*)*?))?
        \s*\)?\s*[.;]?$",
    ))
    .expect("static regex")
});

/// How every text [`REPEAL`] matches begins (its start, each phrase cut to the letters all its forms share): text
/// that does not begin so is no repeal phrase, found by a search that stops at the first letters that differ.
/// [`REPEAL`] itself, anchored at both ends, went over every paragraph's first line (1.4% of `kanun index`).
static REPEAL_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\(?\s*(?:(?:{REPEAL_LEVELS})\s+)?(?:repealed|deleted|утратил|исключен|güýjüni|weggefallen|aufgehoben)"
    ))
    .expect("static regex")
});

/// Whether the text is a repeal phrase: `(repealed)`, `Утратила силу.`, `(weggefallen)`, `(Статья утратила силу -
/// Федеральный закон от …)`.
pub(crate) fn is_repeal_phrase(text: &str) -> bool {
    repeal_of(text).is_some()
}

/// The repealing act of a repeal phrase: `Some(None)` for a phrase that names none, `Some(Some(act))` for one
/// that does, `None` for text that is no repeal phrase.
pub(crate) fn repeal_of(text: &str) -> Option<Option<String>> {
    let t = text.trim();
    // Only a text in brackets may have notes before the phrase (below); any other must begin as the phrase does.
    if !t.starts_with('(') && !REPEAL_START.is_match(t) {
        return None;
    }
    // Notes on earlier amendments may come first: «(Дополнение статьей - … ) (Утратила силу - …)».
    let mut t = t;
    while t.starts_with('(') && !REPEAL.is_match(t) {
        let close = t.find(')')?;
        let rest = t[close + 1..].trim_start();
        if rest.is_empty() || !rest.starts_with('(') {
            return None;
        }
        t = rest;
    }
    let c = REPEAL.captures(t)?;
    Some(
        c.name("by")
            .map(|m| m.as_str().trim().trim_end_matches([')', '.', ';']).trim().to_string())
            .filter(|s| !s.is_empty()),
    )
}

fn container_kind(word: &str) -> Option<Kind> {
    Some(match word.to_lowercase().as_str() {
        "book" | "книга" | "kitap" | "buch" => Kind::Book,
        // Austrian codes divide into Hauptstücke as German ones into Teile.
        "part" | "часть" | "bölek" | "teil" | "hauptstück" => Kind::Part,
        "section" | "раздел" | "bölüm" | "abschnitt" => Kind::Section,
        "subsection" | "подраздел" | "unterabschnitt" => Kind::Subsection,
        "chapter" | "глава" | "bap" | "kapitel" => Kind::Chapter,
        "subchapter" | "параграф" | "titel" => Kind::Subchapter,
        _ => return None,
    })
}

/// The eId component of a container number: Arabic as is, Roman and number words as Arabic, a letter suffix
/// kept (`IV a` → `4a`).
fn container_num(token: &str) -> Option<String> {
    let t = token.trim().trim_end_matches('.');
    // An inserted container: `8-1`, `III-1`, `V⁷`, `2¹`: the base number's id and the insertion indexes.
    let split = t
        .char_indices()
        .find(|&(i, c)| {
            i > 0
                && (kanun_model::eid::superscript_digit(c).is_some()
                    || (matches!(c, '-' | '.') && t[i + 1..].starts_with(|d: char| d.is_ascii_digit())))
        })
        .map(|(i, _)| i);
    if let Some(i) = split
        && !t[..i].chars().all(|c| c.is_ascii_digit())
    {
        let base = container_num(&t[..i])?;
        let tail = num_id(&t[i..]);
        let tail = tail.trim_start_matches('-');
        return (!tail.is_empty()).then(|| format!("{base}-{tail}"));
    }
    if let Some(c) = TUK_ORDINAL.captures(t) {
        return Some(c[1].to_string());
    }
    let (body, suffix) = match t.rsplit_once(' ') {
        Some((b, s)) if s.len() == 1 => (b, s.to_lowercase()),
        _ => match t.char_indices().last() {
            Some((i, c))
                if c.is_ascii_lowercase() && i > 0 && t[..i].chars().all(|d| d.is_ascii_uppercase()) =>
            {
                (&t[..i], c.to_string())
            }
            _ => (t, String::new()),
        },
    };
    if !body.is_empty() && body.chars().all(|c| c.is_ascii_digit()) {
        return Some(format!("{body}{suffix}"));
    }
    if t.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        let id = num_id(t);
        return (!id.is_empty()).then_some(id);
    }
    if body.chars().all(|c| c.is_ascii_uppercase()) || body.chars().all(|c| c.is_ascii_lowercase()) {
        if let Some(v) = roman_value(body) {
            return Some(format!("{v}{suffix}"));
        }
    }
    number_word_value(t).map(|v| v.to_string())
}

fn title_of(rest: &str) -> Option<String> {
    let t = rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ':' | '-' | '–' | '—'));
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Classifies a heading's text (already whitespace-normalised).
pub(crate) fn classify(text: &str) -> HeadingClass {
    if let Some(c) = ARTICLE_WORD.captures(text).or_else(|| ARTICLE_TUK.captures(text)) {
        let n = c.name("n1").or(c.name("n2")).or(c.name("n3")).or(c.name("n")).map_or("", |m| m.as_str());
        let title = title_of(c.name("rest").map_or("", |m| m.as_str()));
        // The repeal phrase stays the title as written, so that rendering gives back the same words.
        let repealed = title.as_deref().is_some_and(is_repeal_phrase);
        return HeadingClass::Article { raw: c[1].trim().to_string(), id: num_id(n), title, repealed };
    }
    for re in [&*CONTAINER_WORD_FIRST, &*CONTAINER_NUM_FIRST] {
        if let Some(c) = re.captures(text)
            && let Some(kind) = container_kind(&c["w"])
            && let Some(id) = container_num(&c["n"])
        {
            let rest = c.name("rest").map_or("", |m| m.as_str());
            if rest.is_empty() || rest.starts_with(|ch: char| ch.is_whitespace() || ".:-–—".contains(ch))
            {
                return HeadingClass::Container {
                    kind,
                    raw: c[1].trim().trim_end_matches('.').to_string(),
                    id,
                    title: title_of(rest),
                };
            }
        }
    }
    if let Some(c) = BARE_ROMAN.captures(text)
        && let Some(id) = container_num(&c["n"])
    {
        return HeadingClass::Container {
            kind: Kind::Chapter,
            raw: c["n"].to_string(),
            id,
            title: title_of(c.name("rest").map_or("", |m| m.as_str())),
        };
    }
    if BAD_ARTICLE.is_match(text) {
        return HeadingClass::BadArticle;
    }
    let lower = text.to_lowercase();
    let formula =
        ["preamble", "преамбула", "präambel", "eingangsformel", "schlussformel", "giriş", "inhaltsübersicht"];
    if formula.iter().any(|f| lower.trim_end_matches('.') == *f) {
        return HeadingClass::Formula;
    }
    HeadingClass::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(t: &str) -> (String, String, Option<String>, bool) {
        match classify(t) {
            HeadingClass::Article { raw, id, title, repealed } => (raw, id, title, repealed),
            other => panic!("{t}: {other:?}"),
        }
    }

    fn cont(t: &str) -> (Kind, String, String, Option<String>) {
        match classify(t) {
            HeadingClass::Container { kind, raw, id, title } => (kind, raw, id, title),
            other => panic!("{t}: {other:?}"),
        }
    }

    #[test]
    fn articles_in_every_language() {
        assert_eq!(
            art("Article 1. Basic concepts"),
            ("Article 1".into(), "1".into(), Some("Basic concepts".into()), false)
        );
        assert_eq!(art("Статья 12-1. Жалобы").1, "12-1");
        assert_eq!(art("12-nji madda. Şikaýatlar").1, "12");
        assert_eq!(art("12-1-nji madda. Şikaýatlar").1, "12-1");
        assert_eq!(art("6-njy madda").2, None);
        assert_eq!(art("Madda 7. Maksat").1, "7");
        assert_eq!(art("§ 12a Barrierefreie Informationstechnik").1, "12a");
        assert_eq!(art("§ 1 Ziel und Verantwortung").2.as_deref(), Some("Ziel und Verantwortung"));
        assert_eq!(art("Art 143a").1, "143a");
        assert_eq!(art("Article 14").0, "Article 14");
        assert!(art("Article 20. (repealed)").3);
        assert!(art("Статья 20. Утратила силу.").3);
        assert!(art("20-nji madda. (güýjüni ýitirdi)").3);
        assert!(art("§ 5 (weggefallen)").3);
        // A letter after the number ends the word, or it is no number: found by fuzzing the text import.
        assert!(!matches!(classify("§1Bun"), HeadingClass::Article { .. }));
        assert_eq!(art("Статья 5а. Опека").1, "5a");
        // Inserted articles: superscript, hyphen and dot notation.
        assert_eq!(art("Статья 39¹. Сроки").1, "39-1");
        assert_eq!(art("Статья 39¹. Сроки").2.as_deref(), Some("Сроки"));
        assert_eq!(art("Статья 12¹⁰").1, "12-10");
        // An article inserted after an inserted one: 55⁵⁻¹ written with a hyphen inside the superscript.
        assert_eq!(art("Статья 55⁵-¹. Особенности").1, "55-5-1");
        assert_eq!(art("Статья 19.1. Сроки").1, "19-1");
        let stub = "Статья 41. (Утратила силу - Федеральный закон от 30.06.2006 № 90-ФЗ)";
        assert!(art(stub).3);
        assert_eq!(
            repeal_of("(Статья утратила силу - Федеральный закон от 20.03.2011 № 41-ФЗ)"),
            Some(Some("Федеральный закон от 20.03.2011 № 41-ФЗ".into()))
        );
        assert_eq!(
            repeal_of("(Пункт утратил силу  - Федеральный закон от 22.08.2004 № 122-ФЗ)").unwrap().as_deref(),
            Some("Федеральный закон от 22.08.2004 № 122-ФЗ")
        );
        assert_eq!(repeal_of("утратил силу;"), Some(None));
        assert_eq!(
            repeal_of("(Дополнение статьей - Федеральный закон от 04.12.2007 № 330-ФЗ) (Утратила силу -  Федеральный закон от 28.11.2018 № 451-ФЗ)").unwrap().as_deref(),
            Some("Федеральный закон от 28.11.2018 № 451-ФЗ")
        );
        assert_eq!(
            repeal_of("(Дополнение статьей - Федеральный закон от 04.12.2007 № 330-ФЗ) Текст статьи."),
            None
        );
        assert_eq!(
            repeal_of("(repealed by Law No. 12 of 2020)").unwrap().as_deref(),
            Some("Law No. 12 of 2020")
        );
        assert_eq!(repeal_of("Утратила силу статья 5 закона о приватизации."), None);
        assert_eq!(repeal_of("Положения о сроках утратили силу и не применяются."), None);
    }

    #[test]
    fn every_repeal_phrase_passes_the_start_check_in_any_case() {
        // Each alternative of REPEAL's middle group, as written and upper-cased, alone and after a kind of provision:
        // REPEAL_START must not turn any away.
        let phrases = [
            "(repealed)",
            "Deleted.",
            "Утратила силу.",
            "утратил силу;",
            "(Утратило силу)",
            "Утратили силу.",
            "Исключена.",
            "(исключено)",
            "Исключен.",
            "Güýjüni ýitirdi.",
            "(weggefallen)",
            "Aufgehoben.",
            "Статья утратила силу - Федеральный закон от 20.03.2011 № 41-ФЗ",
            "Part  repealed.",
            "  Article repealed by Law No. 5",
            "Пункт \t исключен.",
            "Bölek güýjüni ýitirdi.",
            "Subparagraph deleted;",
        ];
        for p in phrases {
            for text in [p.to_string(), p.to_uppercase()] {
                assert!(REPEAL.is_match(text.trim()), "{text}: REPEAL itself");
                assert!(REPEAL_START.is_match(text.trim()), "{text}: turned away by the start check");
                assert!(repeal_of(&text).is_some(), "{text}");
            }
        }
        // Text that does not begin as a repeal phrase is turned away before REPEAL.
        assert!(!REPEAL_START.is_match("Статья 5. Социальные услуги предоставляются бесплатно."));
        assert!(!REPEAL_START.is_match("Социальные услуги утратили силу."));
    }

    #[test]
    fn inserted_containers() {
        assert_eq!(cont("Глава 8-1. Особенности").2, "8-1");
        assert_eq!(cont("Глава 8-1. Особенности").3.as_deref(), Some("Особенности"));
        assert_eq!(cont("Раздел III-1. Особенности").2, "3-1");
        assert_eq!(cont("Глава V⁷. Особенности").2, "5-7");
        assert_eq!(cont("Глава 2¹. Ценообразование").2, "2-1");
        assert_eq!(cont("Глава 8. Общие").2, "8");
    }

    #[test]
    fn containers_in_every_language() {
        assert_eq!(
            cont("Chapter II. General provisions"),
            (Kind::Chapter, "Chapter II".into(), "2".into(), Some("General provisions".into()))
        );
        assert_eq!(cont("Глава 3. Права").2, "3");
        assert_eq!(cont("Раздел IV. Пособия").0, Kind::Section);
        assert_eq!(cont("II bap. Döwlet düzgünleşdirmesi").2, "2");
        assert_eq!(cont("1-nji bap. Umumy düzgünler").2, "1");
        assert_eq!(
            cont("Erster Abschnitt - Allgemeine Vorschriften"),
            (Kind::Section, "Erster Abschnitt".into(), "1".into(), Some("Allgemeine Vorschriften".into()))
        );
        assert_eq!(cont("Abschnitt 2a - Barrierefreie Informationstechnik").2, "2a");
        assert_eq!(cont("Unterabschnitt 1 - Verbot").0, Kind::Subsection);
        let h = cont("Erstes Hauptstück - Allgemeine Bestimmungen");
        assert_eq!((h.0, h.2.as_str()), (Kind::Part, "1"), "{h:?}");
        assert_eq!(cont("2. Hauptstück Leistungen").2, "2");
        assert_eq!(cont("Teil 1 - Regelungen").0, Kind::Part);
        assert_eq!(cont("Kapitel 10 - Sozialmedizin").2, "10");
        assert_eq!(cont("PART I").2, "1");
        assert_eq!(cont("Part One. General").2, "1");
        assert_eq!(cont("Часть первая").2, "1");
        assert_eq!(
            cont("I. - Die Grundrechte"),
            (Kind::Chapter, "I".into(), "1".into(), Some("Die Grundrechte".into()))
        );
        assert_eq!(cont("IV a. - Gemeinsamer Ausschuß").2, "4a");
        assert_eq!(cont("VIIIa. - Gemeinschaftsaufgaben").2, "8a");
        assert_eq!(cont("X a. - Verteidigungsfall").2, "10a");
    }

    #[test]
    fn other_headings() {
        assert_eq!(classify("Eingangsformel"), HeadingClass::Formula);
        assert_eq!(classify("Preamble"), HeadingClass::Formula);
        assert_eq!(classify("Purpose"), HeadingClass::Other);
        assert_eq!(classify("Anhang EV"), HeadingClass::Other);
        assert_eq!(classify("Chapter about things"), HeadingClass::Other);
        assert_eq!(classify("(XXXX) Art 74a und 75 (weggefallen)"), HeadingClass::Other);
        assert_eq!(classify("Article X. Scope"), HeadingClass::BadArticle);
        assert_eq!(classify("Статья . Сфера"), HeadingClass::BadArticle);
        assert_eq!(classify("Arten der Leistungen"), HeadingClass::Other);
    }
}
