//! The DOCX files open cleanly in LibreOffice: converted headless to ODT, the tracked document keeps every
//! change as a tracked change with its author, and the comparative table keeps its rows. LibreOffice is required
//! (Debian `libreoffice-writer-nogui`, installed by `.ci/run`): without it this test fails rather than skips.

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::io::Read as _;
use std::path::Path;
use std::process::Command;

use kanun_model::{Date, Language};

const AUTHOR: &str = "Working group";

fn odt_content(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut s = String::new();
    zip.by_name("content.xml").unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn libreoffice_reads_the_tracked_changes_and_the_table() {
    let c = kanun_corpus::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")).unwrap().corpus;
    let draft = c.work("social-services-amendments").unwrap().at(Language::ENG, None).unwrap();
    let base =
        c.work("social-services").unwrap().at(Language::ENG, Some(Date::new(2024, 7, 1).unwrap())).unwrap();
    let r = kanun_redline::redline(base, draft, &[]).unwrap();
    let dir = std::env::temp_dir().join(format!("kanun-lo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("tracked.docx"),
        kanun_docx::tracked(&r, AUTHOR, "2026-10-01T00:00:00Z").unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("table.docx"), kanun_docx::table(&r, AUTHOR).unwrap()).unwrap();
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}/profile", dir.display()))
        .args(["--headless", "--convert-to", "odt", "--outdir"])
        .arg(&dir)
        .arg(dir.join("tracked.docx"))
        .arg(dir.join("table.docx"))
        .output()
        .expect(
            "LibreOffice (soffice) must be installed: Debian libreoffice-writer-nogui; .ci/run installs it",
        );
    assert!(out.status.success(), "soffice: {}", String::from_utf8_lossy(&out.stderr));

    let tracked = odt_content(&dir.join("tracked.odt"));
    // One changed region per change in the sample: 2 in Article 10-1, 1 in 14, the new Article 22-1 (3 lines),
    // 1 in 24, 3 in 31 (deleted, inserted, new part), and the title.
    let regions = tracked.matches("<text:changed-region").count();
    assert!(regions >= 9, "{regions} changed regions");
    let creators: Vec<&str> =
        tracked.split("<dc:creator>").skip(1).map(|s| s.split('<').next().unwrap_or("")).collect();
    assert_eq!(creators.len(), regions);
    assert!(creators.iter().all(|c| *c == AUTHOR), "{creators:?}");
    assert!(tracked.contains("<text:insertion>") && tracked.contains("<text:deletion>"));
    assert!(tracked.contains("ten working") && tracked.contains("fifteen"));

    let table = odt_content(&dir.join("table.odt"));
    assert_eq!(table.matches("<table:table-row").count(), 6, "header and five changed articles");
    assert!(table.contains("Proposed wording") && table.contains("Article 22-1. Case management"));
    std::fs::remove_dir_all(&dir).ok();
}
