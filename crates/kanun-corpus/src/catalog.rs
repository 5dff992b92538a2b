//! The catalog of a corpus: its works and expressions with what a list of laws shows (titles, languages, dates,
//! status, article counts) and where each text is (file, size, content hash), without the texts themselves.
//!
//! `kanun index` keeps it beside the search index (`<data>/catalog.json`) with the corpus's [fingerprint]; while
//! the fingerprint holds, `kanun laws` answers from it without parsing a single file (at a million articles that
//! is the difference between a minute and an instant). The web workbench's list of works is the same value.
//!
//! [fingerprint]: crate::fingerprint

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kanun_model::{Corpus, Language, Work};
use serde::{Deserialize, Serialize};

use crate::Loaded;

/// The catalog's file in the data directory, beside the index.
pub const FILE: &str = "catalog.json";

/// The version of the stored catalog's layout; a catalog of another version is rebuilt, never misread.
pub const CATALOG_VERSION: u32 = 2;

/// The works of a corpus without their texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// [`CATALOG_VERSION`] when written.
    pub version: u32,
    /// The corpus fingerprint the catalog was made from (empty when made from a corpus in memory).
    pub fingerprint: String,
    /// The works, by URI.
    pub works: Vec<CatalogWork>,
    /// How many corpus files had errors and are not in the catalog.
    pub broken_files: usize,
}

/// A work in the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogWork {
    /// Its URI.
    pub uri: String,
    /// Its short name (the last segment of the URI).
    pub name: String,
    /// `law` or `draft`.
    pub kind: String,
    /// Its title in each language (that language's latest text).
    pub titles: BTreeMap<Language, String>,
    /// The languages it is written in.
    pub languages: Vec<Language>,
    /// The work a draft amends.
    pub amends: Option<String>,
    /// Its expressions, by date then language.
    pub expressions: Vec<CatalogExpression>,
}

/// An expression in the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogExpression {
    /// Its id (`<work>/<lang>@<date>`).
    pub id: String,
    /// Its language.
    pub language: Language,
    /// In force from (or, for a draft, its date).
    pub date: String,
    /// `in-force`, `repealed`, `draft`, …
    pub status: String,
    /// `law` or `draft`.
    pub kind: String,
    /// Its title.
    pub title: String,
    /// How many articles it has.
    pub articles: usize,
    /// Its file, relative to the corpus directory (empty for a text not read from a file).
    pub file: PathBuf,
    /// The file's size in bytes.
    pub bytes: u64,
    /// FNV-1a 64 of the file's text, in hex.
    pub hash: String,
}

/// The works of a catalog by URI, for their titles.
pub struct Titles<'a>(std::collections::HashMap<&'a str, &'a CatalogWork>);

impl Titles<'_> {
    /// The title in `language` of the work `uri` (empty for a work the catalog lacks).
    pub fn get(&self, uri: &str, language: Language) -> &str {
        self.0.get(uri).map_or("", |w| w.title(language))
    }
}

impl CatalogWork {
    /// Its title in `language`, as [`Work::title`] gives it: that language's latest, else the English, else the
    /// latest text's.
    pub fn title(&self, language: Language) -> &str {
        self.titles
            .get(&language)
            .or_else(|| self.titles.get(&Language::ENG))
            .map(String::as_str)
            .or_else(|| self.expressions.last().map(|e| e.title.as_str()))
            .unwrap_or("")
    }
}

impl Catalog {
    /// The works' titles by URI (see [`CatalogWork::title`]): what indexing annotations needs of the laws they
    /// are on, without reading one.
    pub fn titles(&self) -> Titles<'_> {
        Titles(self.works.iter().map(|w| (w.uri.as_str(), w)).collect())
    }

    /// The catalog of a corpus in memory (no files).
    pub fn of_corpus(corpus: &Corpus) -> Catalog {
        Catalog {
            version: CATALOG_VERSION,
            fingerprint: String::new(),
            works: corpus.works().map(|w| work(w, &BTreeMap::new())).collect(),
            broken_files: 0,
        }
    }

    /// The catalog of a loaded corpus: each expression with its file (relative to `root`), size and hash.
    pub fn of_loaded(loaded: &Loaded, root: &Path, fingerprint: String) -> Catalog {
        let files: BTreeMap<String, (PathBuf, u64, String)> = loaded
            .files
            .iter()
            .filter_map(|f| {
                let id = f.expression.as_ref()?.to_string();
                let (bytes, hash) = f.size.clone().unwrap_or_else(|| (0, content_hash(b"")));
                let rel = f.path.strip_prefix(root).unwrap_or(&f.path).to_path_buf();
                Some((id, (rel, bytes, hash)))
            })
            .collect();
        Catalog {
            version: CATALOG_VERSION,
            fingerprint,
            works: loaded.corpus.works().map(|w| work(w, &files)).collect(),
            broken_files: loaded.files.iter().filter(|f| f.diagnostics.iter().any(|d| d.is_error())).count(),
        }
    }

    /// Articles per language in the latest text of each law (drafts apart).
    pub fn articles_by_language(&self) -> BTreeMap<Language, usize> {
        let mut out = BTreeMap::new();
        for w in self.works.iter().filter(|w| w.kind == "law") {
            for l in &w.languages {
                if let Some(e) = w.expressions.iter().rev().find(|e| e.language == *l) {
                    *out.entry(*l).or_default() += e.articles;
                }
            }
        }
        out
    }

    /// Reads a stored catalog; `None` when there is none, or it is of another version or cannot be read (it is
    /// derived data: the caller makes it again from the corpus).
    pub fn read(path: &Path) -> Option<Catalog> {
        let bytes = std::fs::read(path).ok()?;
        let c: Catalog = serde_json::from_slice(&bytes).ok()?;
        (c.version == CATALOG_VERSION).then_some(c)
    }

    /// Stores the catalog (replaced whole, durably: a crash leaves the old catalog or the new one).
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let bytes = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        kanun_fs::write_atomic(path, &bytes)
    }
}

