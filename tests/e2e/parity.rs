//! The two front ends are one application: the same input through `kanun` and over HTTP gives the same
//! annotation, the same redline and exports, and the same report, byte for byte (both call `kanun-workbench`).
//! A rule re-written in one front end shows here as a difference.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::bad_inputs::tempdir;
use crate::http::{Client, workbench};
use crate::kanun;

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// Runs `kanun --data <data> …` and returns its standard output; a failure is a failed test.
fn cli(data: &std::path::Path, args: &[&str]) -> Vec<u8> {
    let mut all = vec!["--data", data.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = kanun(&all);
    assert!(out.status.success(), "kanun {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// Fails with where two outputs differ: the first different line of a text, the first different byte of a
/// binary file (both kept under the temporary directory to compare).
fn same(what: &str, cli: &[u8], http: &[u8]) {
    if cli == http {
        return;
    }
    let (Ok(a), Ok(b)) = (std::str::from_utf8(cli), std::str::from_utf8(http)) else {
        let at = cli.iter().zip(http).position(|(x, y)| x != y).unwrap_or(cli.len().min(http.len()));
        let keep = tempdir("parity-differs");
        std::fs::write(keep.join("cli"), cli).unwrap();
        std::fs::write(keep.join("http"), http).unwrap();
        panic!(
            "{what}: the CLI and HTTP differ ({} and {} bytes) from byte {at}; both are in {}",
            cli.len(),
            http.len(),
            keep.display()
        );
    };
    let k = a.lines().zip(b.lines()).position(|(x, y)| x != y);
    panic!(
        "{what}: the CLI and HTTP differ ({} and {} bytes); first different line {:?}:\n cli: {:?}\nhttp: {:?}",
        cli.len(),
        http.len(),
        k.map(|k| k + 1),
        k.and_then(|k| a.lines().nth(k)),
        k.and_then(|k| b.lines().nth(k)),
    );
}

#[test]
fn the_redline_and_every_export_are_the_same_through_both_front_ends() {
    let data = tempdir("parity-redline");
    let c = Client::new(workbench("parity-redline", &[]));
    rt().block_on(async {
        for (format, lang, il) in [
            ("html", "eng", None),
            ("html", "rus", None),
            ("md", "eng", None),
            ("json", "eng", None),
            ("table", "rus", None),
            ("docx", "eng", None),
            ("table-docx", "rus", None),
            ("instructions", "eng", Some("eng")),
            ("instructions", "rus", Some("rus")),
        ] {
            let mut args = vec![
                "diff",
                "social-services",
                "social-services-amendments",
                "--format",
                format,
                "--lang",
                lang,
            ];
            let mut uri =
                format!("/api/v1/drafts/social-services-amendments/export?format={format}&lang={lang}");
            if let Some(il) = il {
                args.extend(["--instructions-lang", il]);
                uri.push_str(&format!("&instructions_lang={il}"));
            }
            let from_cli = cli(&data, &args);
            let r = c.get(&uri).await;
            assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text());
            assert!(!from_cli.is_empty(), "{format} {lang}");
            same(&format!("diff --format {format} --lang {lang}"), &from_cli, &r.bytes);
        }
    });
}

#[test]
fn the_report_is_the_same_through_both_front_ends() {
    let data = tempdir("parity-report");
    let c = Client::new(workbench("parity-report", &[]));
    rt().block_on(async {
        for (format, lang, work) in [
            ("md", "eng", None),
            ("md", "rus", None),
            ("html", "tuk", None),
            ("csv", "eng", None),
            ("md", "eng", Some("social-services")),
        ] {
            let mut args = vec!["report", "--format", format, "--lang", lang];
            let mut uri = format!("/api/v1/report?format={format}&lang={lang}");
            if let Some(w) = work {
                args.extend(["--work", w]);
                uri.push_str(&format!("&work={w}"));
            }
            let from_cli = cli(&data, &args);
            let r = c.get(&uri).await;
            assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text());
            assert!(from_cli.len() > 1_000, "a report of the 46 sample annotations: {}", from_cli.len());
            same(&format!("report --format {format} --lang {lang}"), &from_cli, &r.bytes);
        }
    });
}

/// An annotation is what the workbench makes of the input, whichever front end took it: the target narrowed to
/// the deepest part holding the quote, tags trimmed, the quote's selectors and the text's hash. Only the id and
/// the times, which are the moment's, differ.
#[test]
fn an_annotation_is_the_same_through_both_front_ends() {
    let data = tempdir("parity-annotate");
    let quote = "only with his or her written consent";
    let from_cli = cli(
        &data,
        &[
            "annotate",
            "add",
            "--work",
            "social-services",
            "--eid",
            "art_14",
            "--quote",
            quote,
            "--type",
            "gap",
            "--priority",
            "high",
            "--tag",
            " CRPD-19 ",
            "--tag",
            "placement",
            "--author",
            "A. Durdyyeva",
            "--body",
            "No periodic review of placements.",
            "--json",
        ],
    );
    let mut from_cli: Value = serde_json::from_slice(&from_cli).unwrap();
    let c = Client::new(workbench("parity-annotate", &[]));
    let mut from_http = rt().block_on(async {
        let mut c = c;
        c.refresh_csrf().await;
        let body = json!({
            "work": "social-services", "eid": "art_14", "quote": quote, "type": "gap", "priority": "high",
            "tags": [" CRPD-19 ", "placement"], "author": "A. Durdyyeva",
            "body": "No periodic review of placements."
        });
        let r = c.json(Method::POST, "/api/v1/annotations", &body, &[]).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let id = r.json()["id"].as_str().unwrap().to_string();
        // The stored annotation, as any client reads it back.
        c.get(&format!("/api/v1/annotations/{id}")).await.json()
    });
    assert_eq!(from_cli["target"]["eid"], "art_14__para_2", "narrowed to the part that holds the quote");
    for v in [&mut from_cli, &mut from_http] {
        let o = v.as_object_mut().unwrap();
        for moment in ["id", "created", "modified"] {
            assert!(o.remove(moment).is_some(), "{moment} in {o:?}");
        }
    }
    // The HTTP reading adds where the annotation is placed in the text shown; the annotation itself is the same.
    let stored: serde_json::Map<String, Value> = from_http
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| from_cli.get(k.as_str()).is_some())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    assert_eq!(Value::Object(stored), from_cli);
    assert_eq!(from_cli["tags"], json!(["CRPD-19", "placement"]));
}

