//! Akoma Ntoso import as a property, the twin of `fuzz/fuzz_targets/akn_import.rs` that runs in `cargo test`:
//! `import` never panics, an error names a line of the document, and an imported expression exported again
//! imports to the same expression. Arbitrary text, tag soup made of Akoma Ntoso elements, and a real export cut
//! and spliced; then every input the fuzzer ever found in `tests/data/fuzz/akn_import/`.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;

/// The property, the same as the fuzz target's.
fn check(xml: &str) {
    match kanun_akn::import(xml) {
        Err(e) => {
            let lines = xml.lines().count();
            assert!(e.line >= 1 && e.line <= lines.max(1) + 1, "error at line {} of {lines}: {e}", e.line);
        }
        Ok(e) => {
            let again = kanun_akn::export(&e, &kanun_akn::Options::default());
            let back = kanun_akn::import(&again).unwrap_or_else(|err| panic!("{err}\n{again}"));
            assert_eq!(back, e, "the AKN round trip changed the expression\n{again}");
        }
    }
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// A real document: a sample law exported.
fn real() -> &'static str {
    static XML: OnceLock<String> = OnceLock::new();
    XML.get_or_init(|| {
        let md = std::fs::read_to_string(root().join("corpus/tm/guardianship/eng@2016-07-01.md")).unwrap();
        let e = kanun_markdown::parse(&md, None).expression.unwrap();
        kanun_akn::export(&e, &kanun_akn::Options::default())
    })
}

#[test]
fn inputs_the_fuzzer_found_stay_fixed() {
    for f in std::fs::read_dir(root().join("tests/data/fuzz/akn_import")).unwrap() {
        check(&String::from_utf8_lossy(&std::fs::read(f.unwrap().path()).unwrap()));
    }
}

#[test]
fn control_characters_are_refused_with_their_line() {
    let xml = real().replacen("<heading>", "<heading>\u{1}", 1);
    let line = xml[..xml.find('\u{1}').unwrap()].matches('\n').count() + 1;
    let e = kanun_akn::import(&xml).unwrap_err();
    assert_eq!(e.line, line, "{e}");
    assert!(e.message.contains("U+0001"), "{e}");
    assert!(kanun_akn::import(&real().replacen("<heading>", "<heading>&#0;", 1)).is_err());
    check(real());
}

const PIECES: &[&str] = &[
    "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">",
    "</akomaNtoso>",
    "<act name=\"x\">",
    "</act>",
    "<meta>",
    "</meta>",
    "<FRBRWork>",
    "</FRBRWork>",
    "<FRBRthis value=\"/akn/tm/act/2020-01-01/x\"/>",
    "<FRBRuri value=\"/akn/tm/act/2020-01-01/x\"/>",
    "<FRBRlanguage language=\"rus\"/>",
    "<FRBRdate date=\"2020-01-01\" name=\"x\"/>",
    "<body>",
    "</body>",
    "<chapter eId=\"chp_1\">",
    "</chapter>",
    "<article eId=\"art_1\" wId=\"art_1\">",
    "<article>",
    "</article>",
    "<paragraph eId=\"art_1__para_1\">",
    "</paragraph>",
    "<point eId=\"art_1__para_1__point_a\" status=\"removed\">",
    "</point>",
    "<num>",
    "</num>",
    "<heading>",
    "</heading>",
    "<content>",
    "</content>",
    "<intro>",
    "</intro>",
    "<wrapUp>",
    "</wrapUp>",
    "<p>",
    "</p>",
    "<p class=\"justification\">",
    "<ref href=\"#art_2\">",
    "</ref>",
    "<![CDATA[x]]>",
    "<!-- c -->",
    "<?pi x?>",
    "<!DOCTYPE a>",
    "&amp;",
    "&lt;",
    "&bogus;",
    "&#1072;",
    "&#x0;",
    "&#xFFFE;",
    "\u{feff}",
    "\u{1}",
    "\n",
    "Статья 1",
    "text",
    "<",
    ">",
    "\"",
    "=",
];

fn spliced() -> impl Strategy<Value = String> {
    (
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        prop::collection::vec(prop::sample::select(PIECES), 0..4),
    )
        .prop_map(|(a, b, ins)| {
            let x = real();
            let boundary = |i: prop::sample::Index| {
                let mut p = i.index(x.len() + 1);
                while !x.is_char_boundary(p) {
                    p -= 1;
                }
                p
            };
            let (a, b) = (boundary(a), boundary(b));
            let (a, b) = (a.min(b), a.max(b));
            // Mostly small cuts: a whole law cut in half teaches little.
            let mut b = b.min(a + 64);
            while !x.is_char_boundary(b) {
                b -= 1;
            }
            format!("{}{}{}", &x[..a], ins.concat(), &x[b..])
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(xml in "\\PC{0,300}") {
        check(&xml);
    }

    #[test]
    fn tag_soup(parts in prop::collection::vec(prop::sample::select(PIECES), 0..80)) {
        check(&parts.concat());
    }

}

proptest! {
    // A whole law imported, exported and imported again takes a while in a debug build: fewer cases.
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_real_document_cut_and_spliced(xml in spliced()) {
        check(&xml);
    }
}
