//! The names a redline shows beside the law text, in the language of the reader: the class of a row
//! (`modified` → «изменена», `üýtgedildi`) and the type and status of a reviewer's note. Unknown words (a status
//! added later) are shown as they are.

use crate::Class;

/// The name of a row's class in `lang` (`eng`, `rus`, `tuk`; English otherwise).
pub fn class(lang: &str, c: Class) -> &'static str {
    match (lang, c) {
        ("rus", Class::Unchanged) => "без изменений",
        ("rus", Class::Modified) => "изменена",
        ("rus", Class::Renumbered) => "перенумерована",
        ("rus", Class::New) => "новая",
        ("rus", Class::Repealed) => "исключена",
        ("rus", Class::Split) => "разделена",
        ("rus", Class::Merged) => "объединена",
        ("tuk", Class::Unchanged) => "üýtgemedi",
        ("tuk", Class::Modified) => "üýtgedildi",
        ("tuk", Class::Renumbered) => "täzeden belgilendi",
        ("tuk", Class::New) => "täze",
        ("tuk", Class::Repealed) => "aýryldy",
        ("tuk", Class::Split) => "bölündi",
        ("tuk", Class::Merged) => "birleşdirildi",
        (_, c) => c.as_str(),
    }
}

/// The name of an annotation type (`gap`, `recommendation`, …) in `lang`; a word Kanun does not know is shown as
/// it is.
pub fn note_type<'a>(lang: &str, kind: &'a str) -> &'a str {
    match (kind.parse::<kanun_model::annotation::AnnotationType>(), lang.parse::<kanun_model::Language>()) {
        (Ok(t), Ok(l)) => t.name_in(l),
        _ => kind,
    }
}

/// The name of an annotation status (`open`, `accepted`, …) in `lang`.
pub fn note_status<'a>(lang: &str, status: &'a str) -> &'a str {
    match (status.parse::<kanun_model::annotation::AnnotationStatus>(), lang.parse::<kanun_model::Language>())
    {
        (Ok(s), Ok(l)) => s.name_in(l),
        _ => status,
    }
}

/// The BCP 47 tag of a language code, for `lang` attributes.
pub fn tag(lang: &str) -> &str {
    match lang {
        "eng" => "en",
        "rus" => "ru",
        "tuk" => "tk",
        "deu" => "de",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_type_and_status_has_a_name_in_russian_and_turkmen() {
        for c in Class::ALL {
            assert_ne!(class("rus", c), c.as_str());
            assert_ne!(class("tuk", c), c.as_str());
            assert_eq!(class("eng", c), c.as_str());
        }
        for k in ["comment", "gap", "recommendation", "conflict", "question", "editorial"] {
            assert_ne!(note_type("rus", k), k);
            assert_ne!(note_type("tuk", k), k);
        }
        for s in ["open", "accepted", "rejected", "implemented", "resolved"] {
            assert_ne!(note_status("rus", s), s);
            assert_ne!(note_status("tuk", s), s);
        }
        assert_eq!(note_status("rus", "in-review"), "in-review");
    }
}
