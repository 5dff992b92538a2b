//! HTML and plain-text import (`kanun_import::from_html`, `from_text`) on arbitrary text (the first byte picks
//! the language and whether the rest is HTML): it never panics, the report is consistent (unplaced lines are
//! lines of the text, the confidence is between 0 and 1), and when the import parses, no word is lost: the
//! words of the input are the words of the expression (articles whose lost superscript was restored compared as
//! read).

#![no_main]

use kanun_import::{Meta, expression_words, from_text, html_text, words};
use kanun_model::Language;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else { return };
    let Ok(input) = std::str::from_utf8(rest) else { return };
    let meta = Meta {
        work: "/akn/tm/act/2021-12-18/x".parse().expect("work"),
        language: [Language::ENG, Language::RUS, Language::TUK, Language::DEU][usize::from(*first & 3)],
        date: "2022-01-01".parse().expect("date"),
        title: None,
        source: "fuzz".into(),
    };
    let text = if first & 4 != 0 { html_text(input) } else { input.to_string() };
    // Line numbers in the report count a carriage return as a line break.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let imported = from_text(&text, &meta);
    let r = &imported.report;
    let lines = text.lines().count();
    assert!((0.0..=1.0).contains(&r.confidence), "confidence {}", r.confidence);
    for (n, _) in &r.unplaced {
        assert!(*n >= 1 && *n <= lines.max(1), "unplaced line {n} of {lines}");
    }
    if let Some(e) = &imported.expression {
        let mut read: Vec<String> = text.lines().map(str::to_string).collect();
        for (n, from, to) in &r.renumbered {
            read[n - 1] = read[n - 1].replacen(from.as_str(), to, 1);
        }
        // The corpus text is in NFC (a composition exclusion such as U+0B5C is decomposed, and its combining
        // mark splits the word): compare with the input as normalised.
        let read: Vec<String> = read.iter().map(|l| kanun_markdown::normalize_text(l)).collect();
        let mut a = words(&read.join("\n"));
        let mut b = expression_words(e);
        a.sort();
        b.sort();
        assert_eq!(a, b, "words lost or added\n{}", imported.markdown);
    }
});
