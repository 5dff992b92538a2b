//! The corpus read one work at a time gives what the corpus loaded whole gives: the same works in the same
//! order, the same catalog, the same citation graph; on the sample corpus and on a corpus with the faults a
//! reader meets (a work's files in two directories, a duplicate expression, broken front matter, a broken body,
//! a file that is not UTF-8, a link out of the corpus).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kanun_corpus::stream::Plan;
use kanun_corpus::{Catalog, Checks, CorpusError};
use kanun_model::{Language, Library as _, Work};

/// Reads `root` both ways and asserts they agree; returns the streamed catalog.
fn agree(root: &Path) -> kanun_corpus::stream::Streamed {
    let loaded =
        kanun_corpus::load_with(&[root.to_path_buf()], Checks::Structure).unwrap_or_else(|e| panic!("{e}"));
    let plan = Plan::new(root).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.works(), loaded.corpus.len(), "works counted from the front matter alone");
    let mut works: Vec<Work> = Vec::new();
    let read = plan
        .read("fp".into(), true, &mut |w| {
            works.push(w.clone());
            Ok::<(), CorpusError>(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let whole: Vec<&Work> = loaded.corpus.works().collect();
    assert_eq!(works.len(), whole.len());
    for (got, want) in works.iter().zip(&whole) {
        assert_eq!(got, *want, "{} differs", want.uri());
    }
    assert_eq!(read.catalog, Catalog::of_loaded(&loaded, root, "fp".into()));
    // A command that needs one law reads it alone, as the loader gives it.
    let shelf = Plan::new(root).unwrap_or_else(|e| panic!("{e}")).shelf(1);
    for want in &whole {
        let got = shelf.work(want.uri().name()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&*got, *want, "{} read alone", want.uri());
    }
    assert!(shelf.work("no-such-law").is_err());
    assert_eq!(read.files, loaded.files.len());
    let languages: Vec<Language> = read.catalog.works.iter().flat_map(|w| w.languages.clone()).collect();
    let mut want: BTreeMap<Language, kanun_refs::Graph> = BTreeMap::new();
    for lang in languages {
        want.insert(lang, kanun_corpus::citations::build(&loaded.corpus, lang));
    }
    assert_eq!(read.graphs.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>());
    for (lang, g) in &want {
        assert_eq!(read.graphs[lang].incoming, g.incoming, "who cites what in {lang}");
    }
    read
}

#[test]
fn the_sample_corpus_streamed_is_the_sample_corpus_loaded() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let read = agree(&root);
    let catalog = read.catalog;
    // Acts cite each other in the sample corpus: the graph resolved them through the cited acts read on demand.
    let across = read.graphs[&Language::ENG]
        .incoming
        .iter()
        .filter(|((w, _), list)| list.iter().any(|i| &i.work != w));
    assert!(across.count() > 0);
    assert!(catalog.works.len() >= 7 && catalog.broken_files == 0);
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kanun-stream-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn write(root: &Path, rel: &str, text: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap_or(root)).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
}

fn law(work: &str, title: &str, lang: &str, date: &str, body: &str) -> String {
    format!(
        "+++\nwork = \"/akn/tm/act/2020-01-01/{work}\"\ntitle = \"{title}\"\nlanguage = \"{lang}\"\ndate = {date}\n\
         status = \"in-force\"\nsource = \"illustrative\"\n+++\n\n# {title}\n\n{body}"
    )
}

#[test]
fn a_faulty_corpus_streamed_is_the_same_corpus_loaded() {
    let root = scratch("faults");
    let cited = "## Article 1. Scope\n\n1. This Law applies to everyone.\n\n2. It applies from birth.\n\n\
                 ## Article 2. Terms\n\nTerms are defined in Article 1.\n";
    write(&root, "tm/a/eng@2020-01-01.md", law("a", "On Alpha", "eng", "2020-01-01", cited).as_bytes());
    // The same work's later text, filed in another directory: still one work.
    write(&root, "elsewhere/eng@2021-01-01.md", law("a", "On Alpha", "eng", "2021-01-01", cited).as_bytes());
    // The same expression twice (E017: the second is left out).
    write(&root, "tm/a/copy/eng@2020-01-01.md", law("a", "On Alpha", "eng", "2020-01-01", cited).as_bytes());
    // A law citing the first by its title, with a body error (an article heading without a number).
    let citing = "## Article 1. Links\n\nAs part 2 of Article 1 of the Law \"On Alpha\" says.\n\n## Article\n\nNothing.\n";
    write(&root, "tm/b/eng@2020-01-01.md", law("b", "On Beta", "eng", "2020-01-01", citing).as_bytes());
    // Front matter that does not close, and a file that is not UTF-8.
    write(&root, "tm/c/eng@2020-01-01.md", b"+++\nwork = \"/akn/tm/act/2020-01-01/c\"\n");
    write(&root, "tm/d/eng@2020-01-01.md", &[b'+', b'+', b'+', b'\n', 0xff, 0xfe, b'\n']);
    // A front matter longer than the part read first.
    let long_note = "x".repeat(40_000);
    let long = law("e", "On Epsilon", "eng", "2020-01-01", cited).replacen(
        "source = \"illustrative\"\n",
        &format!("source = \"illustrative\"\nnote = \"{long_note}\"\n"),
        1,
    );
    write(&root, "tm/e/eng@2020-01-01.md", long.as_bytes());
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/hostname", root.join("tm/link.md")).unwrap_or_else(|e| panic!("{e}"));
    let read = agree(&root);
    let by_b = read.graphs[&Language::ENG].cited_by("/akn/tm/act/2020-01-01/a", "art_1__para_2");
    assert_eq!(by_b.iter().map(|i| i.work.as_str()).collect::<Vec<_>>(), ["/akn/tm/act/2020-01-01/b"]);
    let catalog = read.catalog;
    assert_eq!(
        catalog.works.len(),
        3,
        "a, b and e: {:?}",
        catalog.works.iter().map(|w| &w.uri).collect::<Vec<_>>()
    );
    assert!(
        catalog.broken_files >= 3,
        "the duplicate, the unclosed front matter, the bytes: {}",
        catalog.broken_files
    );
    let a = &catalog.works[0];
    assert_eq!(a.expressions.len(), 2);
    assert_eq!(a.expressions[1].file, Path::new("elsewhere/eng@2021-01-01.md"));
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn an_error_of_the_caller_stops_the_reading_and_is_returned() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let plan = Plan::new(&root).unwrap_or_else(|e| panic!("{e}"));
    let mut seen = 0;
    let r = plan.read(String::new(), false, &mut |_| {
        seen += 1;
        if seen == 2 { Err("full disk") } else { Ok(()) }
    });
    assert_eq!(r.err(), Some("full disk"));
    assert_eq!(seen, 2);
    assert!(matches!(Plan::new(&root.join("no-such-dir")), Err(CorpusError::NotFound { .. })));
}
