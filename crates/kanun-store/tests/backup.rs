//! Backups and restores, and the checks at open: snapshots taken while threads write are states the store was
//! really in; backup → changes → restore gives the backed-up state back byte for byte, with the old store kept;
//! a changed, truncated or padded backup is refused naming the file; a damaged store is refused with the way out.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use kanun_model::annotation::{Annotation, AnnotationStatus, AnnotationType, Priority, Target};
use kanun_model::user::{Role, User};
use kanun_store::backup::{self, BackupError};
use kanun_store::datadir::{self, DataDirError};
use kanun_store::{AnnotationStore, Filter, jsonl, new_id};

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kanun-backup-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&d).ok();
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn annotation(work: &str, eid: &str, body: &str) -> Annotation {
    let work: kanun_model::WorkUri = format!("/akn/tm/act/2021-12-18/{work}").parse().unwrap();
    Annotation {
        id: new_id(),
        target: Target {
            expression: work.expression(kanun_model::Language::ENG, "2024-07-01".parse().unwrap()),
            work,
            wid: eid.into(),
            eid: eid.into(),
            quote: None,
            position: None,
            content_hash: None,
        },
        kind: AnnotationType::Comment,
        status: AnnotationStatus::Open,
        priority: Priority::Medium,
        tags: vec!["t".into()],
        author: "aylar".into(),
        created: "2026-11-01T10:00:00Z".into(),
        modified: "2026-11-01T10:00:00Z".into(),
        revision: 0,
        body: body.into(),
        replies: vec![],
        links: vec![],
        deleted: false,
    }
}

fn user(name: &str) -> User {
    User {
        name: name.into(),
        role: Role::Reviewer,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$x$y".into(),
        created: "2026-11-23T00:00:00Z".into(),
        disabled: false,
    }
}

