//! The citation grammar against a table of real citation shapes in English, Russian and Turkmen: each row is a
//! sentence, the words the citation spans, and its units from the act down (`this-act`, `act«title»`,
//! `chp:II`, `art:5`, `part:1,3`, `point:1-3` for a range, `this-art`, `prev-part`).

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use kanun_model::Language;
use kanun_refs::{Citation, Level, Number, Unit, citations};

fn level(l: Level) -> &'static str {
    match l {
        Level::Act => "act",
        Level::Chapter => "chp",
        Level::Article => "art",
        Level::Part => "part",
        Level::Point => "point",
    }
}

fn show(c: &Citation) -> String {
    c.units
        .iter()
        .map(|u| match u {
            Unit::ThisAct => "this-act".to_string(),
            Unit::Act { title } => format!("act«{title}»"),
            Unit::This { level: l } => format!("this-{}", level(*l)),
            Unit::Preceding { level: l } => format!("prev-{}", level(*l)),
            Unit::That { level: l } => format!("that-{}", level(*l)),
            Unit::Numbered { level: l, numbers } => format!(
                "{}:{}",
                level(*l),
                numbers
                    .iter()
                    .map(|n| match n {
                        Number::One(x) => x.clone(),
                        Number::Range(a, b) => format!("{a}-{b}"),
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// (language, sentence, the citation's words, its units). One citation per sentence.
const SHAPES: &[(&str, &str, &str, &str)] = &[
    // English: articles.
    ("eng", "as provided in Article 5.", "Article 5", "art:5"),
    ("eng", "under Article 12-1 of this Law,", "Article 12-1 of this Law", "this-act art:12-1"),
    ("eng", "see Articles 5 and 7 of this Law", "Articles 5 and 7 of this Law", "this-act art:5,7"),
    ("eng", "see Articles 5, 6 and 7", "Articles 5, 6 and 7", "art:5,6,7"),
    ("eng", "see Articles 5, 6, and 7", "Articles 5, 6, and 7", "art:5,6,7"),
    ("eng", "Articles 5–7 of this Law apply", "Articles 5–7 of this Law", "this-act art:5-7"),
    ("eng", "Articles 5 to 7 apply", "Articles 5 to 7", "art:5-7"),
    (
        "eng",
        "Articles 19 and 24 of this Law that are",
        "Articles 19 and 24 of this Law",
        "this-act art:19,24",
    ),
    ("eng", "Article 5 or Article 6", "Article 5", "art:5"),
    ("eng", "in accordance with Article 30 of this Law.", "Article 30 of this Law", "this-act art:30"),
    ("eng", "under Article 3 of the present Law", "Article 3 of the present Law", "this-act art:3"),
    ("eng", "Article 4 of this Code", "Article 4 of this Code", "this-act art:4"),
    // English: parts and points.
    ("eng", "in part 2 of Article 5 of this Law", "part 2 of Article 5 of this Law", "this-act art:5 part:2"),
    ("eng", "parts 1 and 3 of Article 9", "parts 1 and 3 of Article 9", "art:9 part:1,3"),
    ("eng", "point 3 of part 1 of Article 14", "point 3 of part 1 of Article 14", "art:14 part:1 point:3"),
    (
        "eng",
        "points 1–3 of part 2 of Article 7",
        "points 1–3 of part 2 of Article 7",
        "art:7 part:2 point:1-3",
    ),
    ("eng", "in paragraph 2 of Article 8", "paragraph 2 of Article 8", "art:8 part:2"),
    (
        "eng",
        "subparagraph 4 of paragraph 1 of Article 2",
        "subparagraph 4 of paragraph 1 of Article 2",
        "art:2 part:1 point:4",
    ),
    ("eng", "Article 5(2) applies", "Article 5(2)", "art:5 part:2"),
    ("eng", "Article 5(2)(3) applies", "Article 5(2)(3)", "art:5 part:2 point:3"),
    ("eng", "referred to in part 2 of this Article", "part 2 of this Article", "this-art part:2"),
    ("eng", "the cases listed in part 1 of this Article", "part 1 of this Article", "this-art part:1"),
    (
        "eng",
        "specified in point 4 of part 1 of this Article",
        "point 4 of part 1 of this Article",
        "this-art part:1 point:4",
    ),
    ("eng", "in accordance with this Article,", "this Article", "this-art"),
    ("eng", "the measures set out in part 3", "part 3", "part:3"),
    ("eng", "under point 2", "point 2", "point:2"),
    ("eng", "in points 1 and 2", "points 1 and 2", "point:1,2"),
    ("eng", "the cases of the preceding part", "preceding part", "prev-part"),
    ("eng", "as in the previous part", "previous part", "prev-part"),
    ("eng", "in the second part of Article 5", "second part of Article 5", "art:5 part:2"),
    ("eng", "Chapter II of this Law", "Chapter II of this Law", "this-act chp:II"),
    ("eng", "Chapters III and IV", "Chapters III and IV", "chp:III,IV"),
    ("eng", "item 2 of part 1 of Article 10", "item 2 of part 1 of Article 10", "art:10 part:1 point:2"),
    ("eng", "point a) of part 2", "point a", "point:a"),
    ("eng", "the supplements under point 3 of that part", "point 3 of that part", "that-part point:3"),
    ("rus", "надбавок по пункту 3 указанной части", "пункту 3 указанной части", "that-part point:3"),
    // English: other acts.
    (
        "eng",
        "established by the Law of Turkmenistan \"On Social Work\".",
        "Law of Turkmenistan \"On Social Work\"",
        "act«On Social Work»",
    ),
    (
        "eng",
        "under Article 18 of the Law of Turkmenistan \"On State Guarantees of the Rights of the Child\"",
        "Article 18 of the Law of Turkmenistan \"On State Guarantees of the Rights of the Child\"",
        "act«On State Guarantees of the Rights of the Child» art:18",
    ),
    (
        "eng",
        "part 2 of Article 4 of the Law of Turkmenistan “On Education”",
        "part 2 of Article 4 of the Law of Turkmenistan “On Education”",
        "act«On Education» art:4 part:2",
    ),
    (
        "eng",
        "the Code of Turkmenistan \"On Social Protection\" applies",
        "Code of Turkmenistan \"On Social Protection\"",
        "act«On Social Protection»",
    ),
    (
        "eng",
        "Article 1 of the Law of Turkmenistan «On Guardianship»",
        "Article 1 of the Law of Turkmenistan «On Guardianship»",
        "act«On Guardianship» art:1",
    ),
    // Russian: articles in every case.
    ("rus", "предусмотренные статьёй 5", "статьёй 5", "art:5"),
    (
        "rus",
        "в соответствии со статьей 12 настоящего Закона",
        "статьей 12 настоящего Закона",
        "this-act art:12",
    ),
    ("rus", "требованиям статьи 21 настоящего Закона и", "статьи 21 настоящего Закона", "this-act art:21"),
    ("rus", "указанных в статье 7 настоящего Закона", "статье 7 настоящего Закона", "this-act art:7"),
    ("rus", "см. статью 9", "статью 9", "art:9"),
    ("rus", "Статья 3 применяется", "Статья 3", "art:3"),
    ("rus", "статьями 5 и 7 настоящего Закона", "статьями 5 и 7 настоящего Закона", "this-act art:5,7"),
    ("rus", "статьями 5–7 настоящего Кодекса", "статьями 5–7 настоящего Кодекса", "this-act art:5-7"),
    ("rus", "статей 19 и 24 настоящего Закона", "статей 19 и 24 настоящего Закона", "this-act art:19,24"),
    ("rus", "в статьях 10, 11 и 12", "статьях 10, 11 и 12", "art:10,11,12"),
    ("rus", "статьям 3 и 4", "статьям 3 и 4", "art:3,4"),
    ("rus", "статьи 12-1 настоящего Закона", "статьи 12-1 настоящего Закона", "this-act art:12-1"),
    ("rus", "статьи 5 или 6", "статьи 5 или 6", "art:5,6"),
    // Russian: parts and points.
    (
        "rus",
        "части 2 статьи 5 настоящего Закона",
        "части 2 статьи 5 настоящего Закона",
        "this-act art:5 part:2",
    ),
    ("rus", "частями 1 и 3 статьи 9", "частями 1 и 3 статьи 9", "art:9 part:1,3"),
    ("rus", "пунктами 1–3 части 2 статьи 7", "пунктами 1–3 части 2 статьи 7", "art:7 part:2 point:1-3"),
    ("rus", "пунктом 4 части 1 статьи 14", "пунктом 4 части 1 статьи 14", "art:14 part:1 point:4"),
    ("rus", "в пункте 2 части 3 статьи 8", "пункте 2 части 3 статьи 8", "art:8 part:3 point:2"),
    (
        "rus",
        "пунктов 1, 2 и 5 части 1 статьи 4",
        "пунктов 1, 2 и 5 части 1 статьи 4",
        "art:4 part:1 point:1,2,5",
    ),
    ("rus", "подпунктом 3 пункта 1 статьи 2", "подпунктом 3 пункта 1 статьи 2", "art:2 part:1 point:3"),
    ("rus", "части второй статьи 5", "части второй статьи 5", "art:5 part:2"),
    ("rus", "частью первой статьи 10", "частью первой статьи 10", "art:10 part:1"),
    ("rus", "части третьей настоящей статьи", "части третьей настоящей статьи", "this-art part:3"),
    ("rus", "в части 2 настоящей статьи", "части 2 настоящей статьи", "this-art part:2"),
    (
        "rus",
        "пунктом 3 части 1 настоящей статьи",
        "пунктом 3 части 1 настоящей статьи",
        "this-art part:1 point:3",
    ),
    ("rus", "в соответствии с настоящей статьёй", "настоящей статьёй", "this-art"),
    ("rus", "указанные в части 1", "части 1", "part:1"),
    ("rus", "в случаях, предусмотренных пунктом 2", "пунктом 2", "point:2"),
    ("rus", "предусмотренных предыдущей частью", "предыдущей частью", "prev-part"),
    ("rus", "главы II настоящего Закона", "главы II настоящего Закона", "this-act chp:II"),
    ("rus", "в главе 3", "главе 3", "chp:3"),
    ("rus", "в частях 1 и 2 статьи 6", "частях 1 и 2 статьи 6", "art:6 part:1,2"),
    ("rus", "пункта а) части 2", "пункта а", "point:а"),
    // Russian: other acts.
    (
        "rus",
        "установленных Законом Туркменистана «О социальной работе».",
        "Законом Туркменистана «О социальной работе»",
        "act«О социальной работе»",
    ),
    (
        "rus",
        "статьи 18 Закона Туркменистана «О государственных гарантиях прав ребёнка»",
        "статьи 18 Закона Туркменистана «О государственных гарантиях прав ребёнка»",
        "act«О государственных гарантиях прав ребёнка» art:18",
    ),
    (
        "rus",
        "части 2 статьи 4 Закона Туркменистана «Об образовании»",
        "части 2 статьи 4 Закона Туркменистана «Об образовании»",
        "act«Об образовании» art:4 part:2",
    ),
    (
        "rus",
        "в Кодексе Туркменистана «О социальной защите населения»",
        "Кодексе Туркменистана «О социальной защите населения»",
        "act«О социальной защите населения»",
    ),
    ("rus", "по Закону Туркменистана \"Об опеке\"", "Закону Туркменистана \"Об опеке\"", "act«Об опеке»"),
    // Turkmen: articles.
    ("tuk", "şu Kanunyň 12-nji maddasy", "şu Kanunyň 12-nji maddasy", "this-act art:12"),
    ("tuk", "şu Kanunyň 20-nji maddasynda görkezilen", "şu Kanunyň 20-nji maddasynda", "this-act art:20"),
    ("tuk", "şu Kanunyň 15-nji maddasyna laýyklykda", "şu Kanunyň 15-nji maddasyna", "this-act art:15"),
    ("tuk", "şu Kanunyň 10-njy maddasyna laýyklykda", "şu Kanunyň 10-njy maddasyna", "this-act art:10"),
    ("tuk", "şu Kanunyň 21-nji maddasynyň talaplaryna", "şu Kanunyň 21-nji maddasynyň", "this-act art:21"),
    ("tuk", "5-nji we 7-nji maddalary", "5-nji we 7-nji maddalary", "art:5,7"),
    ("tuk", "5-nji, 6-njy we 7-nji maddalarynda", "5-nji, 6-njy we 7-nji maddalarynda", "art:5,6,7"),
    ("tuk", "5–7-nji maddalary", "5–7-nji maddalary", "art:5-7"),
    ("tuk", "12-1-nji maddasy", "12-1-nji maddasy", "art:12-1"),
    ("tuk", "şu Kodeksiň 4-nji maddasy", "şu Kodeksiň 4-nji maddasy", "this-act art:4"),
    ("tuk", "19-njy we 24-nji maddalarynda", "19-njy we 24-nji maddalarynda", "art:19,24"),
    ("tuk", "3-nji madda", "3-nji madda", "art:3"),
    // Turkmen: parts and points.
    (
        "tuk",
        "şu Kanunyň 5-nji maddasynyň 2-nji bölegi",
        "şu Kanunyň 5-nji maddasynyň 2-nji bölegi",
        "this-act art:5 part:2",
    ),
    (
        "tuk",
        "9-njy maddasynyň 1-nji we 3-nji bölekleri",
        "9-njy maddasynyň 1-nji we 3-nji bölekleri",
        "art:9 part:1,3",
    ),
    (
        "tuk",
        "7-nji maddasynyň 2-nji böleginiň 1–3-nji bentleri",
        "7-nji maddasynyň 2-nji böleginiň 1–3-nji bentleri",
        "art:7 part:2 point:1-3",
    ),
    (
        "tuk",
        "14-nji maddasynyň 1-nji böleginiň 4-nji bendi",
        "14-nji maddasynyň 1-nji böleginiň 4-nji bendi",
        "art:14 part:1 point:4",
    ),
    ("tuk", "şu maddanyň 2-nji bölegi", "şu maddanyň 2-nji bölegi", "this-art part:2"),
    ("tuk", "şu maddanyň 1-nji böleginde", "şu maddanyň 1-nji böleginde", "this-art part:1"),
    (
        "tuk",
        "şu maddanyň 1-nji böleginiň 3-nji bendinde",
        "şu maddanyň 1-nji böleginiň 3-nji bendinde",
        "this-art part:1 point:3",
    ),
    ("tuk", "2-nji bölegine laýyklykda", "2-nji bölegine", "part:2"),
    ("tuk", "4-nji bendinde", "4-nji bendinde", "point:4"),
    ("tuk", "ikinji bölegi", "ikinji bölegi", "part:2"),
    ("tuk", "şu Kanunyň II baby", "şu Kanunyň II baby", "this-act chp:II"),
    ("tuk", "şu Kanunyň 2-nji baby", "şu Kanunyň 2-nji baby", "this-act chp:2"),
    ("tuk", "şu maddada", "şu maddada", "this-art"),
    // Turkmen: other acts.
    (
        "tuk",
        "Türkmenistanyň \"Sosial iş hakynda\" Kanunyna laýyklykda",
        "Türkmenistanyň \"Sosial iş hakynda\" Kanunyna",
        "act«Sosial iş hakynda»",
    ),
    (
        "tuk",
        "Türkmenistanyň «Bilim hakynda» Kanunynyň 4-nji maddasy",
        "Türkmenistanyň «Bilim hakynda» Kanunynyň 4-nji maddasy",
        "act«Bilim hakynda» art:4",
    ),
    (
        "tuk",
        "Türkmenistanyň \"Çaganyň hukuklarynyň döwlet kepillikleri hakynda\" Kanunynyň 18-nji maddasy",
        "Türkmenistanyň \"Çaganyň hukuklarynyň döwlet kepillikleri hakynda\" Kanunynyň 18-nji maddasy",
        "act«Çaganyň hukuklarynyň döwlet kepillikleri hakynda» art:18",
    ),
];

/// Sentences with no citation: words that look like level words or numbers but are not citations.
const NONE: &[(&str, &str)] = &[
    ("eng", "at any point the person may withdraw consent"),
    ("eng", "a part of the costs is paid by the state"),
    ("eng", "this Law enters into force on 1 January 2022"),
    ("eng", "for 5 years"),
    ("rus", "частных поставщиков социальных услуг"),
    ("rus", "главный специалист"),
    ("rus", "настоящий Закон вступает в силу"),
    ("rus", "законодательства Туркменистана о социальном обслуживании"),
    ("tuk", "bäş ýyl möhlete"),
    ("tuk", "şu Kanun güýje girýär"),
];

#[test]
fn every_shape_parses_to_its_units_and_span() {
    let mut failures = Vec::new();
    for (lang, text, span, want) in SHAPES {
        let lang: Language = lang.parse().unwrap();
        let found = citations(text, lang);
        let got: Vec<(String, String)> = found
            .iter()
            .map(|c| (text.chars().skip(c.start).take(c.end - c.start).collect(), show(c)))
            .collect();
        if got.first().map(|(s, u)| (s.as_str(), u.as_str())) != Some((*span, *want)) {
            failures.push(format!("{text:?}\n    want [{span}] {want}\n    got  {got:?}"));
        }
    }
    assert!(SHAPES.len() >= 100, "{} shapes", SHAPES.len());
    assert!(
        failures.is_empty(),
        "{} of {} shapes fail:\n{}",
        failures.len(),
        SHAPES.len(),
        failures.join("\n")
    );
}

#[test]
fn words_that_only_look_like_citations_are_not_citations() {
    for (lang, text) in NONE {
        let found = citations(text, lang.parse().unwrap());
        assert!(found.is_empty(), "{text:?}: {found:?}");
    }
}

/// Sentences from the Russian codes whose citations share units across a list, a remark in parentheses or an
/// «абзац»: every citation of the sentence, in order (these were misread before: W113 on the real codes).
const SHARED: &[(&str, &[&str])] = &[
    // A remark in parentheses inside a list of subpoints (Family Code, Article 127).
    (
        "установленных подпунктами 6 (в случае, если лицо проживает с ним), 7 и 12 пункта 1 настоящей статьи, с учетом",
        &["this-art part:1 point:6,7,12"],
    ),
    // A citation in parentheses right after another takes its article (Family Code, Article 165).
    (
        "требования статей 124 - 126, статьи 127 (за исключением подпункта 7 пункта 1), статей 128 и 129 настоящего Кодекса",
        &["art:124-126", "art:127", "art:127 part:1 point:7", "this-act art:128,129"],
    ),
    // … and the act named once at the end, across the remark.
    (
        "требования статьи 127 (за исключением подпункта 7 пункта 1), статей 128 и 129 Семейного кодекса Российской Федерации",
        &[
            "act«Семейного кодекса Российской Федерации» art:127",
            "act«Семейного кодекса Российской Федерации» art:127 part:1 point:7",
            "act«Семейного кодекса Российской Федерации» art:128,129",
        ],
    ),
    // The act named after a remark in parentheses (Air Code, Article 136).
    (
        "Признать утратившим силу пункт 8 (в части применения кодекса) постановления Верховного Совета от 3 марта",
        &["act«постановления Верховного Совета» point:8"],
    ),
    // Members built differently share the article at the end (Civil Procedure Code, Article 391⁴).
    (
        "пунктами 1 - 5 и 7 части первой, частями третьей - шестой статьи 391³ настоящего Кодекса",
        &["this-act art:391-3 part:1 point:1-5,7", "this-act art:391-3 part:3-6"],
    ),
    // A пункт beside a подпункт of a пункт is a part, and shares the article (Land Code, Article 39⁴²).
    (
        "предусмотренные пунктом 1 и подпунктом 1 пункта 5 статьи 39⁴¹ настоящего Кодекса",
        &["this-act art:39-41 part:1", "this-act art:39-41 part:5 point:1"],
    ),
    (
        "сведения, предусмотренные пунктом 6 и подпунктами 3 и 4 пункта 7 настоящей статьи",
        &["this-art part:6", "this-art part:7 point:3,4"],
    ),
    // An «абзац» between members of the list (Land Code, Article 57¹).
    (
        "указанных в подпункте 1 и абзаце втором подпункта 3 пункта 10, абзаце первом пункта 11 настоящей статьи",
        &["this-art part:10 point:1", "this-art part:10 point:3", "this-art part:11"],
    ),
    // Not shared: a пункт of this article and a whole other article.
    ("в соответствии с пунктом 1 и статьей 5 настоящего Кодекса", &["point:1", "this-act art:5"]),
];

#[test]
fn lists_remarks_and_paragraphs_share_the_units_written_once() {
    let rus: Language = "rus".parse().unwrap();
    let mut failures = Vec::new();
    for (text, want) in SHARED {
        let got: Vec<String> = citations(text, rus).iter().map(show).collect();
        if got != *want {
            failures.push(format!("{text:?}\n    want {want:?}\n    got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
