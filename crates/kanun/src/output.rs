//! Printing provisions as indented plain text for a terminal.

use std::fmt::Write as _;

use kanun_model::{Expression, Kind, Provision};

/// A provision as a reader sees it: heading, then its text with numbered children indented.
pub fn provision_text(p: &Provision) -> String {
    let mut out = String::new();
    write_provision(p, 0, &mut out);
    out
}

/// A whole expression: long title, preamble, then every provision.
pub fn expression_text(e: &Expression) -> String {
    let mut out = format!("{}\n", e.long_title);
    for p in &e.preamble {
        let _ = writeln!(out, "\n{p}");
    }
    for p in &e.body {
        out.push('\n');
        write_provision(p, 0, &mut out);
    }
    out
}

fn write_provision(p: &Provision, indent: usize, out: &mut String) {
    let pad = "   ".repeat(indent);
    match p.kind {
        k if k.is_container() || k == Kind::Article => {
            let _ = writeln!(out, "{pad}{}", p.display_heading());
            for t in &p.intro {
                let _ = writeln!(out, "{pad}{t}");
            }
            for c in &p.children {
                if c.kind.is_container() || c.kind == Kind::Article {
                    out.push('\n');
                }
                write_provision(c, indent, out);
            }
        }
        _ => {
            let num = p.num.as_ref().map_or("", |n| n.raw.as_str());
            let mut first = true;
            for t in &p.intro {
                if first {
                    let _ = writeln!(out, "{pad}{num} {t}");
                    first = false;
                } else {
                    let _ = writeln!(out, "{pad}{t}");
                }
            }
            if first {
                let _ = writeln!(out, "{pad}{num}");
            }
            for c in &p.children {
                write_provision(c, indent + 1, out);
            }
        }
    }
    for t in &p.wrap_up {
        let _ = writeln!(out, "{pad}{t}");
    }
    for n in &p.notes {
        let _ = writeln!(out, "{pad}> {n}");
    }
}
