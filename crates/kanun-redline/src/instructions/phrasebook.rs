//! The phrasebook engine: one [`Phrasebook`] per language (see `eng.rs`, `rus.rs`, `tuk.rs`) holds the nouns
//! of provisions in each grammatical case, how a reference chain is built, and one template per kind of
//! instruction. The same template writes an instruction ([`Phrasebook::write`]) and reads it back
//! ([`Phrasebook::read`]), so a phrase exists once per language and a new language is one more phrasebook.
//!
//! A template is text with slots in braces: `{at.loc}` is the provision the instruction changes, written in the
//! locative case; `{old}`, `{new}` and `{after}` are quoted words; `{place}` is where an article goes (written
//! with the language's anchor templates); `{from}` and `{into}` are lists of article numbers; `{num}` is the
//! number of an inserted article (written, not read: the quoted article carries it). `{parent}`, `{last}` and
//! `{sibling}` name the provision after which a part or point is inserted: its parent and its own last level,
//! or the whole of it.

use kanun_model::Language;
use kanun_model::eid::{self, Eid};

use super::{Anchor, Instruction};

/// Grammatical case of the head noun of a reference. Languages without cases give one form for all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    /// Nominative (Turkmen: with the third-person possessive, `maddasy`).
    Nom,
    /// Accusative: the provision an instruction acts on (`статью 5`, `5-nji maddasyny`).
    Acc,
    /// Genitive: links of a chain and "after" (`статьи 5`, `5-nji maddasynyň`).
    Gen,
    /// Prepositional or locative: "in" (`в статье 5`, `5-nji maddasynda`).
    Loc,
    /// Instrumental (`перед статьёй 5`).
    Ins,
    /// Ablative (`5-nji maddasyndan soň`).
    Abl,
}

impl Case {
    fn index(self) -> usize {
        self as usize
    }

    fn named(name: &str) -> Option<Case> {
        Some(match name {
            "nom" => Case::Nom,
            "acc" => Case::Acc,
            "gen" => Case::Gen,
            "loc" => Case::Loc,
            "ins" => Case::Ins,
            "abl" => Case::Abl,
            _ => return None,
        })
    }
}

/// The kinds of provision an instruction names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Article,
    Part,
    Point,
    /// A point inside a point.
    Subpoint,
    Chapter,
    Section,
    Subsection,
    Subchapter,
    Book,
}

impl Unit {
    fn prefix(self) -> &'static str {
        match self {
            Unit::Article => "art",
            Unit::Part => "para",
            Unit::Point | Unit::Subpoint => "point",
            Unit::Chapter => "chp",
            Unit::Section => "sec",
            Unit::Subsection => "subsec",
            Unit::Subchapter => "subchp",
            Unit::Book => "book",
        }
    }
}

