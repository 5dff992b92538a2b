//! Redlines between consecutive real versions of German laws (`../shared/corpora/de/versions/`): they must
//! show exactly the real changes.

use kanun_model::Expression;
use kanun_redline::{RowKind, Side, compare};

use crate::real_texts::german;

fn version(rel: &str) -> Expression {
    let parsed = german(&format!("de/versions/{rel}"));
    let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{rel}: {errors:?}");
    parsed.expression.unwrap()
}

fn changed_articles(r: &kanun_redline::Redline) -> Vec<String> {
    r.changed_articles().map(|row| format!("{} {}", row.class, row.label())).collect()
}

#[test]
fn tpg_doubled_spaces_in_headings_are_no_change() {
    let r = compare(&version("TPG/TPG@2012-09-11.md"), &version("TPG/TPG@2012-10-18.md"), &[]);
    let changed: Vec<String> = r
        .rows
        .iter()
        .filter(|row| row.changed())
        .map(|row| format!("{:?} {}", row.kind, row.label()))
        .collect();
    assert!(changed.is_empty(), "{changed:?}");
    assert!(r.summary.unchanged > 20, "{:?}", r.summary);
}

#[test]
fn gg_2012_08_06_inserts_one_item_in_article_93() {
    let r = compare(&version("GG/GG@2012-08-03.md"), &version("GG/GG@2012-08-06.md"), &[]);
    assert_eq!(changed_articles(&r), ["modified Art 93"]);
    let row = r.changed_articles().next().unwrap();
    let changed: Vec<String> = row.lines.iter().filter(|l| l.changed()).map(|l| l.accepted()).collect();
    assert_eq!(
        changed,
        [
            "4c. über Beschwerden von Vereinigungen gegen ihre Nichtanerkennung als Partei für die Wahl zum Bundestag;"
        ]
    );
    // Only the citation of the last amendment in the preamble changed besides.
    let other: Vec<RowKind> = r
        .rows
        .iter()
        .filter(|row| row.changed() && row.kind != RowKind::Article)
        .map(|row| row.kind)
        .collect();
    assert_eq!(other, [RowKind::Preamble]);
}

#[test]
fn bgg_2022_reform_aligns_its_sections() {
    // Verified by reading both versions: §§ 1–10 keep their numbers and subjects (§ 1 and § 3 rewritten in the
    // language of the CRPD); § 11 on accessible IT became § 12a in the new Abschnitt 2a; the old §§ 12–15 on
    // remedies and the Federal Commissioner became §§ 14, 15, 17, 18; §§ 11, 12, 12b–12l, 13, 16 and 19 are new.
    let r = compare(&version("BGG/BGG@2012-08-03.md"), &version("BGG/BGG@2022-01-28.md"), &[]);
    let mut list: Vec<String> = r
        .rows
        .iter()
        .filter(|row| row.kind == RowKind::Article && !(row.side == Side::Base && row.moved))
        .map(|row| format!("{} {}", row.class, row.label()))
        .collect();
    list.sort();
    let mut want: Vec<String> = (1..=10).map(|n| format!("modified § {n}")).collect();
    want.extend(
        ["renumbered § 11 → § 12a", "renumbered § 12 → § 14", "renumbered § 13 → § 15"].map(String::from),
    );
    want.extend(["renumbered § 14 → § 17", "renumbered § 15 → § 18"].map(String::from));
    for n in [
        "11", "12", "12b", "12c", "12d", "12e", "12f", "12g", "12h", "12i", "12j", "12k", "12l", "13", "16",
        "19",
    ] {
        want.push(format!("new § {n}"));
    }
    want.sort();
    assert_eq!(list, want);
    assert_eq!((r.summary.repealed, r.summary.split, r.summary.merged), (0, 0, 0));
}