pub(crate) fn work(w: &Work, files: &BTreeMap<String, (PathBuf, u64, String)>) -> CatalogWork {
    let languages = w.languages();
    CatalogWork {
        uri: w.uri().to_string(),
        name: w.uri().name().to_string(),
        kind: if w.is_draft() { "draft" } else { "law" }.to_string(),
        titles: languages.iter().map(|l| (*l, w.title(*l).to_string())).collect(),
        languages,
        amends: w.expressions().iter().find_map(|e| e.meta.amends.as_ref().map(ToString::to_string)),
        expressions: w
            .expressions()
            .iter()
            .map(|e| {
                let id = e.id().to_string();
                let (file, bytes, hash) = files.get(&id).cloned().unwrap_or_default();
                CatalogExpression {
                    id,
                    language: e.meta.language,
                    date: e.meta.date.to_string(),
                    status: e.meta.status.as_str().to_string(),
                    kind: e.meta.kind.as_str().to_string(),
                    title: e.meta.title.clone(),
                    articles: e.article_count(),
                    file,
                    bytes,
                    hash,
                }
            })
            .collect(),
    }
}

/// A file's content hash as the catalog records it: FNV-1a, 64 bits, in hex.
pub(crate) fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", fnv(bytes))
}

/// FNV-1a, 64 bits.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_corpus_catalog_round_trips_and_counts_like_the_corpus() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let loaded = crate::load(&root).unwrap_or_else(|e| panic!("{e}"));
        let c = Catalog::of_loaded(&loaded, &root, "fp".into());
        // Loaded as `kanun index` and the server load it (the texts let go after parsing): the same sizes and
        // hashes. (They were 0 and the hash of nothing, and the server's cache of laws, which weighs each law by
        // its size, was never full.)
        let structure = crate::load_with(std::slice::from_ref(&root), crate::Checks::Structure)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(structure.files.iter().all(|f| f.source.is_none()));
        let sizes = |c: &Catalog| -> Vec<(u64, String)> {
            c.works.iter().flat_map(|w| w.expressions.iter().map(|e| (e.bytes, e.hash.clone()))).collect()
        };
        assert_eq!(sizes(&Catalog::of_loaded(&structure, &root, "fp".into())), sizes(&c));
        assert!(sizes(&c).iter().all(|(b, _)| *b > 0));
        assert_eq!(c.works.len(), loaded.corpus.works().count());
        let ss = c.works.iter().find(|w| w.name == "social-services").unwrap_or_else(|| unreachable!());
        let e = &ss.expressions[0];
        assert_eq!(e.file, Path::new("tm/social-services/eng@2022-01-01.md"));
        let text = std::fs::read(root.join(&e.file)).unwrap_or_default();
        assert_eq!((e.bytes, e.hash.clone()), (text.len() as u64, format!("{:016x}", fnv(&text))));
        // The same counts as the corpus in memory gives.
        let mut want: BTreeMap<Language, usize> = BTreeMap::new();
        for w in loaded.corpus.works().filter(|w| !w.is_draft()) {
            for l in w.languages() {
                *want.entry(l).or_default() += w.at(l, None).map_or(0, |e| e.article_count());
            }
        }
        assert_eq!(c.articles_by_language(), want);
        let dir = std::env::temp_dir().join(format!("kanun-catalog-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        let path = dir.join("catalog.json");
        c.write(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(Catalog::read(&path), Some(c));
        std::fs::write(&path, b"{\"version\": 99}").unwrap_or_default();
        assert_eq!(Catalog::read(&path), None, "another version is rebuilt, not misread");
        std::fs::remove_dir_all(dir).ok();
    }
}
