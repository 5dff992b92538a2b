//! Kanun's search index: one tantivy document per article of every expression and draft, analysed in English,
//! Russian, Turkmen (and German for imported texts) by `kanun-analysis`, queried with the AST of `kanun-query`.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let corpus = kanun_corpus::load(std::path::Path::new("corpus"))?.corpus;
//! let mut index = kanun_search::SearchIndex::open(std::path::Path::new(".kanun/index"))?;
//! index.sync(&corpus, &mut |_| {})?;
//! let q = kanun_query::parse("социальная услуга lang:rus")?;
//! let results = index.search(&q, &kanun_search::SearchOptions::default())?;
//! for hit in results.hits {
//!     println!("{} {} {}", hit.title, hit.heading, hit.snippet_html);
//! }
//! # Ok(()) }
//! ```
//!
//! The index is derived state: it can be deleted and rebuilt from the corpus at any time. [`SearchIndex::sync`]
//! re-indexes only the works whose content changed (by content hash) and removes works that left the corpus; an
//! index written by another schema version is rebuilt, with the reason reported. A corpus read one work at a
//! time is given to a [`Syncer`] ([`SearchIndex::syncer`]) work by work, with the same result.

mod cache;
mod disk;
mod documents;
mod facets;
mod hash;
mod query;
mod schema;
mod snippet;
mod stats;
pub mod tokenizer;
mod union;
mod window;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kanun_model::Corpus;
use kanun_query::ParsedQuery;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::Value;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, Term};
use thiserror::Error;

pub use schema::SCHEMA_VERSION;

/// The size of the stored documents' compressed blocks, in bytes.
const DOCSTORE_BLOCK: usize = 4096;

/// Whether a query can match annotations: only one that names a `kind:` does (law searches leave the reviewers'
/// annotations out). A server need not bring the annotations in the index up to date for any other query.
pub fn may_match_annotations(q: &kanun_query::Query) -> bool {
    query::mentions_kind(q)
}

/// Something went wrong with the index itself (not with a query: those are [`kanun_query::QueryError`]s).
#[derive(Debug, Error)]
pub enum SearchError {
    /// The index directory cannot be created, read or written.
    #[error("index directory {path}: {source}")]
    Io {
        /// The directory or file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// tantivy reported an error.
    #[error("search index: {0} (delete the index directory to rebuild it from the corpus)")]
    Engine(#[from] tantivy::TantivyError),
    /// A field's tokenizer is not registered: the field would silently drop out of queries.
    #[error("search index: tokenizer {0} is not registered")]
    Tokenizer(String),
}

/// What the index remembers about itself, beside tantivy's own files.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Meta {
    schema_version: u32,
    /// Work URI → content hash of what was indexed.
    works: BTreeMap<String, String>,
    /// Content hash of the annotations indexed.
    #[serde(default)]
    annotations: Option<String>,
    /// The fingerprint of the corpus files the works were last brought in line with (set by the command line
    /// after a sync; cleared by any sync, so that only a sync that recorded it vouches for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    corpus_fingerprint: Option<String>,
}

/// What a sync did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct SyncReport {
    /// Works indexed for the first time.
    pub added: Vec<String>,
    /// Works whose content changed and were re-indexed.
    pub updated: Vec<String>,
    /// Works that left the corpus and were removed.
    pub removed: Vec<String>,
    /// Works left as they were.
    pub unchanged: usize,
    /// Documents (articles) written.
    pub documents: usize,
    /// Why the whole index was rebuilt, if it was.
    pub rebuilt: Option<String>,
}

/// A sync in progress (see [`SearchIndex::syncer`]).
pub struct Syncer<'a> {
    index: &'a mut SearchIndex,
    writer: tantivy::IndexWriter<TantivyDocument>,
    report: SyncReport,
    seen: std::collections::HashSet<String>,
    /// The new content hashes of the works indexed, recorded in the bookkeeping on [`Syncer::finish`] only.
    hashes: Vec<(String, String)>,
    progress: &'a mut dyn FnMut(SyncEvent),
}

impl Syncer<'_> {
    /// Indexes `work` unless the index holds it with the same content already.
    pub fn add(&mut self, work: &kanun_model::Work) -> Result<(), SearchError> {
        let uri = work.uri().to_string();
        let hash = documents::work_hash(work);
        self.seen.insert(uri.clone());
        let old = self.index.meta.works.get(&uri);
        if old == Some(&hash) {
            self.report.unchanged += 1;
            (self.progress)(SyncEvent::Work { uri, indexed: false });
            return Ok(());
        }
        let updated = old.is_some();
        self.writer.delete_term(Term::from_field_text(self.index.fields.work, &uri));
        for doc in documents::work_documents(work, &self.index.fields) {
            self.writer.add_document(doc)?;
            self.report.documents += 1;
        }
        if updated {
            self.report.updated.push(uri.clone())
        } else {
            self.report.added.push(uri.clone())
        }
        self.hashes.push((uri.clone(), hash));
        (self.progress)(SyncEvent::Work { uri, indexed: true });
        Ok(())
    }

    /// Removes the works not given, commits once, and writes the bookkeeping.
    pub fn finish(mut self) -> Result<SyncReport, SearchError> {
        let index = self.index;
        let gone: Vec<String> =
            index.meta.works.keys().filter(|u| !self.seen.contains(*u)).cloned().collect();
        for uri in gone {
            self.writer.delete_term(Term::from_field_text(index.fields.work, &uri));
            index.meta.works.remove(&uri);
            self.report.removed.push(uri);
        }
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        index.meta.works.extend(self.hashes);
        index.reader.reload()?;
        index.keep_segments_searched();
        // The bookkeeping is written after the commit, through a temporary file, so that it never claims more
        // than the index holds.
        index.save_meta()?;
        Ok(self.report)
    }
}

/// Progress of a sync, for a progress bar.
#[derive(Debug, Clone)]
pub enum SyncEvent {
    /// How many works will be looked at.
    Start {
        /// Works in the corpus.
        works: usize,
    },
    /// One work done.
    Work {
        /// Its URI.
        uri: String,
        /// Whether it was (re)indexed.
        indexed: bool,
    },
}

/// How to run a search.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Hits per page.
    pub limit: usize,
    /// 1-based page.
    pub page: usize,
    /// Snippet length in characters.
    pub snippet_chars: usize,
    /// Count the matches exactly up to this many and say "more than" beyond (the facets are those of the
    /// matches counted); `None`: count every match, scoring each (the exhaustive path, for exports and tests).
    pub count_up_to: Option<usize>,
    /// Whether the facet counts are wanted.
    pub facets: bool,
    /// The values given per facet, the most frequent first; how many others matching documents have is in
    /// [`SearchResults::facets_more`]. (A search matching thousands of laws does not list them all.)
    pub facet_values: usize,
}

