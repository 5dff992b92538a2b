//! The generator against the sample corpus: deterministic, exact article counts, files the corpus parser reads
//! without a diagnostic, citations that all resolve, a vocabulary with a long tail.

use std::collections::HashSet;
use std::path::Path;

use kanun_model::Language;

use kanun_gen::{GenError, GeneratedFile, Generator, Model};

fn sample_texts(lang: Language) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut out = Vec::new();
    for entry in walk(&root) {
        let src = std::fs::read_to_string(&entry).unwrap_or_default();
        let parsed = kanun_markdown::parse(&src, None);
        if let Some(e) = parsed.expression
            && e.meta.language == lang
        {
            out.extend(e.articles().map(|a| a.plain_text()));
        }
    }
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md")
                && p.file_name().is_some_and(|n| n != "README.md")
            {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn model(lang: Language) -> Model {
    let texts = sample_texts(lang);
    assert!(!texts.is_empty(), "no sample texts in {}", lang.code());
    match Model::learn(lang, texts.iter().map(String::as_str), 20_000) {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let m = model(Language::ENG);
    let a: Vec<GeneratedFile> = Generator::new(&m, 400, 42).collect();
    let b: Vec<GeneratedFile> = Generator::new(&m, 400, 42).collect();
    let c: Vec<GeneratedFile> = Generator::new(&m, 400, 43).collect();
    assert_eq!(a, b);
    assert_ne!(a, c);
    // Learning twice gives the same model, hence the same bytes.
    let again: Vec<GeneratedFile> = Generator::new(&model(Language::ENG), 400, 42).collect();
    assert_eq!(a, again);
}

#[test]
fn every_language_parses_clean_with_exact_counts_and_resolved_citations() {
    for lang in [Language::ENG, Language::RUS, Language::TUK] {
        let m = model(lang);
        let files: Vec<GeneratedFile> = Generator::new(&m, 1_500, 7).collect();
        assert_eq!(files.iter().map(|f| f.articles).sum::<u64>(), 1_500, "{}", lang.code());
        let (mut refs, mut versions, mut points, mut chapters) = (0usize, 0usize, 0usize, 0usize);
        let mut works = HashSet::new();
        for f in &files {
            let name = f.path.rsplit('/').next().unwrap_or_default();
            let parsed = kanun_markdown::parse(&f.text, Some(name));
            assert!(
                parsed.diagnostics.is_empty(),
                "{} {}: {:?}\n{}",
                lang.code(),
                f.path,
                parsed.diagnostics,
                f.text
            );
            let Some(e) = parsed.expression else { panic!("{} did not parse", f.path) };
            assert_eq!(e.meta.language, lang);
            assert_eq!(e.article_count() as u64, f.articles, "{}", f.path);
            if !works.insert(e.meta.work.to_string()) {
                versions += 1;
            }
            points += e.walk().filter(|p| p.kind == kanun_model::Kind::Point).count();
            chapters += e.walk().filter(|p| p.kind == kanun_model::Kind::Chapter).count();
            for a in kanun_refs::references(&e, None) {
                for r in a.references {
                    refs += 1;
                    for t in &r.targets {
                        assert_eq!(
                            t.state,
                            kanun_refs::State::Resolved,
                            "{} {}: {:?} in {}",
                            lang.code(),
                            f.path,
                            r.text,
                            a.eid
                        );
                    }
                }
            }
            let terms = kanun_refs::terms::terms(&e);
            assert!(e.article_count() < 3 || !terms.is_empty(), "{}: no defined terms", f.path);
        }
        assert!(refs > 100, "{}: only {refs} citations", lang.code());
        assert!(versions > 0, "{}: no amended expression", lang.code());
        assert!(points > 500 && chapters > 50, "{}: {points} points, {chapters} chapters", lang.code());
    }
}

#[test]
fn the_vocabulary_has_a_long_tail_beyond_the_sample() {
    let m = model(Language::RUS);
    let learned = m.learned();
    assert!(learned.real_lemmas > 500 && learned.paradigms > 50, "{learned:?}");
    assert_eq!(learned.synthetic_lemmas, 20_000);
    let text: String = Generator::new(&m, 3_000, 1).map(|f| f.text).collect();
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for w in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        *counts.entry(w).or_default() += 1;
    }
    assert!(
        counts.len() > 3 * learned.forms,
        "{} distinct forms from {} learned",
        counts.len(),
        learned.forms
    );
    // Zipf-like: the frequency of the word of rank r falls roughly as 1/r between ranks 10 and 1,000.
    let mut freq: Vec<usize> = counts.values().copied().collect();
    freq.sort_unstable_by(|a, b| b.cmp(a));
    let slope = ((freq[999] as f64).ln() - (freq[9] as f64).ln()) / (1000f64.ln() - 10f64.ln());
    assert!((-1.6..=-0.6).contains(&slope), "rank-frequency slope {slope}");
}

#[test]
fn too_little_text_and_unknown_language_are_errors() {
    let err = Model::learn(Language::ENG, ["A few words only."], 10).err();
    assert!(matches!(err, Some(GenError::TooLittleText { words: 4, .. })), "{err:?}");
    let text = "Ein Gesetz regelt die Rechte der Menschen, die Hilfe brauchen. ".repeat(300);
    let m = Model::learn(Language::DEU, [text.as_str()], 10).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(Generator::for_language(&m, 10, 1), Err(GenError::Language(l)) if l == "deu"));
    assert_eq!(Generator::new(&m, 10, 1).count(), 0);
}

#[test]
fn one_long_law_has_exactly_the_articles_asked() {
    let m = model(Language::ENG);
    let f = Generator::new(&m, 0, 3).law(1_000);
    let parsed = kanun_markdown::parse(&f.text, f.path.rsplit('/').next());
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    assert_eq!(parsed.expression.map(|e| e.article_count()), Some(1_000));
}
