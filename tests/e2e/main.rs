//! End-to-end tests: the `kanun` command line on the bundled corpus and on bad inputs, the real public texts in
//! `../shared/corpora/`, and the architecture rules (tidy).

mod real_texts;