/// How many values of each facet a search gives by default.
pub const FACET_VALUES: usize = 20;

/// How many matches a search counts exactly by default: beyond it the total is "more than 10,000" and the top
/// hits are found without scoring every match (block-max WAND).
pub const COUNT_UP_TO: usize = 10_000;

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            limit: 10,
            page: 1,
            snippet_chars: 180,
            count_up_to: Some(COUNT_UP_TO),
            facets: true,
            facet_values: FACET_VALUES,
        }
    }
}

/// One hit: an article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Relevance score.
    pub score: f32,
    /// The work URI.
    pub work: String,
    /// The work's short title in the hit's language.
    pub title: String,
    /// The expression id.
    pub expression: String,
    /// The language.
    pub language: String,
    /// The date the expression is in force from.
    pub date: String,
    /// law or draft.
    pub kind: String,
    /// The article's eId.
    pub eid: String,
    /// The eId of the part or point where the first match is (the article's own when the match is in its intro).
    pub matched_eid: String,
    /// The article heading as a reader sees it: `Article 12. Complaints`.
    pub heading: String,
    /// The containers above the article: `Chapter II. State regulation`.
    pub container: String,
    /// The best passage, HTML-escaped, with `<mark>` around the matches.
    pub snippet_html: String,
    /// The other languages the same article exists in (same work and date).
    pub parallel: Vec<String>,
}

/// A page of results, with the total count and facet counts over all matches.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// How many articles match (when `total_exact` is false: at least this many).
    pub total: usize,
    /// Whether `total` is every match (false: more match than the search counts, see [`COUNT_UP_TO`]); the facet
    /// counts are exact when it is.
    pub total_exact: bool,
    /// The hits of this page.
    pub hits: Vec<Hit>,
    /// Matches per work (short name), language, kind and status: the [`SearchOptions::facet_values`] most
    /// frequent values of each, the most first.
    pub facets: BTreeMap<String, Vec<(String, u64)>>,
    /// Per facet, how many other values matching documents have (not listed in `facets`).
    pub facets_more: BTreeMap<String, usize>,
    /// The page shown.
    pub page: usize,
    /// Hits per page.
    pub limit: usize,
}

/// The index on disk.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: schema::Fields,
    meta: Meta,
    /// Why the index was rebuilt on open, reported by the next sync.
    rebuilt: Option<String>,
    /// Facet names per segment, made once.
    facet_names: facets::NameCache,
    /// The search window's bit sets per segment, made once.
    windows: window::WindowCache,
    /// The writer of the small annotation updates, kept between them (its merges go on in the background);
    /// dropped before a bulk sync takes the index's one writer lock.
    small_writer: std::sync::Mutex<Option<tantivy::IndexWriter<TantivyDocument>>>,
    /// While on, the index's files cannot be written, as on a full disk (for the tests of recovery).
    disk_full: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SearchError + '_ {
    move |source| SearchError::Io { path: path.to_path_buf(), source }
}

const META_FILE: &str = "kanun-index.json";

