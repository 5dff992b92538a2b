//! The exchange and recovery format: `annotations/<work-slug>.jsonl`, one annotation per line, sorted by id, keys
//! in a fixed order, so that a team versions its review in git with small diffs. Export then import then export
//! gives the same bytes; import merges by id and never overwrites silently.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kanun_model::annotation::Annotation;
use serde::Serialize;

use crate::{AnnotationStore, Filter, StoreError};

/// A line of a JSONL file that is not an annotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineError {
    /// The file.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

/// Annotations as JSONL text: sorted by id, one per line.
pub fn encode(annotations: &[Annotation]) -> String {
    let mut sorted: Vec<&Annotation> = annotations.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = String::new();
    for a in sorted {
        out.push_str(&serde_json::to_string(a).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// The annotations of JSONL text, each with its 1-based line number (blank lines skipped).
fn lines(text: &str) -> impl Iterator<Item = (usize, Result<Annotation, String>)> + '_ {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, serde_json::from_str::<Annotation>(l).map_err(|e| e.to_string())))
}

/// Reads JSONL text; every bad line is reported with its number, none is skipped silently.
pub fn decode(text: &str, path: &str) -> Result<Vec<Annotation>, Vec<LineError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (line, a) in lines(text) {
        match a {
            Ok(a) => out.push(a),
            Err(message) => errors.push(LineError { path: path.to_string(), line, message }),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// What an export wrote.
#[derive(Debug, Default, Serialize)]
pub struct ExportReport {
    /// Files written, with their annotation counts.
    pub files: Vec<(String, usize)>,
}

/// Writes every annotation (tombstones included) to `<dir>/<work-slug>.jsonl`, through temporary files.
pub fn export(store: &AnnotationStore, dir: &Path) -> Result<ExportReport, ExportError> {
    let all = store.list(&Filter { include_deleted: true, ..Filter::default() })?;
    let mut by_work: BTreeMap<String, Vec<Annotation>> = BTreeMap::new();
    for a in all {
        by_work.entry(a.target.work.name().to_string()).or_default().push(a);
    }
    std::fs::create_dir_all(dir).map_err(|e| ExportError::Io(dir.to_path_buf(), e))?;
    let mut report = ExportReport::default();
    for (slug, list) in by_work {
        let path = dir.join(format!("{slug}.jsonl"));
        kanun_fs::write_atomic(&path, encode(&list).as_bytes())
            .map_err(|e| ExportError::Io(path.clone(), e))?;
        report.files.push((path.display().to_string(), list.len()));
    }
    Ok(report)
}

/// An export or import that could not be done.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A file could not be read or written.
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Lines that are not annotations: nothing was imported.
    #[error("{}", lines_message(.0, "each line must be one annotation as JSON, as `kanun annotations export` writes it"))]
    Lines(Vec<LineError>),
}

/// The bad lines shown in a message: enough to see what is wrong, not a screen per line of a large file.
const LINES_SHOWN: usize = 20;

/// Bad lines as a message: how many, the first of them by file and line, and `hint` on what the lines must be.
pub fn lines_message(lines: &[LineError], hint: &str) -> String {
    let mut s = format!("{} bad line(s), nothing imported:", lines.len());
    for l in lines.iter().take(LINES_SHOWN) {
        s.push('\n');
        s.push_str(&l.to_string());
    }
    if lines.len() > LINES_SHOWN {
        s.push_str(&format!(
            "\n… and {} more (nothing is imported until every line reads: fix these and import again to see the rest)",
            lines.len() - LINES_SHOWN
        ));
    }
    s.push_str(&format!("\n({hint})"));
    s
}

/// What an import did.
#[derive(Debug, Default, Serialize)]
pub struct ImportReport {
    /// New annotations.
    pub added: usize,
    /// Annotations replaced by a higher revision.
    pub updated: usize,
    /// Annotations already there, the same or newer.
    pub unchanged: usize,
    /// Same id and revision, different content: left as stored, listed for a person to decide.
    pub conflicts: Vec<String>,
}

/// The files named, a directory standing for its `*.jsonl` files (by name, not descending).
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ExportError> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| ExportError::Io(p.clone(), e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "jsonl"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    Ok(files)
}

/// Reads `*.jsonl` files (a directory or single files) and merges them into the store by id: a higher revision
/// wins; an equal revision with other content is a conflict and is not overwritten. All lines are checked before
/// anything is written.
pub fn import(store: &AnnotationStore, paths: &[PathBuf]) -> Result<ImportReport, ExportError> {
    let files = files(paths)?;
    // Every line of every file is read and checked before anything is written: one bad line (not JSON, an empty
    // author, a tag with a space, a body over the limit, an id that is a path) refuses the whole import, each
    // named by file and line.
    let mut incoming: BTreeMap<String, (Annotation, String, usize)> = BTreeMap::new();
    let mut errors = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| ExportError::Io(f.clone(), e))?;
        let path = f.display().to_string();
        for (line, a) in lines(&text) {
            let err = |message: String| LineError { path: path.clone(), line, message };
            let a = match a {
                Ok(a) => a,
                Err(e) => {
                    errors.push(err(e));
                    continue;
                }
            };
            if let Err(e) = crate::validate(&a) {
                errors.push(err(e.to_string()));
                continue;
            }
            // The same id twice (in one file or two): the higher revision is the one; an equal revision with
            // other content cannot be decided here.
            match incoming.get(&a.id) {
                Some((b, bpath, bline)) if b.revision == a.revision && *b != a => {
                    errors.push(err(format!(
                        "annotation {} at revision {} is also at {bpath}:{bline} with other content; keep one of them",
                        a.id, a.revision
                    )));
                }
                Some((b, ..)) if b.revision >= a.revision => {}
                _ => {
                    incoming.insert(a.id.clone(), (a, path.clone(), line));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(ExportError::Lines(errors));
    }
    let mut report = ImportReport::default();
    let mut changes: Vec<Annotation> = Vec::new();
    for (a, ..) in incoming.into_values() {
        match store.get(&a.id)? {
            None => {
                changes.push(a);
                report.added += 1;
            }
            Some(old) if a.revision > old.revision => {
                changes.push(a);
                report.updated += 1;
            }
            Some(old) if a.revision == old.revision && old != a => {
                report.conflicts.push(format!(
                    "{}: revision {} differs from the stored one; kept the stored text (resolve by editing one and raising its revision)",
                    a.id, a.revision
                ));
            }
            // The same, or older than the stored one: a revision never goes back.
            Some(_) => report.unchanged += 1,
        }
    }
    // Written in batches with one flush each (not one per annotation): an import of 100,000 annotations is
    // bound by the disk's sync rate otherwise.
    for batch in changes.chunks(5_000) {
        store.put_exact_many(batch)?;
    }
    Ok(report)
}

/// Opens the store in `store_dir`; a new, empty store is first filled from the `*.jsonl` files of
/// `annotations_dir` (when it exists), so that a fresh data directory starts with the team's annotations.
/// Returns the store and, when it imported, what it imported.
pub fn open_seeded(
    store_dir: &Path,
    annotations_dir: &Path,
) -> Result<(AnnotationStore, Option<ImportReport>), ExportError> {
    let store = AnnotationStore::open(store_dir)?;
    if store.is_empty() && annotations_dir.is_dir() {
        let r = import(&store, &[annotations_dir.to_path_buf()])?;
        return Ok((store, Some(r)));
    }
    Ok((store, None))
}
