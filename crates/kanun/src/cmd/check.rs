//! `kanun check`: validate corpus files.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use kanun_model::diag::Diagnostic;
use serde::Serialize;

use super::{print, print_json};

#[derive(Serialize)]
struct FileJson<'a> {
    path: String,
    expression: Option<String>,
    diagnostics: &'a [Diagnostic],
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    works: usize,
    expressions: usize,
    /// Articles per language, over all expressions.
    articles: BTreeMap<String, usize>,
    errors: usize,
    warnings: usize,
}

pub fn run(paths: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    let loaded = kanun_corpus::load_paths(paths)?;
    let mut articles: BTreeMap<String, usize> = BTreeMap::new();
    for e in loaded.corpus.expressions() {
        *articles.entry(e.meta.language.code().to_string()).or_default() += e.article_count();
    }
    let summary = Summary {
        files: loaded.files.len(),
        works: loaded.corpus.len(),
        expressions: loaded.corpus.expressions().count(),
        articles,
        errors: loaded.error_count(),
        warnings: loaded.warning_count(),
    };
    if json {
        let files: Vec<FileJson<'_>> = loaded
            .files
            .iter()
            .map(|f| FileJson {
                path: f.path.display().to_string(),
                expression: f.expression.as_ref().map(ToString::to_string),
                diagnostics: &f.diagnostics,
            })
            .collect();
        print_json(&serde_json::json!({ "files": files, "summary": summary }))?;
    } else {
        let mut out = String::new();
        for f in loaded.files.iter().filter(|f| !f.diagnostics.is_empty()) {
            out.push_str(&f.render_diagnostics());
            out.push('\n');
        }
        let per_lang: Vec<String> = summary.articles.iter().map(|(l, n)| format!("{l} {n}")).collect();
        out.push_str(&format!(
            "checked {} files: {} works, {} expressions, articles {}; {} errors, {} warnings\n",
            summary.files,
            summary.works,
            summary.expressions,
            if per_lang.is_empty() { "none".to_string() } else { per_lang.join(", ") },
            summary.errors,
            summary.warnings
        ));
        print(&out)?;
    }
    Ok(if summary.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
