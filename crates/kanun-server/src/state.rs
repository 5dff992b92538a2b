//! The workbench a server holds: the corpus (its catalog, and the works read on demand behind a cache bounded in
//! bytes), the search index, the annotation store, the drafts uploaded through the API, and the sessions.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::RwLock;
use std::sync::atomic::{AtomicBool, Ordering};

use kanun_model::annotation::Annotation;
use kanun_model::{Expression, Language, Library};
use kanun_search::{SearchIndex, SyncEvent, SyncReport};
use kanun_store::AnnotationStore;
use thiserror::Error;

use crate::auth::{Auth, Mode};
use crate::error::ApiError;

/// Where the server finds its data, and where it listens.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to listen on.
    pub addr: SocketAddr,
    /// The data directory (index, store, uploaded drafts).
    pub data: PathBuf,
    /// The corpus directory.
    pub corpus: PathBuf,
    /// The annotations directory (imported into a new store).
    pub annotations: PathBuf,
    /// Serve the pages from this directory instead of the copy built into the program (for working on them).
    pub web: Option<PathBuf>,
    /// The origins a team server is reached at (`--public-origin https://kanun.example.org`): requests for other
    /// hosts or from pages of other origins are refused. Empty: same-origin requests to any host (team mode);
    /// local mode accepts only loopback hosts whatever this says.
    pub public_origins: Vec<crate::origin::Origin>,
    /// Proxies in front of the server (`--trusted-proxy`): for a request from one of them, the client's address
    /// (for the sign-in throttle) is the last one it wrote in `X-Forwarded-For`.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The most the parsed works kept in memory may take, in bytes (`--cache-mb`; see [`kanun_corpus::Shelf`]).
    pub cache_bytes: u64,
}

