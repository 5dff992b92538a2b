//! Resolving a citation: from its units to provisions of this act or of another act in the corpus, with a reason
//! when it cannot be resolved.

use std::sync::Arc;

use kanun_model::{Expression, Kind, Library, Provision, Work};
use serde::Serialize;

use crate::grammar::{Citation, Level, Number, Unit};

/// Where a citation is written: the expression and the provision (article, and part if any) holding it.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The corpus, for citations of other acts (`None`: only this act).
    pub corpus: Option<&'a dyn Library>,
    /// The expression the text is in.
    pub expression: &'a Expression,
    /// The article holding the text.
    pub article: Option<&'a str>,
    /// The part holding the text, if it is in one.
    pub part: Option<&'a str>,
    /// The part cited last before this citation in the same text (for "that part").
    pub last_part: Option<&'a str>,
}

/// How a cited provision stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum State {
    /// Found.
    Resolved,
    /// Found, but repealed in that expression.
    Repealed,
    /// A provision of an act that is not in the corpus: not a fault of the citing act.
    External {
        /// The act as the citation names it («Уголовного кодекса Российской Федерации»).
        act: String,
    },
    /// Not found.
    Unresolved {
        /// Why.
        reason: String,
    },
}

/// One provision (or act) a citation points to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// The work cited.
    pub work: String,
    /// The provision cited (`None`: the act as a whole, or not found).
    pub eid: Option<String>,
    /// How a reader would say it: `Article 5, part 2`.
    pub label: String,
    /// Found, repealed or unresolved.
    #[serde(flatten)]
    pub state: State,
}

/// A citation in a text with what it points to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// First character in the text.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The words of the citation.
    pub text: String,
    /// What it cites (several for lists and ranges).
    pub targets: Vec<Target>,
}

fn expand(numbers: &[Number]) -> Vec<String> {
    let mut out = Vec::new();
    for n in numbers {
        match n {
            Number::One(x) => out.push(x.clone()),
            Number::Range(a, b) => match (a.parse::<u32>(), b.parse::<u32>()) {
                (Ok(x), Ok(y)) if x <= y && y - x <= 200 => out.extend((x..=y).map(|i| i.to_string())),
                _ => {
                    out.push(a.clone());
                    out.push(b.clone());
                }
            },
        }
    }
    out
}

fn same_num(p: &Provision, id: &str) -> bool {
    // Called for every provision a citation may point at: no allocation for the ASCII numbers of nearly all.
    p.num.as_ref().is_some_and(|n| {
        n.id.eq_ignore_ascii_case(id)
            // «главой V» of a chapter whose eId number is 5.
            || roman(id).is_some_and(|v| n.id.parse::<u32>() == Ok(v) && !n.id.starts_with(['0', '+']))
            || lower_eq(n.raw.trim_end_matches(['.', ')']), id)
            || roman(n.raw.trim_end_matches('.'))
                .zip(roman(id).or(id.parse().ok()))
                .is_some_and(|(a, b)| a == b)
    })
}

/// The value of a Roman numeral in any case.
fn roman(s: &str) -> Option<u32> {
    if s.is_ascii() {
        kanun_model::eid::roman_value(s)
    } else {
        kanun_model::eid::roman_value(&s.to_uppercase())
    }
}

/// Whether two strings are the same lowercased.
fn lower_eq(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

fn find_child<'p>(parent: &'p Provision, kind: Kind, id: &str) -> Option<&'p Provision> {
    parent.walk().skip(1).find(|c| c.kind == kind && same_num(c, id))
}

/// «часть вторая статьи 81» of an article whose parts are paragraphs without numbers (the Labour Code): the
/// article itself, when it has that many paragraphs (its points belong to the paragraph that introduces them).
fn unnumbered_part<'p>(art: &'p Provision, id: &str) -> Option<&'p Provision> {
    let n: usize = id.parse().ok()?;
    (n >= 1 && n <= paragraphs(art) && !art.children.iter().any(|c| c.kind == Kind::Para)).then_some(art)
}

/// The paragraphs of an article without numbered parts: its own, and those that follow a point inside it (the
/// corpus format gives text after a point whose marker is not a Markdown list item to that point).
fn paragraphs(art: &Provision) -> usize {
    art.intro.len()
        + art.wrap_up.len()
        + art.children.iter().map(|c| (c.intro.len() + c.wrap_up.len()).saturating_sub(1)).sum::<usize>()
}

