//! The commands, one module each.

mod annotate;
mod check;
mod data;
mod diff;
mod editor;
mod generate;
mod laws;
mod legal;
mod search;
mod serve;
mod show;

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::{Cli, Command};

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check { paths, json } => {
            let paths = if paths.is_empty() { vec![cli.corpus.clone()] } else { paths };
            check::run(&paths, json)
        }
        Command::Laws { json } => laws::run(&cli.corpus, &cli.data, json),
        Command::Annotate(c) => annotate::run(&cli.corpus, &cli.data, &cli.annotations, c),
        Command::Annotations(c) => annotate::exchange(&cli.data, &cli.annotations, c),
        Command::Editor(c) => editor::run(&cli.data, &cli.annotations, c),
        Command::Report { work, format, lang, output } => annotate::report(
            &cli.corpus,
            &cli.data,
            &cli.annotations,
            work.as_deref(),
            &format,
            &lang,
            output.as_deref(),
        ),
        Command::Index { json } => search::index(&cli.corpus, &cli.data, &cli.annotations, json),
        Command::Search { query, lang, asof, limit, page, json } => search::search(
            &cli.corpus,
            &cli.data,
            &cli.annotations,
            &query,
            lang,
            asof,
            usize::from(limit),
            page as usize,
            json,
        ),
        Command::Diff { work, draft, format, lang, instructions_lang, author, output } => diff::run(
            &cli.corpus,
            &cli.data,
            &cli.annotations,
            diff::DiffArgs {
                work: &work,
                draft: &draft,
                format,
                lang,
                instructions_lang,
                author: &author,
                output: output.as_deref(),
            },
        ),
        Command::Refs { work, eid, lang, asof, json } => {
            legal::refs(&cli.corpus, &work, &eid, lang, asof, json)
        }
        Command::Terms { work, lang, asof, json } => legal::terms(&cli.corpus, &work, lang, asof, json),
        Command::History { work, lang, json } => legal::history(&cli.corpus, &work, lang, json),
        Command::Import { file, work, lang, date, title, json, output } => legal::import(
            &file,
            legal::ImportArgs { work: work.as_deref(), lang, date, title, json },
            output.as_deref(),
        ),
        Command::Export(crate::cli::ExportCommand::Docx { work, lang, asof, word_numbering, output }) => {
            legal::export_docx(&cli.corpus, &work, lang, asof, word_numbering, &output)
        }
        Command::Export(crate::cli::ExportCommand::Akn { work, lang, asof, output }) => {
            legal::export_akn(&cli.corpus, &work, lang, asof, output.as_deref())
        }
        Command::GenCorpus { articles, lang, seed, out, vocabulary, json } => {
            generate::run(&cli.corpus, &out, articles, lang, seed, vocabulary, json)
        }
        Command::Serve {
            addr,
            web,
            request_timeout,
            header_timeout,
            max_connections,
            searches,
            public_origins,
            trusted_proxies,
            cache_mb,
        } => {
            let limits = kanun_server::Limits {
                request_timeout: std::time::Duration::from_secs(request_timeout),
                header_timeout: std::time::Duration::from_secs(header_timeout),
                max_connections: usize::try_from(max_connections).unwrap_or(usize::MAX),
                ..kanun_server::Limits::default()
            };
            let limits = match searches {
                Some(n) => {
                    kanun_server::Limits { searches: usize::try_from(n).unwrap_or(usize::MAX), ..limits }
                }
                None => limits,
            };
            let config = kanun_server::Config {
                addr,
                data: cli.data.clone(),
                corpus: cli.corpus.clone(),
                annotations: cli.annotations.clone(),
                web,
                public_origins,
                trusted_proxies,
                cache_bytes: cache_mb << 20,
            };
            serve::run(config, limits)
        }
        Command::User(c) => serve::user(&cli.data, &cli.annotations, c),
        Command::Backup { dir, json } => data::backup(&cli.data, &cli.annotations, &dir, json),
        Command::Restore { dir, json, yes } => data::restore(&cli.data, &dir, json, yes),
        Command::Show { work, eid, lang, asof, json } => {
            show::run(&cli.corpus, &work, eid.as_deref(), lang, asof, json)
        }
    }
}

/// Loads the corpus for a command that reads it; a corpus with errors still loads what is valid, and says so.
fn load_corpus(dir: &std::path::Path) -> anyhow::Result<kanun_corpus::Loaded> {
    // Commands other than `check` need no citation-by-citation check of the whole corpus.
    let loaded = kanun_corpus::load_with(&[dir.to_path_buf()], kanun_corpus::Checks::Structure)
        .with_context(|| "cannot load the corpus")?;
    let broken = loaded.files.iter().filter(|f| f.diagnostics.iter().any(|d| d.is_error())).count();
    if broken > 0 {
        warn_broken(broken);
    }
    Ok(loaded)
}

/// The corpus for a command that reads one law, or each law once: the files grouped by their front matter and
/// each law read when asked for, as [`load_corpus`] would give it, never the whole corpus held (at a million
/// articles: a fraction of a second and megabytes, not a minute and gigabytes).
fn shelf(dir: &std::path::Path) -> anyhow::Result<kanun_corpus::Shelf> {
    let plan = kanun_corpus::stream::Plan::new(dir).with_context(|| "cannot load the corpus")?;
    Ok(plan.shelf(kanun_corpus::shelf::DEFAULT_BUDGET))
}

/// Says that `broken` corpus files have errors.
fn warn_broken(broken: usize) {
    eprintln!(
        "warning: {broken} corpus file(s) have errors and were left out; run `kanun check` to see them"
    );
}

/// Writes text to standard output in one go.
fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Writes a value as pretty JSON to standard output.
fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    print(&s)
}
