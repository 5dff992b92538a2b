//! Real public legislation from `../shared/corpora/` (never copied into this repository): German federal laws
//! with `§`/`Art` units, `(1)` paragraphs and indented `1.`/`a)` items, and the English part of the UN CRPD and
//! CRC with their formatting quirks. Each law's unit count and a few eIds and texts were checked by reading the
//! files.

use std::path::PathBuf;

use kanun_markdown::{Parsed, parse_foreign, yaml_front_matter};
use kanun_model::{DocKind, Expression, Language, Metadata, Status};

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora").join(rel)
}

fn read(rel: &str) -> String {
    let p = shared(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| {
        panic!("{}: {e} (the shared corpora must sit beside the repository)", p.display())
    })
}

fn meta(name: &str, lang: Language, title: &str) -> Metadata {
    Metadata {
        work: format!("/akn/de/act/2000-01-01/{}", name.to_lowercase().replace(['_', ' '], "-"))
            .parse()
            .unwrap(),
        title: title.to_string(),
        language: lang,
        date: "2022-03-26".parse().unwrap(),
        status: Status::InForce,
        kind: DocKind::Law,
        source: "bundestag/gesetze".into(),
        amends: None,
        base: None,
        scope: Default::default(),
        note: None,
    }
}

/// A German law from `de/`, its metadata from its YAML front matter.
pub fn german(rel: &str) -> Parsed {
    let text = read(rel);
    let (yaml, _) = yaml_front_matter(&text);
    let title = yaml.iter().find(|(k, _)| k == "Title").map(|(_, v)| v.clone()).expect("Title in YAML");
    let abk = yaml.iter().find(|(k, _)| k == "jurabk").map(|(_, v)| v.clone()).expect("jurabk in YAML");
    parse_foreign(&text, meta(&abk, Language::DEU, &title))
}

