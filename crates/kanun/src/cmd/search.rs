//! `kanun index` and `kanun search`.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kanun_model::{Date, Language};
use kanun_search::{SearchIndex, SearchOptions, SyncEvent, SyncReport};

use super::{print, print_json};

/// Opens the index and brings it in line with the corpus, with a progress bar on a terminal. The corpus is
/// read one work at a time ([`kanun_corpus::stream`]): the index, the catalog and who cites what are made as
/// the works go by, and no more than a few works are held at once.
fn refresh(
    corpus_dir: &Path,
    data: &Path,
    annotations: &Path,
    verbose: bool,
    opened: Option<SearchIndex>,
    fingerprint: &str,
) -> anyhow::Result<(SearchIndex, Refreshed)> {
    let plan = kanun_corpus::stream::Plan::new(corpus_dir).with_context(|| "cannot load the corpus")?;
    if opened.is_none() {
        super::data::prepare(data)?;
    }
    let dir = data.join("index");
    // An index opened already is used as it is: opening it again would lose why it was rebuilt, if it was.
    let mut index = match opened {
        Some(i) => i,
        None => SearchIndex::open(&dir)
            .with_context(|| format!("cannot open the search index in {}", dir.display()))?,
    };
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
    if verbose && std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("indexing {bar:30} {pos}/{len} works  {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
    }
    // Who cites what, per language, unless stored for this corpus already: the server reads it instead of
    // reading every law for the reader's "cited by".
    let citations = plan.languages().any(|l| !kanun_corpus::citations::is_stored(data, l, fingerprint));
    let mut progress = |e: SyncEvent| match e {
        SyncEvent::Start { works } => bar.set_length(works as u64),
        SyncEvent::Work { uri, .. } => {
            bar.set_message(uri);
            bar.inc(1);
        }
    };
    let mut syncer = index.syncer(plan.works(), &mut progress)?;
    let read = plan.read(fingerprint.to_string(), citations, &mut |w| syncer.add(w))?;
    let report = syncer.finish()?;
    bar.finish_and_clear();
    if read.catalog.broken_files > 0 {
        super::warn_broken(read.catalog.broken_files);
    }
    // The catalog beside the index: `kanun laws` answers from it while the corpus keeps this fingerprint.
    let path = data.join(kanun_corpus::catalog::FILE);
    read.catalog.write(&path).with_context(|| format!("cannot write {}", path.display()))?;
    for (lang, graph) in &read.graphs {
        if !kanun_corpus::citations::is_stored(data, *lang, fingerprint) {
            kanun_corpus::citations::write(data, *lang, fingerprint, graph).with_context(|| {
                format!("cannot write {}", kanun_corpus::citations::file(data, *lang).display())
            })?;
        }
    }
    // The reviewers' annotations are searchable too (kind:annotation).
    let store = super::annotate::open_store(data, annotations)?;
    let all = store.list(&kanun_store::Filter::default())?;
    let titles = read.catalog.titles();
    index.sync_annotations(&all, &|a| {
        titles.get(&a.target.work.to_string(), a.target.expression.language).to_string()
    })?;
    if let Some(why) = &report.rebuilt {
        eprintln!("note: the search index was rebuilt because {why}");
    }
    Ok((index, Refreshed { report, citations_seconds: read.citations_seconds }))
}

/// What bringing the index in line did.
struct Refreshed {
    /// The index's sync.
    report: SyncReport,
    /// The time the reading threads spent on who cites what, summed (0 when it was stored already).
    citations_seconds: f64,
}

/// The index, brought in line with the corpus and the annotations only when they changed: when the corpus files
/// have the fingerprint the index recorded and the annotations are the ones it holds, the corpus is not loaded at
/// all (a query then costs the index's work, not a parse of every law).
fn current_index(corpus: &Path, data: &Path, annotations: &Path) -> anyhow::Result<SearchIndex> {
    let fingerprint =
        kanun_corpus::fingerprint(&[corpus.to_path_buf()]).with_context(|| "cannot list the corpus")?;
    // A foreign or damaged data directory is refused before anything in it is opened (the index would be wiped).
    super::data::prepare(data)?;
    let dir = data.join("index");
    let mut opened = None;
    if dir.is_dir() {
        let index = SearchIndex::open(&dir)
            .with_context(|| format!("cannot open the search index in {}", dir.display()))?;
        if index.corpus_fingerprint() == Some(fingerprint.as_str()) {
            let store = super::annotate::open_store(data, annotations)?;
            if index.annotations_current(&store.list(&kanun_store::Filter::default())?) {
                return Ok(index);
            }
        }
        opened = Some(index);
    }
    let (mut index, _) = refresh(corpus, data, annotations, false, opened, &fingerprint)?;
    index.record_corpus_fingerprint(fingerprint)?;
    Ok(index)
}

