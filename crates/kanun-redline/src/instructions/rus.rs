//! Russian drafting style: «в части 2 статьи 5 слова «…» заменить словами «…»», «статью 7 признать утратившей
//! силу», «дополнить статьёй 12-1 следующего содержания».

use kanun_model::Language;

use super::phrasebook::{Chain, Phrasebook, Phrases, Unit, as_written};

/// The Russian phrasebook. Nouns by case: nominative, accusative, genitive, prepositional, instrumental, and
/// genitive again where a template asks for the ablative (Russian has none).
pub(crate) const RUS: Phrasebook = Phrasebook {
    language: Language::RUS,
    quotes: ("«", "»"),
    chain: Chain::InnerFirst { joiner: " " },
    number: str::to_string,
    unnumber: as_written,
    nouns: &[
        (Unit::Article, ["статья", "статью", "статьи", "статье", "статьёй", "статьи"]),
        (Unit::Part, ["часть", "часть", "части", "части", "частью", "части"]),
        (Unit::Point, ["пункт", "пункт", "пункта", "пункте", "пунктом", "пункта"]),
        (Unit::Subpoint, ["подпункт", "подпункт", "подпункта", "подпункте", "подпунктом", "подпункта"]),
        (Unit::Chapter, ["глава", "главу", "главы", "главе", "главой", "главы"]),
        (Unit::Section, ["раздел", "раздел", "раздела", "разделе", "разделом", "раздела"]),
        (
            Unit::Subsection,
            ["подраздел", "подраздел", "подраздела", "подразделе", "подразделом", "подраздела"],
        ),
        (Unit::Subchapter, ["параграф", "параграф", "параграфа", "параграфе", "параграфом", "параграфа"]),
        (Unit::Book, ["книга", "книгу", "книги", "книге", "книгой", "книги"]),
    ],
    phrases: Phrases {
        title: "Наименование изложить в следующей редакции:",
        preamble: "Преамбулу изложить в следующей редакции:",
        replace_words: "В {at.loc} слова «{old}» заменить словами «{new}».",
        delete_words: "В {at.loc} слова «{old}» исключить.",
        insert_words: "{at.acc} после слов «{after}» дополнить словами «{new}».",
        reword: "{at.acc} изложить в следующей редакции:",
        insert_unit: "{parent.acc} после {last.gen} дополнить следующим текстом:",
        repeal: "{at.acc} признать утратившей силу.",
        delete: "{at.acc} исключить.",
        renumber_one: "Статью {from} считать статьёй {into}.",
        renumber_many: "Статьи {from} считать соответственно статьями {into}.",
        move_article: "{article.acc} разместить {place}.",
        insert_article: "{place} дополнить статьёй {num} следующего содержания:",
        after: "после {e.gen}",
        before: "перед {e.ins}",
        start_of: "в начале {e.gen}",
        start: "в начале Закона",
    },
};