/// The English half of a convention from `intl/`: the text up to the Dutch translation, without the HTML meta
/// line and the Dutch database's per-article "Treedt in werking" notes.
pub fn convention(rel: &str) -> Parsed {
    let text = read(rel);
    let english_end =
        text.match_indices("####Verdrag").map(|(i, _)| i).find(|i| *i > 10).expect("Dutch part");
    let cleaned: String = text[..english_end]
        .lines()
        .filter(|l| {
            !l.starts_with("<meta") && !l.starts_with("##Verdrag") && !l.starts_with("Treedt in werking")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    // The first heading is the Dutch title; the English one is the `####` line below it.
    let cleaned = cleaned.replacen("####Convention", "# Convention", 1);
    parse_foreign(
        &cleaned,
        meta(rel.trim_start_matches("intl/").trim_end_matches(".md"), Language::ENG, "Convention"),
    )
}

fn expr(p: &Parsed) -> &Expression {
    p.expression.as_ref().expect("expression")
}

/// Asserts the article count, that there are no errors except those listed (code and line), and that each
/// listed eId exists and its plain text (or heading) contains the given words.
fn check(p: &Parsed, articles: usize, errors: &[(&str, u32)], provisions: &[(&str, &str)]) {
    let e = expr(p);
    assert_eq!(e.article_count(), articles, "article count of {}", e.meta.title);
    let got: Vec<(&str, u32)> =
        p.diagnostics.iter().filter(|d| d.is_error()).map(|d| (d.code.as_str(), d.line)).collect();
    assert_eq!(got, errors, "errors in {}: {:#?}", e.meta.title, p.diagnostics);
    for (eid, text) in provisions {
        let prov = e.find(eid).unwrap_or_else(|| panic!("{}: no {eid}", e.meta.title));
        let all = format!("{} {}", prov.display_heading(), prov.plain_text());
        assert!(all.contains(text), "{eid} of {}: {all:?} lacks {text:?}", e.meta.title);
    }
}

#[test]
fn german_laws_parse_with_their_structure() {
    check(&german("de/current/AGG.md"), 33, &[], &[("art_1", "Ziel des Gesetzes"), ("art_33", "")]);
    check(&german("de/current/ArbZG.md"), 27, &[], &[("art_1", "Zweck des Gesetzes")]);
    // § 12 of the BEEG really has two paragraphs numbered (2): the parser says so, with the line.
    check(&german("de/current/BEEG.md"), 40, &[("E012", 1122)], &[("art_12__para_1", "zuständig")]);
    check(
        &german("de/current/BGG.md"),
        31,
        &[],
        &[
            ("sec_1", "Allgemeine Bestimmungen"),
            ("sec_2a", "Barrierefreie Informationstechnik"),
            ("art_1__para_1a", "Träger öffentlicher Gewalt im Sinne dieses Gesetzes sind"),
            ("art_1__para_1a__point_1", "Dienststellen und sonstige Einrichtungen der Bundesverwaltung"),
            ("art_1__para_1a__point_3", "sonstige Bundesorgane"),
            ("art_12a", "Barrierefreie Informationstechnik"),
        ],
    );
    check(&german("de/current/BUrlG.md"), 17, &[], &[("art_1", "Urlaubsanspruch")]);
    check(&german("de/current/EntgFG.md"), 15, &[], &[]);
    let gg = german("de/current/GG.md");
    check(
        &gg,
        200,
        &[],
        &[
            ("chp_1", "Die Grundrechte"),
            ("chp_4a", "Gemeinsamer Ausschuß"),
            ("art_1__para_1", "Die Würde des Menschen ist unantastbar."),
            ("art_45d", "Parlamentarisches Kontrollgremium"),
        ],
    );
    let e = expr(&gg);
    assert!(e.find("art_49").unwrap().repealed, "Art 49 (weggefallen) is repealed");
    assert!(!e.find("art_1").unwrap().repealed);
    check(&german("de/current/KSchG.md"), 28, &[], &[]);
    check(&german("de/current/MiLoG.md"), 24, &[], &[("sec_1__subsec_1", "Inhalt des Mindestlohns")]);
    // SGB IX: chapters restart in each part, so their eIds include the part.
    check(
        &german("de/current/SGB_IX.md"),
        247,
        &[],
        &[
            ("part_1__chp_1", "Allgemeine Vorschriften"),
            ("part_3__chp_1", "Geschützter Personenkreis"),
            ("art_241", ""),
        ],
    );
    // § 2a (4) of the TPG has two numbered lists with text between them; the second is list_2.
    let tpg = german("de/current/TPG.md");
    check(
        &tpg,
        54,
        &[],
        &[
            ("art_2a__para_4__point_2", "Großhirns"),
            ("art_2a__para_4__list_2__point_1", "Organ- oder Gewebeentnahme vornehmen"),
        ],
    );
    assert!(tpg.diagnostics.iter().any(|d| d.code == "W106" && d.line == 3259), "§ 26 has no text");
}

#[test]
fn conventions_parse_in_english() {
    let crpd = convention("intl/CRPD_BWBV0004045.md");
    check(
        &crpd,
        50,
        &[],
        &[
            ("art_1", "Purpose"),
            ("art_19", "Living independently and being included in the community"),
            ("art_50", "Authentic texts"),
        ],
    );
    assert!(expr(&crpd).preamble.iter().any(|p| p.contains("Recalling the principles")));
    assert!(
        crpd.diagnostics.iter().any(|d| d.code == "W108"),
        "####Purpose is read as a heading, with a warning"
    );
    let crc = convention("intl/CRC_BWBV0002508.md");
    check(
        &crc,
        54,
        &[],
        &[
            ("part_1", "PART I"),
            ("art_20__para_1", "temporarily or permanently deprived of his or her family environment"),
            ("art_20__para_3", "foster placement"),
        ],
    );
    let e = expr(&crc);
    let part1 = e.find("part_1").unwrap();
    assert!(part1.children.iter().any(|c| c.eid == "art_1"), "Article 1 sits in Part I");
}

#[test]
fn real_texts_survive_the_round_trip() {
    for p in
        [german("de/current/GG.md"), german("de/current/SGB_IX.md"), convention("intl/CRPD_BWBV0004045.md")]
    {
        let e = expr(&p);
        let again = kanun_markdown::parse(&kanun_markdown::render(e), None);
        let back = again.expression.as_ref().expect("expression");
        if back != e {
            panic!("{} changes in the round trip:\n{}", e.meta.title, first_difference(e, back));
        }
    }
}

/// The first lines where two expressions differ, as pretty JSON, for a readable failure.
pub fn first_difference(a: &Expression, b: &Expression) -> String {
    let a = serde_json::to_string_pretty(a).unwrap_or_default();
    let b = serde_json::to_string_pretty(b).unwrap_or_default();
    let at = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
    let ctx = |s: &str| s.lines().skip(at.saturating_sub(10)).take(20).collect::<Vec<_>>().join("\n");
    format!("wanted:\n{}\n---- got:\n{}", ctx(&a), ctx(&b))
}

/// Annotations placed on quoted spans of the TPG as of 2012-08-03, re-anchored onto the next version
/// (2012-08-06, the amendment of 21 July 2012). The expected labels and spans were checked by reading both texts.
#[test]
fn annotations_on_the_tpg_follow_the_2012_amendment() {
    use kanun_anchor::{Label, resolve, selector};
    use kanun_model::annotation::Target;

    let old = german("de/versions/TPG/TPG@2012-08-03.md");
    let new = german("de/versions/TPG/TPG@2012-08-06.md");
    let (old, new) = (expr(&old), expr(&new));
    let target = |eid: &str, quote: &str| {
        let p = old.find(eid).unwrap_or_else(|| panic!("no {eid} in the 2012-08-03 text"));
        let text = p.plain_text();
        let at = text.find(quote).unwrap_or_else(|| panic!("{quote:?} not in {eid}: {text}"));
        let (q, pos) = selector(&text, at, at + quote.len()).unwrap();
        Target {
            work: old.meta.work.clone(),
            expression: old.id(),
            wid: p.wid.clone(),
            eid: eid.into(),
            quote: Some(q),
            position: Some(pos),
            content_hash: Some(kanun_anchor::content_hash(&text)),
        }
    };
    // (eId, quote, label, eId now, text now)
    let cases = [
        // The definition of organs was reworded around the quote: the words are still there.
        (
            "art_1a__para_1",
            "eine funktionale Einheit bilden",
            Label::Exact,
            Some("art_1a__para_1"),
            Some("eine funktionale Einheit bilden"),
        ),
        // An unchanged article.
        (
            "art_6__para_2",
            "muss in würdigem Zustand zur Bestattung übergeben werden",
            Label::Exact,
            Some("art_6__para_2"),
            Some("muss in würdigem Zustand zur Bestattung übergeben werden"),
        ),
        // "Abs." became "Absatz": the same span, the new words.
        (
            "art_7__para_1",
            "einer Person nach § 4 Abs. 2 Satz 5 oder Abs. 3",
            Label::TextChanged,
            Some("art_7__para_1"),
            Some("einer Person nach § 4 Absatz 2 Satz 5 oder Absatz 3"),
        ),
        // The definition of a serious adverse event left § 1a: nothing to anchor to, kept as orphaned.
        (
            "art_1a__para_10",
            "fehlerhafte Identifizierung oder Verwechslung von Keimzellen",
            Label::Orphaned,
            None,
            None,
        ),
    ];
    for (eid, quote, label, eid_now, text_now) in cases {
        let r = resolve(&target(eid, quote), new);
        assert_eq!(r.label, label, "{eid} {quote:?}: {r:?}");
        assert_eq!(r.eid.as_deref(), eid_now, "{eid} {quote:?}: {r:?}");
        assert_eq!(r.quote_now.as_deref(), text_now, "{eid} {quote:?}: {r:?}");
    }
}
