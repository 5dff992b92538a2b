//! Citations in the nine real Russian codes of `../shared/corpora/ru/html/`, imported together into one corpus.
//! Citations of another act («статьями 205, 205¹ Уголовного кодекса Российской Федерации») resolve into that act
//! when it is in the corpus and are otherwise external, never dangling references of the citing code; parts
//! without numbers (the Labour Code's «часть вторая статьи 81»), the пункты of codes that number their parts
//! `1.`, superscript numbers («статьи 60¹») and lists sharing their article («пунктом 2 части 7, пунктом 3 части 8
//! статьи 51¹») resolve. What is left unresolved (W113 in `kanun check`) is printed; a sample of 20, each checked
//! by reading the source, is in `tests/data/ru-w113-sample.tsv` and must be among it.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::collections::BTreeMap;
use std::path::PathBuf;

use kanun_import::{Meta, from_html};
use kanun_model::Corpus;
use kanun_refs::State;

const CODES: &[(&str, &str)] = &[
    ("urban-planning-code", "Gradostroitelny_kodeks_RF__nd102090643.html"),
    ("civil-code-1", "Grazhdansky_kodeks_RF_chast_1__nd102033239.html"),
    ("civil-procedure-code", "Grazhdansky_protsessualny_kodeks_RF__nd102078828.html"),
    ("forest-code", "Lesnoy_kodeks_RF__nd102110364.html"),
    ("family-code", "Semeyny_kodeks_RF__nd102038925.html"),
    ("labour-code", "Trudovoy_kodeks_RF__nd102074279.html"),
    ("water-code", "Vodny_kodeks_RF__nd102107048.html"),
    ("air-code", "Vozdushny_kodeks_RF__nd102046246.html"),
    ("land-code", "Zemelny_kodeks_RF__nd102073184.html"),
];

fn corpus() -> Corpus {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpora/ru/html"));
    let mut c = Corpus::new();
    for (slug, file) in CODES {
        let source = std::fs::read_to_string(dir.join(file)).unwrap();
        let meta = Meta {
            work: format!("/akn/ru/act/2000-01-01/{slug}").parse().unwrap(),
            language: "rus".parse().unwrap(),
            date: "2023-07-31".parse().unwrap(),
            title: None,
            source: format!("../shared/corpora/ru/html/{file}"),
        };
        c.insert(from_html(&source, &meta).expression.unwrap()).unwrap();
    }
    c
}

/// (citing code, citing article, citation) → the labels of its targets that are not found.
type Missing = BTreeMap<(String, String, String), Vec<String>>;

#[test]
fn references_resolve_across_the_nine_codes() {
    let c = corpus();
    let mut missing: Missing = BTreeMap::new();
    let (mut total, mut external, mut across) = (0usize, 0usize, 0usize);
    let mut external_acts: BTreeMap<String, usize> = BTreeMap::new();
    for e in c.expressions() {
        let slug = e.meta.work.name().to_string();
        for a in kanun_refs::references(e, Some(&c)) {
            for r in &a.references {
                for t in &r.targets {
                    total += 1;
                    match &t.state {
                        State::External { act } => {
                            external += 1;
                            *external_acts.entry(act.to_lowercase()).or_default() += 1;
                        }
                        State::Unresolved { .. } if !t.work.is_empty() => {
                            missing
                                .entry((slug.clone(), a.eid.clone(), r.text.clone()))
                                .or_default()
                                .push(t.label.clone());
                        }
                        _ if !t.work.is_empty() && t.work != e.meta.work.to_string() => across += 1,
                        _ => {}
                    }
                }
            }
        }
    }
    let n: usize = missing.values().map(Vec::len).sum();
    println!(
        "{total} targets; {external} of acts not in the corpus; {across} into another code; {n} not found:"
    );
    for ((code, art, text), labels) in &missing {
        println!("  {code} {art}: «{text}» → {}", labels.join("; "));
    }
    let mut top: Vec<_> = external_acts.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1));
    println!("most cited external acts: {:?}", &top[..top.len().min(5)]);

    // Before this work 1,391 targets were reported missing, most of them citations of other acts, parts without
    // numbers and пункты. What remains is exactly the list in tests/data/ru-w113-sample.tsv, each row checked by
    // reading the source: every warning left is a real missing target.
    assert!(n <= 30, "{n} targets not found (30 when this was written)");
    assert!(external >= 100, "{external} external targets (111 when this was written)");
    assert!(across >= 40, "{across} targets in another code of the corpus (41 when this was written)");

    let sample =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/ru-w113-sample.tsv"))
            .unwrap();
    let rows: Vec<&str> = sample.lines().filter(|l| !l.starts_with('#')).skip(1).collect();
    assert_eq!(rows.len(), 28);
    let mut listed = std::collections::BTreeSet::new();
    for row in rows {
        let f: Vec<&str> = row.split('\t').collect();
        let (code, art, text, target) = (f[0], f[1], f[2], f[3]);
        let key = (code.to_string(), art.to_string(), text.to_string());
        let labels =
            missing.get(&key).unwrap_or_else(|| panic!("{code} {art} «{text}» is not reported missing"));
        assert!(
            labels.iter().any(|l| l.to_lowercase().contains(&target.to_lowercase())),
            "{code} {art} «{text}»: {labels:?} does not name {target}"
        );
        listed.insert(key);
    }
    let unlisted: Vec<_> = missing.keys().filter(|k| !listed.contains(*k)).collect();
    assert!(unlisted.is_empty(), "reported missing but not checked by reading: {unlisted:?}");
}

