//! `kanun gen-corpus`: a synthetic corpus for benchmarks, learned from the corpus and written law by law.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kanun_model::Language;

/// What a run wrote, for `--json`.
#[derive(Debug, serde::Serialize)]
struct Summary {
    out: String,
    language: String,
    seed: u64,
    files: u64,
    articles: u64,
    bytes: u64,
    seconds: f64,
    learned_words: usize,
    learned_forms: usize,
    real_lemmas: usize,
    paradigms: usize,
    synthetic_lemmas: usize,
}

/// Runs the command.
pub fn run(
    corpus: &Path,
    out: &Path,
    articles: u64,
    lang: Language,
    seed: u64,
    vocabulary: usize,
    json: bool,
) -> anyhow::Result<ExitCode> {
    if out.exists() {
        let mut entries = std::fs::read_dir(out)
            .with_context(|| format!("{} exists and is not a readable directory", out.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty; give a new directory to --out (the generator never writes over files)",
                out.display()
            );
        }
    }
    let loaded = super::load_corpus(corpus)?;
    let texts: Vec<String> = loaded
        .corpus
        .expressions()
        .filter(|e| e.meta.language == lang && e.meta.kind == kanun_model::DocKind::Law)
        .flat_map(|e| e.articles().map(|a| a.plain_text()).collect::<Vec<_>>())
        .collect();
    let model = kanun_gen::Model::learn(lang, texts.iter().map(String::as_str), vocabulary)
        .with_context(|| format!("cannot learn from the corpus in {}", corpus.display()))?;
    let generator = kanun_gen::Generator::for_language(&model, articles, seed)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;

    let bar = ProgressBar::with_draw_target(Some(articles), ProgressDrawTarget::hidden());
    if !json && std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("generating {bar:30} {pos}/{len} articles  {per_sec}  eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
    }
    let started = Instant::now();
    let (mut files, mut written, mut bytes) = (0u64, 0u64, 0u64);
    for f in generator {
        let path = out.join(&f.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let mut file =
            std::fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
        file.write_all(f.text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
        files += 1;
        written += f.articles;
        bytes += f.text.len() as u64;
        bar.set_position(written);
    }
    bar.finish_and_clear();
    let learned = model.learned();
    let summary = Summary {
        out: out.display().to_string(),
        language: lang.code().to_string(),
        seed,
        files,
        articles: written,
        bytes,
        seconds: started.elapsed().as_secs_f64(),
        learned_words: learned.words,
        learned_forms: learned.forms,
        real_lemmas: learned.real_lemmas,
        paradigms: learned.paradigms,
        synthetic_lemmas: learned.synthetic_lemmas,
    };
    if json {
        super::print_json(&summary)?;
    } else {
        eprintln!(
            "wrote {} articles in {} files ({:.1} MB) to {} in {:.1} s; vocabulary: {} real lemmas in {} paradigms + {} synthetic",
            summary.articles,
            summary.files,
            bytes as f64 / 1e6,
            summary.out,
            summary.seconds,
            learned.real_lemmas,
            learned.paradigms,
            learned.synthetic_lemmas
        );
    }
    Ok(ExitCode::SUCCESS)
}
