//! Concurrent edits of one annotation through the HTTP API: revisions and `If-Match` mean no update is lost (a
//! stale edit is refused and retried, never silently overwritten), replies from many people all land, and readers
//! running meanwhile only ever see whole versions.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use axum::http::{Method, StatusCode, header};
use serde_json::{Value, json};

use crate::http::{Client, workbench};

const EDITORS: usize = 8;
const EDITS: usize = 25;
const READERS: usize = 4;

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(4).enable_all().build().unwrap()
}

/// What a reader checks of every version it sees: the body's edit lines, the edit tags and the revision agree
/// (each edit after revision `base` adds one of each and one revision), and the ETag is the revision.
fn check_whole(v: &Value, etag: Option<&str>, base: u64) -> u64 {
    let rev = v["revision"].as_u64().unwrap();
    assert_eq!(etag, Some(format!("\"{rev}\"").as_str()), "ETag and revision differ: {v}");
    let lines = v["body"].as_str().unwrap().lines().filter(|l| l.starts_with("- editor ")).count() as u64;
    let tags =
        v["tags"].as_array().unwrap().iter().filter(|t| t.as_str().unwrap().starts_with('k')).count() as u64;
    assert_eq!((lines, tags), (rev - base, rev - base), "a half-written version: {v}");
    rev
}

#[test]
fn concurrent_edits_lose_no_update_and_readers_see_only_whole_versions() {
    rt().block_on(async {
        let mut c = Client::new(workbench("concurrent-edits", &[]));
        c.refresh_csrf().await;
        let r = c
            .json(
                Method::POST,
                "/api/v1/annotations",
                &json!({"work": "social-services", "eid": "art_7", "type": "recommendation",
                        "body": "Edits by the working group:", "tags": ["start"]}),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let uri = format!("/api/v1/annotations/{}", r.json()["id"].as_str().unwrap());

        // Two people read revision 1 and both save: exactly one wins, the other is told it is stale.
        let (accept, reject) = (json!({"status": "accepted"}), json!({"status": "rejected"}));
        let (a, b) = tokio::join!(
            c.json(Method::PATCH, &uri, &accept, &[("if-match", "\"1\"")]),
            c.json(Method::PATCH, &uri, &reject, &[("if-match", "\"1\"")]),
        );
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::PRECONDITION_FAILED], "{} / {}", a.text(), b.text());
        let loser = if a.status == StatusCode::OK { &b } else { &a };
        assert_eq!(loser.code(), "stale");
        let winner = if a.status == StatusCode::OK { "accepted" } else { "rejected" };
        let now = c.get(&uri).await;
        assert_eq!((now.json()["status"].as_str().unwrap(), now.json()["revision"].as_u64()), (winner, Some(2)));
        let base = 2;

        // Editors read, change and save with If-Match; a stale save is read again and retried.
        let conflicts = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(AtomicUsize::new(0));
        let readers: Vec<_> = (0..READERS)
            .map(|_| {
                let (c, uri, stop, seen) = (c.clone(), uri.clone(), stop.clone(), seen.clone());
                tokio::spawn(async move {
                    let mut last = 0;
                    while !stop.load(Ordering::SeqCst) {
                        let r = c.get(&uri).await;
                        assert_eq!(r.status, StatusCode::OK);
                        let etag = r.headers.get(header::ETAG).map(|v| v.to_str().unwrap().to_string());
                        let rev = check_whole(&r.json(), etag.as_deref(), base);
                        // Versions only go forward.
                        assert!(rev >= last, "a reader went back from {last} to {rev}");
                        last = rev;
                        seen.fetch_add(1, Ordering::SeqCst);
                        tokio::task::yield_now().await;
                    }
                })
            })
            .collect();
        let editors: Vec<_> = (0..EDITORS)
            .map(|k| {
                let (c, uri, conflicts) = (c.clone(), uri.clone(), conflicts.clone());
                tokio::spawn(async move {
                    for j in 0..EDITS {
                        loop {
                            let r = c.get(&uri).await;
                            let v = r.json();
                            let rev = v["revision"].as_u64().unwrap();
                            let body = format!("{}\n- editor {k} edit {j}", v["body"].as_str().unwrap());
                            let mut tags: Vec<Value> = v["tags"].as_array().unwrap().clone();
                            tags.push(json!(format!("k{k}j{j}")));
                            let m = format!("\"{rev}\"");
                            let s = c
                                .json(Method::PATCH, &uri, &json!({"body": body, "tags": tags}), &[("if-match", &m)])
                                .await;
                            match s.status {
                                StatusCode::OK => break,
                                StatusCode::PRECONDITION_FAILED => {
                                    assert_eq!(s.code(), "stale");
                                    conflicts.fetch_add(1, Ordering::SeqCst);
                                }
                                other => panic!("edit refused with {other}: {}", s.text()),
                            }
                        }
                    }
                })
            })
            .collect();
        for e in editors {
            e.await.unwrap();
        }
        stop.store(true, Ordering::SeqCst);
        for r in readers {
            r.await.unwrap();
        }
        // Every edit is there, once, and each one made one revision.
        let v = c.get(&uri).await.json();
        let body = v["body"].as_str().unwrap();
        for k in 0..EDITORS {
            for j in 0..EDITS {
                let line = format!("- editor {k} edit {j}\n");
                assert_eq!(format!("{body}\n").matches(&line).count(), 1, "edit {k}/{j} lost or doubled");
                assert!(v["tags"].as_array().unwrap().contains(&json!(format!("k{k}j{j}"))));
            }
        }
        assert_eq!(v["revision"].as_u64().unwrap(), base + (EDITORS * EDITS) as u64);
        println!(
            "concurrency: {EDITORS} editors x {EDITS} edits of one annotation, {} stale saves refused and retried, \
             0 lost; {READERS} readers saw {} versions, all whole",
            conflicts.load(Ordering::SeqCst),
            seen.load(Ordering::SeqCst)
        );

        // Replies from everyone at once all land (the server retries a reply on a newer revision).
        let replies: Vec<_> = (0..EDITORS)
            .map(|k| {
                let (c, uri) = (c.clone(), uri.clone());
                tokio::spawn(async move {
                    for j in 0..10 {
                        loop {
                            let r = c
                                .json(Method::POST, &format!("{uri}/replies"), &json!({"body": format!("reply {k}/{j}")}), &[])
                                .await;
                            match r.status {
                                StatusCode::CREATED => break,
                                StatusCode::CONFLICT => continue,
                                other => panic!("reply refused with {other}: {}", r.text()),
                            }
                        }
                    }
                })
            })
            .collect();
        for r in replies {
            r.await.unwrap();
        }
        let v = c.get(&uri).await.json();
        let got: Vec<&str> = v["replies"].as_array().unwrap().iter().map(|r| r["body"].as_str().unwrap()).collect();
        assert_eq!(got.len(), EDITORS * 10, "replies lost");
        for k in 0..EDITORS {
            for j in 0..10 {
                assert!(got.contains(&format!("reply {k}/{j}").as_str()), "reply {k}/{j} lost");
            }
        }
    });
}