/// The store as `kanun annotations export` writes it, file by file.
fn export(store: &AnnotationStore, dir: &Path) -> Vec<(String, Vec<u8>)> {
    std::fs::remove_dir_all(dir).ok();
    jsonl::export(store, dir).unwrap();
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Each writer repeats: create an annotation, then raise its ledger annotation's count; a user writer adds a user,
/// then raises the user ledger. At every moment a writer's annotations number its ledger's count or one more, and
/// every annotation's body agrees with its revision. A snapshot that interleaved with writes (a tree read while
/// another was written) breaks one of these: ledgers come first in key order, so a snapshot reading them early and
/// the rest late would find more annotations than the ledger allows.
#[test]
fn every_snapshot_taken_under_concurrent_writers_is_a_moment_of_the_store() {
    let dir = tempdir("snapshot");
    let store = Arc::new(AnnotationStore::open(&dir.join("store")).unwrap());
    let writers = 4;
    let ledgers: Vec<Annotation> = (0..=writers)
        .map(|w| {
            let mut l = annotation("ledger", &format!("w{w}"), "0");
            l.tags = vec![format!("w{w}")];
            store.create(l).unwrap()
        })
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let mut handles = Vec::new();
    for (w, ledger) in ledgers.iter().enumerate() {
        let (store, stop, mut ledger) = (store.clone(), stop.clone(), ledger.clone());
        handles.push(std::thread::spawn(move || {
            let mut k = 0u64;
            while !stop.load(Ordering::SeqCst) && k < 400 {
                if w == writers {
                    store.put_user(&user(&format!("u{k}"))).unwrap();
                } else {
                    let mut a = annotation("social-services", &format!("w{w}"), &format!("w{w} #{k} rev 1"));
                    a.tags = vec![format!("w{w}")];
                    let a = store.create(a).unwrap();
                    if k % 5 == 0 {
                        // Updated and deleted too: its body names its revision.
                        let mut b = a.clone();
                        b.body = format!("w{w} #{k} rev 2");
                        let b = store.update(b, 1).unwrap();
                        store.delete(&b.id, 2).unwrap();
                    }
                }
                k += 1;
                ledger.body = k.to_string();
                ledger = store.update(ledger.clone(), ledger.revision).unwrap();
            }
            k
        }));
    }
    let mut snapshots = 0;
    let mut sizes = std::collections::BTreeSet::new();
    while handles.iter().any(|h| !h.is_finished()) || snapshots < 3 {
        let snap = store.snapshot().unwrap();
        snapshots += 1;
        sizes.insert(snap.annotations.len());
        for (w, ledger) in ledgers.iter().enumerate() {
            let count: usize =
                snap.annotations.iter().find(|a| a.id == ledger.id).unwrap().body.parse().unwrap();
            let have = if w == writers {
                snap.users.len()
            } else {
                snap.annotations
                    .iter()
                    .filter(|a| a.target.eid == format!("w{w}") && a.target.work.name() == "social-services")
                    .count()
            };
            assert!(
                have == count || have == count + 1,
                "snapshot {snapshots}: writer {w} has {have} records but its ledger says {count}"
            );
        }
        for a in snap.annotations.iter().filter(|a| a.target.work.name() == "social-services") {
            let rev: u64 = a.body.rsplit(' ').next().unwrap().parse().unwrap();
            let expected_rev = if a.deleted { 3 } else { rev };
            assert!(
                a.revision == expected_rev && (a.revision == 1 || a.body.ends_with("rev 2")),
                "a torn annotation: {a:?}"
            );
        }
    }
    stop.store(true, Ordering::SeqCst);
    let total: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert!(total > 0);
    println!("{snapshots} snapshots of {} different sizes under {} writes", sizes.len(), total);
    assert!(sizes.len() > 1, "the snapshots were taken while the store grew");
    assert!(store.check_indexes().unwrap().is_empty());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn backup_changes_restore_gives_the_backed_up_state_back_and_keeps_the_old_store() {
    let root = tempdir("round-trip");
    let data = root.join("data");
    let opened = datadir::open(&data, &root.join("none"), false).unwrap();
    let store = opened.store;
    let mut kept = Vec::new();
    for i in 0..40 {
        let work = if i % 3 == 0 { "child-rights" } else { "social-services" };
        let a = store
            .create(annotation(work, &format!("art_{i}"), &format!("note {i}: «кавычки» ýaşaýyş")))
            .unwrap();
        kept.push(a);
    }
    let mut a = kept[1].clone();
    a.status = AnnotationStatus::Accepted;
    store.update(a, 1).unwrap();
    store.delete(&kept[2].id, 1).unwrap();
    store.put_user(&user("amina")).unwrap();
    store.put_user(&user("ivan")).unwrap();
    let drafts = datadir::drafts_dir(&data);
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::write(drafts.join("my-draft.md"), "+++\ntitle = \"x\"\n+++\n# Draft\n").unwrap();
    // A draft written in the editor: three revisions and a suggestion.
    store.draft_create("ss-2027", "amina", &vec!["start"], &"started").unwrap();
    store.draft_save("ss-2027", 1, "amina", &vec!["start", "edit"], &"edit").unwrap();
    store.draft_save("ss-2027", 2, "ivan", &vec!["start", "edit", "insert"], &"insert").unwrap();
    store
        .draft_suggestion_put("ss-2027", "s1", &serde_json::json!({"id": "s1", "status": "open"}), None)
        .unwrap();
    let editor_before = store.draft_file("ss-2027").unwrap().unwrap();
    let before = export(&store, &root.join("export-before"));

    let report = backup::backup(&store, &drafts, &root.join("backups/b1"), "9.9.9").unwrap();
    let m = &report.manifest;
    assert_eq!(
        (
            m.counts.annotations,
            m.counts.tombstones,
            m.counts.users,
            m.counts.drafts,
            m.counts.works,
            m.counts.editor
        ),
        (40, 1, 2, 1, 2, 1)
    );
    assert_eq!(
        std::fs::read_to_string(root.join("backups/b1/editor/ss-2027.jsonl")).unwrap(),
        editor_before.encode(),
        "the editor's draft as `kanun editor export` writes it"
    );
    assert_eq!((m.kanun_version.as_str(), m.store_schema_version), ("9.9.9", kanun_store::SCHEMA_VERSION));
    assert!(m.files.iter().all(|f| f.sha256.len() == 64));
    assert_eq!(backup::verify(&root.join("backups/b1")).unwrap(), *m);
    // The backup's JSONL is what `kanun annotations export` writes.
    for (name, bytes) in &before {
        assert_eq!(&std::fs::read(root.join("backups/b1/annotations").join(name)).unwrap(), bytes, "{name}");
    }
    assert!(
        !std::fs::read_dir(root.join("backups"))
            .unwrap()
            .any(|e| { e.unwrap().file_name().to_string_lossy().contains("partial") })
    );

    // Changes after the backup.
    store.create(annotation("social-services", "art_99", "after the backup")).unwrap();
    store.delete(&kept[5].id, 1).unwrap();
    store.remove_user("ivan").unwrap();
    std::fs::write(drafts.join("later.md"), "later").unwrap();
    store.draft_save("ss-2027", 3, "amina", &vec!["later"], &"later").unwrap();
    let after = export(&store, &root.join("export-after"));
    assert_ne!(before, after);
    drop(store);

    let r = backup::restore(&root.join("backups/b1"), &data).unwrap();
    let aside = r.store_before.clone().unwrap();
    assert!(aside.file_name().unwrap().to_string_lossy().starts_with("store.before-restore-"));
    let opened = datadir::open(&data, &root.join("none"), false).unwrap();
    assert_eq!(export(&opened.store, &root.join("export-restored")), before, "byte for byte");
    let names: Vec<String> = opened.store.users().unwrap().into_iter().map(|u| u.name).collect();
    assert_eq!(names, ["amina", "ivan"]);
    assert_eq!(opened.store.user("amina").unwrap().unwrap(), user("amina"));
    assert!(opened.store.check_indexes().unwrap().is_empty());
    let restored: Vec<String> = std::fs::read_dir(datadir::drafts_dir(&data))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(restored, ["my-draft.md"]);
    // The editor's draft as it was: its three revisions, its suggestion and its state.
    assert_eq!(opened.store.draft_file("ss-2027").unwrap().unwrap(), editor_before);
    drop(opened);
    // The replaced store is kept, with the changes made after the backup.
    let old = AnnotationStore::open(&aside).unwrap();
    assert_eq!(export(&old, &root.join("export-old")), after);
    assert!(r.drafts_before.unwrap().join("later.md").exists());
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn a_backup_never_writes_into_a_non_empty_directory() {
    let root = tempdir("not-empty");
    let store = AnnotationStore::open(&root.join("store")).unwrap();
    let dest = root.join("b");
    std::fs::create_dir_all(&dest).unwrap();
    std::fs::write(dest.join("mine.txt"), "mine").unwrap();
    let e = backup::backup(&store, &root.join("drafts"), &dest, "t").unwrap_err();
    assert!(matches!(e, BackupError::NotEmpty { .. }));
    let e = e.to_string();
    assert!(e.contains("already exists and is not empty") && e.contains("b-2"), "{e}");
    assert_eq!(std::fs::read_to_string(dest.join("mine.txt")).unwrap(), "mine");
    // An empty directory is fine.
    std::fs::create_dir_all(root.join("empty")).unwrap();
    backup::backup(&store, &root.join("drafts"), &root.join("empty"), "t").unwrap();
    backup::verify(&root.join("empty")).unwrap();
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn a_changed_truncated_padded_or_incomplete_backup_is_refused_naming_the_file() {
    let root = tempdir("tampered");
    let store = AnnotationStore::open(&root.join("store")).unwrap();
    for i in 0..5 {
        store.create(annotation("social-services", &format!("art_{i}"), "text")).unwrap();
    }
    store.put_user(&user("amina")).unwrap();
    let good = root.join("good");
    backup::backup(&store, &root.join("drafts"), &good, "t").unwrap();
    let copy = |name: &str| {
        let d = root.join(name);
        std::fs::create_dir_all(d.join("annotations")).unwrap();
        for f in ["MANIFEST.json", "users.jsonl", "annotations/social-services.jsonl"] {
            std::fs::copy(good.join(f), d.join(f)).unwrap();
        }
        d
    };
    let refused = |d: &Path| backup::restore(d, &root.join("data")).unwrap_err().to_string();
    let jsonl = "annotations/social-services.jsonl";

    let d = copy("changed");
    let mut bytes = std::fs::read(d.join(jsonl)).unwrap();
    let at = bytes.iter().position(|&b| b == b't').unwrap();
    bytes[at] = b'T';
    std::fs::write(d.join(jsonl), bytes).unwrap();
    let e = refused(&d);
    assert!(e.contains(jsonl) && e.contains("does not match its SHA-256"), "{e}");

    let d = copy("truncated");
    let len = std::fs::metadata(d.join("users.jsonl")).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(d.join("users.jsonl")).unwrap().set_len(len / 2).unwrap();
    let e = refused(&d);
    assert!(e.contains("users.jsonl is") && e.contains("truncated"), "{e}");

    let d = copy("padded");
    std::fs::write(d.join("annotations/extra.jsonl"), "").unwrap();
    let e = refused(&d);
    assert!(e.contains("annotations/extra.jsonl is not listed in the manifest"), "{e}");

    let d = copy("missing");
    std::fs::remove_file(d.join("users.jsonl")).unwrap();
    let e = refused(&d);
    assert!(e.contains("users.jsonl is missing"), "{e}");

    let d = copy("counts");
    let m = std::fs::read_to_string(d.join("MANIFEST.json")).unwrap();
    std::fs::write(d.join("MANIFEST.json"), m.replace("\"users\": 1", "\"users\": 2")).unwrap();
    let e = refused(&d);
    assert!(e.contains("MANIFEST.json gives the counts"), "{e}");

    let d = copy("manifest");
    std::fs::write(d.join("MANIFEST.json"), "{\"format\": \"kanun-backup\", \"files\": [").unwrap();
    let e = refused(&d);
    assert!(e.contains("MANIFEST.json is not valid JSON"), "{e}");

    // Symbolic links: a listed file replaced by a link (to any file on the machine), and a link to a directory.
    #[cfg(unix)]
    {
        let secret = root.join("secret.jsonl");
        std::fs::copy(good.join(jsonl), &secret).unwrap();
        let d = copy("link");
        std::fs::remove_file(d.join(jsonl)).unwrap();
        std::os::unix::fs::symlink(&secret, d.join(jsonl)).unwrap();
        let e = refused(&d);
        assert!(e.contains(jsonl) && e.contains("is a symbolic link"), "{e}");
        let d = copy("linked-dir");
        std::os::unix::fs::symlink("/etc", d.join("drafts")).unwrap();
        let e = refused(&d);
        assert!(e.contains("drafts is a symbolic link"), "{e}");
    }

    let e = refused(&root.join("store"));
    assert!(e.contains("is not a Kanun backup") && e.contains("no MANIFEST.json"), "{e}");
    // Nothing was written: no data directory was even made.
    assert!(!root.join("data").exists());
    std::fs::remove_dir_all(root).ok();
}

fn damaged(data: &Path) -> String {
    match datadir::open(data, Path::new("annotations"), true) {
        Err(e @ DataDirError::Damaged { .. }) => e.to_string(),
        Err(e) => panic!("not refused as damaged: {e}"),
        Ok(_) => panic!("a damaged store was opened"),
    }
}

#[test]
fn a_damaged_store_is_refused_with_the_commands_that_recover() {
    let root = tempdir("damaged");
    let make = |name: &str, n: usize| {
        let data = root.join(name);
        let opened = datadir::open(&data, Path::new("/nonexistent"), false).unwrap();
        for i in 0..n {
            opened
                .store
                .create(annotation("social-services", &format!("art_{i}"), &"x".repeat(500)))
                .unwrap();
        }
        opened.store.put_user(&user("amina")).unwrap();
        data
    };
    let db = |data: &Path| datadir::store_dir(data).join("db");

    // Garbage over the database file: sled reads it as an empty database; the missing schema version tells.
    let data = make("garbage", 20);
    std::fs::write(db(&data), b"not a database ".repeat(300)).unwrap();
    let e = damaged(&data);
    assert!(e.contains("is damaged") && e.contains("hold no Kanun schema version"), "{e}");
    assert!(e.contains(&format!("kanun --data {} restore BACKUP_DIR", data.display())), "{e}");
    assert!(
        e.contains(&format!("mv {0}/store {0}/store.damaged", data.display()))
            && e.contains(&format!(
                "kanun --data {} --annotations annotations annotations import",
                data.display()
            )),
        "{e}"
    );
    // Refused again: the first refusal did not make it look new.
    damaged(&data);

    // Truncated to nothing.
    let data = make("truncated", 20);
    std::fs::OpenOptions::new().write(true).open(db(&data)).unwrap().set_len(0).unwrap();
    std::fs::write(datadir::store_dir(&data).join("conf"), b"").unwrap();
    assert!(damaged(&data).contains("is damaged"));

    // Cut after the schema version: sled keeps what it can read, silently; the seal says more was there.
    let data = make("cut", 400);
    let len = std::fs::metadata(db(&data)).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(db(&data)).unwrap().set_len(len / 3).unwrap();
    let e = damaged(&data);
    assert!(e.contains("when it was last closed") || e.contains("no Kanun schema version"), "{e}");

    // Garbage in the middle of the file, at several places (the attack's case: the raw sled error three times,
    // no way out; at one place sled even panicked while opening). Either the store is refused as damaged, with
    // the commands that recover, or the garbage fell where sled keeps nothing live and every annotation is there.
    let (mut refused, mut intact) = (0, 0);
    for (k, at) in [(1u64, 2u64), (1, 3), (2, 3), (1, 5), (4, 5), (1, 10)].into_iter().enumerate() {
        let data = make(&format!("middle-{k}"), 400);
        let len = std::fs::metadata(db(&data)).unwrap().len();
        let mut f = std::fs::OpenOptions::new().write(true).open(db(&data)).unwrap();
        std::io::Seek::seek(&mut f, std::io::SeekFrom::Start(len * at.0 / at.1)).unwrap();
        std::io::Write::write_all(&mut f, &b"\xde\xad garbage \xbe\xef".repeat(64)).unwrap();
        drop(f);
        match datadir::open(&data, Path::new("annotations"), true) {
            Err(e @ DataDirError::Damaged { .. }) => {
                assert!(e.to_string().contains("restore BACKUP_DIR"), "{e}");
                refused += 1;
            }
            Ok(opened) => {
                assert_eq!(opened.store.list(&Filter::default()).unwrap().len(), 400, "garbage at {at:?}");
                intact += 1;
            }
            Err(e) => panic!("garbage at {at:?}: refused without the way out: {e}"),
        }
    }
    assert!(refused >= 1, "{refused} refused, {intact} intact");

    // A record that does not decode.
    let data = make("record", 3);
    {
        let db = sled::open(datadir::store_dir(&data)).unwrap();
        db.open_tree("annotations").unwrap().insert(b"0-bad", b"{\"id\": 1").unwrap();
        db.flush().unwrap();
    }
    let e = damaged(&data);
    assert!(e.contains("record 0-bad is damaged"), "{e}");

    // The recovery path: move it aside, and the annotations directory fills a new store.
    let annotations = root.join("annotations");
    let good = make("good", 4);
    {
        let opened = datadir::open(&good, Path::new("/nonexistent"), false).unwrap();
        jsonl::export(&opened.store, &annotations).unwrap();
    }
    std::fs::rename(datadir::store_dir(&data), data.join("store.damaged")).unwrap();
    // A missing store is refused (never silently replaced); the new one is made on purpose.
    assert!(datadir::open(&data, &annotations, false).err().unwrap().to_string().contains("is missing"));
    std::fs::create_dir_all(datadir::store_dir(&data)).unwrap();
    let opened = datadir::open(&data, &annotations, false).unwrap();
    let r = jsonl::import(&opened.store, &[annotations]).unwrap();
    assert_eq!(r.added, 4);
    assert_eq!(opened.store.list(&Filter::default()).unwrap().len(), 4);
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn a_newer_store_keeps_its_own_message() {
    let root = tempdir("newer");
    let data = root.join("data");
    drop(datadir::open(&data, Path::new("/nonexistent"), false).unwrap());
    {
        let db = sled::open(datadir::store_dir(&data)).unwrap();
        db.insert(b"schema_version", b"99").unwrap();
        db.flush().unwrap();
    }
    let e = datadir::open(&data, Path::new("/nonexistent"), false).err().unwrap().to_string();
    assert!(e.contains("schema version 99") && e.contains("upgrade Kanun"), "{e}");
    std::fs::remove_dir_all(root).ok();
}
