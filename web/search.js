// The search page: #search-form with #q, syntax help (details#syntax-help), filters #f-lang #f-kind #f-status
// #f-work #f-asof, facet counts (#facets), results ol#results of li.hit with a.hit-link, the count in
// #result-count, numbered pages nav#pager (a.page-prev, a.page-num, a.page-next), exports (#result-export), query
// errors in #search-error. The URL holds the query, the filters and the page. Every value shown (languages,
// kinds, statuses, laws, dates) is in the interface language.

import { get, qs, ApiError } from './api.js';
import { t, htmlLang, langName, fmtDate, parseDate, docStatus, uiLang } from './i18n.js';
import { el, clear } from './dom.js';
import { navigate, setPageKeys, errorDetail } from './app.js';

const FILTERS = ['lang', 'kind', 'status', 'work', 'asof'];
const LIMIT = 10;

let worksCache = null;
// Set when the user ran a search from the form: the results then get the focus once they are shown.
let focusResults = false;

/** The list of works (cached for the session of the page). */
export async function works() {
  if (!worksCache) worksCache = (await get('/api/v1/works')).works;
  return worksCache;
}

/** A work's title in the interface language, else in English, else in any language it has. */
export function workTitle(w) {
  return w.titles[uiLang()] || w.titles.eng || Object.values(w.titles)[0] || w.name;
}

/** The BCP 47 tag of the language `workTitle` gives for the work `name` (for the `lang` of where it is shown). */
export function titleLang(list, name) {
  const w = list.find((x) => x.name === name);
  if (!w) return null;
  const l = w.titles[uiLang()] ? uiLang() : (w.titles.eng ? 'eng' : Object.keys(w.titles)[0]);
  return htmlLang(l);
}

function select(id, label, options, value, anyLabel = t('filter.any')) {
  const s = el('select', { id, name: id.slice(2) },
    el('option', { value: '' }, anyLabel),
    options.map(([v, text, lang]) => el('option', { value: v, lang: lang || null }, text)));
  s.value = value || '';
  return el('p', { class: 'filter' }, el('label', { for: id }, label), s);
}

/**
 * A line of the syntax help: what is typed literally (`law:NAME`, `OR`, `word~`) is set as code, the explanation
 * around it is text in the interface language.
 */
