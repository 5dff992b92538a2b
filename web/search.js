// The search page: #search-form with #q, syntax help (details#syntax-help), filters #f-lang #f-kind #f-status
// #f-work #f-asof, facet counts (#facets), results ol#results of li.hit with a.hit-link, the count in
// #result-count, paging nav#pager (a.page-prev, a.page-next), query errors in #search-error. The URL holds the
// query, the filters and the page.

import { get, qs, ApiError } from './api.js';
import { t, htmlLang } from './i18n.js';
import { el, clear } from './dom.js';
import { navigate } from './app.js';

const FILTERS = ['lang', 'kind', 'status', 'work', 'asof'];

let worksCache = null;

async function works() {
  if (!worksCache) worksCache = (await get('/api/v1/works')).works;
  return worksCache;
}

function select(id, label, options, value) {
  const s = el('select', { id, name: id.slice(2) },
    el('option', { value: '' }, t('filter.any')),
    options.map(([v, text]) => el('option', { value: v }, text)));
  s.value = value || '';
  return el('p', { class: 'filter' }, el('label', { for: id }, label), s);
}

function nameOf(uri) { return uri.split('/').pop(); }

export async function searchPage(main, _params, current) {
  const params = new URLSearchParams(location.search);
  const q = params.get('q') || '';
  const page = Math.max(1, parseInt(params.get('page') || '1', 10) || 1);
  const list = await works();
  if (!current()) return;

  const input = el('input', { id: 'q', name: 'q', type: 'search', value: q, placeholder: t('search.placeholder'), autocomplete: 'off', 'aria-describedby': 'syntax-help' });
  input.value = q;
  const help = el('details', { id: 'syntax-help' }, el('summary', {}, t('search.help')),
    el('ul', {}, ['words', 'phrase', 'or', 'paren', 'fields', 'fuzzy'].map((k) => el('li', {}, t(`search.help.${k}`)))));
  const filters = el('div', { class: 'filters' },
    select('f-lang', t('filter.lang'), [['eng', 'English'], ['rus', 'Русский'], ['tuk', 'Türkmençe']], params.get('lang')),
    select('f-kind', t('filter.kind'), [['law', 'law'], ['draft', 'draft'], ['annotation', 'annotation']], params.get('kind')),
    select('f-status', t('filter.status'), [['in-force', 'in-force'], ['repealed', 'repealed'], ['draft', 'draft']], params.get('status')),
    select('f-work', t('filter.work'), list.map((w) => [w.name, w.titles.eng || Object.values(w.titles)[0] || w.name]), params.get('work')),
    el('p', { class: 'filter' }, el('label', { for: 'f-asof' }, t('filter.asof')),
      el('input', { id: 'f-asof', name: 'asof', type: 'date', value: params.get('asof') || '' })));
  const form = el('form', { id: 'search-form', role: 'search', class: 'search-form' },
    el('h1', {}, t('search.title')),
    el('p', { class: 'query' }, el('label', { for: 'q', class: 'sr-only' }, t('search.label')), input,
      el('button', { type: 'submit' }, t('search.button'))),
    help, filters);
  const error = el('div', { id: 'search-error', role: 'alert', hidden: true });
  const count = el('p', { id: 'result-count', 'aria-live': 'polite' });
  const facets = el('aside', { id: 'facets', 'aria-label': t('facets') });
  const results = el('ol', { id: 'results', start: String((page - 1) * 10 + 1) });
  const pager = el('nav', { id: 'pager', 'aria-label': 'pages' });
  main.append(form, error, el('div', { class: 'results-layout' }, el('div', {}, count, results, pager), facets));

  const go = (changes) => {
    const p = new URLSearchParams();
    const v = { q: input.value.trim(), page: '' };
    for (const f of FILTERS) v[f] = document.getElementById(`f-${f}`).value;
    Object.assign(v, changes);
    for (const [k, x] of Object.entries(v)) if (x) p.set(k, x);
    navigate(`/search${p.toString() ? `?${p}` : ''}`);
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); go({}); });
  for (const f of FILTERS) document.getElementById(`f-${f}`).addEventListener('change', () => go({}));

  const hasFilter = FILTERS.some((f) => params.get(f));
  if (!q && !hasFilter) { input.focus(); return; }
  let r;
  try {
    const query = { q, page, limit: 10 };
    for (const f of FILTERS) query[f] = params.get(f);
    r = await get(`/api/v1/search${qs(query)}`);
  } catch (e) {
    if (!(e instanceof ApiError) || !current()) throw e;
    error.hidden = false;
    error.append(el('strong', {}, e.message),
      e.position !== undefined ? ` (${t('error.position', { p: e.position + 1 })})` : '',
      e.hint ? el('p', {}, e.hint) : '');
    if (e.position !== undefined) { input.focus(); input.setSelectionRange(e.position, e.position); }
    return;
  }
  if (!current()) return;
  count.textContent = r.total ? `${t('results.count', { n: r.total })} · ${t('results.page', { p: r.page })}` : t('results.none');
  for (const h of r.hits) {
    const name = nameOf(h.work);
    const href = `/read/${encodeURIComponent(name)}${qs({ lang: h.language, asof: h.date, hl: q })}#${encodeURIComponent(h.matched_eid)}`;
    const snippet = el('p', { class: 'snippet', lang: htmlLang(h.language) });
    snippet.innerHTML = h.snippet_html; // Escaped by the server; only <mark> is markup.
    results.append(el('li', { class: `hit kind-${h.kind}` },
      el('a', { class: 'hit-link', href, lang: htmlLang(h.language) }, `${h.title} — ${h.heading}`),
      el('p', { class: 'meta' }, [h.container, h.language, h.date, h.kind !== 'law' ? h.kind : ''].filter(Boolean).join(' · ')),
      snippet,
      h.parallel.length ? el('p', { class: 'parallel' }, `${t('also.in')} `,
        h.parallel.map((l) => [' ', el('a', { href: `/read/${encodeURIComponent(name)}${qs({ lang: l, hl: q })}#${encodeURIComponent(h.eid)}`, class: 'lang-link' }, l)])) : ''));
  }
  for (const [name, counts] of Object.entries(r.facets)) {
    if (!counts.length) continue;
    const key = name === 'work' ? 'work' : name;
    facets.append(el('h2', {}, t(`facet.${name}`)), el('ul', {}, counts.map(([v, n]) =>
      el('li', {}, el('a', { href: '#', class: 'facet', dataset: { field: key, value: v },
        on: { click: (e) => { e.preventDefault(); go({ [key]: v }); } } }, v), ` ${n}`))));
  }
  const pages = Math.ceil(r.total / r.limit);
  const link = (p, cls, text) => {
    const u = new URLSearchParams(location.search);
    u.set('page', String(p));
    return el('a', { class: cls, href: `/search?${u}` }, text);
  };
  if (page > 1) pager.append(link(page - 1, 'page-prev', t('pager.prev')));
  if (page < pages) pager.append(link(page + 1, 'page-next', t('pager.next')));
}
