//! The workbench as a person sees it. Every page and state (search with results and past its last page, the
//! reader in force and in an earlier version, the parallel view, annotations, each draft language and view, the
//! report, sign-in, the users' screen) in each interface language is checked for what a reader would notice: a
//! raw address, `undefined`, `null`, `[object`, an error box, "Loading…" still shown after 5 s, a page wider than
//! the 1280 px window, an English interface word in the Russian or Turkmen interface (law text and what users
//! wrote excepted: they carry their own `lang` or are marked `.user-text`), and axe-core's WCAG 2 A/AA rules.
//! Screenshots of each go to `target/screenshots/<lang>-<page>.png`.
//!
//! Then the paths people take: the keyboard from a search hit to a saved note in at most five keystrokes, quoting
//! a span without a mouse, the annotate control beside the selection, editing and deleting a note, replies signed
//! with the name given, the panel's filter applied to the highlights, Back to the same place in the results, the
//! reader keeping its point in time across languages, definitions opened by keyboard, a deep link kept across
//! sign-in, and the admin's users' screen.

use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, Locator};
use kanun_model::user::Role;
use serde_json::{Value, json};

use super::{browser, browser_available, js, rt, screenshot, start_driver, start_server, wait_css, wait_js};

/// The axe-core release the accessibility check injects (from its npm package, fetched once into `target/`).
const AXE_VERSION: &str = "4.11.4";

