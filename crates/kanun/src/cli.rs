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
    after_help = "Examples:\n  kanun check corpus\n  kanun laws\n  kanun search 'социальная услуга' --lang rus\n  kanun show social-services art_1 --lang rus\n  kanun show /akn/tm/act/2021-12-18/social-services art_5__para_2 --asof 2023-01-01"
)]
pub struct Cli {
    /// The corpus directory (Markdown files, one per language and date of each law).
    #[arg(long, global = true, default_value = "corpus", value_name = "DIR")]
    pub corpus: PathBuf,

    /// The data directory: the search index and, later, the annotation store (derived and live state).
    #[arg(long, global = true, default_value = ".kanun", value_name = "DIR")]
    pub data: PathBuf,

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
    /// Build or refresh the search index from the corpus (only works that changed are re-indexed).
    #[command(
        after_help = "Examples:\n  kanun index\n  kanun index --json\n\nThe index lives in the data directory (--data, default .kanun/index) and can be deleted at any time."
    )]
    Index {
        /// Print a JSON report.
        #[arg(long)]
        json: bool,
    },
    /// Search the laws, article by article (refreshes the index first if the corpus changed).
    #[command(
        after_help = "Examples:\n  kanun search 'социальная услуга' --lang rus\n  kanun search hyzmatlaryň\n  kanun search '\"social worker\" asof:2021-01-01'\n  kanun search '(licensing OR accreditation) provider* -repealed law:social-services'\n  kanun search 'pension~ art:12' --json\n\nQuery language: words (all must match, in any inflected form), \"phrases\", OR, NOT or -word, (parentheses),\nlaw:NAME lang:eng|rus|tuk kind:law|draft status:in-force|repealed art:12 asof:YYYY-MM-DD, word~ (typos), prefix*.\nSee docs/search.md."
    )]
    Search {
        /// The query.
        query: String,
        /// Only this language (same as lang:L in the query).
        #[arg(long, value_name = "LANG")]
        lang: Option<Language>,
        /// Only texts in force on this date (same as asof:DATE in the query).
        #[arg(long, value_name = "DATE")]
        asof: Option<Date>,
        /// Hits per page (1 to 100).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=100))]
        limit: u16,
        /// Page number, from 1.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        page: u32,
        /// Print JSON instead of text.
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
