// The workbench's entry point: loads the session, sets the interface language, routes URLs to pages (History
// API: links with data-nav and in-page links under /search, /read, /drafts, /report are handled here, so that
// URLs are shareable and the back button works), and shows errors in the #error banner.

import { loadSession, currentSession, api, ApiError } from './api.js';
import { setLang, rememberedLang, t, apply, uiLang } from './i18n.js';
import { clear, el } from './dom.js';
import { searchPage } from './search.js';
import { readerPage } from './reader.js';
import { draftsPage, draftPage } from './drafts.js';
import { editorListPage, editorPage } from './editor.js';
import { reportPage } from './report.js';
import { loginPage } from './login.js';
import { usersPage } from './users.js';

// Any Content-Security-Policy violation is a bug of these pages: say so in the console, and keep a list that
// the browser tests read (window.__cspViolations).
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
  console.error('CSP violation', e.violatedDirective, e.blockedURI);
});

const ROUTES = [
  [/^\/(search)?$/, searchPage],
  [/^\/read\/([^/]+)$/, readerPage],
  [/^\/drafts$/, draftsPage],
  [/^\/drafts\/([^/]+)$/, draftPage],
  [/^\/editor$/, editorListPage],
  [/^\/editor\/([^/]+)$/, editorPage],
  [/^\/report$/, reportPage],
  [/^\/login$/, loginPage],
  [/^\/users$/, usersPage],
];

// Back and Forward put the page where it was: the scroll position is kept in each history entry.
history.scrollRestoration = 'manual';
function keepScroll() {
  history.replaceState({ ...(history.state || {}), scroll: [window.scrollX, window.scrollY] }, '');
}

// The keys of the page shown now (set by the page, cleared when another is rendered): key → handler.
let pageKeys = {};

/** Sets the page's keyboard shortcuts (`{ j: fn, k: fn, a: fn }`), replacing the previous page's. */
export function setPageKeys(keys) { pageKeys = keys; }

/** Shows an error (an ApiError or any Error) in the banner; `null` hides it. */
export function showError(e) {
  const box = document.getElementById('error');
  clear(box);
  if (!e) { box.hidden = true; return; }
  box.hidden = false;
  const msg = document.createElement('strong');
  msg.textContent = e.message || t('error.generic');
  box.append(msg);
  if (e instanceof ApiError && e.hint) box.append(document.createTextNode(` — ${e.hint}`));
  if (e instanceof ApiError && e.detail) box.append(errorDetail(e));
}

/** The server's own words about an error, folded (they are in English). */
export function errorDetail(e) {
  return el('details', { class: 'error-detail' }, el('summary', {}, t('error.details')), el('p', { lang: 'en' }, e.detail));
}

/** Goes to an internal URL. */
export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else {
    keepScroll();
    history.pushState(null, '', url);
  }
  render();
}

let token = 0;

/** Renders the page of the current URL. */
export async function render() {
  const mine = ++token;
  const main = document.getElementById('main');
  showError(null);
  const s = currentSession();
  const path = location.pathname;
  if (s && s.mode === 'team' && !s.user && path !== '/login') {
    // The address asked for is kept, and opened after signing in.
    navigate(`/login?next=${encodeURIComponent(path + location.search + location.hash)}`, { replace: true });
    return;
  }
  pageKeys = {};
  document.title = 'Kanun';
  for (const [re, page] of ROUTES) {
    const m = path.match(re);
    if (!m) continue;
    clear(main);
    try {
      await page(main, m.slice(1).map((x) => x && decodeURIComponent(x)), () => mine === token);
    } catch (e) {
      if (mine === token) {
        // Whatever was loading is not coming: say so instead of "Loading…".
        for (const l of main.querySelectorAll('.loading')) l.remove();
        showError(e);
      }
    }
    return;
  }
  clear(main);
  showError(new Error(t('error.noPage', { path })));
}

/** Whether a key press is meant for a field being typed in rather than for a shortcut. */
function typing(e) {
  const x = e.target;
  return e.ctrlKey || e.metaKey || e.altKey || (x && (x.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(x.tagName)));
}

/** The keyboard shortcuts, in a dialog. */
function shortcutHelp() {
  const old = document.getElementById('kbd-help');
  if (old) { old.close(); old.remove(); return; }
  const rows = [['/', 'kbd.search'], ['j / k', 'kbd.nextHit'], ['Enter', 'kbd.open'], ['a', 'kbd.annotate'],
    ['s', 'kbd.quote'], ['Ctrl+Enter', 'kbd.save'], ['?', 'kbd.help'], ['Esc', 'kbd.close']];
  const close = el('button', { type: 'button', class: 'kbd-close' }, t('reader.close'));
  const d = el('dialog', { id: 'kbd-help', 'aria-labelledby': 'kbd-title' },
    el('h2', { id: 'kbd-title' }, t('kbd.title')),
    el('dl', {}, rows.map(([k, key]) => [el('dt', {}, el('kbd', {}, k)), el('dd', {}, t(key))])), close);
  close.addEventListener('click', () => { d.close(); d.remove(); });
  d.addEventListener('close', () => d.remove());
  document.body.append(d);
  d.showModal();
  close.focus();
}

document.addEventListener('keydown', (e) => {
  if (typing(e) || e.defaultPrevented) return;
  if (e.key === '?') { e.preventDefault(); shortcutHelp(); return; }
  if (e.key === '/') {
    e.preventDefault();
    const q = document.getElementById('q');
    if (q) q.focus(); else navigate('/search');
    return;
  }
  const f = pageKeys[e.key];
  if (f) { e.preventDefault(); f(e); }
});

function header() {
  const s = currentSession();
  const who = document.getElementById('whoami');
  const out = document.getElementById('logout');
  if (s.user) who.textContent = s.mode === 'local' ? t('local') : `${s.user.name} (${t(`role.${s.user.role}`)})`;
  else who.textContent = '';
  const users = document.getElementById('nav-users');
  if (users) users.hidden = !(s.mode === 'team' && s.user && s.user.role === 'admin');
  out.hidden = !(s.mode === 'team' && s.user);
  apply(document);
  document.getElementById('ui-lang').value = uiLang();
  for (const a of document.querySelectorAll('nav.nav a')) {
    if (location.pathname.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function start() {
  const s = await loadSession();
  setLang(rememberedLang() || s.ui_lang || 'eng');
  header();
  document.getElementById('ui-lang').addEventListener('change', (e) => {
    setLang(e.target.value, true);
    header();
    render();
  });
  document.getElementById('kbd-help-btn').addEventListener('click', shortcutHelp);
  document.getElementById('logout').addEventListener('click', async () => {
    await api('POST', '/api/v1/logout', {});
    await loadSession();
    header();
    navigate('/login');
  });
  // Internal links: same origin, page routes; the rest (downloads, hashes on the same page) go the normal way.
  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href]');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.target) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/') || a.hasAttribute('download')) return;
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    if (!ROUTES.some(([re]) => re.test(url.pathname))) return;
    e.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
  window.addEventListener('popstate', async () => {
    header();
    const at = history.state && history.state.scroll;
    await render();
    if (at) window.scrollTo(at[0], at[1]);
  });
  window.addEventListener('kanun:session', async () => { await loadSession(); header(); });
  await render();
  header();
}

start().catch((e) => showError(e));