impl SearchIndex {
    /// Opens the index in `dir`, creating it if needed; an index of another schema version, or one that cannot be
    /// read, is wiped and recreated (the next [`sync`](Self::sync) fills it and reports why).
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        match Self::open_once(dir) {
            // A damaged segment (garbage or a truncated file) shows when the reader opens it: the index is
            // derived, so it is rebuilt rather than refused.
            Err(SearchError::Engine(e)) if dir.join("meta.json").exists() => {
                wipe(dir)?;
                let mut index = Self::open_once(dir)?;
                index.rebuilt = Some(format!("its files could not be read ({e})"));
                Ok(index)
            }
            other => other,
        }
    }

    fn open_once(dir: &Path) -> Result<SearchIndex, SearchError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let meta_path = dir.join(META_FILE);
        let meta: Option<Meta> = std::fs::read(&meta_path).ok().and_then(|b| serde_json::from_slice(&b).ok());
        let (schema, fields) = schema::build();
        let mut rebuilt = None;
        let existing = dir.join("meta.json").exists();
        let create = |dir: &Path| -> Result<(Index, disk::Disk), SearchError> {
            let disk = disk::Disk::open(dir).map_err(tantivy::TantivyError::from)?;
            // Stored documents in blocks of 4 KiB rather than tantivy's 16: a hit shown decompresses its own block,
            // so a page of hits from documents not read before (as most are) decompresses a quarter as much.
            let settings =
                tantivy::IndexSettings { docstore_blocksize: DOCSTORE_BLOCK, ..Default::default() };
            Ok((Index::create(disk.clone(), schema.clone(), settings)?, disk))
        };
        let (index, disk) = match (&meta, existing) {
            (Some(m), true) if m.schema_version == SCHEMA_VERSION => {
                match disk::Disk::open(dir)
                    .map_err(tantivy::TantivyError::from)
                    .and_then(|disk| Ok((Index::open(disk.clone())?, disk)))
                {
                    Ok(opened) => opened,
                    Err(e) => {
                        rebuilt = Some(format!("the index could not be opened ({e})"));
                        wipe(dir)?;
                        create(dir)?
                    }
                }
            }
            (Some(m), true) => {
                rebuilt = Some(format!(
                    "it was built by schema version {}, this Kanun uses {SCHEMA_VERSION}",
                    m.schema_version
                ));
                wipe(dir)?;
                create(dir)?
            }
            (None, true) => {
                rebuilt = Some("its bookkeeping file was missing or unreadable".into());
                wipe(dir)?;
                create(dir)?
            }
            (_, false) => create(dir)?,
        };
        tokenizer::register(&index);
        // An unregistered tokenizer silently drops its field from queries: check them all.
        for (field, entry) in index.schema().fields() {
            if let tantivy::schema::FieldType::Str(opts) = entry.field_type()
                && let Some(ix) = opts.get_indexing_options()
                && index.tokenizers().get(ix.tokenizer()).is_none()
            {
                let _ = field;
                return Err(SearchError::Tokenizer(ix.tokenizer().to_string()));
            }
        }
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let meta = match (meta, &rebuilt) {
            (Some(m), None) => m,
            _ => Meta {
                schema_version: SCHEMA_VERSION,
                works: BTreeMap::new(),
                annotations: None,
                corpus_fingerprint: None,
            },
        };
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            meta,
            rebuilt,
            facet_names: facets::NameCache::default(),
            windows: window::WindowCache::default(),
            small_writer: std::sync::Mutex::new(None),
            disk_full: disk.full_switch(),
        })
    }

    /// Brings the index in line with the corpus: re-indexes the works whose content changed, removes the works
    /// that are gone, and commits once. The same as a [`Syncer`] given each work of `corpus`.
    pub fn sync(
        &mut self,
        corpus: &Corpus,
        progress: &mut dyn FnMut(SyncEvent),
    ) -> Result<SyncReport, SearchError> {
        let mut syncer = self.syncer(corpus.len(), progress)?;
        for work in corpus.works() {
            syncer.add(work)?;
        }
        syncer.finish()
    }

    /// Starts bringing the index in line with a corpus of `works` works given one at a time
    /// ([`Syncer::add`]), so that a corpus read one work at a time is never held whole: the works not given
    /// before [`Syncer::finish`] are removed from the index, and nothing is committed before it (a syncer
    /// dropped unfinished leaves the index as it was).
    pub fn syncer<'a>(
        &'a mut self,
        works: usize,
        progress: &'a mut dyn FnMut(SyncEvent),
    ) -> Result<Syncer<'a>, SearchError> {
        let report = SyncReport { rebuilt: self.rebuilt.take(), ..SyncReport::default() };
        // Whoever syncs and does not record the corpus's fingerprint leaves the index without one.
        self.meta.corpus_fingerprint = None;
        // Analysis happens in the indexing threads: one per core, with 400 MB each before a segment is written, so
        // that a national corpus (1M articles, 1.5 GB) makes a few large segments that need no merging: at 100 MB
        // it made 13, merged after the commit (peak RSS 1.66 GB against 1.44 GB; BENCHMARKS.md, issue 22 part 6).
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
        self.drop_small_writer();
        let writer: tantivy::IndexWriter<TantivyDocument> =
            self.index.writer_with_num_threads(threads, threads * 400_000_000)?;
        progress(SyncEvent::Start { works });
        Ok(Syncer {
            index: self,
            writer,
            report,
            seen: std::collections::HashSet::new(),
            hashes: Vec::new(),
            progress,
        })
    }

    /// Indexes annotation bodies and quotes as documents of kind `annotation` (searched with `kind:annotation`;
    /// law searches leave them out), replacing those indexed before if the annotations changed. Deleted annotations are not
    /// indexed. `law_title` names the law an annotation is on. Returns the number of annotation documents.
    pub fn sync_annotations(
        &mut self,
        annotations: &[kanun_model::annotation::Annotation],
        law_title: &dyn Fn(&kanun_model::annotation::Annotation) -> String,
    ) -> Result<usize, SearchError> {
        let live: Vec<&kanun_model::annotation::Annotation> =
            annotations.iter().filter(|a| !a.deleted).collect();
        let hash = documents::annotations_hash(&live);
        if self.meta.annotations.as_ref() == Some(&hash) {
            return Ok(live.len());
        }
        self.drop_small_writer();
        let mut writer: tantivy::IndexWriter<TantivyDocument> =
            self.index.writer_with_num_threads(1, 50_000_000)?;
        writer.delete_term(Term::from_field_text(self.fields.kind, "annotation"));
        for a in &live {
            writer.add_document(documents::annotation_document(a, &law_title(a), &self.fields))?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        self.keep_segments_searched();
        self.meta.annotations = Some(hash);
        self.save_meta()?;
        Ok(live.len())
    }

    /// Re-indexes only the annotations that changed: each id's document is replaced by the annotation's current
    /// version (none when it is gone or deleted). A search after one edit costs one small commit, not a rebuild
    /// of every annotation's document. Takes `&self`: searches go on meanwhile and see the change once it is
    /// committed. Call [`forget_annotations_hash`](Self::forget_annotations_hash) once after the first update,
    /// so that the next start checks every annotation again.
    pub fn update_annotations(
        &self,
        changed: &[(String, Option<kanun_model::annotation::Annotation>)],
        law_title: &dyn Fn(&kanun_model::annotation::Annotation) -> String,
    ) -> Result<usize, SearchError> {
        if changed.is_empty() {
            return Ok(0);
        }
        let mut slot = self.small_writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let writer = match &mut *slot {
            Some(w) => w,
            // The smallest budget tantivy takes: these are a handful of small documents.
            none => none.insert(self.index.writer_with_num_threads(1, 15_000_000)?),
        };
        let mut added = 0;
        let written = (|| {
            for (id, a) in changed {
                writer.delete_term(Term::from_field_text(self.fields.id, &format!("annotation#{id}")));
                if let Some(a) = a.as_ref().filter(|a| !a.deleted) {
                    writer.add_document(documents::annotation_document(a, &law_title(a), &self.fields))?;
                    added += 1;
                }
            }
            writer.commit().map(|_| ())
        })();
        if let Err(e) = written {
            // A writer that failed (a full disk kills its indexing thread) is never used again: the next call
            // makes a new one, so searches recover by themselves once there is room, without a restart.
            *slot = None;
            return Err(e.into());
        }
        drop(slot);
        self.reader.reload()?;
        self.keep_segments_searched();
        Ok(added)
    }

    /// For tests: while `full` is true, every write of the index's files fails as on a full disk.
    #[doc(hidden)]
    pub fn simulate_full_disk(&self, full: bool) {
        self.disk_full.store(full, std::sync::atomic::Ordering::Relaxed);
    }

    /// The fingerprint of the corpus files (see `kanun_corpus::fingerprint`) recorded after the last sync, if the
    /// last sync recorded one.
    pub fn corpus_fingerprint(&self) -> Option<&str> {
        self.meta.corpus_fingerprint.as_deref()
    }

    /// Records that the works are in line with the corpus files of this fingerprint (after a sync).
    pub fn record_corpus_fingerprint(&mut self, fingerprint: String) -> Result<(), SearchError> {
        self.meta.corpus_fingerprint = Some(fingerprint);
        self.save_meta()
    }

    /// Whether these are the annotations the index holds (nothing to re-index).
    pub fn annotations_current(&self, annotations: &[kanun_model::annotation::Annotation]) -> bool {
        let live: Vec<&kanun_model::annotation::Annotation> =
            annotations.iter().filter(|a| !a.deleted).collect();
        self.meta.annotations.as_ref() == Some(&documents::annotations_hash(&live))
    }

    /// Whether the saved bookkeeping still claims a hash of all annotations.
    pub fn has_annotations_hash(&self) -> bool {
        self.meta.annotations.is_some()
    }

    /// Stops claiming a hash of all annotations (after [`update_annotations`](Self::update_annotations)).
    pub fn forget_annotations_hash(&mut self) -> Result<(), SearchError> {
        if self.meta.annotations.take().is_some() {
            self.save_meta()?;
        }
        Ok(())
    }

    /// Closes the kept writer of small updates, releasing the index's writer lock for a bulk sync.
    fn drop_small_writer(&self) {
        *self.small_writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }

    /// After a commit: the segment tables and window sets of the segments merged away are dropped, those of the
    /// segments still searched kept (an annotation saved used to make the next search build them all again:
    /// 0.1-0.2 s at 1M articles).
    fn keep_segments_searched(&self) {
        let live = self.reader.searcher().segment_readers().iter().map(|s| s.segment_id()).collect();
        self.facet_names.keep_segments(&live);
        self.windows.keep_segments(&live);
    }

    /// Makes what searches keep per segment: the facet tables and the window sets of the searches of laws
    /// (current texts, and texts in force on a date). Otherwise the first searches after opening make them: at
    /// a million articles the first search took a quarter of a second more than the next, and the first
    /// hundred searches 0.4 s of processor time more than the next hundred. A server calls it once at start;
    /// a one-off search does not need to.
    pub fn warm(&self) -> Result<(), SearchError> {
        let searcher = self.reader.searcher();
        let laws = vec!["annotation", "draft"];
        let windows = [
            query::Window { asof: None, excluded: laws.clone() },
            query::Window { asof: Some(0), excluded: laws },
            query::Window { asof: None, excluded: Vec::new() },
        ];
        for segment in searcher.segment_readers() {
            self.facet_names.warm(segment, "facets")?;
            for window in &windows {
                self.windows.segment(&searcher, segment, window, &self.fields)?;
            }
        }
        Ok(())
    }

    fn save_meta(&self) -> Result<(), SearchError> {
        let path = self.dir.join(META_FILE);
        let bytes = serde_json::to_vec_pretty(&self.meta)
            .map_err(|e| SearchError::Io { path: path.clone(), source: e.into() })?;
        kanun_fs::write_atomic(&path, &bytes).map_err(io(&path))
    }

    /// The number of documents (articles) in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Runs a query.
    pub fn search(&self, q: &ParsedQuery, opts: &SearchOptions) -> Result<SearchResults, SearchError> {
        let searcher = self.reader.searcher();
        let tq = query::translate(q, &self.fields, &searcher);
        // The BM25 statistics of the search, each looked up once (a prefix's expansion has found its terms').
        let stats = stats::Stats::new(&searcher);
        for t in tq.union.iter().flatten() {
            stats.know(&t.term, t.doc_freq);
        }
        let limit = opts.limit.clamp(1, 100);
        let page = opts.page.max(1);
        let (total, total_exact, top, counts) = match opts.count_up_to {
            // Every match scored, counted and its facets counted, in one pass, with the window as clauses of
            // the query.
            None => {
                let counter = facets::FacetCounter {
                    field: "facets",
                    cache: &self.facet_names,
                    most: opts.facet_values,
                };
                let top = TopDocs::with_limit(limit).and_offset((page - 1) * limit).order_by_score();
                let (total, top, counts) =
                    searcher.search(&*tq.full(&self.fields), &(Count, top, counter))?;
                (total, true, top, Some(counts))
            }
            // The top hits by the words alone, the window checked on the candidates (tantivy then skips the
            // blocks that cannot enter them: block-max WAND), and the matches counted, with their facets, up to
            // the bound without scoring.
            Some(bound) if tq.prunable => {
                let top = self.top_in_window(&searcher, &stats, &tq, page * limit)?;
                let top = top.into_iter().skip((page - 1) * limit).collect();
                let (total, exact, counts) = self.count_bounded(&searcher, &tq, bound, opts)?;
                (total, exact, top, counts)
            }
            // A query whose every match is scored anyway: the top hits and the count in one pass (a phrase's
            // matches beyond the bound pruned).
            Some(bound) => {
                let (top, total, exact, counts) =
                    self.top_and_count(&searcher, &stats, &tq, page * limit, bound, opts)?;
                (total, exact, top.into_iter().skip((page - 1) * limit).collect(), counts)
            }
        };
        let tq = tq.scored;
        let counts = if opts.facets { counts.unwrap_or_default() } else { Default::default() };
        let mut facets = BTreeMap::new();
        let mut facets_more = BTreeMap::new();
        for ((root, values), more) in facets::ROOTS.iter().zip(counts.values).zip(counts.more) {
            facets.insert(root.to_string(), values);
            facets_more.insert(root.to_string(), more);
        }
        // Snippet generators for the fields that can carry a document's matches, made once per language of the
        // hits. tantivy's limit counts bytes, so for Cyrillic text (two bytes a letter) it is doubled to give
        // passages of the same length to the eye.
        let mut generators: BTreeMap<String, Vec<snippet::Snippets>> = BTreeMap::new();
        // Only the fields the query has terms in: a generator without terms finds nothing, but still tokenizes
        // (and stems) every hit's text (a fifth of a filtered search's time at 1M articles).
        let mut with_terms = std::collections::HashSet::new();
        tq.query_terms(&mut |term, _| {
            with_terms.insert(term.field());
        });
        let mut hits = Vec::new();
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let lang = doc.get_first(self.fields.lang).and_then(|v| v.as_str()).unwrap_or("").to_string();
            if !generators.contains_key(&lang) {
                let mut fields: Vec<tantivy::schema::Field> =
                    self.fields.body.iter().filter(|(l, _)| l.code() == lang).map(|(_, f)| *f).collect();
                fields.push(self.fields.exact);
                if lang == "tuk" {
                    fields.extend([self.fields.fold, self.fields.prefix]);
                }
                fields.retain(|f| with_terms.contains(f));
                let chars = if lang == "rus" { opts.snippet_chars * 2 } else { opts.snippet_chars };
                let mut made = Vec::new();
                for f in fields {
                    made.push(snippet::Snippets::new(&searcher, &stats, &*tq, f, chars)?);
                }
                generators.insert(lang.clone(), made);
            }
            hits.push(self.hit(score, &doc, generators.get(&lang).map_or(&[][..], Vec::as_slice)));
        }
        Ok(SearchResults { total, total_exact, hits, facets, facets_more, page, limit })
    }

    /// The `k` best documents of the words in the window, best first (a tie goes to the earlier document, as
    /// tantivy's `TopDocs` has it): every segment's scorer prunes with the k-th best score so far.
    fn top_in_window(
        &self,
        searcher: &tantivy::Searcher,
        stats: &stats::Stats,
        tq: &query::Translated,
        k: usize,
    ) -> Result<Ranking, SearchError> {
        if let Some(conjunction) = &tq.conjunction {
            return self.top_of_conjunction(searcher, stats, tq, conjunction, k);
        }
        let weight = tq.scored.weight(stats.scoring())?;
        let mut best = TopK::new(k);
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let window = self.windows.segment(searcher, segment, &tq.window, &self.fields)?;
            // Documents of later segments lose ties, so the floor carries over: only a better score enters.
            let mut threshold = best.floor();
            weight.for_each_pruning(threshold, segment, &mut |doc, score| {
                if score > threshold && window.contains(doc) {
                    best.push(score, tantivy::DocAddress::new(ord as u32, doc));
                    threshold = best.floor();
                }
                threshold
            })?;
        }
        Ok(best.into_sorted())
    }

    /// The `k` best documents of an intersection of words in the window, language by language (see
    /// [`query::Conjunction`]). In each segment, a language split into text and heading is gone through in
    /// passes that tantivy prunes with the block maxima of their terms' scores ([`heading_passes`]): the
    /// matches whose heading has some of the words, then those whose heading has none of them, by the text
    /// terms alone. (The matches with a heading word used to be gone through whole: where headings often say
    /// "social", a tenth of all articles for a two-word search, 17 ms at 1M articles.) A language not split is
    /// gone through whole with its own part of the query.
    ///
    /// A pass's sum of term scores is a document's score or less, so it raises the floor the passes prune
    /// with; the documents that pass are then scored by the query's own scorer, once per segment in document
    /// order (making it opens every clause's postings in every language), so the scores (and with them the
    /// order, ties to the earlier document) are those of the exhaustive path.
    fn top_of_conjunction(
        &self,
        searcher: &tantivy::Searcher,
        stats: &stats::Stats,
        tq: &query::Translated,
        conjunction: &query::Conjunction,
        k: usize,
    ) -> Result<Ranking, SearchError> {
        // The parts weigh the terms of the query again: their statistics are looked up once.
        let scoring = stats.scoring();
        let exact = tq.scored.weight(scoring)?;
        let mut parts = Vec::new();
        // Each word's heading term weighed as the query weighs it, per part.
        let mut heading_weights = Vec::new();
        for part in &conjunction.parts {
            let mut weights = Vec::new();
            for w in &part.words {
                weights.push(
                    tantivy::query::Bm25Weight::for_terms(stats, std::slice::from_ref(&w.heading))?
                        .boost_by(w.heading_boost()),
                );
            }
            heading_weights.push(weights);
        }
        for part in &conjunction.parts {
            let mut passes = Vec::new();
            for pass in heading_passes(stats, part)? {
                passes.push((part.headed_by(pass.heading).weight(scoring)?, pass));
            }
            let all = (1u32 << part.words.len()) - 1;
            parts.push((part, part.text.weight(scoring)?, passes, all));
        }
        let mut best = TopK::new(k);
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let window = self.windows.segment(searcher, segment, &tq.window, &self.fields)?;
            // The documents that may enter, and the floor their lower bounds give with the top so far.
            let mut candidates = Vec::new();
            let mut bound = best.clone();
            for ((part, text, passes, all), heading_weights) in parts.iter().zip(&heading_weights) {
                for (weight, pass) in passes {
                    let mut skip = heading_postings(segment, part, pass.skip)?;
                    let mut later = LaterHeadings::new(segment, part, pass.later, heading_weights)?;
                    // A little lower still: `adds` is a float sum too.
                    let lowered =
                        |floor: f32| if floor == f32::MIN { floor } else { below(floor) - pass.adds * 1.001 };
                    weight.for_each_pruning(lowered(bound.floor()), segment, &mut |doc, score| {
                        if window.contains(doc) && !has_any(&mut skip, doc) {
                            // The later words' heading scores the pass leaves out: with them, the score.
                            let score = score + later.score(doc);
                            if score >= below(bound.floor()) {
                                candidates.push(doc);
                                bound.push(below(score), tantivy::DocAddress::new(ord as u32, doc));
                            }
                        }
                        lowered(bound.floor())
                    })?;
                }
                // The matches whose heading has none of the words (every match when the part is not split).
                let mut skip = heading_postings(segment, part, *all)?;
                text.for_each_pruning(below(bound.floor()), segment, &mut |doc, score| {
                    if window.contains(doc) && !has_any(&mut skip, doc) {
                        candidates.push(doc);
                        bound.push(below(score), tantivy::DocAddress::new(ord as u32, doc));
                    }
                    below(bound.floor())
                })?;
            }
            if candidates.is_empty() {
                continue;
            }
            candidates.sort_unstable();
            let mut scorer = exact.scorer(segment, 1.0)?;
            for doc in candidates {
                offer(&mut *scorer, &mut best, ord, doc);
            }
        }
        Ok(best.into_sorted())
    }

    /// The `k` best documents in the window and the matches counted up to `bound` with their facets, in one
    /// pass over the matches: for the queries whose scorer scores every match anyway (intersections, phrases,
    /// exclusions: nothing for block-max WAND to prune), so that the matches are not gone through twice (a
    /// phrase's positions were read twice). A phrase's matches beyond the bound are pruned
    /// ([`prune_phrase`](Self::prune_phrase)).
    fn top_and_count(
        &self,
        searcher: &tantivy::Searcher,
        stats: &stats::Stats,
        tq: &query::Translated,
        k: usize,
        bound: usize,
        opts: &SearchOptions,
    ) -> Result<(Ranking, usize, bool, Option<facets::Counts>), SearchError> {
        use tantivy::{DocSet as _, TERMINATED};
        let union = tq.union.as_deref().map(|terms| union::Union::new(terms, stats)).transpose()?;
        // The query's own scorer, unless Kanun's union scores it.
        let weight = if union.is_some() { None } else { Some(tq.scored.weight(stats.scoring())?) };
        let phrase = tq.phrase.as_deref().map(|terms| PhraseBound::new(stats, terms)).transpose()?;
        let mut count = facets::Bounded::new(&self.facet_names, bound, opts.facets, opts.facet_values);
        let mut best = TopK::new(k);
        // Whether every match is still counted.
        let mut counting = true;
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let window = self.windows.segment(searcher, segment, &tq.window, &self.fields)?;
            count.start(ord, segment)?;
            if let Some(union) = &union {
                // Most of a short prefix's matches come after the bound: then a score below the floor is
                // enough to pass a document over.
                let mut floor = best.floor();
                union.for_each(segment, |doc, score| {
                    if (!counting && score <= floor) || !window.contains(doc) {
                        return;
                    }
                    if counting {
                        counting = count.count(doc);
                    }
                    if score > floor {
                        best.push(score, tantivy::DocAddress::new(ord as u32, doc));
                        floor = best.floor();
                    }
                })?;
                continue;
            }
            // Only Kanun's union, gone through above, has no weight of tantivy's.
            let Some(weight) = &weight else { continue };
            let mut each = |doc, score| {
                if !window.contains(doc) {
                    return;
                }
                count.count(doc);
                if score > best.floor() {
                    best.push(score, tantivy::DocAddress::new(ord as u32, doc));
                }
            };
            let Some(phrase) = &phrase else {
                weight.for_each(segment, &mut each)?;
                continue;
            };
            // A phrase: its matches one by one while the count is below the bound, the rest pruned.
            let mut scorer = weight.scorer(segment, 1.0)?;
            let mut doc = scorer.doc();
            let mut counting = true;
            while counting && doc != TERMINATED {
                if window.contains(doc) {
                    counting = count.count(doc);
                    let score = scorer.score();
                    if score > best.floor() {
                        best.push(score, tantivy::DocAddress::new(ord as u32, doc));
                    }
                }
                doc = scorer.advance();
            }
            if doc != TERMINATED {
                self.prune_phrase(phrase, segment, ord, &window, &mut *scorer, &mut best)?;
            }
        }
        let (total, exact, counts) = count.finish()?;
        Ok((best.into_sorted(), total, exact, counts))
    }

    /// The rest of a phrase's matches in `segment` once the count's bound is reached, `scorer` (the phrase's)
    /// standing on a match not yet looked at.
    ///
    /// A phrase's matches are found by reading the positions of its words in every document that has them
    /// all: for two common words at 1M articles, the most costly search of the mix (two fifths of the server's
    /// time under load). Beyond the bound only the top hits are wanted, and the phrase's BM25 score in a
    /// document is at most the same BM25 weight applied to the count of its rarest word there (the score grows
    /// with the count, and each occurrence of the phrase is an occurrence of each word), which the word's
    /// postings give without positions: the phrase is checked only where that bound reaches the top hits so
    /// far. The scorer's `seek_danger` is called with rising targets, never below the last lower bound it gave
    /// (tantivy's contract).
    fn prune_phrase(
        &self,
        phrase: &PhraseBound,
        segment: &tantivy::SegmentReader,
        ord: usize,
        window: &window::SegmentWindow,
        scorer: &mut dyn tantivy::query::Scorer,
        best: &mut TopK,
    ) -> Result<(), SearchError> {
        use tantivy::postings::Postings as _;
        use tantivy::{DocSet as _, SeekDangerResult, TERMINATED};
        let rarest = &phrase.rarest;
        let Some(mut postings) = segment
            .inverted_index(rarest.field())?
            .read_postings(rarest, tantivy::schema::IndexRecordOption::WithFreqs)
            .map_err(tantivy::TantivyError::from)?
        else {
            return Ok(());
        };
        let norms = segment.get_fieldnorms_reader(rarest.field())?;
        // The scorer's document is known to be a match only before any `seek_danger`.
        let first = scorer.doc();
        let mut at = first;
        let mut d = postings.seek(first);
        while d != TERMINATED {
            if d >= at
                && phrase.bm25.score(norms.fieldnorm_id(d), postings.term_freq()) >= below(best.floor())
                && window.contains(d)
            {
                let found = d == first
                    || match scorer.seek_danger(d) {
                        SeekDangerResult::Found => true,
                        SeekDangerResult::SeekLowerBound(lower) => {
                            at = lower;
                            false
                        }
                    };
                if found {
                    at = d + 1;
                    let score = scorer.score();
                    if score > best.floor() {
                        best.push(score, tantivy::DocAddress::new(ord as u32, d));
                    }
                }
            }
            d = postings.advance();
        }
        Ok(())
    }

    /// The matches of the query counted without scoring, up to `bound` (exact when fewer: `true`), with the
    /// facets of those counted when `facets`.
    fn count_bounded(
        &self,
        searcher: &tantivy::Searcher,
        tq: &query::Translated,
        bound: usize,
        opts: &SearchOptions,
    ) -> Result<(usize, bool, Option<facets::Counts>), SearchError> {
        use tantivy::{DocSet as _, TERMINATED};
        let weight = tq.scored.weight(tantivy::query::EnableScoring::disabled_from_searcher(searcher))?;
        let mut count = facets::Bounded::new(&self.facet_names, bound, opts.facets, opts.facet_values);
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            count.start(ord, segment)?;
            let window = self.windows.segment(searcher, segment, &tq.window, &self.fields)?;
            let mut scorer = weight.scorer(segment, 1.0)?;
            let mut doc = scorer.doc();
            while doc != TERMINATED {
                if window.contains(doc) && !count.count(doc) {
                    // The bound is reached: the rest need not be read.
                    return Ok(count.finish()?);
                }
                doc = scorer.advance();
            }
        }
        Ok(count.finish()?)
    }

    fn hit(&self, score: f32, doc: &TantivyDocument, generators: &[snippet::Snippets]) -> Hit {
        let f = &self.fields;
        let get = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let text = get(f.text);
        // The passage with the most matches wins, the earliest on a tie.
        let best = generators
            .iter()
            .filter_map(|g| g.passage(&text))
            .max_by_key(|p| (p.marked.len(), usize::MAX - p.range.start));
        let (snippet_html, first_match) = match best {
            Some(p) if !p.marked.is_empty() => (p.html(&text), Some(p.marked[0].start)),
            _ => {
                let head: String = text.chars().take(180).collect();
                (escape_html(&head), None)
            }
        };
        let eid = get(f.eid);
        let parts: Vec<(String, usize, usize)> = serde_json::from_str(&get(f.parts)).unwrap_or_default();
        let matched_eid = first_match
            .and_then(|at| parts.iter().filter(|(_, s, e)| *s <= at && at < *e).min_by_key(|(_, s, e)| e - s))
            .map_or_else(|| eid.clone(), |(p, _, _)| p.clone());
        Hit {
            score,
            work: get(f.work),
            title: get(f.title),
            expression: get(f.expression),
            language: get(f.lang),
            date: doc
                .get_first(f.date_from)
                .and_then(|v| v.as_u64())
                .map(format_date_key)
                .unwrap_or_default(),
            kind: get(f.kind),
            eid,
            matched_eid,
            heading: get(f.heading),
            container: get(f.container),
            snippet_html,
            parallel: serde_json::from_str(&get(f.parallel)).unwrap_or_default(),
        }
    }
}

