// The workbench's entry point: loads the session, sets the interface language, routes URLs to pages (History
// API: links with data-nav and in-page links under /search, /read, /drafts, /report are handled here, so that
// URLs are shareable and the back button works), and shows errors in the #error banner.

import { loadSession, currentSession, api, ApiError } from './api.js';
import { setLang, rememberedLang, t, apply, uiLang } from './i18n.js';
import { clear } from './dom.js';
import { searchPage } from './search.js';
import { readerPage } from './reader.js';
import { draftsPage, draftPage } from './drafts.js';
import { reportPage } from './report.js';
import { loginPage } from './login.js';

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
  [/^\/report$/, reportPage],
  [/^\/login$/, loginPage],
];

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
}

/** Goes to an internal URL. */
export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
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
    navigate('/login', { replace: true });
    return;
  }
  for (const [re, page] of ROUTES) {
    const m = path.match(re);
    if (!m) continue;
    clear(main);
    try {
      await page(main, m.slice(1).map((x) => x && decodeURIComponent(x)), () => mine === token);
    } catch (e) {
      if (mine === token) showError(e);
    }
    return;
  }
  clear(main);
  showError(new Error(`${path}: no such page`));
}

function header() {
  const s = currentSession();
  const who = document.getElementById('whoami');
  const out = document.getElementById('logout');
  if (s.user) who.textContent = s.mode === 'local' ? t('local') : `${s.user.name} (${s.user.role})`;
  else who.textContent = '';
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
  window.addEventListener('popstate', () => { header(); render(); });
  window.addEventListener('kanun:session', async () => { await loadSession(); header(); });
  await render();
  header();
}

start().catch((e) => showError(e));
