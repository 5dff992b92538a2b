//! The index on small corpora built in the test: stemmed search in three languages, phrases, filters,
//! point-in-time, snippets, facets, and incremental re-indexing.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::path::PathBuf;

use kanun_model::Corpus;
use kanun_search::{SearchIndex, SearchOptions, SearchResults};

fn law(work: &str, lang: &str, date: &str, body: &str) -> String {
    format!(
        "+++\nwork = \"{work}\"\ntitle = \"T {lang}\"\nlanguage = \"{lang}\"\ndate = {date}\nsource = \"illustrative\"\n+++\n# Law\n\n{body}"
    )
}

const SS: &str = "/akn/tm/act/2021-12-18/social-services";
const SW: &str = "/akn/tm/act/2019-11-09/social-work";

fn corpus(texts: &[String]) -> Corpus {
    let mut c = Corpus::new();
    for t in texts {
        let p = kanun_markdown::parse(t, None);
        assert!(!p.has_errors(), "{:#?}", p.diagnostics);
        c.insert(p.expression.unwrap()).unwrap();
    }
    c
}

fn base() -> Vec<String> {
    vec![
        law(
            SS,
            "rus",
            "2022-01-01",
            "## Глава I. Общие положения\n\n### Статья 1. Основные понятия\n\n1. Используются понятия:\n   1) социальная услуга — помощь;\n   2) поставщик социальных услуг — организация.\n\n### Статья 2. Учёт\n\nУчёт получателей ведётся органом.\n",
        ),
        law(
            SS,
            "eng",
            "2022-01-01",
            "## Chapter I. General\n\n### Article 1. Basic concepts\n\n1. Concepts:\n   1) social service — help;\n   2) provider of social services — an organisation.\n\n### Article 2. Records\n\nRecords of recipients are kept by the body.\n",
        ),
        law(
            SS,
            "eng",
            "2024-07-01",
            "## Chapter I. General\n\n### Article 1. Basic concepts\n\n1. Concepts:\n   1) social service — help;\n   2) provider of social services — a licensed organisation.\n\n### Article 2. Records\n\nRecords of recipients are kept by the social worker.\n",
        ),
        law(
            SS,
            "tuk",
            "2022-01-01",
            "## I bap. Umumy düzgünler\n\n### 1-nji madda. Esasy düşünjeler\n\n1. Düşünjeler:\n   1) sosial hyzmatlar — kömek;\n   2) hyzmat ediji — gurama.\n\n### 2-nji madda. Hasaba alyş\n\nÇagalaryň hasaby alnyp barylýar.\n",
        ),
        law(
            SW,
            "eng",
            "2020-01-01",
            "### Article 1. Social workers\n\nA social worker holds a diploma.\n\n### Article 2. Training\n\nTraining lasts 72 hours.\n",
        ),
    ]
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kanun-search-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&d).ok();
    d
}

fn search(ix: &SearchIndex, q: &str) -> SearchResults {
    ix.search(&kanun_query::parse(q).unwrap(), &SearchOptions::default()).unwrap()
}

fn ids(r: &SearchResults) -> Vec<String> {
    r.hits.iter().map(|h| format!("{}@{}#{}", h.language, h.date, h.eid)).collect()
}

