//! The drafting editor in Chromium, as a drafter uses it: a draft of the Law "On Social Services" started from the
//! text in force, part 2 of Article 14 reworded, an article inserted after Article 12 (it becomes 12-1), Article 13
//! repealed, Article 15 moved after the new one (it becomes 12-2, and Article 6's citation of it follows), a
//! milestone named; the redline beside the text shows modified, new, repealed and moved, as a person sees it. A
//! reviewer suggests wording and the drafter accepts it; split and merge; the Word document the page offers read
//! back by pandoc (accept = the draft, reject = the law in force), and that document starting a new draft, its
//! tracked changes taken in.

use fantoccini::{Client, Locator};
use kanun_model::user::Role;
use serde_json::json;

use super::{browser, browser_available, js, rt, screenshot, start_driver, start_server, wait_css, wait_js};

async fn login(c: &Client, base: &str, name: &str) {
    c.delete_all_cookies().await.unwrap();
    c.goto(&format!("{base}/login")).await.unwrap();
    wait_css(c, "#login-name").await.send_keys(name).await.unwrap();
    c.find(Locator::Css("#login-password"))
        .await
        .unwrap()
        .send_keys(&format!("{name}-password\u{E007}"))
        .await
        .unwrap();
    wait_js(c, "signed in", "location.pathname === '/search'").await;
}

/// Opens a provision's action (`edit`, `insert`, `repeal`, `move`): the provision made the current one (as a click
/// on its text does), then its own button, not one of its parts'.
async fn action(c: &Client, eid: &str, act: &str) {
    wait_css(c, &format!("[id='p-{eid}']")).await;
    js(c, &format!("document.getElementById('p-{eid}').focus(); return true;")).await;
    let css = format!("#p-{eid} > .prov-actions > .act-{act}");
    wait_css(c, &css).await.click().await.unwrap();
}

/// Types into a field of the open form (after clearing it).
async fn fill(c: &Client, id: &str, text: &str) {
    let f = wait_css(c, &format!("[id='{id}']")).await;
    f.clear().await.unwrap();
    f.send_keys(text).await.unwrap();
}

/// Saves the form open under `eid` and waits for the revision the save makes.
async fn save(c: &Client, eid: &str, revision: u32) {
    wait_css(c, &format!("#p-{eid} > form.prov-form button.save")).await.click().await.unwrap();
    wait_js(
        c,
        &format!("revision {revision}"),
        &format!("document.querySelector('#editor-status').textContent.includes('{revision}') && !document.querySelector('form.prov-form')"),
    )
    .await;
}