/// Why the server cannot start.
#[derive(Debug, Error)]
pub enum StartError {
    /// The corpus cannot be read.
    #[error("cannot load the corpus: {0}")]
    Corpus(#[from] kanun_corpus::CorpusError),
    /// The store cannot be opened.
    #[error("cannot open the annotation store: {0}")]
    Store(#[from] kanun_store::jsonl::ExportError),
    /// The data directory is foreign, or its store is damaged (the message gives the way out).
    #[error("{0}")]
    Data(#[from] kanun_store::datadir::DataDirError),
    /// The store cannot be read.
    #[error("{0}")]
    StoreRead(#[from] kanun_store::StoreError),
    /// The index cannot be built.
    #[error("cannot build the search index: {0}")]
    Index(#[from] kanun_search::SearchError),
    /// A file of the data directory cannot be read or written.
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    /// The configuration is unsafe.
    #[error("{0}")]
    Refused(String),
    /// Sessions cannot be set up.
    #[error("{0}")]
    Auth(ApiError),
}

/// An uploaded draft.
pub struct Uploaded {
    /// Its text, parsed.
    pub expression: Expression,
    /// The file it is kept in.
    pub path: PathBuf,
}

/// What a running server holds.
pub struct Workbench {
    /// The corpus: its catalog (works, expressions, titles, counts, files, as `kanun laws` lists it) and each work
    /// read when first asked for.
    pub corpus: kanun_corpus::Shelf,
    /// The search index.
    pub index: RwLock<SearchIndex>,
    /// Set when every annotation must be re-indexed (at start, and after a failed refresh of all).
    annotations_dirty: AtomicBool,
    /// The ids of the annotations changed since the index last took them in.
    changed_annotations: std::sync::Mutex<std::collections::BTreeSet<String>>,
    /// The annotation indexer: how many changes were noted, how many the index has taken in, and the signals
    /// between writers, the indexer and the searches waiting for it.
    indexer: Indexer,
    /// Held while annotations are taken into the index: one refresh at a time reads the store and commits, so an
    /// older version can never be committed after a newer one, and a search waits for a refresh in flight.
    refreshing: std::sync::Mutex<()>,
    /// The annotation store.
    pub store: AnnotationStore,
    /// Drafts uploaded through the API, by name.
    pub uploaded: RwLock<BTreeMap<String, Uploaded>>,
    /// Where uploaded drafts are kept.
    pub drafts_dir: PathBuf,
    /// Sessions and mode.
    pub auth: Auth,
    /// The configuration.
    pub config: Config,
    /// What the index sync did at start.
    pub sync_report: SyncReport,
    /// How many annotations were imported into a new store at start.
    pub imported: usize,
    /// The port the server listens on, once it does (0 before: the host check then takes any port).
    pub bound_port: std::sync::atomic::AtomicU16,
    /// The texts of the corpus as the reader lays them out (JSON), most recently made last, bounded in bytes.
    texts: std::sync::Mutex<std::collections::VecDeque<(String, axum::body::Bytes)>>,
    /// The citation graph per language, built once on first use (the corpus does not change while serving): a
    /// request that finds it being built waits for that build instead of starting another.
    graphs: std::sync::Mutex<
        BTreeMap<Language, std::sync::Arc<std::sync::OnceLock<std::sync::Arc<kanun_refs::Graph>>>>,
    >,
    /// Whether the thread that makes the citation graphs ready was started.
    citations_started: AtomicBool,
}

/// The most the laid-out texts kept by [`Workbench::memo_text`] take together.
pub const TEXT_CACHE_BYTES: usize = 64 << 20;

/// The one annotation indexer's bookkeeping: writers note changes (`noted`), the indexer takes them into the
/// search index on a short delay and says how far it got (`taken`); a search that may match annotations waits
/// (at most [`Indexer::PATIENCE`]) until the changes made before it are taken in, and never writes itself.
#[derive(Default)]
struct Indexer {
    /// (noted, taken): change counters.
    counts: std::sync::Mutex<(u64, u64)>,
    /// Wakes the indexer when a change is noted.
    wake: std::sync::Condvar,
    /// Wakes searches when the indexer took changes in.
    caught_up: std::sync::Condvar,
    /// Whether the indexer's thread runs.
    running: AtomicBool,
}

impl Indexer {
    /// How long a search waits for the indexer before it answers from the index as it is.
    const PATIENCE: std::time::Duration = std::time::Duration::from_secs(1);
    /// How long the indexer gathers changes before it commits them together.
    const GATHER: std::time::Duration = std::time::Duration::from_millis(50);
}

/// The mode a server must run in: local mode needs a loopback address and no users; users mean team mode; a
/// non-loopback address without users is refused.
pub fn decide_mode(addr: &SocketAddr, users: usize) -> Result<Mode, String> {
    match (users, addr.ip().is_loopback()) {
        (0, true) => Ok(Mode::Local),
        (0, false) => Err(format!(
            "refusing to listen on {addr} without users: anyone on the network could read and change the review. \
             Add users first (kanun user add NAME --role admin), or listen on 127.0.0.1 for local use"
        )),
        _ => Ok(Mode::Team),
    }
}

impl Workbench {
    /// What hosts and origins this server answers.
    pub fn origin_policy(&self) -> crate::origin::Policy<'_> {
        crate::origin::Policy {
            mode: self.auth.mode(),
            public: &self.config.public_origins,
            port: self.bound_port.load(Ordering::Relaxed),
        }
    }

    /// The attributes that end every cookie the server sets: `; Secure` behind TLS (an https public origin),
    /// so that the browser sends them only over it.
    pub fn cookie_security(&self) -> &'static str {
        if self.config.public_origins.iter().any(|o| o.scheme == "https") { "; Secure" } else { "" }
    }

    /// Loads the corpus, opens (and if new, seeds) the store, decides the mode, builds or refreshes the index and
    /// loads the uploaded drafts. `progress` hears about the index sync.
    pub fn open(config: Config, progress: &mut dyn FnMut(SyncEvent)) -> Result<Workbench, StartError> {
        // Listing the corpus files (not reading them) also refuses a corpus directory that is not there.
        let fingerprint = kanun_corpus::fingerprint(std::slice::from_ref(&config.corpus))?;
        // A foreign data directory and a damaged store are refused here, before anything is written.
        let opened = kanun_store::datadir::open(&config.data, &config.annotations, true)?;
        for note in &opened.notes {
            tracing::warn!(data = %config.data.display(), "{note}");
        }
        let (store, imported) = (opened.store, opened.imported);
        let mode = decide_mode(&config.addr, store.users()?.len()).map_err(StartError::Refused)?;
        let mut index = SearchIndex::open(&config.data.join("index"))?;
        // When no corpus file changed since the index and the catalog were last made (`kanun index`, `kanun
        // search` or the last start), the server starts from the catalog without reading a single law: at a
        // million articles that is seconds instead of minutes, and megabytes instead of gigabytes.
        let catalog_path = config.data.join(kanun_corpus::catalog::FILE);
        let stored = (index.corpus_fingerprint() == Some(fingerprint.as_str()))
            .then(|| kanun_corpus::Catalog::read(&catalog_path))
            .flatten()
            .filter(|c| c.fingerprint == fingerprint);
        let (catalog, sync_report) = match stored {
            Some(c) => {
                let unchanged = c.works.len();
                (c, SyncReport { unchanged, ..SyncReport::default() })
            }
            None => {
                // The corpus is read one work at a time to bring the index, the catalog and who cites what in
                // line; no more than a few works are held at once.
                let plan = kanun_corpus::stream::Plan::new(&config.corpus)?;
                let citations = plan
                    .languages()
                    .any(|l| !kanun_corpus::citations::is_stored(&config.data, l, &fingerprint));
                let mut syncer = index.syncer(plan.works(), progress)?;
                let read = plan.read(fingerprint.clone(), citations, &mut |w| syncer.add(w))?;
                let r = syncer.finish()?;
                if let Err(e) = read.catalog.write(&catalog_path) {
                    tracing::warn!(file = %catalog_path.display(), "the catalog was not stored ({e}): the next start reads the corpus again");
                }
                for (lang, graph) in &read.graphs {
                    if let Err(e) = kanun_corpus::citations::write(&config.data, *lang, &fingerprint, graph) {
                        let file = kanun_corpus::citations::file(&config.data, *lang);
                        tracing::warn!(file = %file.display(), "who cites what was not stored ({e}): it is made again in the background");
                    }
                }
                index.record_corpus_fingerprint(fingerprint)?;
                (read.catalog, r)
            }
        };
        let corpus = kanun_corpus::Shelf::new(&config.corpus, catalog, config.cache_bytes);
        if let Some(why) = &sync_report.rebuilt {
            tracing::warn!("the search index was rebuilt from the corpus because {why}");
        }
        let drafts_dir = config.data.join("drafts");
        let uploaded = load_uploaded(&drafts_dir)?;
        let wb = Workbench {
            corpus,
            index: RwLock::new(index),
            annotations_dirty: AtomicBool::new(true),
            changed_annotations: std::sync::Mutex::new(std::collections::BTreeSet::new()),
            indexer: Indexer::default(),
            refreshing: std::sync::Mutex::new(()),
            store,
            uploaded: RwLock::new(uploaded),
            drafts_dir,
            auth: Auth::new(mode).map_err(StartError::Auth)?,
            bound_port: std::sync::atomic::AtomicU16::new(config.addr.port()),
            config,
            sync_report,
            imported: imported.map_or(0, |r| r.added),
            graphs: std::sync::Mutex::new(BTreeMap::new()),
            citations_started: AtomicBool::new(false),
            texts: std::sync::Mutex::new(std::collections::VecDeque::new()),
        };
        wb.refresh_annotations().map_err(|e| StartError::Refused(e.to_string()))?;
        // The first searches as quick as the rest (a search would otherwise make what this makes).
        if let Err(e) = wb.index.read().unwrap_or_else(std::sync::PoisonError::into_inner).warm() {
            tracing::warn!(
                "the search index's tables were not made at start ({e}): the first searches make them"
            );
        }
        Ok(wb)
    }

    /// The citation graph of the corpus in a language.
    pub fn graph(&self, lang: Language) -> std::sync::Arc<kanun_refs::Graph> {
        let cell = {
            let mut g = self.graphs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            g.entry(lang).or_default().clone()
        };
        // Built outside the map's lock: other languages are not held up; the same language waits for this build.
        cell.get_or_init(|| std::sync::Arc::new(self.citations(lang))).clone()
    }

    /// Who cites what in `lang`: stored beside the index for this corpus (its fingerprint), or built by reading
    /// every law once (each let go after it is read) and stored for the next start.
    fn citations(&self, lang: Language) -> kanun_refs::Graph {
        let fingerprint = &self.corpus.catalog().fingerprint;
        if let Some(g) = kanun_corpus::citations::read(&self.config.data, lang, fingerprint) {
            return g;
        }
        let started = std::time::Instant::now();
        let g = kanun_corpus::citations::build(&self.corpus, lang);
        tracing::info!(language = %lang, seconds = started.elapsed().as_secs_f64(), "citation graph built");
        if let Err(e) = kanun_corpus::citations::write(&self.config.data, lang, fingerprint, &g) {
            let file = kanun_corpus::citations::file(&self.config.data, lang);
            tracing::warn!(file = %file.display(), "the citation graph was not stored ({e})");
        }
        g
    }

    /// Makes ready, on a thread of its own, the citation graph of each language of the corpus (read from beside
    /// the index, or built when `kanun index` did not store it), so that the first reader does not wait for it.
    /// Holds the workbench weakly.
    pub fn start_citations(self: &std::sync::Arc<Self>) {
        if self.citations_started.swap(true, Ordering::SeqCst) {
            return;
        }
        let weak = std::sync::Arc::downgrade(self);
        let mut languages: Vec<Language> =
            self.corpus.catalog().works.iter().flat_map(|w| w.languages.iter().copied()).collect();
        languages.sort();
        languages.dedup();
        let _ = std::thread::Builder::new().name("kanun-citations".into()).spawn(move || {
            for lang in languages {
                let Some(wb) = weak.upgrade() else { return };
                wb.graph(lang);
            }
        });
    }

    /// The laid-out text of the corpus expression `id`, made by `make` the first time and kept while the kept
    /// texts stay under [`TEXT_CACHE_BYTES`] (the oldest made go first).
    pub fn memo_text(
        &self,
        id: &str,
        make: impl FnOnce() -> Result<serde_json::Value, ApiError>,
    ) -> Result<axum::body::Bytes, ApiError> {
        if let Some((_, b)) =
            self.texts.lock().unwrap_or_else(std::sync::PoisonError::into_inner).iter().find(|(k, _)| k == id)
        {
            return Ok(b.clone());
        }
        let bytes = axum::body::Bytes::from(serde_json::to_vec(&make()?).map_err(ApiError::internal)?);
        let mut kept = self.texts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !kept.iter().any(|(k, _)| k == id) {
            kept.push_back((id.to_string(), bytes.clone()));
        }
        while kept.iter().map(|(_, b)| b.len()).sum::<usize>() > TEXT_CACHE_BYTES && kept.len() > 1 {
            kept.pop_front();
        }
        Ok(bytes)
    }

    /// Notes that an annotation changed: the indexer takes it into the search index.
    pub fn annotation_changed(&self, id: &str) {
        if let Ok(mut c) = self.changed_annotations.lock() {
            c.insert(id.to_string());
        }
        let mut n = self.indexer.counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        n.0 += 1;
        self.indexer.wake.notify_one();
    }

    /// Starts the one annotation indexer (once; later calls do nothing). It holds the workbench weakly and stops
    /// when the workbench is dropped.
    pub fn start_indexer(self: &std::sync::Arc<Self>) {
        if self.indexer.running.swap(true, Ordering::SeqCst) {
            return;
        }
        let weak = std::sync::Arc::downgrade(self);
        let spawned = std::thread::Builder::new().name("kanun-annotation-indexer".into()).spawn(move || {
            loop {
                let Some(wb) = weak.upgrade() else { return };
                let target = {
                    let n = wb.indexer.counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    let (n, _) = wb
                        .indexer
                        .wake
                        .wait_timeout_while(n, std::time::Duration::from_secs(1), |(noted, taken)| {
                            noted == taken
                        })
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    if n.0 == n.1 {
                        continue;
                    }
                    n.0
                };
                // Gather the changes that come together (a burst of writes is one commit).
                std::thread::sleep(Indexer::GATHER);
                let target = target.max(wb.indexer.counts.lock().map(|n| n.0).unwrap_or(target));
                match wb.refresh_annotations() {
                    Ok(()) => {
                        let mut n =
                            wb.indexer.counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                        n.1 = n.1.max(target);
                        wb.indexer.caught_up.notify_all();
                    }
                    Err(e) => {
                        // The changes were put back: tried again after a pause (a full disk recovers by itself).
                        tracing::warn!("annotations not yet taken into the search index: {e}");
                        drop(wb);
                        std::thread::sleep(std::time::Duration::from_secs(1));
                    }
                }
            }
        });
        if spawned.is_err() {
            self.indexer.running.store(false, Ordering::SeqCst);
        }
    }

    /// Waits (at most a second) until the annotation changes noted before the call are in the search index.
    pub fn await_annotations(&self) {
        if !self.indexer.running.load(Ordering::SeqCst) {
            // No indexer (a workbench used without a server): take the changes in here.
            let _ = self.refresh_annotations();
            return;
        }
        let n = self.indexer.counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let wanted = n.0;
        let _ = self
            .indexer
            .caught_up
            .wait_timeout_while(n, Indexer::PATIENCE, |(_, taken)| *taken < wanted)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
    }

    /// Re-indexes the annotations that changed (all of them the first time).
    pub fn refresh_annotations(&self) -> Result<(), ApiError> {
        let _one_at_a_time = self.refreshing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let all = self.annotations_dirty.swap(false, Ordering::SeqCst);
        let ids = std::mem::take(&mut *self.changed_annotations.lock().map_err(ApiError::internal)?);
        if !all && ids.is_empty() {
            return Ok(());
        }
        // The law's title from the catalog: indexing annotations reads no law.
        let titles = self.corpus.catalog().titles();
        let title =
            |a: &Annotation| titles.get(&a.target.work.to_string(), a.target.expression.language).to_string();
        let r = if all {
            let all = self.store.list(&kanun_store::Filter::default())?;
            let mut index = self.index.write().map_err(ApiError::internal)?;
            index.sync_annotations(&all, &title).map(|_| ())
        } else {
            let mut changed = Vec::with_capacity(ids.len());
            for id in &ids {
                changed.push((id.clone(), self.store.get(id)?));
            }
            // Searches go on under the read lock while the change is committed.
            let done = self.index.read().map_err(ApiError::internal)?.update_annotations(&changed, &title);
            match done {
                Ok(_) if self.index.read().map_err(ApiError::internal)?.has_annotations_hash() => {
                    self.index.write().map_err(ApiError::internal)?.forget_annotations_hash()
                }
                other => other.map(|_| ()),
            }
        };
        if let Err(e) = r {
            // Not taken in: the next search tries again.
            if let Ok(mut c) = self.changed_annotations.lock() {
                c.extend(ids);
            }
            if all {
                self.annotations_dirty.store(true, Ordering::SeqCst);
            }
            return Err(e.into());
        }
        Ok(())
    }

    /// The expression of a work (of the corpus, or an uploaded draft) in a language as in force on a date.
    pub fn expression(
        &self,
        name: &str,
        lang: Option<Language>,
        asof: Option<kanun_model::Date>,
    ) -> Result<Expression, ApiError> {
        if let Ok(up) = self.uploaded.read()
            && let Some(u) = up.get(name)
        {
            if lang.is_some_and(|l| l != u.expression.meta.language) {
                return Err(ApiError::not_found(format!(
                    "the uploaded draft {name} is in {} only",
                    u.expression.meta.language
                )));
            }
            return Ok(u.expression.clone());
        }
        let work = self.corpus.work(name)?;
        Ok(work.at(work.language_or_default(lang), asof)?.clone())
    }
}

fn load_uploaded(dir: &Path) -> Result<BTreeMap<String, Uploaded>, StartError> {
    let mut out = BTreeMap::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let entries = std::fs::read_dir(dir).map_err(|e| StartError::Io(dir.to_path_buf(), e))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    for path in paths {
        let (report, expr) = kanun_corpus::read_file(&path);
        match expr {
            Some(e) if !report.diagnostics.iter().any(|d| d.is_error()) => {
                out.insert(e.meta.work.name().to_string(), Uploaded { expression: e, path });
            }
            _ => tracing::warn!(
                file = %path.display(),
                "an uploaded draft has errors and is left out:\n{}",
                report.render_diagnostics()
            ),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_mode_follows_the_address_and_the_users() {
        let lo: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let lo6: SocketAddr = "[::1]:8080".parse().unwrap();
        let any: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert_eq!(decide_mode(&lo, 0), Ok(Mode::Local));
        assert_eq!(decide_mode(&lo6, 0), Ok(Mode::Local));
        assert_eq!(decide_mode(&lo, 2), Ok(Mode::Team));
        assert_eq!(decide_mode(&any, 1), Ok(Mode::Team));
        let e = decide_mode(&any, 0).unwrap_err();
        assert!(e.contains("without users") && e.contains("kanun user add"), "{e}");
    }
}
