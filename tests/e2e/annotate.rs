//! Annotations through the command line: add on a quoted span, list, show with its anchor, reply, status with a
//! stale revision refused, tags, delete as a tombstone, bad input, and the review report on the sample review.

use std::path::Path;

use crate::bad_inputs::tempdir;
use crate::kanun;

fn run(data: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--data", data.to_str().unwrap(), "--annotations", "/nonexistent"];
    all.extend_from_slice(args);
    let out = kanun(&all);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_annotation_workflow() {
    let data = tempdir("annotate");
    let (code, id, err) = run(
        &data,
        &[
            "annotate",
            "add",
            "--work",
            "social-services",
            "--eid",
            "art_14__para_2",
            "--type",
            "gap",
            "--priority",
            "high",
            "--tag",
            "CRPD-19",
            "--author",
            "M. Keller",
            "--quote",
            "only with his or her written consent",
            "--body",
            "No periodic **review** of placements.",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let id = id.trim().to_string();
    let (_, list, _) = run(&data, &["annotate", "list", "--tag", "CRPD-19"]);
    assert!(
        list.contains(&id)
            && list.contains("«only with his or her written consent»")
            && list.contains("1 annotations"),
        "{list}"
    );
    let (_, show, _) = run(&data, &["annotate", "show", &id]);
    assert!(show.contains("[exact]") && show.contains("Article 14. Residential care"), "{show}");
    let (code, _, _) = run(&data, &["annotate", "reply", &id, "--author", "I. Petrov", "--body", "Agreed."]);
    assert_eq!(code, 0);
    // The annotation is at revision 2 now: a change based on revision 1 is refused.
    let (code, _, err) = run(&data, &["annotate", "set-status", &id, "accepted", "--revision", "1"]);
    assert_eq!(code, 1);
    assert!(err.contains("has changed since revision 1") && err.contains("revision 2"), "{err}");
    let (code, out, _) = run(&data, &["annotate", "set-status", &id, "accepted", "--revision", "2"]);
    assert_eq!(code, 0);
    assert!(out.contains("is accepted (revision 3)"), "{out}");
    let (_, out, _) = run(&data, &["annotate", "tag", &id, "--add", "licensing", "--remove", "CRPD-19"]);
    assert!(out.contains("tags: licensing"), "{out}");
    let (_, out, _) = run(&data, &["annotate", "delete", &id]);
    assert!(out.contains("tombstone"), "{out}");
    let (_, list, _) = run(&data, &["annotate", "list"]);
    assert!(list.contains("0 annotations"), "{list}");
    let (_, list, _) = run(&data, &["annotate", "list", "--all"]);
    assert!(list.contains("[deleted]"), "{list}");
    std::fs::remove_dir_all(data).ok();
}

#[test]
fn bad_annotation_input_is_explained() {
    let data = tempdir("annotate-bad");
    let add = |eid: &str, quote: &str, body: &str| {
        run(
            &data,
            &[
                "annotate",
                "add",
                "--work",
                "social-services",
                "--eid",
                eid,
                "--author",
                "x",
                "--quote",
                quote,
                "--body",
                body,
            ],
        )
    };
    let (code, _, err) = add("art_99", "x", "b");
    assert_eq!(code, 1);
    assert!(err.contains("no provision \"art_99\"") && err.contains("kanun show"), "{err}");
    let (code, _, err) = add("art_14", "words that are not there", "b");
    assert_eq!(code, 1);
    assert!(err.contains("is not in art_14"), "{err}");
    let (code, _, err) = add("art_14", "written consent", &"x".repeat(20_001));
    assert_eq!(code, 1);
    assert!(err.contains("limit"), "{err}");
    let (code, _, err) = run(
        &data,
        &[
            "annotate",
            "add",
            "--work",
            "social-services",
            "--eid",
            "art_14",
            "--author",
            "x",
            "--body",
            "b",
            "--type",
            "praise",
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("unknown annotationtype \"praise\"") && err.contains("recommendation"), "{err}");
    let (code, _, err) = run(&data, &["annotate", "show", "no-such-id"]);
    assert_eq!(code, 1);
    assert!(err.contains("no annotation no-such-id"), "{err}");
    std::fs::remove_dir_all(data).ok();
}

#[test]
fn the_report_on_the_sample_review() {
    let data = tempdir("report");
    let out = kanun(&["--data", data.to_str().unwrap(), "report", "--format", "md"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("imported 46 annotations"));
    assert!(md.contains("Annotations: 46."), "{md}");
    for law in [
        "## On Social Services",
        "## On State Guarantees of the Rights of the Child",
        "## On Guardianship and Trusteeship",
    ] {
        assert!(md.contains(law), "{law}");
    }
    assert!(md.contains("### Article 14. Residential care"));
    // Made on the 2022 text, re-anchored on the 2024 one: "ten working days" became "seven".
    assert!(md.contains("«within ten working days after the application» [text-changed]"), "{md}");
    // The article on state supervision was repealed in 2024: its annotation is orphaned, and listed.
    let orphans = md.split("## Orphaned annotations").nth(1).unwrap();
    assert!(
        orphans.contains("art_29") && orphans.contains("scheduled and unscheduled inspections"),
        "{orphans}"
    );
    assert!(md.contains("| CRPD-19 |"), "the matrix of tags by law");
    assert!(md.contains("1 accepted, 1 implemented"), "counts by status");
    let csv = kanun(&["--data", data.to_str().unwrap(), "report", "--format", "csv"]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert_eq!(csv.lines().count(), 47, "a header and one row per annotation");
    let html = kanun(&["--data", data.to_str().unwrap(), "report", "--format", "html"]);
    let html = String::from_utf8(html.stdout).unwrap();
    assert!(
        html.starts_with("<!doctype html>") && html.contains("<strong>deinstitutionalisation plan</strong>"),
        "bodies are rendered Markdown"
    );
    // In Russian: its headings and the names of types, statuses and priorities; a language it is not written in
    // is refused with the ones it is.
    let ru = kanun(&["--data", data.to_str().unwrap(), "report", "--format", "md", "--lang", "rus"]);
    let ru = String::from_utf8(ru.stdout).unwrap();
    assert!(
        ru.starts_with("# Отчёт об экспертизе")
            && ru.contains("## Аннотации, не найденные в действующем тексте"),
        "{ru}"
    );
    assert!(ru.contains("**рекомендация** (открыта, приоритет: "), "{ru}");
    let bad = kanun(&["--data", data.to_str().unwrap(), "report", "--lang", "xx"]);
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("eng, rus or tuk"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    std::fs::remove_dir_all(data).ok();
}

#[test]
fn annotations_are_searchable_with_kind_annotation() {
    let data = tempdir("annotation-search");
    let search = |q: &str| {
        let out = kanun(&["--data", data.to_str().unwrap(), "search", "--json", q]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let r = search("deinstitutionalisation kind:annotation");
    assert_eq!(r["total"], 1, "{r:#}");
    assert_eq!(r["hits"][0]["kind"], "annotation");
    assert_eq!(r["hits"][0]["eid"], "art_4__point_3");
    // Russian annotation bodies are analysed as Russian.
    let r = search("межведомственного kind:annotation lang:rus");
    assert_eq!(r["total"], 1, "{r:#}");
    // Law searches leave annotations out.
    let r = search("deinstitutionalisation");
    assert_eq!(r["total"], 0, "{r:#}");
    std::fs::remove_dir_all(data).ok();
}

/// The command line and the API make an annotation by the same rules (`kanun-workbench`): the same quote gives the
/// same target, narrowed to the part that holds it, the same selectors and hash, the same trimmed tags; both refuse
/// an empty note and a quote that is not in the provision.
#[test]
fn the_command_line_and_the_api_make_the_same_annotation() {
    use axum::http::{Method, StatusCode};
    use serde_json::{Value, json};
    let data = tempdir("same-annotation");
    let d = data.to_str().unwrap();
    let add = |extra: &[&str]| {
        let mut args = vec!["--data", d, "annotate", "add", "--work", "social-services", "--eid", "art_14"];
        args.extend_from_slice(extra);
        kanun(&args)
    };
    let out = add(&[
        "--quote",
        "written consent",
        "--tag",
        " consent ",
        "--tag",
        "review",
        "--author",
        "A. Expert",
        "--body",
        "Same note",
        "--json",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut http = crate::http::Client::new(crate::http::workbench("same-annotation-http", &[]));
    let api = tokio::runtime::Runtime::new().unwrap().block_on(async {
        http.refresh_csrf().await;
        let r = http
            .json(
                Method::POST,
                "/api/v1/annotations",
                &json!({"work": "social-services", "eid": "art_14", "quote": "written consent", "tags": [" consent ", "review"], "author": "A. Expert", "body": "Same note"}),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let mut v = r.json();
        let empty = http.json(Method::POST, "/api/v1/annotations", &json!({"work": "social-services", "eid": "art_14", "body": "  "}), &[]).await;
        assert_eq!(empty.status, StatusCode::BAD_REQUEST);
        let missing = http.json(Method::POST, "/api/v1/annotations", &json!({"work": "social-services", "eid": "art_14", "quote": "not there", "body": "x"}), &[]).await;
        assert_eq!(missing.status, StatusCode::CONFLICT);
        for k in ["body_html", "anchor"] {
            v.as_object_mut().unwrap().remove(k);
        }
        v
    });
    assert_eq!(cli["target"]["eid"], "art_14__para_2", "narrowed to the part: {}", cli["target"]);
    for key in ["target", "type", "status", "priority", "tags", "author", "body", "revision"] {
        assert_eq!(cli[key], api[key], "{key} differs between the command line and the API");
    }
    assert_eq!(cli["tags"], json!(["consent", "review"]));
    let empty = add(&["--author", "A", "--body", "   "]);
    assert!(!empty.status.success() && String::from_utf8_lossy(&empty.stderr).contains("the body is empty"));
    let missing = add(&["--author", "A", "--body", "x", "--quote", "not there"]);
    assert!(
        !missing.status.success() && String::from_utf8_lossy(&missing.stderr).contains("is not in art_14")
    );
    // Replies by the same rules: an empty one is refused by both; a real one is added to the thread.
    let id = cli["id"].as_str().unwrap();
    let reply = |body: &str| kanun(&["--data", d, "annotate", "reply", id, "--author", "B", "--body", body]);
    let empty = reply("  ");
    assert!(!empty.status.success() && String::from_utf8_lossy(&empty.stderr).contains("the reply is empty"));
    assert!(reply("Agreed").status.success());
    let shown = kanun(&["--data", d, "annotate", "show", id, "--json"]);
    let shown: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(shown["annotation"]["replies"][0]["body"], "Agreed", "{shown}");
    std::fs::remove_dir_all(data).ok();
}
