//! `kanun laws`: the works in the corpus and their expressions, from the catalog that `kanun index` keeps beside
//! the index while the corpus is unchanged (no file parsed), else from the corpus itself.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use kanun_corpus::Catalog;
use kanun_model::Language;

use super::{print, print_json};

/// The corpus's catalog: the stored one when the corpus has its fingerprint, else made from the files.
fn catalog(corpus: &Path, data: &Path) -> anyhow::Result<Catalog> {
    let fingerprint =
        kanun_corpus::fingerprint(&[corpus.to_path_buf()]).with_context(|| "cannot list the corpus")?;
    if let Some(c) = Catalog::read(&data.join(kanun_corpus::catalog::FILE))
        && c.fingerprint == fingerprint
    {
        return Ok(c);
    }
    // Made as `kanun index` makes it: the corpus read one work at a time, never held whole.
    let plan = kanun_corpus::stream::Plan::new(corpus).with_context(|| "cannot load the corpus")?;
    let read = plan.read(fingerprint, false, &mut |_| Ok::<(), std::convert::Infallible>(()));
    let Ok(read) = read;
    if read.catalog.broken_files > 0 {
        super::warn_broken(read.catalog.broken_files);
    }
    Ok(read.catalog)
}

pub fn run(corpus: &Path, data: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let c = catalog(corpus, data)?;
    let latest = c.articles_by_language();
    if json {
        print_json(&serde_json::json!({ "works": c.works, "articles_in_force_by_language": latest }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    for w in &c.works {
        let kind = if w.kind == "draft" { "  [draft]" } else { "" };
        let title =
            w.titles.get(&Language::ENG).or_else(|| w.titles.values().next()).map_or("", String::as_str);
        out.push_str(&format!("{}  {title}{kind}\n", w.uri));
        if let Some(a) = &w.amends {
            out.push_str(&format!("    amends {a}\n"));
        }
        for e in &w.expressions {
            out.push_str(&format!(
                "    {}  {}  {:<9} {:>3} articles  {}\n",
                e.language, e.date, e.status, e.articles, e.title
            ));
        }
    }
    let laws = c.works.iter().filter(|w| w.kind == "law").count();
    let per_lang: Vec<String> = latest.iter().map(|(l, n)| format!("{l} {n}")).collect();
    let drafts = c.works.len() - laws;
    out.push_str(&format!(
        "{} works ({laws} {}, {drafts} {}); articles in the latest texts: {}\n",
        c.works.len(),
        if laws == 1 { "law" } else { "laws" },
        if drafts == 1 { "draft" } else { "drafts" },
        per_lang.join(", ")
    ));
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
