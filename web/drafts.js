// Drafts: the list (ul#drafts of li.draft with a.draft-link), the upload form for drafters (form#draft-upload
// with #draft-text and #draft-submit; every problem by line in #draft-errors), and a draft's review: summary
// (#redline-summary), a legend, views #view-inline (div#redline: the server's redline with <ins>/<del> and the
// reviewers' notes), #view-side (div#redline-side: current | proposed | notes), #view-table
// (div#comparative-table), and downloads (nav#downloads, a[data-format]).

import { api, get, qs, can, currentSession, ApiError } from './api.js';
import { t, htmlLang, langName, fmtDate, uiLang } from './i18n.js';
import { el, clear } from './dom.js';
import { navigate, showError, errorDetail } from './app.js';
import { works, workTitle, titleLang } from './search.js';
import { shortLabel } from './cite.js';

/** The name that signs exports (DOCX tracked changes): the signed-in user, or the name given in local mode. */
function authorName() {
  const s = currentSession();
  if (s && s.mode === 'team' && s.user) return s.user.name;
  try { return localStorage.getItem('kanun.author') || ''; } catch (_) { return ''; }
}

export async function draftsPage(main, _p, current) {
  document.title = `${t('title.drafts')} — Kanun`;
  const [r, list0] = await Promise.all([get('/api/v1/drafts'), works()]);
  if (!current()) return;
  const titles = new Map(list0.map((w) => [w.name, workTitle(w)]));
  const list = el('ul', { id: 'drafts' });
  for (const d of r.drafts) {
    list.append(el('li', { class: 'draft' },
      el('a', { class: 'draft-link', href: `/drafts/${encodeURIComponent(d.name)}`, lang: htmlLang(d.language) }, d.title),
      el('p', { class: 'meta' }, `${t('drafts.amends')} `,
        d.amends_name ? el('a', { href: `/read/${encodeURIComponent(d.amends_name)}`, lang: titleLang(list0, d.amends_name) }, titles.get(d.amends_name) || d.amends_name) : '—',
        ` · ${fmtDate(d.date)} · ${t('drafts.base')} ${d.base ? fmtDate(d.base) : '—'} · ${d.languages.map(langName).join(', ')}`, d.uploaded ? ` · ${t('drafts.uploaded')}` : ''),
      d.uploaded && can('drafter') ? el('button', { type: 'button', class: 'draft-remove', on: { click: async () => {
        try { await api('DELETE', `/api/v1/drafts/${encodeURIComponent(d.name)}`); navigate('/drafts', { replace: true }); } catch (e) { showError(e); }
      } } }, t('drafts.remove')) : ''));
  }
  if (!r.drafts.length) list.append(el('li', { class: 'none' }, t('drafts.none')));
  main.append(el('h1', {}, t('drafts.title')), list);
  if (!can('drafter')) return; // Readers and reviewers get no upload form at all.
  const text = el('textarea', { id: 'draft-text', rows: '12', spellcheck: 'false' });
  const file = el('input', { id: 'draft-file', type: 'file', accept: '.md,.docx,text/markdown,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
  // A Word document does not say what it amends: the law, its version and the language are asked for.
  const laws = list0.filter((w) => w.kind === 'law');
  const wAmends = el('select', { id: 'word-amends' }, laws.map((w) => el('option', { value: w.name, lang: titleLang(list0, w.name) }, workTitle(w))));
  const wLang = el('select', { id: 'word-lang' });
  const wBase = el('select', { id: 'word-base' });
  const wName = el('input', { id: 'word-name', type: 'text', autocomplete: 'off' });
  const fillLanguages = () => {
    const w = laws.find((x) => x.name === wAmends.value);
    clear(wLang);
    for (const l of Object.keys(w ? w.titles : {})) wLang.append(el('option', { value: l }, langName(l)));
    fillDates();
  };
  const fillDates = () => {
    const w = laws.find((x) => x.name === wAmends.value);
    clear(wBase);
    for (const x of (w ? w.expressions : []).filter((e) => e.language === wLang.value)) wBase.append(el('option', { value: x.date }, fmtDate(x.date)));
    if (wBase.options.length) wBase.selectedIndex = wBase.options.length - 1;
  };
  wAmends.addEventListener('change', fillLanguages);
  wLang.addEventListener('change', fillDates);
  fillLanguages();
  const word = el('fieldset', { id: 'word-fields', hidden: true }, el('legend', {}, t('drafts.wordLegend')),
    el('p', {}, el('label', { for: 'word-amends' }, t('drafts.amendsLabel')), wAmends),
    el('p', {}, el('label', { for: 'word-lang' }, t('filter.lang')), wLang),
    el('p', {}, el('label', { for: 'word-base' }, t('drafts.baseLabel')), wBase),
    el('p', {}, el('label', { for: 'word-name' }, t('drafts.nameLabel')), wName),
    el('p', { class: 'meta' }, t('drafts.wordNote')));
  const isWord = () => file.files[0] && /\.docx$/i.test(file.files[0].name);
  file.addEventListener('change', async () => {
    word.hidden = !isWord();
    if (file.files[0] && !isWord()) text.value = await file.files[0].text();
  });
  const errors = el('div', { id: 'draft-errors', role: 'alert' });
  const form = el('form', { id: 'draft-upload', class: 'card' },
    el('h2', {}, t('drafts.upload')),
    el('p', {}, el('label', { for: 'draft-text' }, t('drafts.text')), text),
    el('p', {}, el('label', { for: 'draft-file' }, t('drafts.fileOrWord')), file),
    word, errors, el('button', { id: 'draft-submit', type: 'submit' }, t('drafts.submit')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(errors);
    try {
      const r2 = isWord()
        ? await api('POST', `/api/v1/drafts${qs({ amends: wAmends.value, lang: wLang.value, base: wBase.value, name: wName.value.trim() })}`,
          file.files[0], { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' })
        : await api('POST', '/api/v1/drafts', text.value, { contentType: 'text/markdown' });
      navigate(`/drafts/${encodeURIComponent(r2.data.name)}`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      errors.append(el('p', {}, el('strong', {}, err.message), err.hint ? ` — ${err.hint}` : ''), err.detail ? errorDetail(err) : '');
      if (err.diagnostics.length) {
        // The parser's messages are in English (with their stable codes); they are marked so.
        errors.append(el('ul', {}, err.diagnostics.map((d) =>
          el('li', { class: d.severity }, `${d.line}:${d.column} ${d.code} `, el('span', { lang: 'en' }, d.message, d.hint ? ` (${d.hint})` : '')))));
      }
    }
  });
  main.append(form);
}

function segments(line, side) {
  const p = el('p', { class: `line d${Math.min(line.depth || 0, 3)}${line.heading ? ' head' : ''}` });
  for (const s of line.segments) {
    if (s.op === 'equal') p.append(s.text);
    else if (s.op === 'insert' && side === 'draft') p.append(el('ins', {}, s.text));
    else if (s.op === 'delete' && side === 'base') p.append(el('del', {}, s.text));
  }
  return p;
}

function notes(row) {
  const box = el('div', { class: 'notes' });
  for (const j of row.justification || []) box.append(el('p', { class: 'justification' }, j));
  for (const n of row.review || []) {
    box.append(el('div', { class: `review type-${n.kind}` },
      el('p', { class: 'anno-meta' }, `${t(`type.${n.kind}`)} · ${t(`status.${n.status}`)} · `, el('span', { class: 'anno-author user-text' }, n.author), ` · ${shortLabel(uiLang(), n.eid)}`),
      el('p', {}, n.body)));
  }
  return box;
}

/** The redline side by side: current | proposed | notes (the drafts page and the editor). */
export function sideBySide(r) {
  const table = el('table', { class: 'side', lang: htmlLang(r.language) },
    el('thead', {}, el('tr', {}, el('th', {}, t('redline.current')), el('th', {}, t('redline.proposed')), el('th', {}, t('redline.notes')))));
  const body = el('tbody', {});
  for (const row of r.rows) {
    const changed = row.class && row.class !== 'unchanged';
    const tr = el('tr', { class: `row ${row.kind} ${row.class || ''}` });
    const left = el('td', {});
    const right = el('td', {});
    for (const line of row.lines) {
      if (line.change !== 'new') left.append(segments(line, 'base'));
      if (line.change !== 'repealed') right.append(segments(line, 'draft'));
    }
    if (!changed && row.kind !== 'container') tr.classList.add('same');
    tr.append(left, right, el('td', {}, changed ? notes(row) : ''));
    body.append(tr);
  }
  table.append(body);
  return table;
}

export async function draftPage(main, [name], current) {
  const params = new URLSearchParams(location.search);
  const lang = params.get('lang') || '';
  const view = params.get('view') || 'inline';
  main.append(el('p', { class: 'loading' }, t('loading')));
  const [list, all] = await Promise.all([get('/api/v1/drafts'), works()]);
  const meta = list.drafts.find((d) => d.name === name);
  if (meta && lang && !meta.languages.includes(lang)) {
    // Asked for a language the draft is not written in: say so, and offer the ones it has.
    if (!current()) return;
    clear(main);
    main.append(el('h1', { lang: htmlLang(meta.language) }, meta.title), el('p', { class: 'notice', role: 'note' }, t('drafts.noLanguage', { lang: langName(lang) }), ' ',
      meta.languages.map((l, i) => [i ? ', ' : '', el('a', { href: `/drafts/${encodeURIComponent(name)}${qs({ lang: l, view })}`, class: 'lang-link' }, langName(l))])));
    return;
  }
  const data = await get(`/api/v1/drafts/${encodeURIComponent(name)}/redline${qs({ lang, ui: uiLang() })}`);
  if (!current()) return;
  clear(main);
  const r = data.redline;
  document.title = `${r.title} — Kanun`;
  const languages = meta ? meta.languages : [r.language];
  const summary = el('p', { id: 'redline-summary', class: 'summary' },
    ['modified', 'renumbered', 'new', 'repealed', 'split', 'merged', 'unchanged'].filter((k) => r.summary[k])
      .map((k) => `${t(`summary.${k}`)}: ${r.summary[k]}`).join(' · '));
  const legend = el('p', { class: 'legend' }, el('ins', {}, t('redline.legend.ins')), ' ', el('del', {}, t('redline.legend.del')));
  const tab = (id, v, label) => el('a', { id, href: `/drafts/${encodeURIComponent(name)}${qs({ lang, view: v })}`, class: 'tab', 'aria-current': view === v ? 'page' : null }, label);
  const tabs = el('nav', { class: 'tabs', 'aria-label': t('redline.views') },
    tab('view-inline', 'inline', t('redline.inline')), tab('view-side', 'side', t('redline.side')), tab('view-table', 'table', t('redline.table')));
  const author = authorName();
  const dl = (format, label, extra = {}) => el('a', { href: `/api/v1/drafts/${encodeURIComponent(name)}/export${qs({ format, lang: r.language, author, ...extra })}`, dataset: { format }, download: '' }, label);
  // Instructions quote the wording they change, so they are offered in the draft's languages that Kanun writes
  // them in (English, Russian and Turkmen), each from the text in that language.
  const instructions = languages.filter((l) => ['eng', 'rus', 'tuk'].includes(l)).map((l) =>
    el('a', { href: `/api/v1/drafts/${encodeURIComponent(name)}/export${qs({ format: 'instructions', lang: l, instructions_lang: l, author })}`, dataset: { format: 'instructions', lang: l }, download: '' },
      t('dl.instructions', { lang: langName(l) })));
  const downloads = el('nav', { id: 'downloads', 'aria-label': t('redline.downloads') }, el('strong', {}, `${t('redline.downloads')}: `),
    dl('docx', t('dl.docx')), dl('table-docx', t('dl.table-docx')), dl('html', t('dl.html')), dl('md', t('dl.md')), instructions);
  const langs = el('p', { class: 'reader-tools' }, languages.map((l) =>
    el('a', { href: `/drafts/${encodeURIComponent(name)}${qs({ lang: l, view })}`, 'aria-current': r.language === l ? 'page' : null, class: 'lang-link', hreflang: htmlLang(l) }, langName(l))));
  const base = all.find((w) => w.uri === r.work);
  main.append(el('h1', { lang: htmlLang(r.language) }, r.title),
    el('p', { class: 'meta' }, `${t('drafts.amends')} `, base ? el('a', { href: `/read/${encodeURIComponent(base.name)}${qs({ lang: r.language })}`, lang: titleLang(all, base.name) }, workTitle(base)) : '',
      ` · ${t('drafts.base')} ${fmtDate((r.base || '').split('@').pop())}`), langs, summary, legend, tabs, downloads);
  if ((data.impact || []).length) {
    const baseName = (r.work || '').split('/').pop();
    main.append(el('section', { id: 'impact', class: 'card' }, el('h2', {}, t('redline.impact')),
      el('ul', {}, data.impact.map((x) => el('li', {},
        el('a', { href: `/read/${encodeURIComponent(baseName)}${qs({ lang: r.language })}#${encodeURIComponent(x.eid)}`, lang: htmlLang(r.language) }, x.label),
        ` (${t(`summary.${x.class}`)}) — ${t('redline.citedBy')}: `,
        x.cited_by.map((i, k) => [k ? ', ' : '', el('a', { href: `/read/${encodeURIComponent(i.name)}${qs({ lang: r.language })}#${encodeURIComponent(i.eid)}`, title: i.text, lang: htmlLang(r.language) }, `${titleOf(all, i.name)} — ${i.heading}`)]))))));
  }
  const onlyChanged = (box) => {
    const only = el('input', { id: 'changes-only', type: 'checkbox', checked: true });
    only.addEventListener('change', () => box.classList.toggle('changes-only', only.checked));
    return el('p', {}, only, ' ', el('label', { for: 'changes-only' }, t('redline.changesOnly')));
  };
  if (view === 'side') {
    const box = el('div', { id: 'redline-side', class: 'redline changes-only' }, sideBySide(r));
    main.append(onlyChanged(box), box);
  } else if (view === 'table') {
    const box = el('div', { id: 'comparative-table', class: 'redline', lang: htmlLang(r.language) });
    box.innerHTML = data.table_html; // Built and escaped by the server.
    main.append(box);
  } else {
    const box = el('div', { id: 'redline', class: 'redline changes-only', lang: htmlLang(r.language) });
    box.innerHTML = data.inline_html; // Built and escaped by the server; notes sanitised.
    main.append(onlyChanged(box), box);
  }
}

function titleOf(all, name) {
  const w = all.find((x) => x.name === name);
  return w ? workTitle(w) : name;
}