/// What bounds a phrase's score in a document: the phrase query's own BM25 weight (tantivy's `PhraseQuery`
/// makes it so from the same statistics) and its rarest word, whose count there the phrase's cannot exceed.
struct PhraseBound {
    bm25: tantivy::query::Bm25Weight,
    rarest: Term,
}

impl PhraseBound {
    fn new(stats: &stats::Stats, terms: &[Term]) -> tantivy::Result<PhraseBound> {
        use tantivy::query::Bm25StatisticsProvider as _;
        let mut rarest = (u64::MAX, &terms[0]);
        for t in terms {
            rarest = rarest.min((stats.doc_freq(t)?, t));
        }
        Ok(PhraseBound {
            bm25: tantivy::query::Bm25Weight::for_terms(stats, terms)?,
            rarest: rarest.1.clone(),
        })
    }
}

/// A pass over the matches of a [`query::Part`] whose heading has some of the words.
struct HeadingPass {
    /// The words whose heading terms it intersects (bit `i`: word `i`).
    heading: u32,
    /// The words whose heading makes a match another pass's: skipped.
    skip: u32,
    /// The words whose heading score it does not sum though a match of it may have them.
    later: u32,
    /// The most those may add to a match's score (its threshold is lowered by it).
    adds: f32,
}

/// The heading terms a [`HeadingPass`] does not sum, to add their scores to its candidates: each one's postings
/// in the segment, its BM25 weight as the query has it, and the heading's lengths.
struct LaterHeadings {
    terms: Vec<(tantivy::postings::SegmentPostings, tantivy::query::Bm25Weight)>,
    norms: Option<tantivy::fieldnorm::FieldNormReader>,
}