pub fn index(corpus: &Path, data: &Path, annotations: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let fingerprint =
        kanun_corpus::fingerprint(&[corpus.to_path_buf()]).with_context(|| "cannot list the corpus")?;
    let (mut index, Refreshed { report, citations_seconds }) =
        refresh(corpus, data, annotations, !json, None, &fingerprint)?;
    index.record_corpus_fingerprint(fingerprint)?;
    if json {
        print_json(&serde_json::json!({
            "report": report,
            "documents_in_index": index.len(),
            "citations_seconds": citations_seconds,
        }))?;
    } else {
        print(&format!(
            "indexed {} documents: {} works added, {} updated, {} removed, {} unchanged; {} articles in the index\n",
            report.documents,
            report.added.len(),
            report.updated.len(),
            report.removed.len(),
            report.unchanged,
            index.len()
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::too_many_arguments)] // One per command-line option.
pub fn search(
    corpus: &Path,
    data: &Path,
    annotations: &Path,
    query: &str,
    lang: Option<Language>,
    asof: Option<Date>,
    limit: usize,
    page: usize,
    json: bool,
) -> anyhow::Result<ExitCode> {
    // The query and the flags beside it, merged by kanun-workbench as for the web workbench's filters.
    let filters = kanun_workbench::search::Filters {
        lang: lang.map(|l| l.code().to_string()),
        asof: asof.map(|d| d.to_string()),
        ..Default::default()
    };
    let query_error = |e: kanun_query::QueryError| -> anyhow::Result<ExitCode> {
        if json {
            print_json(&serde_json::json!({ "error": e }))?;
        } else {
            eprintln!("error: {}\n{}\nhint: {}", e.message, e.pointer(query), e.hint);
        }
        Ok(ExitCode::from(1))
    };
    let parsed = match kanun_workbench::search::request(query, &filters) {
        Ok(Some(p)) => p,
        // Nothing to search for: the query language says why (an empty query, with its hint).
        Ok(None) => match kanun_query::parse(query) {
            Ok(p) => p,
            Err(e) => return query_error(e),
        },
        Err(kanun_workbench::search::RequestError::Query(e)) => return query_error(e),
        Err(other) => anyhow::bail!("{other}"),
    };
    let index = current_index(corpus, data, annotations)?;
    let results = index.search(&parsed, &SearchOptions { limit, page, ..SearchOptions::default() })?;
    if json {
        print_json(&results)?;
        return Ok(ExitCode::SUCCESS);
    }
    let bold = std::io::stdout().is_terminal();
    let mut out = String::new();
    let first = (page - 1) * limit + 1;
    if results.total == 0 {
        out.push_str("no articles match\n");
    } else {
        out.push_str(&format!(
            "{}{} articles match (showing {}–{})\n\n",
            if results.total_exact { "" } else { "more than " },
            results.total,
            first.min(results.total),
            (first + results.hits.len()).saturating_sub(1)
        ));
    }
    for (i, h) in results.hits.iter().enumerate() {
        out.push_str(&format!(
            "{:>3}. {} — {}   [{} {}{}]\n",
            first + i,
            h.title,
            h.heading,
            h.language,
            h.date,
            if h.kind == "law" { String::new() } else { format!(" {}", h.kind) }
        ));
        let place =
            if h.matched_eid == h.eid { h.eid.clone() } else { format!("{} › {}", h.eid, h.matched_eid) };
        out.push_str(&format!("     {}  {}\n", h.expression.rsplit_once('/').map_or("", |x| x.0), place));
        out.push_str(&format!("     {}\n", terminal_snippet(&h.snippet_html, bold)));
        if !h.parallel.is_empty() {
            out.push_str(&format!("     also in: {}\n", h.parallel.join(", ")));
        }
        out.push('\n');
    }
    for (name, counts) in &results.facets {
        if counts.is_empty() {
            continue;
        }
        let list: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let more = match results.facets_more.get(name) {
            Some(&n) if n > 0 => format!(" (and {n} more)"),
            _ => String::new(),
        };
        out.push_str(&format!("by {name}: {}{more}\n", list.join(", ")));
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// An HTML snippet for a terminal: `<mark>` as bold (or nothing when piped), entities decoded, on one line.
fn terminal_snippet(html: &str, bold: bool) -> String {
    let (on, off) = if bold { ("\x1b[1m", "\x1b[0m") } else { ("", "") };
    html.replace("<mark>", on)
        .replace("</mark>", off)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
        .replace('\n', " ")
}
