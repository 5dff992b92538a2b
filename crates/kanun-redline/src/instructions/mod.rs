//! Amendment instructions in English, Russian and Turkmen drafting style, and the interpreter that applies them.
//!
//! [`generate`] (`generate.rs`) turns a base expression and a (whole) draft into a list of [`Instruction`]s;
//! [`render`] writes them as text ("In part 2 of Article 5 the words "…" shall be replaced by the words "…".",
//! «в части 2 статьи 5 слова «…» заменить словами «…»», «5-nji maddasynyň 2-nji böleginde «…» sözlerini «…»
//! sözleri bilen çalyşmaly»); [`parse`] reads that text back; [`apply`] (`apply.rs`) carries the instructions
//! out on the base. Writing and reading are driven by one phrasebook per language (`eng.rs`, `rus.rs`,
//! `tuk.rs`, read by the engine in `phrasebook.rs`): each phrase is written once and serves both. The round trip — generate, render, parse,
//! apply — gives the draft's text exactly ([`text_lines`]), which the tests check on every generated draft.
//!
//! Order of the list: the title and preamble; changes inside kept articles (word replacements, deletions and
//! insertions when a phrase is unique in its provision, else new wording of the part, point or article);
//! repeals and deletions; renumbering (one instruction, "respectively"); then, in the draft's order, moved and
//! new articles placed after (or before) their neighbour. Each instruction refers to numbers as they stand when
//! it is applied. A generated instruction is kept only if it parses back to itself and, applied, gives the
//! draft's wording of its article; otherwise the coarser "shall be reworded as follows" is used.

use kanun_model::{Expression, Language, Metadata, Provision};

use crate::RedlineError;
use crate::words;

mod apply;
mod eng;
mod generate;
mod phrasebook;
mod rus;
mod snippet;
mod tuk;

pub use apply::{apply, stub};
pub use generate::generate;
pub use tuk::ordinal as turkmen_ordinal;

/// Where a new article goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// After this article (eId).
    After(String),
    /// Before this article (eId).
    Before(String),
    /// First in this chapter, section or other container (its eId).
    StartOf(String),
    /// First in the law, before any chapter.
    Start,
}

/// One amendment instruction. Provisions are named by their eId at the time the instruction applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Instruction {
    /// New long title.
    Title(String),
    /// New preamble (paragraphs).
    Preamble(Vec<String>),
    /// In a provision's text, one unique phrase replaced by another.
    ReplaceWords {
        /// The provision.
        at: String,
        /// Old words.
        old: String,
        /// New words.
        new: String,
    },
    /// In a provision's text, one unique phrase deleted.
    DeleteWords {
        /// The provision.
        at: String,
        /// The words.
        old: String,
    },
    /// In a provision's text, words inserted after a unique phrase.
    InsertWords {
        /// The provision.
        at: String,
        /// The words after which.
        after: String,
        /// The new words.
        new: String,
    },
    /// A provision in new wording (its Markdown, marker or heading included).
    Reword {
        /// The provision.
        at: String,
        /// The new wording.
        text: String,
    },
    /// A part or point added inside a provision, after a sibling.
    InsertUnit {
        /// The sibling after which.
        after: String,
        /// The new provision (Markdown with its marker).
        text: String,
    },
    /// An article left as a repealed stub.
    Repeal(String),
    /// A provision removed.
    Delete(String),
    /// Articles renumbered: (eId, new number id) pairs.
    Renumber(Vec<(String, String)>),
    /// An article moved.
    Move {
        /// The article.
        article: String,
        /// Where to.
        to: Anchor,
    },
    /// A new article.
    InsertArticle {
        /// Where.
        to: Anchor,
        /// The article (Markdown, heading line first without `#`).
        text: String,
    },
}