/// axe-core's script: `target/axe-core-<version>/package/axe.min.js`, fetched with `npm pack` when missing.
fn axe_source() -> String {
    let dir = super::root().join(format!("target/axe-core-{AXE_VERSION}"));
    let file = dir.join("package/axe.min.js");
    if !file.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let packed = std::process::Command::new("npm")
            .args(["pack", &format!("axe-core@{AXE_VERSION}"), "--silent", "--pack-destination"])
            .arg(&dir)
            .status()
            .unwrap_or_else(|e| {
                panic!(
                    "npm is needed to fetch axe-core for the accessibility check ({e}): apt-get install npm"
                )
            });
        assert!(packed.success(), "npm pack axe-core@{AXE_VERSION} failed");
        let tgz = dir.join(format!("axe-core-{AXE_VERSION}.tgz"));
        let untar =
            std::process::Command::new("tar").arg("-xzf").arg(&tgz).arg("-C").arg(&dir).status().unwrap();
        assert!(untar.success(), "cannot unpack {}", tgz.display());
    }
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// What a person would notice on the page now, as a list of problems (empty when the page is right).
const AUDIT: &str = r#"
const [ui, english] = arguments;
const problems = [];
const docLang = document.documentElement.lang;
// Interface text: not inside an element whose language differs from the interface's (law text), nor written
// by a user.
const isUi = (node) => {
  const e = node.nodeType === 1 ? node : node.parentElement;
  // What is typed literally (query syntax, keys) is code, in no language.
  if (e.closest('.user-text, code, kbd')) return false;
  const l = e.closest('[lang]');
  return !l || l.lang === docLang;
};
const seen = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
let n;
while ((n = walker.nextNode())) {
  const p = n.parentElement;
  if (!p || p.closest('script,style,noscript,template') || !n.data.trim()) continue;
  const r = document.createRange();
  r.selectNodeContents(n);
  if (!r.getClientRects().length) continue; // not rendered: hidden, or in a closed <details>
  seen.push({ text: n.data, ui: isUi(n) });
}
for (const s of document.querySelectorAll('select')) {
  if (!s.getClientRects().length) continue;
  for (const o of s.options) seen.push({ text: o.text, ui: isUi(o) });
}
for (const i of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
  if (i.getClientRects().length) seen.push({ text: i.placeholder, ui: true });
}
const all = seen.map((s) => s.text).join('\n');
for (const m of all.matchAll(/https?:\/\/\S+|\/akn\/\S+/g)) problems.push(`a raw address is shown: ${m[0]}`);
for (const w of ['undefined', 'null', 'NaN', '[object']) {
  const esc = w.replace(/[\[\]]/g, '\\$&');
  if (new RegExp(`(^|[^\\p{L}])${esc}($|[^\\p{L}])`, 'u').test(all)) problems.push(`"${w}" is shown`);
}
const err = document.getElementById('error');
if (err && !err.hidden && err.getClientRects().length) problems.push(`the error box is shown: ${err.textContent}`);
for (const e of document.querySelectorAll('.loading')) if (e.getClientRects().length) problems.push('"Loading…" is still shown');
if (document.documentElement.scrollWidth > window.innerWidth) {
  problems.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
}
if (ui !== 'eng') {
  const res = english.map((e) => [e, new RegExp(`(^|[^\\p{L}])${e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u')]);
  for (const s of seen.filter((x) => x.ui)) {
    for (const [e, re] of res) if (re.test(s.text)) problems.push(`English in the ${ui} interface: "${e}" in "${s.text.trim().slice(0, 90)}"`);
  }
}
return [...new Set(problems)];
"#;

/// English interface strings (those that differ in the interface language `ui`), and the English words the server
/// used to write beside the law text.
const ENGLISH: &str = r#"
const [ui, done] = arguments;
import('/assets/i18n.js').then((m) => {
  const out = new Set(['modified', 'renumbered', 'unchanged', 'inserted', 'deleted', 'recommendation', 'accepted',
    'Justification', 'Current wording', 'Proposed wording', 'Working group notes', 'Review report', 'in-force',
    'Loading', 'Article', 'Articles', 'annotation', 'annotations', 'draft', 'drafts']);
  for (const [k, v] of Object.entries(m.STRINGS.eng)) {
    if (m.STRINGS[ui][k] === v) continue;
    for (const part of v.split(/\{\w+\}/)) {
      const p = part.trim().replace(/^[·:,.—–→← ]+|[·:,.—–→← ]+$/g, '');
      if (p.length >= 4) out.add(p);
    }
  }
  done([...out]);
});
"#;

/// Checks the page now: waits until `ready` holds and nothing is loading (5 s at most after it), then audits it
/// and runs axe; panics with every problem found. Makes the screenshot `<ui>-<name>.png`.
async fn check_page(c: &Client, ui: &str, name: &str, ready: &str, english: &Value, axe: &str) {
    wait_js(c, &format!("{ui} {name}: the page is ready"), ready).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while js(c, "return [...document.querySelectorAll('.loading')].some(e => e.getClientRects().length > 0);")
        .await
        == json!(true)
        && std::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(150)).await;
    screenshot(c, &format!("{ui}-{name}.png")).await;
    let problems = c.execute(AUDIT, vec![json!(ui), english.clone()]).await.unwrap();
    assert_eq!(problems, json!([]), "{ui} {name}: what a person would see is wrong");
    if js(c, "return typeof window.axe === 'undefined';").await == json!(true) {
        c.execute(axe, vec![]).await.unwrap();
    }
    let violations = c
        .execute_async(
            r#"const done = arguments[0];
               axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                 .then((r) => done(r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)))
                 .catch((e) => done([`axe failed: ${e}`]));"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(violations, json!([]), "{ui} {name}: accessibility (axe-core {AXE_VERSION}, WCAG 2.1 A/AA)");
}

async fn set_ui(c: &Client, base: &str, ui: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    wait_css(c, "#main").await;
    js(c, &format!("localStorage.setItem('kanun.ui', '{ui}'); return true;")).await;
}

#[test]
fn every_page_in_every_interface_language_is_right_as_seen() {
    if !browser_available() {
        return;
    }
    let driver = start_driver();
    let axe = axe_source();
    rt().block_on(async {
        let base = start_server("seen-local", &[]).await;
        let team = start_server("seen-team", &[("ada", Role::Admin), ("rev", Role::Reviewer)]).await;
        // A corpus of many laws, as a national one is: a common word is found in more laws than a page lists.
        let (corpus, annotations) = super::generated_corpus("seen-many-laws", 3_000);
        let many = super::start_server_on("seen-many", &[], corpus, annotations).await;
        let c = browser(&driver).await;
        // A reply, so that the report shows a thread.
        set_ui(&c, &base, "eng").await;
        let list = super::api(&c, "GET", "/api/v1/annotations?work=social-services", json!(null)).await;
        let first = list["body"]["annotations"][0]["id"].as_str().unwrap().to_string();
        let r = super::api(&c, "POST", &format!("/api/v1/annotations/{first}/replies"), json!({"body": "Agreed — REPLY-SEEN", "author": "M. Atayeva"})).await;
        assert_eq!(r["status"], 201, "{r}");

        // A draft in the editor, with a new article (so that its checks and redline have something to show).
        let r = super::api(&c, "POST", "/api/v1/editor", json!({"name": "ss-seen", "law": "social-services"})).await;
        assert_eq!(r["status"], 201, "{r}");
        let step = json!({"op": "insert", "eid": "art_12", "place": "after", "language": "eng", "heading": "Respite care",
                          "text": ["Short breaks for carers."], "justification": "Carers need relief."});
        let r = c
            .execute_async(
                r#"const [step, done] = arguments;
                   fetch('/api/v1/session').then(r => r.json()).then(s => fetch('/api/v1/editor/ss-seen/changes', {
                     method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrf, 'if-match': '"1"' },
                     body: JSON.stringify(step) })).then(r => done(r.status));"#,
                vec![step],
            )
            .await
            .unwrap();
        assert_eq!(r, json!(200));

        let pages: &[(&str, &str, &str)] = &[
            ("editor-list", "/editor", "document.querySelector('#editor-drafts li.draft') && document.querySelector('#editor-start')"),
            ("editor", "/editor/ss-seen", "document.querySelector('#p-art_12-1') && document.querySelector('#live-redline section.row.new') && document.querySelector('#findings li.finding')"),
            ("editor-rus-table", "/editor/ss-seen?lang=rus&view=table", "document.querySelector('#live-redline table')"),
            ("editor-rus-side", "/editor/ss-seen?lang=rus&view=side", "document.querySelector('#live-redline table.side')"),
            ("search", "/search?q=social%20services", "document.querySelectorAll('li.hit').length > 0 && document.querySelector('#pager a.page-num')"),
            ("search-past-the-end", "/search?q=social%20services&page=99", "document.querySelector('#result-count a.page-last')"),
            ("search-annotations", "/search?q=consent&kind=annotation", "document.querySelector('#result-count').textContent.length > 0"),
            ("reader", "/read/social-services?lang=eng#art_9", "document.activeElement && document.activeElement.id === 'art_9' && document.querySelector('li.anno-item')"),
            ("reader-earlier", "/read/social-services?lang=rus&asof=2022-01-01", "document.querySelector('#version-notice a')"),
            ("reader-parallel", "/read/social-services?lang=tuk&parallel=rus", "document.querySelector('.parallel-row article[id^=\"par-\"]')"),
            ("drafts", "/drafts", "document.querySelector('li.draft a.draft-link')"),
            ("draft-eng", "/drafts/social-services-amendments?lang=eng", "document.querySelector('#redline ins')"),
            ("draft-rus-side", "/drafts/social-services-amendments?lang=rus&view=side", "document.querySelector('#redline-side ins')"),
            ("draft-rus-table", "/drafts/social-services-amendments?lang=rus&view=table", "document.querySelector('#comparative-table table')"),
            ("draft-tuk-missing", "/drafts/social-services-amendments?lang=tuk", "document.querySelector('.notice a.lang-link')"),
            ("report", "/report", "document.querySelector('#report .report-item') && document.querySelector('#report h3 a[href^=\"/read/\"]') && document.body.textContent.includes('REPLY-SEEN')"),
        ];
        for ui in ["eng", "rus", "tuk"] {
            set_ui(&c, &base, ui).await;
            let english = c.execute_async(ENGLISH, vec![json!(ui)]).await.unwrap();
            for (name, path, ready) in pages {
                c.goto(&format!("{base}{path}")).await.unwrap();
                check_page(&c, ui, name, ready, &english, &axe).await;
            }
            // The laws beside the results of a word found in many laws: the twenty where it is most frequent,
            // and how many others there are, in the interface language.
            set_ui(&c, &many, ui).await;
            c.goto(&format!("{many}/search?q=services")).await.unwrap();
            check_page(&c, ui, "search-many-laws", "document.querySelector('#facets .facet-more')", &english, &axe).await;
            let r = super::api(&c, "GET", "/api/v1/search?q=services", json!(null)).await;
            let more = r["body"]["facets_more"]["work"].as_u64().unwrap();
            assert!(more > 0, "{ui}: the generated corpus has more than 20 laws with the word: {}", r["body"]["facets"]);
            let seen = js(&c, "return [...document.querySelectorAll('#facets a.facet[data-field=work]')].filter(a => a.getClientRects().length > 0).length;").await;
            assert_eq!(seen, json!(20), "{ui}: the twenty most frequent laws are listed");
            let note = js(&c, "const e = document.querySelector('#facets .facet-more'); return e.getClientRects().length ? e.innerText : 'not shown';").await;
            let expected = match ui {
                "eng" => format!("{more} more not shown: refine the search"),
                "rus" => format!("Не показано ещё: {more}. Уточните запрос"),
                _ => format!("Görkezilmedik: {more}. Gözlegi takyklaň"),
            };
            assert_eq!(note, json!(expected), "{ui}: the laws left out, as seen");
            js(&c, "document.querySelector('#facets .facet-more').scrollIntoView({ block: 'center' }); return true;").await;
            super::screenshot(&c, &format!("{ui}-search-many-laws-more.png")).await;
            // Team mode: the sign-in page, and the admin's users' screen.
            c.delete_all_cookies().await.unwrap();
            set_ui(&c, &team, ui).await;
            c.goto(&format!("{team}/login")).await.unwrap();
            check_page(&c, ui, "login", "document.querySelector('#login-form')", &english, &axe).await;
            wait_css(&c, "#login-name").await.send_keys("ada").await.unwrap();
            c.find(Locator::Css("#login-password")).await.unwrap().send_keys("ada-password\u{E007}").await.unwrap();
            wait_js(&c, "signed in", "location.pathname === '/search'").await;
            c.goto(&format!("{team}/users")).await.unwrap();
            check_page(&c, ui, "users", "document.querySelector('#users tr.user') && document.querySelector('#user-add')", &english, &axe).await;
            c.delete_all_cookies().await.unwrap();
        }
        c.close().await.unwrap();
    });
}

/// Presses keys on whatever has the focus (as a person does: no element is targeted): `mods` held down while each
/// character of `keys` is pressed and released.
pub async fn press(c: &Client, mods: &[char], keys: &str) {
    let mut a = KeyActions::new("keyboard".into());
    for m in mods {
        a = a.then(KeyAction::Down { value: *m });
    }
    for k in keys.chars() {
        a = a.then(KeyAction::Down { value: k }).then(KeyAction::Up { value: k });
    }
    for m in mods.iter().rev() {
        a = a.then(KeyAction::Up { value: *m });
    }
    c.perform_actions(a).await.unwrap();
}

const ENTER: &str = "\u{E007}";
const CTRL: char = '\u{E009}';
const SHIFT: char = '\u{E008}';
const RIGHT: char = '\u{E014}';
const ESCAPE: &str = "\u{E00C}";

#[test]
fn the_keyboard_goes_from_a_search_hit_to_a_saved_note_in_five_keys() {
    if !browser_available() {
        return;
    }
    let driver = start_driver();
    rt().block_on(async {
        let base = start_server("keyboard", &[]).await;
        let c = browser(&driver).await;
        c.goto(&format!("{base}/search")).await.unwrap();
        wait_css(&c, "#q").await.send_keys("\"written consent\"\u{E007}").await.unwrap();
        // The results take the focus: the first hit is focused.
        wait_js(&c, "the first hit has the focus", "document.activeElement && document.activeElement.matches('li.hit a.hit-link')").await;
        let href = js(&c, "return document.activeElement.getAttribute('href');").await;
        let eid = href.as_str().unwrap().rsplit_once('#').unwrap().1.to_string();
        let mut pressed = 0;
        press(&c, &[], ENTER).await; // Enter: open the hit
        pressed += 1;
        wait_js(&c, "the opened provision has the focus", &format!("document.activeElement && document.activeElement.id === '{eid}'")).await;
        press(&c, &[], "a").await; // a: annotate the provision
        pressed += 1;
        wait_js(&c, "the note field has the focus", "document.activeElement && document.activeElement.id === 'anno-body'").await;
        c.active_element().await.unwrap().send_keys("KEYBOARD-NOTE: consent must be renewable.").await.unwrap();
        press(&c, &[CTRL], ENTER).await; // Ctrl+Enter: save
        pressed += 1;
        wait_js(&c, "the note is saved and listed", "[...document.querySelectorAll('li.anno-item')].some(li => li.textContent.includes('KEYBOARD-NOTE'))").await;
        assert!(pressed <= 5, "{pressed} keys from the hit to the saved note");
        let saved = super::api(&c, "GET", "/api/v1/annotations?work=social-services", json!(null)).await;
        let note = saved["body"]["annotations"].as_array().unwrap().iter().find(|a| a["body"].as_str().unwrap_or("").contains("KEYBOARD-NOTE")).unwrap().clone();
        let article = eid.split("__").next().unwrap();
        assert!(note["target"]["eid"].as_str().unwrap().starts_with(article), "the note is on {}, the hit was {eid}", note["target"]["eid"]);

        // A span quoted without a mouse: s opens the provision's text in a field; Shift+arrows select; Enter.
        js(&c, "document.activeElement.blur(); const a = document.querySelector('article.provision[data-eid=\"art_14\"]'); a.setAttribute('tabindex','-1'); a.focus(); return true;").await;
        press(&c, &[], "s").await;
        wait_js(&c, "the quote box has the focus", "document.activeElement && document.activeElement.id === 'anno-quote-box'").await;
        press(&c, &[], &RIGHT.to_string().repeat(10)).await;
        press(&c, &[SHIFT], &RIGHT.to_string().repeat(12)).await;
        press(&c, &[], ENTER).await;
        wait_js(&c, "the note form quotes the selected words", "document.activeElement && document.activeElement.id === 'anno-body'").await;
        let quote = js(&c, "return document.querySelector('#anno-quote').value;").await;
        let expected = js(&c, "return Array.from([...document.querySelectorAll('article.provision[data-eid=\"art_14\"] > p.line')].map(p => p.textContent).join('\\n')).slice(10, 22).join('');").await;
        assert_eq!(quote, expected, "the quote is the 12 characters selected");
        c.active_element().await.unwrap().send_keys("QUOTED-BY-KEYBOARD").await.unwrap();
        press(&c, &[CTRL], ENTER).await;
        wait_js(&c, "the quoted span is highlighted", &format!("[...document.querySelectorAll('mark.anno')].some(m => {quote}.includes(m.textContent.trim()) && m.textContent.trim().length > 2)")).await;

        // ? lists the shortcuts; Escape closes the list.
        js(&c, "document.activeElement.blur(); return true;").await;
        press(&c, &[], "?").await;
        wait_js(&c, "the shortcuts are listed", "document.querySelector('dialog#kbd-help[open]')").await;
        press(&c, &[], ESCAPE).await;
        wait_js(&c, "the list closes", "!document.querySelector('dialog#kbd-help')").await;

        // A defined term's definition opens by keyboard.
        c.goto(&format!("{base}/read/social-services?lang=eng#art_27")).await.unwrap();
        wait_js(&c, "the provision has the focus", "document.activeElement && document.activeElement.id === 'art_27'").await;
        js(&c, "[...document.querySelectorAll('article[data-eid=\"art_27\"] span.term')].find(s => s.dataset.definition.startsWith('a person with the qualifications')).focus(); return true;").await;
        press(&c, &[], ENTER).await;
        wait_js(&c, "the definition is shown", "[...document.querySelectorAll('.term-pop')].some(p => p.getClientRects().length && p.textContent.includes('a person with the qualifications'))").await;
        c.close().await.unwrap();
    });
}

#[test]
fn annotating_reading_and_searching_behave_as_people_expect() {
    if !browser_available() {
        return;
    }
    let driver = start_driver();
    rt().block_on(async {
        let base = start_server("behave", &[]).await;
        let c = browser(&driver).await;

        // The annotate control appears beside the selection, even far down the page, and in a window narrower
        // than the three columns (the panel is then below the text).
        c.set_window_size(1000, 900).await.unwrap();
        c.goto(&format!("{base}/read/social-services?lang=eng#art_30")).await.unwrap();
        wait_css(&c, "article.provision[data-eid='art_30'] p.line").await;
        let selected = js(&c, r#"
            const line = document.querySelector("article.provision[data-eid='art_30'] p.line");
            const node = [...line.childNodes].find(n => n.nodeType === 3 && n.data.trim().length > 12);
            const range = document.createRange();
            range.setStart(node, 0); range.setEnd(node, 12);
            const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
            line.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
            return range.getBoundingClientRect().bottom;
        "#).await;
        wait_js(&c, "the annotate control shows", "!document.querySelector('#anno-add').hidden").await;
        let place = js(&c, "const r = document.querySelector('#anno-add').getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight];").await;
        let (top, bottom, height) = (place[0].as_f64().unwrap(), place[1].as_f64().unwrap(), place[2].as_f64().unwrap());
        let sel_bottom = selected.as_f64().unwrap();
        assert!(top >= 0.0 && bottom <= height, "the control is in view ({top}–{bottom} of {height})");
        assert!((top - sel_bottom).abs() < 60.0, "the control is beside the selection (control at {top}, selection ends at {sel_bottom})");
        c.find(Locator::Css("#anno-add")).await.unwrap().click().await.unwrap();
        wait_css(&c, "#anno-form").await;
        c.set_window_size(1280, 1000).await.unwrap();
        c.find(Locator::Css("#anno-author")).await.unwrap().clear().await.unwrap();
        c.find(Locator::Css("#anno-author")).await.unwrap().send_keys("L. Hojayeva").await.unwrap();
        c.find(Locator::Css("#anno-type")).await.unwrap().select_by_value("question").await.unwrap();
        c.find(Locator::Css("#anno-body")).await.unwrap().send_keys("EDIT-ME first wording").await.unwrap();
        c.find(Locator::Css("#anno-save")).await.unwrap().click().await.unwrap();
        wait_js(&c, "the note is listed", "[...document.querySelectorAll('li.anno-item')].some(li => li.textContent.includes('EDIT-ME'))").await;

        // A reply is signed with the name given, not "local".
        let item = "[...document.querySelectorAll('li.anno-item')].find(li => li.textContent.includes('EDIT-ME'))";
        js(&c, &format!("const li = {item}; li.querySelector('textarea.anno-reply-text').value = 'REPLY-NAMED'; li.querySelector('form.anno-reply-form button').click(); return true;")).await;
        wait_js(&c, "the reply is signed with the name", &format!("[...{item}.querySelectorAll('.anno-reply')].some(r => r.textContent.includes('REPLY-NAMED') && r.textContent.includes('L. Hojayeva'))")).await;

        // Edit, then delete, in the interface.
        js(&c, &format!("{item}.querySelector('button.anno-edit').click(); return true;")).await;
        wait_css(&c, "#anno-form").await;
        c.find(Locator::Css("#anno-body")).await.unwrap().clear().await.unwrap();
        c.find(Locator::Css("#anno-body")).await.unwrap().send_keys("EDIT-ME second wording").await.unwrap();
        c.find(Locator::Css("#anno-save")).await.unwrap().click().await.unwrap();
        wait_js(&c, "the edited text is shown", &format!("{item} && {item}.textContent.includes('second wording') && !{item}.textContent.includes('first wording')")).await;

        // The panel's filter applies to the highlights too.
        c.find(Locator::Css("#anno-filter-type")).await.unwrap().select_by_value("question").await.unwrap();
        wait_js(&c, "only questions are highlighted", "document.querySelectorAll('mark.anno').length > 0 && [...document.querySelectorAll('mark.anno')].every(m => m.classList.contains('type-question'))").await;
        c.find(Locator::Css("#anno-filter-type")).await.unwrap().select_by_value("").await.unwrap();

        js(&c, &format!("{item}.querySelector('button.anno-delete').click(); return true;")).await;
        wait_css(&c, "button.anno-delete-yes").await.click().await.unwrap();
        wait_js(&c, "the note is gone", &format!("!{item}")).await;

        // Exports are signed by the person: the DOCX's tracked changes carry the name given.
        c.goto(&format!("{base}/drafts/social-services-amendments")).await.unwrap();
        let docx = wait_css(&c, "#downloads a[data-format='docx']").await.attr("href").await.unwrap().unwrap();
        assert!(docx.contains("author=L.+Hojayeva") || docx.contains("author=L.%20Hojayeva"), "{docx}");

        // An earlier version says it is not the current text; another language keeps the point in time.
        c.goto(&format!("{base}/read/social-services?lang=eng&asof=2022-01-01")).await.unwrap();
        wait_css(&c, "#version-notice a").await;
        c.find(Locator::Css("#doc-lang")).await.unwrap().select_by_value("rus").await.unwrap();
        wait_js(&c, "Russian, still 2022", "new URLSearchParams(location.search).get('lang') === 'rus' && document.querySelector('#asof') && document.querySelector('#asof').value === '2022-01-01' && document.querySelector('#version-notice')").await;
        // Leaving the reader, the title is the page's, not the law's.
        c.find(Locator::Css("nav.nav a[href='/drafts']")).await.unwrap().click().await.unwrap();
        wait_js(&c, "the title follows the page", "document.title === 'Drafts — Kanun'").await;

        // Search: page numbers; Back returns to the same place in the results.
        c.goto(&format!("{base}/search?q=social")).await.unwrap();
        wait_css(&c, "#pager a.page-num").await;
        let pages = c.find_all(Locator::Css("#pager a.page-num")).await.unwrap().len();
        assert!(pages >= 2, "{pages} page numbers");
        js(&c, "window.scrollTo(0, 400); return true;").await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        let y = js(&c, "return window.scrollY;").await.as_f64().unwrap();
        assert!(y > 100.0, "the results page scrolls ({y})");
        js(&c, "[...document.querySelectorAll('li.hit a.hit-link')].pop().click(); return true;").await;
        wait_js(&c, "the reader opens", "location.pathname.startsWith('/read/') && document.querySelector('article.provision')").await;
        c.back().await.unwrap();
        wait_css(&c, "li.hit a.hit-link").await;
        wait_js(&c, "Back restores the scroll position", &format!("Math.abs(window.scrollY - {y}) < 5")).await;
        // j and k move between the hits.
        js(&c, "document.querySelector('li.hit a.hit-link').focus(); return true;").await;
        press(&c, &[], "jj").await;
        wait_js(&c, "j moves to the next hit", "document.activeElement === document.querySelectorAll('li.hit a.hit-link')[2]").await;
        press(&c, &[], "k").await;
        wait_js(&c, "k moves back", "document.activeElement === document.querySelectorAll('li.hit a.hit-link')[1]").await;
        // Past the last page: no claim of matches over an empty list, a way back instead.
        c.goto(&format!("{base}/search?q=social&page=99")).await.unwrap();
        wait_css(&c, "#result-count a.page-last").await;
        assert_eq!(js(&c, "return document.querySelectorAll('li.hit').length;").await, json!(0));
        // The results can be exported.
        let csv = wait_css(&c, "#result-export a[data-format='csv']").await.attr("href").await.unwrap().unwrap();
        assert!(csv.contains("format=csv") && !csv.contains("page=99"), "{csv}");

        // A draft written in Word is uploaded from the drafts page: the law, its version and language are asked for.
        let law = std::fs::read_to_string(super::root().join("corpus/tm/social-services/eng@2024-07-01.md")).unwrap();
        let changed = law.replace("at least once every two years", "at least once a year");
        let docx = kanun_docx::law(kanun_markdown::parse(&changed, None).expression.as_ref().unwrap(), true).unwrap();
        let path = std::env::temp_dir().join(format!("kanun-word-draft-{}.docx", std::process::id()));
        std::fs::write(&path, docx).unwrap();
        c.goto(&format!("{base}/drafts")).await.unwrap();
        wait_css(&c, "#draft-file").await.send_keys(path.to_str().unwrap()).await.unwrap();
        wait_js(&c, "the Word fields show", "!document.querySelector('#word-fields').hidden").await;
        c.find(Locator::Css("#word-amends")).await.unwrap().select_by_value("social-services").await.unwrap();
        c.find(Locator::Css("#word-lang")).await.unwrap().select_by_value("eng").await.unwrap();
        c.find(Locator::Css("#word-base")).await.unwrap().select_by_value("2024-07-01").await.unwrap();
        c.find(Locator::Css("#word-name")).await.unwrap().send_keys("word-upload").await.unwrap();
        c.find(Locator::Css("#draft-submit")).await.unwrap().click().await.unwrap();
        wait_js(&c, "the Word draft's redline opens", "location.pathname === '/drafts/word-upload' && document.querySelector('#redline ins')").await;
        std::fs::remove_file(&path).ok();

        // In the Russian interface: a citation as Russian lawyers write it, and errors in Russian.
        js(&c, "localStorage.setItem('kanun.ui', 'rus'); return true;").await;
        c.goto(&format!("{base}/read/social-services?lang=rus#art_1__para_1")).await.unwrap();
        wait_js(&c, "the part has the focus", "document.activeElement && document.activeElement.id === 'art_1__para_1'").await;
        c.find(Locator::Css("#copy-citation")).await.unwrap().click().await.unwrap();
        wait_js(&c, "the citation is shown", "document.querySelector('#cite-status').textContent.length > 0").await;
        let cited = js(&c, "return document.querySelector('#cite-status').textContent;").await;
        let cited = cited.as_str().unwrap();
        assert!(cited.contains("часть 1 статьи 1 Закона Туркменистана «О социальных услугах» (в редакции от 01.07.2024)"), "{cited}");
        assert!(cited.contains("/read/social-services?lang=rus&asof=2024-07-01#art_1__para_1"), "{cited}");
        c.goto(&format!("{base}/search?q=%28licensing+OR")).await.unwrap();
        wait_js(&c, "the query error is shown", "!document.querySelector('#search-error').hidden").await;
        let shown = js(&c, "return document.querySelector('#search-error strong').textContent;").await;
        assert_eq!(shown, json!("Запрос не удаётся разобрать"), "the error in the interface language");
        // The date filter is written as Russian readers write dates, read back as they type them, and a date that
        // is not in the calendar is refused in Russian without a search.
        c.goto(&format!("{base}/search?q=social&asof=2023-01-01")).await.unwrap();
        wait_css(&c, "li.hit").await;
        assert_eq!(js(&c, "return document.querySelector('#f-asof').value;").await, json!("01.01.2023"));
        js(&c, "document.querySelector('#f-asof').value = ''; return true;").await;
        let field = c.find(Locator::Css("#f-asof")).await.unwrap();
        field.send_keys("15.3.2023\u{E007}").await.unwrap();
        wait_js(&c, "the search is for 15 March 2023", "new URLSearchParams(location.search).get('asof') === '2023-03-15'").await;
        wait_css(&c, "li.hit").await;
        assert_eq!(js(&c, "return document.querySelector('#f-asof').value;").await, json!("15.03.2023"));
        js(&c, "document.querySelector('#f-asof').value = ''; return true;").await;
        let field = c.find(Locator::Css("#f-asof")).await.unwrap();
        field.send_keys("31.02.2023\u{E007}").await.unwrap();
        wait_js(&c, "the bad date is refused", "!document.querySelector('#search-error').hidden").await;
        let shown = js(&c, "return document.querySelector('#search-error').textContent;").await;
        assert_eq!(shown, json!("«31.02.2023» — не дата: напишите её как 01.07.2024"));
        assert_eq!(js(&c, "return new URLSearchParams(location.search).get('asof');").await, json!("2023-03-15"));
        c.close().await.unwrap();
    });
}

#[test]
fn team_mode_keeps_the_deep_link_and_the_admin_manages_users() {
    if !browser_available() {
        return;
    }
    let driver = start_driver();
    rt().block_on(async {
        let base = start_server("team-users", &[("ada", Role::Admin)]).await;
        let c = browser(&driver).await;
        c.goto(&format!("{base}/read/social-services?lang=eng#art_9")).await.unwrap();
        wait_js(&c, "the login page opens", "location.pathname === '/login'").await;
        wait_css(&c, "#login-name").await.send_keys("ada").await.unwrap();
        c.find(Locator::Css("#login-password")).await.unwrap().send_keys("ada-password\u{E007}").await.unwrap();
        wait_js(&c, "back at the provision asked for", "location.pathname === '/read/social-services' && location.hash === '#art_9' && document.querySelector('article.provision')").await;

        // An address of another site given as the one to return to is not followed.
        c.delete_all_cookies().await.unwrap();
        c.goto(&format!("{base}/login?next=%2F%2Fexample.com%2Fx")).await.unwrap();
        wait_css(&c, "#login-name").await.send_keys("ada").await.unwrap();
        c.find(Locator::Css("#login-password")).await.unwrap().send_keys("ada-password\u{E007}").await.unwrap();
        wait_js(&c, "stays on the workbench", "location.pathname === '/search'").await;
        assert!(c.current_url().await.unwrap().as_str().starts_with(&base));

        // An address of another site given as the one to return to is not followed.
        c.delete_all_cookies().await.unwrap();
        c.goto(&format!("{base}/login?next=%2F%2Fexample.com%2Fx")).await.unwrap();
        wait_css(&c, "#login-name").await.send_keys("ada").await.unwrap();
        c.find(Locator::Css("#login-password")).await.unwrap().send_keys("ada-password\u{E007}").await.unwrap();
        wait_js(&c, "stays on the workbench", "location.pathname === '/search'").await;
        assert!(c.current_url().await.unwrap().as_str().starts_with(&base));
        c.goto(&format!("{base}/search")).await.unwrap();

        // The admin adds a user, makes them a drafter, disables them: they cannot sign in.
        c.find(Locator::Css("#nav-users")).await.unwrap().click().await.unwrap();
        wait_css(&c, "#user-add").await;
        c.find(Locator::Css("#user-name")).await.unwrap().send_keys("nur").await.unwrap();
        c.find(Locator::Css("#user-password")).await.unwrap().send_keys("nur-password-1").await.unwrap();
        c.find(Locator::Css("#user-add button[type='submit']")).await.unwrap().click().await.unwrap();
        wait_css(&c, "tr.user[data-name='nur']").await;
        c.find(Locator::Css("#role-nur")).await.unwrap().select_by_value("drafter").await.unwrap();
        wait_js(&c, "the role is saved", "document.querySelector('#role-nur') && document.querySelector('#role-nur').value === 'drafter'").await;
        let users = super::api(&c, "GET", "/api/v1/users", json!(null)).await;
        assert!(users["body"]["users"].as_array().unwrap().iter().any(|u| u["name"] == "nur" && u["role"] == "drafter"), "{users}");
        js(&c, "document.querySelector(\"tr.user[data-name='nur'] button.user-toggle\").click(); return true;").await;
        wait_js(&c, "nur is disabled", "document.querySelector(\"tr.user.disabled[data-name='nur']\")").await;
        // The last admin cannot disable themselves.
        let r = super::api(&c, "PATCH", "/api/v1/users/ada", json!({"disabled": true})).await;
        assert_eq!(r["status"], 409, "{r}");
        c.delete_all_cookies().await.unwrap();
        c.goto(&format!("{base}/login")).await.unwrap();
        wait_css(&c, "#login-name").await.send_keys("nur").await.unwrap();
        c.find(Locator::Css("#login-password")).await.unwrap().send_keys("nur-password-1\u{E007}").await.unwrap();
        wait_js(&c, "a disabled user is told so", "!document.querySelector('#login-error').hidden && location.pathname === '/login'").await;
        c.close().await.unwrap();
    });
}