#[test]
fn a_drafter_writes_a_draft_beside_its_redline_in_chromium() {
    if !browser_available() {
        return;
    }
    let driver = start_driver();
    rt().block_on(async {
        let base = start_server("editor", &[("dana", Role::Drafter), ("reza", Role::Reviewer)]).await;
        let c = browser(&driver).await;
        login(&c, &base, "dana").await;

        // Start a draft from the law in force.
        c.goto(&format!("{base}/editor")).await.unwrap();
        wait_css(&c, "#editor-start").await;
        c.find(Locator::Css("#start-law")).await.unwrap().select_by_value("social-services").await.unwrap();
        fill(&c, "start-name", "ss-2027").await;
        c.find(Locator::Css("#start-submit")).await.unwrap().click().await.unwrap();
        wait_js(&c, "the draft opens", "location.pathname === '/editor/ss-2027' && document.querySelector('#p-art_14__para_2')").await;
        wait_js(&c, "the redline is there", "document.querySelector('#live-redline .redline, #live-redline main, #live-redline section')").await;

        // Part 2 of Article 14 in new wording, with its justification.
        action(&c, "art_14__para_2", "edit").await;
        fill(&c, "text-art_14__para_2", "A person is placed in a residential institution only with his or her informed written consent.").await;
        fill(&c, "why-art_14__para_2", "Consent must be informed.").await;
        save(&c, "art_14__para_2", 2).await;
        let part = js(&c, "return document.querySelector('#p-art_14__para_2').innerText;").await;
        assert!(part.as_str().unwrap().contains("informed written consent"), "{part}");

        // A new article after Article 12, by keyboard (k and j step through the provisions, i inserts after the
        // current one): it is Article 12-1.
        wait_css(&c, "#p-art_12 > h3").await.click().await.unwrap();
        wait_js(&c, "Article 12 is the current provision", "document.querySelector('#p-art_12.current')").await;
        super::seen::press(&c, &[], "kji").await;
        wait_js(&c, "the insert form under Article 12", "document.activeElement && document.activeElement.id === 'newhead-art_12'").await;
        fill(&c, "newhead-art_12", "Respite care").await;
        fill(&c, "new-art_12", "Respite care gives family carers short breaks.").await;
        fill(&c, "why-art_12", "Carers need relief.").await;
        save(&c, "art_12", 3).await;
        wait_css(&c, "#p-art_12-1").await;
        let head = js(&c, "return document.querySelector('#p-art_12-1 h3').innerText;").await;
        assert_eq!(head, json!("Article 12-1. Respite care"));

        // Article 13 repealed.
        action(&c, "art_13", "repeal").await;
        fill(&c, "why-art_13", "Day care moves to the Social Work law.").await;
        save(&c, "art_13", 4).await;
        wait_css(&c, "#p-art_13.repealed").await;

        // Article 15 moved after the new Article 12-1: it becomes 12-2, and the citation in Article 6 follows.
        action(&c, "art_15", "move").await;
        c.find(Locator::Css("[id='place-art_15']")).await.unwrap().select_by_value("after").await.unwrap();
        c.find(Locator::Css("[id='to-art_15']")).await.unwrap().select_by_value("art_12-1").await.unwrap();
        fill(&c, "why-art_15", "The assessment comes before the services.").await;
        save(&c, "art_15", 5).await;
        wait_css(&c, "#p-art_12-2").await;
        let followed = js(&c, "return document.querySelector('#followed').innerText;").await;
        assert!(followed.as_str().unwrap().contains("Article 12-2 of this Law"), "{followed}");
        let art6 = js(&c, "return document.querySelector('#p-art_6').innerText;").await;
        assert!(art6.as_str().unwrap().contains("under Article 12-2 of this Law"), "{art6}");

        // A milestone.
        fill(&c, "milestone-name", "sent to the working group").await;
        c.find(Locator::Css("#milestone-save")).await.unwrap().click().await.unwrap();
        wait_js(&c, "the milestone is listed", "document.querySelector('#revisions').innerText.includes('sent to the working group')").await;

        // The redline beside the text, as seen: each kind of change marked, in words a person reads.
        wait_js(&c, "the redline has the new article", "document.querySelector('#live-redline').innerText.includes('Respite care')").await;
        let seen = js(
            &c,
            r#"const r = document.querySelector('#live-redline');
               const badge = (cls) => [...r.querySelectorAll(`section.row.${cls} .badge`)].map((b) => b.innerText);
               return { modified: badge('modified'), added: badge('new'), repealed: badge('repealed'),
                        moved: [...r.querySelectorAll('section.row.moved .moved')].map((m) => m.innerText),
                        ins: r.querySelectorAll('ins').length, del: r.querySelectorAll('del').length };"#,
        )
        .await;
        assert!(!seen["modified"].as_array().unwrap().is_empty(), "{seen}");
        assert!(!seen["added"].as_array().unwrap().is_empty(), "{seen}");
        assert!(!seen["repealed"].as_array().unwrap().is_empty(), "{seen}");
        assert!(seen["moved"].as_array().unwrap().iter().any(|m| m.as_str().unwrap().contains("moved from")), "{seen}");
        assert!(seen["ins"].as_u64().unwrap() > 0 && seen["del"].as_u64().unwrap() > 0, "{seen}");
        // The checks list what is left: the new article and the new wording need translating.
        let findings = js(&c, "return document.querySelector('#findings').innerText;").await;
        assert!(findings.as_str().unwrap().contains("Article 12-1 — needs translation"), "{findings}");
        screenshot(&c, "eng-editor.png").await;

        // The comparative table carries the justifications.
        c.goto(&format!("{base}/editor/ss-2027?view=table")).await.unwrap();
        wait_js(&c, "the table", "document.querySelector('#live-redline table')").await;
        let table = js(&c, "return document.querySelector('#live-redline').innerText;").await;
        assert!(table.as_str().unwrap().contains("Consent must be informed."), "{table}");

        // A reviewer has no drafter's controls, but suggests wording for the new article.
        login(&c, &base, "reza").await;
        c.goto(&format!("{base}/editor/ss-2027")).await.unwrap();
        wait_css(&c, "#p-art_12-1").await;
        let controls = js(&c, "return document.querySelectorAll('.act-edit, .act-insert, .act-repeal, .act-move, #milestone-save').length;").await;
        assert_eq!(controls, json!(0));
        action(&c, "art_12-1", "suggest").await;
        fill(&c, "sug-art_12-1", "Respite care gives family carers short breaks of up to thirty days a year.").await;
        fill(&c, "why-art_12-1", "Name the length of the break, as CRPD Article 19 reviews ask.").await;
        wait_css(&c, "#p-art_12-1 > form.prov-form button.save").await.click().await.unwrap();
        wait_js(&c, "the suggestion is listed", "document.querySelector('#suggestions li.suggestion.open') && !document.querySelector('form.prov-form')").await;

        // And comments on the moved article.
        action(&c, "art_12-2", "comment").await;
        fill(&c, "why-art_12-2", "Say who carries out the assessment.").await;
        wait_css(&c, "#p-art_12-2 > form.prov-form button.save").await.click().await.unwrap();
        wait_js(&c, "the comment is listed", "document.querySelector('#suggestions li.suggestion.comment') && !document.querySelector('form.prov-form')").await;

        // The drafter accepts it: a new revision, credited to the reviewer; the table carries the reviewer's reason.
        login(&c, &base, "dana").await;
        c.goto(&format!("{base}/editor/ss-2027?view=table")).await.unwrap();
        wait_css(&c, "#suggestions li.suggestion.wording.open .sug-accept").await.click().await.unwrap();
        wait_js(&c, "accepted", "document.querySelector('#suggestions li.suggestion.accepted') && document.querySelector('#editor-status').textContent.includes('7')").await;
        wait_js(&c, "the table has the reviewer's reason", "document.querySelector('#live-redline').innerText.includes('as CRPD Article 19 reviews ask')").await;
        let text = js(&c, "return document.querySelector('#p-art_12-1').innerText;").await;
        assert!(text.as_str().unwrap().contains("up to thirty days a year"), "{text}");
        let revs = js(&c, "return document.querySelector('#revisions').innerText;").await;
        assert!(revs.as_str().unwrap().contains("suggested by reza"), "{revs}");
        screenshot(&c, "eng-editor-suggestion.png").await;

        // Split Article 14 after its part 1 (part 2 becomes Article 14-1), then merge it back.
        action(&c, "art_14", "split").await;
        c.find(Locator::Css("[id='split-art_14']")).await.unwrap().select_by_value("1").await.unwrap();
        fill(&c, "why-art_14", "Consent gets an article of its own.").await;
        save(&c, "art_14", 8).await;
        wait_css(&c, "#p-art_14-1").await;
        action(&c, "art_14", "merge").await;
        fill(&c, "why-art_14", "Back together.").await;
        save(&c, "art_14", 9).await;
        wait_js(&c, "merged back", "!document.querySelector('#p-art_14-1') && document.querySelector('#p-art_14__para_2')").await;

        // The Word document the page offers, with tracked changes, read back by pandoc: accepting every change
        // gives the draft, rejecting them the law in force.
        let docx = download(&c, "#downloads a[data-format='docx']").await;
        let path = std::env::temp_dir().join(format!("kanun-browser-editor-{}.docx", std::process::id()));
        std::fs::write(&path, &docx).unwrap();
        let (accepted, rejected) = (pandoc(&path, "accept"), pandoc(&path, "reject"));
        assert!(accepted.contains("Article 12-1. Respite care") && accepted.contains("up to thirty days a year"), "{accepted}");
        assert!(accepted.contains("only with his or her informed written consent."), "{accepted}");
        assert!(!accepted.contains("Day care is provided in day centres"), "Article 13 is repealed: {accepted}");
        assert!(rejected.contains("Article 13. Day care") && !rejected.contains("Respite care"), "{rejected}");
        assert!(rejected.contains("Article 15. Individual needs assessment"), "{rejected}");

        // Amendment instructions from the editor's draft, as the page offers them.
        let instructions = String::from_utf8(download(&c, "#downloads a[data-format='instructions']").await).unwrap();
        assert!(instructions.contains("Article 13 shall be repealed."), "{instructions}");

        // The draft with every revision, for git: one line per revision after the draft's entry.
        let jsonl = String::from_utf8(download(&c, "#downloads a[data-format='jsonl']").await).unwrap();
        let kinds: Vec<String> = jsonl
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["line"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(kinds.iter().filter(|k| *k == "revision").count(), 9, "{kinds:?}");
        assert_eq!((kinds.first().map(String::as_str), kinds.last().map(String::as_str)), (Some("head"), Some("state")));

        // That document, as a colleague would mail it back, starts a new draft: its changes taken in, each a
        // revision credited to its author (dana, who downloaded it).
        c.goto(&format!("{base}/editor")).await.unwrap();
        wait_css(&c, "#editor-word").await;
        c.find(Locator::Css("#word-law")).await.unwrap().select_by_value("social-services").await.unwrap();
        fill(&c, "word-name", "ss-from-word").await;
        c.find(Locator::Css("#word-lang")).await.unwrap().select_by_value("eng").await.unwrap();
        c.find(Locator::Css("#word-file")).await.unwrap().send_keys(&path.display().to_string()).await.unwrap();
        c.find(Locator::Css("#word-accept")).await.unwrap().click().await.unwrap();
        c.find(Locator::Css("#word-submit")).await.unwrap().click().await.unwrap();
        wait_js(&c, "the report", "document.querySelector('#word-result .word-report')").await;
        let report = js(&c, "return document.querySelector('#word-result').innerText;").await;
        let report = report.as_str().unwrap();
        assert!(report.contains("35 of the law's 35 articles as in force"), "{report}");
        assert!(report.contains("Taken into the draft"), "{report}");
        assert!(report.contains("Article 12-1 — new provision (by dana)"), "{report}");
        assert!(report.contains("Article 13 — deleted (by dana)"), "{report}");
        assert!(report.contains("Article 14, part 2 — new wording (by dana)"), "{report}");
        screenshot(&c, "eng-editor-word.png").await;
        c.find(Locator::Css("#word-open")).await.unwrap().click().await.unwrap();
        wait_js(&c, "the draft from Word opens", "location.pathname === '/editor/ss-from-word' && document.querySelector('#p-art_12-1')").await;
        let text = js(&c, "return document.querySelector('#p-art_14__para_2').innerText;").await;
        assert!(text.as_str().unwrap().contains("only with his or her informed written consent."), "{text}");
        std::fs::remove_file(&path).ok();

        // Full renumbering with a locked number: the first change numbers the law again from 1 (Article 10-1
        // becomes 11, so Article 11 becomes 12), but Article 20, locked, keeps its number.
        c.goto(&format!("{base}/editor")).await.unwrap();
        wait_css(&c, "#editor-start").await;
        c.find(Locator::Css("#start-law")).await.unwrap().select_by_value("social-services").await.unwrap();
        fill(&c, "start-name", "ss-renumbered").await;
        c.find(Locator::Css("#start-numbering")).await.unwrap().select_by_value("renumber").await.unwrap();
        c.find(Locator::Css("#start-submit")).await.unwrap().click().await.unwrap();
        wait_js(&c, "the draft opens", "location.pathname === '/editor/ss-renumbered' && document.querySelector('#p-art_20')").await;
        action(&c, "art_20", "lock").await;
        wait_js(&c, "locked", "document.querySelector('#editor-status').textContent.includes('2') && document.querySelector('#p-art_20 > .locked')").await;
        let seen = js(
            &c,
            "return ['art_12', 'art_20'].map((e) => document.querySelector(`#p-${e} > h3`).innerText)
                .concat([document.querySelector('#p-art_20 > .locked').innerText, document.querySelector('#p-art_20 > .prov-actions > .act-lock').innerText]);",
        )
        .await;
        assert_eq!(
            seen,
            json!([
                "Article 12. Types of social services",
                "Article 20. Providers of social services",
                "Number locked: kept in renumbering",
                "Unlock number"
            ])
        );
        c.close().await.unwrap();
    });
}

/// The bytes of a download link of the page, fetched as the browser does (its session).
async fn download(c: &Client, css: &str) -> Vec<u8> {
    let script = r#"
        const [css, done] = arguments;
        const a = document.querySelector(css);
        if (!a) { done({ error: `no link ${css}` }); return; }
        fetch(a.href, { credentials: 'same-origin' }).then(async (r) => {
          done({ status: r.status, bytes: Array.from(new Uint8Array(await r.arrayBuffer())) });
        }).catch((e) => done({ error: String(e) }));
    "#;
    let v = c.execute_async(script, vec![json!(css)]).await.unwrap();
    assert_eq!(v["status"], json!(200), "{css}: {v}");
    v["bytes"].as_array().unwrap().iter().map(|b| b.as_u64().unwrap() as u8).collect()
}

/// A Word document read back by pandoc with its tracked changes accepted or rejected, whitespace collapsed.
fn pandoc(path: &std::path::Path, changes: &str) -> String {
    let out = std::process::Command::new("pandoc")
        .args(["--from", "docx", "--to", "plain", "--wrap=none", &format!("--track-changes={changes}")])
        .arg(path)
        .output()
        .expect("pandoc (installed by tests/run)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}
