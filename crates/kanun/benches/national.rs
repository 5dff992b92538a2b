//! The national-scale benchmark: one run, one machine, one generated corpus, Kanun beside SQLite FTS5, PostgreSQL
//! full-text search (when a server can be started) and a brute-force scan; then the other hot paths (redline,
//! re-anchoring, JSONL, durable annotation writes, HTTP search). Writes a Markdown table and a CSV.
//!
//! ```text
//! cargo bench -p kanun --bench national -- --articles 10000,100000          # about 6 minutes here
//! cargo bench -p kanun --bench national -- --articles 1000000 --lang rus    # when asked
//! ```
//!
//! Options: `--articles N[,N…]` (`none`: only the other hot paths), `--lang eng|rus|tuk` (default rus), `--seed S`, `--queries Q` per class,
//! `--http-seconds T`, `--no-pg`, `--out DIR` (default target/bench-national). See BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::print_stdout, missing_docs)] // A measuring tool, not a library.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use kanun_gen::{Generator, Model, Rng};
use kanun_model::Language;

const CLASSES: &[&str] = &["term", "and", "phrase", "prefix", "filtered"];

#[derive(Debug, Clone)]
struct Args {
    sizes: Vec<u64>,
    lang: Language,
    seed: u64,
    queries: usize,
    http_seconds: u64,
    pg: bool,
    out: PathBuf,
}

fn args() -> Result<Args> {
    let mut a = Args {
        sizes: vec![10_000, 100_000],
        lang: Language::RUS,
        seed: 1,
        queries: 100,
        http_seconds: 10,
        pg: true,
        out: Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-national"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| anyhow!("{name} needs a value"));
        match arg.as_str() {
            "--bench" => {}
            "--articles" => {
                let v = value("--articles")?;
                if v == "none" {
                    a.sizes.clear();
                    continue;
                }
                a.sizes = v
                    .split(',')
                    .map(|s| s.trim().replace('_', "").parse::<u64>())
                    .collect::<Result<_, _>>()
                    .context("--articles takes numbers separated by commas, e.g. 10000,100000")?
            }
            "--lang" => {
                a.lang = value("--lang")?.parse().map_err(|e| anyhow!("--lang: {e}"))?;
                if !["eng", "rus", "tuk"].contains(&a.lang.code()) {
                    bail!("--lang is eng, rus or tuk");
                }
            }
            "--seed" => a.seed = value("--seed")?.parse().context("--seed takes a number")?,
            "--queries" => a.queries = value("--queries")?.parse().context("--queries takes a number")?,
            "--http-seconds" => {
                a.http_seconds = value("--http-seconds")?.parse().context("--http-seconds takes a number")?
            }
            "--no-pg" => a.pg = false,
            "--out" => a.out = PathBuf::from(value("--out")?),
            other => bail!("unknown option {other}; see the top of crates/kanun/benches/national.rs"),
        }
    }
    Ok(a)
}

/// Everything measured, as (size, engine, metric, class, value) for the CSV, and tables for the Markdown.
#[derive(Default)]
struct Report {
    csv: Vec<(String, String, String, String, f64)>,
    md: String,
}

impl Report {
    fn put(&mut self, size: &str, engine: &str, metric: &str, class: &str, value: f64) {
        self.csv.push((size.into(), engine.into(), metric.into(), class.into(), value));
    }
}

fn main() -> Result<()> {
    let args = args()?;
    std::fs::create_dir_all(&args.out)?;
    let scratch = std::env::temp_dir().join(format!("kanun-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let kanun = PathBuf::from(env!("CARGO_BIN_EXE_kanun"));
    eprintln!("learning word statistics from {}", repo.join("corpus").display());
    let model = learn(&repo.join("corpus"), args.lang)?;
    let mut report = Report::default();
    let mut md = String::new();
    let _ = writeln!(md, "{}", machine());
    let pg = if args.pg && !args.sizes.is_empty() {
        match Postgres::start(&scratch) {
            Ok(p) => Some(p),
            Err(e) => {
                eprintln!("PostgreSQL left out: {e:#}");
                let _ = writeln!(md, "PostgreSQL: not run ({e:#}).\n");
                None
            }
        }
    } else {
        let _ = writeln!(md, "PostgreSQL: not run (--no-pg).\n");
        None
    };
    let today = today()?;
    for &size in &args.sizes {
        let label = human(size);
        eprintln!("== {label} articles");
        let dir = scratch.join(format!("n{size}"));
        let r = run_size(&args, &model, &kanun, &dir, size, today, pg.as_ref(), &mut report, &label)?;
        md.push_str(&r);
        let _ = std::fs::remove_dir_all(&dir);
    }
    eprintln!("== other hot paths");
    md.push_str(&hot_paths(&args, &model, &scratch, &mut report)?);
    drop(pg);
    let _ = std::fs::remove_dir_all(&scratch);

    report.md = md;
    let mut csv = String::from("size,engine,metric,class,value\n");
    for (s, e, m, c, v) in &report.csv {
        let _ = writeln!(csv, "{s},{e},{m},{c},{v:.4}");
    }
    std::fs::write(args.out.join("report.md"), &report.md)?;
    std::fs::write(args.out.join("report.csv"), csv)?;
    println!("{}", report.md);
    eprintln!("written: {} and report.csv", args.out.join("report.md").display());
    Ok(())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines().next().map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<u64>().unwrap_or(0))
        })
        .unwrap_or(0);
    format!(
        "Machine: {cpu}, {cores} cores, {:.0} GiB; Kanun {} (release build).\n",
        mem as f64 / 1024.0 / 1024.0,
        env!("CARGO_PKG_VERSION")
    )
}

fn human(n: u64) -> String {
    if n >= 1_000_000 && n % 1_000_000 == 0 {
        format!("{}M", n / 1_000_000)
    } else if n >= 1_000 && n % 1_000 == 0 {
        format!("{}k", n / 1_000)
    } else {
        n.to_string()
    }
}

fn today() -> Result<u32> {
    let out = Command::new("date").arg("+%Y%m%d").output().context("date")?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().parse()?)
}

fn learn(corpus: &Path, lang: Language) -> Result<Model> {
    let loaded = kanun_corpus::load(corpus)?;
    let texts: Vec<String> = loaded
        .corpus
        .expressions()
        .filter(|e| e.meta.language == lang && e.meta.kind == kanun_model::DocKind::Law)
        .flat_map(|e| e.articles().map(|a| a.plain_text()).collect::<Vec<_>>())
        .collect();
    Ok(Model::learn(lang, texts.iter().map(String::as_str), 40_000)?)
}

fn dir_bytes(p: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![p.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                total += e.metadata().map_or(0, |m| m.len());
            }
        }
    }
    total
}

