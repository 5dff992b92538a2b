//! Languages of expressions, as ISO 639-2 (bibliographic/terminology) three-letter codes, as Akoma Ntoso uses.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ModelError;

/// A language known to Kanun, by its ISO 639-2 code (`eng`, `rus`, `tuk`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Language(&'static str);

/// The codes Kanun accepts, with the language's English name and its own name.
const KNOWN: &[(&str, &str, &str)] = &[
    ("eng", "English", "English"),
    ("rus", "Russian", "Русский"),
    ("tuk", "Turkmen", "Türkmençe"),
    ("deu", "German", "Deutsch"),
    ("nld", "Dutch", "Nederlands"),
    ("fra", "French", "Français"),
    ("spa", "Spanish", "Español"),
    ("ita", "Italian", "Italiano"),
    ("por", "Portuguese", "Português"),
    ("ara", "Arabic", "العربية"),
    ("zho", "Chinese", "中文"),
    ("kaz", "Kazakh", "Қазақша"),
    ("kir", "Kyrgyz", "Кыргызча"),
    ("uzb", "Uzbek", "Oʻzbekcha"),
    ("tgk", "Tajik", "Тоҷикӣ"),
    ("aze", "Azerbaijani", "Azərbaycanca"),
    ("tur", "Turkish", "Türkçe"),
    ("ukr", "Ukrainian", "Українська"),
    ("bel", "Belarusian", "Беларуская"),
    ("kat", "Georgian", "ქართული"),
    ("hye", "Armenian", "Հայերեն"),
    ("ron", "Romanian", "Română"),
    ("pol", "Polish", "Polski"),
    ("fas", "Persian", "فارسی"),
    ("swa", "Swahili", "Kiswahili"),
    ("afr", "Afrikaans", "Afrikaans"),
    ("zul", "Zulu", "isiZulu"),
    ("mul", "Multiple languages", "Multiple languages"),
];

impl Language {
    /// English.
    pub const ENG: Language = Language("eng");
    /// Russian.
    pub const RUS: Language = Language("rus");
    /// Turkmen.
    pub const TUK: Language = Language("tuk");
    /// German.
    pub const DEU: Language = Language("deu");

    /// The ISO 639-2 code.
    pub fn code(self) -> &'static str {
        self.0
    }

    /// The language's name in English.
    pub fn english_name(self) -> &'static str {
        KNOWN.iter().find(|k| k.0 == self.0).map_or(self.0, |k| k.1)
    }

    /// The language's name in itself.
    pub fn native_name(self) -> &'static str {
        KNOWN.iter().find(|k| k.0 == self.0).map_or(self.0, |k| k.2)
    }

    /// Every language Kanun knows.
    pub fn all() -> impl Iterator<Item = Language> {
        KNOWN.iter().map(|k| Language(k.0))
    }
}

impl FromStr for Language {
    type Err = ModelError;

    fn from_str(s: &str) -> Result<Language, ModelError> {
        KNOWN
            .iter()
            .find(|k| k.0 == s)
            .map(|k| Language(k.0))
            .ok_or_else(|| ModelError::Language { given: s.to_string() })
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Language {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Language, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_codes() {
        assert_eq!("tuk".parse::<Language>().unwrap(), Language::TUK);
        assert_eq!(Language::RUS.native_name(), "Русский");
        let err = "en".parse::<Language>().unwrap_err().to_string();
        assert!(err.contains("ISO 639-2"), "{err}");
        assert!("ENG".parse::<Language>().is_err(), "codes are lower case");
    }
}
