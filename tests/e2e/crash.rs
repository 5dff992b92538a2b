//! Crash safety end to end: `kanun serve`, `kanun index` and `kanun annotations import` are killed with SIGKILL
//! at random moments, restarted, and checked: every write the server acknowledged is there and intact, a write in
//! flight at the kill is either wholly there or wholly absent, and the store and index open cleanly.
//!
//! The kill moments come from a seed printed by each test; `KANUN_CRASH_SEED=N` repeats a run, and
//! `KANUN_CRASH_ROUNDS=N` runs more rounds of the server test (20 by default).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kanun_model::annotation::{Annotation, AnnotationStatus, AnnotationType, Priority, Target};
use serde_json::json;

use crate::kanun;
use crate::wire::{Conn, Server, csrf, root, scratch};

/// SplitMix64: small, seeded, good enough to pick moments and operations.
pub struct Rng(pub u64);

impl Rng {
    pub fn seeded(name: &str) -> Rng {
        let seed = std::env::var("KANUN_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(7, |d| d.as_nanos() as u64)
        });
        println!("{name}: seed {seed} (KANUN_CRASH_SEED={seed} repeats it)");
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// What a client believes about one annotation.
#[derive(Debug, Clone, PartialEq)]
struct Version {
    revision: u64,
    body: String,
    tags: Vec<String>,
    deleted: bool,
    /// The bodies of the replies, in order.
    replies: Vec<String>,
}

impl Version {
    fn of(v: &serde_json::Value) -> Version {
        Version {
            revision: v["revision"].as_u64().unwrap_or(0),
            body: v["body"].as_str().unwrap_or_default().to_string(),
            tags: v["tags"]
                .as_array()
                .map(|t| t.iter().filter_map(|x| x.as_str().map(String::from)).collect())
                .unwrap_or_default(),
            deleted: v["deleted"].as_bool().unwrap_or(false),
            replies: v["replies"]
                .as_array()
                .map(|r| r.iter().filter_map(|x| x["body"].as_str().map(String::from)).collect())
                .unwrap_or_default(),
        }
    }