impl LaterHeadings {
    fn new(
        segment: &tantivy::SegmentReader,
        part: &query::Part,
        words: u32,
        weights: &[tantivy::query::Bm25Weight],
    ) -> tantivy::Result<LaterHeadings> {
        let lists = heading_lists(segment, part, words, tantivy::schema::IndexRecordOption::WithFreqs)?;
        let norms = match part.words.first() {
            Some(w) if !lists.is_empty() => Some(segment.get_fieldnorms_reader(w.heading.field())?),
            _ => None,
        };
        let terms = lists.into_iter().filter_map(|(i, p)| weights.get(i).map(|w| (p, w.clone()))).collect();
        Ok(LaterHeadings { terms, norms })
    }

    /// The sum of their scores in `doc` (asked in rising document order).
    fn score(&mut self, doc: tantivy::DocId) -> f32 {
        use tantivy::DocSet as _;
        use tantivy::postings::Postings as _;
        let Some(norms) = &self.norms else { return 0.0 };
        let mut sum = 0.0;
        for (p, weight) in &mut self.terms {
            if p.doc() < doc {
                p.seek(doc);
            }
            if p.doc() == doc {
                sum += weight.score(norms.fieldnorm_id(doc), p.term_freq());
            }
        }
        sum
    }
}

/// The passes over a split part's matches with heading words ([`query::Part::headed_by`]), each such match in
/// exactly one. Up to [`EXACT_SETS_UP_TO`] words, one per set of heading words, a match in the pass of its own
/// set (its sum then its score: no lowering). Beyond, one per word, the rarest heading term first, a match in
/// the pass of the first of its heading words, the pass's threshold lowered by the BM25 maxima of the later
/// ones (the commoner words, whose maxima are the lower).
fn heading_passes(stats: &stats::Stats, part: &query::Part) -> tantivy::Result<Vec<HeadingPass>> {
    use tantivy::query::Bm25StatisticsProvider as _;
    let n = part.words.len();
    let all = (1u32 << n) - 1;
    if n <= EXACT_SETS_UP_TO {
        // The sets of the most words first: their matches score the highest, and the floor they raise prunes
        // the passes after them.
        let mut sets: Vec<u32> = (1..=all).collect();
        sets.sort_by_key(|set| std::cmp::Reverse(set.count_ones()));
        return Ok(sets
            .into_iter()
            .map(|set| HeadingPass { heading: set, skip: all & !set, later: 0, adds: 0.0 })
            .collect());
    }
    let mut order = Vec::new();
    for (i, w) in part.words.iter().enumerate() {
        let most = tantivy::query::Bm25Weight::for_terms(stats, std::slice::from_ref(&w.heading))?
            .boost_by(w.heading_boost())
            .max_score();
        order.push((stats.doc_freq(&w.heading)?, i, most));
    }
    order.sort_by_key(|&(docs, i, _)| (docs, i));
    let mut passes = Vec::new();
    let mut earlier = 0;
    for (at, &(_, i, _)) in order.iter().enumerate() {
        let adds = order[at + 1..].iter().map(|&(_, _, most)| most).sum();
        let later = order[at + 1..].iter().fold(0, |set, &(_, j, _)| set | 1 << j);
        passes.push(HeadingPass { heading: 1 << i, skip: earlier, later, adds });
        earlier |= 1 << i;
    }
    Ok(passes)
}