/// The text of an expression as the law reads: title, preamble, headings and lines, whitespace squashed. Two
/// expressions with the same text lines say the same thing (identities and notes aside).
pub fn text_lines(e: &Expression) -> Vec<String> {
    fn go(ps: &[Provision], out: &mut Vec<String>) {
        for p in ps {
            out.push(words::squash(&p.display_heading()));
            if p.kind.is_container() {
                go(&p.children, out);
            } else {
                out.extend(p.plain_text().lines().map(words::squash));
            }
        }
    }
    let mut out = vec![words::squash(&e.long_title)];
    out.extend(e.preamble.iter().map(|p| words::squash(p)));
    go(&e.body, &mut out);
    out.retain(|l| !l.is_empty());
    out
}

/// The languages Kanun writes and reads instructions in.
pub const LANGUAGES: [Language; 3] = [Language::ENG, Language::RUS, Language::TUK];

/// Writes instructions as a numbered list in the drafting style of `lang` (one of [`LANGUAGES`]; others get
/// English).
pub fn render(list: &[Instruction], lang: Language) -> String {
    let book = phrasebook::of(lang).unwrap_or(phrasebook::ALL[0]);
    let mut out = String::new();
    for (k, i) in list.iter().enumerate() {
        out.push_str(&format!("{}. ", k + 1));
        book.write(i, &mut out);
    }
    out
}

/// Reads instructions written by [`render`] in any of [`LANGUAGES`] (recognised per instruction). `meta` is the
/// base the instructions are for.
pub fn parse(text: &str, meta: &Metadata) -> Result<Vec<Instruction>, RedlineError> {
    let _ = meta;
    // Split into numbered items: a line `N. …` at column 0 starts one; indented lines are its quoted block.
    let mut items: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            // A blank line inside a quoted block is part of it (between an article's heading and its text).
            if let Some(it) = items.last_mut()
                && !it.1.is_empty()
            {
                it.1.push(String::new());
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("    ") {
            match items.last_mut() {
                Some(it) => it.1.push(rest.to_string()),
                None => return Err(err(1, "a quoted block before the first instruction")),
            }
            continue;
        }
        let (num, rest) =
            line.split_once(". ").ok_or_else(|| err(items.len() + 1, "expected `N. ` at the start"))?;
        if num.parse::<usize>().ok() != Some(items.len() + 1) {
            return Err(err(
                items.len() + 1,
                &format!("expected instruction number {}, found {num:?}", items.len() + 1),
            ));
        }
        items.push((rest.to_string(), Vec::new()));
    }
    items
        .iter()
        .enumerate()
        .map(|(k, (head, blk))| read_item(head, blk).map_err(|m| err(k + 1, &m)))
        .collect()
}

fn read_item(head: &str, blk: &[String]) -> Result<Instruction, String> {
    let head = head.trim();
    let mut error = None;
    for book in phrasebook::ALL {
        match book.read(head, blk) {
            Ok(Some(i)) => return Ok(i),
            Ok(None) => {}
            Err(m) => {
                error.get_or_insert(m);
            }
        }
    }
    Err(error.unwrap_or_else(|| {
        format!("not an instruction Kanun knows: {head:?}; write it as `render` does (see docs/redline.md)")
    }))
}

