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
    let incoming = backup::users_of(dir)?;
    // The users of the store it replaces (none when there is no store, or it cannot be read: then every user of
    // the backup is listed).
    let store_dir = datadir::store_dir(data);
    let current: Vec<kanun_model::user::User> = if store_dir.join("db").is_file() {
        kanun_store::AnnotationStore::open(&store_dir).and_then(|s| s.users()).unwrap_or_default()
    } else {
        Vec::new()
    };
    let gains: Vec<String> = incoming
        .iter()
        .filter_map(|u| match current.iter().find(|c| c.name == u.name) {
            None => Some(format!("{} ({}): a user the store does not have", u.name, u.role)),
            Some(c) if u.role.allows(c.role) && u.role != c.role => {
                Some(format!("{} ({}): now {}", u.name, u.role, c.role))
            }
            Some(c) if c.password_hash != u.password_hash => {
                Some(format!("{} ({}): another password than the store's", u.name, u.role))
            }
            Some(_) => None,
        })
        .collect();
    if !gains.is_empty() {
        eprintln!("the backup gives these users access:\n  {}", gains.join("\n  "));
        if !yes {
            use std::io::{BufRead as _, IsTerminal as _};
            if !std::io::stdin().is_terminal() {
                anyhow::bail!(
                    "not restored: check the users above (a backup whose manifest was rewritten can carry a user \
                     no one added), then run the restore again with --yes"
                );
            }
            eprint!("restore them? type yes: ");
            let mut answer = String::new();
            std::io::stdin().lock().read_line(&mut answer)?;
            if answer.trim() != "yes" {
                anyhow::bail!("not restored");
            }
        }
    }
    let report = backup::restore(dir, data)?;
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