    fn of_stored(a: &Annotation) -> Version {
        Version {
            revision: a.revision,
            body: a.body.clone(),
            tags: a.tags.clone(),
            deleted: a.deleted,
            replies: a.replies.iter().map(|r| r.body.clone()).collect(),
        }
    }
}

/// One annotation a client made: the last version the server acknowledged, and the one in flight at a kill.
#[derive(Debug)]
struct Tracked {
    id: String,
    acked: Version,
    in_flight: Option<Version>,
    touched: bool,
}

/// One writer's log.
#[derive(Debug, Default)]
struct Writer {
    own: Vec<Tracked>,
    /// Bodies of creates that were in flight at a kill (the server may or may not have stored them).
    unacked_creates: Vec<String>,
    sent: usize,
    creates: usize,
    edits: usize,
    deletes: usize,
    replies: usize,
}

const WRITERS: usize = 16;
const WRITES_PER_WRITER: usize = 500;

/// Writes until the connection breaks (the kill) or the budget is spent. Every answer but success is a failure.
fn write_until_killed(port: u16, token: &str, w: &mut Writer, who: usize, seed: u64, acks: &AtomicUsize) {
    let mut rng = Rng(seed);
    let Ok(mut conn) = Conn::open(port) else { return };
    let author = format!("crash-writer-{who}");
    while w.sent < WRITES_PER_WRITER {
        w.sent += 1;
        let live: Vec<usize> = (0..w.own.len()).filter(|&i| !w.own[i].acked.deleted).collect();
        let roll = rng.below(100);
        if live.len() < 2 || roll < 60 {
            let n = w.sent;
            let body =
                format!("Writer {who} note {n}: the provider's duty in article 5 needs a deadline ({seed}).");
            let tags = vec![format!("w{who}"), format!("n{n}")];
            w.unacked_creates.push(body.clone());
            let req = json!({"work": "social-services", "eid": "art_5", "type": "gap", "body": body,
                             "tags": tags, "author": author});
            match conn.json("POST", "/api/v1/annotations", token, &[], &req) {
                Ok(r) => {
                    assert_eq!(r.status, 201, "create refused: {}", r.text());
                    let v = r.json();
                    let got = Version::of(&v);
                    assert_eq!((got.revision, &got.body, &got.tags), (1, &body, &tags), "the reply differs");
                    w.unacked_creates.pop();
                    let id = v["id"].as_str().unwrap().to_string();
                    w.own.push(Tracked { id, acked: got, in_flight: None, touched: true });
                    w.creates += 1;
                }
                Err(_) => return,
            }
        } else {
            let i = live[rng.below(live.len() as u64) as usize];
            let t = &mut w.own[i];
            let delete = roll >= 95;
            let reply = (80..95).contains(&roll);
            let mut next = t.acked.clone();
            next.revision += 1;
            let etag = format!("\"{}\"", t.acked.revision);
            let path = format!("/api/v1/annotations/{}", t.id);
            let sent = if reply {
                let text = format!("Reply {} by writer {who}: agreed, with a deadline of 30 days.", w.sent);
                next.replies.push(text.clone());
                t.in_flight = Some(next.clone());
                t.touched = true;
                conn.json("POST", &format!("{path}/replies"), token, &[], &json!({"body": text}))
            } else if delete {
                next.deleted = true;
                t.in_flight = Some(next.clone());
                t.touched = true;
                conn.json("DELETE", &path, token, &[("If-Match", &etag)], &json!({}))
            } else {
                next.body = format!("{} Edit {}.", t.acked.body, w.sent);
                next.tags.push(format!("e{}", w.sent));
                t.in_flight = Some(next.clone());
                t.touched = true;
                let req = json!({"body": next.body, "tags": next.tags});
                conn.json("PATCH", &path, token, &[("If-Match", &etag)], &req)
            };
            match sent {
                Ok(r) => {
                    let (what, status) = if reply {
                        ("reply", 201)
                    } else if delete {
                        ("delete", 200)
                    } else {
                        ("edit", 200)
                    };
                    assert_eq!(r.status, status, "{what} refused: {}", r.text());
                    assert_eq!(Version::of(&r.json()), next, "the answer differs from the {what}");
                    t.acked = next;
                    t.in_flight = None;
                    if reply {
                        w.replies += 1;
                    } else if delete {
                        w.deletes += 1;
                    } else {
                        w.edits += 1;
                    }
                }
                Err(_) => return,
            }
        }
        acks.fetch_add(1, Ordering::SeqCst);
    }
}

/// After a restart: every annotation touched since the last check is the acknowledged version, or the version
/// that was in flight (which then counts as acknowledged). Returns how many in-flight writes had landed.
fn verify_touched(port: u16, writers: &mut [Writer]) -> (usize, usize) {
    let mut conn = Conn::open(port).unwrap();
    let (mut landed, mut absent) = (0, 0);
    for w in writers.iter_mut() {
        for t in w.own.iter_mut().filter(|t| t.touched) {
            let r = conn.request("GET", &format!("/api/v1/annotations/{}", t.id), &[], b"").unwrap();
            assert_eq!(r.status, 200, "acknowledged annotation {} is missing: {}", t.id, r.text());
            assert_eq!(r.header("etag"), Some(format!("\"{}\"", Version::of(&r.json()).revision).as_str()));
            let stored = Version::of(&r.json());
            match t.in_flight.take() {
                Some(f) if stored == f => {
                    t.acked = f;
                    landed += 1;
                }
                Some(_) => {
                    assert_eq!(
                        stored, t.acked,
                        "annotation {}: neither the acknowledged nor the sent version",
                        t.id
                    );
                    absent += 1;
                }
                None => assert_eq!(stored, t.acked, "annotation {}: the acknowledged write was lost", t.id),
            }
            t.touched = false;
        }
    }
    (landed, absent)
}

#[test]
fn acknowledged_writes_survive_sigkill_of_the_server() {
    let rounds: usize = std::env::var("KANUN_CRASH_ROUNDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let mut rng = Rng::seeded("server kill rounds");
    let scratch = scratch("crash-serve");
    let data = scratch.join("data");
    let mut writers: Vec<Writer> = (0..WRITERS).map(|_| Writer::default()).collect();
    let (mut landed, mut absent, mut kills_mid_write) = (0, 0, 0);
    let started = Instant::now();
    for round in 0..rounds {
        let mut server = Server::start(&data, &[]);
        let (l, a) = verify_touched(server.port, &mut writers);
        (landed, absent) = (landed + l, absent + a);
        // The index opened cleanly and answers.
        let r =
            Conn::open(server.port).unwrap().request("GET", "/api/v1/search?q=provider", &[], b"").unwrap();
        assert_eq!(r.status, 200, "search after restart: {}", r.text());
        let token = csrf(server.port).unwrap();
        // Kill after a random number of acknowledged writes (0 = at once), then a random few milliseconds more.
        let target = rng.below(400) as usize;
        let jitter = Duration::from_micros(rng.below(3_000));
        let acks = Arc::new(AtomicUsize::new(0));
        let shared: Vec<Arc<Mutex<Writer>>> = writers.drain(..).map(|w| Arc::new(Mutex::new(w))).collect();
        let handles: Vec<_> = shared
            .iter()
            .enumerate()
            .map(|(who, w)| {
                let (w, acks, token, port) = (w.clone(), acks.clone(), token.clone(), server.port);
                let seed = rng.next();
                std::thread::spawn(move || {
                    write_until_killed(port, &token, &mut w.lock().unwrap(), who, seed, &acks)
                })
            })
            .collect();
        let busy = kill_after_acks(&mut server, handles, &acks, target, jitter);
        kills_mid_write += usize::from(busy);
        writers = shared.into_iter().map(|w| Arc::try_unwrap(w).unwrap().into_inner().unwrap()).collect();
        let total: usize = writers.iter().map(|w| w.creates + w.edits + w.deletes + w.replies).sum();
        println!(
            "round {round}: killed after {} acknowledged writes in the round ({total} in all)",
            acks.load(Ordering::SeqCst)
        );
    }
    // A last start checks the last round; then the store itself is read: every annotation of the writers is one
    // they were told about or a create in flight at a kill, and the indexes agree with the records.
    let server = Server::start(&data, &[]);
    let (l, a) = verify_touched(server.port, &mut writers);
    (landed, absent) = (landed + l, absent + a);
    drop(server);
    let store = kanun_store::AnnotationStore::open(&data.join("store")).unwrap();
    assert_eq!(store.check_indexes().unwrap(), Vec::<String>::new(), "indexes disagree with the records");
    let mut adopted = 0;
    for (who, w) in writers.iter().enumerate() {
        let f = kanun_store::Filter {
            author: Some(format!("crash-writer-{who}")),
            include_deleted: true,
            ..kanun_store::Filter::default()
        };
        let stored: BTreeMap<String, Annotation> =
            store.list(&f).unwrap().into_iter().map(|a| (a.id.clone(), a)).collect();
        for t in &w.own {
            let a = stored.get(&t.id).unwrap_or_else(|| panic!("acknowledged annotation {} lost", t.id));
            assert_eq!(
                Version::of_stored(a),
                t.acked,
                "annotation {} differs from its acknowledged version",
                t.id
            );
        }
        for (id, a) in &stored {
            if !w.own.iter().any(|t| &t.id == id) {
                assert!(
                    w.unacked_creates.contains(&a.body) && a.revision == 1,
                    "annotation {id} was never sent by writer {who}: {a:?}"
                );
                adopted += 1;
            }
        }
    }
    let acked: usize = writers.iter().map(|w| w.creates + w.edits + w.deletes + w.replies).sum();
    let (c, e, d, rp) = writers
        .iter()
        .fold((0, 0, 0, 0), |s, w| (s.0 + w.creates, s.1 + w.edits, s.2 + w.deletes, s.3 + w.replies));
    let unacked_creates: usize = writers.iter().map(|w| w.unacked_creates.len()).sum();
    println!(
        "crash safety: {rounds} SIGKILL rounds ({kills_mid_write} with writes in flight), {acked} acknowledged writes \
         ({c} creates, {e} edits, {rp} replies, {d} deletes) by {WRITERS} writers, 0 lost; writes in flight at a \
         kill: {} edits or replies \
         and {adopted} creates landed whole, {absent} edits and {} creates absent whole; in {:.1} s",
        landed,
        unacked_creates - adopted,
        started.elapsed().as_secs_f64()
    );
    assert!(
        rounds < 20 || kills_mid_write >= rounds / 2,
        "too few kills hit writes in flight: {kills_mid_write}"
    );
    assert!(rounds < 20 || acked >= 1_000, "too few writes to mean anything: {acked}");
    assert!(rounds < 20 || rp >= 100, "too few replies to mean anything: {rp}");
}

/// Runs `kanun ARGS` and kills it after `after`; true if it was still running then.
/// Lets the writers run until `target` writes are acknowledged (or they stop, or a minute passes), waits `jitter`
/// more, kills the server and joins the writers. Whether the kill came while a writer was still writing.
fn kill_after_acks(
    server: &mut Server,
    writers: Vec<std::thread::JoinHandle<()>>,
    acks: &AtomicUsize,
    target: usize,
    jitter: Duration,
) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    while acks.load(Ordering::SeqCst) < target
        && !writers.iter().all(|h| h.is_finished())
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_micros(200));
    }
    std::thread::sleep(jitter);
    let busy = !writers.iter().all(|h| h.is_finished());
    server.kill();
    for h in writers {
        if let Err(e) = h.join() {
            std::panic::resume_unwind(e);
        }
    }
    busy
}

