//! Synthetic corpora at national scale, for Kanun's benchmarks: laws in English, Russian or Turkmen with
//! chapters, articles, numbered parts, points, a definitions article, final provisions and cross-references
//! (every one of them resolvable), some with a later amended expression, written in the corpus format.
//!
//! The words come from a [`Model`] learned from real text (the sample corpus): a word-bigram chain gives the
//! phrases, the inflection paradigms of the language give real endings, and a Zipf-ranked vocabulary of the real
//! lemmas followed by synthetic ones (stems from a character-trigram model of the real stems) gives the long
//! tail a national corpus has. Generation is deterministic for a seed (Kanun's one SplitMix64, `kanun_model::rng`, not a crate whose
//! numbers may change between versions) and streams: [`Generator`] yields one file at a time, so memory does not
//! grow with the corpus.
//!
//! ```
//! use kanun_model::Language;
//! let text = "The provider of social services ensures the quality of social services, and the authorised \
//!             body supervises the providers of social services in accordance with the legislation. "
//!     .repeat(80);
//! let model = kanun_gen::Model::learn(Language::ENG, [text.as_str()], 1_000)?;
//! let files: Vec<_> = kanun_gen::Generator::new(&model, 120, 7).collect();
//! assert_eq!(files.iter().map(|f| f.articles).sum::<u64>(), 120);
//! assert!(files[0].text.starts_with("+++\nwork = \"/akn/tm/act/"));
//! # Ok::<(), kanun_gen::GenError>(())
//! ```
//!
//! Pure: no file is read or written here; the `kanun gen-corpus` command writes what the generator yields.

mod lang;
mod model;

use std::fmt::Write as _;

pub use kanun_model::rng::Rng;
pub use model::{Learned, MIN_WORDS, Model};

use lang::Templates;
use thiserror::Error;

/// Why a model cannot be learned.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum GenError {
    /// Too little text in the language.
    #[error(
        "the sample text in {lang} has {words} words; the generator needs at least {needed} to learn from (add \
         laws in {lang} to the corpus, or choose another language)"
    )]
    TooLittleText {
        /// The language code.
        lang: String,
        /// Words found.
        words: usize,
        /// Words needed.
        needed: usize,
    },
    /// A language the generator has no templates for.
    #[error("the generator writes laws in eng, rus or tuk, not {0}")]
    Language(String),
}

/// One generated corpus file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Where it goes, relative to the output directory: `gen-000001/eng@2004-05-17.md`.
    pub path: String,
    /// The Markdown text.
    pub text: String,
    /// Articles in it.
    pub articles: u64,
}

/// One article while a law is made.
#[derive(Debug, Clone)]
struct Article {
    heading: String,
    /// Numbered parts; a single part is written without a number.
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
struct Part {
    text: String,
    points: Vec<String>,
}

#[derive(Debug, Clone)]
struct Law {
    title: String,
    preamble: String,
    /// (first article index, heading)
    chapters: Vec<(usize, String)>,
    articles: Vec<Article>,
}

/// Yields the files of a generated corpus: laws until `articles` articles have been written (all expressions
/// counted), each law's expressions one after the other.
#[derive(Debug, Clone)]
pub struct Generator<'m> {
    model: &'m Model,
    templates: Templates,
    rng: Rng,
    seed: u64,
    remaining: u64,
    law_no: u64,
    pending: Option<GeneratedFile>,
}

