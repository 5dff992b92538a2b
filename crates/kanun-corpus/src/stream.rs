//! The corpus read one work at a time, for what must see every law but need not hold them all: bringing the
//! search index in line, making the catalog and who cites what. [`load`](crate::load) holds the whole parsed
//! corpus (at a million articles about six times its Markdown, 8.8 GB); a [`Plan`] holds the list of files and
//! their front matter, and [`Plan::read`] a few works at a time.
//!
//! ```no_run
//! let plan = kanun_corpus::stream::Plan::new(std::path::Path::new("corpus"))?;
//! let read = plan.read(String::new(), true, &mut |work| {
//!     println!("{}", work.uri());
//!     Ok::<(), kanun_corpus::CorpusError>(())
//! })?;
//! println!("{} works, {} broken files", read.catalog.works.len(), read.catalog.broken_files);
//! # Ok::<(), kanun_corpus::CorpusError>(())
//! ```
//!
//! First the files are listed as [`load`](crate::load) lists them and grouped by the work their front matter
//! names (only the front matter is read); then the works are parsed on every core, in URI order, and handed to
//! the caller in that order, each let go once the caller returns. A work's citations of other acts are resolved
//! through a [`Shelf`] over the plan (the cited works read on demand, kept within a budget). The works, the
//! catalog and the citation graph are those [`load`](crate::load) with [`Checks::Structure`](crate::Checks)
//! gives (a test compares them); the corpus-wide warnings (parallel versions, wIds, drafts' targets) are
//! `kanun check`'s, as they are with [`Checks::Structure`](crate::Checks).

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};

use kanun_markdown::MAX_FILE_BYTES;
use kanun_model::diag::Diagnostic;
use kanun_model::{Corpus, ExpressionId, Language, Metadata, Work, WorkUri};
use kanun_refs::Graph;

use crate::catalog::{CATALOG_VERSION, CatalogExpression, CatalogWork};
use crate::{Catalog, CorpusError, Shelf};

/// How much of a file is read to find its front matter (the whole file when the front matter is longer).
const HEAD_BYTES: usize = 16 << 10;

/// The parsed works a reader keeps of the cited acts while it resolves citations (see [`Shelf`]).
pub const CITED_BUDGET: u64 = crate::shelf::DEFAULT_BUDGET;

/// The corpus files, grouped by work (see the module documentation).
pub struct Plan {
    root: PathBuf,
    /// The works' files, by URI, then files whose front matter could not be read (each alone), in path order.
    groups: Vec<Vec<PathBuf>>,
    /// The works as their front matter describes them, for resolving citations of other acts.
    skeleton: Catalog,
    /// Files not read at all (links out of the corpus), with why.
    skipped: usize,
}

/// What reading the whole corpus gave besides the works handed to the caller.
#[derive(Debug)]
pub struct Streamed {
    /// The catalog of the works read ([`Catalog::of_loaded`] of the same corpus).
    pub catalog: Catalog,
    /// Who cites what in each language of the corpus, when asked for.
    pub graphs: BTreeMap<Language, Graph>,
    /// The corpus files read (links not followed apart).
    pub files: usize,
    /// The time the reading threads spent on who cites what, summed.
    pub citations_seconds: f64,
}

impl Plan {
    /// Lists the corpus files under `root` and reads their front matter.
    pub fn new(root: &Path) -> Result<Plan, CorpusError> {
        let mut files = Vec::new();
        let mut skipped = Vec::new();
        crate::collect(root, &mut files, &mut skipped)?;
        let mut works: BTreeMap<WorkUri, Vec<(PathBuf, Metadata, u64)>> = BTreeMap::new();
        let mut unread = Vec::new();
        for path in files {
            match head_metadata(&path) {
                Some((meta, bytes)) => works.entry(meta.work.clone()).or_default().push((path, meta, bytes)),
                None => unread.push(vec![path]),
            }
        }
        let skeleton = Catalog {
            version: CATALOG_VERSION,
            fingerprint: String::new(),
            works: works.values().map(|files| skeleton_work(root, files)).collect(),
            broken_files: 0,
        };
        let mut groups: Vec<Vec<PathBuf>> =
            works.into_values().map(|files| files.into_iter().map(|(p, _, _)| p).collect()).collect();
        groups.extend(unread);
        Ok(Plan { root: root.to_path_buf(), groups, skeleton, skipped: skipped.len() })
    }

    /// The corpus as a [`Shelf`] over the front matter: each work read when asked for, as [`load`](crate::load)
    /// gives it, without reading the others (a command that needs one law need not parse the corpus).
    pub fn shelf(self, budget: u64) -> Shelf {
        Shelf::as_loaded(&self.root, self.skeleton, budget)
    }

