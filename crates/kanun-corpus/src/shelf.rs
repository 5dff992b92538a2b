//! The corpus as a server holds it: the [catalog](crate::Catalog) in memory, each work's texts read and parsed
//! the first time the work is asked for, and kept in a cache bounded in bytes (the works used least recently go
//! first). At a million articles the parsed corpus takes gigabytes; the catalog takes megabytes, and a reader, an
//! annotation list or a redline needs one work at a time.
//!
//! A work is handed out as an `Arc<Work>`: a request keeps the work it holds however the cache changes meanwhile.
//! The shelf assumes the corpus files do not change while it serves (as the search index does); a file that
//! can no longer be read or parsed when its work is asked for is a [`LookupError::Unreadable`] naming the file,
//! never a panic or a half-read work.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use kanun_model::corpus::LookupError;
use kanun_model::{Corpus, DocKind, Library, Work, WorkUri};

use crate::Catalog;

/// How many bytes a parsed work takes in memory per byte of its Markdown (measured: the parsed corpus of the
/// national benchmark took about 4.4 times its Markdown).
pub const PARSED_PER_BYTE: u64 = 4;

/// The default bound of the parsed works a shelf keeps: 256 MB (about 64 MB of Markdown, some 40,000 articles).
pub const DEFAULT_BUDGET: u64 = 256 << 20;

/// The catalog, and the works read so far (see the module documentation).
pub struct Shelf {
    root: PathBuf,
    catalog: Catalog,
    /// Work URI → its place in the catalog.
    by_uri: HashMap<String, usize>,
    /// Short name → the places of the works that have it.
    by_name: HashMap<String, Vec<usize>>,
    budget: u64,
    /// Whether a text whose file has errors makes its work unreadable (the server's shelf), or is taken as
    /// [`load`](crate::load) takes it (the reader of [`stream`](crate::stream)).
    strict: bool,
    cache: Mutex<Cache>,
}

#[derive(Default)]
struct Cache {
    /// Catalog place → (the work, its estimated size, when last used).
    kept: BTreeMap<usize, (Arc<Work>, u64, u64)>,
    bytes: u64,
    clock: u64,
    reads: u64,
}

impl std::fmt::Debug for Shelf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shelf")
            .field("root", &self.root)
            .field("works", &self.catalog.works.len())
            .field("budget", &self.budget)
            .finish_non_exhaustive()
    }
}

