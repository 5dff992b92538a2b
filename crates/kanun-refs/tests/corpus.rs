//! Citations of the sample corpus resolved: in three chosen articles per language every reference a careful
//! reader finds is listed here with its target, and nothing else is found; the citation graph gives "cited by"
//! across works; and the definitions article gives terms with their uses.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use kanun_model::{Corpus, Language};
use kanun_refs::{Graph, State, references, terms::terms};

fn corpus() -> Corpus {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
    kanun_corpus::load(std::path::Path::new(root)).unwrap().corpus
}

/// Every reference of one article: "words → work-name#eid" (or "words → unresolved: reason").
fn refs_of(c: &Corpus, work: &str, lang: &str, eid: &str) -> Vec<String> {
    let e = c.work(work).unwrap().at(lang.parse().unwrap(), None).unwrap();
    let all = references(e, Some(c));
    let Some(a) = all.iter().find(|a| a.eid == eid) else { return vec![] };
    let mut out = Vec::new();
    for r in &a.references {
        for t in &r.targets {
            let name = t.work.rsplit('/').next().unwrap_or_default();
            out.push(match &t.state {
                State::Unresolved { reason } => format!("{} → unresolved: {reason}", r.text),
                s => format!(
                    "{} → {name}#{}{}",
                    r.text,
                    t.eid.as_deref().unwrap_or("-"),
                    if *s == State::Repealed { " (repealed)" } else { "" }
                ),
            });
        }
    }
    out
}

#[test]
fn chosen_articles_resolve_every_reference() {
    let _ = Language::ENG;
    let c = corpus();
    // Read by hand: these are all the references in these articles, and where they point.
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "social-protection-code",
            "eng",
            "art_23",
            &[
                "Article 24 of this Code → social-protection-code#art_24",
                "part 1 of Article 20 of this Code → social-protection-code#art_20__para_1",
                "points 1 and 2 of this part → social-protection-code#art_23__para_1__point_1",
                "points 1 and 2 of this part → social-protection-code#art_23__para_1__point_2",
                "part 3 of Article 16 of this Code → social-protection-code#art_16__para_3",
                "part 1 of this Article → social-protection-code#art_23__para_1",
                "point 3 of that part → social-protection-code#art_23__para_1__point_3",
            ],
        ),
        (
            "persons-with-disabilities",
            "eng",
            "art_29",
            &[
                "Articles 15–17 of this Law → persons-with-disabilities#art_15",
                "Articles 15–17 of this Law → persons-with-disabilities#art_16",
                "Articles 15–17 of this Law → persons-with-disabilities#art_17",
                "part 1 of this Article → persons-with-disabilities#art_29__para_1",
                "Article 27 of this Law → persons-with-disabilities#art_27",
            ],
        ),
        ("social-services", "eng", "art_27", &["Law of Turkmenistan \"On Social Work\" → social-work#-"]),
        (
            "social-protection-code",
            "rus",
            "art_23",
            &[
                "статье 24 настоящего Кодекса → social-protection-code#art_24",
                "частью 1 статьи 20 настоящего Кодекса → social-protection-code#art_20__para_1",
                "пунктами 1 и 2 настоящей части → social-protection-code#art_23__para_1__point_1",
                "пунктами 1 и 2 настоящей части → social-protection-code#art_23__para_1__point_2",
                "частью 3 статьи 16 настоящего Кодекса → social-protection-code#art_16__para_3",
                "частью 1 настоящей статьи → social-protection-code#art_23__para_1",
                "пунктом 3 этой части → social-protection-code#art_23__para_1__point_3",
            ],
        ),
        (
            "persons-with-disabilities",
            "rus",
            "art_29",
            &[
                "статьями 15–17 настоящего Закона → persons-with-disabilities#art_15",
                "статьями 15–17 настоящего Закона → persons-with-disabilities#art_16",
                "статьями 15–17 настоящего Закона → persons-with-disabilities#art_17",
                "части 1 настоящей статьи → persons-with-disabilities#art_29__para_1",
                "статье 27 настоящего Закона → persons-with-disabilities#art_27",
            ],
        ),
        (
            "social-services",
            "rus",
            "art_27",
            &["Законом Туркменистана «О социальной работе» → social-work#-"],
        ),
        (
            "social-services",
            "tuk",
            "art_5",
            &[
                "Şu maddanyň 1-nji we 2-nji böleklerinde → social-services#art_5__para_1",
                "Şu maddanyň 1-nji we 2-nji böleklerinde → social-services#art_5__para_2",
            ],
        ),
        ("social-services", "tuk", "art_6", &["şu Kanunyň 15-nji maddasyna → social-services#art_15"]),
        ("social-services", "tuk", "art_10-1", &["şu Kanunyň 21-nji maddasynyň → social-services#art_21"]),
    ];
    for (work, lang, eid, want) in cases {
        assert_eq!(refs_of(&c, work, lang, eid), *want, "{work} {lang} {eid}");
    }
}

#[test]
fn the_graph_lists_who_cites_an_article_across_works() {
    let c = corpus();
    let g = Graph::build(&c, Language::ENG);
    let ss = "/akn/tm/act/2021-12-18/social-services";
    // Article 21 (requirements for providers) is cited by Articles 10 and 10-1 of the same law.
    let by: Vec<&str> = g.cited_by(ss, "art_21").iter().map(|i| i.eid.as_str()).collect();
    assert!(by.contains(&"art_10") && by.contains(&"art_10-1"), "{by:?}");
    // A citation of a part counts for its article too, and the graph crosses works: social-services cites the
    // whole Law "On Social Work".
    let sw = c.work("social-work").unwrap().uri().to_string();
    let e = c.work(ss).unwrap().at(Language::ENG, None).unwrap();
    let cites = kanun_refs::article_references(e, e.find("art_27").unwrap(), Some(&c));
    assert!(cites.iter().any(|r| r.targets.iter().any(|t| t.work == sw)), "{cites:?}");
    // Nothing cites itself through "this Article".
    for ((work, eid), list) in &g.incoming {
        assert!(!list.iter().any(|i| &i.work == work && &i.eid == eid), "{work} {eid}");
    }
}

#[test]
fn basic_concepts_become_terms_with_uses() {
    let c = corpus();
    let e = c.work("social-services").unwrap().at(Language::ENG, None).unwrap();
    let t = terms(e);
    assert!(t.len() >= 8, "{t:?}");
    let sw = t.iter().find(|t| t.term == "social worker").unwrap();
    assert_eq!(sw.eid, "art_1__para_1__point_4");
    assert!(sw.definition.starts_with("a person with the qualifications"), "{}", sw.definition);
    // Used (stemmed: "social workers") in Article 27.
    assert!(sw.uses.iter().any(|u| u.eid == "art_27"), "{:?}", sw.uses);
    // Russian and Turkmen definitions read the same way.
    for lang in ["rus", "tuk"] {
        let e = c.work("social-services").unwrap().at(lang.parse().unwrap(), None).unwrap();
        let t = terms(e);
        assert!(t.len() >= 8, "{lang}: {t:?}");
        assert!(t.iter().all(|t| !t.definition.is_empty()));
    }
}
