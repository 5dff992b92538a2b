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

    /// The annotations directory: `<work>.jsonl` files, imported into an empty store on first use.
    #[arg(long, global = true, default_value = "annotations", value_name = "DIR")]
    pub annotations: PathBuf,

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
    /// List the works in the corpus with their expressions (language, date, status, article count); from the
    /// catalog `kanun index` keeps in the data directory while no corpus file changed, else from the files.
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
    /// Add, list and change annotations: comments, gaps and recommendations on articles and quoted spans.
    #[command(subcommand)]
    Annotate(AnnotateCommand),
    /// Export the store to annotations/*.jsonl, or import such files (merging by id and revision).
    #[command(subcommand)]
    Annotations(AnnotationsCommand),
    /// Export the drafts written in the editor to annotations/editor/<name>.jsonl (for git), or import such files
    /// (merging by revision).
    #[command(subcommand)]
    Editor(EditorCommand),
    /// The review report: each law's articles with their annotations, a tags × laws matrix, orphaned annotations.
    #[command(
        after_help = "Examples:\n  kanun report --format md\n  kanun report --work social-services --format html -o review.html\n  kanun report --format csv > review.csv"
    )]
    Report {
        /// Only this work (URI or short name).
        #[arg(long)]
        work: Option<String>,
        /// md, html or csv.
        #[arg(long, default_value = "md")]
        format: String,
        /// The report's language (its headings and the names of types and statuses): eng, rus or tuk.
        #[arg(long, default_value = "eng")]
        lang: String,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Compare a draft with the law in force: redline, comparative table, DOCX with tracked changes, instructions.
    #[command(
        after_help = "Examples:\n  kanun diff social-services social-services-amendments --format html -o redline.html\n  kanun diff social-services drafts/my-draft.md --format md\n  kanun diff social-services social-services-amendments --lang rus --format instructions\n  kanun diff social-services social-services-amendments --format docx --author 'Working group' -o redline.docx\n  kanun diff social-services social-services-amendments --format table-docx -o table.docx\n\nDRAFT is a draft file (kind = \"draft\", amends = WORK, base = DATE) or a draft work in the corpus.\nFormats: html (redline and comparative table), md (CriticMarkup), json, table (HTML), docx (tracked changes),\ntable-docx (comparative table), instructions. See docs/redline.md."
    )]
    Diff {
        /// The law amended: its URI or short name.
        work: String,
        /// The draft: a file, or the short name or URI of a draft in the corpus.
        draft: String,
        /// html, md, json, table, docx, table-docx or instructions.
        #[arg(long, default_value = "html")]
        format: kanun_workbench::ExportFormat,
        /// Language of the draft (when taken from the corpus) and of the base.
        #[arg(long, value_name = "LANG")]
        lang: Option<Language>,
        /// Language of amendment instructions: eng, rus or tuk.
        #[arg(long, value_name = "LANG")]
        instructions_lang: Option<Language>,
        /// Author of the tracked changes in DOCX.
        #[arg(long, default_value = "Kanun")]
        author: String,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// What a provision cites, and what cites it (across the corpus).
    #[command(
        after_help = "Examples:\n  kanun refs social-services art_1\n  kanun refs /akn/tm/act/2021-12-18/social-services art_21 --lang rus\n  kanun refs social-protection-code art_23 --json"
    )]
    Refs {
        /// The work: its URI or short name.
        work: String,
        /// The provision's eId (an article, or a part or point in it).
        eid: String,
        /// Language (default: English if the work has it).
        #[arg(long, value_name = "LANG")]
        lang: Option<Language>,
        /// As in force on this date (YYYY-MM-DD). Default: the latest text.
        #[arg(long, value_name = "DATE")]
        asof: Option<Date>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// The terms a law defines ("Basic concepts"), with where each is used.
    #[command(
        after_help = "Examples:\n  kanun terms social-services\n  kanun terms social-services --lang tuk --json"
    )]
    Terms {
        /// The work: its URI or short name.
        work: String,
        /// Language (default: English if the work has it).
        #[arg(long, value_name = "LANG")]
        lang: Option<Language>,
        /// As in force on this date (YYYY-MM-DD). Default: the latest text.
        #[arg(long, value_name = "DATE")]
        asof: Option<Date>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// A law's versions by date, and which articles each version added, amended, repealed or renumbered.
    #[command(
        after_help = "Examples:\n  kanun history social-services\n  kanun history social-services --lang rus --json"
    )]
    History {
        /// The work: its URI or short name.
        work: String,
        /// Language (default: English if the work has it).
        #[arg(long, value_name = "LANG")]
        lang: Option<Language>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Import a law as published (plain text, HTML, DOCX, Markdown from another collection) or as Akoma Ntoso 3.0
    /// XML into the corpus format.
    #[command(
        after_help = "Examples:\n  kanun import law.txt --work /akn/tm/act/2015-03-01/social-work-2015 --lang rus --date 2015-03-01 -o corpus/tm/social-work-2015/rus@2015-03-01.md\n  kanun import gazette.html --work /akn/ru/act/1995-12-29/family-code --lang rus --date 2023-07-31 --json\n  kanun import law.xml -o corpus/tm/some-law/eng@2022-01-01.md      # Akoma Ntoso: metadata from the XML\n\nIt reports what it recognised (counts per level), every line it could not place with its line number, and a\nconfidence figure. Akoma Ntoso: no DTD is read and no entity is ever resolved."
    )]
    Import {
        /// The file: .txt, .html, .docx, .md or .xml (- for standard input).
        file: PathBuf,
        /// The work URI (text and HTML).
        #[arg(long)]
        work: Option<String>,
        /// The language of the text (text and HTML).
        #[arg(long, value_name = "LANG")]
        lang: Option<Language>,
        /// The date the text is in force from (text and HTML).
        #[arg(long, value_name = "DATE")]
        date: Option<Date>,
        /// The short title (default: the first line).
        #[arg(long)]
        title: Option<String>,
        /// Print the report as JSON (on standard error when the Markdown goes to standard output).
        #[arg(long)]
        json: bool,
        /// Write the Markdown here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Export a law in an open standard.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Generate a synthetic corpus for benchmarks: laws with chapters, articles, parts, points, definitions and
    /// cross-references, with the word statistics of the corpus (--corpus), deterministic by seed.
    #[command(
        after_help = "Examples:\n  kanun gen-corpus --articles 100000 --lang rus --seed 1 --out /tmp/gen-rus\n  kanun --corpus /tmp/gen-rus --data /tmp/gen-data index\n\nThe same seed (and corpus) gives the same bytes. Files are written law by law; memory stays flat. See BENCHMARKS.md."
    )]
    GenCorpus {
        /// Articles to write, all expressions counted (about one law in eight also gets an amended expression).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
        articles: u64,
        /// The language: eng, rus or tuk.
        #[arg(long, default_value = "eng", value_name = "LANG")]
        lang: Language,
        /// The seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// A new (or empty) directory to write into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Synthetic lemmas beyond the corpus's own (the long tail of the vocabulary).
        #[arg(long, default_value_t = 40_000)]
        vocabulary: usize,
        /// Print a JSON summary.
        #[arg(long)]
        json: bool,
    },
    /// Run the web workbench: search, read, annotate and review drafts in a browser.
    #[command(
        after_help = "Examples:\n  kanun serve                          # http://127.0.0.1:8080, local mode (no login)\n  kanun serve --addr 127.0.0.1:9000\n  kanun user add amina --role admin && kanun serve --addr 0.0.0.0:8080   # team mode\n\nOn start it builds or refreshes the search index and, when the store is new, imports annotations/.\nWithout users it listens only on a loopback address. Logs: RUST_LOG=kanun=debug. See docs/api.md."
    )]
    Serve {
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Serve the pages from this directory instead of the copy built into the program.
        #[arg(long, value_name = "DIR")]
        web: Option<PathBuf>,
        /// Seconds a request may take, a slow body included, before the client gets 408.
        #[arg(long, default_value_t = 30, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
        request_timeout: u64,
        /// Seconds a client may take to send a request's headers before the connection is closed.
        #[arg(long, default_value_t = 10, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
        header_timeout: u64,
        /// Connections served at once (more wait in the kernel's queue).
        #[arg(long, default_value_t = 512, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000))]
        max_connections: u64,
        /// Searches run at once, each on one core (more wait their turn, answered in order): by default one and a
        /// half per core, plus one.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024))]
        searches: Option<u64>,
        /// An address the team reaches this server at (`https://kanun.example.org`, repeatable): requests for other
        /// hosts, or from pages of other origins, are refused. Local mode answers only loopback hosts.
        #[arg(long = "public-origin", value_name = "ORIGIN")]
        public_origins: Vec<kanun_server::origin::Origin>,
        /// A reverse proxy in front of the server (its address, repeatable): for requests from it, the client's
        /// address for the sign-in throttle is the last one it wrote in X-Forwarded-For.
        #[arg(long = "trusted-proxy", value_name = "IP")]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// The most memory the laws read so far may take, in MB: each law is read from the corpus when first
        /// asked for and kept until this fills (the least recently used go first).
        #[arg(long, default_value_t = 256, value_name = "MB", value_parser = clap::value_parser!(u64).range(8..=1_048_576))]
        cache_mb: u64,
    },
    /// Manage the users of a team-mode server (kept in the data directory's store).
    #[command(subcommand)]
    User(UserCommand),
    /// Back up the data directory: a consistent snapshot of every annotation (tombstones included) and user, and
    /// the uploaded drafts, with a manifest of SHA-256 checksums.
    #[command(
        after_help = "Examples:\n  kanun backup backups/kanun-2026-11-23\n  kanun --data /srv/kanun backup /mnt/usb/kanun-monday --json\n\nDIR must not exist or be empty. It holds annotations/<work>.jsonl (as `kanun annotations export` writes them),\nusers.jsonl, drafts/ and MANIFEST.json. It is written beside DIR and renamed into place at the end, so an\ninterrupted backup never leaves a DIR that looks complete. Stop `kanun serve` first: it holds the store.\nSee docs/security.md."
    )]
    Backup {
        /// The new backup directory.
        dir: PathBuf,
        /// Print the manifest as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Restore a backup made by `kanun backup` into the data directory (the store it replaces is kept).
    #[command(
        after_help = "Examples:\n  kanun restore backups/kanun-2026-11-23\n  kanun --data /srv/kanun restore /mnt/usb/kanun-monday\n\nEvery file is checked against the manifest first; a changed or truncated backup is refused, naming the file.\nA new store is built beside the old one and only then swapped in; the old one is moved to\nstore.before-restore-<time>, never deleted. Users the backup would give access (new, a higher role, another\npassword) are listed and must be confirmed (or --yes). Stop `kanun serve` first. See docs/security.md."
    )]
    Restore {
        /// The backup directory.
        dir: PathBuf,
        /// Print a JSON report.
        #[arg(long)]
        json: bool,
        /// Restore without asking, even if the backup gives users access that the store does not (new users,
        /// higher roles, other passwords); they are listed either way.
        #[arg(long)]
        yes: bool,
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

/// `kanun annotate …`
#[derive(Debug, Subcommand)]
pub enum AnnotateCommand {
    /// Attach an annotation to a provision, or to a quoted span of it.
    #[command(
        after_help = "Examples:\n  kanun annotate add --work social-services --eid art_14 --type gap --tag CRPD-19 --author 'A. Durdyyeva' \\\n      --quote 'only with his or her written consent' --body 'No periodic review of placements.'\n  kanun annotate add --work social-services --eid art_24__para_1 --lang rus --type recommendation --author ivan --body '…'"
    )]
    Add {
        /// The work (URI or short name).
        #[arg(long)]
        work: String,
        /// The provision's eId.
        #[arg(long)]
        eid: String,
        /// The language of the text annotated (default: English).
        #[arg(long, value_name = "LANG")]
        lang: Option<Language>,
        /// The text as in force on this date (default: the latest).
        #[arg(long, value_name = "DATE")]
        asof: Option<Date>,
        /// The exact words annotated, as they stand in the provision.
        #[arg(long)]
        quote: Option<String>,
        /// comment, gap, recommendation, conflict, question or editorial.
        #[arg(long = "type", default_value = "comment")]
        kind: String,
        /// low, medium or high.
        #[arg(long, default_value = "medium")]
        priority: String,
        /// A theme or standard (repeat for several): CRPD-19, CRC-20, licensing.
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Who writes it.
        #[arg(long)]
        author: String,
        /// The note, in Markdown.
        #[arg(long)]
        body: String,
        /// A link REL=TARGET (repeat for several), e.g. implemented-by=/akn/tm/bill/2026-10-01/social-services-amendments/eng@2026-10-01#art_22-1:
        /// the redline puts the note in the justification of that draft provision.
        #[arg(long = "link", value_name = "REL=TARGET")]
        links: Vec<String>,
        /// Print the stored annotation as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List annotations (filters combine).
    List {
        /// Work (URI or short name).
        #[arg(long)]
        work: Option<String>,
        /// eId (end with * for a provision and everything in it: art_5*).
        #[arg(long)]
        eid: Option<String>,
        /// Type.
        #[arg(long = "type")]
        kind: Option<String>,
        /// Status.
        #[arg(long)]
        status: Option<String>,
        /// Tag.
        #[arg(long)]
        tag: Option<String>,
        /// Author.
        #[arg(long)]
        author: Option<String>,
        /// Include deleted annotations.
        #[arg(long)]
        all: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one annotation, with where it is anchored in the current text.
    Show {
        /// Its id.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Reply in an annotation's thread.
    Reply {
        /// Its id.
        id: String,
        /// Who replies.
        #[arg(long)]
        author: String,
        /// The reply, in Markdown.
        #[arg(long)]
        body: String,
    },
    /// Change the status: open, accepted, rejected, implemented, resolved.
    SetStatus {
        /// Its id.
        id: String,
        /// The new status.
        status: String,
        /// Refuse the change unless the annotation is still at this revision.
        #[arg(long)]
        revision: Option<u64>,
    },
    /// Add or remove tags.
    Tag {
        /// Its id.
        id: String,
        /// Tags to add.
        #[arg(long)]
        add: Vec<String>,
        /// Tags to remove.
        #[arg(long)]
        remove: Vec<String>,
    },
    /// Delete (the annotation is kept as a tombstone and exported as such).
    Delete {
        /// Its id.
        id: String,
    },
}

/// `kanun annotations …`
#[derive(Debug, Subcommand)]
pub enum AnnotationsCommand {
    /// Write every annotation to <dir>/<work>.jsonl (sorted by id, stable, git-friendly).
    Export {
        /// Directory (default: the --annotations directory).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Instead, write all annotations as one W3C Web Annotation collection (JSON-LD) to this file.
        #[arg(long, value_name = "FILE")]
        w3c: Option<PathBuf>,
    },
    /// Merge .jsonl files into the store: new ids are added, higher revisions win, equal revisions with other
    /// content are reported as conflicts and left alone.
    Import {
        /// Files or directories (default: the --annotations directory).
        paths: Vec<PathBuf>,
    },
}

/// `kanun editor …`
#[derive(Debug, Subcommand)]
pub enum EditorCommand {
    /// Write each draft of the editor, whole (revisions, suggestions, state), to <dir>/<name>.jsonl.
    Export {
        /// Directory (default: <--annotations>/editor).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Only these drafts (default: all).
        names: Vec<String>,
        /// What was written, as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Take drafts' .jsonl files into the store: a draft it lacks is added, the revisions it lacks are added, a
    /// draft saved differently in both is reported and left as the store has it.
    Import {
        /// Files or directories (default: <--annotations>/editor).
        paths: Vec<PathBuf>,
        /// What was done, as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `kanun user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user, or change a user's role and password. The password is read from KANUN_PASSWORD, else asked
    /// for on the terminal.
    #[command(
        after_help = "Examples:\n  kanun user add amina --role admin\n  KANUN_PASSWORD=… kanun user add ivan --role reviewer\n\nRoles: reader (reads), reviewer (annotates), drafter (drafts), admin (users)."
    )]
    Add {
        /// The login name.
        name: String,
        /// reader, reviewer, drafter or admin.
        #[arg(long)]
        role: String,
    },
    /// List the users and their roles.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Remove a user.
    Remove {
        /// The login name.
        name: String,
    },
}

/// `kanun export …`
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// An expression as a Word document (headings bold; parts and points numbered by Word with --word-numbering).
    #[command(
        after_help = "Examples:\n  kanun export docx social-services --lang rus -o social-services.rus.docx"
    )]
    Docx {
        /// The work: its URI or short name.
        work: String,
        /// Language (default: English if the work has it).
        #[arg(long, value_name = "LANG")]
        lang: Option<Language>,
        /// The text in force on this date (default: the latest).
        #[arg(long, value_name = "DATE")]
        asof: Option<Date>,
        /// Number parts and points with Word's automatic numbering.
        #[arg(long)]
        word_numbering: bool,
        /// The file to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// An expression as Akoma Ntoso 3.0 XML (FRBR metadata, eIds, resolved references as <ref href>).
    #[command(
        after_help = "Examples:\n  kanun export akn social-services --lang rus -o social-services.rus.xml\n  kanun export akn social-services --asof 2023-01-01 | xmllint --noout --schema ../shared/akn/akomantoso30.xsd -"
    )]
    Akn {
        /// The work: its URI or short name.
        work: String,
        /// Language (default: English if the work has it).
        #[arg(long, value_name = "LANG")]
        lang: Option<Language>,
        /// The text in force on this date (default: the latest).
        #[arg(long, value_name = "DATE")]
        asof: Option<Date>,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}
