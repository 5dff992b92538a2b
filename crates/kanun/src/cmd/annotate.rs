//! `kanun annotate`, `kanun annotations` and `kanun report`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, anyhow, bail};
use kanun_model::Corpus;
use kanun_model::annotation::{Annotation, AnnotationStatus, AnnotationType, Priority};
use kanun_render::report::Format;
use kanun_store::{AnnotationStore, Filter, jsonl};

use super::{load_corpus, print, print_json};
use crate::cli::{AnnotateCommand, AnnotationsCommand};

/// Opens the store in the data directory; a new, empty store is first filled from the annotations directory.
/// `implemented-by=/akn/…#art_22-1` → a link.
fn parse_link(s: &str) -> anyhow::Result<kanun_model::annotation::Link> {
    match s.split_once('=') {
        Some((rel, target)) if !rel.trim().is_empty() && !target.trim().is_empty() => {
            Ok(kanun_model::annotation::Link {
                rel: rel.trim().to_string(),
                target: target.trim().to_string(),
            })
        }
        _ => bail!(
            "--link {s:?}: write REL=TARGET, e.g. implemented-by=/akn/tm/bill/2026-10-01/social-services-amendments/eng@2026-10-01#art_22-1"
        ),
    }
}

pub(super) fn open_store(data: &Path, annotations: &Path) -> anyhow::Result<AnnotationStore> {
    super::data::open_store(data, annotations, true)
}

fn parse<T: std::str::FromStr<Err = String>>(s: &str) -> anyhow::Result<T> {
    s.parse::<T>().map_err(|e| anyhow!(e))
}

/// Where an annotation stands in the current text of its language: (label, eId now, article heading, law title).
fn anchor(corpus: &Corpus, a: &Annotation) -> (String, Option<String>, String, String) {
    let p = kanun_workbench::review::place(corpus, a, None, None);
    (p.label, p.eid, p.article_heading, p.law)
}

