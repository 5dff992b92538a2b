//! `kanun backup` and `kanun restore`, and the checked opening of the data directory that every command which
//! uses it goes through (a foreign directory and a damaged store are refused with the way out).

use std::path::Path;
use std::process::ExitCode;

use kanun_store::backup::{self, BackupCounts};
use kanun_store::{AnnotationStore, datadir};

use super::{print, print_json};

/// Prepares the data directory (marker, foreign directory refused, interrupted restore finished), opens its store
/// and checks every record; with `seed`, a new, empty store is first filled from the annotations directory.
pub(super) fn open_store(data: &Path, annotations: &Path, seed: bool) -> anyhow::Result<AnnotationStore> {
    let opened = datadir::open(data, annotations, seed)?;
    for n in &opened.notes {
        eprintln!("note: {n}");
    }
    if let Some(r) = opened.imported.filter(|r| r.added > 0) {
        eprintln!(
            "note: imported {} annotations from {} into the new store {}",
            r.added,
            annotations.display(),
            datadir::store_dir(data).display()
        );
    }
    Ok(opened.store)
}

/// Prepares the data directory for a command that uses only its index.
pub(super) fn prepare(data: &Path) -> anyhow::Result<()> {
    for n in datadir::prepare(data)? {
        eprintln!("note: {n}");
    }
    Ok(())
}

fn counts_text(c: &BackupCounts) -> String {
    format!(
        "{} annotations ({} deleted) in {} works, {} users, {} drafts",
        c.annotations, c.tombstones, c.works, c.users, c.drafts
    )
}

/// `kanun backup DIR`
pub fn backup(data: &Path, annotations: &Path, dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    // A backup reads the store as it is: nothing is imported into it.
    let store = open_store(data, annotations, false)?;
    let report = backup::backup(&store, &datadir::drafts_dir(data), dir, env!("CARGO_PKG_VERSION"))?;
    for p in &report.removed_partials {
        eprintln!("note: removed {}, left by an interrupted backup", p.display());
    }
    if json {
        print_json(&report)?;
    } else {
        print(&format!(
            "backed up {} to {}: {}; {} files with SHA-256 checksums in {}/MANIFEST.json\nrestore it with: kanun --data {} restore {}\n",
            datadir::store_dir(data).display(),
            report.dir.display(),
            counts_text(&report.manifest.counts),
            report.manifest.files.len(),
            report.dir.display(),
            data.display(),
            report.dir.display()
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `kanun restore DIR`
pub fn restore(data: &Path, dir: &Path, json: bool, yes: bool) -> anyhow::Result<ExitCode> {
    // Who the backup gives access to that the store does not: listed, and confirmed by a person.
    let mut confirm = |gains: &[String]| {
        use std::io::{BufRead as _, IsTerminal as _};
        eprintln!("the backup gives these users access:\n  {}", gains.join("\n  "));
        if yes {
            return true;
        }
        if !std::io::stdin().is_terminal() {
            return false;
        }
        eprint!("restore them? type yes: ");
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer).is_ok() && answer.trim() == "yes"
    };
    let report = backup::restore_confirmed(dir, data, &mut confirm)?;
    for n in &report.notes {
        eprintln!("note: {n}");
    }
    if json {
        print_json(&report)?;
    } else {
        let mut out = format!(
            "restored {} into {}: {} (backup of {}, Kanun {})\n",
            dir.display(),
            datadir::store_dir(data).display(),
            counts_text(&report.manifest.counts),
            report.manifest.created,
            report.manifest.kanun_version
        );
        if let Some(p) = &report.store_before {
            out.push_str(&format!("the store it replaced is kept in {}\n", p.display()));
        }
        if let Some(p) = &report.drafts_before {
            out.push_str(&format!("the drafts it replaced are kept in {}\n", p.display()));
        }
        print(&out)?;
    }
    Ok(ExitCode::SUCCESS)
}
