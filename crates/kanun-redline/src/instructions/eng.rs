//! English drafting style: "In part 2 of Article 5 the words "…" shall be replaced by the words "…".".

use kanun_model::Language;

use super::phrasebook::{Chain, Forms, Phrasebook, Phrases, Unit, as_written};

const fn same(word: &'static str) -> Forms {
    [word; 6]
}

/// The English phrasebook.
pub(crate) const ENG: Phrasebook = Phrasebook {
    language: Language::ENG,
    quotes: ("\"", "\""),
    chain: Chain::InnerFirst { joiner: " of " },
    number: str::to_string,
    unnumber: as_written,
    nouns: &[
        (Unit::Article, same("Article")),
        (Unit::Part, same("part")),
        (Unit::Point, same("point")),
        (Unit::Subpoint, same("subpoint")),
        (Unit::Chapter, same("Chapter")),
        (Unit::Section, same("Section")),
        (Unit::Subsection, same("Subsection")),
        (Unit::Subchapter, same("Subchapter")),
        (Unit::Book, same("Book")),
    ],
    phrases: Phrases {
        title: "The title shall be reworded as follows:",
        preamble: "The preamble shall be reworded as follows:",
        replace_words: "In {at} the words \"{old}\" shall be replaced by the words \"{new}\".",
        delete_words: "In {at} the words \"{old}\" shall be deleted.",
        insert_words: "In {at} after the words \"{after}\" the words \"{new}\" shall be inserted.",
        reword: "{at} shall be reworded as follows:",
        insert_unit: "{parent} shall be supplemented after {last} as follows:",
        repeal: "{at} shall be repealed.",
        delete: "{at} shall be deleted.",
        renumber_one: "Article {from} shall be renumbered as Article {into}.",
        renumber_many: "Articles {from} shall be renumbered as Articles {into} respectively.",
        move_article: "{article} shall be placed {place}.",
        insert_article: "The Law shall be supplemented {place} with the following article:",
        after: "after {e}",
        before: "before {e}",
        start_of: "at the beginning of {e}",
        start: "at the beginning of the Law",
    },
};
