//! Who cites what, kept beside the search index (`<data>/citations-<lang>.json`): the cited-by half of the
//! citation graph in one language, made when the index is brought in line with the corpus (`kanun index`,
//! `kanun search`) or, failing that, by the server in the background, and read back while the corpus keeps the
//! fingerprint it was made for. Building it reads every law; reading it reads one file.

use std::path::{Path, PathBuf};

use kanun_model::{Language, Library};
use kanun_refs::{Graph, Incoming};
use serde::{Deserialize, Serialize};

/// The version of the stored layout; another version is made again, never misread.
pub const VERSION: u32 = 1;

/// The file of the graph in `language`, in the data directory `data`.
pub fn file(data: &Path, language: Language) -> PathBuf {
    data.join(format!("citations-{}.json", language.code()))
}

#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    fingerprint: String,
    /// (work, eId cited, who cites it).
    incoming: Vec<(String, String, Vec<Incoming>)>,
}

/// Builds who cites what in `language` over `corpus` (each work as in its latest text).
pub fn build(corpus: &dyn Library, language: Language) -> Graph {
    Graph::build(corpus, language)
}

/// Stores `graph` (made for the corpus with `fingerprint`), replaced whole and durably.
pub fn write(data: &Path, language: Language, fingerprint: &str, graph: &Graph) -> std::io::Result<()> {
    let stored = Stored {
        version: VERSION,
        fingerprint: fingerprint.to_string(),
        incoming: graph.incoming.iter().map(|((w, e), list)| (w.clone(), e.clone(), list.clone())).collect(),
    };
    let bytes = serde_json::to_vec(&stored).map_err(std::io::Error::other)?;
    kanun_fs::write_atomic(&file(data, language), &bytes)
}

/// The stored graph in `language` when it was made for the corpus with `fingerprint`; `None` when there is none,
/// or it is stale, of another version or unreadable (derived data: made again).
pub fn read(data: &Path, language: Language, fingerprint: &str) -> Option<Graph> {
    let bytes = std::fs::read(file(data, language)).ok()?;
    let stored: Stored = serde_json::from_slice(&bytes).ok()?;
    if stored.version != VERSION || stored.fingerprint != fingerprint || fingerprint.is_empty() {
        return None;
    }
    let incoming = stored.incoming.into_iter().map(|(w, e, list)| ((w, e), list)).collect();
    Some(Graph { incoming })
}

/// Whether a graph for the corpus with `fingerprint` is stored in `language` (its version and fingerprint read;
/// the graph itself is skipped, not built).
pub fn is_stored(data: &Path, language: Language, fingerprint: &str) -> bool {
    #[derive(Deserialize)]
    struct Head {
        version: u32,
        fingerprint: String,
    }
    std::fs::read(file(data, language))
        .ok()
        .and_then(|b| serde_json::from_slice::<Head>(&b).ok())
        .is_some_and(|h| h.version == VERSION && h.fingerprint == fingerprint && !fingerprint.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_graph_is_read_back_for_its_corpus_only() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let loaded = crate::load(&root).unwrap_or_else(|e| panic!("{e}"));
        let g = build(&loaded.corpus, Language::ENG);
        assert!(!g.incoming.is_empty());
        let dir = std::env::temp_dir().join(format!("kanun-citations-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        write(&dir, Language::ENG, "fp-1", &g).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read(&dir, Language::ENG, "fp-1").map(|r| r.incoming), Some(g.incoming));
        assert!(read(&dir, Language::ENG, "fp-2").is_none(), "made for another corpus: made again");
        assert!(is_stored(&dir, Language::ENG, "fp-1") && !is_stored(&dir, Language::ENG, "fp-2"));
        assert!(read(&dir, Language::RUS, "fp-1").is_none(), "another language");
        std::fs::write(file(&dir, Language::ENG), b"{").unwrap_or_else(|e| panic!("{e}"));
        assert!(read(&dir, Language::ENG, "fp-1").is_none(), "a damaged file is made again, not an error");
        std::fs::remove_dir_all(&dir).ok();
    }
}
