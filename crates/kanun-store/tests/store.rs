//! The annotation store: CRUD, index consistency, stale-revision refusal, tombstones, schema version, and the
//! JSONL round trip (export → import → export gives the same bytes; bad lines are reported by number).

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::path::PathBuf;

use kanun_model::annotation::{
    Annotation, AnnotationStatus, AnnotationType, Priority, QuoteSelector, Target,
};
use kanun_store::{AnnotationStore, Filter, StoreError, jsonl, new_id};

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kanun-store-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&d).ok();
    d
}

fn annotation(eid: &str, author: &str, tags: &[&str]) -> Annotation {
    let work: kanun_model::WorkUri = "/akn/tm/act/2021-12-18/social-services".parse().unwrap();
    Annotation {
        id: new_id(),
        target: Target {
            expression: work.expression(kanun_model::Language::ENG, "2024-07-01".parse().unwrap()),
            work,
            wid: eid.into(),
            eid: eid.into(),
            quote: Some(QuoteSelector {
                exact: "free of charge".into(),
                prefix: "provided ".into(),
                suffix: " to".into(),
            }),
            position: None,
            content_hash: None,
        },
        kind: AnnotationType::Gap,
        status: AnnotationStatus::Open,
        priority: Priority::High,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        author: author.into(),
        created: "2026-11-01T10:00:00Z".into(),
        modified: "2026-11-01T10:00:00Z".into(),
        revision: 0,
        body: "No *means test* is defined.".into(),
        replies: vec![],
        links: vec![],
        deleted: false,
    }
}

