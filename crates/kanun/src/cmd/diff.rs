//! `kanun diff`: a draft against the law in force, in every format a working group uses.

use std::io::{IsTerminal as _, Write as _};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use kanun_model::{Date, Expression, Language};

use super::{load_corpus, print};

/// What `kanun diff` writes.
pub struct DiffArgs<'a> {
    /// The amended work (URI or short name).
    pub work: &'a str,
    /// A draft file, or the short name or URI of a draft work in the corpus.
    pub draft: &'a str,
    /// The format.
    pub format: kanun_workbench::ExportFormat,
    /// Language of the draft taken from the corpus (and of the base).
    pub lang: Option<Language>,
    /// Language of the instructions (eng, rus or tuk; default: the draft's language).
    pub instructions_lang: Option<Language>,
    /// Author written on DOCX tracked changes.
    pub author: &'a str,
    /// Output file.
    pub output: Option<&'a Path>,
}

/// Runs `kanun diff`.
pub fn run(corpus_dir: &Path, data: &Path, annotations: &Path, a: DiffArgs<'_>) -> anyhow::Result<ExitCode> {
    let loaded = load_corpus(corpus_dir)?;
    let corpus = &loaded.corpus;
    let draft = read_draft(corpus, a.draft, a.lang)?;
    let base = kanun_workbench::drafts::base_of(corpus, &draft, Some(a.work))?;
    let notes = match super::annotate::open_store(data, annotations) {
        Ok(store) => store.list(&kanun_store::Filter::default()).unwrap_or_default(),
        Err(e) => {
            eprintln!("warning: annotations are not shown ({e:#})");
            Vec::new()
        }
    };
    let r = kanun_redline::redline(&base, &draft, &notes)?;
    let binary = a.format.is_binary();
    if binary && a.output.is_none() && std::io::stdout().is_terminal() {
        bail!("DOCX is a binary file: give -o FILE.docx (or redirect the output)");
    }
    let o = kanun_workbench::ExportOptions {
        format: a.format,
        author: a.author,
        instructions_lang: a.instructions_lang,
    };
    let bytes = kanun_workbench::export::redline_bytes(&r, &base, &draft, &o)?;
    match a.output {
        Some(path) => {
            std::fs::write(path, &bytes).with_context(|| format!("cannot write {}", path.display()))?
        }
        None if binary => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
        None => print(&String::from_utf8_lossy(&bytes))?,
    }
    if std::io::stderr().is_terminal() && a.output.is_some() {
        let s = &r.summary;
        eprintln!(
            "{} → {}: {} modified, {} renumbered, {} new, {} repealed, {} split, {} merged, {} unchanged",
            r.base, r.draft, s.modified, s.renumbered, s.new, s.repealed, s.split, s.merged, s.unchanged
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The draft: a file when the path exists, else a draft work of the corpus.
fn read_draft(
    corpus: &kanun_model::Corpus,
    draft: &str,
    lang: Option<Language>,
) -> anyhow::Result<Expression> {
    let path = Path::new(draft);
    if path.is_file() {
        let (report, expr) = kanun_corpus::read_file(path);
        if report.diagnostics.iter().any(|d| d.is_error()) {
            eprintln!("{}", report.render_diagnostics());
            bail!("{} has errors; fix them (see above) and run again", path.display());
        }
        return expr.with_context(|| format!("{} holds no draft", path.display()));
    }
    let work = corpus.work(draft).map_err(|e| {
        anyhow::anyhow!(
            "{draft:?} is neither a file nor a work in the corpus ({e}); give the path of a draft file"
        )
    })?;
    let e = work.at(work.language_or_default(lang), None::<Date>).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(e.clone())
}