/// Nouns of one unit, by [`Case`] (nominative, accusative, genitive, locative, instrumental, ablative).
pub(crate) type Forms = [&'static str; 6];

/// How a chain of levels is written.
pub(crate) enum Chain {
    /// Innermost level first, the number after the noun, levels joined by `joiner`; the head (innermost) noun
    /// in the case asked, the others genitive: `point 3 of part 2 of Article 5`, `пункт 3 части 2 статьи 5`.
    InnerFirst { joiner: &'static str },
    /// Outermost level first, the number before the noun; the last noun in the case asked, the others
    /// genitive: `5-nji maddasynyň 2-nji böleginde`.
    OuterFirst,
}

/// The templates of one language, one per kind of instruction and place.
pub(crate) struct Phrases {
    pub title: &'static str,
    pub preamble: &'static str,
    pub replace_words: &'static str,
    pub delete_words: &'static str,
    pub insert_words: &'static str,
    pub reword: &'static str,
    pub insert_unit: &'static str,
    pub repeal: &'static str,
    pub delete: &'static str,
    pub renumber_one: &'static str,
    pub renumber_many: &'static str,
    pub move_article: &'static str,
    pub insert_article: &'static str,
    /// `{place}`: after a provision (`{e.…}`).
    pub after: &'static str,
    /// `{place}`: before a provision.
    pub before: &'static str,
    /// `{place}`: first in a chapter or other container.
    pub start_of: &'static str,
    /// `{place}`: first in the law.
    pub start: &'static str,
}

/// Everything a language needs to write and read instructions.
pub(crate) struct Phrasebook {
    pub language: Language,
    /// The quotation marks around words and quoted wording.
    pub quotes: (&'static str, &'static str),
    pub chain: Chain,
    /// A number as written in a reference or list (`5` or `5-nji`).
    pub number: fn(&str) -> String,
    /// A number read back (`5-nji` → `5`), `None` if it is not one.
    pub unnumber: fn(&str) -> Option<&str>,
    pub nouns: &'static [(Unit, Forms)],
    pub phrases: Phrases,
}

/// The kinds of instruction, in the order they are tried when reading (the more specific first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Title,
    Preamble,
    InsertWords,
    ReplaceWords,
    DeleteWords,
    Reword,
    InsertUnit,
    Repeal,
    Delete,
    RenumberOne,
    RenumberMany,
    MoveArticle,
    InsertArticle,
}

const FORMS: [Form; 13] = [
    Form::Title,
    Form::Preamble,
    Form::InsertWords,
    Form::ReplaceWords,
    Form::DeleteWords,
    Form::Reword,
    Form::InsertUnit,
    Form::Repeal,
    Form::Delete,
    Form::RenumberOne,
    Form::RenumberMany,
    Form::MoveArticle,
    Form::InsertArticle,
];

impl Form {
    fn of(i: &Instruction) -> Form {
        match i {
            Instruction::Title(_) => Form::Title,
            Instruction::Preamble(_) => Form::Preamble,
            Instruction::ReplaceWords { .. } => Form::ReplaceWords,
            Instruction::DeleteWords { .. } => Form::DeleteWords,
            Instruction::InsertWords { .. } => Form::InsertWords,
            Instruction::Reword { .. } => Form::Reword,
            Instruction::InsertUnit { .. } => Form::InsertUnit,
            Instruction::Repeal(_) => Form::Repeal,
            Instruction::Delete(_) => Form::Delete,
            Instruction::Renumber(p) if p.len() == 1 => Form::RenumberOne,
            Instruction::Renumber(_) => Form::RenumberMany,
            Instruction::Move { .. } => Form::MoveArticle,
            Instruction::InsertArticle { .. } => Form::InsertArticle,
        }
    }

    fn template(self, p: &Phrases) -> &'static str {
        match self {
            Form::Title => p.title,
            Form::Preamble => p.preamble,
            Form::ReplaceWords => p.replace_words,
            Form::DeleteWords => p.delete_words,
            Form::InsertWords => p.insert_words,
            Form::Reword => p.reword,
            Form::InsertUnit => p.insert_unit,
            Form::Repeal => p.repeal,
            Form::Delete => p.delete,
            Form::RenumberOne => p.renumber_one,
            Form::RenumberMany => p.renumber_many,
            Form::MoveArticle => p.move_article,
            Form::InsertArticle => p.insert_article,
        }
    }
}

/// A piece of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'t> {
    Text(&'t str),
    Slot(&'t str, Case),
}

/// A template cut into text and slots. Templates are constants of this crate; the phrasebook test checks that
/// each of them is well formed, so a malformed one is read as text.
fn pieces(template: &'static str) -> Vec<Piece<'static>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        let slot = &rest[open + 1..close];
        let (name, case) = match slot.split_once('.') {
            Some((n, c)) => (n, Case::named(c).unwrap_or(Case::Nom)),
            None => (slot, Case::Nom),
        };
        out.push(Piece::Slot(name, case));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// The levels of an eId as units with their numbers, outermost first (a point below a point is a subpoint).
fn units(eid: &str) -> Vec<(Unit, &str)> {
    let mut points = 0;
    Eid::new(eid)
        .levels()
        .filter_map(|level| {
            let unit = match level.prefix {
                "art" => Unit::Article,
                "para" => Unit::Part,
                "point" => {
                    points += 1;
                    if points > 1 { Unit::Subpoint } else { Unit::Point }
                }
                "chp" => Unit::Chapter,
                "sec" => Unit::Section,
                "subsec" => Unit::Subsection,
                "subchp" => Unit::Subchapter,
                "book" => Unit::Book,
                _ => return None,
            };
            Some((unit, level.id))
        })
        .collect()
}

/// `s` without the prefix `p`, compared without regard to letter case.
fn strip_prefix_ci<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let mut rest = s.chars();
    for want in p.chars() {
        let got = rest.next()?;
        if got != want && !got.to_lowercase().eq(want.to_lowercase()) {
            return None;
        }
    }
    Some(rest.as_str())
}

/// The first letter in upper case.
pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn decapitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_lowercase().chain(c).collect())
}