fn files_under(p: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![p.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Peak resident memory (VmHWM) of a process, in bytes.
fn vm_hwm(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
}

/// Runs a child to its end, watching its peak memory. Its output goes to a file (a pipe that nobody drains
/// while the child runs would block it once full: the sync report of a million articles is large).
/// `kanun` on the generated corpus and its data directory, with no annotations to import.
fn kanun_on(kanun: &Path, corpus: &Path, data: &Path, dir: &Path) -> Command {
    let mut c = Command::new(kanun);
    c.arg("--corpus")
        .arg(corpus)
        .arg("--data")
        .arg(data)
        .arg("--annotations")
        .arg(dir.join("no-annotations"));
    c
}

fn run_watched(cmd: &mut Command, log: &Path) -> Result<(Duration, u64, String)> {
    let started = Instant::now();
    let out = std::fs::File::create(log)?;
    let mut child = cmd.stdout(out.try_clone()?).stderr(out).spawn()?;
    let pid = child.id();
    let mut peak = 0;
    loop {
        if let Some(h) = vm_hwm(pid) {
            peak = peak.max(h);
        }
        if let Some(status) = child.try_wait()? {
            let out = std::fs::read_to_string(log).unwrap_or_default();
            if !status.success() {
                bail!("{cmd:?} failed: {out}");
            }
            return Ok((started.elapsed(), peak, out));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// One article as the other engines see it.
struct Row {
    work: String,
    slug: String,
    eid: String,
    heading: String,
    text: String,
    from: u32,
    to: u32,
}

fn date_key(d: &kanun_model::Date) -> u32 {
    d.to_string().replace('-', "").parse().unwrap_or(0)
}

fn fmt_date(k: u32) -> String {
    format!("{:04}-{:02}-{:02}", k / 10_000, k / 100 % 100, k % 100)
}

/// Parses the generated files into rows, with each expression's validity window.
fn rows_of(dir: &Path) -> Result<Vec<Row>> {
    let mut by_work: BTreeMap<String, Vec<kanun_model::Expression>> = BTreeMap::new();
    for f in files_under(dir) {
        let bytes = std::fs::read(&f)?;
        let parsed = kanun_markdown::parse_bytes(&bytes, f.file_name().and_then(|n| n.to_str()));
        let e = parsed.expression.ok_or_else(|| anyhow!("{} did not parse", f.display()))?;
        by_work.entry(e.meta.work.to_string()).or_default().push(e);
    }
    let mut rows = Vec::new();
    for (work, mut exprs) in by_work {
        exprs.sort_by_key(|e| date_key(&e.meta.date));
        let slug = work.rsplit('/').next().unwrap_or("").to_string();
        for i in 0..exprs.len() {
            let from = date_key(&exprs[i].meta.date);
            let to = exprs.get(i + 1).map_or(99_991_231, |n| date_key(&n.meta.date));
            for a in exprs[i].articles() {
                rows.push(Row {
                    work: work.clone(),
                    slug: slug.clone(),
                    eid: a.eid.clone(),
                    heading: a.heading.clone().unwrap_or_default(),
                    text: a.plain_text(),
                    from,
                    to,
                });
            }
        }
    }
    Ok(rows)
}

/// A query of the mix, with what each engine is asked.
#[derive(Debug, Clone)]
struct Q {
    class: &'static str,
    /// Words (the phrase's words in order; the prefix as one word).
    words: Vec<String>,
    /// `law:` and `asof:` for the filtered class.
    law: Option<(String, u32)>,
}

impl Q {
    fn kanun(&self) -> String {
        match self.class {
            "phrase" => format!("\"{}\"", self.words.join(" ")),
            "prefix" => format!("{}*", self.words[0]),
            "filtered" => {
                let (slug, asof) = self.law.as_ref().map_or((String::new(), 0), |(s, d)| (s.clone(), *d));
                format!("{} law:{slug} asof:{}", self.words[0], fmt_date(asof))
            }
            _ => self.words.join(" "),
        }
    }

    fn fts5(&self) -> String {
        let quote = |w: &str| format!("\"{}\"", w.replace('"', ""));
        match self.class {
            "phrase" => quote(&self.words.join(" ")),
            "prefix" => format!("{}*", quote(&self.words[0])),
            _ => self.words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" AND "),
        }
    }

    fn asof(&self, today: u32) -> u32 {
        self.law.as_ref().map_or(today, |(_, d)| *d)
    }
}

fn is_word(w: &str) -> bool {
    w.chars().count() >= 4 && w.chars().all(char::is_alphabetic)
}

/// The query mix, drawn from the rows in force today (so that each query has at least one answer).
fn mix(rows: &[Row], per_class: usize, seed: u64, today: u32) -> Vec<Q> {
    let mut rng = Rng::new(seed ^ 0x51_5545_5259);
    let current: Vec<&Row> = rows.iter().filter(|r| r.from <= today && today < r.to).collect();
    let words_of = |r: &Row| -> Vec<String> {
        r.text.split(|c: char| !c.is_alphabetic()).filter(|w| is_word(w)).map(str::to_lowercase).collect()
    };
    let mut out = Vec::new();
    for &class in CLASSES {
        let mut made = 0;
        let mut tries = 0;
        while made < per_class && tries < per_class * 50 {
            tries += 1;
            let r = if class == "filtered" {
                &rows[rng.below(rows.len())]
            } else {
                current[rng.below(current.len())]
            };
            let w = words_of(r);
            if w.len() < 4 {
                continue;
            }
            let q = match class {
                "term" => Q { class, words: vec![w[rng.below(w.len())].clone()], law: None },
                "and" => {
                    let k = rng.range(2, 3);
                    let words = (0..k).map(|_| w[rng.below(w.len())].clone()).collect();
                    Q { class, words, law: None }
                }
                "phrase" => {
                    // Two neighbouring words of the text.
                    let toks: Vec<&str> = r.text.split_whitespace().collect();
                    if toks.len() < 3 {
                        continue;
                    }
                    let i = rng.below(toks.len() - 1);
                    let (a, b) = (toks[i], toks[i + 1]);
                    if !is_word(a) || !is_word(b) {
                        continue;
                    }
                    Q { class, words: vec![a.to_lowercase(), b.to_lowercase()], law: None }
                }
                "prefix" => {
                    let long: Vec<&String> = w.iter().filter(|x| x.chars().count() >= 7).collect();
                    if long.is_empty() {
                        continue;
                    }
                    let word = long[rng.below(long.len())];
                    Q { class, words: vec![word.chars().take(5).collect()], law: None }
                }
                _ => Q {
                    class,
                    words: vec![w[rng.below(w.len())].clone()],
                    law: Some((r.slug.clone(), r.from)),
                },
            };
            out.push(q);
            made += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------------------
// The brute-force scan: every article's analysed terms in memory, every query a pass over all of them.

struct Scan {
    lang: Language,
    stems: HashMap<String, u32>,
    forms: Vec<String>,
    form_ids: HashMap<String, u32>,
    /// Per row: stem ids and form ids of heading, a break, text.
    docs: Vec<(Vec<u32>, Vec<u32>)>,
}

const BREAK: u32 = u32::MAX;

impl Scan {
    fn build(rows: &[Row], lang: Language) -> Scan {
        let mut s = Scan {
            lang,
            stems: HashMap::new(),
            forms: Vec::new(),
            form_ids: HashMap::new(),
            docs: Vec::new(),
        };
        for r in rows {
            let mut st = Vec::new();
            let mut fo = Vec::new();
            for (i, part) in [&r.heading, &r.text].into_iter().enumerate() {
                if i > 0 {
                    st.push(BREAK);
                    fo.push(BREAK);
                }
                let (norm, spans) = kanun_analysis::words(part);
                for (a, b) in spans {
                    let lower = kanun_analysis::lowercase(&norm[a..b], lang);
                    let stem = kanun_analysis::stem(&lower, lang);
                    let n = s.stems.len() as u32;
                    st.push(*s.stems.entry(stem).or_insert(n));
                    let id = match s.form_ids.get(&lower) {
                        Some(&id) => id,
                        None => {
                            let id = s.forms.len() as u32;
                            s.forms.push(lower.clone());
                            s.form_ids.insert(lower, id);
                            id
                        }
                    };
                    fo.push(id);
                }
            }
            s.docs.push((st, fo));
        }
        s
    }

    fn stem_id(&self, word: &str) -> Option<u32> {
        let lower = kanun_analysis::lowercase(word, self.lang);
        self.stems.get(&kanun_analysis::stem(&lower, self.lang)).copied()
    }

    /// The number of matching rows in force at the query's date.
    fn count(&self, q: &Q, rows: &[Row], today: u32) -> u64 {
        let asof = q.asof(today);
        let window = |r: &Row| r.from <= asof && asof < r.to;
        let mut n = 0;
        match q.class {
            "prefix" => {
                let p = kanun_analysis::lowercase(&q.words[0], self.lang);
                let mut set = vec![false; self.forms.len()];
                for (i, f) in self.forms.iter().enumerate() {
                    set[i] = f.starts_with(&p);
                }
                for (i, (_, fo)) in self.docs.iter().enumerate() {
                    if window(&rows[i]) && fo.iter().any(|&f| f != BREAK && set[f as usize]) {
                        n += 1;
                    }
                }
            }
            "phrase" => {
                // Phrases match word forms in order, as Kanun's exact field and FTS5 do (PostgreSQL matches
                // stems, and its stop words let more through).
                let ids: Option<Vec<u32>> = q
                    .words
                    .iter()
                    .map(|w| self.form_ids.get(&kanun_analysis::lowercase(w, self.lang)).copied())
                    .collect();
                let Some(ids) = ids else { return 0 };
                for (i, (_, fo)) in self.docs.iter().enumerate() {
                    if window(&rows[i]) && fo.windows(ids.len()).any(|w| w == ids.as_slice()) {
                        n += 1;
                    }
                }
            }
            _ => {
                let ids: Option<Vec<u32>> = q.words.iter().map(|w| self.stem_id(w)).collect();
                let Some(ids) = ids else { return 0 };
                let slug = q.law.as_ref().map(|(s, _)| s.as_str());
                for (i, (st, _)) in self.docs.iter().enumerate() {
                    let r = &rows[i];
                    if window(r) && slug.is_none_or(|s| r.slug == s) && ids.iter().all(|id| st.contains(id)) {
                        n += 1;
                    }
                }
            }
        }
        n
    }
}

// ---------------------------------------------------------------------------------------------------------
// SQLite FTS5.

/// `detail`: FTS5's `detail` option: `full` (positions: phrases), or `column` (its smallest and fastest
/// configuration that still ranks by column: no phrase queries).
fn fts5_build(rows: &[Row], path: &Path, lang: Language, detail: &str) -> Result<rusqlite::Connection> {
    let _ = std::fs::remove_file(path);
    let mut db = rusqlite::Connection::open(path)?;
    db.pragma_update(None, "journal_mode", "WAL")?;
    db.pragma_update(None, "synchronous", "NORMAL")?;
    // FTS5 has a Porter stemmer for English only: Russian and Turkmen get unicode61 (lowercase, no diacritics).
    let tokenizer = if lang.code() == "eng" {
        "porter unicode61 remove_diacritics 2"
    } else {
        "unicode61 remove_diacritics 2"
    };
    db.execute_batch(&format!(
        "CREATE VIRTUAL TABLE articles USING fts5(work UNINDEXED, slug UNINDEXED, eid UNINDEXED, date_from UNINDEXED, \
         date_to UNINDEXED, heading, body, tokenize = '{tokenizer}', detail = {detail});"
    ))?;
    let tx = db.transaction()?;
    {
        let mut ins = tx.prepare(
            "INSERT INTO articles(work, slug, eid, date_from, date_to, heading, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for r in rows {
            ins.execute(rusqlite::params![r.work, r.slug, r.eid, r.from, r.to, r.heading, r.text])?;
        }
    }
    tx.commit()?;
    db.execute_batch("INSERT INTO articles(articles) VALUES('optimize');")?;
    Ok(db)
}

/// `bounded`: the total counted up to Kanun's bound (as Kanun counts it in the timed runs), else exactly.
fn fts5_query(db: &rusqlite::Connection, q: &Q, today: u32, bounded: bool) -> Result<(u64, usize)> {
    let asof = q.asof(today);
    let law = q.law.as_ref().map(|(s, _)| s.clone());
    let filter = if law.is_some() { " AND slug = ?3" } else { "" };
    let mut top = db.prepare_cached(&format!(
        "SELECT work, eid, heading, snippet(articles, 6, '<mark>', '</mark>', '…', 24) FROM articles \
         WHERE articles MATCH ?1 AND date_from <= ?2 AND date_to > ?2{filter} ORDER BY rank LIMIT 10"
    ))?;
    let limit = if bounded { format!(" LIMIT {}", kanun_search::COUNT_UP_TO) } else { String::new() };
    let mut count = db.prepare_cached(&format!(
        "SELECT count(*) FROM (SELECT 1 FROM articles WHERE articles MATCH ?1 AND date_from <= ?2 AND date_to > ?2{filter}{limit})"
    ))?;
    let m = q.fts5();
    let mut hits = 0;
    let total: i64 = if let Some(l) = &law {
        let mut rows = top.query(rusqlite::params![m, asof, l])?;
        while let Some(r) = rows.next()? {
            let _s: String = r.get(3)?;
            hits += 1;
        }
        count.query_row(rusqlite::params![m, asof, l], |r| r.get(0))?
    } else {
        let mut rows = top.query(rusqlite::params![m, asof])?;
        while let Some(r) = rows.next()? {
            let _s: String = r.get(3)?;
            hits += 1;
        }
        count.query_row(rusqlite::params![m, asof], |r| r.get(0))?
    };
    Ok((total as u64, hits))
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL, started by the harness in a temporary directory on a loopback port.

struct Postgres {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl Postgres {
    fn start(scratch: &Path) -> Result<Postgres> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .context("no /usr/lib/postgresql (apt-get install postgresql)")?
            .flatten()
            .map(|e| e.path().join("bin"))
            .filter(|b| b.join("initdb").exists() && b.join("pg_ctl").exists())
            .max()
            .ok_or_else(|| anyhow!("no initdb under /usr/lib/postgresql/*/bin"))?;
        let root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")?;
        let dir = scratch.join("pg");
        std::fs::create_dir_all(&dir)?;
        if root {
            let st = Command::new("chown").args(["-R", "postgres:", dir.to_str().unwrap_or("")]).status()?;
            if !st.success() {
                bail!(
                    "cannot hand {} to the postgres user (PostgreSQL refuses to run as root)",
                    dir.display()
                );
            }
        }
        let port = 15_432 + (std::process::id() % 1000) as u16;
        let pg = Postgres { dir, bin, port, as_postgres: root };
        let data = pg.dir.join("data");
        pg.run(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap_or(""),
                "-A",
                "trust",
                "-U",
                "bench",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
        )?;
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c maintenance_work_mem=1GB -c work_mem=64MB \
             -c max_wal_size=8GB -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            pg.port,
            pg.dir.display()
        );
        pg.run(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap_or(""),
                "-o",
                &opts,
                "-l",
                pg.dir.join("log").to_str().unwrap_or(""),
                "-w",
                "start",
            ],
        )?;
        Ok(pg)
    }

    fn run(&self, tool: &str, args: &[&str]) -> Result<()> {
        let exe = self.bin.join(tool);
        let out = if self.as_postgres {
            Command::new("runuser").arg("-u").arg("postgres").arg("--").arg(&exe).args(args).output()?
        } else {
            Command::new(&exe).args(args).output()?
        };
        if !out.status.success() {
            bail!(
                "{tool} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(())
    }

    fn connect(&self) -> Result<postgres::Client> {
        Ok(postgres::Client::connect(
            &format!("host=127.0.0.1 port={} user=bench dbname=postgres", self.port),
            postgres::NoTls,
        )?)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = self.run("pg_ctl", &["-D", data.to_str().unwrap_or(""), "-m", "immediate", "stop"]);
    }
}

fn pg_config(lang: Language) -> &'static str {
    match lang.code() {
        "eng" => "english",
        "rus" => "russian",
        _ => "simple",
    }
}

fn pg_build(client: &mut postgres::Client, rows: &[Row], lang: Language) -> Result<u64> {
    let cfg = pg_config(lang);
    client.batch_execute(&format!(
        "DROP TABLE IF EXISTS articles; CREATE TABLE articles (id serial PRIMARY KEY, work text, slug text, eid text, \
         date_from int, date_to int, heading text, body text, tsv tsvector GENERATED ALWAYS AS \
         (setweight(to_tsvector('{cfg}', heading), 'A') || to_tsvector('{cfg}', body)) STORED);"
    ))?;
    {
        let mut w = client
            .copy_in("COPY articles (work, slug, eid, date_from, date_to, heading, body) FROM STDIN")?;
        let esc =
            |s: &str| s.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n").replace('\r', "\\r");
        let mut buf = String::with_capacity(1 << 20);
        for r in rows {
            let _ = writeln!(
                buf,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                esc(&r.work),
                esc(&r.slug),
                esc(&r.eid),
                r.from,
                r.to,
                esc(&r.heading),
                esc(&r.text)
            );
            if buf.len() > 1 << 20 {
                w.write_all(buf.as_bytes())?;
                buf.clear();
            }
        }
        w.write_all(buf.as_bytes())?;
        w.finish()?;
    }
    client.batch_execute("CREATE INDEX articles_tsv ON articles USING GIN (tsv); CREATE INDEX articles_slug ON articles (slug); ANALYZE articles;")?;
    let size: i64 = client.query_one("SELECT pg_total_relation_size('articles')", &[])?.get(0);
    Ok(size as u64)
}

/// `bounded`: the total counted up to Kanun's bound (as Kanun counts it in the timed runs), else exactly.
fn pg_query(
    client: &mut postgres::Client,
    q: &Q,
    lang: Language,
    today: u32,
    bounded: bool,
) -> Result<(u64, usize)> {
    let cfg = pg_config(lang);
    let (tsq, arg) = match q.class {
        "phrase" => (format!("phraseto_tsquery('{cfg}', $1)"), q.words.join(" ")),
        "prefix" => (format!("to_tsquery('{cfg}', $1 || ':*')"), q.words[0].clone()),
        _ => (format!("plainto_tsquery('{cfg}', $1)"), q.words.join(" ")),
    };
    let asof = q.asof(today) as i32;
    let slug = q.law.as_ref().map(|(s, _)| s.clone()).unwrap_or_default();
    let filter = if q.law.is_some() { "AND slug = $3" } else { "AND $3 = $3" };
    let top = format!(
        "SELECT work, eid, heading, ts_headline('{cfg}', body, q, 'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15') \
         FROM (SELECT work, eid, heading, body, q, ts_rank(tsv, q) AS r FROM articles, {tsq} q \
         WHERE tsv @@ q AND date_from <= $2 AND date_to > $2 {filter} ORDER BY r DESC LIMIT 10) s ORDER BY r DESC"
    );
    let limit = if bounded { format!(" LIMIT {}", kanun_search::COUNT_UP_TO) } else { String::new() };
    let count = format!(
        "SELECT count(*) FROM (SELECT 1 FROM articles, {tsq} q WHERE tsv @@ q AND date_from <= $2 AND date_to > $2 {filter}{limit}) c"
    );
    let hits = client.query(&top, &[&arg, &asof, &slug])?.len();
    let total: i64 = client.query_one(&count, &[&arg, &asof, &slug])?.get(0);
    Ok((total as u64, hits))
}

// ---------------------------------------------------------------------------------------------------------

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[derive(Default, Clone)]
struct ClassStats {
    ms: Vec<f64>,
    matched: u64,
}

impl ClassStats {
    fn p(&self, p: f64) -> f64 {
        let mut v = self.ms.clone();
        v.sort_by(f64::total_cmp);
        percentile(&v, p)
    }
}

/// Reads every file under `paths` (files or directories) once, to bring them into the page cache; the bytes read.
/// A file that cannot be read is passed over: warming is best effort.
fn warm(paths: &[&Path]) -> u64 {
    let mut total = 0;
    let mut buf = vec![0u8; 1 << 20];
    let mut stack: Vec<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&p) {
                stack.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
            }
        } else if let Ok(mut f) = std::fs::File::open(&p) {
            while let Ok(n) = f.read(&mut buf) {
                if n == 0 {
                    break;
                }
                total += n as u64;
            }
        }
    }
    total
}

/// Runs the mix on one engine: a warm-up of a few queries per class, then every query once, timed.
fn measure(
    queries: &[Q],
    mut run: impl FnMut(&Q) -> Result<u64>,
) -> Result<BTreeMap<&'static str, ClassStats>> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for q in queries {
        let n = seen.entry(q.class).or_default();
        if *n < 5 {
            run(q)?;
            *n += 1;
        }
    }
    let mut out: BTreeMap<&'static str, ClassStats> = BTreeMap::new();
    for q in queries {
        let t = Instant::now();
        let total = run(q)?;
        let e = out.entry(q.class).or_default();
        e.ms.push(t.elapsed().as_secs_f64() * 1e3);
        e.matched += total;
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn run_size(
    args: &Args,
    model: &Model,
    kanun: &Path,
    dir: &Path,
    size: u64,
    today: u32,
    pg: Option<&Postgres>,
    report: &mut Report,
    label: &str,
) -> Result<String> {
    let mut md = String::new();
    let corpus = dir.join("corpus");
    let data = dir.join("data");
    std::fs::create_dir_all(&corpus)?;
    // 1. Generate.
    let t = Instant::now();
    let mut bytes = 0u64;
    for f in Generator::new(model, size, args.seed) {
        let p = corpus.join(&f.path);
        std::fs::create_dir_all(p.parent().unwrap_or(&corpus))?;
        std::fs::write(&p, &f.text)?;
        bytes += f.text.len() as u64;
    }
    let gen_s = t.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    report.put(label, "generator", "seconds", "", gen_s);
    report.put(label, "corpus", "markdown_mb", "", mb);
    eprintln!("generated {mb:.0} MB in {gen_s:.1} s");

    // 2. Kanun: `kanun index` as a user runs it, from the Markdown files to a committed index.
    let (took, peak, log) =
        run_watched(kanun_on(kanun, &corpus, &data, dir).args(["index", "--json"]), &dir.join("index.log"))?;
    let kanun_build = took.as_secs_f64();
    let kanun_size = dir_bytes(&data.join("index")) as f64 / 1e6;
    // Of which: who cites what (the citation graph the server reads), as `kanun index --json` reports it: the
    // time its reading threads spent on it, summed (it is made while the works are read, beside the indexing).
    let citations_s = log
        .lines()
        .find_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .and_then(|v| v["citations_seconds"].as_f64())
        .or_else(|| {
            serde_json::from_str::<serde_json::Value>(&log).ok().and_then(|v| v["citations_seconds"].as_f64())
        })
        .unwrap_or(f64::NAN);
    report.put(label, "kanun", "citations_seconds", "", citations_s);
    eprintln!(
        "kanun index: {kanun_build:.1} s (who cites what: {citations_s:.1} s of the reading threads), {kanun_size:.0} MB, peak RSS {} MB",
        peak / 1_000_000
    );
    report.put(label, "kanun", "build_seconds", "", kanun_build);
    report.put(label, "kanun", "build_mb_per_s", "", mb / kanun_build);
    report.put(label, "kanun", "index_mb", "", kanun_size);
    report.put(label, "kanun", "build_peak_rss_mb", "", peak as f64 / 1e6);

    // 3. The rows the other engines load (parsing is timed apart: they cannot read the corpus format).
    let t = Instant::now();
    let rows = rows_of(&corpus)?;
    let parse_s = t.elapsed().as_secs_f64();
    report.put(label, "parse", "seconds", "", parse_s);
    let t = Instant::now();
    let fts = fts5_build(&rows, &dir.join("fts5.db"), args.lang, "full")?;
    let fts_build = t.elapsed().as_secs_f64();
    let fts_size = ["fts5.db", "fts5.db-wal", "fts5.db-shm"]
        .iter()
        .map(|f| std::fs::metadata(dir.join(f)).map_or(0, |m| m.len()))
        .sum::<u64>() as f64
        / 1e6;
    eprintln!("fts5: {fts_build:.1} s (+ {parse_s:.1} s parsing), {fts_size:.0} MB");
    report.put(label, "fts5", "build_seconds", "", fts_build);
    report.put(label, "fts5", "index_mb", "", fts_size);
    // FTS5 at its best: `detail=column` keeps no positions (a smaller index, faster term and AND queries);
    // phrases need positions, so the best FTS5 answers them from the full table.
    let t = Instant::now();
    let fts_col = fts5_build(&rows, &dir.join("fts5-column.db"), args.lang, "column")?;
    let fts_col_build = t.elapsed().as_secs_f64();
    let fts_col_size = std::fs::metadata(dir.join("fts5-column.db")).map_or(0, |m| m.len()) as f64 / 1e6;
    eprintln!("fts5 detail=column: {fts_col_build:.1} s, {fts_col_size:.0} MB");
    report.put(label, "fts5_column", "build_seconds", "", fts_col_build);
    report.put(label, "fts5_column", "index_mb", "", fts_col_size);
    let best_fts = |q: &Q| if q.class == "phrase" { &fts } else { &fts_col };
    let mut pg_client = None;
    let mut pg_build_s = f64::NAN;
    let mut pg_size = f64::NAN;
    if let Some(pg) = pg {
        let mut c = pg.connect()?;
        let t = Instant::now();
        pg_size = pg_build(&mut c, &rows, args.lang)? as f64 / 1e6;
        pg_build_s = t.elapsed().as_secs_f64();
        eprintln!("postgresql: {pg_build_s:.1} s, {pg_size:.0} MB");
        report.put(label, "postgresql", "build_seconds", "", pg_build_s);
        report.put(label, "postgresql", "index_mb", "", pg_size);
        pg_client = Some(c);
    }
    let scan = Scan::build(&rows, args.lang);

    // 4. The query mix on each engine.
    let queries = mix(&rows, args.queries, args.seed, today);
    // The mix as Kanun is asked it, one query a line after its class, so that a run's queries can be profiled
    // or replayed outside the benchmark.
    let listed: String = queries.iter().map(|q| format!("{}\t{}\n", q.class, q.kanun())).collect();
    std::fs::write(args.out.join(format!("queries-{size}.tsv")), listed)?;
    let index = kanun_search::SearchIndex::open(&data.join("index"))?;
    // Timed: every engine finds the top 10 with snippets and counts the matches up to Kanun's bound (10,000:
    // "more than 10,000" beyond), as a search page does.
    let opts = kanun_search::SearchOptions { limit: 10, page: 1, snippet_chars: 180, ..Default::default() };
    // Each engine's files are read once just before its queries: the peers' builds write some 10 GB after
    // Kanun's index, which pushed part of it out of the page cache (a filtered search then waited on the disk:
    // p50 1.0 ms against 0.55 warm), while PostgreSQL, built last, was measured warm. Read so, every engine is
    // measured as a server that has been running is.
    let warmed = warm(&[&data.join("index")]);
    eprintln!("kanun index read into the page cache: {:.0} MB", warmed as f64 / 1e6);
    let kanun_stats = measure(&queries, |q| {
        let parsed = kanun_query::parse(&q.kanun()).map_err(|e| anyhow!("{}: {e:?}", q.kanun()))?;
        let r = index.search(&parsed, &opts)?;
        Ok(r.total as u64)
    })?;
    eprintln!("kanun queries done");
    warm(&[&dir.join("fts5.db"), &dir.join("fts5.db-wal")]);
    let fts_stats = measure(&queries, |q| Ok(fts5_query(&fts, q, today, true)?.0))?;
    eprintln!("fts5 queries done");
    warm(&[&dir.join("fts5-column.db"), &dir.join("fts5-column.db-wal"), &dir.join("fts5.db")]);
    let fts_best_stats = measure(&queries, |q| Ok(fts5_query(best_fts(q), q, today, true)?.0))?;
    eprintln!("fts5 (best configuration) queries done");
    if let Some(pg) = pg {
        warm(&[&pg.dir.join("data")]);
    }
    let mut pg_stats = match pg_client.as_mut() {
        Some(c) => Some(measure(&queries, |q| Ok(pg_query(c, q, args.lang, today, true)?.0))?),
        None => None,
    };
    let scan_stats = measure(&queries, |q| Ok(scan.count(q, &rows, today)))?;
    eprintln!("scan done");
    // Recall, not timed: every match counted by each engine, against the scan.
    let exact = kanun_search::SearchOptions { count_up_to: None, ..opts };
    let mut kanun_stats = kanun_stats;
    let mut fts_stats = fts_stats;
    let recount = |stats: &mut BTreeMap<&'static str, ClassStats>,
                   run: &mut dyn FnMut(&Q) -> Result<u64>|
     -> Result<()> {
        for s in stats.values_mut() {
            s.matched = 0;
        }
        for q in &queries {
            let n = run(q)?;
            stats.entry(q.class).or_default().matched += n;
        }
        Ok(())
    };
    recount(&mut kanun_stats, &mut |q| {
        let parsed = kanun_query::parse(&q.kanun()).map_err(|e| anyhow!("{}: {e:?}", q.kanun()))?;
        Ok(index.search(&parsed, &exact)?.total as u64)
    })?;
    recount(&mut fts_stats, &mut |q| Ok(fts5_query(&fts, q, today, false)?.0))?;
    if let (Some(stats), Some(c)) = (pg_stats.as_mut(), pg_client.as_mut()) {
        recount(stats, &mut |q| Ok(pg_query(c, q, args.lang, today, false)?.0))?;
    }
    eprintln!("recall counted");

    // 5. HTTP search through `kanun serve`.
    let http = http_load(kanun, &corpus, &data, dir, &queries, args.http_seconds)?;

    // 6. One query with the command line, as a user runs it after `kanun index` (the corpus unchanged): the
    // wall time of the whole process, median of 5 different queries.
    let mut cli_times = Vec::new();
    for q in queries.iter().step_by((queries.len() / 5).max(1)).take(5) {
        let t = Instant::now();
        let out = kanun_on(kanun, &corpus, &data, dir).args(["search", &q.kanun(), "--json"]).output()?;
        cli_times.push(t.elapsed().as_secs_f64());
        if !out.status.success() {
            bail!("kanun search {:?} failed: {}", q.kanun(), String::from_utf8_lossy(&out.stderr));
        }
    }
    let cli_search_s = median(cli_times);
    report.put(label, "kanun", "cli_search_s", "", cli_search_s);
    report.put(label, "kanun", "serve_ready_s", "", http.ready_s);
    report.put(label, "kanun", "serve_first_search_s", "", http.first_search_s);

    // The tables.
    let _ = writeln!(md, "### {label} articles ({mb:.0} MB of Markdown, {} language)\n", args.lang.code());
    let _ = writeln!(md, "| engine | build s | MB/s of Markdown | index MB | peak RSS MB |");
    let _ = writeln!(md, "| --- | ---: | ---: | ---: | ---: |");
    let _ = writeln!(
        md,
        "| Kanun (`kanun index`: parse + analyse + index, and who cites what: {citations_s:.1} s of the reading threads' time) | {kanun_build:.1} | {:.1} | {kanun_size:.0} | {:.0} |",
        mb / kanun_build,
        peak as f64 / 1e6
    );
    let _ = writeln!(
        md,
        "| SQLite FTS5 (from parsed articles; parsing took {parse_s:.1} s more) | {fts_build:.1} | {:.1} | {fts_size:.0} | – |",
        mb / fts_build
    );
    let _ = writeln!(
        md,
        "| SQLite FTS5 `detail=column` (the same, without positions) | {fts_col_build:.1} | {:.1} | {fts_col_size:.0} | – |",
        mb / fts_col_build
    );
    if pg.is_some() {
        let _ = writeln!(
            md,
            "| PostgreSQL GIN (COPY + index, from parsed articles) | {pg_build_s:.1} | {:.1} | {pg_size:.0} | – |",
            mb / pg_build_s
        );
    }
    let _ = writeln!(
        md,
        "\nQuery latency in ms (top 10 with snippets or headlines, and the total count), {} queries per class:\n",
        args.queries
    );
    let _ = writeln!(
        md,
        "| class | Kanun p50 / p95 / p99 | FTS5 p50 / p95 / p99 | PostgreSQL p50 / p95 / p99 | scan p50 | FTS5÷Kanun p50 | PG÷Kanun p50 | matches vs scan: Kanun / FTS5 / PG |"
    );
    let _ = writeln!(md, "| --- | --- | --- | --- | ---: | ---: | ---: | --- |");
    for &class in CLASSES {
        let k = kanun_stats.get(class).cloned().unwrap_or_default();
        let f = fts_stats.get(class).cloned().unwrap_or_default();
        let s = scan_stats.get(class).cloned().unwrap_or_default();
        let p = pg_stats.as_ref().and_then(|m| m.get(class).cloned());
        let ratio = |a: u64| if s.matched == 0 { f64::NAN } else { a as f64 / s.matched as f64 };
        for (engine, st) in [("kanun", &k), ("fts5", &f), ("scan", &s)] {
            report.put(label, engine, "p50_ms", class, st.p(0.5));
            report.put(label, engine, "p95_ms", class, st.p(0.95));
            report.put(label, engine, "p99_ms", class, st.p(0.99));
            report.put(label, engine, "matches_vs_scan", class, ratio(st.matched));
        }
        if let Some(p) = &p {
            report.put(label, "postgresql", "p50_ms", class, p.p(0.5));
            report.put(label, "postgresql", "p95_ms", class, p.p(0.95));
            report.put(label, "postgresql", "p99_ms", class, p.p(0.99));
            report.put(label, "postgresql", "matches_vs_scan", class, ratio(p.matched));
        }
        let three = |st: &ClassStats| format!("{:.2} / {:.2} / {:.2}", st.p(0.5), st.p(0.95), st.p(0.99));
        let _ = writeln!(
            md,
            "| {class} | {} | {} | {} | {:.1} | {:.1}× | {} | {:.2} / {:.2} / {} |",
            three(&k),
            three(&f),
            p.as_ref().map_or("–".into(), three),
            s.p(0.5),
            f.p(0.5) / k.p(0.5),
            p.as_ref().map_or("–".into(), |p| format!("{:.1}×", p.p(0.5) / k.p(0.5))),
            ratio(k.matched),
            ratio(f.matched),
            p.as_ref().map_or("–".into(), |p| format!("{:.2}", ratio(p.matched))),
        );
    }
    let _ = writeln!(
        md,
        "\nFTS5 at its best configuration (`detail=column` for every class but phrases, which need the positions of \
         the full table), the same queries and bound:\n\n| class | FTS5 best p50 / p95 / p99 | FTS5 best ÷ Kanun p50 |\n| --- | --- | ---: |"
    );
    for &class in CLASSES {
        let k = kanun_stats.get(class).cloned().unwrap_or_default();
        let b = fts_best_stats.get(class).cloned().unwrap_or_default();
        report.put(label, "fts5_best", "p50_ms", class, b.p(0.5));
        report.put(label, "fts5_best", "p99_ms", class, b.p(0.99));
        let _ = writeln!(
            md,
            "| {class} | {:.2} / {:.2} / {:.2} | {:.1}× |",
            b.p(0.5),
            b.p(0.95),
            b.p(0.99),
            b.p(0.5) / k.p(0.5)
        );
    }
    let _ = writeln!(
        md,
        "\nHTTP `GET /api/v1/search` through `kanun serve` ({} connections on loopback, {} s, the same mix): {:.0} requests/s, p50 {:.1} ms, p99 {:.1} ms, {} errors. Then the mixed load ({} s on the same connections: 7 in 10 requests those searches, 2 a law opened in the reader among the {} laws, 1 its annotations): {:.0} requests/s, p50 {:.1} ms, p99 {:.1} ms, {} errors. Server peak RSS over both: {:.0} MB.\n",
        http.connections,
        args.http_seconds,
        http.rps,
        http.p50,
        http.p99,
        http.errors,
        args.http_seconds,
        http.laws,
        http.mixed_rps,
        http.mixed_p50,
        http.mixed_p99,
        http.mixed_errors,
        http.peak_rss as f64 / 1e6
    );
    let _ = writeln!(
        md,
        "`kanun serve` with the index built: first answer after {:.1} s, first search answered after {:.1} s. `kanun search` (one query, the whole process, the corpus unchanged since `kanun index`): {cli_search_s:.2} s wall time (median of 5 queries).\n",
        http.ready_s, http.first_search_s
    );
    report.put(label, "http", "requests_per_s", "", http.rps);
    report.put(label, "http", "p50_ms", "", http.p50);
    report.put(label, "http", "p99_ms", "", http.p99);
    report.put(label, "http", "errors", "", http.errors as f64);
    report.put(label, "http", "mixed_requests_per_s", "", http.mixed_rps);
    report.put(label, "http", "mixed_p99_ms", "", http.mixed_p99);
    report.put(label, "http", "mixed_errors", "", http.mixed_errors as f64);
    report.put(label, "kanun", "serve_peak_rss_mb", "", http.peak_rss as f64 / 1e6);
    Ok(md)
}

// ---------------------------------------------------------------------------------------------------------
// HTTP load: N keep-alive connections, each sending the mix in turn, for a fixed time.

struct Http {
    /// From the start of `kanun serve` to its first answer (health check), and to its first search answered.
    ready_s: f64,
    first_search_s: f64,
    connections: usize,
    rps: f64,
    p50: f64,
    p99: f64,
    errors: u64,
    /// The mixed load (searches, laws opened in the reader, their annotations).
    mixed_rps: f64,
    mixed_p50: f64,
    mixed_p99: f64,
    mixed_errors: u64,
    /// How many laws the readers of the mixed load opened among.
    laws: usize,
    peak_rss: u64,
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn get(stream: &mut BufReader<TcpStream>, path: &str) -> Result<u16> {
    // The server answers only its loopback host with its own port (the defence against DNS rebinding).
    let port = stream.get_ref().peer_addr()?.port();
    write!(
        stream.get_mut(),
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: keep-alive\r\n\r\n"
    )?;
    let mut line = String::new();
    stream.read_line(&mut line)?;
    let status: u16 = line.split_whitespace().nth(1).ok_or_else(|| anyhow!("no status line"))?.parse()?;
    let mut length = None;
    let mut chunked = false;
    loop {
        line.clear();
        stream.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let lower = l.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = Some(v.trim().parse::<usize>()?);
        }
        if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    if chunked {
        loop {
            line.clear();
            stream.read_line(&mut line)?;
            let n = usize::from_str_radix(line.trim(), 16)?;
            let mut buf = vec![0; n + 2];
            stream.read_exact(&mut buf)?;
            if n == 0 {
                break;
            }
        }
    } else if let Some(n) = length {
        let mut buf = vec![0; n];
        stream.read_exact(&mut buf)?;
    }
    Ok(status)
}

fn http_load(
    kanun: &Path,
    corpus: &Path,
    data: &Path,
    dir: &Path,
    queries: &[Q],
    seconds: u64,
) -> Result<Http> {
    let port = 18_080 + (std::process::id() % 1000) as u16;
    let addr = format!("127.0.0.1:{port}");
    // As for the queries in process, the index is read once before the server starts: the recount of the peers
    // just before has pushed part of it out of the page cache, and a server that has been running has it in.
    let warmed = warm(&[&data.join("index")]);
    eprintln!("kanun index read into the page cache before the server: {:.0} MB", warmed as f64 / 1e6);
    let mut server: Child = kanun_on(kanun, corpus, data, dir)
        .args(["serve", "--addr", &addr])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let started = Instant::now();
    loop {
        if let Ok(s) = TcpStream::connect(&addr) {
            let mut r = BufReader::new(s);
            if get(&mut r, "/healthz").is_ok_and(|s| s == 200) {
                break;
            }
        }
        if let Some(st) = server.try_wait()? {
            bail!("kanun serve exited: {st}");
        }
        if started.elapsed() > Duration::from_secs(600) {
            let _ = server.kill();
            bail!("kanun serve did not answer within 10 minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let ready_s = started.elapsed().as_secs_f64();
    let paths: Arc<Vec<String>> = Arc::new(
        queries.iter().map(|q| format!("/api/v1/search?q={}&limit=10", encode(&q.kanun()))).collect(),
    );
    // The first search a user would make after starting the server: answered from the existing index.
    let first = get(&mut BufReader::new(TcpStream::connect(&addr)?), &paths[0])?;
    if first != 200 {
        bail!("the first search after start gave HTTP {first}");
    }
    let first_search_s = started.elapsed().as_secs_f64();
    eprintln!("kanun serve ready after {ready_s:.1} s, first search answered after {first_search_s:.1} s");
    let connections = 8;
    let (mut lat, errors, elapsed) = drive(&addr, paths.clone(), seconds, connections);
    // The mixed load: the same searches, and readers opening laws (the text as the reader lays it out, with its
    // citations and cited-by) and their annotations: the laws are read from the corpus on demand.
    let names: Vec<String> = std::fs::read(data.join("catalog.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| {
            v["works"].as_array().map(|ws| {
                ws.iter()
                    .filter(|w| w["kind"] == "law")
                    .filter_map(|w| w["name"].as_str().map(str::to_string))
                    .collect()
            })
        })
        .unwrap_or_default();
    if names.is_empty() {
        bail!("no catalog.json with laws beside the index in {}", data.display());
    }
    let mixed: Vec<String> = (0..400usize)
        .map(|i| match i % 10 {
            0..=6 => paths[i % paths.len()].clone(),
            7 | 8 => format!("/api/v1/works/{}/text", names[(i * 7919) % names.len()]),
            _ => format!("/api/v1/annotations?work={}", names[(i * 104_729) % names.len()]),
        })
        .collect();
    let (mut mixed_lat, mixed_errors, mixed_elapsed) = drive(&addr, Arc::new(mixed), seconds, connections);
    mixed_lat.sort_by(f64::total_cmp);
    let peak_rss = vm_hwm(server.id()).unwrap_or(0);
    let _ = Command::new("kill").arg("-TERM").arg(server.id().to_string()).status();
    let _ = server.wait();
    lat.sort_by(f64::total_cmp);
    Ok(Http {
        ready_s,
        first_search_s,
        connections,
        rps: lat.len() as f64 / elapsed,
        p50: percentile(&lat, 0.5),
        p99: percentile(&lat, 0.99),
        errors,
        mixed_rps: mixed_lat.len() as f64 / mixed_elapsed,
        mixed_p50: percentile(&mixed_lat, 0.5),
        mixed_p99: percentile(&mixed_lat, 0.99),
        mixed_errors,
        laws: names.len(),
        peak_rss,
    })
}

/// Sends `paths` in turn over `connections` keep-alive connections for `seconds`: the latencies of the answers
/// (ms), the errors (anything but 200) and the time taken.
fn drive(addr: &str, paths: Arc<Vec<String>>, seconds: u64, connections: usize) -> (Vec<f64>, u64, f64) {
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicU64::new(0));
    let mut handles = Vec::new();
    for c in 0..connections {
        let (paths, stop, errors, addr) = (paths.clone(), stop.clone(), errors.clone(), addr.to_string());
        handles.push(std::thread::spawn(move || -> Vec<f64> {
            let mut lat = Vec::new();
            let Ok(s) = TcpStream::connect(&addr) else {
                errors.fetch_add(1, Ordering::Relaxed);
                return lat;
            };
            let _ = s.set_nodelay(true);
            let mut r = BufReader::new(s);
            let mut i = c * 7;
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                match get(&mut r, &paths[i % paths.len()]) {
                    Ok(200) => lat.push(t.elapsed().as_secs_f64() * 1e3),
                    _ => {
                        errors.fetch_add(1, Ordering::Relaxed);
                        match TcpStream::connect(&addr) {
                            Ok(s) => r = BufReader::new(s),
                            Err(_) => return lat,
                        }
                    }
                }
                i += 1;
            }
            lat
        }));
    }
    let t = Instant::now();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut lat: Vec<f64> = Vec::new();
    for h in handles {
        lat.extend(h.join().unwrap_or_default());
    }
    (lat, errors.load(Ordering::Relaxed), t.elapsed().as_secs_f64())
}

// ---------------------------------------------------------------------------------------------------------
// The other hot paths.

fn annotation(target: kanun_model::annotation::Target, i: usize) -> kanun_model::annotation::Annotation {
    use kanun_model::annotation::{Annotation, AnnotationStatus, AnnotationType, Priority};
    Annotation {
        id: kanun_store::new_id(),
        target,
        kind: AnnotationType::Comment,
        status: AnnotationStatus::Open,
        priority: Priority::Medium,
        tags: vec![format!("tag{}", i % 20)],
        author: format!("reviewer{}", i % 8),
        created: "2026-11-01T10:00:00Z".into(),
        modified: "2026-11-01T10:00:00Z".into(),
        revision: 1,
        body: format!("Benchmark note {i}: the wording leaves the provider's duty open."),
        replies: vec![],
        links: vec![],
        deleted: false,
    }
}

/// 1,000 quote annotations on Article 14 of the sample law, then `GET /api/v1/annotations` for that article:
/// the median time of 20 requests after one to warm up, and how many annotations came back.
fn annotation_list(scratch: &Path) -> Result<(f64, usize)> {
    use axum::body::Body;
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let data = scratch.join("list-data");
    let none = scratch.join("list-no-annotations");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&none)?;
    let config = kanun_server::Config {
        addr: "127.0.0.1:0".parse()?,
        data,
        corpus: repo.join("corpus"),
        annotations: none,
        web: None,
        public_origins: Vec::new(),
        trusted_proxies: Vec::new(),
        cache_bytes: 256 << 20,
    };
    let wb = kanun_server::Workbench::open(config, &mut |_| {}).map_err(|e| anyhow!("{e}"))?;
    let e = kanun_model::Library::work(&wb.corpus, "social-services")?.at(Language::ENG, None)?.clone();
    let art = e.find("art_14").ok_or_else(|| anyhow!("the sample law has no Article 14"))?;
    let text = art.plain_text();
    let chars = text.chars().count();
    let mut rng = Rng::new(7);
    for i in 0..1_000 {
        let start = rng.below(chars - 30);
        let end = start + rng.range(8, 30);
        let Some((quote, position)) = kanun_anchor::selector(&text, start, end) else { continue };
        let target = kanun_model::annotation::Target {
            work: e.meta.work.clone(),
            expression: e.id(),
            wid: art.wid.clone(),
            eid: art.eid.clone(),
            quote: Some(quote),
            position: Some(position),
            content_hash: Some(kanun_anchor::content_hash(&text)),
        };
        wb.store.create(annotation(target, i))?;
    }
    let app = kanun_server::router(Arc::new(wb));
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    rt.block_on(async {
        let mut times = Vec::new();
        let mut listed = 0;
        for k in 0..21 {
            let req = axum::http::Request::get("/api/v1/annotations?work=social-services&eid=art_14")
                .body(Body::empty())?;
            let t = Instant::now();
            let resp = app.clone().oneshot(req).await?;
            let status = resp.status();
            let bytes = resp.into_body().collect().await?.to_bytes();
            let took = t.elapsed().as_secs_f64() * 1e3;
            if !status.is_success() {
                bail!("GET /api/v1/annotations gave {status}: {}", String::from_utf8_lossy(&bytes));
            }
            let v: serde_json::Value = serde_json::from_slice(&bytes)?;
            listed = v["annotations"].as_array().map_or(0, Vec::len);
            if k > 0 {
                times.push(took);
            }
        }
        Ok((median(times), listed))
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    percentile(&v, 0.5)
}

fn hot_paths(args: &Args, model: &Model, scratch: &Path, report: &mut Report) -> Result<String> {
    let mut md = String::from("### Other hot paths\n\n| path | measured | target |\n| --- | --- | --- |\n");
    // Redline of a 1,000-article law against a draft with 100 changes.
    let file = Generator::new(model, 0, args.seed).law(1_000);
    let base = kanun_markdown::parse(&file.text, file.path.rsplit('/').next())
        .expression
        .ok_or_else(|| anyhow!("the generated law did not parse"))?;
    let case = kanun_redline::synth::draft_from(&base, args.seed, 100);
    let mut times = Vec::new();
    let mut html_len = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let r = kanun_redline::compare(&base, &case.draft, &[]);
        let html = kanun_redline::html::document(&r);
        times.push(t.elapsed().as_secs_f64() * 1e3);
        html_len = html.len();
    }
    let redline_ms = median(times);
    report.put("", "redline", "ms", "1000_articles_100_changes", redline_ms);
    let _ = writeln!(
        md,
        "| redline of a 1,000-article law, draft with 100 changes (alignment + word diff + HTML, {:.1} MB) | {redline_ms:.0} ms (median of 5) | ≤ 100 ms |",
        html_len as f64 / 1e6
    );

    // The drafting editor: a save (the change made, the draft's checks, the revision flushed to the store) and
    // the redline refreshed after it (inline HTML), on a 300-article law, as the server does for each save.
    let file300 = Generator::new(model, 0, args.seed + 1).law(300);
    let law = kanun_markdown::parse(&file300.text, file300.path.rsplit('/').next())
        .expression
        .ok_or_else(|| anyhow!("the generated 300-article law did not parse"))?;
    let mut one = kanun_model::Corpus::new();
    one.insert(law.clone()).map_err(|_| anyhow!("the law is in the corpus twice"))?;
    let store_dir = scratch.join("editor-store");
    let _ = std::fs::remove_dir_all(&store_dir);
    let store = kanun_store::AnnotationStore::open(&store_dir)?;
    let req = kanun_workbench::editor::StartDraft {
        name: "bench-draft".into(),
        law: law.meta.work.to_string(),
        asof: None,
        languages: vec![],
        numbering: kanun_drafting::Numbering::Insertion,
        date: None,
    };
    kanun_workbench::editor::start(&store, &one, &req, "bench")?;
    let editable: Vec<String> =
        law.articles().filter(|a| !a.intro.is_empty()).map(|a| a.eid.clone()).collect();
    let mut rng = Rng::new(args.seed);
    let mut rev = 1;
    let mut times = Vec::new();
    for i in 0..100 {
        let eid = editable[rng.below(editable.len())].clone();
        let step = kanun_drafting::Step {
            change: kanun_drafting::Change::Edit {
                eid,
                language: law.meta.language,
                heading: None,
                intro: Some(vec![format!(
                    "Новая редакция номер {i}: поставщик обязан уведомить получателя в течение трёх дней."
                )]),
                wrap_up: None,
            },
            justification: Some(format!("Правка {i}.")),
        };
        let t = Instant::now();
        let (head, _, draft) = kanun_workbench::editor::change(&store, "bench-draft", rev, &step, "bench")?;
        let findings = kanun_workbench::editor::findings(&one, &draft)?;
        let (_, _, r) =
            kanun_workbench::editor::redline(&store, &one, "bench-draft", law.meta.language, None, None)?;
        let html = kanun_redline::html::fragment_for(&r, law.meta.language.code());
        times.push(t.elapsed().as_secs_f64() * 1e3);
        rev = head.revision;
        std::hint::black_box((findings, html));
    }
    drop(store);
    let _ = std::fs::remove_dir_all(&store_dir);
    times.sort_by(f64::total_cmp);
    let (save_p50, save_p95) = (percentile(&times, 0.5), percentile(&times, 0.95));
    report.put("", "editor", "save_redline_p95_ms", "300_articles", save_p95);
    let _ = writeln!(
        md,
        "| drafting editor: a save (change, checks, revision flushed) and the refreshed redline, 300-article law, 100 saves | p50 {save_p50:.0} ms, p95 {save_p95:.0} ms | p95 ≤ 100 ms |"
    );

    // Re-anchoring 10,000 annotations after the edit.
    let mut rng = Rng::new(args.seed);
    let arts: Vec<&kanun_model::Provision> = base.articles().collect();
    let mut targets = Vec::with_capacity(10_000);
    while targets.len() < 10_000 {
        let a = arts[rng.below(arts.len())];
        let text = a.plain_text();
        let chars = text.chars().count();
        if chars < 60 {
            continue;
        }
        let start = rng.below(chars - 40);
        let end = start + rng.range(15, 40);
        let Some((quote, position)) = kanun_anchor::selector(&text, start, end) else { continue };
        targets.push(kanun_model::annotation::Target {
            work: base.meta.work.clone(),
            expression: base.id(),
            wid: a.wid.clone(),
            eid: a.eid.clone(),
            quote: Some(quote),
            position: Some(position),
            content_hash: Some(kanun_anchor::content_hash(&text)),
        });
    }
    let t = Instant::now();
    let mut labels: BTreeMap<&str, usize> = BTreeMap::new();
    // As a reviewer's session re-anchors a law's annotations: one resolver per expression.
    let resolver = kanun_anchor::Resolver::new(&case.draft);
    for target in &targets {
        *labels.entry(resolver.resolve(target).label.as_str()).or_default() += 1;
    }
    let anchor_ms = t.elapsed().as_secs_f64() * 1e3;
    report.put("", "reanchor", "ms", "10000_annotations", anchor_ms);
    let _ = writeln!(
        md,
        "| re-anchoring 10,000 quote annotations on that draft ({}) | {anchor_ms:.0} ms | ≤ 1 s |",
        labels.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
    );

    // The annotations of one article as the reader asks for them: 1,000 on one article, placed in its text.
    let (list_ms, listed) = annotation_list(scratch)?;
    report.put("", "annotations_list", "ms", "1000_on_one_article", list_ms);
    let _ = writeln!(
        md,
        "| `GET /api/v1/annotations?work=…&eid=…` for an article with {listed} annotations (quotes placed in the current text, bodies rendered), through the server's router in process | {list_ms:.1} ms (median of 20) | ≤ 50 ms |"
    );

    // JSONL export and import of 100,000 annotations.
    let annotations: Vec<_> =
        (0..100_000).map(|i| annotation(targets[i % targets.len()].clone(), i)).collect();
    let t = Instant::now();
    let text = kanun_store::jsonl::encode(&annotations);
    let encode_ms = t.elapsed().as_secs_f64() * 1e3;
    let store_dir = scratch.join("store-import");
    let _ = std::fs::remove_dir_all(&store_dir);
    let jsonl_dir = scratch.join("jsonl");
    std::fs::create_dir_all(&jsonl_dir)?;
    std::fs::write(jsonl_dir.join("bench.jsonl"), &text)?;
    let store = kanun_store::AnnotationStore::open(&store_dir)?;
    let t = Instant::now();
    let imported = kanun_store::jsonl::import(&store, &[jsonl_dir.join("bench.jsonl")])?;
    let import_s = t.elapsed().as_secs_f64();
    let export_dir = scratch.join("export");
    let t = Instant::now();
    kanun_store::jsonl::export(&store, &export_dir)?;
    let export_s = t.elapsed().as_secs_f64();
    drop(store);
    report.put("", "jsonl", "encode_ms", "100000", encode_ms);
    report.put("", "jsonl", "import_s", "100000", import_s);
    report.put("", "jsonl", "export_s", "100000", export_s);
    let _ = writeln!(
        md,
        "| JSONL of 100,000 annotations ({:.0} MB): import into an empty store / export from it | {import_s:.1} s ({} added) / {export_s:.1} s | – |",
        text.len() as f64 / 1e6,
        imported.added
    );

    // Durable annotation writes: one writer, then eight at once.
    for writers in [1usize, 8] {
        let dir = scratch.join(format!("store-{writers}"));
        let _ = std::fs::remove_dir_all(&dir);
        let store = Arc::new(kanun_store::AnnotationStore::open(&dir)?);
        let per = if writers == 1 { 1_000 } else { 500 };
        let t = Instant::now();
        let mut handles = Vec::new();
        for w in 0..writers {
            let (store, targets) = (store.clone(), targets.clone());
            handles.push(std::thread::spawn(move || -> Result<()> {
                for i in 0..per {
                    store.create(annotation(targets[(w * per + i) % targets.len()].clone(), i))?;
                }
                Ok(())
            }));
        }
        for h in handles {
            h.join().map_err(|_| anyhow!("a writer panicked"))??;
        }
        let rate = (writers * per) as f64 / t.elapsed().as_secs_f64();
        report.put("", "writes", "per_s", &format!("{writers}_writers"), rate);
        let _ = writeln!(
            md,
            "| durable annotation writes (flushed before acknowledged), {writers} writer{} × {per} | {rate:.0} writes/s | {} |",
            if writers == 1 { "" } else { "s" },
            if writers == 8 { "≥ 2,000 writes/s" } else { "–" }
        );
        let n = store.len();
        if n != writers * per {
            bail!("the store holds {n} annotations after {} writes", writers * per);
        }
    }
    Ok(md)
}