fn article<'e>(e: &'e Expression, id: &str) -> Option<&'e Provision> {
    e.articles().find(|a| same_num(a, id))
}

/// The articles of the expression a text is in, found by number or eId without walking the whole tree for each
/// citation: an act cites its own articles hundreds of times, and that walk (every part and point of every
/// article before the one cited) was a third of the reference work of `kanun index` (BENCHMARKS.md, issue 22
/// part 6). Built on the first citation that needs it; finds exactly the article [`article`] finds: the first,
/// in document order, whose number [`same_num`] matches.
pub(crate) struct Articles<'e> {
    expression: &'e Expression,
    table: std::cell::OnceCell<Table<'e>>,
}

struct Table<'e> {
    /// The articles in document order.
    list: Vec<&'e Provision>,
    /// Each key an article's number answers to (one per test of [`same_num`]), with the first article having it.
    keys: std::collections::HashMap<Key, usize>,
    /// Article eIds.
    eids: std::collections::HashMap<&'e str, usize>,
}

/// One way [`same_num`] matches a number with the `id` a citation gives.
#[derive(Debug, Hash, PartialEq, Eq)]
enum Key {
    /// The eId number, ASCII case folded.
    Id(String),
    /// The value of a decimal eId number (not written `0…` or `+…`), which a Roman `id` names.
    Value(u32),
    /// The number as written, lowercased, without a closing `.` or `)`.
    Raw(String),
    /// The value of a number written in Roman numerals, which a Roman or decimal `id` names.
    RawValue(u32),
}

impl<'e> Articles<'e> {
    pub(crate) fn new(expression: &'e Expression) -> Self {
        Articles { expression, table: std::cell::OnceCell::new() }
    }

    fn table(&self) -> &Table<'e> {
        self.table.get_or_init(|| {
            let list: Vec<&'e Provision> = self.expression.articles().collect();
            let mut keys = std::collections::HashMap::new();
            let mut eids = std::collections::HashMap::new();
            for (i, a) in list.iter().enumerate() {
                eids.entry(a.eid.as_str()).or_insert(i);
                let Some(n) = &a.num else { continue };
                let mut own = vec![Key::Id(n.id.to_ascii_lowercase())];
                if !n.id.starts_with(['0', '+'])
                    && let Ok(v) = n.id.parse::<u32>()
                {
                    own.push(Key::Value(v));
                }
                own.push(Key::Raw(n.raw.trim_end_matches(['.', ')']).to_lowercase()));
                if let Some(v) = roman(n.raw.trim_end_matches('.')) {
                    own.push(Key::RawValue(v));
                }
                for k in own {
                    keys.entry(k).or_insert(i);
                }
            }
            Table { list, keys, eids }
        })
    }

    /// The article of `e` numbered `id`: from the table when `e` is this expression, else by a walk.
    pub(crate) fn article<'x>(&'x self, e: &'x Expression, id: &str) -> Option<&'x Provision> {
        if !std::ptr::eq(e, self.expression) {
            return article(e, id);
        }
        let t = self.table();
        let roman_id = roman(id);
        let wanted = [
            Some(Key::Id(id.to_ascii_lowercase())),
            roman_id.map(Key::Value),
            Some(Key::Raw(id.to_lowercase())),
            roman_id.or(id.parse().ok()).map(Key::RawValue),
        ];
        let first = wanted.iter().flatten().filter_map(|k| t.keys.get(k)).min()?;
        t.list.get(*first).copied()
    }

    /// The article of `e` with eId `eid`: from the table when `e` is this expression, else by a walk.
    pub(crate) fn find<'x>(&'x self, e: &'x Expression, eid: &str) -> Option<&'x Provision> {
        if !std::ptr::eq(e, self.expression) {
            return e.find(eid);
        }
        let t = self.table();
        match t.eids.get(eid) {
            Some(i) => t.list.get(*i).copied(),
            // Not an article's eId: whatever provision has it.
            None => e.find(eid),
        }
    }
}

fn words(lang: &str) -> [&'static str; 4] {
    match lang {
        "rus" => ["статья", "часть", "пункт", "глава"],
        "tuk" => ["madda", "bölek", "bent", "bap"],
        _ => ["Article", "part", "point", "Chapter"],
    }
}

