//! Relevance on the bundled corpus: the judged queries in `tests/relevance/queries.tsv` (English, Russian and
//! Turkmen: inflected words, phrases, filters, typos, prefixes, point in time), each with the articles a reader
//! expects among the first three hits. Recall@3 must be at least 0.9; on failure the per-query table is printed.

use std::path::Path;

use kanun_search::{SearchIndex, SearchOptions};

use crate::bad_inputs::tempdir;

#[test]
fn recall_at_3_is_at_least_0_9() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let judged = std::fs::read_to_string(root.join("tests/relevance/queries.tsv")).unwrap();
    let corpus = kanun_corpus::load(&root.join("corpus")).unwrap().corpus;
    let dir = tempdir("relevance");
    let mut ix = SearchIndex::open(&dir).unwrap();
    ix.sync(&corpus, &mut |_| {}).unwrap();
    let mut table = Vec::new();
    let (mut total, mut found) = (0, 0);
    let mut langs = std::collections::BTreeSet::new();
    for line in judged.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (q, expected) = line.split_once('\t').unwrap();
        let parsed = kanun_query::parse(q).unwrap_or_else(|e| panic!("{q}: {e}"));
        let r = ix.search(&parsed, &SearchOptions { limit: 3, ..SearchOptions::default() }).unwrap();
        let top: Vec<String> =
            r.hits.iter().map(|h| format!("{}#{}", h.work.rsplit('/').next().unwrap(), h.eid)).collect();
        langs.extend(r.hits.iter().map(|h| h.language.clone()));
        let ok = expected.split('|').any(|e| top.contains(&e.to_string()));
        total += 1;
        found += usize::from(ok);
        table.push(format!("{} | {q} | {expected} | {}", if ok { "ok  " } else { "MISS" }, top.join(", ")));
    }
    let recall = found as f64 / total as f64;
    println!("recall@3 = {found}/{total} = {recall:.3}");
    assert!(total >= 40, "at least 40 judged queries");
    assert!(
        ["eng", "rus", "tuk"].iter().all(|l| langs.contains(*l)),
        "queries in three languages: {langs:?}"
    );
    assert!(recall >= 0.9, "recall@3 = {recall:.3}\n{}", table.join("\n"));
    std::fs::remove_dir_all(dir).ok();
}