/// An instruction's text and, for new wording, its quoted block.
fn text_and_block(i: &Instruction) -> Option<String> {
    match i {
        Instruction::Title(t) => Some(t.clone()),
        Instruction::Preamble(p) => Some(p.join("\n")),
        Instruction::Reword { text, .. }
        | Instruction::InsertUnit { text, .. }
        | Instruction::InsertArticle { text, .. } => Some(text.clone()),
        _ => None,
    }
}

/// The number of the article in a quoted article text: `Article 12-1. …` and `12-1-nji madda. …` → `12-1`.
pub(crate) fn article_number(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    let toks = crate::words::tokens(first);
    let Some(k) = toks.iter().position(|t| t.text.starts_with(|c: char| c.is_ascii_digit())) else {
        return String::new();
    };
    let mut s = toks[k].text.to_string();
    let mut i = k + 1;
    while i + 1 < toks.len()
        && toks[i].text == "-"
        && toks[i].space.is_empty()
        && toks[i + 1].space.is_empty()
        && toks[i + 1].text.starts_with(|c: char| c.is_ascii_digit())
    {
        s.push('-');
        s.push_str(toks[i + 1].text);
        i += 2;
    }
    s
}

/// A number as written is the number (English, Russian).
pub(crate) fn as_written(n: &str) -> Option<&str> {
    Some(n)
}

/// Whether a number read from a reference can be part of an eId.
fn is_number(n: &str) -> bool {
    !n.is_empty() && n.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.')
}

/// The words a reader can quote back in one slot.
type Values<'a> = Vec<(&'static str, Case, &'a str)>;

