//! `kanun laws`: the works in the corpus and their expressions.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use kanun_model::{Language, Work};
use serde::Serialize;

use super::{load_corpus, print, print_json};

#[derive(Serialize)]
struct ExpressionJson {
    id: String,
    language: String,
    date: String,
    status: String,
    kind: String,
    title: String,
    articles: usize,
}

#[derive(Serialize)]
struct WorkJson {
    uri: String,
    title: String,
    draft: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    amends: Option<String>,
    languages: Vec<String>,
    expressions: Vec<ExpressionJson>,
}

fn work_json(w: &Work) -> WorkJson {
    WorkJson {
        uri: w.uri().to_string(),
        title: w.title(Language::ENG).to_string(),
        draft: w.is_draft(),
        amends: w.expressions().iter().find_map(|e| e.meta.amends.as_ref().map(ToString::to_string)),
        languages: w.languages().iter().map(|l| l.code().to_string()).collect(),
        expressions: w
            .expressions()
            .iter()
            .map(|e| ExpressionJson {
                id: e.id().to_string(),
                language: e.meta.language.code().to_string(),
                date: e.meta.date.to_string(),
                status: e.meta.status.to_string(),
                kind: e.meta.kind.as_str().to_string(),
                title: e.meta.title.clone(),
                articles: e.article_count(),
            })
            .collect(),
    }
}

pub fn run(corpus: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let loaded = load_corpus(corpus)?;
    let works: Vec<WorkJson> = loaded.corpus.works().map(work_json).collect();
    // Articles per language in the latest expression of each law (drafts apart).
    let mut latest: BTreeMap<String, usize> = BTreeMap::new();
    for w in loaded.corpus.works().filter(|w| !w.is_draft()) {
        for l in w.languages() {
            if let Ok(e) = w.at(l, None) {
                *latest.entry(l.code().to_string()).or_default() += e.article_count();
            }
        }
    }
    if json {
        print_json(&serde_json::json!({ "works": works, "articles_in_force_by_language": latest }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    for w in &works {
        let kind = if w.draft { "  [draft]" } else { "" };
        out.push_str(&format!("{}  {}{kind}\n", w.uri, w.title));
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
    let laws = works.iter().filter(|w| !w.draft).count();
    let per_lang: Vec<String> = latest.iter().map(|(l, n)| format!("{l} {n}")).collect();
    let drafts = works.len() - laws;
    out.push_str(&format!(
        "{} works ({laws} {}, {drafts} {}); articles in the latest texts: {}\n",
        works.len(),
        if laws == 1 { "law" } else { "laws" },
        if drafts == 1 { "draft" } else { "drafts" },
        per_lang.join(", ")
    ));
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