fn kill_after(args: &[&str], after: Duration) -> bool {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kanun"))
        .args(args)
        .current_dir(root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let end = Instant::now() + after;
    while Instant::now() < end {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.kill();
    let _ = child.wait();
    true
}

fn ok(args: &[&str]) -> String {
    let out = kanun(args);
    assert!(out.status.success(), "kanun {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The totals of a few searches, as `kanun search --json` gives them.
fn totals(corpus: &Path, data: &Path) -> Vec<u64> {
    ["provider", "\"social services\"", "duty OR right", "article*"]
        .iter()
        .map(|q| {
            let out = ok(&[
                "--corpus",
                corpus.to_str().unwrap(),
                "--data",
                data.to_str().unwrap(),
                "search",
                q,
                "--json",
            ]);
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            v["total"].as_u64().unwrap()
        })
        .collect()
}

#[test]
fn a_killed_index_run_leaves_an_index_that_opens_and_the_next_run_completes() {
    let mut rng = Rng::seeded("index kill rounds");
    let dir = scratch("crash-index");
    // Two corpora that differ in every work, so each run has the whole index to rewrite.
    let corpora: Vec<_> = ["1", "2"]
        .iter()
        .map(|seed| {
            let c = dir.join(format!("corpus-{seed}"));
            ok(&[
                "gen-corpus",
                "--articles",
                "12000",
                "--seed",
                seed,
                "--vocabulary",
                "5000",
                "--out",
                c.to_str().unwrap(),
            ]);
            c
        })
        .collect();
    // What a clean index answers, and how long a full run takes: the shorter of the two clean runs (the other
    // tests share the machine, and a run slowed by them would set kill moments after most runs have ended).
    let mut reference = Vec::new();
    let mut full = Duration::MAX;
    for (i, c) in corpora.iter().enumerate() {
        let clean = dir.join(format!("clean-{i}"));
        let t = Instant::now();
        ok(&["--corpus", c.to_str().unwrap(), "--data", clean.to_str().unwrap(), "index"]);
        full = full.min(t.elapsed());
        reference.push(totals(c, &clean));
    }
    let data = dir.join("data");
    let rounds = 8;
    let mut killed = 0;
    for round in 0..rounds {
        let c = &corpora[round % 2];
        // Within the first three quarters of a run: a kill then lands in it even when this run is quicker.
        let at = Duration::from_millis(rng.below(full.as_millis() as u64 * 3 / 4 + 1));
        let args = ["--corpus", c.to_str().unwrap(), "--data", data.to_str().unwrap(), "index"];
        killed += usize::from(kill_after(&args, at));
        // The index opens; a complete run brings it in line; it answers as a clean index does.
        ok(&args);
        assert_eq!(
            totals(c, &data),
            reference[round % 2],
            "round {round}: the recovered index answers differently"
        );
    }
    println!(
        "index crash safety: {rounds} rounds, {killed} killed mid-run (full run {} ms), 0 differences",
        full.as_millis()
    );
    assert!(killed >= rounds / 2, "too few kills landed during a run: {killed}");
}

fn annotation(i: usize) -> Annotation {
    let expression: kanun_model::ExpressionId =
        "/akn/tm/act/2021-12-18/social-services/eng@2021-12-18".parse().unwrap();
    let eid = format!("art_{}", 1 + i % 30);
    Annotation {
        id: format!("import-{i:06}"),
        target: Target {
            work: expression.work.clone(),
            expression,
            wid: eid.clone(),
            eid,
            quote: None,
            position: None,
            content_hash: None,
        },
        kind: AnnotationType::Comment,
        status: AnnotationStatus::Open,
        priority: Priority::Medium,
        tags: vec![format!("batch{}", i % 7)],
        author: format!("reviewer{}", i % 5),
        created: "2026-11-01T10:00:00Z".into(),
        modified: "2026-11-01T10:00:00Z".into(),
        revision: 1 + (i % 3) as u64,
        body: format!(
            "Imported note {i}: the article leaves the deadline open. {}",
            "Context. ".repeat(i % 9)
        ),
        replies: vec![],
        links: vec![],
        deleted: i % 11 == 0,
    }
}

#[test]
fn a_killed_annotations_import_keeps_whole_annotations_and_the_rerun_completes() {
    let mut rng = Rng::seeded("import kill rounds");
    let dir = scratch("crash-import");
    let all: Vec<Annotation> = (0..20_000).map(annotation).collect();
    let file = dir.join("big.jsonl");
    std::fs::write(&file, kanun_store::jsonl::encode(&all)).unwrap();
    let by_id: BTreeMap<&str, &Annotation> = all.iter().map(|a| (a.id.as_str(), a)).collect();
    // How long a whole import takes.
    let probe = dir.join("probe");
    let t = Instant::now();
    ok(&[
        "--data",
        probe.to_str().unwrap(),
        "--annotations",
        dir.join("none").to_str().unwrap(),
        "annotations",
        "import",
        file.to_str().unwrap(),
    ]);
    let full = t.elapsed();
    let rounds = 5;
    let mut killed = 0;
    let mut partial = Vec::new();
    for round in 0..rounds {
        let data = dir.join(format!("data-{round}"));
        let args = [
            "--data",
            data.to_str().unwrap(),
            "--annotations",
            "none",
            "annotations",
            "import",
            file.to_str().unwrap(),
        ];
        let at = Duration::from_millis(rng.below(full.as_millis() as u64 + 1));
        killed += usize::from(kill_after(&args, at));
        // Whatever the kill left: the store opens, every record is whole and equal to its line, indexes agree.
        let store = kanun_store::AnnotationStore::open(&data.join("store")).unwrap();
        let got = store
            .list(&kanun_store::Filter { include_deleted: true, ..kanun_store::Filter::default() })
            .unwrap();
        for a in &got {
            assert_eq!(
                Some(&a),
                by_id.get(a.id.as_str()),
                "round {round}: a stored annotation differs from its line"
            );
        }
        assert_eq!(store.check_indexes().unwrap(), Vec::<String>::new());
        partial.push(got.len());
        drop(store);
        // The import run again completes: all there, the ones already stored counted unchanged.
        let out = ok(&args);
        let added: usize = out.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap();
        assert_eq!(added, all.len() - got.len(), "{out}");
        let store = kanun_store::AnnotationStore::open(&data.join("store")).unwrap();
        assert_eq!(
            store
                .list(&kanun_store::Filter { include_deleted: true, ..kanun_store::Filter::default() })
                .unwrap()
                .len(),
            all.len()
        );
    }
    println!(
        "import crash safety: {rounds} rounds of {} annotations, {killed} killed mid-run (full run {} ms), stored at the kill: {partial:?}",
        all.len(),
        full.as_millis()
    );
    assert!(killed >= rounds / 2, "too few kills landed during an import: {killed}");
}

/// What the draft writers were told: (draft, revision) → the justification of that save, and the saves in flight
/// at a kill (which may or may not have landed).
#[derive(Debug, Default)]
struct DraftLog {
    acked: BTreeMap<(String, u64), String>,
    in_flight: Vec<(String, String)>,
    stale: usize,
}

const DRAFTS: [&str; 2] = ["crash-a", "crash-b"];

/// Saves to `draft` until the connection breaks (the kill) or `budget` saves are acknowledged; a stale save
/// (the other writer of the draft saved first) is made again on the revision the server names.
fn save_until_killed(
    port: u16,
    token: &str,
    draft: &str,
    who: usize,
    budget: usize,
    log: &Mutex<DraftLog>,
    acks: &AtomicUsize,
) {
    let Ok(mut conn) = Conn::open(port) else { return };
    let Ok(r) = conn.request("GET", &format!("/api/v1/editor/{draft}/revisions"), &[], b"") else { return };
    let mut rev = r.json()["revisions"].as_array().map_or(0, |l| l.len() as u64);
    let mut done = 0;
    while done < budget {
        let why = format!("{draft} w{who} s{done} r{rev}");
        let step = json!({"op": "edit", "eid": "art_14__para_2", "language": "eng",
                          "intro": [format!("Wording of {why}.")], "justification": why});
        log.lock().unwrap().in_flight.push((draft.to_string(), why.clone()));
        let etag = format!("\"{rev}\"");
        let sent = conn.json(
            "POST",
            &format!("/api/v1/editor/{draft}/changes"),
            token,
            &[("If-Match", &etag)],
            &step,
        );
        let Ok(r) = sent else { return };
        let mut l = log.lock().unwrap();
        l.in_flight.retain(|(d, j)| !(d == draft && *j == why));
        match r.status {
            200 => {
                let new: u64 = r.header("etag").unwrap_or_default().trim_matches('"').parse().unwrap();
                assert_eq!(new, rev + 1, "{draft}: a save on {rev} became {new}");
                l.acked.insert((draft.to_string(), new), why);
                rev = new;
                done += 1;
                acks.fetch_add(1, Ordering::SeqCst);
            }
            412 => {
                let theirs = r.json()["error"]["theirs"].as_array().cloned().unwrap_or_default();
                rev = theirs.iter().filter_map(|t| t["revision"].as_u64()).max().unwrap_or(rev);
                l.stale += 1;
            }
            s => panic!("{draft}: save refused ({s}): {}", r.text()),
        }
    }
}

/// After a restart: every acknowledged save of each draft is its revision, with its justification; revisions
/// run from 1 without a gap; a save in flight at the kill is there whole or not at all.
fn verify_drafts(port: u16, log: &mut DraftLog) -> usize {
    let mut landed = 0;
    let mut conn = Conn::open(port).unwrap();
    for d in DRAFTS {
        let r = conn.request("GET", &format!("/api/v1/editor/{d}/revisions"), &[], b"").unwrap();
        if r.status == 404 {
            assert!(!log.acked.keys().any(|(x, _)| x == d), "draft {d} lost");
            continue;
        }
        let revs = r.json()["revisions"].as_array().cloned().unwrap();
        for (i, v) in revs.iter().enumerate() {
            assert_eq!(v["revision"].as_u64(), Some(i as u64 + 1), "{d}: revisions out of order: {revs:?}");
        }
        let stored: BTreeMap<u64, String> = revs
            .iter()
            .filter_map(|v| {
                Some((v["revision"].as_u64()?, v["justification"].as_str().unwrap_or_default().to_string()))
            })
            .collect();
        for ((x, rev), why) in &log.acked {
            if x == d {
                assert_eq!(stored.get(rev), Some(why), "{d}: acknowledged revision {rev} lost or changed");
            }
        }
        for (rev, why) in &stored {
            if !log.acked.contains_key(&(d.to_string(), *rev)) {
                let pos = log.in_flight.iter().position(|(x, j)| x == d && j == why);
                let pos = pos.unwrap_or_else(|| panic!("{d}: revision {rev} ({why}) was never sent"));
                log.in_flight.remove(pos);
                log.acked.insert((d.to_string(), *rev), why.clone());
                landed += 1;
            }
        }
        let head = conn.request("GET", &format!("/api/v1/editor/{d}"), &[], b"").unwrap();
        assert_eq!(
            head.header("etag").map(|e| e.trim_matches('"').to_string()),
            Some(revs.len().to_string())
        );
    }
    log.in_flight.clear();
    landed
}

#[test]
fn acknowledged_draft_saves_survive_sigkill_of_the_server() {
    let rounds: usize =
        std::env::var("KANUN_CRASH_ROUNDS").ok().and_then(|s| s.parse().ok()).unwrap_or(10).max(10);
    let mut rng = Rng::seeded("draft kill rounds");
    let scratch = scratch("crash-drafts");
    let data = scratch.join("data");
    let log = Arc::new(Mutex::new(DraftLog::default()));
    let (mut landed, mut kills_mid_save) = (0, 0);
    for round in 0..rounds {
        let mut server = Server::start(&data, &[]);
        landed += verify_drafts(server.port, &mut log.lock().unwrap());
        let token = csrf(server.port).unwrap();
        if round == 0 {
            let mut c = Conn::open(server.port).unwrap();
            for d in DRAFTS {
                let r = c
                    .json(
                        "POST",
                        "/api/v1/editor",
                        &token,
                        &[],
                        &json!({"name": d, "law": "social-services"}),
                    )
                    .unwrap();
                assert_eq!(r.status, 201, "{}", r.text());
                log.lock().unwrap().acked.insert((d.to_string(), 1), String::new());
            }
        }
        let target = rng.below(30) as usize;
        let jitter = Duration::from_micros(rng.below(20_000));
        let acks = Arc::new(AtomicUsize::new(0));
        let handles: Vec<_> = (0..4)
            .map(|who| {
                let (log, acks, token, port) = (log.clone(), acks.clone(), token.clone(), server.port);
                std::thread::spawn(move || {
                    save_until_killed(port, &token, DRAFTS[who % 2], who, 60, &log, &acks)
                })
            })
            .collect();
        let busy = kill_after_acks(&mut server, handles, &acks, target, jitter);
        kills_mid_save += usize::from(busy);
        println!("round {round}: killed after {} acknowledged saves", acks.load(Ordering::SeqCst));
    }
    let server = Server::start(&data, &[]);
    landed += verify_drafts(server.port, &mut log.lock().unwrap());
    drop(server);
    // The store itself: each draft's state is its latest revision's text, as made again from its revisions.
    let store = kanun_store::AnnotationStore::open(&data.join("store")).unwrap();
    for d in DRAFTS {
        let (head, now) = kanun_workbench::editor::current(&store, d).unwrap();
        assert_eq!(
            kanun_workbench::editor::at(&store, d, head.revision).unwrap(),
            now,
            "{d}: state and revisions disagree"
        );
    }
    let l = log.lock().unwrap();
    println!(
        "draft crash safety: {rounds} SIGKILL rounds ({kills_mid_save} with saves in flight), {} acknowledged saves, \
         0 lost; {landed} saves in flight at a kill landed whole; {} stale saves refused and made again",
        l.acked.len(),
        l.stale
    );
    assert!(kills_mid_save >= rounds / 2, "too few kills hit saves in flight: {kills_mid_save}");
    assert!(l.acked.len() >= 50, "too few saves to mean anything: {}", l.acked.len());
}