impl Phrasebook {
    fn noun(&self, unit: Unit, case: Case) -> &'static str {
        self.nouns.iter().find(|(u, _)| *u == unit).map_or("", |(_, f)| f[case.index()])
    }

    /// The provision `eid` named in `case`: `point 3 of part 2 of Article 5`, `пункте 3 части 2 статьи 5`,
    /// `5-nji maddasynyň 2-nji böleginiň 3-nji bendinde`.
    pub fn reference(&self, eid: &str, case: Case) -> String {
        self.write_units(&units(eid), case)
    }

    fn write_units(&self, units: &[(Unit, &str)], case: Case) -> String {
        let n = units.len();
        match self.chain {
            Chain::InnerFirst { joiner } => units
                .iter()
                .rev()
                .enumerate()
                .map(|(k, (u, id))| {
                    format!("{} {}", self.noun(*u, if k == 0 { case } else { Case::Gen }), (self.number)(id))
                })
                .collect::<Vec<_>>()
                .join(joiner),
            Chain::OuterFirst => units
                .iter()
                .enumerate()
                .map(|(k, (u, id))| {
                    format!(
                        "{} {}",
                        (self.number)(id),
                        self.noun(*u, if k + 1 == n { case } else { Case::Gen })
                    )
                })
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    /// The unit whose noun (in any case) begins `s`, the longest such noun, and the rest of `s`.
    fn read_noun<'s>(&self, s: &'s str) -> Option<(Unit, &'s str)> {
        let mut best: Option<(usize, Unit, &'s str)> = None;
        for (unit, forms) in self.nouns {
            for form in forms {
                if let Some(rest) = strip_prefix_ci(s, form)
                    && (rest.is_empty() || rest.starts_with(' '))
                    && best.is_none_or(|(len, _, _)| form.len() > len)
                {
                    best = Some((form.len(), *unit, rest));
                }
            }
        }
        best.map(|(_, u, rest)| (u, rest))
    }

    fn unknown(&self, s: &str) -> String {
        let word = s.split(' ').next().unwrap_or(s);
        let known: Vec<&str> = self.nouns.iter().map(|(_, f)| f[Case::Nom.index()]).collect();
        format!("unknown provision {word:?} (known: {})", known.join(", "))
    }

    /// A reference written by [`Phrasebook::reference`] (in any case) back to its eId.
    pub fn read_reference(&self, s: &str) -> Result<String, String> {
        let whole = s.trim();
        let mut rest = whole;
        let mut levels: Vec<(Unit, &str)> = Vec::new();
        loop {
            if !levels.is_empty() {
                let joiner = match self.chain {
                    Chain::InnerFirst { joiner } => joiner,
                    Chain::OuterFirst => " ",
                };
                rest = rest
                    .strip_prefix(joiner)
                    .ok_or_else(|| format!("cannot read the reference {whole:?}"))?;
            }
            let (unit, id, after) = match self.chain {
                Chain::InnerFirst { .. } => {
                    let (unit, r) = self.read_noun(rest).ok_or_else(|| self.unknown(rest))?;
                    let r = r.strip_prefix(' ').ok_or_else(|| format!("{whole:?}: a number must follow"))?;
                    let end = r.find(' ').unwrap_or(r.len());
                    (unit, &r[..end], &r[end..])
                }
                Chain::OuterFirst => {
                    let end = rest.find(' ').ok_or_else(|| format!("cannot read the reference {whole:?}"))?;
                    let id = (self.unnumber)(&rest[..end])
                        .ok_or_else(|| format!("{:?} is not a number as written here", &rest[..end]))?;
                    let (unit, r) =
                        self.read_noun(&rest[end + 1..]).ok_or_else(|| self.unknown(&rest[end + 1..]))?;
                    (unit, id, r)
                }
            };
            if !is_number(id) {
                return Err(format!("{id:?} in {whole:?} is not a number"));
            }
            levels.push((unit, id));
            rest = after;
            if rest.is_empty() {
                break;
            }
        }
        if matches!(self.chain, Chain::InnerFirst { .. }) {
            levels.reverse();
        }
        Ok(levels.iter().fold(String::new(), |e, (u, id)| eid::join(&e, u.prefix(), id)))
    }

    fn place(&self, a: &Anchor) -> String {
        let p = &self.phrases;
        let (template, e) = match a {
            Anchor::After(e) => (p.after, e.as_str()),
            Anchor::Before(e) => (p.before, e.as_str()),
            Anchor::StartOf(e) => (p.start_of, e.as_str()),
            Anchor::Start => (p.start, ""),
        };
        self.fill(template, &|_, case| self.reference(e, case))
    }

    fn read_place(&self, s: &str) -> Result<Anchor, String> {
        let p = &self.phrases;
        let mut first_error = None;
        for (template, make) in [
            (p.start, (|_| Anchor::Start) as fn(String) -> Anchor),
            (p.after, Anchor::After),
            (p.before, Anchor::Before),
            (p.start_of, Anchor::StartOf),
        ] {
            let mut found = None;
            self.each_match(&pieces(template), s, &mut Vec::new(), &mut |v| match v.first() {
                None => {
                    found = Some(make(String::new()));
                    true
                }
                Some((_, _, e)) => match self.read_reference(e) {
                    Ok(eid) => {
                        found = Some(make(eid));
                        true
                    }
                    Err(m) => {
                        first_error.get_or_insert(m);
                        false
                    }
                },
            });
            if let Some(a) = found {
                return Ok(a);
            }
        }
        Err(first_error.unwrap_or_else(|| {
            format!("cannot read the place {s:?} (as in \"{}\")", self.place(&Anchor::After("art_1".into())))
        }))
    }

    fn numbers(&self, ids: impl Iterator<Item = String>) -> String {
        ids.map(|id| (self.number)(&id)).collect::<Vec<_>>().join(", ")
    }

    fn read_numbers(&self, s: &str) -> Result<Vec<String>, String> {
        s.split(", ")
            .map(|n| {
                (self.unnumber)(n.trim())
                    .filter(|id| is_number(id))
                    .map(str::to_string)
                    .ok_or_else(|| format!("{n:?} is not an article number"))
            })
            .collect()
    }

    fn fill(&self, template: &'static str, value: &dyn Fn(&str, Case) -> String) -> String {
        pieces(template)
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => t.to_string(),
                Piece::Slot(name, case) => value(name, case),
            })
            .collect()
    }

    /// The quoted wording under an instruction, indented.
    fn block(&self, text: &str) -> String {
        let (open, close) = self.quotes;
        let lines: Vec<&str> = text.lines().collect();
        let mut out = String::new();
        for (k, l) in lines.iter().enumerate() {
            out.push_str("    ");
            if k == 0 {
                out.push_str(open);
            }
            out.push_str(l);
            if k + 1 == lines.len() {
                out.push_str(close);
                out.push('.');
            }
            out.push('\n');
        }
        out
    }

    /// Writes one instruction (its line and any quoted block) in this language.
    pub fn write(&self, i: &Instruction, out: &mut String) {
        let value = |name: &str, case: Case| -> String {
            match (name, i) {
                (
                    "at",
                    Instruction::ReplaceWords { at, .. }
                    | Instruction::DeleteWords { at, .. }
                    | Instruction::InsertWords { at, .. }
                    | Instruction::Reword { at, .. }
                    | Instruction::Repeal(at)
                    | Instruction::Delete(at),
                ) => self.reference(at, case),
                ("parent", Instruction::InsertUnit { after, .. }) => {
                    self.reference(eid::parent(after).unwrap_or_default(), case)
                }
                ("last", Instruction::InsertUnit { after, .. }) => {
                    let u = units(after);
                    self.write_units(&u[u.len().saturating_sub(1)..], case)
                }
                ("sibling", Instruction::InsertUnit { after, .. }) => self.reference(after, case),
                ("article", Instruction::Move { article, .. }) => self.reference(article, case),
                ("place", Instruction::Move { to, .. } | Instruction::InsertArticle { to, .. }) => {
                    self.place(to)
                }
                ("old", Instruction::ReplaceWords { old, .. } | Instruction::DeleteWords { old, .. }) => {
                    old.clone()
                }
                ("new", Instruction::ReplaceWords { new, .. } | Instruction::InsertWords { new, .. }) => {
                    new.clone()
                }
                ("after", Instruction::InsertWords { after, .. }) => after.clone(),
                ("from", Instruction::Renumber(pairs)) => {
                    self.numbers(pairs.iter().map(|(e, _)| units(e).first().map_or("", |u| u.1).to_string()))
                }
                ("into", Instruction::Renumber(pairs)) => self.numbers(pairs.iter().map(|(_, n)| n.clone())),
                ("num", Instruction::InsertArticle { text, .. }) => (self.number)(&article_number(text)),
                _ => String::new(),
            }
        };
        out.push_str(&capitalise(&self.fill(Form::of(i).template(&self.phrases), &value)));
        out.push('\n');
        if let Some(text) = text_and_block(i) {
            out.push_str(&self.block(&text));
        }
    }

    /// Calls `accept` with the slot values of each way `s` can be cut along the template's text, until it
    /// accepts one; returns whether one was accepted.
    fn each_match<'s>(
        &self,
        pieces: &[Piece<'static>],
        s: &'s str,
        got: &mut Values<'s>,
        accept: &mut dyn FnMut(&Values<'s>) -> bool,
    ) -> bool {
        match pieces.split_first() {
            None => s.is_empty() && accept(got),
            Some((Piece::Text(t), rest)) => {
                s.strip_prefix(t).is_some_and(|r| self.each_match(rest, r, got, accept))
            }
            Some((Piece::Slot(name, case), rest)) => {
                let ends: Vec<usize> = match rest.first() {
                    None => vec![s.len()],
                    Some(Piece::Text(t)) => s.match_indices(t).map(|(k, _)| k).collect(),
                    // Two slots side by side cannot be told apart; templates never have them.
                    Some(Piece::Slot(..)) => Vec::new(),
                };
                for end in ends.into_iter().filter(|&e| e > 0) {
                    got.push((name, *case, &s[..end]));
                    if self.each_match(rest, &s[end..], got, accept) {
                        return true;
                    }
                    got.pop();
                }
                false
            }
        }
    }

    /// Reads one instruction line (and its quoted block) written in this language. `Ok(None)`: the line is no
    /// instruction of this language; `Err`: it is one, but a reference or the block does not read.
    pub fn read(&self, head: &str, block: &[String]) -> Result<Option<Instruction>, String> {
        let mut error = None;
        for line in [head.to_string(), decapitalise(head)] {
            for form in FORMS {
                let mut found = None;
                self.each_match(&pieces(form.template(&self.phrases)), &line, &mut Vec::new(), &mut |v| {
                    match self.build(form, v, block) {
                        Ok(i) => {
                            found = Some(i);
                            true
                        }
                        Err(m) => {
                            error.get_or_insert(m);
                            false
                        }
                    }
                });
                if let Some(i) = found {
                    return Ok(Some(i));
                }
            }
        }
        error.map_or(Ok(None), Err)
    }

    fn build(&self, form: Form, v: &Values<'_>, block: &[String]) -> Result<Instruction, String> {
        let get = |name: &str| v.iter().find(|(n, _, _)| *n == name).map_or("", |(_, _, s)| *s);
        let at = || self.read_reference(get("at"));
        let words = |name: &str| -> Result<String, String> {
            let w = get(name);
            if w.is_empty() { Err(format!("the {name} words are empty")) } else { Ok(w.to_string()) }
        };
        Ok(match form {
            Form::Title => Instruction::Title(unblock(block)?),
            Form::Preamble => Instruction::Preamble(unblock(block)?.lines().map(str::to_string).collect()),
            Form::ReplaceWords => {
                Instruction::ReplaceWords { at: at()?, old: words("old")?, new: words("new")? }
            }
            Form::DeleteWords => Instruction::DeleteWords { at: at()?, old: words("old")? },
            Form::InsertWords => {
                Instruction::InsertWords { at: at()?, after: words("after")?, new: words("new")? }
            }
            Form::Reword => Instruction::Reword { at: at()?, text: unblock(block)? },
            Form::InsertUnit => {
                let after = if v.iter().any(|(n, _, _)| *n == "sibling") {
                    self.read_reference(get("sibling"))?
                } else {
                    let parent = self.read_reference(get("parent"))?;
                    let last = self.read_reference(get("last"))?;
                    format!("{parent}{}{last}", eid::SEPARATOR)
                };
                Instruction::InsertUnit { after, text: unblock(block)? }
            }
            Form::Repeal => Instruction::Repeal(at()?),
            Form::Delete => Instruction::Delete(at()?),
            Form::RenumberOne | Form::RenumberMany => {
                let (from, into) = (self.read_numbers(get("from"))?, self.read_numbers(get("into"))?);
                if from.len() != into.len()
                    || from.is_empty()
                    || (form == Form::RenumberOne) != (from.len() == 1)
                {
                    return Err("renumbering needs as many new numbers as old ones".into());
                }
                Instruction::Renumber(
                    from.into_iter().map(|f| eid::join("", Unit::Article.prefix(), &f)).zip(into).collect(),
                )
            }
            Form::MoveArticle => Instruction::Move {
                article: self.read_reference(get("article"))?,
                to: self.read_place(get("place"))?,
            },
            Form::InsertArticle => {
                Instruction::InsertArticle { to: self.read_place(get("place"))?, text: unblock(block)? }
            }
        })
    }
}