function syntaxLine(s) {
  const parts = s.split(/((?:\S+:\S+)|\bOR\b|\bNOT\b|\S+[~*]|"[^"]*"|-a\b)/u);
  return parts.map((p, i) => (i % 2 ? el('code', { translate: 'no' }, p) : p));
}

function nameOf(uri) { return uri.split('/').pop(); }

/** A facet value as a person reads it. */
function facetLabel(field, value, titles) {
  if (field === 'lang') return langName(value);
  if (field === 'kind') return t(`kind.${value}`);
  if (field === 'status') return t(`docstatus.${value}`) !== `docstatus.${value}` ? docStatus(value) : t(`status.${value}`);
  if (field === 'work') return titles.get(value) || value;
  return value;
}

/** Page links: first, last, and two either side of the current one, with gaps shown as «…». */
function pageNumbers(page, pages) {
  const out = [];
  for (let p = 1; p <= pages; p += 1) {
    if (p === 1 || p === pages || Math.abs(p - page) <= 2) out.push(p);
    else if (out[out.length - 1] !== '…') out.push('…');
  }
  return out;
}

export async function searchPage(main, _params, current) {
  document.title = `${t('title.search')} — Kanun`;
  const params = new URLSearchParams(location.search);
  const q = params.get('q') || '';
  const page = Math.max(1, parseInt(params.get('page') || '1', 10) || 1);
  const list = await works();
  if (!current()) return;
  const titles = new Map(list.map((w) => [w.name, workTitle(w)]));

  const input = el('input', { id: 'q', name: 'q', type: 'search', value: q, placeholder: t('search.placeholder'), autocomplete: 'off', 'aria-describedby': 'syntax-help' });
  input.value = q;
  const help = el('details', { id: 'syntax-help' }, el('summary', {}, t('search.help')),
    el('ul', {}, ['words', 'phrase', 'or', 'paren', 'fields', 'fuzzy'].map((k) => el('li', {}, syntaxLine(t(`search.help.${k}`))))));
  const filters = el('div', { class: 'filters' },
    select('f-lang', t('filter.lang'), ['eng', 'rus', 'tuk'].map((l) => [l, langName(l)]), params.get('lang')),
    // No kind given searches the laws; drafts and annotations are asked for.
    select('f-kind', t('filter.kind'), [['draft', t('kind.draft')], ['annotation', t('kind.annotation')]], params.get('kind') === 'law' ? '' : params.get('kind'), t('kind.law')),
    select('f-status', t('filter.status'), ['in-force', 'repealed', 'draft'].map((s) => [s, docStatus(s)]), params.get('status')),
    select('f-work', t('filter.work'), list.filter((w) => w.kind === 'law').map((w) => [w.name, workTitle(w), titleLang(list, w.name)]), params.get('work')),
    // A text field in the interface language's date format (a native date field follows the browser's locale:
    // mm/dd/yyyy in the Russian interface of an English browser).
    el('p', { class: 'filter' }, el('label', { for: 'f-asof' }, t('filter.asof')),
      el('input', { id: 'f-asof', name: 'asof', type: 'text', inputmode: 'numeric', size: 16, value: fmtDate(params.get('asof') || ''), placeholder: t('filter.asofShort'), 'aria-describedby': 'f-asof-format', autocomplete: 'off' }),
      el('span', { id: 'f-asof-format', class: 'sr-only' }, t('filter.asofFormat'))));
  const form = el('form', { id: 'search-form', role: 'search', class: 'search-form' },
    el('h1', {}, t('search.title')),
    el('p', { class: 'query' }, el('label', { for: 'q', class: 'sr-only' }, t('search.label')), input,
      el('button', { type: 'submit' }, t('search.button'))),
    help, filters);
  const error = el('div', { id: 'search-error', role: 'alert', hidden: true });
  const count = el('p', { id: 'result-count', 'aria-live': 'polite' });
  const facets = el('aside', { id: 'facets', 'aria-label': t('facets') });
  const results = el('ol', { id: 'results', start: String((page - 1) * LIMIT + 1), 'aria-label': t('results.label') });
  const pager = el('nav', { id: 'pager', 'aria-label': t('pager.label') });
  const exports = el('p', { id: 'result-export', class: 'meta', hidden: true });
  main.append(form, error, el('div', { class: 'results-layout' }, el('div', { class: 'results-main' }, count, results, pager, exports), facets));

  const go = (changes) => {
    const p = new URLSearchParams();
    const v = { q: input.value.trim(), page: '' };
    for (const f of FILTERS) v[f] = document.getElementById(`f-${f}`).value;
    const asof = parseDate(v.asof);
    if (asof === null) {
      error.textContent = t('filter.asofBad', { v: v.asof.trim() });
      error.hidden = false;
      document.getElementById('f-asof').setAttribute('aria-invalid', 'true');
      document.getElementById('f-asof').focus();
      return;
    }
    v.asof = asof;
    Object.assign(v, changes);
    for (const [k, x] of Object.entries(v)) if (x) p.set(k, x);
    focusResults = true;
    navigate(`/search${p.toString() ? `?${p}` : ''}`);
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); go({}); });
  // A choice applies at once; the date, typed, applies with Enter or the search button (not on every change of focus).
  for (const f of FILTERS.filter((x) => x !== 'asof')) document.getElementById(`f-${f}`).addEventListener('change', () => go({}));

  const wantFocus = focusResults;
  focusResults = false;
  const hasFilter = FILTERS.some((f) => params.get(f));
  if (!q && !hasFilter) { input.focus(); return; }
  let r;
  const query = { q, page, limit: LIMIT };
  for (const f of FILTERS) query[f] = params.get(f);
  try {
    r = await get(`/api/v1/search${qs(query)}`);
  } catch (e) {
    if (!(e instanceof ApiError) || !current()) throw e;
    error.hidden = false;
    error.append(el('strong', {}, e.message),
      e.position !== undefined ? ` (${t('error.position', { p: e.position + 1 })})` : '',
      e.hint ? el('p', {}, e.hint) : '', e.detail ? errorDetail(e) : '');
    if (e.position !== undefined) { input.focus(); input.setSelectionRange(e.position, e.position); }
    return;
  }
  if (!current()) return;
  const pages = Math.max(1, Math.ceil(r.total / r.limit));
  // Beyond the bound the server counts to, the total is "more than" it (the facets then count those matches).
  const counted = r.total_exact === false ? t('results.countMore', { n: r.total }) : t('results.count', { n: r.total });
  if (!r.total) count.textContent = t('results.none');
  else if (page > pages) {
    count.append(`${counted}. ${t('results.outOfRange', { p: page, n: pages })} `);
    const u = new URLSearchParams(location.search);
    u.set('page', String(pages));
    count.append(el('a', { href: `/search?${u}`, class: 'page-last' }, t('results.lastPage')));
  } else count.textContent = `${counted} · ${t('results.page', { p: r.page })}`;
  for (const h of r.hits) {
    const name = nameOf(h.work);
    const href = `/read/${encodeURIComponent(name)}${qs({ lang: h.language, asof: h.date, hl: q })}#${encodeURIComponent(h.matched_eid)}`;
    const snippet = el('p', { class: 'snippet', lang: htmlLang(h.language) });
    snippet.innerHTML = h.snippet_html; // Escaped by the server; only <mark> is markup.
    const kind = h.kind !== 'law' ? t(`kind.one.${h.kind}`) : '';
    results.append(el('li', { class: `hit kind-${h.kind}` },
      el('a', { class: 'hit-link', href, lang: htmlLang(h.language) }, `${h.title} — ${h.heading}`),
      el('p', { class: 'meta' },
        h.container ? [el('span', { lang: htmlLang(h.language) }, h.container), ' · '] : '',
        [langName(h.language), fmtDate(h.date), kind].filter(Boolean).join(' · ')),
      snippet,
      h.parallel.length ? el('p', { class: 'parallel' }, `${t('also.in')} `,
        h.parallel.map((l, i) => [i ? ', ' : '', el('a', { href: `/read/${encodeURIComponent(name)}${qs({ lang: l, asof: h.date, hl: q })}#${encodeURIComponent(h.eid)}`, class: 'lang-link', hreflang: htmlLang(l) }, langName(l))])) : ''));
  }
  for (const [name, counts] of Object.entries(r.facets)) {
    if (!counts.length) continue;
    const key = name === 'work' ? 'work' : name;
    facets.append(el('h2', {}, t(`facet.${name}`)), el('ul', {}, counts.map(([v, n]) =>
      el('li', {}, el('a', { href: '#', class: 'facet', dataset: { field: key, value: v },
        lang: key === 'work' ? titleLang(list, v) : null,
        on: { click: (e) => { e.preventDefault(); go({ [key]: v }); } } }, facetLabel(key, v, titles)), ` ${n}`))));
    // Only the most frequent values come (20 by default): the others are counted, not listed.
    const more = (r.facets_more || {})[name] || 0;
    if (more) facets.append(el('p', { class: 'facet-more' }, t('facet.more', { n: more })));
  }
  const link = (p, cls, text, label) => {
    const u = new URLSearchParams(location.search);
    u.set('page', String(p));
    return el('a', { class: cls, href: `/search?${u}`, 'aria-label': label || null, 'aria-current': p === page && cls === 'page-num' ? 'page' : null }, text);
  };
  if (pages > 1) {
    if (page > 1) pager.append(link(Math.min(page - 1, pages), 'page-prev', t('pager.prev')));
    for (const p of pageNumbers(page, pages)) {
      pager.append(p === '…' ? el('span', { class: 'page-gap' }, '…') : link(p, 'page-num', String(p), t('pager.page', { p })));
    }
    if (page < pages) pager.append(link(page + 1, 'page-next', t('pager.next')));
  }
  if (r.total) {
    exports.hidden = false;
    const all = { ...query, page: '', limit: '' };
    exports.append(`${t('results.export')} `,
      el('a', { href: `/api/v1/search${qs({ ...all, format: 'csv' })}`, download: '', dataset: { format: 'csv' } }, 'CSV'), ' · ',
      el('a', { href: `/api/v1/search${qs({ ...all, format: 'json' })}`, download: '', dataset: { format: 'json' } }, 'JSON'));
  }
  // j and k move between the hits.
  const step = (dir) => {
    const links = [...results.querySelectorAll('a.hit-link')];
    if (!links.length) return;
    const at = links.indexOf(document.activeElement);
    links[Math.min(links.length - 1, Math.max(0, at < 0 ? 0 : at + dir))].focus();
  };
  setPageKeys({ j: () => step(1), k: () => step(-1) });
  if (wantFocus) {
    const first = results.querySelector('a.hit-link');
    if (!first) count.setAttribute('tabindex', '-1');
    (first || count).focus();
  }
}