impl Shelf {
    /// A shelf over the corpus directory `root` whose works `catalog` lists (made from that directory), keeping at
    /// most `budget` bytes of parsed works (estimated as [`PARSED_PER_BYTE`] times their Markdown).
    pub fn new(root: &Path, catalog: Catalog, budget: u64) -> Shelf {
        let mut by_uri = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, w) in catalog.works.iter().enumerate() {
            by_uri.insert(w.uri.clone(), i);
            by_name.entry(w.name.clone()).or_default().push(i);
        }
        Shelf {
            root: root.to_path_buf(),
            catalog,
            by_uri,
            by_name,
            budget,
            strict: true,
            cache: Mutex::new(Cache::default()),
        }
    }

    /// The same, giving each work as [`load`](crate::load) gives it: a text whose file has errors is still
    /// taken, as far as it was read.
    pub fn as_loaded(root: &Path, catalog: Catalog, budget: u64) -> Shelf {
        Shelf { strict: false, ..Shelf::new(root, catalog, budget) }
    }

    /// The catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The corpus directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// (works kept, their estimated bytes, files read so far).
    pub fn kept(&self) -> (usize, u64, u64) {
        let c = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        (c.kept.len(), c.bytes, c.reads)
    }

    /// The catalog's entry for the work with this URI or short name, without reading it.
    pub fn entry(&self, given: &str) -> Result<&crate::catalog::CatalogWork, LookupError> {
        Ok(&self.catalog.works[self.place(given)?])
    }

    /// The place in the catalog of the work with this URI, or with this short name if only one work has it.
    fn place(&self, given: &str) -> Result<usize, LookupError> {
        if let Ok(uri) = given.parse::<WorkUri>()
            && let Some(i) = self.by_uri.get(&uri.to_string())
        {
            return Ok(*i);
        }
        match self.by_name.get(given).map(Vec::as_slice).unwrap_or_default() {
            [one] => Ok(*one),
            [] => Err(LookupError::UnknownWork { given: given.to_string() }),
            many => Err(LookupError::AmbiguousWork {
                given: given.to_string(),
                candidates: many
                    .iter()
                    .map(|i| self.catalog.works[*i].uri.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    /// The work at `place`, from the cache or read now.
    fn at(&self, place: usize) -> Result<Arc<Work>, LookupError> {
        {
            let mut c = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            c.clock += 1;
            let now = c.clock;
            if let Some((w, _, used)) = c.kept.get_mut(&place) {
                *used = now;
                return Ok(w.clone());
            }
        }
        // Read outside the lock: other works are served meanwhile.
        let (work, cost) = self.read(place)?;
        let mut c = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        c.reads += 1;
        c.clock += 1;
        let now = c.clock;
        if let Some((w, _, used)) = c.kept.get_mut(&place) {
            // Read twice at once: keep the first.
            *used = now;
            return Ok(w.clone());
        }
        c.kept.insert(place, (work.clone(), cost, now));
        c.bytes += cost;
        while c.bytes > self.budget && c.kept.len() > 1 {
            let Some(oldest) =
                c.kept.iter().filter(|(k, _)| **k != place).min_by_key(|(_, v)| v.2).map(|(k, _)| *k)
            else {
                break;
            };
            if let Some((_, size, _)) = c.kept.remove(&oldest) {
                c.bytes -= size;
            }
        }
        Ok(work)
    }

    /// Reads and parses the files of the work at `place`.
    fn read(&self, place: usize) -> Result<(Arc<Work>, u64), LookupError> {
        let cw = &self.catalog.works[place];
        let unreadable = |why: String| LookupError::Unreadable { work: cw.uri.clone(), why };
        let mut corpus = Corpus::new();
        let mut bytes = 0;
        for ce in &cw.expressions {
            if ce.file.as_os_str().is_empty() {
                return Err(unreadable(format!("the catalog gives no file for {}", ce.id)));
            }
            let path = self.root.join(&ce.file);
            let (report, expr) = crate::read_file(&path);
            let Some(expr) =
                expr.filter(|_| !self.strict || !report.diagnostics.iter().any(|d| d.is_error()))
            else {
                let first = report.diagnostics.iter().find(|d| d.is_error());
                return Err(unreadable(match first {
                    Some(d) => {
                        format!("{}:{}:{}: {} {}", path.display(), d.line, d.column, d.code, d.message)
                    }
                    None => format!("{}: no law in the file", path.display()),
                }));
            };
            if expr.id().to_string() != ce.id {
                return Err(unreadable(format!(
                    "{} now holds {}, not {} as when the server started",
                    path.display(),
                    expr.id(),
                    ce.id
                )));
            }
            bytes += ce.bytes;
            corpus.insert(expr).map_err(|e| unreadable(format!("{} is in two files", e.id())))?;
        }
        let work = corpus.into_works().next().ok_or_else(|| unreadable("it has no text".into()))?;
        Ok((Arc::new(work), bytes.saturating_mul(PARSED_PER_BYTE)))
    }
}

impl Library for Shelf {
    fn work(&self, given: &str) -> Result<Arc<Work>, LookupError> {
        self.at(self.place(given)?)
    }

    fn uris(&self, kind: Option<DocKind>) -> Vec<WorkUri> {
        self.catalog
            .works
            .iter()
            .filter(|w| kind.is_none_or(|k| (w.kind == "draft") == (k == DocKind::Draft)))
            .filter_map(|w| w.uri.parse().ok())
            .collect()
    }

    fn titled(&self, matches: &dyn Fn(&str) -> bool) -> Option<Arc<Work>> {
        let place = self.catalog.works.iter().position(|w| w.titles.values().any(|t| matches(t)))?;
        self.at(place).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (PathBuf, crate::Loaded) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let loaded = crate::load(&root).unwrap_or_else(|e| panic!("{e}"));
        (root, loaded)
    }

    #[test]
    fn a_shelf_gives_the_works_the_loaded_corpus_has() {
        let (root, loaded) = sample();
        let shelf = Shelf::new(&root, Catalog::of_loaded(&loaded, &root, String::new()), DEFAULT_BUDGET);
        assert_eq!(shelf.kept().0, 0, "nothing is read before it is asked for");
        for w in loaded.corpus.works() {
            let got = shelf.work(&w.uri().to_string()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(*got, *w, "{} differs from the loaded one", w.uri());
        }
        assert_eq!(shelf.uris(None), loaded.corpus.uris(None));
        assert_eq!(shelf.uris(Some(DocKind::Draft)), loaded.corpus.uris(Some(DocKind::Draft)));
        let by_name = shelf.work("social-services").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(by_name.uri().name(), "social-services");
        assert!(matches!(shelf.work("no-such-law"), Err(LookupError::UnknownWork { .. })));
        let reads = shelf.kept().2;
        shelf.work("social-services").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(shelf.kept().2, reads, "a kept work is not read again");
        let t = shelf.titled(&|t| t == "On Social Services").map(|w| w.uri().name().to_string());
        assert_eq!(t.as_deref(), Some("social-services"));
    }

    #[test]
    fn the_cache_keeps_to_its_budget_and_reads_a_dropped_work_again() {
        let (root, loaded) = sample();
        let catalog = Catalog::of_loaded(&loaded, &root, String::new());
        // A budget below any one work: only the last work asked for is kept.
        let shelf = Shelf::new(&root, catalog, 1);
        let uris = shelf.uris(None);
        assert!(uris.len() >= 3);
        for u in &uris {
            shelf.work(&u.to_string()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(shelf.kept().0, 1, "one work kept at a time");
        }
        let held = shelf.work(&uris[0].to_string()).unwrap_or_else(|e| panic!("{e}"));
        shelf.work(&uris[1].to_string()).unwrap_or_else(|e| panic!("{e}"));
        assert!(!held.expressions().is_empty(), "a work handed out stays valid after it left the cache");
        assert_eq!(shelf.kept().2, uris.len() as u64 + 2, "dropped works are read again");
    }

    #[test]
    fn a_file_changed_or_removed_after_the_start_is_named_in_the_error() {
        let (src, _) = sample();
        let dir = std::env::temp_dir().join(format!("kanun-shelf-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let law = dir.join("tm/social-services");
        std::fs::create_dir_all(&law).unwrap_or_else(|e| panic!("{e}"));
        for f in ["eng@2022-01-01.md", "eng@2024-07-01.md"] {
            std::fs::copy(src.join("tm/social-services").join(f), law.join(f))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let loaded = crate::load(&dir).unwrap_or_else(|e| panic!("{e}"));
        let shelf = Shelf::new(&dir, Catalog::of_loaded(&loaded, &dir, String::new()), 1);
        std::fs::write(law.join("eng@2024-07-01.md"), "no front matter").unwrap_or_else(|e| panic!("{e}"));
        let e = shelf.work("social-services").map(|_| ()).unwrap_err();
        let text = e.to_string();
        assert!(matches!(e, LookupError::Unreadable { .. }), "{text}");
        assert!(text.contains("eng@2024-07-01.md") && text.contains("kanun check"), "{text}");
        std::fs::remove_file(law.join("eng@2024-07-01.md")).unwrap_or_else(|e| panic!("{e}"));
        let text = shelf.work("social-services").map(|_| ()).unwrap_err().to_string();
        assert!(text.contains("eng@2024-07-01.md"), "{text}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
