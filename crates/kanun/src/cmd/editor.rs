//! `kanun editor export|import`: the drafts written in the editor as JSONL files, one per draft, for git.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use kanun_store::drafts::DraftMerge;
use kanun_workbench::editor;

use crate::cli::EditorCommand;

/// One draft written.
#[derive(serde::Serialize)]
struct Written {
    name: String,
    file: String,
    revisions: u64,
}

pub fn run(data: &Path, annotations: &Path, cmd: EditorCommand) -> anyhow::Result<ExitCode> {
    let store = super::data::open_store(data, annotations, false)?;
    let default_dir = annotations.join("editor");
    match cmd {
        EditorCommand::Export { dir, names, json } => {
            let dir = dir.unwrap_or(default_dir);
            let names = if names.is_empty() {
                store.draft_heads()?.into_iter().map(|h| h.name).collect()
            } else {
                names
            };
            std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
            let mut written = Vec::new();
            for name in names {
                let text = editor::export(&store, &name)?;
                let file = dir.join(format!("{name}.jsonl"));
                kanun_fs::write_atomic(&file, text.as_bytes())
                    .with_context(|| format!("cannot write {}", file.display()))?;
                let revisions = store.draft_head(&name)?.map_or(0, |h| h.revision);
                written.push(Written { name, file: file.display().to_string(), revisions });
            }
            if json {
                super::print_json(&written)?;
            } else {
                let mut out = String::new();
                for w in &written {
                    out.push_str(&format!("{}: draft {}, {} revisions\n", w.file, w.name, w.revisions));
                }
                if written.is_empty() {
                    out.push_str("no drafts in the editor\n");
                }
                super::print(&out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        EditorCommand::Import { paths, json } => {
            let paths = if paths.is_empty() { vec![default_dir] } else { paths };
            let files = kanun_store::jsonl::files(&paths)?;
            let mut done = Vec::new();
            let mut trouble = false;
            for f in &files {
                let text =
                    std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?;
                let r = editor::import(&store, &text, &f.display().to_string())?;
                trouble |= matches!(r.merge, DraftMerge::Diverged { .. }) || !r.conflicts.is_empty();
                done.push(r);
            }
            if json {
                super::print_json(&done)?;
            } else {
                let mut out = String::new();
                for r in &done {
                    let what = match &r.merge {
                        DraftMerge::Added { revisions } => format!("added ({revisions} revisions)"),
                        DraftMerge::Updated { from, to } => format!("revisions {} to {to} added", from + 1),
                        DraftMerge::Unchanged => "unchanged".to_string(),
                        DraftMerge::Diverged { at, stored, incoming } => format!(
                            "not taken: revision {at} is {stored}'s in the store and {incoming}'s in the file (two saves of one revision); export the store's, compare, and make the other's changes again in the editor"
                        ),
                    };
                    out.push_str(&format!("draft {}: {what}\n", r.name));
                    for c in &r.conflicts {
                        out.push_str(&format!(
                            "draft {}: suggestion {c} decided differently in the file; the store's kept\n",
                            r.name
                        ));
                    }
                }
                if done.is_empty() {
                    out.push_str("no .jsonl files found\n");
                }
                super::print(&out)?;
            }
            Ok(if trouble { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
    }
}
