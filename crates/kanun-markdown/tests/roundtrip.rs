//! Round trip as a property: for generated provision trees in each numbering dialect (Russian/Turkmen
//! `1.` → `1)` → `а)`, German `(1)` → `1.` → `a)`, points straight in the article), with text full of Markdown
//! punctuation and number-like starts, `parse(render(tree)) == tree`.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use kanun_markdown::{parse, render};
use kanun_model::{DocKind, Expression, Kind, Language, Metadata, Num, Provision, Status};
use proptest::prelude::*;

/// A small deterministic generator, so that one proptest seed describes one whole tree.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }

    fn word(&mut self) -> String {
        const PLAIN: &[&str] = &[
            "social",
            "service",
            "провайдер",
            "услуги",
            "hyzmatlaryň",
            "çagalar",
            "Träger",
            "öýde",
            "№",
            "2021",
            "12.5",
            "—",
            "«закон»",
            "\"law\"",
            "(a)",
            "1.",
            "2)",
            "а)",
            "§",
            "ё",
            "Ýaşaýyş",
            "ŞÄHER",
            "x",
            "of",
        ];
        const SPECIAL: &[&str] = &[
            "*",
            "**",
            "_",
            "__",
            "`",
            "[",
            "]",
            "[link](x)",
            "<b>",
            "&amp;",
            "&",
            "|",
            "~~",
            "$",
            "#",
            "##",
            "!",
            "{#id}",
            "\\",
            ">",
            "-",
            "+",
            "=",
            "---",
            ":",
            "1)",
            "(2)",
            "b)",
            "<",
            "^",
        ];
        if self.chance(25) { self.pick(SPECIAL).to_string() } else { self.pick(PLAIN).to_string() }
    }

    fn text(&mut self) -> String {
        let n = 1 + self.below(7);
        let words: Vec<String> = (0..n).map(|_| self.word()).collect();
        let t = words.join(" ");
        // Texts are stored normalised; a generated one must be too.
        kanun_markdown::normalize_text(&t)
    }

    fn paragraphs(&mut self, min: u64, max: u64) -> Vec<String> {
        let n = min + self.below(max - min + 1);
        (0..n).map(|_| self.text()).filter(|t| !t.is_empty() && !is_repeal(t)).collect()
    }

    fn title(&mut self) -> String {
        const T: &[&str] = &[
            "Basic concepts",
            "Общие положения",
            "Esasy düşünjeler",
            "Ziel und Zweck",
            "Scope",
            "Права детей",
        ];
        let mut t = self.pick(T).to_string();
        if self.chance(30) {
            t.push(' ');
            t.push_str(&self.text());
        }
        kanun_markdown::normalize_text(&t)
    }
}

fn is_repeal(t: &str) -> bool {
    // A lone dash is how German consolidated texts write a repealed provision; the format reads it so.
    if t.trim() == "-" {
        return true;
    }
    let l = t.to_lowercase();
    ["repealed", "deleted", "утратил", "исключен", "weggefallen", "aufgehoben", "güýjüni"]
        .iter()
        .any(|w| l.contains(w))
}

#[derive(Clone, Copy)]
enum Dialect {
    Russian,
    German,
    PointsOnly,
}

const LATIN: &[&str] = &["a", "b", "c", "d", "e", "f"];
const CYRILLIC: &[(&str, &str)] = &[("а", "a"), ("б", "b"), ("в", "c"), ("г", "d"), ("д", "e")];

fn numbered(kind: Kind, parent: &str, raw: String, id: &str) -> Provision {
    let mut p = Provision::new(kind, kanun_model::eid::join(parent, kind.eid_prefix(), id));
    p.num = Some(Num { raw, id: id.to_string() });
    p
}

fn letters(g: &mut Gen, parent: &str) -> Vec<Provision> {
    let n = 1 + g.below(3) as usize;
    let cyr = g.chance(50);
    (0..n)
        .map(|i| {
            let (raw, id) = if cyr {
                (format!("{})", CYRILLIC[i].0), CYRILLIC[i].1)
            } else {
                (format!("{})", LATIN[i]), LATIN[i])
            };
            let mut p = numbered(Kind::Point, parent, raw, id);
            p.intro = g.paragraphs(1, 2);
            if p.intro.is_empty() {
                p.intro.push("text".into());
            }
            p
        })
        .collect()
}

/// A `1.` or `1)` list item, with optional letter children and wrap-up.
fn list_node(g: &mut Gen, kind: Kind, parent: &str, i: usize, delim: char, depth: u32) -> Provision {
    let mut p = numbered(kind, parent, format!("{}{delim}", i + 1), &(i + 1).to_string());
    p.intro = g.paragraphs(0, 2);
    if depth < 2 && g.chance(40) {
        p.children = if delim == '.' && depth == 0 && g.chance(60) {
            let n = 1 + g.below(3) as usize;
            let eid = p.eid.clone();
            (0..n).map(|j| list_node(g, Kind::Point, &eid, j, ')', depth + 1)).collect()
        } else {
            letters(g, &p.eid.clone())
        };
        if g.chance(30) {
            p.wrap_up = g.paragraphs(1, 1);
        }
    }
    p
}

