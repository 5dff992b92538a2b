//! `kanun refs`, `kanun terms` and `kanun history`: a law's citations, defined terms and versions.

use std::path::Path;
use std::process::ExitCode;

use anyhow::anyhow;
use kanun_model::{Date, Language, Library as _};
use kanun_refs::{Graph, State};

use super::{print, print_json, shelf};

/// `kanun refs WORK EID`
pub fn refs(
    corpus_dir: &Path,
    work: &str,
    eid: &str,
    lang: Option<Language>,
    asof: Option<Date>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    // Every law is read once for who cites this, one at a time, never the corpus held whole.
    let shelf = shelf(corpus_dir)?;
    let w = shelf.work(work)?;
    let lang = w.language_or_default(lang);
    let e = w.at(lang, asof)?;
    let g = Graph::build_at(&shelf, lang, asof);
    let r = kanun_workbench::legal::refs(&shelf, &g, e, eid)?;
    if json {
        print_json(&r)?;
        return Ok(ExitCode::SUCCESS);
    }
    let heading = e.find(eid).map(|p| p.display_heading()).unwrap_or_default();
    let mut s = format!("{} — {heading} ({})\n\ncites:\n", w.title(lang), r.expression);
    if r.cites.is_empty() {
        s.push_str("  (nothing)\n");
    }
    for cite in &r.cites {
        for t in &cite.targets {
            let name = if t.name.is_empty() { t.target.work.as_str() } else { t.name.as_str() };
            let to = match (&t.target.state, &t.target.eid) {
                (State::Unresolved { reason }, _) => format!("unresolved: {reason}"),
                (State::External { act }, _) => format!("{act} (an act not in the corpus)"),
                (st, Some(x)) => {
                    format!("{name} {x}{}", if *st == State::Repealed { " (repealed)" } else { "" })
                }
                (_, None) => format!("{name} (the act)"),
            };
            s.push_str(&format!("  «{}» → {to}\n", cite.text));
        }
    }
    s.push_str("\ncited by:\n");
    if r.cited_by.is_empty() {
        s.push_str("  (nothing)\n");
    }
    for i in &r.cited_by {
        let name = if i.name.is_empty() { i.incoming.work.as_str() } else { i.name.as_str() };
        s.push_str(&format!("  {name} {} ({}): «{}»\n", i.incoming.eid, i.incoming.heading, i.incoming.text));
    }
    print(&s)?;
    Ok(ExitCode::SUCCESS)
}