#[test]
fn crud_indexes_revisions_and_tombstones() {
    let dir = tempdir("crud");
    let store = AnnotationStore::open(&dir).unwrap();
    let a = store.create(annotation("art_24", "aylar", &["CRPD-28", "financing"])).unwrap();
    let b = store.create(annotation("art_14", "ivan", &["CRPD-19"])).unwrap();
    assert_eq!(a.revision, 1);
    assert!(matches!(store.create(a.clone()), Err(StoreError::Exists(_))));
    // Filters use the indexes.
    let by_tag = store.list(&Filter { tag: Some("CRPD-19".into()), ..Filter::default() }).unwrap();
    assert_eq!(by_tag.iter().map(|x| &x.id).collect::<Vec<_>>(), [&b.id]);
    let by_author = store.list(&Filter { author: Some("aylar".into()), ..Filter::default() }).unwrap();
    assert_eq!(by_author.len(), 1);
    let by_eid = store
        .list(&Filter {
            work: Some("social-services".into()),
            eid: Some("art_14".into()),
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(by_eid.len(), 1);
    // An update on the current revision works; a second one on the same old revision is refused.
    let mut change = a.clone();
    change.status = AnnotationStatus::Accepted;
    change.tags = vec!["financing".into()];
    let a2 = store.update(change.clone(), 1).unwrap();
    assert_eq!(a2.revision, 2);
    let err = store.update(change, 1).unwrap_err();
    assert!(matches!(err, StoreError::Stale { based_on: 1, current: 2, .. }), "{err}");
    assert!(err.to_string().contains("reload"));
    // Indexes follow the change.
    assert!(store.list(&Filter { tag: Some("CRPD-28".into()), ..Filter::default() }).unwrap().is_empty());
    assert_eq!(
        store.list(&Filter { status: Some(AnnotationStatus::Accepted), ..Filter::default() }).unwrap().len(),
        1
    );
    assert!(store.check_indexes().unwrap().is_empty());
    // Delete is a tombstone.
    store.delete(&b.id, 1).unwrap();
    assert_eq!(store.list(&Filter::default()).unwrap().len(), 1);
    assert_eq!(store.list(&Filter { include_deleted: true, ..Filter::default() }).unwrap().len(), 2);
    assert!(store.get(&b.id).unwrap().unwrap().deleted);
    assert!(store.check_indexes().unwrap().is_empty());
    drop(store);
    // Reopened, everything is there.
    let store = AnnotationStore::open(&dir).unwrap();
    assert_eq!(store.len(), 2);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn bad_annotations_are_refused_with_reasons() {
    let dir = tempdir("bad");
    let store = AnnotationStore::open(&dir).unwrap();
    let mut long = annotation("art_1", "aylar", &[]);
    long.body = "x".repeat(20_001);
    let err = store.create(long).unwrap_err().to_string();
    assert!(err.contains("20001 characters") && err.contains("limit"), "{err}");
    let err = store.create(annotation("art_1", " ", &[])).unwrap_err().to_string();
    assert!(err.contains("author"), "{err}");
    let err = store.create(annotation("art_1", "a", &["two words"])).unwrap_err().to_string();
    assert!(err.contains("without spaces"), "{err}");
    assert!(matches!(store.update(annotation("art_1", "a", &[]), 3), Err(StoreError::NotFound(_))));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_store_from_a_newer_kanun_is_refused() {
    let dir = tempdir("newer");
    drop(AnnotationStore::open(&dir).unwrap());
    {
        let db = sled::open(&dir).unwrap();
        db.insert(b"schema_version", b"99").unwrap();
        db.flush().unwrap();
    }
    let err = AnnotationStore::open(&dir).err().unwrap().to_string();
    assert!(err.contains("schema version 99") && err.contains("restore from annotations"), "{err}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn export_import_export_is_byte_identical_and_merges_by_revision() {
    let dir = tempdir("jsonl");
    let store = AnnotationStore::open(&dir.join("a")).unwrap();
    for i in 0..30 {
        let mut a =
            annotation(&format!("art_{i}"), if i % 2 == 0 { "aylar" } else { "ivan" }, &["licensing"]);
        a.body = format!("Finding {i}: «кавычки», \"quotes\", ýaşaýyş, <b>tags</b>\nsecond line");
        store.create(a).unwrap();
    }
    let out1 = dir.join("out1");
    jsonl::export(&store, &out1).unwrap();
    let other = AnnotationStore::open(&dir.join("b")).unwrap();
    let r = jsonl::import(&other, std::slice::from_ref(&out1)).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged, r.conflicts.len()), (30, 0, 0, 0));
    let out2 = dir.join("out2");
    jsonl::export(&other, &out2).unwrap();
    let f1 = std::fs::read(out1.join("social-services.jsonl")).unwrap();
    let f2 = std::fs::read(out2.join("social-services.jsonl")).unwrap();
    assert_eq!(f1, f2, "export → import → export is byte-identical");
    // Importing again changes nothing.
    let r = jsonl::import(&other, std::slice::from_ref(&out1)).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (0, 0, 30));
    // A higher revision wins; an equal revision with other content is a conflict, not an overwrite.
    let mut list = other.list(&Filter::default()).unwrap();
    let mut newer = list.remove(0);
    newer.revision += 1;
    newer.body = "Revised.".into();
    let mut clash = list.remove(0);
    clash.body = "Edited elsewhere.".into();
    let merge = dir.join("merge.jsonl");
    std::fs::write(&merge, jsonl::encode(&[newer.clone(), clash.clone()])).unwrap();
    let r = jsonl::import(&store, &[merge]).unwrap();
    assert_eq!(r.updated, 1);
    assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
    assert_eq!(store.get(&newer.id).unwrap().unwrap().body, "Revised.");
    assert_ne!(store.get(&clash.id).unwrap().unwrap().body, "Edited elsewhere.");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn malformed_jsonl_lines_are_reported_by_number_and_nothing_is_imported() {
    let dir = tempdir("malformed");
    let store = AnnotationStore::open(&dir.join("s")).unwrap();
    let good = jsonl::encode(&[annotation("art_1", "aylar", &[])]);
    let file = dir.join("social-services.jsonl");
    std::fs::write(&file, format!("{good}{{\"id\": \"x\", \"broken\n\n{good}not json at all\n")).unwrap();
    let err = jsonl::import(&store, &[file]).unwrap_err().to_string();
    assert!(err.contains("social-services.jsonl:2:") && err.contains("social-services.jsonl:5:"), "{err}");
    assert!(err.contains("nothing imported"), "{err}");
    assert!(store.is_empty());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn users_are_kept_and_survive_reopening() {
    use kanun_model::user::{Role, User};
    let dir = tempdir("users");
    {
        let store = AnnotationStore::open(&dir).unwrap();
        assert!(store.users().unwrap().is_empty());
        let u = User {
            name: "aman".into(),
            role: Role::Reviewer,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$x$y".into(),
            created: "2026-11-23T00:00:00Z".into(),
            disabled: false,
        };
        store.put_user(&u).unwrap();
        let bad = User { name: "a b".into(), ..u.clone() };
        assert!(matches!(store.put_user(&bad), Err(StoreError::Invalid(m)) if m.contains("' '")));
        // Users do not count as annotations.
        assert!(store.is_empty());
    }
    let store = AnnotationStore::open(&dir).unwrap();
    assert_eq!(store.user("aman").unwrap().unwrap().role, Role::Reviewer);
    assert_eq!(store.users().unwrap().len(), 1);
    assert!(store.remove_user("aman").unwrap());
    assert!(store.user("aman").unwrap().is_none());
}

#[test]
fn concurrent_writers_share_flushes_and_every_write_lands_and_survives_reopening() {
    let dir = tempdir("group-commit");
    let store = std::sync::Arc::new(AnnotationStore::open(&dir).unwrap());
    let handles: Vec<_> = (0..8)
        .map(|w| {
            let store = store.clone();
            std::thread::spawn(move || {
                (0..40)
                    .map(|i| {
                        store.create(annotation(&format!("art_{w}"), &format!("w{i}"), &["x"])).unwrap().id
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let ids: Vec<String> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    assert_eq!(ids.len(), 320);
    drop(store);
    let store = AnnotationStore::open(&dir).unwrap();
    assert_eq!(store.len(), 320);
    for id in &ids {
        assert!(store.get(id).unwrap().is_some(), "{id} lost");
    }
    assert!(store.check_indexes().unwrap().is_empty());
}

#[test]
fn a_bulk_import_with_one_id_twice_keeps_the_higher_revision() {
    let dir = tempdir("bulk");
    let store = AnnotationStore::open(&dir).unwrap();
    let mut a = annotation("art_1", "amina", &["t"]);
    a.revision = 1;
    let mut b = a.clone();
    b.revision = 2;
    b.body = "second".into();
    let file = dir.join("twice.jsonl");
    std::fs::write(&file, jsonl::encode(&[a.clone(), b.clone()])).unwrap();
    let report = jsonl::import(&store, std::slice::from_ref(&file)).unwrap();
    // One annotation, added at its higher revision.
    assert_eq!((report.added, report.updated), (1, 0));
    assert_eq!(store.get(&a.id).unwrap().unwrap().body, "second");
    // The older revision after the newer one changes nothing.
    std::fs::write(&file, jsonl::encode(&[b.clone(), a.clone()])).unwrap();
    let store2 = AnnotationStore::open(&tempdir("bulk2")).unwrap();
    let report = jsonl::import(&store2, &[file]).unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (1, 0, 0));
    assert_eq!(store2.get(&a.id).unwrap().unwrap().revision, 2);
}

/// The attack's case: the store holds an annotation at revision 1; a file gives it at revision 3 and then at 2.
/// The import ended at revision 2 (the newer text lost) and said "2 updated". A revision never goes back.
#[test]
fn an_import_never_lowers_a_revision() {
    let dir = tempdir("never-lower");
    let store = AnnotationStore::open(&dir).unwrap();
    let a = store.create(annotation("art_1", "amina", &["t"])).unwrap();
    let at = |rev: u64, body: &str| {
        let mut x = a.clone();
        x.revision = rev;
        x.body = body.into();
        x
    };
    let file = dir.join("three-then-two.jsonl");
    let lines = [at(3, "third"), at(2, "second")].map(|x| serde_json::to_string(&x).unwrap()).join("\n");
    std::fs::write(&file, lines).unwrap();
    let report = jsonl::import(&store, std::slice::from_ref(&file)).unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (0, 1, 0));
    let got = store.get(&a.id).unwrap().unwrap();
    assert_eq!((got.revision, got.body.as_str()), (3, "third"));
    // Imported again, later, at a lower revision: nothing changes.
    std::fs::write(&file, serde_json::to_string(&at(2, "second")).unwrap()).unwrap();
    let report = jsonl::import(&store, &[file]).unwrap();
    assert_eq!((report.updated, report.unchanged), (0, 1));
    assert_eq!(store.get(&a.id).unwrap().unwrap().revision, 3);
    std::fs::remove_dir_all(dir).ok();
}

/// Every line is checked before anything is written: an empty author, a tag with a space, a body over the limit,
/// an id that is a path or markup, a revision that cannot grow — each named by file and line, and the good lines
/// before them are not written either.
#[test]
fn an_import_checks_every_line_first_and_writes_nothing_when_one_is_bad() {
    let dir = tempdir("all-or-nothing");
    let store = AnnotationStore::open(&dir).unwrap();
    let good = |eid: &str| {
        let mut x = annotation(eid, "amina", &[]);
        x.revision = 1;
        x
    };
    let mut bad = Vec::new();
    let mut x = good("art_2");
    x.author = "".into();
    bad.push((x, "author"));
    let mut x = good("art_3");
    x.tags = vec!["two words".into()];
    bad.push((x, "without spaces"));
    let mut x = good("art_4");
    x.body = "x".repeat(20_001);
    bad.push((x, "limit"));
    let mut x = good("art_5");
    x.id = "../../etc/x".into();
    bad.push((x, "not an annotation id"));
    let mut x = good("art_6");
    x.id = "id with spaces <script>".into();
    bad.push((x, "not an annotation id"));
    let mut x = good("art_7");
    x.revision = u64::MAX;
    bad.push((x, "out of range"));
    let mut lines = vec![serde_json::to_string(&good("art_1")).unwrap()];
    lines.extend(bad.iter().map(|(x, _)| serde_json::to_string(x).unwrap()));
    let file = dir.join("mixed.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let err = jsonl::import(&store, std::slice::from_ref(&file)).unwrap_err().to_string();
    assert!(err.contains("nothing imported"), "{err}");
    for (i, (_, why)) in bad.iter().enumerate() {
        let at = format!("mixed.jsonl:{}:", i + 2);
        let line = err.lines().find(|l| l.contains(&at)).unwrap_or_else(|| panic!("no {at} in {err}"));
        assert!(line.contains(why), "{line}");
    }
    assert!(!err.contains("mixed.jsonl:1:"), "{err}");
    assert_eq!(store.len(), 0, "the good line before the bad ones was not written");
    std::fs::remove_dir_all(dir).ok();
}

/// A file of many bad lines (a whole export from another tool) gives a message a person can read: the first
/// twenty lines by number and how many more, not one line per annotation.
#[test]
fn a_file_of_many_bad_lines_is_summarised() {
    let dir = tempdir("many-bad");
    let store = AnnotationStore::open(&dir).unwrap();
    let mut x = annotation("art_1", "amina", &[]);
    x.revision = 0;
    let line = serde_json::to_string(&x).unwrap();
    let file = dir.join("old.jsonl");
    std::fs::write(&file, vec![line; 1_000].join("\n")).unwrap();
    let err = jsonl::import(&store, std::slice::from_ref(&file)).unwrap_err().to_string();
    assert!(err.starts_with("1000 bad line(s), nothing imported:"), "{err}");
    assert!(err.contains("old.jsonl:20:") && !err.contains("old.jsonl:21:"), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[21].starts_with("… and 980 more"), "{err}");
    // What a line must be, said once at the end (not after each of the lines).
    assert_eq!(
        lines[22],
        "(each line must be one annotation as JSON, as `kanun annotations export` writes it)"
    );
    assert_eq!(lines.len(), 23);
    assert_eq!(store.len(), 0);
    std::fs::remove_dir_all(dir).ok();
}

/// A revision at the top of the range is refused, never wrapped round to 0 (an ETag of "0" after one edit).
#[test]
fn a_revision_never_wraps() {
    let dir = tempdir("wrap");
    let store = AnnotationStore::open(&dir).unwrap();
    let mut a = annotation("art_1", "amina", &[]);
    a.revision = kanun_store::MAX_REVISION;
    store.put_exact(&a).unwrap();
    let err = store.update(a.clone(), kanun_store::MAX_REVISION).unwrap_err().to_string();
    assert!(err.contains("cannot be changed again"), "{err}");
    assert_eq!(store.get(&a.id).unwrap().unwrap().revision, kanun_store::MAX_REVISION);
    a.revision = u64::MAX;
    assert!(store.put_exact(&a).unwrap_err().to_string().contains("out of range"));
    std::fs::remove_dir_all(dir).ok();
}

/// Quotes, lists and brackets nested deeper than [`kanun_store::MAX_NESTING`] are refused, in a body and in a
/// reply; ordinary notes are far below it.
#[test]
fn bodies_nested_too_deep_are_refused() {
    assert_eq!(kanun_store::nesting_depth("> a\n> > b\n- c\n  - d"), 2);
    assert_eq!(kanun_store::nesting_depth(&format!("{}x", "> ".repeat(9_000))), 9_000);
    assert_eq!(kanun_store::nesting_depth(&format!("{}x", "1. - ".repeat(10))), 20);
    assert_eq!(kanun_store::nesting_depth(&format!("{}x{}", "[".repeat(40), "]".repeat(40))), 40);
    assert_eq!(kanun_store::nesting_depth("a - b > c [d] (e)"), 1);
    let dir = tempdir("nesting");
    let store = AnnotationStore::open(&dir).unwrap();
    let mut a = annotation("art_1", "amina", &[]);
    a.body = format!("{}deep", "> ".repeat(33));
    let err = store.create(a.clone()).unwrap_err().to_string();
    assert!(err.contains("33 deep") && err.contains("at most 32"), "{err}");
    a.body = format!("{}fine", "> ".repeat(32));
    let mut ok = store.create(a).unwrap();
    ok.replies.push(kanun_model::annotation::Reply {
        id: "r1".into(),
        author: "ivan".into(),
        created: "2026-11-01T10:00:00Z".into(),
        body: format!("{}x", "- ".repeat(100)),
    });
    let err = store.update(ok.clone(), ok.revision).unwrap_err().to_string();
    assert!(err.contains("the reply nests"), "{err}");
    std::fs::remove_dir_all(dir).ok();
}

/// On a full disk, a write answered as failed stayed visible until the restart (and was then gone). A write
/// whose flush fails is taken back at once: readers see the earlier version, or nothing for a create, and the
/// indexes agree; the next writes, once there is room, work.
#[test]
fn a_write_that_fails_to_reach_the_disk_is_never_visible() {
    let dir = tempdir("full-disk");
    let store = AnnotationStore::open(&dir).unwrap();
    let a = store.create(annotation("art_1", "amina", &["kept"])).unwrap();
    let mut changed = a.clone();
    changed.body = "This edit never reached the disk.".into();
    changed.tags = vec!["lost".into()];
    store.fail_next_flushes(1);
    assert!(store.update(changed, a.revision).is_err());
    let now = store.get(&a.id).unwrap().unwrap();
    assert_eq!(
        (now.revision, now.body.as_str(), now.tags.clone()),
        (a.revision, a.body.as_str(), a.tags.clone())
    );
    store.fail_next_flushes(1);
    let b = annotation("art_2", "ivan", &["new"]);
    let id = b.id.clone();
    assert!(store.create(b).is_err());
    assert!(store.get(&id).unwrap().is_none(), "a failed create is not there");
    assert_eq!(store.list(&Filter { tag: Some("lost".into()), ..Filter::default() }).unwrap().len(), 0);
    assert_eq!(store.list(&Filter { tag: Some("new".into()), ..Filter::default() }).unwrap().len(), 0);
    assert_eq!(store.check_indexes().unwrap(), Vec::<String>::new());
    // Room again: the same writes go through.
    let mut again = a.clone();
    again.body = "Now it lands.".into();
    assert_eq!(store.update(again, a.revision).unwrap().revision, a.revision + 1);
    std::fs::remove_dir_all(dir).ok();
}

/// A work named by its URI is read through the target index; the answer is the one a scan gives (the same work
/// named by its short name), with and without an eId, an eId prefix, other works and deleted annotations around.
#[test]
fn listing_a_work_through_its_index_gives_what_a_scan_gives() {
    let dir = tempdir("by-target");
    let store = AnnotationStore::open(&dir).unwrap();
    let other: kanun_model::WorkUri = "/akn/tm/act/2019-11-09/social-work".parse().unwrap();
    for (k, eid) in
        ["art_1", "art_12", "art_12__para_1", "art_12__para_2", "art_2", "art_12"].iter().enumerate()
    {
        let a = store.create(annotation(eid, "aylar", &[])).unwrap();
        if k == 3 {
            store.delete(&a.id, a.revision).unwrap();
        }
        let mut b = annotation(eid, "ivan", &[]);
        b.target.work = other.clone();
        b.target.expression = other.expression(kanun_model::Language::ENG, "2020-01-01".parse().unwrap());
        store.create(b).unwrap();
    }
    let ids = |f: Filter| store.list(&f).unwrap().into_iter().map(|a| a.id).collect::<Vec<_>>();
    let uri = "/akn/tm/act/2021-12-18/social-services";
    for eid in [None, Some("art_12"), Some("art_12*"), Some("art_12__para_2"), Some("art_9")] {
        for deleted in [false, true] {
            let f = |w: &str| Filter {
                work: Some(w.into()),
                eid: eid.map(str::to_string),
                include_deleted: deleted,
                ..Filter::default()
            };
            let indexed = ids(f(uri));
            assert_eq!(indexed, ids(f("social-services")), "eid {eid:?}, deleted {deleted}");
            assert!(indexed.windows(2).all(|w| w[0] < w[1]), "in id order");
        }
    }
    assert_eq!(ids(Filter { work: Some(uri.into()), ..Filter::default() }).len(), 5, "6 made, 1 deleted");
    std::fs::remove_dir_all(&dir).ok();
}

/// The store in memory keeps the rules of the one on disk: the same answers to the same writes.
#[test]
fn the_store_in_memory_answers_as_the_store_on_disk() {
    use kanun_store::{Annotations, MemoryStore};
    let dir = tempdir("memory-twin");
    let disk = AnnotationStore::open(&dir).unwrap();
    let memory = MemoryStore::new();
    let stores: [&dyn Annotations; 2] = [&disk, &memory];
    let a = annotation("art_24", "aylar", &["CRPD-28"]);
    let mut outcomes: Vec<Vec<String>> = Vec::new();
    for s in stores {
        let mut out = Vec::new();
        let made = s.create(a.clone()).unwrap();
        out.push(format!("created r{}", made.revision));
        out.push(format!("again: {}", s.create(a.clone()).unwrap_err()));
        let mut b = made.clone();
        b.body = "Changed".into();
        out.push(format!("stale: {}", s.update(b.clone(), 7).unwrap_err()));
        out.push(format!("updated r{}", s.update(b.clone(), 1).unwrap().revision));
        let mut bad = b.clone();
        bad.body = "<".repeat(0) + &"> ".repeat(40) + "deep";
        out.push(format!("nested: {}", s.update(bad, 2).is_err()));
        let mut gone = s.get(&a.id).unwrap().unwrap();
        gone.deleted = true;
        out.push(format!("deleted r{}", s.update(gone, 2).unwrap().revision));
        out.push(format!("listed {}", s.list(&Filter::default()).unwrap().len()));
        out.push(format!(
            "with tombstones {}",
            s.list(&Filter { include_deleted: true, ..Filter::default() }).unwrap().len()
        ));
        let mut missing = a.clone();
        missing.id = new_id();
        out.push(format!("missing: {}", s.update(missing, 1).is_err()));
        outcomes.push(out);
    }
    assert_eq!(outcomes[0], outcomes[1]);
    std::fs::remove_dir_all(&dir).ok();
}