fn err(number: usize, message: &str) -> RedlineError {
    RedlineError::Instruction { number, message: message.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kanun_model::{Date, Kind, Num, WorkUri};

    fn meta() -> Metadata {
        Metadata {
            work: "/akn/tm/act/2021-12-18/x".parse::<WorkUri>().unwrap_or_else(|_| unreachable!()),
            title: "X".into(),
            language: Language::ENG,
            date: Date::new(2022, 1, 1).unwrap_or_else(|_| unreachable!()),
            status: kanun_model::Status::InForce,
            kind: kanun_model::DocKind::Law,
            source: "illustrative".into(),
            amends: None,
            base: None,
            scope: Default::default(),
            note: None,
        }
    }

    fn law() -> Expression {
        let mut a = Provision::new(Kind::Article, "art_1");
        a.num = Some(Num { raw: "Article 1".into(), id: "1".into() });
        a.heading = Some("Scope".into());
        a.intro.push("This Law applies to providers of social services.".into());
        Expression { meta: meta(), long_title: "Law".into(), preamble: Vec::new(), body: vec![a] }
    }

    #[test]
    fn a_hand_written_instruction_is_applied() {
        let text = "1. In Article 1 the words \"providers of social services\" shall be replaced by the words \"all providers\".\n";
        let list = parse(text, &meta()).unwrap_or_else(|e| panic!("{e}"));
        let e = apply(&law(), &list).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e.body[0].intro[0], "This Law applies to all providers.");
        let ru = "1. В статье 1 слова «социальных услуг» исключить.\n";
        assert_eq!(
            parse(ru, &meta()),
            Ok(vec![Instruction::DeleteWords {
                at: "art_1".into(), old: "социальных услуг".into()
            }])
        );
    }

    /// Turkmen instructions as a drafter would type them: possessive case endings and `-nji`/`-njy` ordinals
    /// chosen by the vowel of the number's last word.
    #[test]
    fn a_hand_written_turkmen_instruction_is_applied() {
        let mut tuk = law();
        tuk.body[0].intro[0] = "Bu Kanun durmuş hyzmatlaryny berijilere degişlidir.".into();
        let text = "1. 1-nji maddasynda «durmuş hyzmatlaryny berijilere» sözlerini «ähli berijilere» sözleri bilen çalyşmaly.\n";
        let list = parse(text, &meta()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            list,
            vec![Instruction::ReplaceWords {
                at: "art_1".into(),
                old: "durmuş hyzmatlaryny berijilere".into(),
                new: "ähli berijilere".into()
            }]
        );
        let e = apply(&tuk, &list).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e.body[0].intro[0], "Bu Kanun ähli berijilere degişlidir.");
        // The same instruction rendered in Turkmen reads back to itself.
        assert_eq!(render(&list, Language::TUK), text);
        let repeal = parse("1. 6-njy maddasyny güýjüni ýitiren diýip hasap etmeli.\n", &meta());
        assert_eq!(repeal, Ok(vec![Instruction::Repeal("art_6".into())]));
        // An inserted article is numbered as an ordinal, from the number in its own heading.
        let insert = Instruction::InsertArticle {
            to: Anchor::After("art_14".into()),
            text: "14-1-nji madda. Ýagdaýy alyp barmak\n\nAlyja ýagdaýy alyp baryjy bellenilýär.".into(),
        };
        let line = render(std::slice::from_ref(&insert), Language::TUK);
        assert!(
            line.starts_with("1. 14-nji maddasyndan soň şu mazmunly 14-1-nji maddany goşmaly:\n"),
            "{line}"
        );
        assert_eq!(parse(&line, &meta()), Ok(vec![insert]));
        // A suffix of the other vowel harmony (a typing slip) still names the same article.
        assert_eq!(parse("1. 6-nji maddasyny güýjüni ýitiren diýip hasap etmeli.\n", &meta()), repeal);
    }

    #[test]
    fn bad_instructions_are_explained_with_their_number() {
        let err = parse("1. Article 1 shall be amended somehow.\n", &meta()).unwrap_err();
        assert!(err.to_string().starts_with("instruction 1: not an instruction Kanun knows"), "{err}");
        let err =
            parse("1. Article 1 shall be deleted.\n3. Article 2 shall be deleted.\n", &meta()).unwrap_err();
        assert_eq!(err.to_string(), "instruction 2: expected instruction number 2, found \"3\"");
        let err =
            parse("1. Article 1 shall be reworded as follows:\n    Article 1. Scope\n", &meta()).unwrap_err();
        assert!(err.to_string().contains("in quotes, ending with a full stop"), "{err}");
        let list = parse("1. Article 1 shall be deleted.\n2. Article 7 shall be deleted.\n", &meta())
            .unwrap_or_default();
        let err = apply(&law(), &list).unwrap_err();
        assert_eq!(err.to_string(), "instruction 2: Article 7 is not in the text at this point");
        let list =
            parse("1. In Article 1 the words \"nothing\" shall be deleted.\n", &meta()).unwrap_or_default();
        assert!(
            apply(&law(), &list)
                .unwrap_err()
                .to_string()
                .contains("the words \"nothing\" are not in the text")
        );
    }
}
