//! `kanun`: the command line of the Kanun legislative workbench. It parses arguments, calls the library crates
//! and prints; errors become messages and exit codes here and nowhere else.
//!
//! Exit codes: 0 success; 1 the command ran and found errors (e.g. `check` found invalid files) or could not do
//! what was asked (unknown work or eId); 2 the command line itself was wrong.

mod cli;
mod cmd;
mod output;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: `kanun index` allocates per token and per document on every core,
/// `kanun serve` per hit; glibc's malloc was ~17% of indexing CPU (BENCHMARKS.md, issue 22 part 6). Version 2 of
/// mimalloc: with version 3 a server's resident memory grew past the load test's bound (see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cmd::run(args) {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`kanun laws | head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