pub fn run(
    corpus_dir: &Path,
    data: &Path,
    annotations: &Path,
    cmd: AnnotateCommand,
) -> anyhow::Result<ExitCode> {
    let store = open_store(data, annotations)?;
    match cmd {
        AnnotateCommand::Add {
            work,
            eid,
            lang,
            asof,
            quote,
            kind,
            priority,
            tags,
            author,
            body,
            links,
            json,
        } => {
            let links = links.iter().map(|l| parse_link(l)).collect::<anyhow::Result<Vec<_>>>()?;
            let loaded = load_corpus(corpus_dir)?;
            let language = lang;
            let request = kanun_workbench::NewAnnotation {
                work: work.clone(),
                language,
                asof,
                eid: eid.clone(),
                span: quote.map_or(kanun_workbench::Span::Whole, kanun_workbench::Span::Quote),
                kind: parse::<AnnotationType>(&kind)?,
                priority: parse::<Priority>(&priority)?,
                tags,
                body,
                author,
                links,
            };
            let made = kanun_workbench::annotate(&store, &loaded.corpus, request).map_err(|e| match e {
                kanun_workbench::AnnotateError::NoProvision { .. } => {
                    anyhow!("{e} (see `kanun show {work}` for its eIds)")
                }
                other => match other.hint() {
                    Some(h) => anyhow!("{other} ({h})"),
                    None => anyhow!("{other}"),
                },
            })?;
            if made.occurrences > 1 {
                eprintln!(
                    "note: the quote occurs more than once in {eid}; the first occurrence is annotated"
                );
            }
            let a = made.annotation;
            if json { print_json(&a)? } else { print(&format!("{}\n", a.id))? }
        }
        AnnotateCommand::List { work, eid, kind, status, tag, author, all, json } => {
            let f = Filter {
                work,
                eid,
                kind: kind.as_deref().map(parse::<AnnotationType>).transpose()?,
                status: status.as_deref().map(parse::<AnnotationStatus>).transpose()?,
                tag,
                author,
                include_deleted: all,
            };
            let list = store.list(&f)?;
            if json {
                print_json(&list)?;
            } else {
                let mut out = String::new();
                for a in &list {
                    let q = a.target.quote.as_ref().map(|q| format!(" «{}»", q.exact)).unwrap_or_default();
                    let first: String = a.body.lines().next().unwrap_or("").chars().take(80).collect();
                    out.push_str(&format!(
                        "{}  {} {}{}  {:<14} {:<11} {}{}\n    {}\n",
                        a.id,
                        a.target.work.name(),
                        a.target.eid,
                        q,
                        a.kind,
                        a.status,
                        a.author,
                        if a.deleted { "  [deleted]" } else { "" },
                        first
                    ));
                }
                out.push_str(&format!("{} annotations\n", list.len()));
                print(&out)?;
            }
        }
        AnnotateCommand::Show { id, json } => {
            let a = store.get(&id)?.ok_or_else(|| kanun_store::StoreError::NotFound(id.clone()))?;
            let loaded = load_corpus(corpus_dir)?;
            let (label, eid, article, law) = anchor(&loaded.corpus, &a);
            if json {
                print_json(
                    &serde_json::json!({ "annotation": a, "anchor": { "label": label, "eid": eid, "article": article } }),
                )?;
            } else {
                let mut out = format!(
                    "{} — {} ({}, {}, {} priority, revision {})\n",
                    a.id, a.kind, a.status, a.author, a.priority, a.revision
                );
                out.push_str(&format!(
                    "{law} {} › {}  [{label}]\n",
                    article,
                    eid.unwrap_or_else(|| a.target.eid.clone())
                ));
                if let Some(q) = &a.target.quote {
                    out.push_str(&format!("«{}»\n", q.exact));
                }
                if !a.tags.is_empty() {
                    out.push_str(&format!("tags: {}\n", a.tags.join(", ")));
                }
                out.push_str(&format!("\n{}\n", a.body));
                for r in &a.replies {
                    out.push_str(&format!("\n  {} ({}): {}\n", r.author, r.created, r.body));
                }
                print(&out)?;
            }
        }
        AnnotateCommand::Reply { id, author, body } => {
            let a = kanun_workbench::reply(&store, &id, &author, &body)?;
            print(&format!("{} revision {}\n", a.id, a.revision))?;
        }
        AnnotateCommand::SetStatus { id, status, revision } => {
            let mut a = store.get(&id)?.ok_or_else(|| kanun_store::StoreError::NotFound(id.clone()))?;
            let rev = revision.unwrap_or(a.revision);
            a.status = parse::<AnnotationStatus>(&status)?;
            let a = store.update(a, rev)?;
            print(&format!("{} is {} (revision {})\n", a.id, a.status, a.revision))?;
        }
        AnnotateCommand::Tag { id, add, remove } => {
            let mut a = store.get(&id)?.ok_or_else(|| kanun_store::StoreError::NotFound(id.clone()))?;
            let rev = a.revision;
            a.tags.retain(|t| !remove.contains(t));
            for t in add {
                if !a.tags.contains(&t) {
                    a.tags.push(t);
                }
            }
            let a = store.update(a, rev)?;
            print(&format!("{} tags: {}\n", a.id, a.tags.join(", ")))?;
        }
        AnnotateCommand::Delete { id } => {
            let a = store.get(&id)?.ok_or_else(|| kanun_store::StoreError::NotFound(id.clone()))?;
            let a = store.delete(&id, a.revision)?;
            print(&format!("{} deleted (kept as a tombstone, revision {})\n", a.id, a.revision))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn exchange(data: &Path, annotations: &Path, cmd: AnnotationsCommand) -> anyhow::Result<ExitCode> {
    // Checked, but not filled from the annotations directory: an import says itself what it adds.
    let store = super::data::open_store(data, annotations, false)?;
    match cmd {
        AnnotationsCommand::Export { w3c: Some(file), .. } => {
            let all = store.list(&Filter { include_deleted: true, ..Filter::default() })?;
            let c = kanun_render::w3c::collection("Kanun annotations", &all);
            let text = serde_json::to_string_pretty(&c)?;
            std::fs::write(&file, text + "\n").with_context(|| format!("cannot write {}", file.display()))?;
            print(&format!("{}: {} annotations as W3C Web Annotations\n", file.display(), all.len()))?;
        }
        AnnotationsCommand::Export { dir, w3c: None } => {
            let dir = dir.unwrap_or_else(|| annotations.to_path_buf());
            let r = jsonl::export(&store, &dir)?;
            let mut out = String::new();
            for (f, n) in &r.files {
                out.push_str(&format!("{f}: {n} annotations\n"));
            }
            print(&out)?;
        }
        AnnotationsCommand::Import { paths } => {
            let paths = if paths.is_empty() { vec![annotations.to_path_buf()] } else { paths };
            let r = jsonl::import(&store, &paths)?;
            let mut out = format!(
                "{} added, {} updated, {} unchanged, {} conflicts\n",
                r.added,
                r.updated,
                r.unchanged,
                r.conflicts.len()
            );
            for c in &r.conflicts {
                out.push_str(&format!("conflict: {c}\n"));
            }
            print(&out)?;
            if !r.conflicts.is_empty() {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn report(
    corpus_dir: &Path,
    data: &Path,
    annotations: &Path,
    work: Option<&str>,
    format: &str,
    lang: &str,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let lang: kanun_model::Language = lang
        .parse()
        .map_err(|e| anyhow::anyhow!("--lang {lang:?}: {e} (the report is written in eng, rus or tuk)"))?;
    let format = match format {
        "md" | "markdown" => Format::Markdown,
        "html" => Format::Html,
        "csv" => Format::Csv,
        other => bail!("unknown report format {other:?} (md, html or csv)"),
    };
    let store = open_store(data, annotations)?;
    let loaded = load_corpus(corpus_dir)?;
    let filter = Filter { work: work.map(str::to_string), ..Filter::default() };
    let list = store.list(&filter)?;
    let text = kanun_workbench::review::report(&loaded.corpus, &list, work, format, lang);
    match output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?
        }
        None => print(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}
