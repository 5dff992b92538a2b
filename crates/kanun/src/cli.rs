//! The command line: commands, options and their help texts.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use kanun_model::{Date, Language};

/// Kanun: search, annotate and redline the laws on social services, offline.
#[derive(Debug, Parser)]
#[command(
    name = "kanun",
    version,
    about,
    after_help = "Examples:\n  kanun check corpus\n  kanun laws\n  kanun show social-services art_1 --lang rus\n  kanun show /akn/tm/act/2021-12-18/social-services art_5__para_2 --asof 2023-01-01"
)]
pub struct Cli {
    /// The corpus directory (Markdown files, one per language and date of each law).
    #[arg(long, global = true, default_value = "corpus", value_name = "DIR")]
    pub corpus: PathBuf,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate corpus files and report every problem with file:line:column and a hint.
    #[command(
        after_help = "Examples:\n  kanun check                 # the whole corpus\n  kanun check corpus/tm/social-services\n  kanun check --json draft.md\n\nExits 1 if any file has an error; warnings alone exit 0."
    )]
    Check {
        /// Files or directories to check (default: the corpus directory).
        paths: Vec<PathBuf>,
        /// Print a JSON report instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List the works in the corpus with their expressions (language, date, status, article count).
    #[command(after_help = "Examples:\n  kanun laws\n  kanun laws --json | jq '.works[].uri'")]
    Laws {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print a law, or one provision of it, as in force on a date.
    #[command(
        after_help = "Examples:\n  kanun show social-services                     # the whole law, latest English text\n  kanun show social-services art_1 --lang rus\n  kanun show social-services art_12__para_2 --asof 2023-01-01\n\nWORK is a work URI (/akn/tm/act/2021-12-18/social-services) or its short name (social-services).\nEID is an Akoma Ntoso eId: art_12, art_12__para_3, art_12__para_3__point_2, chp_2."
    )]
    Show {
        /// The work: its URI or short name.
        work: String,
        /// The provision's eId (default: the whole expression).
        eid: Option<String>,
        /// Language (ISO 639-2: eng, rus, tuk). Default: English if the work has it, else its first language.
        #[arg(long, value_name = "LANG")]
        lang: Option<Language>,
        /// Show the text in force on this date (YYYY-MM-DD). Default: the latest text.
        #[arg(long, value_name = "DATE")]
        asof: Option<Date>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}
