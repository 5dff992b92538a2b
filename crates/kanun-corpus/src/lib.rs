//! The corpus on disk: walks a directory of corpus files (`corpus/<country>/<work>/<lang>@<date>.md`), parses
//! each with [`kanun_markdown`], and checks what only the whole corpus can show: the same expression in two
//! files, parallel language versions whose articles differ, drafts that amend a work the corpus lacks.
//!
//! ```no_run
//! let loaded = kanun_corpus::load(std::path::Path::new("corpus"))?;
//! for w in loaded.corpus.works() {
//!     println!("{} ({} expressions)", w.uri(), w.expressions().len());
//! }
//! assert_eq!(loaded.error_count(), 0);
//! # Ok::<(), kanun_corpus::CorpusError>(())
//! ```
//!
//! This is the adapter between the file system and the pure model: the only place that reads corpus files.
//! What must see every law but need not hold them all (the search index, the catalog, who cites what) reads
//! the corpus one work at a time through [`stream`].

pub mod catalog;
pub mod citations;
pub mod shelf;
pub mod stream;

pub use catalog::Catalog;
pub use shelf::Shelf;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use kanun_markdown::{MAX_FILE_BYTES, SourceMap};
use kanun_model::diag::{Diagnostic, Severity};
use kanun_model::{Corpus, DocKind, ExpressionId, Kind};
use thiserror::Error;

/// A corpus path that cannot be read at all.
#[derive(Debug, Error)]
pub enum CorpusError {
    /// The path does not exist.
    #[error("{path}: no such file or directory (give the corpus directory, e.g. `corpus`, or --corpus DIR)")]
    NotFound {
        /// The path given.
        path: PathBuf,
    },
    /// The directory could not be listed.
    #[error("{path}: cannot list the directory: {source}")]
    Io {
        /// The directory.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// One corpus file and what was found in it.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file's path as found.
    pub path: PathBuf,
    /// Its text, when it could be read as UTF-8 (kept for quoting lines in diagnostics).
    pub source: Option<String>,
    /// Problems, in line order.
    pub diagnostics: Vec<Diagnostic>,
    /// The expression it holds, when it was read.
    pub expression: Option<ExpressionId>,
    /// Where each provision is.
    pub source_map: SourceMap,
    /// The file's size in bytes and its content hash (FNV-1a, hex), as read (kept when `source` is not: the
    /// catalog records them, and the server's cache of laws weighs each law by its size).
    pub size: Option<(u64, String)>,
}

impl FileReport {
    /// The diagnostics printed rustc-style.
    pub fn render_diagnostics(&self) -> String {
        let path = self.path.display().to_string();
        self.diagnostics
            .iter()
            .map(|d| d.render(&path, self.source.as_deref()))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A loaded corpus: the expressions that could be read, and a report for every file.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// Works and expressions.
    pub corpus: Corpus,
    /// Every file read, in path order.
    pub files: Vec<FileReport>,
}

impl Loaded {
    /// The number of error diagnostics.
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.files.iter().flat_map(|f| &f.diagnostics).filter(|d| d.severity == s).count()
    }

    /// The report of the file that holds an expression.
    pub fn file_of(&self, id: &ExpressionId) -> Option<&FileReport> {
        self.files.iter().find(|f| f.expression.as_ref() == Some(id))
    }
}

/// Whether a file is a corpus file: Markdown, and not a README or a hidden or underscore file.
fn is_corpus_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".md") && !name.eq_ignore_ascii_case("README.md") && !name.starts_with(['.', '_'])
}

/// The walk of the corpus directories: symbolic links are followed only to files and directories inside the
/// corpus root that the walk has not been in yet; the others are reported, never read (a link to `/etc/passwd`
/// would otherwise be read and its first line quoted in a diagnostic; two `..` links made the walk endless).
struct Walk {
    root: PathBuf,
    visited: std::collections::HashSet<PathBuf>,
    skipped: Vec<(PathBuf, String)>,
}

fn collect(
    path: &Path,
    out: &mut Vec<PathBuf>,
    skipped: &mut Vec<(PathBuf, String)>,
) -> Result<(), CorpusError> {
    let meta = fs::metadata(path).map_err(|_| CorpusError::NotFound { path: path.to_path_buf() })?;
    if meta.is_file() {
        // A file named explicitly is read, wherever it is.
        out.push(path.to_path_buf());
        return Ok(());
    }
    let root =
        fs::canonicalize(path).map_err(|source| CorpusError::Io { path: path.to_path_buf(), source })?;
    let mut walk =
        Walk { root: root.clone(), visited: std::collections::HashSet::new(), skipped: Vec::new() };
    walk.visited.insert(root);
    walk_dir(path, out, &mut walk)?;
    skipped.append(&mut walk.skipped);
    Ok(())
}

