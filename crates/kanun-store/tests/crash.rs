//! Crash safety: a child process writes annotations and prints each id once the store has acknowledged it; the
//! test kills it with SIGKILL at random moments, reopens the store, and checks that every acknowledged
//! annotation is there and intact and that the indexes agree with the records. Repeated for 25 rounds on the
//! same store.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kanun_store::{AnnotationStore, Filter};

#[test]
fn no_acknowledged_write_is_lost_when_the_writer_is_killed() {
    let dir = std::env::temp_dir().join(format!("kanun-crash-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    let mut acknowledged: Vec<String> = Vec::new();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let rounds = 25;
    for round in 0..rounds {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Kill after a random number of acknowledgements (1 to 40), so that the kill lands mid-write.
        let kill_after = 1 + (seed % 40) as usize;
        let mut child = Command::new(env!("CARGO_BIN_EXE_kanun-annotation-writer"))
            .arg(&dir)
            .arg("100000")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let started = Instant::now();
        let mut seen = 0;
        while seen < kill_after && started.elapsed() < Duration::from_secs(30) {
            match lines.next() {
                Some(Ok(id)) => {
                    acknowledged.push(id);
                    seen += 1;
                }
                _ => break,
            }
        }
        child.kill().unwrap(); // SIGKILL on Unix.
        child.wait().unwrap();
        // Ids printed between the last read and the kill were acknowledged too.
        for id in lines.map_while(Result::ok) {
            acknowledged.push(id);
        }
        let store = AnnotationStore::open(&dir)
            .unwrap_or_else(|e| panic!("round {round}: the store does not open: {e}"));
        let all = store.list(&Filter { include_deleted: true, ..Filter::default() }).unwrap();
        let ids: std::collections::BTreeSet<&str> = all.iter().map(|a| a.id.as_str()).collect();
        let missing: Vec<&String> = acknowledged.iter().filter(|id| !ids.contains(id.as_str())).collect();
        assert!(missing.is_empty(), "round {round}: {} acknowledged writes lost: {missing:?}", missing.len());
        for a in &all {
            assert!(a.body.starts_with("comment number"), "round {round}: damaged record {a:?}");
        }
        let problems = store.check_indexes().unwrap();
        assert!(problems.is_empty(), "round {round}: {problems:?}");
    }
    println!("crash test: {rounds} kill rounds, {} acknowledged writes, none lost", acknowledged.len());
    assert!(acknowledged.len() >= rounds);
    std::fs::remove_dir_all(&dir).ok();
}