/// Up to how many words a split part has a heading pass per set of words (2^n - 1 passes).
const EXACT_SETS_UP_TO: usize = 2;

/// The postings of the heading terms of the part's words in `words` (bit `i`: word `i`) that the segment has,
/// with the word's index.
fn heading_lists(
    segment: &tantivy::SegmentReader,
    part: &query::Part,
    words: u32,
    option: tantivy::schema::IndexRecordOption,
) -> tantivy::Result<Vec<(usize, tantivy::postings::SegmentPostings)>> {
    let mut out = Vec::new();
    for (i, w) in part.words.iter().enumerate() {
        if words & (1 << i) != 0
            && let Some(p) = segment.inverted_index(w.heading.field())?.read_postings(&w.heading, option)?
        {
            out.push((i, p));
        }
    }
    Ok(out)
}

/// The postings (documents only) of the heading terms of the part's words in `words`.
fn heading_postings(
    segment: &tantivy::SegmentReader,
    part: &query::Part,
    words: u32,
) -> tantivy::Result<Vec<tantivy::postings::SegmentPostings>> {
    let lists = heading_lists(segment, part, words, tantivy::schema::IndexRecordOption::Basic)?;
    Ok(lists.into_iter().map(|(_, p)| p).collect())
}

/// Whether one of `postings` has `doc`, each moved forward to it (asked in rising document order).
fn has_any(postings: &mut [tantivy::postings::SegmentPostings], doc: tantivy::DocId) -> bool {
    use tantivy::DocSet as _;
    postings.iter_mut().any(|p| {
        if p.doc() < doc {
            p.seek(doc);
        }
        p.doc() == doc
    })
}

