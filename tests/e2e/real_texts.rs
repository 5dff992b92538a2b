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
    // § 12 of the BEEG really has two paragraphs numbered (2): the parser says so, with the line, and keeps the
    // second under an eId of its own.
    let beeg = german("de/current/BEEG.md");
    check(&beeg, 40, &[], &[("art_12__para_1", "zuständig"), ("art_12__para_2-dup2", "")]);
    assert!(
        beeg.diagnostics.iter().any(|d| d.code == "W115" && d.line == 1122),
        "BEEG § 12 (2) twice: {:#?}",
        beeg.diagnostics
    );
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

/// Wrap-up text after a lettered list («sowie die Einrichtung …» after `c) …,`), found in the sources by a small
/// scanner written here (a paragraph after a blank line at the column of the lettered item before it), is the
/// wrap-up of the item that holds the list, never more text of the last letter, in every German law of
/// `de/current` and `de/versions`. The 13 places were read in the sources.
#[test]
fn german_wrap_up_after_a_lettered_list_goes_to_the_enclosing_item() {
    use kanun_model::Provision;

    fn is_letter_item(s: &str) -> bool {
        let Some((m, _)) = s.split_once(' ') else { return false };
        let letters = m.trim_end_matches(')');
        m.ends_with(')')
            && (1..=2).contains(&letters.len())
            && letters.chars().all(|c| c.is_ascii_lowercase())
    }
    fn is_other_item(s: &str) -> bool {
        let m = s.split(' ').next().unwrap_or_default();
        s.starts_with('#')
            || (m.ends_with('.') && m[..m.len() - 1].chars().next().is_some_and(|c| c.is_ascii_digit()))
            || (m.starts_with('(')
                && m.ends_with(')')
                && m[1..].chars().next().is_some_and(|c| c.is_ascii_digit()))
    }
    /// The first line of each wrap-up in the source.
    fn scan(text: &str) -> Vec<String> {
        let lines: Vec<&str> = text.lines().collect();
        let mut out = Vec::new();
        let mut last: Option<usize> = None;
        for (i, l) in lines.iter().enumerate() {
            let s = l.trim_start();
            if s.is_empty() {
                continue;
            }
            let indent = l.len() - s.len();
            if is_letter_item(s) {
                last = Some(indent);
            } else if is_other_item(s) {
                last = None;
            } else if let Some(at) = last {
                if indent == at && lines[i - 1].trim().is_empty() {
                    out.push(s.to_string());
                    last = None;
                } else if indent < at {
                    last = None;
                }
            }
        }
        out
    }
    fn walk<'a>(p: &'a Provision, out: &mut Vec<&'a Provision>) {
        out.push(p);
        for c in &p.children {
            walk(c, out);
        }
    }
    let mut files: Vec<String> = Vec::new();
    for dir in ["de/current", "de/versions/BGG", "de/versions/GG", "de/versions/TPG"] {
        let mut names: Vec<String> = std::fs::read_dir(shared(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md"))
            .collect();
        names.sort();
        files.extend(names.into_iter().map(|n| format!("{dir}/{n}")));
    }
    let mut found = 0;
    for rel in &files {
        let wrap_ups = scan(&read(rel));
        let parsed = german(rel);
        let e = expr(&parsed);
        let mut all = Vec::new();
        for p in &e.body {
            walk(p, &mut all);
        }
        for w in &wrap_ups {
            let starts = |t: &String| t.starts_with(w.as_str());
            let holder = all
                .iter()
                .find(|p| p.wrap_up.iter().any(starts))
                .unwrap_or_else(|| panic!("{rel}: «{w}» is nobody's wrap-up"));
            assert!(
                holder
                    .children
                    .iter()
                    .any(|c| c.num.as_ref().is_some_and(|n| is_letter_item(&format!("{} ", n.raw)))),
                "{rel}: «{w}» is the wrap-up of {}, which holds no lettered list",
                holder.eid
            );
            let in_letter = all.iter().find(|p| {
                p.num.as_ref().is_some_and(|n| is_letter_item(&format!("{} ", n.raw)))
                    && p.intro.iter().any(starts)
            });
            assert!(in_letter.is_none(), "{rel}: «{w}» is text of {}", in_letter.unwrap().eid);
            found += 1;
        }
    }
    assert_eq!(found, 13, "wrap-ups found by the scanner in {} files", files.len());
}

/// `kanun import` of a real code prints the report per level, words in = words out; Markdown from another
/// collection (bundestag/gesetze) imports as well; the figures are those in docs/import-export.md.
#[test]
fn kanun_import_prints_the_report_for_real_codes() {
    let out_dir = std::env::temp_dir().join(format!("kanun-import-report-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let family = shared("ru/html/Semeyny_kodeks_RF__nd102038925.html");
    let out = out_dir.join("family.md");
    let o = crate::kanun(&[
        "import",
        family.to_str().unwrap(),
        "--work",
        "/akn/ru/act/1995-12-29/family-code",
        "--lang",
        "rus",
        "--date",
        "2023-07-31",
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    for line in [
        "level           count  inserted  repealed",
        "section             8         0         0",
        "chapter            22         0         0",
        "article           177         7         6",
        "part              411         0         0",
        "point              17         0         0",
        "words in 24996 = words out 24996",
        "confidence 1.000; 0 line(s) not placed",
    ] {
        assert!(err.lines().any(|l| l == line), "no line «{line}» in:\n{err}");
    }
    assert!(
        std::fs::read_to_string(&out).unwrap().contains("title = \"Семейный кодекс Российской Федерации\"")
    );

    let tpg = shared("de/current/TPG.md");
    let out = out_dir.join("tpg.md");
    let o = crate::kanun(&[
        "import",
        tpg.to_str().unwrap(),
        "--work",
        "/akn/de/act/1997-11-05/tpg",
        "--lang",
        "deu",
        "--date",
        "2022-03-26",
        "-o",
        out.to_str().unwrap(),
        "--json",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let json = &err[..err.rfind('}').unwrap() + 1];
    let report: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(report["provisions"]["article"], 54, "{report}");
    assert_eq!(report["inserted"]["article"], 28, "§ 1a, § 8a … : {report}");
    assert_eq!(report["words_in"], report["words_out"], "{report}");
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(
        md.contains("title = \"Gesetz über die Spende, Entnahme und Übertragung von Organen und Geweben\""),
        "{}",
        &md[..400]
    );
    // The result is corpus Markdown that parses back to the same tree.
    let again = kanun_markdown::parse(&md, None);
    assert!(!again.has_errors(), "{:?}", again.diagnostics);
    std::fs::remove_dir_all(&out_dir).ok();
}