fn walk_dir(path: &Path, out: &mut Vec<PathBuf>, walk: &mut Walk) -> Result<(), CorpusError> {
    let entries =
        fs::read_dir(path).map_err(|source| CorpusError::Io { path: path.to_path_buf(), source })?;
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for c in children {
        let hidden = c.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        let Ok(lmeta) = fs::symlink_metadata(&c) else { continue };
        if lmeta.file_type().is_symlink() {
            let target = match fs::canonicalize(&c) {
                Ok(t) => t,
                Err(_) => {
                    walk.skipped.push((c, "a symbolic link that points nowhere: not followed".into()));
                    continue;
                }
            };
            if !target.starts_with(&walk.root) {
                walk.skipped.push((
                    c,
                    format!(
                        "a symbolic link to {}, outside the corpus directory {}: not followed",
                        target.display(),
                        walk.root.display()
                    ),
                ));
                continue;
            }
            if target.is_dir() {
                if !walk.visited.insert(target) {
                    walk.skipped.push((
                        c,
                        "a symbolic link back into a directory already read (a loop): not followed".into(),
                    ));
                    continue;
                }
                walk_dir(&c, out, walk)?;
            } else if is_corpus_file(&c) {
                out.push(c);
            }
        } else if lmeta.is_dir() {
            if let Ok(canonical) = fs::canonicalize(&c)
                && !walk.visited.insert(canonical)
            {
                continue;
            }
            walk_dir(&c, out, walk)?;
        } else if is_corpus_file(&c) {
            out.push(c);
        }
    }
    Ok(())
}

/// How much a load checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checks {
    /// Everything `kanun check` reports, with each file's source kept for line and column lookups.
    All,
    /// Each file's own diagnostics and the cheap corpus-wide checks, but no resolution of every citation
    /// (W113, W114), and the file sources are not kept: for commands that read, index or serve a large corpus.
    Structure,
}

/// Loads every corpus file below `root`, with every check.
pub fn load(root: &Path) -> Result<Loaded, CorpusError> {
    load_paths(&[root.to_path_buf()])
}

/// Loads corpus files and directories (a file named explicitly is read even if it is a README), with every
/// check.
pub fn load_paths(paths: &[PathBuf]) -> Result<Loaded, CorpusError> {
    load_with(paths, Checks::All)
}

/// A fingerprint of the corpus files under `paths` — the same files [`load_with`] reads — by path, size and
/// modification time, without reading them: equal fingerprints mean no file was added, removed or written since.
/// `kanun search` answers from the index without loading the corpus when the corpus's fingerprint is the one the
/// index was last brought in line with.
pub fn fingerprint(paths: &[PathBuf]) -> Result<String, CorpusError> {
    use std::hash::{Hash, Hasher};
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for p in paths {
        collect(p, &mut files, &mut skipped)?;
    }
    files.sort();
    // FNV-1a over the listing: stable across runs and versions of Rust (std's hasher is not promised to be).
    struct Fnv(u64);
    impl Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for b in bytes {
                self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    for f in &files {
        f.hash(&mut h);
        if let Ok(m) = std::fs::metadata(f) {
            m.len().hash(&mut h);
            let t = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            t.map(|d| d.as_nanos()).hash(&mut h);
        }
    }
    skipped.len().hash(&mut h);
    Ok(format!("{:016x}-{}", h.finish(), files.len()))
}

/// Loads corpus files and directories with the checks asked for. Files are read and parsed on all cores; the
/// result is the same, in the same order, as reading them one by one.
pub fn load_with(paths: &[PathBuf], checks: Checks) -> Result<Loaded, CorpusError> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for p in paths {
        collect(p, &mut files, &mut skipped)?;
    }
    let mut loaded = Loaded::default();
    for (path, why) in skipped {
        loaded.files.push(FileReport {
            path,
            source: None,
            diagnostics: vec![
                Diagnostic::warning("W116", 1, 1, why)
                    .with_hint("copy the file into the corpus directory, or remove the link"),
            ],
            expression: None,
            source_map: SourceMap::default(),
            size: None,
        });
    }
    for (report, expr) in read_all(&files, checks) {
        if let Some(expr) = expr {
            let id = expr.id();
            if let Err(dup) = loaded.corpus.insert(expr) {
                let first =
                    loaded.file_of(&dup.id()).map(|f| f.path.display().to_string()).unwrap_or_default();
                let mut report = report;
                report.diagnostics.insert(0, duplicate(&id, &first));
                report.expression = None;
                loaded.files.push(report);
                continue;
            }
        }
        loaded.files.push(report);
    }
    check_corpus(&mut loaded, checks);
    Ok(loaded)
}

