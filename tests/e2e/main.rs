//! End-to-end tests: the `kanun` command line on the bundled corpus and on bad inputs, the real public texts in
//! `../shared/corpora/`, and the architecture rules (tidy).

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

mod annotate;
mod backup;
mod bad_inputs;
mod cli;
mod concurrency;
mod crash;
mod editor;
mod generate;
mod hostile;
mod http;
mod legal;
mod load;
mod parity;
mod real_redlines;
mod real_texts;
mod redline;
mod relevance;
mod search;
mod tidy;
mod wire;

use std::process::{Command, Output};

/// Runs the `kanun` binary built for these tests from the repository root.
pub fn kanun(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kanun"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("run kanun")
}