fn article_children(g: &mut Gen, dialect: Dialect, art: &mut Provision) {
    let n = g.below(4) as usize;
    let eid = art.eid.clone();
    match dialect {
        Dialect::Russian => {
            art.children = (0..n).map(|i| list_node(g, Kind::Para, &eid, i, '.', 0)).collect();
            if n > 0 && g.chance(30) {
                art.wrap_up = g.paragraphs(1, 2);
            }
        }
        Dialect::PointsOnly => {
            if g.chance(50) {
                art.children = (0..n).map(|i| list_node(g, Kind::Point, &eid, i, ')', 1)).collect();
                if n > 0 && g.chance(30) {
                    art.wrap_up = g.paragraphs(1, 1);
                }
            } else if n > 0 {
                art.children = letters(g, &eid);
            }
        }
        Dialect::German => {
            art.children = (0..n)
                .map(|i| {
                    let mut p = numbered(Kind::Para, &eid, format!("({})", i + 1), &(i + 1).to_string());
                    p.intro = g.paragraphs(0, 2);
                    if g.chance(40) {
                        let m = 1 + g.below(3) as usize;
                        let peid = p.eid.clone();
                        p.children = (0..m)
                            .map(|j| {
                                let mut c =
                                    numbered(Kind::Point, &peid, format!("{}.", j + 1), &(j + 1).to_string());
                                c.intro = g.paragraphs(1, 2);
                                if g.chance(30) {
                                    c.children = letters(g, &c.eid.clone());
                                }
                                c
                            })
                            .collect();
                        if g.chance(30) {
                            p.wrap_up = g.paragraphs(1, 1);
                        }
                    }
                    p
                })
                .collect();
        }
    }
}

fn article(g: &mut Gen, dialect: Dialect, n: u32) -> Provision {
    let raw = match g.below(4) {
        0 => format!("Article {n}"),
        1 => format!("Статья {n}"),
        2 => format!("{n}-nji madda"),
        _ => format!("§ {n}"),
    };
    let mut a = numbered(Kind::Article, "", raw, &n.to_string());
    if g.chance(5) {
        a.heading = Some("(repealed)".into());
        a.repealed = true;
        return a;
    }
    if g.chance(85) {
        a.heading = Some(g.title());
    }
    if g.chance(10) {
        a.wid = format!("w_{n}");
    }
    a.intro = g.paragraphs(0, 2);
    article_children(g, dialect, &mut a);
    if a.intro.is_empty() && a.children.is_empty() {
        a.intro.push("Text.".into());
    }
    if g.chance(15) {
        a.notes = g.paragraphs(1, 2);
    }
    a
}

fn expression(seed: u64) -> Expression {
    let mut g = Gen(seed | 1);
    let dialect = *g.pick(&[Dialect::Russian, Dialect::German, Dialect::PointsOnly]);
    let mut n = 0;
    let mut next_article = |g: &mut Gen| {
        n += 1;
        article(g, dialect, n)
    };
    let mut body = Vec::new();
    if g.chance(30) {
        for _ in 0..1 + g.below(4) {
            body.push(next_article(&mut g));
        }
    } else {
        let sections = g.chance(30);
        let mut chapter = 0;
        for s in 0..1 + g.below(3) {
            let (parent, mut holder) = if sections {
                let mut sec = numbered(
                    Kind::Section,
                    "",
                    format!("Раздел {}", kanun_model::eid::to_roman(s as u32 + 1)),
                    &(s + 1).to_string(),
                );
                sec.heading = Some(g.title());
                (sec.eid.clone(), Some(sec))
            } else {
                (String::new(), None)
            };
            for _ in 0..1 + g.below(2) {
                chapter += 1;
                let raw = match g.below(3) {
                    0 => format!("Chapter {chapter}"),
                    1 => format!("Глава {}", kanun_model::eid::to_roman(chapter)),
                    _ => format!("{} bap", kanun_model::eid::to_roman(chapter)),
                };
                let mut chp = numbered(Kind::Chapter, &parent, raw, &chapter.to_string());
                if g.chance(80) {
                    chp.heading = Some(g.title());
                }
                if g.chance(20) {
                    chp.intro = g.paragraphs(1, 1);
                }
                for _ in 0..1 + g.below(3) {
                    chp.children.push(next_article(&mut g));
                }
                match &mut holder {
                    Some(sec) => sec.children.push(chp),
                    None => body.push(chp),
                }
            }
            if let Some(sec) = holder {
                body.push(sec);
            }
        }
    }
    Expression {
        meta: Metadata {
            work: "/akn/tm/act/2021-12-18/social-services".parse().expect("uri"),
            title: "On \"Social\" Services".into(),
            // Not Russian or Turkmen: there `§` numbers a paragraph of articles, here it numbers articles.
            language: Language::ENG,
            date: "2022-01-01".parse().expect("date"),
            status: Status::InForce,
            kind: DocKind::Law,
            source: "illustrative".into(),
            amends: None,
            base: None,
            scope: Default::default(),
            note: if g.chance(50) { Some("a note with \"quotes\" and \\ backslash".into()) } else { None },
        },
        long_title: g.title(),
        preamble: g.paragraphs(0, 2),
        body,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn render_then_parse_gives_the_same_tree(seed in any::<u64>()) {
        let expr = expression(seed);
        let text = render(&expr);
        let parsed = parse(&text, None);
        let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
        prop_assert!(errors.is_empty(), "errors {errors:#?}\n{text}");
        let back = parsed.expression.expect("expression");
        if back != expr {
            let a = serde_json::to_string_pretty(&expr).unwrap_or_default();
            let b = serde_json::to_string_pretty(&back).unwrap_or_default();
            let first_diff = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
            let ctx = |s: &str| s.lines().skip(first_diff.saturating_sub(8)).take(16).collect::<Vec<_>>().join("\n");
            prop_assert!(false, "tree changed at json line {first_diff}\nwanted:\n{}\ngot:\n{}\nmarkdown:\n{text}", ctx(&a), ctx(&b));
        }
    }
}