/// Scores `doc` of segment `ord` by the query's `scorer` (moved forward to it) and offers it to `best`.
fn offer(scorer: &mut dyn tantivy::query::Scorer, best: &mut TopK, ord: usize, doc: tantivy::DocId) {
    if scorer.doc() < doc {
        scorer.seek(doc);
    }
    if scorer.doc() == doc {
        let score = scorer.score();
        if score >= best.floor() {
            best.push(score, tantivy::DocAddress::new(ord as u32, doc));
        }
    }
}

/// A little below `floor`: the threshold given to a pruning scorer whose score is the query's summed in
/// another order (a float sum's order changes its last bits), so that no document whose score by the query
/// reaches the floor is pruned.
fn below(floor: f32) -> f32 {
    if floor == f32::MIN { floor } else { floor - floor.abs().max(1.0) * 1e-3 }
}

/// Documents with their scores, best first.
type Ranking = Vec<(f32, tantivy::DocAddress)>;

/// The `k` best documents seen, by score, a tie to the earlier document (as tantivy's `TopDocs` has it).
#[derive(Clone)]
struct TopK {
    k: usize,
    /// The worst on top.
    heap: std::collections::BinaryHeap<std::cmp::Reverse<Ranked>>,
}

/// A candidate: ordered by score, then the earlier document first.
#[derive(Clone, PartialEq)]
struct Ranked(f32, std::cmp::Reverse<tantivy::DocAddress>);

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0).then_with(|| self.1.cmp(&other.1))
    }
}

