//! Where text after a list of points goes: a paragraph at the column of a point whose marker starts a paragraph
//! (`a)`, `2¹)`) is the wrap-up of the item holding the list; one further right is more text of that point. Both
//! survive rendering and parsing again.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

const LAW: &str = "+++\nwork = \"/akn/de/act/2000-01-01/x\"\ntitle = \"X\"\nlanguage = \"deu\"\ndate = 2022-01-01\nsource = \"illustrative\"\n+++\n# Gesetz\n\n### § 1 Test\n\n(1) Einleitung:\n\n1.  foo:\n\n    a)  x,\n\n    b)  y,\n\n    sowie z;\n\n2.  bar:\n\n    2¹) eins,\n\n      mehr zu eins;\n\n    3)  drei.\n\nSchlusssatz des Absatzes.\n";

#[test]
fn wrap_up_after_lettered_points_belongs_to_the_enclosing_item() {
    let p = kanun_markdown::parse(LAW, None);
    assert!(!p.diagnostics.iter().any(|d| d.code == "W107"), "{:?}", p.diagnostics);
    let e = p.expression.unwrap();
    let item = e.find("art_1__para_1__point_1").unwrap();
    assert_eq!(item.wrap_up, ["sowie z;"]);
    assert_eq!(e.find("art_1__para_1__point_1__point_b").unwrap().intro, ["y,"]);
    // Further right than its marker: more text of the point.
    assert_eq!(e.find("art_1__para_1__point_2__point_2-1").unwrap().intro, ["eins,", "mehr zu eins;"]);
    assert_eq!(e.find("art_1__para_1").unwrap().wrap_up, ["Schlusssatz des Absatzes."]);
    let again = kanun_markdown::parse(&kanun_markdown::render(&e), None);
    assert_eq!(again.expression.unwrap(), e, "render → parse");
}

/// Roman numerals and letters told apart by their sequence, not by the character alone.
#[test]
fn roman_numerals_and_letters_by_their_sequence() {
    let body = "(1) Buchstaben:\n\na)  alpha,\n\nb)  beta,\n\nc)  gamma,\n\nd)  delta,\n\ne)  eps,\n\nf)  zeta,\n\ng)  eta,\n\nh)  theta,\n\ni)  iota.\n\n(2) Römisch:\n\n(i) erstens,\n\n(ii) zweitens,\n\n(iii) drittens,\n\n(iv) viertens,\n\n(v) fünftens.\n\n(3) Verschachtelt:\n\n(a) eins:\n\n(i) klein eins,\n\n(ii) klein zwei;\n\n(b) zwei.\n\n(4) Doppelt:\n\naa) eins,\n\nbb) zwei.\n";
    let law = LAW.split("### § 1").next().unwrap().to_string() + "### § 1 Test\n\n" + body;
    let p = kanun_markdown::parse(&law, None);
    assert!(!p.diagnostics.iter().any(|d| d.is_error()), "{:?}", p.diagnostics);
    let e = p.expression.unwrap();
    let ids = |eid: &str| -> Vec<String> {
        e.find(eid).unwrap().children.iter().map(|c| c.eid.rsplit("__").next().unwrap().to_string()).collect()
    };
    assert_eq!(ids("art_1__para_1").last().unwrap(), "point_i");
    assert_eq!(ids("art_1__para_1").len(), 9);
    assert_eq!(ids("art_1__para_2"), ["point_i", "point_ii", "point_iii", "point_iv", "point_v"]);
    assert_eq!(ids("art_1__para_3"), ["point_a", "point_b"]);
    assert_eq!(ids("art_1__para_3__point_a"), ["point_i", "point_ii"]);
    assert_eq!(ids("art_1__para_4"), ["point_aa", "point_bb"]);
    let again = kanun_markdown::parse(&kanun_markdown::render(&e), None);
    assert_eq!(again.expression.unwrap(), e, "render → parse");
}