/// Normalises a title for comparison: lower case, quotes and spaces squeezed.
fn norm_title(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '"' | '«' | '»' | '“' | '”'))
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The stems of a title's words, for comparing a title with the way a citation inflects it («Уголовного кодекса»
/// names the «Уголовный кодекс»).
fn title_stems(s: &str, lang: kanun_model::Language) -> Vec<String> {
    kanun_analysis::terms(s, lang).into_iter().map(|t| t.text).collect()
}

/// Whether a citation's act name names a work of this title: the same words, the title's words first («Уголовного
/// кодекса Российской Федерации» and «Уголовный кодекс Российской Федерации»), or the title last (a law cited as
/// «Федерального закона «Об охране …»» and titled «Об охране …»).
fn names(cited: &str, title: &str, lang: kanun_model::Language) -> bool {
    let (want, t) = (norm_title(cited), norm_title(title));
    if t.is_empty() {
        return false;
    }
    if t == want || t.ends_with(&want) || want.ends_with(&t) {
        return true;
    }
    let (c, t) = (title_stems(cited, lang), title_stems(title, lang));
    t.len() >= 2 && (c == t || c.starts_with(&t) || c.ends_with(&t))
}

/// The act a citation names: this one, another of the corpus (held while the citation is resolved), or the
/// act's name when it is not in the corpus.
enum Act {
    This,
    Other(Arc<Work>),
    External(String),
}

fn act(units: &[Unit], ctx: &Context<'_>) -> Act {
    let Some(title) = units.iter().find_map(|u| match u {
        Unit::Act { title } => Some(title),
        _ => None,
    }) else {
        return Act::This;
    };
    let lang = ctx.expression.meta.language;
    let found = ctx.corpus.and_then(|c| c.titled(&|t| names(title, t, lang)));
    match found {
        Some(w) => Act::Other(w),
        None => Act::External(title.clone()),
    }
}

/// Resolves one citation in its context. A reference with no targets is not one: an anaphor («этой части») with
/// nothing cited before it to point back to.
pub fn resolve(c: &Citation, text: &str, ctx: &Context<'_>) -> Reference {
    let articles = Articles::new(ctx.expression);
    resolve_span(c, text.chars().skip(c.start).take(c.end - c.start).collect(), ctx, &articles)
}

