//! `kanun show`: print a law or one provision, point-in-time aware.

use std::path::Path;
use std::process::ExitCode;

use kanun_model::corpus::LookupError;
use kanun_model::{Date, Language};

use kanun_model::Library as _;

use super::{print, print_json};
use crate::output;

pub fn run(
    corpus: &Path,
    work: &str,
    eid: Option<&str>,
    lang: Option<Language>,
    asof: Option<Date>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let w = super::shelf(corpus)?.work(work)?;
    let lang = w.language_or_default(lang);
    let expr = w.at(lang, asof)?;
    let parallel: Vec<String> = w.parallel(expr).map(|e| e.meta.language.code().to_string()).collect();
    match eid {
        None => {
            if json {
                print_json(
                    &serde_json::json!({ "expression": expr.id().to_string(), "parallel": parallel, "text": expr }),
                )?;
            } else {
                print(&format!("{}\n{}", expr.id(), output::expression_text(expr)))?;
            }
        }
        Some(eid) => {
            let path = expr.path_to(eid).ok_or_else(|| LookupError::UnknownEid {
                eid: eid.to_string(),
                expression: expr.id().to_string(),
            })?;
            let p = path.last().copied().ok_or_else(|| anyhow::anyhow!("empty path"))?;
            if json {
                let breadcrumbs: Vec<String> = path.iter().map(|p| p.display_heading()).collect();
                print_json(&serde_json::json!({
                    "expression": expr.id().to_string(),
                    "in_force_from": expr.meta.date.to_string(),
                    "parallel": parallel,
                    "path": breadcrumbs,
                    "plain_text": p.plain_text(),
                    "provision": p,
                }))?;
            } else {
                let crumbs: Vec<String> = path[..path.len() - 1]
                    .iter()
                    .filter(|p| p.kind.is_container())
                    .map(|p| p.display_heading())
                    .collect();
                let mut out = format!("{} — {}\n", expr.meta.title, expr.id());
                if !crumbs.is_empty() {
                    out.push_str(&format!("{}\n", crumbs.join(" › ")));
                }
                out.push('\n');
                out.push_str(&output::provision_text(p));
                print(&out)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