/// E017: the expression `id` is in two files, the first `first`.
fn duplicate(id: &ExpressionId, first: &str) -> Diagnostic {
    Diagnostic::error("E017", 1, 1, format!("expression {id} is also in {first}")).with_hint(
        "each language and date of a work has one file; change `date` or `language`, or remove one file",
    )
}

/// One file read: its report and what it parsed to.
type Read = (FileReport, Option<kanun_model::Expression>);

/// Reads and parses files on every core, keeping their order.
fn read_all(files: &[PathBuf], checks: Checks) -> Vec<Read> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len().max(1));
    let read = |path: &PathBuf| {
        let (mut report, expr) = read_file(path);
        if checks == Checks::Structure {
            report.source = None;
        }
        (report, expr)
    };
    if threads <= 1 {
        return files.iter().map(read).collect();
    }
    let mut parts: Vec<Vec<(usize, Read)>> = Vec::new();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let read = &read;
                scope.spawn(move || {
                    files
                        .iter()
                        .enumerate()
                        .skip(t)
                        .step_by(threads)
                        .map(|(i, p)| (i, read(p)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            // A parser never panics (it is tested for that); should one, its files are read again below.
            parts.push(h.join().unwrap_or_default());
        }
    });
    let mut slots: Vec<Option<(FileReport, Option<kanun_model::Expression>)>> =
        files.iter().map(|_| None).collect();
    for (i, r) in parts.into_iter().flatten() {
        slots[i] = Some(r);
    }
    slots.into_iter().zip(files).map(|(slot, path)| slot.unwrap_or_else(|| read(path))).collect()
}

/// Reads and parses one file; never fails: an unreadable file is a report with one error.
pub fn read_file(path: &Path) -> (FileReport, Option<kanun_model::Expression>) {
    let mut report = FileReport {
        path: path.to_path_buf(),
        source: None,
        diagnostics: Vec::new(),
        expression: None,
        source_map: SourceMap::default(),
        size: None,
    };
    // Check the size before reading, so that a huge file is not loaded into memory.
    if let Ok(meta) = fs::metadata(path)
        && meta.len() > MAX_FILE_BYTES as u64
    {
        report.diagnostics.push(
            Diagnostic::error(
                "E002",
                1,
                1,
                format!("the file is {} bytes, over the limit of {MAX_FILE_BYTES}", meta.len()),
            )
            .with_hint("split the law into several works, or check that this is the right file"),
        );
        return (report, None);
    }
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            report.diagnostics.push(
                Diagnostic::error("E000", 1, 1, format!("cannot read the file: {e}"))
                    .with_hint("check that the file exists and is readable"),
            );
            return (report, None);
        }
    };
    let name = path.file_name().and_then(|n| n.to_str());
    report.size = Some((bytes.len() as u64, catalog::content_hash(&bytes)));
    // The bytes are checked as UTF-8 once: the text parsed is the text kept (a second check was 1% of indexing).
    let parsed = match String::from_utf8(bytes) {
        Ok(s) if s.len() <= MAX_FILE_BYTES => {
            let parsed = kanun_markdown::parse(&s, name);
            report.source = Some(s);
            parsed
        }
        Ok(s) => {
            let parsed = kanun_markdown::parse_bytes(s.as_bytes(), name);
            report.source = Some(s);
            parsed
        }
        Err(e) => kanun_markdown::parse_bytes(e.as_bytes(), name),
    };
    report.diagnostics = parsed.diagnostics;
    report.source_map = parsed.source_map;
    report.expression = parsed.expression.as_ref().map(|e| e.id());
    (report, parsed.expression)
}

/// References that point nowhere (W113) or to a repealed provision (W114), at the line of the part or point
/// holding them. Citations of acts that are not in the corpus are not reported: a law may cite any law.
fn check_references(loaded: &Loaded) -> Vec<(ExpressionId, Diagnostic)> {
    let mut found = Vec::new();
    for e in loaded.corpus.expressions() {
        let Some(file) = loaded.file_of(&e.id()) else { continue };
        for a in kanun_refs::references(e, Some(&loaded.corpus)) {
            let Some(art) = e.find(&a.eid) else { continue };
            let lines = art.text_lines();
            for r in &a.references {
                // The part or point whose text holds the citation.
                let holder = lines
                    .iter()
                    .take_while(|l| l.start <= r.start)
                    .filter_map(|l| l.anchor.as_deref())
                    .last()
                    .unwrap_or(&a.eid);
                let near = file.source_map.line(holder).or_else(|| file.source_map.line(&a.eid)).unwrap_or(1);
                // The exact line and column: the citation's words on that line or the few after it.
                let (line, column) = file
                    .source
                    .as_deref()
                    .and_then(|src| {
                        src.lines().enumerate().skip(near as usize - 1).take(40).find_map(|(i, l)| {
                            l.find(&r.text).map(|b| (i as u32 + 1, l[..b].chars().count() as u32 + 1))
                        })
                    })
                    .unwrap_or((near, 1));
                for t in &r.targets {
                    match &t.state {
                        kanun_refs::State::Unresolved { reason } if !t.work.is_empty() || t.eid.is_some() => {
                            found.push((
                                e.id(),
                                Diagnostic::warning(
                                    "W113",
                                    line,
                                    column,
                                    format!("{} ({}): {reason}", r.text, a.eid),
                                )
                                .with_hint("correct the number, or add the provision it cites"),
                            ));
                        }
                        kanun_refs::State::Repealed => found.push((
                            e.id(),
                            Diagnostic::warning(
                                "W114",
                                line,
                                column,
                                format!("{} ({}) cites {}, which is repealed", r.text, a.eid, t.label),
                            )
                            .with_hint("cite the provision that replaced it, or remove the reference"),
                        )),
                        _ => {}
                    }
                }
            }
        }
    }
    found
}