    /// The languages of the corpus (as the front matter gives them).
    pub fn languages(&self) -> impl Iterator<Item = Language> + '_ {
        let set: std::collections::BTreeSet<Language> =
            self.skeleton.works.iter().flat_map(|w| w.languages.iter().copied()).collect();
        set.into_iter()
    }

    /// How many works the corpus has (as their front matter names them).
    pub fn works(&self) -> usize {
        self.skeleton.works.len()
    }

    /// Reads the works one at a time, in URI order, and hands each to `on_work`; stops at its first error.
    /// With `citations`, who cites what is made in each language as the works go by. `fingerprint` is the
    /// corpus's, recorded in the catalog.
    pub fn read<E>(
        &self,
        fingerprint: String,
        citations: bool,
        on_work: &mut dyn FnMut(&Work) -> Result<(), E>,
    ) -> Result<Streamed, E> {
        let cited = Shelf::as_loaded(&self.root, self.skeleton.clone(), CITED_BUDGET);
        let mut catalog =
            Catalog { version: CATALOG_VERSION, fingerprint, works: Vec::new(), broken_files: 0 };
        let mut graphs: BTreeMap<Language, Graph> = BTreeMap::new();
        let mut files = self.skipped;
        let mut citations_seconds = 0.0;
        in_order(self.groups.len(), &|i| self.group(i, citations.then_some(&cited)), &mut |done: Done| {
            files += done.files;
            citations_seconds += done.citations_seconds;
            catalog.broken_files += done.broken;
            for (work, entry, parts) in done.works {
                on_work(&work)?;
                catalog.works.push(entry);
                for (lang, part) in parts {
                    graphs.entry(lang).or_default().merge(part);
                }
            }
            Ok(())
        })?;
        Ok(Streamed { catalog, graphs, files, citations_seconds })
    }

    /// Reads and parses the files of group `i` (a work's, normally), as [`load`](crate::load) would.
    fn group(&self, i: usize, cited: Option<&Shelf>) -> Done {
        let mut corpus = Corpus::new();
        let mut done = Done::default();
        let mut found: BTreeMap<String, (PathBuf, u64, String)> = BTreeMap::new();
        let mut first: BTreeMap<ExpressionId, &Path> = BTreeMap::new();
        for path in &self.groups[i] {
            let (mut report, expr) = crate::read_file(path);
            report.source = None;
            done.files += 1;
            if let Some(expr) = expr {
                let id = expr.id();
                if corpus.insert(expr).is_err() {
                    let there = first.get(&id).map(|p| p.display().to_string()).unwrap_or_default();
                    report.diagnostics.insert(0, crate::duplicate(&id, &there));
                } else {
                    let (bytes, hash) =
                        report.size.clone().unwrap_or_else(|| (0, crate::catalog::content_hash(b"")));
                    let rel = path.strip_prefix(&self.root).unwrap_or(path).to_path_buf();
                    found.insert(id.to_string(), (rel, bytes, hash));
                    first.insert(id, path);
                }
            }
            done.broken += usize::from(report.diagnostics.iter().any(Diagnostic::is_error));
        }
        for work in corpus.into_works() {
            let entry = crate::catalog::work(&work, &found);
            let mut parts = Vec::new();
            if let Some(cited) = cited {
                let started = std::time::Instant::now();
                for lang in work.languages() {
                    let mut g = Graph::default();
                    g.add_work(&work, cited, lang, None);
                    parts.push((lang, g));
                }
                done.citations_seconds += started.elapsed().as_secs_f64();
            }
            done.works.push((work, entry, parts));
        }
        done
    }
}

/// Who a work cites, in each of its languages.
type Citing = Vec<(Language, Graph)>;

/// A group read: its works (each with its catalog entry and who it cites in each language), and its files.
#[derive(Default)]
struct Done {
    works: Vec<(Work, CatalogWork, Citing)>,
    files: usize,
    broken: usize,
    citations_seconds: f64,
}

/// The metadata of a file's front matter and the file's size, reading only the start of the file when the front
/// matter ends there; `None` when the file cannot be read or its front matter is not valid (the parse says why).
fn head_metadata(path: &Path) -> Option<(Metadata, u64)> {
    let mut file = std::fs::File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    if size > MAX_FILE_BYTES as u64 {
        return None;
    }
    let mut head = Vec::with_capacity(HEAD_BYTES.min(size as usize));
    file.by_ref().take(HEAD_BYTES as u64).read_to_end(&mut head).ok()?;
    let text = |b: &[u8]| match std::str::from_utf8(b) {
        Ok(s) => s.to_string(),
        Err(e) => String::from_utf8_lossy(&b[..e.valid_up_to()]).into_owned(),
    };
    if let Some(meta) = kanun_markdown::front_matter(&text(&head)) {
        return Some((meta, size));
    }
    if (head.len() as u64) < size {
        file.read_to_end(&mut head).ok()?;
        return kanun_markdown::front_matter(&text(&head)).map(|m| (m, size));
    }
    None
}

