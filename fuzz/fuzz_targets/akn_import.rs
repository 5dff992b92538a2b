//! Akoma Ntoso import (`kanun_akn::import`) on arbitrary text: it never panics, an error names a line of the
//! document, and an imported expression exported again imports to the same expression.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(xml) = std::str::from_utf8(data) else { return };
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
});
