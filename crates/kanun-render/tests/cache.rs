//! Each annotation body is rendered once, not on every request that shows it: an article's annotation list and
//! the report asked for again render nothing new. (A test binary of its own: the render counter is per process.)

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use kanun_render::{bodies_rendered, body_html};

#[test]
fn a_body_is_rendered_once_and_then_taken_from_the_cache() {
    let bodies: Vec<String> =
        (0..10).map(|i| format!("**Note {i}**\n\n> a quote\n> > in a quote\n\n- a list")).collect();
    let before = bodies_rendered();
    let first: Vec<String> = bodies.iter().map(|b| body_html(b)).collect();
    assert_eq!(bodies_rendered() - before, 10);
    for _ in 0..5 {
        let again: Vec<String> = bodies.iter().map(|b| body_html(b)).collect();
        assert_eq!(again, first, "the same HTML");
    }
    assert_eq!(bodies_rendered() - before, 10, "nothing rendered twice");
    // A changed body (a new revision) is rendered.
    body_html("**Note 0** changed");
    assert_eq!(bodies_rendered() - before, 11);
}