/// What a provision cites and what cites it, the terms and the versions: the same values from `kanun refs|terms|
/// history --json` and from the API (the CLI prints them indented, the API compactly: compared as JSON).
#[test]
fn refs_terms_and_history_are_the_same_through_both_front_ends() {
    let data = tempdir("parity-legal");
    let c = Client::new(workbench("parity-legal", &[]));
    rt().block_on(async {
        for (args, uri) in [
            (
                vec!["refs", "social-protection-code", "art_23", "--lang", "rus"],
                "/api/v1/works/social-protection-code/refs/art_23?lang=rus",
            ),
            (vec!["refs", "social-services", "art_1"], "/api/v1/works/social-services/refs/art_1"),
            (
                vec!["terms", "social-services", "--lang", "tuk"],
                "/api/v1/works/social-services/terms?lang=tuk",
            ),
            (
                vec!["history", "social-services", "--lang", "rus"],
                "/api/v1/works/social-services/history?lang=rus",
            ),
        ] {
            let mut args = args.clone();
            args.push("--json");
            let from_cli: Value = serde_json::from_slice(&cli(&data, &args)).unwrap();
            let r = c.get(uri).await;
            assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text());
            assert_eq!(from_cli, r.json(), "kanun {args:?} and GET {uri}");
        }
        // Refused alike: a provision that is not there.
        let out = kanun(&["--data", data.to_str().unwrap(), "refs", "social-services", "art_999"]);
        let r = c.get("/api/v1/works/social-services/refs/art_999").await;
        assert_eq!((out.status.code(), r.status), (Some(1), StatusCode::NOT_FOUND));
        let message = r.json()["error"]["message"].as_str().unwrap().to_string();
        assert!(String::from_utf8_lossy(&out.stderr).contains(&message), "{message}");
    });
}