/// The quoted wording of an instruction without its quotes and final full stop (any language's quotes).
fn unblock(blk: &[String]) -> Result<String, String> {
    let text = blk.join("\n");
    let text = text.trim_end();
    for (open, close) in [("\"", "\"."), ("«", "».")] {
        if let Some(inner) = text.strip_prefix(open).and_then(|t| t.strip_suffix(close)) {
            return Ok(inner.to_string());
        }
    }
    Err("the new wording must follow as an indented block in quotes, ending with a full stop".into())
}

/// The phrasebooks, English first: the language a reader tries first and the one messages use.
pub(crate) const ALL: [&Phrasebook; 3] = [&super::eng::ENG, &super::rus::RUS, &super::tuk::TUK];

/// The phrasebook of a language, if Kanun writes instructions in it.
pub(crate) fn of(language: Language) -> Option<&'static Phrasebook> {
    ALL.into_iter().find(|p| p.language == language)
}

/// A provision named in English, for messages: `point 3 of part 2 of Article 5`.
pub(crate) fn label(eid: &str) -> String {
    super::eng::ENG.reference(eid, Case::Nom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_is_well_formed_and_uses_only_slots_its_instruction_has() {
        let slots: &[(Form, &[&str])] = &[
            (Form::Title, &[]),
            (Form::Preamble, &[]),
            (Form::ReplaceWords, &["at", "old", "new"]),
            (Form::DeleteWords, &["at", "old"]),
            (Form::InsertWords, &["at", "after", "new"]),
            (Form::Reword, &["at"]),
            (Form::InsertUnit, &["parent", "last", "sibling"]),
            (Form::Repeal, &["at"]),
            (Form::Delete, &["at"]),
            (Form::RenumberOne, &["from", "into"]),
            (Form::RenumberMany, &["from", "into"]),
            (Form::MoveArticle, &["article", "place"]),
            (Form::InsertArticle, &["place", "num"]),
        ];
        for pb in ALL {
            for (form, allowed) in slots {
                let t = form.template(&pb.phrases);
                assert_eq!(t.matches('{').count(), t.matches('}').count(), "{t}");
                let ps = pieces(t);
                for w in ps.windows(2) {
                    assert!(
                        !matches!(w, [Piece::Slot(..), Piece::Slot(..)]),
                        "{}: two slots side by side in {t:?}",
                        pb.language
                    );
                }
                for p in &ps {
                    if let Piece::Slot(name, _) = p {
                        assert!(allowed.contains(name), "{}: {t:?} has the slot {name:?}", pb.language);
                    }
                }
                for slot in t.split('{').skip(1).filter_map(|s| s.split_once('}')).map(|s| s.0) {
                    if let Some((_, case)) = slot.split_once('.') {
                        assert!(Case::named(case).is_some(), "{}: unknown case in {slot:?}", pb.language);
                    }
                }
            }
            for t in [pb.phrases.after, pb.phrases.before, pb.phrases.start_of] {
                assert!(pieces(t).iter().any(|p| matches!(p, Piece::Slot("e", _))), "{t}");
            }
            for (unit, forms) in pb.nouns {
                assert!(forms.iter().all(|f| !f.is_empty()), "{}: {unit:?}", pb.language);
            }
        }
    }

    #[test]
    fn references_are_written_and_read_in_every_language() {
        let (en, ru, tk) = (ALL[0], ALL[1], ALL[2]);
        let eid = "art_5__para_2__point_3__point_b";
        assert_eq!(en.reference(eid, Case::Loc), "subpoint b of point 3 of part 2 of Article 5");
        assert_eq!(ru.reference("art_5__para_2__point_3", Case::Loc), "пункте 3 части 2 статьи 5");
        assert_eq!(ru.reference("art_5", Case::Ins), "статьёй 5");
        assert_eq!(tk.reference("art_5__para_2", Case::Loc), "5-nji maddasynyň 2-nji böleginde");
        assert_eq!(tk.reference("art_16__point_9", Case::Acc), "16-njy maddasynyň 9-njy bendini");
        assert_eq!(tk.reference("art_12-1", Case::Abl), "12-1-nji maddasyndan");
        for pb in ALL {
            for case in [Case::Nom, Case::Acc, Case::Gen, Case::Loc, Case::Ins, Case::Abl] {
                for e in [eid, "art_12-1", "chp_2", "art_40__para_10"] {
                    assert_eq!(
                        pb.read_reference(&pb.reference(e, case)),
                        Ok(e.to_string()),
                        "{}",
                        pb.language
                    );
                    let capital = capitalise(&pb.reference(e, case));
                    assert_eq!(pb.read_reference(&capital), Ok(e.to_string()), "{capital}");
                }
            }
        }
        assert_eq!(ru.read_reference("подпункт b пункта 3 статьи 5"), Ok("art_5__point_3__point_b".into()));
        assert!(
            en.read_reference("paragraph 2 of Article 5").is_err_and(|e| e.contains("unknown provision"))
        );
        assert!(tk.read_reference("5 maddasy").is_err_and(|e| e.contains("not a number as written")));
    }
}