impl TopK {
    fn new(k: usize) -> TopK {
        TopK { k, heap: std::collections::BinaryHeap::with_capacity(k + 1) }
    }

    /// The score a document must beat to enter (documents come in address order, so a tie never enters).
    fn floor(&self) -> f32 {
        match self.heap.peek() {
            Some(std::cmp::Reverse(worst)) if self.heap.len() == self.k => worst.0,
            _ => f32::MIN,
        }
    }

    fn push(&mut self, score: f32, addr: tantivy::DocAddress) {
        self.heap.push(std::cmp::Reverse(Ranked(score, std::cmp::Reverse(addr))));
        if self.heap.len() > self.k {
            self.heap.pop();
        }
    }

    /// Best first.
    fn into_sorted(self) -> Ranking {
        let mut top: Vec<Ranked> = self.heap.into_iter().map(|std::cmp::Reverse(r)| r).collect();
        top.sort_by(|a, b| b.cmp(a));
        top.into_iter().map(|Ranked(score, std::cmp::Reverse(addr))| (score, addr)).collect()
    }
}

fn format_date_key(k: u64) -> String {
    format!("{:04}-{:02}-{:02}", k / 10_000, k / 100 % 100, k % 100)
}

pub use kanun_render::escape as escape_html;

fn wipe(dir: &Path) -> Result<(), SearchError> {
    std::fs::remove_dir_all(dir).map_err(io(dir))?;
    std::fs::create_dir_all(dir).map_err(io(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_index_stores_its_documents_in_small_blocks() {
        let dir = std::env::temp_dir().join(format!("kanun-docstore-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let ix = SearchIndex::open(&dir).expect("a new index opens");
        assert_eq!(ix.index.settings().docstore_blocksize, DOCSTORE_BLOCK);
        assert!(DOCSTORE_BLOCK < tantivy::IndexSettings::default().docstore_blocksize);
        drop(ix);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// An index of the sample corpus in a directory of its own (removed first), and the directory.
    fn sample_index(name: &str) -> (SearchIndex, PathBuf) {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
        let loaded = kanun_corpus::load(Path::new(root)).expect("the sample corpus loads");
        let dir = std::env::temp_dir().join(format!("kanun-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut ix = SearchIndex::open(&dir).expect("a new index opens");
        ix.sync(&loaded.corpus, &mut |_| {}).expect("the sample corpus is indexed");
        (ix, dir)
    }

    /// Kanun's passages are tantivy's snippets (the same passage, the same words marked, the same HTML but for
    /// the apostrophe's entity), for the hits of searches in every language and every field with query terms.
    #[test]
    fn passages_are_tantivys_snippets() {
        use tantivy::collector::TopDocs;
        let (ix, dir) = sample_index("passages");
        let searcher = ix.reader.searcher();
        let mut fields: Vec<tantivy::schema::Field> = ix.fields.body.iter().map(|(_, f)| *f).collect();
        fields.extend([ix.fields.exact, ix.fields.fold, ix.fields.prefix]);
        let queries = [
            "services",
            "social services",
            "\"social services\"",
            "serv*",
            "provider OR person",
            "the",
            "социальные услуги",
            "социа*",
            "\"социальных услуг\"",
            "услуг",
            "hyzmat",
            "sosial hyzmatlar",
            "hyzm*",
            "çaga",
            "caga",
        ];
        let (mut compared, mut marked) = (0, 0);
        for q in queries {
            let tq = query::translate(&kanun_query::parse(q).expect("parses"), &ix.fields, &searcher);
            let top =
                searcher.search(&*tq.scored, &TopDocs::with_limit(40).order_by_score()).expect("searched");
            assert!(!top.is_empty(), "{q}: the sample corpus has matches");
            for field in &fields {
                for chars in [60, 180, 360] {
                    let ours = snippet::Snippets::new(
                        &searcher,
                        &stats::Stats::new(&searcher),
                        &*tq.scored,
                        *field,
                        chars,
                    )
                    .expect("made");
                    let mut theirs =
                        tantivy::snippet::SnippetGenerator::create(&searcher, &*tq.scored, *field)
                            .expect("made");
                    theirs.set_max_num_chars(chars);
                    for (_, addr) in &top {
                        let doc: TantivyDocument = searcher.doc(*addr).expect("stored");
                        let text = doc.get_first(ix.fields.text).and_then(|v| v.as_str()).unwrap_or("");
                        let mut want = theirs.snippet(text);
                        want.set_snippet_prefix_postfix("<mark>", "</mark>");
                        let got = ours.passage(text);
                        compared += 1;
                        match got {
                            None => {
                                assert!(want.highlighted().is_empty(), "{q}: tantivy marks words we do not")
                            }
                            Some(p) => {
                                marked += 1;
                                assert_eq!(p.range, want.fragment_range(), "{q}: the same passage");
                                let relative: Vec<_> = p
                                    .marked
                                    .iter()
                                    .map(|r| r.start - p.range.start..r.end - p.range.start)
                                    .collect();
                                assert_eq!(relative, want.highlighted(), "{q}: the same words marked");
                                assert_eq!(p.html(text), want.to_html().replace("&#x27;", "&#39;"), "{q}");
                            }
                        }
                    }
                }
            }
        }
        assert!(marked > 500 && compared > marked, "{marked} passages of {compared} texts compared");
        drop(ix);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_warmed_index_has_made_what_searches_of_laws_use() {
        let (ix, dir) = sample_index("warm");
        let segments = ix.reader.searcher().segment_readers().len();
        assert!(segments > 0);
        assert_eq!((ix.facet_names.tables_kept(), ix.windows.sets_kept()), (0, 0), "nothing made before");
        ix.warm().expect("warmed");
        let made = (ix.facet_names.tables_kept(), ix.windows.sets_kept());
        assert_eq!(made, (segments, 3 * segments), "a facet table per segment, three window sets");
        // The searches of laws (current texts, a date, a kind asked for) find everything made.
        for q in [
            "services",
            "social services",
            "serv*",
            "services asof:2015-01-01",
            "services kind:law",
            "\"social services\"",
        ] {
            let found = ix
                .search(&kanun_query::parse(q).expect("parses"), &SearchOptions::default())
                .expect("searched");
            assert!(found.total > 0, "{q}: the sample corpus has matches");
            assert_eq!((ix.facet_names.tables_kept(), ix.windows.sets_kept()), made, "{q}: nothing new made");
        }
        drop(ix);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