impl<'m> Generator<'m> {
    /// A generator of `articles` articles from `model`, deterministic for `seed`. A model in a language without
    /// templates yields nothing (see [`Generator::for_language`] to be told).
    pub fn new(model: &'m Model, articles: u64, seed: u64) -> Generator<'m> {
        let (templates, remaining) = match Templates::of(model.lang) {
            Some(t) => (t, articles),
            None => (Templates::english(), 0),
        };
        Generator { model, templates, rng: Rng::new(seed), seed, remaining, law_no: 0, pending: None }
    }

    /// Like [`Generator::new`], with an error for a language the generator cannot write.
    pub fn for_language(model: &'m Model, articles: u64, seed: u64) -> Result<Generator<'m>, GenError> {
        if Templates::of(model.lang).is_none() {
            return Err(GenError::Language(model.lang.code().to_string()));
        }
        Ok(Generator::new(model, articles, seed))
    }

    fn law_size(&mut self) -> u64 {
        let r = self.rng.unit();
        let n = if r < 0.85 {
            self.rng.range(10, 80)
        } else if r < 0.97 {
            self.rng.range(80, 200)
        } else {
            self.rng.range(200, 600)
        } as u64;
        if self.remaining <= n + 10 { self.remaining } else { n }
    }

    fn make_law(&mut self, n: usize) -> Law {
        let m = self.model;
        let rng = &mut self.rng;
        let t = &self.templates;
        let mut title = String::new();
        m.phrase(rng, 2, 5, &mut title);
        let mut preamble = String::new();
        m.sentence(rng, 14, 36, 0.3, &mut preamble);
        preamble.push('.');
        // Part counts first, so that citations of parts name parts that exist.
        let shape: Vec<usize> = (0..n)
            .map(|i| if i == 0 || i + 1 == n || rng.chance(0.35) { 1 } else { rng.range(2, 5) })
            .collect();
        let mut articles = Vec::with_capacity(n);
        for (i, &parts_n) in shape.iter().enumerate() {
            let mut heading = String::new();
            if i == 0 && n > 1 {
                heading.push_str(t.definitions_heading);
                let mut points = Vec::new();
                for _ in 0..rng.range(4, 14) {
                    let mut p = String::new();
                    m.term(rng, &mut p);
                    p.push_str(" — ");
                    let mut def = String::new();
                    m.sentence(rng, 6, 20, 0.35, &mut def);
                    p.push_str(&lowercase_first(&def));
                    points.push(p);
                }
                articles.push(Article {
                    heading,
                    parts: vec![Part { text: t.definitions_intro.to_string(), points }],
                });
                continue;
            }
            if i + 1 == n && n > 1 {
                heading.push_str(t.final_heading);
                articles.push(Article {
                    heading,
                    parts: vec![Part { text: t.final_text.to_string(), points: vec![] }],
                });
                continue;
            }
            m.phrase(rng, 2, 6, &mut heading);
            let mut parts = Vec::with_capacity(parts_n);
            for j in 0..parts_n {
                let mut text = String::new();
                let with_points = rng.chance(0.25);
                let sentences = if with_points { 1 } else { rng.range(1, 2) };
                for s in 0..sentences {
                    if s > 0 {
                        text.push(' ');
                    }
                    m.sentence(rng, 8, 28, 0.35, &mut text);
                    if s + 1 == 1 && rng.chance(0.15) {
                        // A citation of another article of this law, or of one of its parts, or of an earlier
                        // part of this article.
                        let k = rng.below(n);
                        if j > 0 && rng.chance(0.2) {
                            t.cite_own_part(rng.range(1, j) as u32, &mut text);
                        } else if k != i && shape[k] >= 2 && rng.chance(0.4) {
                            t.cite_part(rng.range(1, shape[k]) as u32, k as u32 + 1, &mut text);
                        } else if k != i {
                            t.cite_article(k as u32 + 1, &mut text);
                        }
                    }
                    if !(with_points && s + 1 == sentences) {
                        text.push('.');
                    }
                }
                let mut points = Vec::new();
                if with_points {
                    text.push(':');
                    for _ in 0..rng.range(2, 7) {
                        let mut p = String::new();
                        m.sentence(rng, 4, 14, 0.35, &mut p);
                        points.push(lowercase_first(&p));
                    }
                }
                parts.push(Part { text, points });
            }
            articles.push(Article { heading, parts });
        }
        // Chapters of 4 to 15 articles; the last chapter holds the final provisions.
        let mut chapters = Vec::new();
        let mut at = 0;
        while at < n {
            let mut h = String::new();
            if at == 0 {
                h.push_str(t.general_heading);
            } else {
                m.phrase(rng, 1, 4, &mut h);
            }
            chapters.push((at, h));
            at += rng.range(4, 15);
            if n > 1 && at >= n - 1 {
                chapters.push((n - 1, t.final_chapter.to_string()));
                break;
            }
        }
        Law { title, preamble, chapters, articles }
    }

    /// A later expression: about a tenth of the articles rewritten in one part.
    fn amend(&mut self, law: &mut Law) {
        let n = law.articles.len();
        for i in 1..n.saturating_sub(1) {
            if self.rng.chance(0.1) {
                let a = &mut law.articles[i];
                let j = self.rng.below(a.parts.len());
                let p = &mut a.parts[j];
                let mut text = String::new();
                self.model.sentence(&mut self.rng, 8, 28, 0.35, &mut text);
                text.push(if p.points.is_empty() { '.' } else { ':' });
                p.text = text;
            }
        }
    }

    fn render(&self, law: &Law, uri: &str, date: &str) -> String {
        let t = &self.templates;
        let lang = self.model.lang.code();
        let mut s = String::with_capacity(law.articles.len() * 900);
        let title = t.front_title(&law.title);
        let _ = writeln!(s, "+++");
        let _ = writeln!(s, "work = \"{uri}\"");
        let _ = writeln!(s, "title = \"{}\"", toml_escape(&title));
        let _ = writeln!(s, "language = \"{lang}\"");
        let _ = writeln!(s, "date = {date}");
        let _ = writeln!(s, "status = \"in-force\"");
        let _ = writeln!(s, "source = \"generated\"");
        let _ = writeln!(
            s,
            "note = \"Generated by kanun gen-corpus (seed {}) for benchmarks from the word statistics of the sample corpus; not a real law.\"",
            self.seed
        );
        let _ = writeln!(s, "+++\n");
        let _ = writeln!(s, "# {}\n", t.heading_title(&law.title));
        let _ = writeln!(s, "{}\n", law.preamble);
        let mut chapter = 0;
        for (i, a) in law.articles.iter().enumerate() {
            if chapter < law.chapters.len() && law.chapters[chapter].0 == i {
                let _ = writeln!(s, "## {}\n", t.chapter(chapter as u32 + 1, &law.chapters[chapter].1));
                chapter += 1;
            }
            let _ = writeln!(s, "### {}\n", t.article(i as u32 + 1, &a.heading));
            if a.parts.len() == 1 {
                let p = &a.parts[0];
                let _ = writeln!(s, "{}", p.text);
                if !p.points.is_empty() {
                    s.push('\n');
                }
                write_points(&mut s, &p.points, "");
                s.push('\n');
            } else {
                for (j, p) in a.parts.iter().enumerate() {
                    let _ = writeln!(s, "{}. {}", j + 1, p.text);
                    write_points(&mut s, &p.points, "   ");
                }
                s.push('\n');
            }
        }
        s
    }
}

fn write_points(s: &mut String, points: &[String], indent: &str) {
    for (k, p) in points.iter().enumerate() {
        let end = if k + 1 == points.len() { '.' } else { ';' };
        let _ = writeln!(s, "{indent}{}) {p}{end}", k + 1);
    }
}

fn toml_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn date(y: usize, m: usize, d: usize) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

impl Iterator for Generator<'_> {
    type Item = GeneratedFile;

    fn next(&mut self) -> Option<GeneratedFile> {
        if let Some(f) = self.pending.take() {
            return Some(f);
        }
        if self.remaining == 0 {
            return None;
        }
        let n = self.law_size();
        self.law_no += 1;
        let (y, mo, d) = (self.rng.range(1995, 2023), self.rng.range(1, 12), self.rng.range(1, 28));
        let adopted = date(y, mo, d);
        let in_force = date(y, mo, d.min(27) + 1);
        let uri = format!("/akn/tm/act/{adopted}/gen-{:06}", self.law_no);
        let dir = format!("gen-{:06}", self.law_no);
        let lang = self.model.lang.code();
        // About one law in eight has a later amended expression, when the articles left allow it.
        let versions = if self.remaining >= 2 * n + 10 && self.rng.chance(0.125) { 2 } else { 1 };
        let per = if versions == 2 { n } else { self.law_size_fit(n) };
        let mut law = self.make_law(per as usize);
        let first = GeneratedFile {
            path: format!("{dir}/{lang}@{in_force}.md"),
            text: self.render(&law, &uri, &in_force),
            articles: per,
        };
        self.remaining -= per;
        if versions == 2 {
            self.amend(&mut law);
            let later = date(y + self.rng.range(1, 3), self.rng.range(1, 12), self.rng.range(1, 28));
            self.pending = Some(GeneratedFile {
                path: format!("{dir}/{lang}@{later}.md"),
                text: self.render(&law, &uri, &later),
                articles: per,
            });
            self.remaining -= per;
        }
        Some(first)
    }
}

impl Generator<'_> {
    /// One law of exactly `articles` articles (one expression), outside the stream: for benchmarks of one long
    /// law (a redline of a 1,000-article code). Advances the generator's numbers like a law of the stream.
    pub fn law(&mut self, articles: usize) -> GeneratedFile {
        self.law_no += 1;
        let (y, mo, d) = (self.rng.range(1995, 2023), self.rng.range(1, 12), self.rng.range(1, 28));
        let adopted = date(y, mo, d);
        let uri = format!("/akn/tm/act/{adopted}/gen-{:06}", self.law_no);
        let law = self.make_law(articles.max(1));
        GeneratedFile {
            path: format!("gen-{:06}/{}@{adopted}.md", self.law_no, self.model.lang.code()),
            text: self.render(&law, &uri, &adopted),
            articles: articles.max(1) as u64,
        }
    }

    fn law_size_fit(&self, n: u64) -> u64 {
        n.min(self.remaining)
    }
}