/// `kanun terms WORK`
pub fn terms(
    corpus_dir: &Path,
    work: &str,
    lang: Option<Language>,
    asof: Option<Date>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let w = shelf(corpus_dir)?.work(work)?;
    let e = w.at(w.language_or_default(lang), asof)?;
    let list = kanun_workbench::legal::terms(e);
    if json {
        print_json(&list)?;
        return Ok(ExitCode::SUCCESS);
    }
    if list.terms.is_empty() {
        print(&format!("{} defines no terms (no \"Basic concepts\" article)\n", list.expression))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut s = String::new();
    for t in &list.terms {
        let uses: Vec<String> = t.uses.iter().map(|u| format!("{} ×{}", u.eid, u.count)).collect();
        s.push_str(&format!(
            "{} ({})\n  {}\n  used in: {}\n",
            t.term,
            t.eid,
            t.definition,
            if uses.is_empty() { "-".into() } else { uses.join(", ") }
        ));
    }
    s.push_str(&format!("{} terms\n", list.terms.len()));
    print(&s)?;
    Ok(ExitCode::SUCCESS)
}

/// `kanun history WORK`
pub fn history(
    corpus_dir: &Path,
    work: &str,
    lang: Option<Language>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let h = kanun_workbench::legal::history(&shelf(corpus_dir)?, work, lang)?;
    if json {
        print_json(&h)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut s = format!("{} ({})\n", h.title, h.language);
    for v in &h.expressions {
        s.push_str(&format!("  {}  {}  {} articles\n", v.date, v.status, v.articles));
    }
    for st in &h.steps {
        s.push_str(&format!(
            "\n{} → {}: {} changed, {} unchanged\n",
            st.from.rsplit('@').next().unwrap_or(""),
            st.date,
            st.changes.len(),
            st.unchanged
        ));
        for ch in &st.changes {
            let b: Vec<&str> = ch.before.iter().map(|x| x.1.as_str()).collect();
            let a: Vec<&str> = ch.after.iter().map(|x| x.1.as_str()).collect();
            let what = match (b.is_empty(), a.is_empty()) {
                (true, _) => a.join(", "),
                (_, true) => b.join(", "),
                _ if b == a => a.join(", "),
                _ => format!("{} → {}", b.join(", "), a.join(", ")),
            };
            s.push_str(&format!(
                "  {:<11} {what}{}\n",
                ch.class.as_str(),
                if ch.edited && matches!(ch.class.as_str(), "renumbered" | "split" | "merged") {
                    " (text changed)"
                } else {
                    ""
                }
            ));
        }
    }
    if h.steps.is_empty() {
        s.push_str("\none version only: no changes to list\n");
    }
    print(&s)?;
    Ok(ExitCode::SUCCESS)
}

/// `kanun export akn WORK`
pub fn export_akn(
    corpus_dir: &Path,
    work: &str,
    lang: Option<Language>,
    asof: Option<Date>,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let shelf = shelf(corpus_dir)?;
    let w = shelf.work(work)?;
    let lang = w.language_or_default(lang);
    let e = w.at(lang, asof)?;
    let refs = kanun_refs::references(e, Some(&shelf)).into_iter().map(|a| (a.eid, a.references)).collect();
    let today = kanun_store::now_rfc3339().chars().take(10).collect();
    let xml = kanun_akn::export(e, &kanun_akn::Options { generated: today, references: refs });
    match output {
        Some(p) => std::fs::write(p, xml).map_err(|err| anyhow!("cannot write {}: {err}", p.display()))?,
        None => print(&xml)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The largest file `kanun import` reads.
const MAX_IMPORT_BYTES: u64 = 64 << 20;

/// What `kanun import` is told about a text.
pub struct ImportArgs<'a> {
    /// Work URI.
    pub work: Option<&'a str>,
    /// Language.
    pub lang: Option<Language>,
    /// Date in force from.
    pub date: Option<Date>,
    /// Short title.
    pub title: Option<String>,
    /// Report as JSON.
    pub json: bool,
}

/// `kanun import FILE`
pub fn import(file: &Path, a: ImportArgs<'_>, output: Option<&Path>) -> anyhow::Result<ExitCode> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    if file == Path::new("-") {
        std::io::stdin().take(MAX_IMPORT_BYTES + 1).read_to_end(&mut bytes)?;
    } else {
        let f = std::fs::File::open(file).map_err(|e| anyhow!("cannot read {}: {e}", file.display()))?;
        f.take(MAX_IMPORT_BYTES + 1).read_to_end(&mut bytes)?;
    }
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        anyhow::bail!("{} is larger than 64 MiB; a law is not that large", file.display());
    }
    if bytes.is_empty() {
        anyhow::bail!("{} is empty: give a law as text, HTML, DOCX or Akoma Ntoso XML", file.display());
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let i = kanun_import::from_docx(&bytes, &import_meta(file, &a)?)
            .map_err(|e| anyhow!("{}: {e}", file.display()))?;
        return finish_import(file, i, &a, output);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "{} is not UTF-8 text (byte {}): is it a binary file? Save it as UTF-8 text, HTML, DOCX or Akoma Ntoso XML",
            file.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    if text
        .chars()
        .take(4096)
        .any(|c| c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')))
    {
        anyhow::bail!("{} holds control characters: it is a binary file, not a law's text", file.display());
    }
    let head = text.trim_start().chars().take(400).collect::<String>().to_lowercase();
    let name = file.to_string_lossy().to_lowercase();
    if head.contains("<akomantoso") || (head.starts_with("<?xml") && !head.contains("<html")) {
        let work = a
            .work
            .map(|w| w.parse::<kanun_model::WorkUri>())
            .transpose()
            .map_err(|e| anyhow!("--work: {e}"))?;
        let e = kanun_akn::import_as(&text, work)
            .map_err(|e| anyhow!("{}:{}: {} (hint: {})", file.display(), e.line, e.message, e.hint))?;
        let md = kanun_markdown::render(&e);
        return write_import(&e, &md, None, &a, output);
    }
    if name.ends_with(".md") || name.ends_with(".markdown") || text.starts_with("---\n") {
        if text.starts_with("+++") {
            anyhow::bail!(
                "{} is already in Kanun's corpus format (+++ front matter): put it under corpus/ and run `kanun check`",
                file.display()
            );
        }
        let i = kanun_import::from_markdown(&text, &import_meta(file, &a)?);
        return finish_import(file, i, &a, output);
    }
    let meta = import_meta(file, &a)?;
    let html = name.ends_with(".html")
        || name.ends_with(".htm")
        || head.contains("<html")
        || head.starts_with("<!doctype html");
    let i = if html { kanun_import::from_html(&text, &meta) } else { kanun_import::from_text(&text, &meta) };
    finish_import(file, i, &a, output)
}

/// The metadata a text, HTML or DOCX import needs from the command line.
fn import_meta(file: &Path, a: &ImportArgs<'_>) -> anyhow::Result<kanun_import::Meta> {
    let missing: Vec<&str> =
        [("--work", a.work.is_none()), ("--lang", a.lang.is_none()), ("--date", a.date.is_none())]
            .iter()
            .filter(|x| x.1)
            .map(|x| x.0)
            .collect();
    if !missing.is_empty() {
        anyhow::bail!(
            "a text, HTML or DOCX import needs {}: the file does not say which law, language and date it is",
            missing.join(", ")
        );
    }
    Ok(kanun_import::Meta {
        work: a.work.unwrap_or_default().parse().map_err(|e| anyhow!("--work: {e}"))?,
        language: a.lang.unwrap_or(Language::ENG),
        date: a.date.ok_or_else(|| anyhow!("--date is required"))?,
        title: a.title.clone(),
        source: format!(
            "imported from {}",
            file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default()
        ),
    })
}

/// Reports a text, HTML or DOCX import and writes its Markdown.
fn finish_import(
    file: &Path,
    i: kanun_import::Imported,
    a: &ImportArgs<'_>,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let Some(e) = i.expression.clone() else {
        let mut msg = format!(
            "{}: the text could not be read into a law; the lines the parser could not place:\n",
            file.display()
        );
        for (line, m) in &i.report.unplaced {
            msg.push_str(&format!("  line {line}: {m}\n"));
        }
        anyhow::bail!("{msg}fix those lines (or headings) in the source and import again");
    };
    write_import(&e, &i.markdown, Some(&i.report), a, output)
}

fn write_import(
    expr: &kanun_model::Expression,
    md: &str,
    report: Option<&kanun_import::Report>,
    a: &ImportArgs<'_>,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    if let Some(r) = report {
        if a.json {
            eprintln!("{}", serde_json::to_string_pretty(r)?);
        } else {
            eprintln!("{r}");
        }
    }
    match output {
        Some(p) => {
            std::fs::write(p, md).map_err(|err| anyhow!("cannot write {}: {err}", p.display()))?;
            eprintln!(
                "{}: {} articles of {} ({} {})",
                p.display(),
                expr.article_count(),
                expr.meta.work,
                expr.meta.language,
                expr.meta.date
            );
        }
        None => print(md)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `kanun export docx WORK`
pub fn export_docx(
    corpus_dir: &Path,
    work: &str,
    lang: Option<Language>,
    asof: Option<Date>,
    word_numbering: bool,
    output: &Path,
) -> anyhow::Result<ExitCode> {
    let w = shelf(corpus_dir)?.work(work)?;
    let e = w.at(w.language_or_default(lang), asof)?;
    let bytes = kanun_docx::law(e, word_numbering)?;
    std::fs::write(output, bytes).map_err(|err| anyhow!("cannot write {}: {err}", output.display()))?;
    Ok(ExitCode::SUCCESS)
}