/// Checks that need the whole corpus: parallel versions with the same articles, drafts that amend a known work.
fn check_corpus(loaded: &mut Loaded, checks: Checks) {
    let mut found: Vec<(ExpressionId, Diagnostic)> = Vec::new();
    for work in loaded.corpus.works() {
        let mut by_date: BTreeMap<_, Vec<_>> = BTreeMap::new();
        for e in work.expressions() {
            by_date.entry(e.meta.date).or_default().push(e);
        }
        for exprs in by_date.values() {
            let sets: Vec<BTreeSet<&str>> = exprs
                .iter()
                .map(|e| e.walk().filter(|p| p.kind != Kind::Hcontainer).map(|p| p.eid.as_str()).collect())
                .collect();
            for (i, e) in exprs.iter().enumerate() {
                for (j, other) in exprs.iter().enumerate() {
                    if i == j {
                        continue;
                    }
                    let missing: Vec<&&str> = sets[i].difference(&sets[j]).collect();
                    if let Some(first) = missing.first() {
                        let line =
                            loaded.file_of(&e.id()).and_then(|f| f.source_map.line(first)).unwrap_or(1);
                        let more = if missing.len() > 1 {
                            format!(" and {} more", missing.len() - 1)
                        } else {
                            String::new()
                        };
                        found.push((
                            e.id(),
                            Diagnostic::warning(
                                "W109",
                                line,
                                1,
                                format!("{first}{more} is in the {} text but not in the {} text of the same date", e.meta.language, other.meta.language),
                            )
                            .with_hint("parallel language versions share their structure: number parts and points the same way in every language"),
                        ));
                    }
                }
            }
        }
        // An explicit wId (a renumbered provision keeping its identity) must name a provision of an earlier
        // expression in the same language.
        for (i, e) in work.expressions().iter().enumerate() {
            let earlier: BTreeSet<&str> = work.expressions()[..i]
                .iter()
                .filter(|x| x.meta.language == e.meta.language && x.meta.date < e.meta.date)
                .flat_map(|x| x.walk().map(|p| p.wid.as_str()))
                .collect();
            if earlier.is_empty() {
                continue;
            }
            // A provision that is new in this expression but reuses a number an older one had gets the identity
            // `<eid>@<date of this expression>`: it names no earlier provision, on purpose.
            let born_here = format!("@{}", e.meta.date);
            for p in e.walk().filter(|p| {
                p.wid != p.eid && !earlier.contains(p.wid.as_str()) && !p.wid.ends_with(&born_here)
            }) {
                let line = loaded.file_of(&e.id()).and_then(|f| f.source_map.line(&p.eid)).unwrap_or(1);
                found.push((
                    e.id(),
                    Diagnostic::warning("W111", line, 1, format!("{} keeps the identity {}, which no earlier {} text has", p.eid, p.wid, e.meta.language))
                        .with_hint("a {#…} attribute names the wId of the provision in an earlier expression (its eId there); for a new provision that reuses an old number write {#<eid>@<date of this text>}"),
                ));
            }
        }
        for e in work.expressions().iter().filter(|e| e.meta.kind == DocKind::Draft) {
            if let Some(target) = &e.meta.amends
                && loaded.corpus.work(&target.to_string()).is_err()
            {
                found.push((
                    e.id(),
                    Diagnostic::warning(
                        "W110",
                        1,
                        1,
                        format!("the draft amends {target}, which is not in the corpus"),
                    )
                    .with_hint("add the law it amends to the corpus, or correct `amends`"),
                ));
            }
        }
    }
    if checks == Checks::All {
        found.extend(check_references(loaded));
    }
    for (id, d) in found {
        if let Some(f) = loaded.files.iter_mut().find(|f| f.expression.as_ref() == Some(&id)) {
            f.diagnostics.push(d);
            f.diagnostics.sort_by_key(|d| (d.line, d.column));
        }
    }
}