/// A work of the catalog as its files' front matter describe it (no article counts, no hashes): what resolving
/// a citation of it needs, its titles and its files (the first file of each expression, as the loader keeps).
fn skeleton_work(root: &Path, files: &[(PathBuf, Metadata, u64)]) -> CatalogWork {
    let mut latest: BTreeMap<Language, &Metadata> = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut expressions = Vec::new();
    for (path, meta, bytes) in files {
        if !seen.insert((meta.date, meta.language)) {
            continue;
        }
        if latest.get(&meta.language).is_none_or(|l| l.date < meta.date) {
            latest.insert(meta.language, meta);
        }
        expressions.push(CatalogExpression {
            id: format!("{}/{}@{}", meta.work, meta.language.code(), meta.date),
            language: meta.language,
            date: meta.date.to_string(),
            status: meta.status.as_str().to_string(),
            kind: meta.kind.as_str().to_string(),
            title: meta.title.clone(),
            articles: 0,
            file: path.strip_prefix(root).unwrap_or(path).to_path_buf(),
            bytes: *bytes,
            hash: String::new(),
        });
    }
    let first = &files[0].1;
    CatalogWork {
        uri: first.work.to_string(),
        name: first.work.name().to_string(),
        kind: first.kind.as_str().to_string(),
        titles: latest.iter().map(|(l, m)| (*l, m.title.clone())).collect(),
        languages: latest.keys().copied().collect(),
        amends: files.iter().find_map(|(_, m, _)| m.amends.as_ref().map(ToString::to_string)),
        expressions,
    }
}

/// Runs `make(0..n)` on every core and gives the results to `take` in order, at most a few ahead of it (so
/// that a slow `take` never lets the results pile up); stops at `take`'s first error.
fn in_order<T: Send, E>(
    n: usize,
    make: &(dyn Fn(usize) -> T + Sync),
    take: &mut dyn FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).clamp(1, 8).min(n);
    if threads <= 1 {
        for i in 0..n {
            take(make(i))?;
        }
        return Ok(());
    }
    // A few works per thread ahead of `take`: enough that a long work does not leave the others idle, few
    // enough that memory stays a few works deep.
    let ahead = 8 * threads;
    struct State<T> {
        taken: usize,
        ready: BTreeMap<usize, Option<T>>,
        stop: bool,
    }
    let state = Mutex::new(State { taken: 0, ready: BTreeMap::new(), stop: false });
    let changed = Condvar::new();
    let next = AtomicUsize::new(0);
    let lock = || state.lock().unwrap_or_else(PoisonError::into_inner);
    // Whatever way `take` leaves (an error, a panic), the makers stop.
    struct Stop<'a, T>(&'a Mutex<State<T>>, &'a Condvar);
    impl<T> Drop for Stop<'_, T> {
        fn drop(&mut self) {
            self.0.lock().unwrap_or_else(PoisonError::into_inner).stop = true;
            self.1.notify_all();
        }
    }
    std::thread::scope(|scope| {
        let _stop = Stop(&state, &changed);
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n {
                        return;
                    }
                    {
                        let mut s = lock();
                        while i >= s.taken + ahead && !s.stop {
                            s = changed.wait(s).unwrap_or_else(PoisonError::into_inner);
                        }
                        if s.stop {
                            return;
                        }
                    }
                    // A parser never panics (it is tested for that); should one, `take`'s thread makes it again.
                    let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| make(i))).ok();
                    lock().ready.insert(i, made);
                    changed.notify_all();
                }
            });
        }
        for i in 0..n {
            let made = {
                let mut s = lock();
                loop {
                    if let Some(made) = s.ready.remove(&i) {
                        s.taken = i + 1;
                        break made;
                    }
                    s = changed.wait(s).unwrap_or_else(PoisonError::into_inner);
                }
            };
            changed.notify_all();
            take(made.unwrap_or_else(|| make(i)))?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_and_an_error_stops_the_makers() {
        let mut got = Vec::new();
        let r: Result<(), ()> = in_order(100, &|i| i * 2, &mut |x| {
            got.push(x);
            Ok(())
        });
        assert!(r.is_ok());
        assert_eq!(got, (0..100).map(|i| i * 2).collect::<Vec<_>>());
        let made = AtomicUsize::new(0);
        let mut taken = 0;
        let r = in_order(
            10_000,
            &|i| {
                made.fetch_add(1, Ordering::SeqCst);
                i
            },
            &mut |i| {
                taken += 1;
                if i == 5 { Err(i) } else { Ok(()) }
            },
        );
        assert_eq!(r, Err(5));
        assert_eq!(taken, 6);
        assert!(made.load(Ordering::SeqCst) < 100, "the makers stopped near the error, not at the end");
    }
}
