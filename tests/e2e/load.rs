//! A bounded load test on loopback: `kanun serve` (the test build) on the bundled corpus, clients mixing searches,
//! annotation reads and annotation writes for 60 s (`KANUN_LOAD_SECONDS` changes it). It asserts no errors and
//! bounded memory, and prints the latency percentiles per kind of request (BENCHMARKS.md quotes a run).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::crash::Rng;
use crate::wire::{Conn, Server, csrf, scratch};

const CLIENTS: usize = 16;

/// How much the server's resident memory may grow between the end of the warm-up and the end of the run.
const GROWTH_BOUND_KB: u64 = 96 * 1024;

const QUERIES: &[&str] = &[
    "provider",
    "social%20services",
    "%22social%20worker%22",
    "licens*",
    "%D1%81%D0%BE%D1%86%D0%B8%D0%B0%D0%BB%D1%8C%D0%BD%D0%B0%D1%8F%20%D1%83%D1%81%D0%BB%D1%83%D0%B3%D0%B0&lang=rus",
    "hyzmat",
    "guardian%20OR%20custody",
    "disability%20-repealed",
    "complaint%20law:social-services",
    "benefit~",
    "note%20kind:annotation",
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[test]
fn sixty_seconds_of_mixed_load_without_errors_or_memory_growth() {
    let seconds: u64 = std::env::var("KANUN_LOAD_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let scratch = scratch("load");
    let data = scratch.join("data");
    let server = Server::start(&data, &[]);
    let port = server.port;
    let token = csrf(port).unwrap();
    let mut rng = Rng::seeded("load");
    let start = Instant::now();
    let end = start + Duration::from_secs(seconds);
    let warm = start + Duration::from_secs(seconds / 6);
    let handles: Vec<_> = (0..CLIENTS)
        .map(|who| {
            let (token, seed) = (token.clone(), rng.next());
            std::thread::spawn(move || {
                let mut rng = Rng(seed);
                let mut conn = Conn::open(port).unwrap();
                let mut times: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
                let mut errors = Vec::new();
                let mut mine: Vec<(String, u64)> = Vec::new();
                while Instant::now() < end {
                    let roll = rng.below(100);
                    let t = Instant::now();
                    let (kind, r) = if roll < 50 {
                        let q = QUERIES[rng.below(QUERIES.len() as u64) as usize];
                        let kind = if q.contains("kind:annotation") { "search annotations" } else { "search laws" };
                        (kind, conn.request("GET", &format!("/api/v1/search?q={q}"), &[], b""))
                    } else if roll < 65 || mine.is_empty() && roll < 80 {
                        let eid = format!("art_{}", 1 + rng.below(20));
                        let path = format!("/api/v1/annotations?work=social-services&eid={eid}");
                        ("list", conn.request("GET", &path, &[], b""))
                    } else if roll < 80 {
                        let (id, _) = &mine[rng.below(mine.len() as u64) as usize];
                        ("read", conn.request("GET", &format!("/api/v1/annotations/{id}"), &[], b""))
                    } else if roll < 92 || mine.is_empty() {
                        let body = json!({"work": "social-services", "eid": format!("art_{}", 1 + rng.below(20)),
                                          "type": "comment", "body": format!("Load client {who}: a note."),
                                          "tags": [format!("load{who}")]});
                        let r = conn.json("POST", "/api/v1/annotations", &token, &[], &body);
                        if let Ok(r) = &r
                            && r.status == 201
                        {
                            let v = r.json();
                            mine.push((v["id"].as_str().unwrap().to_string(), 1));
                        }
                        ("create", r)
                    } else {
                        let i = rng.below(mine.len() as u64) as usize;
                        let (id, rev) = mine[i].clone();
                        let m = format!("\"{rev}\"");
                        let r = conn.json(
                            "PATCH",
                            &format!("/api/v1/annotations/{id}"),
                            &token,
                            &[("If-Match", &m)],
                            &json!({"tags": [format!("load{who}"), format!("r{rev}")]}),
                        );
                        if let Ok(r) = &r
                            && r.status == 200
                        {
                            mine[i].1 = rev + 1;
                        }
                        ("edit", r)
                    };
                    let ms = t.elapsed().as_secs_f64() * 1000.0;
                    match r {
                        Ok(r) if (200..300).contains(&r.status) => times.entry(kind).or_default().push(ms),
                        Ok(r) => errors.push(format!("{kind}: {} {}", r.status, r.text())),
                        Err(e) => {
                            errors.push(format!("{kind}: {e}"));
                            conn = Conn::open(port).unwrap();
                        }
                    }
                }
                (times, errors)
            })
        })
        .collect();
    // Memory: sampled each second; the bound applies from the end of the warm-up on.
    let mut rss = Vec::new();
    let mut at_warm = None;
    while Instant::now() < end {
        std::thread::sleep(Duration::from_secs(1));
        let kb = server.rss_kb().unwrap_or(0);
        rss.push(kb);
        if at_warm.is_none() && Instant::now() >= warm {
            at_warm = Some(kb);
        }
    }
    let mut times: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut errors = Vec::new();
    for h in handles {
        let (t, e) = h.join().unwrap();
        for (k, v) in t {
            times.entry(k).or_default().extend(v);
        }
        errors.extend(e);
    }
    let elapsed = start.elapsed().as_secs_f64();
    let total: usize = times.values().map(Vec::len).sum();
    println!(
        "load: {CLIENTS} clients for {elapsed:.0} s on loopback, {total} requests ({:.0}/s), {} errors",
        total as f64 / elapsed,
        errors.len()
    );
    println!("| request | count | p50 ms | p95 ms | p99 ms | max ms |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (k, v) in &mut times {
        v.sort_by(f64::total_cmp);
        println!(
            "| {k} | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
            v.len(),
            percentile(v, 0.5),
            percentile(v, 0.95),
            percentile(v, 0.99),
            v.last().copied().unwrap_or(0.0)
        );
    }
    let (warm_kb, last_kb, peak_kb) =
        (at_warm.unwrap_or(0), rss.last().copied().unwrap_or(0), rss.iter().copied().max().unwrap_or(0));
    println!(
        "memory: {} MB after the warm-up, {} MB at the end, {} MB peak (bound: +{} MB)",
        warm_kb / 1024,
        last_kb / 1024,
        peak_kb / 1024,
        GROWTH_BOUND_KB / 1024
    );
    assert!(
        errors.is_empty(),
        "{} errors, first: {:?}",
        errors.len(),
        errors.iter().take(5).collect::<Vec<_>>()
    );
    assert!(
        total > 0
            && ["search laws", "search annotations", "create", "list"].iter().all(|k| times.contains_key(k)),
        "{times:?}"
    );
    assert!(
        last_kb <= warm_kb + GROWTH_BOUND_KB,
        "memory grew from {warm_kb} kB to {last_kb} kB (bound +{GROWTH_BOUND_KB} kB)"
    );
}