/// The same, given the citation's words (`span`, the characters `c.start..c.end` of the text).
pub(crate) fn resolve_span(
    c: &Citation,
    span: String,
    ctx: &Context<'_>,
    articles: &Articles<'_>,
) -> Reference {
    let mut r = Reference { start: c.start, end: c.end, text: span, targets: Vec::new() };
    let held: Arc<Work>;
    let e = match act(&c.units, ctx) {
        Act::This => ctx.expression,
        Act::Other(w) => {
            held = w;
            let lang = ctx.expression.meta.language;
            match held
                .at(lang, Some(ctx.expression.meta.date))
                .or_else(|_| held.at(lang, None))
                .or_else(|_| held.at(held.languages()[0], None))
            {
                Ok(e) => e,
                Err(why) => {
                    r.targets.push(Target {
                        work: held.uri().to_string(),
                        eid: None,
                        label: String::new(),
                        state: State::Unresolved { reason: why.to_string() },
                    });
                    return r;
                }
            }
        }
        Act::External(act) => {
            r.targets.push(Target {
                work: String::new(),
                eid: None,
                label: act.clone(),
                state: State::External { act },
            });
            return r;
        }
    };
    let other = e.meta.work != ctx.expression.meta.work;
    let work = e.meta.work.to_string();
    let w = words(e.meta.language.code());
    let get = |level: Level| {
        c.units.iter().find(|u| matches!(u, Unit::Numbered { level: l, .. } | Unit::This { level: l } | Unit::That { level: l } | Unit::Preceding { level: l } if *l == level))
    };
    let has_lower =
        get(Level::Article).is_some() || get(Level::Part).is_some() || get(Level::Point).is_some();

    // Chapters (only as the finest level).
    if let Some(Unit::Numbered { numbers, .. }) = get(Level::Chapter)
        && !has_lower
    {
        for id in expand(numbers) {
            let found = e.walk().find(|p| p.kind == Kind::Chapter && same_num(p, &id));
            let label = format!("{} {id}", w[3]);
            r.targets.push(match found {
                Some(p) => {
                    Target { work: work.clone(), eid: Some(p.eid.clone()), label, state: State::Resolved }
                }
                None => Target {
                    work: work.clone(),
                    eid: None,
                    label: label.clone(),
                    state: State::Unresolved { reason: format!("no {label} in {}", e.id()) },
                },
            });
        }
        return r;
    }
    if !has_lower {
        // A citation of a whole act.
        r.targets.push(Target { work, eid: None, label: e.meta.title.clone(), state: State::Resolved });
        return r;
    }

    // Articles: numbered, this one, or (for a part or point alone) the one holding the text.
    let articles: Vec<(String, Option<&Provision>)> = match get(Level::Article) {
        Some(Unit::Numbered { numbers, .. }) => {
            let mut ids = expand(numbers);
            // `5-7` written with a hyphen: an article 5-7 if there is one, else articles 5 to 7.
            if ids.len() == 1
                && articles.article(e, &ids[0]).is_none()
                && let Some((a, b)) = ids[0].split_once('-')
                && let (Ok(x), Ok(y)) = (a.parse::<u32>(), b.parse::<u32>())
                && x < y
            {
                ids = (x..=y).map(|i| i.to_string()).collect();
            }
            ids.into_iter().map(|id| (id.clone(), articles.article(e, &id))).collect()
        }
        _ if other => {
            r.targets.push(Target {
                work,
                eid: None,
                label: String::new(),
                state: State::Unresolved {
                    reason: "a part or point of another act needs its article".into(),
                },
            });
            return r;
        }
        _ => match ctx.article.and_then(|a| articles.find(e, a)) {
            Some(a) => vec![(a.num.as_ref().map(|n| n.id.clone()).unwrap_or_default(), Some(a))],
            None => {
                r.targets.push(Target {
                    work,
                    eid: None,
                    label: String::new(),
                    state: State::Unresolved { reason: "not inside an article".into() },
                });
                return r;
            }
        },
    };
    for (aid, art) in articles {
        let alabel = format!("{} {aid}", w[0]);
        let Some(art) = art else {
            r.targets.push(Target {
                work: work.clone(),
                eid: None,
                label: alabel.clone(),
                state: State::Unresolved { reason: format!("no {alabel} in {}", e.id()) },
            });
            continue;
        };
        // Parts.
        let parts: Vec<(Option<String>, Option<&Provision>)> = match get(Level::Part) {
            None => vec![(None, None)],
            Some(Unit::Numbered { numbers, .. }) => expand(numbers)
                .into_iter()
                .map(|id| {
                    (Some(id.clone()), find_child(art, Kind::Para, &id).or_else(|| unnumbered_part(art, &id)))
                })
                .collect(),
            Some(Unit::This { .. }) => {
                // «настоящей части» in an article whose parts have no numbers: the article.
                let unnumbered = !art.children.iter().any(|c| c.kind == Kind::Para) && paragraphs(art) > 1;
                let p = ctx.part.and_then(|p| art.find(p)).or(unnumbered.then_some(art));
                vec![(p.and_then(|p| p.num.as_ref().map(|n| n.id.clone())).or(Some("?".into())), p)]
            }
            Some(Unit::That { .. }) => {
                let unnumbered = !art.children.iter().any(|c| c.kind == Kind::Para) && paragraphs(art) > 1;
                let p = ctx.last_part.and_then(|p| art.find(p)).or(unnumbered.then_some(art));
                if p.is_none() && ctx.last_part.is_none() {
                    // «в этой части» with no part cited before it: the phrase means "in this respect", not a
                    // reference; nothing to point at, nothing to report.
                    Vec::new()
                } else {
                    vec![(p.and_then(|p| p.num.as_ref().map(|n| n.id.clone())).or(Some("?".into())), p)]
                }
            }
            Some(Unit::Preceding { .. }) => {
                let here = ctx.part.and_then(|p| art.children.iter().position(|c| c.eid == p));
                let prev = here.and_then(|i| i.checked_sub(1)).map(|i| &art.children[i]);
                vec![(prev.and_then(|p| p.num.as_ref().map(|n| n.id.clone())).or(Some("?".into())), prev)]
            }
            Some(_) => vec![(None, None)],
        };
        for (pid, part) in parts {
            let mut label = alabel.clone();
            if let Some(pid) = &pid {
                label.push_str(&format!(", {} {pid}", w[1]));
                if part.is_none() {
                    r.targets.push(Target {
                        work: work.clone(),
                        eid: None,
                        label: label.clone(),
                        state: State::Unresolved {
                            reason: format!("no {} {pid} in {alabel} of {}", w[1], e.id()),
                        },
                    });
                    continue;
                }
            }
            // Points: inside the part, or the article, or (alone) the part holding the text.
            let holder = match (part, get(Level::Part), get(Level::Article)) {
                (Some(p), _, _) => p,
                (None, None, None) => ctx.part.and_then(|p| art.find(p)).unwrap_or(art),
                _ => art,
            };
            let points: Vec<(Option<String>, Option<&Provision>)> = match get(Level::Point) {
                // Russian codes that number their parts `1.` call them пункты: «пункт 2 статьи 5» is then part 2.
                Some(Unit::Numbered { numbers, .. }) => expand(numbers)
                    .into_iter()
                    .map(|id| {
                        let as_part = (part.is_none() && get(Level::Part).is_none())
                            .then(|| {
                                holder.children.iter().find(|c| c.kind == Kind::Para && same_num(c, &id))
                            })
                            .flatten();
                        let found = as_part.or_else(|| find_child(holder, Kind::Point, &id));
                        (Some(id.clone()), found)
                    })
                    .collect(),
                _ => vec![(None, None)],
            };
            for (qid, point) in points {
                let mut label = label.clone();
                let found = match &qid {
                    Some(q) => {
                        label.push_str(&format!(", {} {q}", w[2]));
                        point
                    }
                    None => Some(part.unwrap_or(art)),
                };
                r.targets.push(match found {
                    Some(p) => Target {
                        work: work.clone(),
                        eid: Some(p.eid.clone()),
                        label,
                        state: if art.repealed || p.repealed { State::Repealed } else { State::Resolved },
                    },
                    None => Target {
                        work: work.clone(),
                        eid: None,
                        label: label.clone(),
                        state: State::Unresolved { reason: format!("no {label} in {}", e.id()) },
                    },
                });
            }
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gives the articles of `ps`, in document order, the numbers `nums` (as many as there are).
    fn renumber<'n>(ps: &mut [Provision], nums: &mut impl Iterator<Item = &'n (&'n str, &'n str)>) {
        for p in ps {
            if p.kind == Kind::Article
                && let Some((raw, id)) = nums.next()
            {
                p.num = Some(kanun_model::Num { raw: (*raw).into(), id: (*id).into() });
            }
            renumber(&mut p.children, nums);
        }
    }

    #[test]
    fn the_article_table_finds_what_the_walk_finds() {
        let mut expressions: Vec<Expression> = [
            include_str!("../../../corpus/tm/social-services/eng@2024-07-01.md"),
            include_str!("../../../corpus/tm/social-services/rus@2024-07-01.md"),
            include_str!("../../../corpus/tm/social-services/tuk@2024-07-01.md"),
            include_str!("../../../corpus/tm/social-protection-code/eng@2013-01-01.md"),
        ]
        .iter()
        .map(|t| kanun_markdown::parse(t, None).expression.unwrap_or_else(|| unreachable!("parses")))
        .collect();
        // Numbers as real acts write them, several matching one id in different ways, later ones shadowed.
        let mut odd = expressions[0].clone();
        let numbers = [
            ("IV.", "4"),
            ("4)", "04"),
            ("Article V", "5"),
            ("v.", "v"),
            ("12-1", "12-1"),
            ("+7", "+7"),
            ("XL", "40"),
            ("Статья 3", "3"),
            ("Б)", "б"),
        ];
        renumber(&mut odd.body, &mut numbers.iter());
        expressions.push(odd);
        let mut ids: Vec<String> =
            ["0", "04", "+7", "7", "iv", "IV", "v", "V", "xl", "40", "Б", "б", "12-1", "5-7", "999", ""]
                .iter()
                .map(|s| s.to_string())
                .collect();
        ids.extend((1..60).map(|i| i.to_string()));
        for e in &expressions {
            ids.extend(
                e.articles().filter_map(|a| a.num.as_ref()).flat_map(|n| [n.id.clone(), n.raw.clone()]),
            );
            let table = Articles::new(e);
            for id in &ids {
                let (want, got) = (article(e, id), table.article(e, id));
                assert_eq!(want.map(|p| &p.eid), got.map(|p| &p.eid), "{} article {id:?}", e.id());
            }
            for p in e.walk() {
                assert_eq!(table.find(e, &p.eid).map(|p| &p.eid), e.find(&p.eid).map(|p| &p.eid));
            }
            assert!(table.find(e, "art_none").is_none());
        }
    }
}