/// The list of works: `kanun laws --json` and `GET /api/v1/works` give the same catalog; after `kanun index` the
/// command line reads it from beside the index without parsing a file (shown by a file changed behind the
/// fingerprint's back: same size, same modification time, another title, and the stored title is listed).
#[test]
fn the_works_are_the_same_through_both_front_ends_and_come_from_the_catalog() {
    let data = tempdir("parity-works");
    let c = Client::new(workbench("parity-works", &[]));
    let from_cli: Value = serde_json::from_slice(&cli(&data, &["laws", "--json"])).unwrap();
    let from_http = rt().block_on(async { c.get("/api/v1/works").await.json() });
    assert_eq!(from_cli["works"], from_http["works"]);
    assert!(from_cli["works"].as_array().unwrap().len() >= 7);

    // A corpus of its own, indexed, then one file rewritten in place with the fingerprint kept.
    let corpus = data.join("corpus");
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/tm/social-work");
    std::fs::create_dir_all(corpus.join("tm/social-work")).unwrap();
    for f in std::fs::read_dir(&src).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, corpus.join("tm/social-work").join(f.file_name().unwrap())).unwrap();
    }
    let corpus_arg = corpus.to_str().unwrap();
    let index_data = data.join("indexed");
    cli(&index_data, &["--corpus", corpus_arg, "index"]);
    let file = std::fs::read_dir(corpus.join("tm/social-work"))
        .unwrap()
        .map(|f| f.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with("eng@"))
        .unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let title_line = text.lines().find(|l| l.starts_with("title = ")).unwrap().to_string();
    let old_title = title_line.trim_start_matches("title = ").trim_matches('"').to_string();
    let new_title: String = old_title.chars().map(|c| if c.is_ascii_lowercase() { 'x' } else { c }).collect();
    assert_eq!(new_title.len(), old_title.len());
    let mtime = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::fs::write(&file, text.replace(&old_title, &new_title)).unwrap();
    std::fs::File::options().write(true).open(&file).unwrap().set_modified(mtime).unwrap();
    let listed = String::from_utf8(cli(&index_data, &["--corpus", corpus_arg, "laws"])).unwrap();
    assert!(listed.contains(&old_title) && !listed.contains(&new_title), "from the catalog:\n{listed}");
    // Without the catalog (another data directory), the files are read.
    let listed = String::from_utf8(cli(&data.join("fresh"), &["--corpus", corpus_arg, "laws"])).unwrap();
    assert!(listed.contains(&new_title), "from the files:\n{listed}");
}

/// A search: `kanun search --json` and `GET /api/v1/search` give the same page (hits, snippets, facets, total).
#[test]
fn a_search_is_the_same_through_both_front_ends() {
    let data = tempdir("parity-search");
    let c = Client::new(workbench("parity-search", &[]));
    rt().block_on(async {
        for (q, extra, query) in [
            ("social worker", vec![], "q=social%20worker"),
            ("социальная услуга", vec!["--lang", "rus"], "q=%D1%81%D0%BE%D1%86%D0%B8%D0%B0%D0%BB%D1%8C%D0%BD%D0%B0%D1%8F%20%D1%83%D1%81%D0%BB%D1%83%D0%B3%D0%B0&lang=rus"),
            ("\"residential institution\" asof:2023-01-01", vec!["--limit", "5", "--page", "2"], "q=%22residential%20institution%22%20asof%3A2023-01-01&limit=5&page=2"),
        ] {
            let mut args = vec!["search", q, "--json"];
            args.extend(extra);
            let from_cli: Value = serde_json::from_slice(&cli(&data, &args)).unwrap();
            let r = c.get(&format!("/api/v1/search?{query}")).await;
            assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.text());
            assert!(from_cli["total"].as_u64().unwrap() > 0, "{q}: {from_cli}");
            assert_eq!(from_cli, r.json(), "kanun search {q:?} and GET /api/v1/search?{query}");
        }
    });
}
