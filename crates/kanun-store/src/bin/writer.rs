//! Writes annotations into a store as fast as the store acknowledges them, printing each id on its own line the
//! moment `create` has returned (that is, after the write was flushed). The crash test kills it at random
//! moments and then checks that every printed id survived; benchmarks use it for durable write throughput.
//!
//! Usage: `kanun-annotation-writer STORE_DIR COUNT`

use std::io::Write;

use kanun_model::annotation::{Annotation, AnnotationStatus, AnnotationType, Priority, Target};
use kanun_store::{AnnotationStore, new_id, now_rfc3339};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(count)) = (args.get(1), args.get(2).and_then(|c| c.parse::<usize>().ok())) else {
        eprintln!("usage: kanun-annotation-writer STORE_DIR COUNT");
        return std::process::ExitCode::from(2);
    };
    let store = match AnnotationStore::open(std::path::Path::new(dir)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    let Ok(work) = "/akn/tm/act/2021-12-18/social-services".parse::<kanun_model::WorkUri>() else {
        return std::process::ExitCode::from(1);
    };
    let Ok(date) = "2024-07-01".parse() else { return std::process::ExitCode::from(1) };
    let mut out = std::io::stdout().lock();
    for i in 0..count {
        let now = now_rfc3339();
        let a = Annotation {
            id: new_id(),
            target: Target {
                expression: work.expression(kanun_model::Language::ENG, date),
                work: work.clone(),
                wid: format!("art_{}", i % 30 + 1),
                eid: format!("art_{}", i % 30 + 1),
                quote: None,
                position: None,
                content_hash: None,
            },
            kind: AnnotationType::Comment,
            status: AnnotationStatus::Open,
            priority: Priority::Medium,
            tags: vec![format!("t{}", i % 7)],
            author: "writer".into(),
            created: now.clone(),
            modified: now,
            revision: 0,
            body: format!("comment number {i}"),
            replies: vec![],
            links: vec![],
            deleted: false,
        };
        match store.create(a) {
            Ok(a) => {
                if writeln!(out, "{}", a.id).and_then(|()| out.flush()).is_err() {
                    return std::process::ExitCode::SUCCESS;
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                return std::process::ExitCode::from(1);
            }
        }
    }
    std::process::ExitCode::SUCCESS
}