#[test]
fn searches_in_three_languages_with_filters_and_time() {
    let dir = tempdir("three");
    let mut ix = SearchIndex::open(&dir).unwrap();
    let report = ix.sync(&corpus(&base()), &mut |_| {}).unwrap();
    assert_eq!(report.added.len(), 2);
    assert_eq!(report.documents, 10);

    // Russian inflection, with highlights on the matched forms.
    let r = search(&ix, "социальная услуга lang:rus");
    assert_eq!(ids(&r), ["rus@2022-01-01#art_1"]);
    assert!(r.hits[0].snippet_html.contains("<mark>социальная</mark>"), "{}", r.hits[0].snippet_html);
    assert_eq!(r.hits[0].matched_eid, "art_1__para_1__point_1");
    assert_eq!(r.hits[0].parallel, ["eng", "tuk"]);
    // ё and е are one letter to the search.
    assert_eq!(ids(&search(&ix, "учет")), ["rus@2022-01-01#art_2"]);
    // Turkmen suffixes, and Turkmen typed without its letters.
    assert_eq!(ids(&search(&ix, "hyzmatlaryň")), ["tuk@2022-01-01#art_1"]);
    assert_eq!(ids(&search(&ix, "cagalar")), ["tuk@2022-01-01#art_2"]);
    // Current texts by default; asof picks the text in force then.
    let mut both = ids(&search(&ix, "\"social worker\""));
    both.sort();
    assert_eq!(both, ["eng@2020-01-01#art_1", "eng@2024-07-01#art_2"]);
    assert_eq!(ids(&search(&ix, "\"social worker\" asof:2021-01-01")), ["eng@2020-01-01#art_1"]);
    assert_eq!(ids(&search(&ix, "records asof:2023-01-01")), ["eng@2022-01-01#art_2"]);
    // Filters, boolean operators, fuzzy and prefix words.
    assert_eq!(search(&ix, "law:social-work").total, 2);
    assert_eq!(ids(&search(&ix, "organisation -licensed")), Vec::<String>::new());
    assert_eq!(ids(&search(&ix, "recipients art:2 lang:eng")), ["eng@2024-07-01#art_2"]);
    assert_eq!(ids(&search(&ix, "diplmoa~2")), ["eng@2020-01-01#art_1"]);
    assert_eq!(ids(&search(&ix, "train*")), ["eng@2020-01-01#art_2"]);
    assert_eq!(search(&ix, "training OR diploma").total, 2);
    // Chapter titles are searched with the articles they hold.
    let mut general = ids(&search(&ix, "general lang:eng"));
    general.sort();
    assert_eq!(general, ["eng@2024-07-01#art_1", "eng@2024-07-01#art_2"]);
    assert_eq!(ids(&search(&ix, "\"общие положения\" art:2")), ["rus@2022-01-01#art_2"]);
    // Facets count all matches.
    let r = search(&ix, "social");
    let langs: Vec<&str> = r.facets["lang"].iter().map(|(l, _)| l.as_str()).collect();
    assert!(langs.contains(&"eng"), "{:?}", r.facets);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn absurdly_long_words_do_not_break_indexing() {
    let dir = tempdir("long");
    let mut ix = SearchIndex::open(&dir).unwrap();
    let long = "ж".repeat(40_000);
    let t = vec![law(
        SW,
        "rus",
        "2020-01-01",
        &format!("### Статья 1. Длина\n\nСлово {long} и сельскохозяйственного.\n"),
    )];
    ix.sync(&corpus(&t), &mut |_| {}).unwrap();
    assert_eq!(search(&ix, "сельскохозяйственный").total, 1);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn snippets_escape_html() {
    let dir = tempdir("escape");
    let mut ix = SearchIndex::open(&dir).unwrap();
    let t = vec![law(
        SW,
        "eng",
        "2020-01-01",
        "### Article 1. Tags\n\nThe \\<script\\>alert(1)\\</script\\> tag is text.\n",
    )];
    ix.sync(&corpus(&t), &mut |_| {}).unwrap();
    let r = search(&ix, "tag");
    assert!(r.hits[0].snippet_html.contains("&lt;script&gt;"), "{}", r.hits[0].snippet_html);
    assert!(!r.hits[0].snippet_html.contains("<script>"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn re_indexes_only_what_changed() {
    let dir = tempdir("incremental");
    let mut texts = base();
    let mut ix = SearchIndex::open(&dir).unwrap();
    ix.sync(&corpus(&texts), &mut |_| {}).unwrap();
    let before = ix.len();
    // Unchanged corpus: nothing is written.
    let r = ix.sync(&corpus(&texts), &mut |_| {}).unwrap();
    assert_eq!((r.added.len(), r.updated.len(), r.removed.len(), r.unchanged, r.documents), (0, 0, 0, 2, 0));
    // Edit one work: only its documents are rewritten.
    texts[4] = texts[4].replace("72 hours", "96 hours");
    let r = ix.sync(&corpus(&texts), &mut |_| {}).unwrap();
    assert_eq!(r.updated, [SW]);
    assert_eq!(r.unchanged, 1);
    assert_eq!(r.documents, 2);
    assert_eq!(ix.len(), before);
    assert_eq!(search(&ix, "96").total, 1);
    assert_eq!(search(&ix, "72").total, 0);
    // Remove a work: its documents disappear.
    texts.pop();
    let r = ix.sync(&corpus(&texts), &mut |_| {}).unwrap();
    assert_eq!(r.removed, [SW]);
    assert_eq!(ix.len(), before - 2);
    assert_eq!(search(&ix, "training").total, 0);
    drop(ix);
    // Reopening keeps the index and its bookkeeping.
    let mut ix = SearchIndex::open(&dir).unwrap();
    assert_eq!(ix.len(), before - 2);
    assert_eq!(ix.sync(&corpus(&texts), &mut |_| {}).unwrap().documents, 0);
    drop(ix);
    // An index written by another schema version is rebuilt, and says so.
    let meta = dir.join("kanun-index.json");
    let old = std::fs::read_to_string(&meta)
        .unwrap()
        .replace(&format!("\"schema_version\": {}", kanun_search::SCHEMA_VERSION), "\"schema_version\": 0");
    std::fs::write(&meta, old).unwrap();
    let mut ix = SearchIndex::open(&dir).unwrap();
    let r = ix.sync(&corpus(&texts), &mut |_| {}).unwrap();
    assert!(r.rebuilt.as_deref().unwrap().contains("schema version 0"), "{r:?}");
    assert_eq!(ix.len(), before - 2);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_sync_given_work_by_work_and_left_unfinished_changes_nothing() {
    let dir = tempdir("syncer");
    let mut texts = base();
    let mut ix = SearchIndex::open(&dir).unwrap();
    ix.sync(&corpus(&texts), &mut |_| {}).unwrap();
    let before = ix.len();
    // A reader that fails half-way (a file gone, a full disk): the syncer is dropped before it finishes.
    texts[4] = texts[4].replace("72 hours", "96 hours");
    let changed = corpus(&texts);
    {
        let mut progress = |_| {};
        let mut syncer = ix.syncer(changed.len(), &mut progress).unwrap();
        for w in changed.works().filter(|w| w.uri().to_string() == SW) {
            syncer.add(w).unwrap();
        }
    }
    assert_eq!((ix.len(), search(&ix, "96").total, search(&ix, "72").total), (before, 0, 1));
    // The bookkeeping did not take the unfinished sync's hashes: the next sync still sees the change.
    let r = ix.sync(&changed, &mut |_| {}).unwrap();
    assert_eq!(r.updated, [SW]);
    assert_eq!((search(&ix, "96").total, search(&ix, "72").total), (1, 0));
    // Given work by work, the works not given are removed.
    let mut progress = |_| {};
    let mut syncer = ix.syncer(1, &mut progress).unwrap();
    for w in changed.works().filter(|w| w.uri().to_string() != SW) {
        syncer.add(w).unwrap();
    }
    let r = syncer.finish().unwrap();
    assert_eq!((r.removed.as_slice(), r.unchanged), ([SW.to_string()].as_slice(), 1));
    assert_eq!(search(&ix, "96").total, 0);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn prefix_and_fuzzy_words_are_ranked_by_bm25_over_their_expansions() {
    let dir = tempdir("ranked");
    let mut ix = SearchIndex::open(&dir).unwrap();
    // In document order the passing mention comes first; the article about pensions comes last.
    let t = vec![law(
        SW,
        "eng",
        "2020-01-01",
        "### Article 1. Records\n\nRecords of the body, its staff, its budget, its buildings, its vehicles, its \
         archives and its pensioners are kept for ten years by the archive of the body.\n\n\
         ### Article 2. Training\n\nTraining lasts 72 hours.\n\n\
         ### Article 3. Pensions\n\nA pension is paid monthly. The pension of a pensioner is indexed; pensions are \
         paid to every pensioner.\n",
    )];
    ix.sync(&corpus(&t), &mut |_| {}).unwrap();
    for q in ["pension*", "pensioners~", "pensionr~2"] {
        let r = search(&ix, q);
        assert_eq!(ids(&r), ["eng@2020-01-01#art_3", "eng@2020-01-01#art_1"], "{q}");
        assert!(
            r.hits[0].score > r.hits[1].score,
            "{q}: {:?}",
            r.hits.iter().map(|h| h.score).collect::<Vec<_>>()
        );
        assert!(r.hits[0].snippet_html.contains("<mark>"), "{q}: {}", r.hits[0].snippet_html);
    }
    assert_eq!(ids(&search(&ix, "pensoin~")), ["eng@2020-01-01#art_3"]);
    // A prefix that matches nothing is an empty answer, not an error.
    assert_eq!(search(&ix, "zzq*").total, 0);
    std::fs::remove_dir_all(dir).ok();
}

fn note(id: &str, body: &str) -> kanun_model::annotation::Annotation {
    let line = format!(
        r#"{{"id":"{id}","target":{{"work":"{SW}","expression":"{SW}/eng@2020-01-01","wid":"art_1","eid":"art_1"}},"type":"comment","status":"open","priority":"medium","author":"G. Orazova","created":"2026-11-23T01:00:41Z","modified":"2026-11-23T01:00:41Z","revision":1,"body":"{body}"}}"#
    );
    serde_json::from_str(&line).unwrap()
}

/// A full disk kills tantivy's indexing thread, and a writer whose thread died refuses every later document: the
/// kept writer of annotation updates must be replaced after a failure, or no note is searchable until a restart.
#[test]
fn annotation_updates_recover_after_the_disk_was_full() {
    let dir = tempdir("full-disk");
    let mut ix = SearchIndex::open(&dir).unwrap();
    ix.sync(&corpus(&base()), &mut |_| {}).unwrap();
    let title = |_: &kanun_model::annotation::Annotation| "Social work".to_string();
    ix.update_annotations(&[("n1".into(), Some(note("n1", "caseload ceiling")))], &title).unwrap();
    assert_eq!(search(&ix, "kind:annotation ceiling").total, 1);

    ix.simulate_full_disk(true);
    let failed = ix.update_annotations(&[("n2".into(), Some(note("n2", "supervision quota")))], &title);
    assert!(failed.is_err(), "a write to a full disk must be reported, not acknowledged");
    ix.simulate_full_disk(false);

    // Room again: the next update succeeds, and both the earlier and the new note are found.
    ix.update_annotations(&[("n2".into(), Some(note("n2", "supervision quota")))], &title).unwrap();
    assert_eq!(search(&ix, "kind:annotation quota").total, 1);
    assert_eq!(search(&ix, "kind:annotation ceiling").total, 1);
    std::fs::remove_dir_all(&dir).ok();
}

/// The segment tables (facets) and window sets are kept across commits for the segments still searched: after
/// annotations are added, changed and removed, a search gives what an index opened afresh on the same files (its
/// caches empty) gives.
#[test]
fn kept_segment_tables_give_what_a_fresh_index_gives() {
    let dir = tempdir("kept-tables");
    let mut ix = SearchIndex::open(&dir).unwrap();
    ix.sync(&corpus(&base()), &mut |_| {}).unwrap();
    let title = |_: &kanun_model::annotation::Annotation| "Social work".to_string();
    let queries = ["kind:annotation", "kind:annotation caseload", "pension", "social"];
    let answers = |ix: &SearchIndex| -> Vec<String> {
        queries
            .iter()
            .map(|q| {
                let r = search(ix, q);
                let hits: Vec<(&str, &str)> =
                    r.hits.iter().map(|h| (h.expression.as_str(), h.eid.as_str())).collect();
                format!("{q}: {} {hits:?} {:?} {:?}", r.total, r.facets, r.facets_more)
            })
            .collect()
    };
    // Every table made before the first update.
    let _ = answers(&ix);
    let steps: [&[(String, Option<kanun_model::annotation::Annotation>)]; 3] = [
        &[
            ("n1".into(), Some(note("n1", "caseload ceiling"))),
            ("n2".into(), Some(note("n2", "caseload quota"))),
        ],
        &[("n1".into(), Some(note("n1", "pension caseload")))],
        &[("n2".into(), None)],
    ];
    for (i, step) in steps.iter().enumerate() {
        ix.update_annotations(step, &title).unwrap();
        let kept = answers(&ix);
        let fresh = answers(&SearchIndex::open(&dir).unwrap());
        assert_eq!(kept, fresh, "after update {i}");
    }
    assert!(answers(&ix)[1].starts_with("kind:annotation caseload: 1 "), "{:?}", answers(&ix));
    std::fs::remove_dir_all(&dir).ok();
}