#[test]
fn a_citation_of_another_code_in_the_corpus_resolves_into_it() {
    let c = corpus();
    let mut found = Vec::new();
    for e in c.expressions() {
        for a in kanun_refs::references(e, Some(&c)) {
            for r in &a.references {
                for t in &r.targets {
                    if t.eid.is_some() && !t.work.is_empty() && t.work != e.meta.work.to_string() {
                        found.push(format!(
                            "{} {}: «{}» → {} {:?}",
                            e.meta.work.name(),
                            a.eid,
                            r.text,
                            t.work,
                            t.eid
                        ));
                    }
                }
            }
        }
    }
    println!("{}", found.join("\n"));
    // Read in the Forest Code, Article 26: «статьей 39³⁷ Земельного кодекса Российской Федерации» is Article 39.37
    // of the Land Code; in the Urban Planning Code, Article 55.32: «пунктом 4 статьи 222 Гражданского кодекса
    // Российской Федерации» is part (пункт) 4 of Article 222 of the Civil Code.
    for want in [
        "forest-code art_26: «статьей 39³⁷ Земельного кодекса Российской Федерации» → /akn/ru/act/2000-01-01/land-code Some(\"art_39-37\")",
        "urban-planning-code art_55-32: «пунктом 1 статьи 222 Гражданского кодекса Российской Федерации» → /akn/ru/act/2000-01-01/civil-code-1 Some(\"art_222__para_1\")",
        "air-code art_52: «пунктом 13 части первой статьи 83 Трудового кодекса Российской Федерации» → /akn/ru/act/2000-01-01/labour-code Some(\"art_83__point_13\")",
    ] {
        assert!(found.iter().any(|f| f == want), "{want} not in {found:#?}");
    }
    // The Labour Code's parts have no numbers: «частью третьей статьи 81» is its third paragraph, the one after the
    // list of points 1)–14) that ends its first part.
    let labour = c.expressions().find(|e| e.meta.work.name() == "labour-code").unwrap();
    let refs = kanun_refs::references(labour, Some(&c));
    let r = refs
        .iter()
        .flat_map(|a| a.references.iter())
        .find(|r| r.text.starts_with("частью третьей статьи 81"))
        .expect("a citation of Article 81, part 3");
    assert_eq!(r.targets[0].eid.as_deref(), Some("art_81"), "{r:?}");
    assert_eq!(r.targets[0].state, State::Resolved);
}

/// "Cited by" is complete: the articles of the Labour Code that cite its Article 81 (found by a separate scan of
/// the HTML for «статьи/статьей … 81» not followed by another act's name, and read) are all listed, with Article
/// 77, which cites it in a list («статьи 71 и 81 настоящего Кодекса») the scan does not see.
#[test]
fn cited_by_lists_every_citing_article() {
    let c = corpus();
    let g = kanun_refs::Graph::build(&c, "rus".parse().unwrap());
    let work = c.works().find(|w| w.uri().name() == "labour-code").unwrap().uri().to_string();
    let mut citing: Vec<String> = g.cited_by(&work, "art_81").iter().map(|i| i.eid.clone()).collect();
    citing.sort();
    citing.dedup();
    let scanned = [
        "art_74",
        "art_82",
        "art_84-1",
        "art_137",
        "art_178",
        "art_180",
        "art_192",
        "art_261",
        "art_318",
        "art_351-7",
        "art_373",
        "art_374",
        "art_376",
    ];
    for a in scanned.iter().chain(&["art_77"]) {
        assert!(citing.iter().any(|c| c == a), "{a} is not among those citing Article 81: {citing:?}");
    }
    assert_eq!(citing.len(), 14, "{citing:?}");
}
