// The review report, laid out in the interface language: div#report with, for each law (h2), each provision (h3,
// a link to it in the reader) and its annotations (li.report-item: type, status, priority, tags, author, date,
// the quoted words, the note, the replies); the orphaned annotations in section#report-orphaned; the themes ×
// laws matrix (table#report-matrix); a law filter (#report-work) and downloads (nav#report-downloads: md, html,
// csv).

import { get, qs } from './api.js';
import { t, fmtDate, htmlLang, uiLang } from './i18n.js';
import { el } from './dom.js';
import { navigate } from './app.js';
import { works, workTitle, titleLang } from './search.js';

const TYPE_ORDER = ['gap', 'recommendation', 'conflict', 'question', 'comment', 'editorial'];
const STATUSES = ['open', 'accepted', 'rejected', 'implemented', 'resolved'];

function badge(kind, value) {
  return el('span', { class: `badge ${kind}-${value}` }, t(`${kind}.${value}`));
}

function item(i) {
  const body = el('div', { class: 'anno-body user-text' });
  body.innerHTML = i.body_html; // Sanitised by the server (Markdown → HTML → ammonia).
  return el('li', { class: `report-item type-${i.type}`, dataset: { id: i.id } },
    el('p', { class: 'anno-head' }, badge('type', i.type), ' ', badge('status', i.status), ' ', badge('priority', i.priority),
      (i.tags || []).map((x) => [' ', el('span', { class: 'tag user-text' }, x)])),
    el('p', { class: 'anno-meta' }, el('span', { class: 'anno-author user-text' }, i.author), ` · ${fmtDate(i.created.slice(0, 10))}`),
    i.quote ? el('blockquote', { class: 'anno-quote user-text', lang: htmlLang(i.language) }, i.quote) : '',
    body,
    i.replies.length ? el('div', { class: 'report-replies' }, el('p', { class: 'meta' }, `${t('report.replies')}:`),
      i.replies.map((r) => el('div', { class: 'anno-reply' },
        el('p', { class: 'anno-meta' }, el('span', { class: 'anno-author user-text' }, r.author), ` · ${fmtDate(r.created.slice(0, 10))}`),
        el('p', { class: 'user-text' }, r.body)))) : '');
}

function link(i, text) {
  return el('a', { href: `/read/${encodeURIComponent(i.work)}${qs({ lang: i.language })}#${encodeURIComponent(i.eid)}`, lang: htmlLang(i.language) }, text);
}

export async function reportPage(main, _p, current) {
  document.title = `${t('title.report')} — Kanun`;
  const work = new URLSearchParams(location.search).get('work') || '';
  const [r, list] = await Promise.all([get(`/api/v1/report${qs({ work })}`), works()]);
  if (!current()) return;
  const titles = new Map(list.map((w) => [w.name, workTitle(w)]));
  const sel = el('select', { id: 'report-work' }, el('option', { value: '' }, t('report.all')),
    list.filter((w) => w.kind === 'law').map((w) => el('option', { value: w.name, lang: titleLang(list, w.name) }, workTitle(w))));
  sel.value = work;
  sel.addEventListener('change', () => navigate(`/report${qs({ work: sel.value })}`));
  const downloads = el('nav', { id: 'report-downloads', 'aria-label': t('redline.downloads') }, el('strong', {}, `${t('redline.downloads')}: `),
    ['md', 'html', 'csv'].map((f) => el('a', { href: `/api/v1/report${qs({ format: f, work, lang: uiLang() })}`, download: '', dataset: { format: f } }, f.toUpperCase())));
  const box = el('div', { id: 'report', class: 'report' });
  const placed = r.items.filter((i) => i.eid && i.label !== 'orphaned');
  const lost = r.items.filter((i) => !i.eid || i.label === 'orphaned');
  // Laws → provisions (in the order the server gives: document order) → items, gaps and recommendations first.
  const laws = new Map();
  for (const i of placed) {
    if (!laws.has(i.work)) laws.set(i.work, new Map());
    const arts = laws.get(i.work);
    const key = i.article || i.eid;
    if (!arts.has(key)) arts.set(key, []);
    arts.get(key).push(i);
  }
  if (!r.items.length) box.append(el('p', { class: 'none' }, t('anno.none')));
  for (const [w, arts] of laws) {
    box.append(el('h2', { lang: titleLang(list, w) }, titles.get(w) || w));
    for (const [heading, items] of arts) {
      items.sort((a, b) => TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type));
      box.append(el('section', { class: 'report-provision' }, el('h3', {}, link(items[0], heading)),
        el('ul', { class: 'report-list' }, items.map(item))));
    }
  }
  if (lost.length) {
    box.append(el('section', { id: 'report-orphaned', class: 'card' }, el('h2', {}, t('anno.orphaned')),
      el('ul', { class: 'report-list' }, lost.map((i) => {
        const li = item(i);
        li.prepend(el('p', { class: 'meta', lang: titleLang(list, i.work) }, titles.get(i.work) || i.work));
        return li;
      }))));
  }
  // Themes × laws: how many annotations of each status carry each tag.
  const tags = [...new Set(r.items.flatMap((i) => i.tags || []))].sort();
  const cols = [...new Set(r.items.map((i) => i.work))];
  if (tags.length) {
    const count = (tag, w) => {
      const of = r.items.filter((i) => i.work === w && (i.tags || []).includes(tag));
      return STATUSES.filter((s) => of.some((i) => i.status === s)).map((s) => `${t(`status.${s}`)}: ${of.filter((i) => i.status === s).length}`).join(', ');
    };
    box.append(el('h2', {}, t('report.matrix')), el('table', { id: 'report-matrix' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('anno.tags')), cols.map((w) => el('th', { scope: 'col', lang: titleLang(list, w) }, titles.get(w) || w)))),
      el('tbody', {}, tags.map((tag) => el('tr', {}, el('th', { scope: 'row' }, tag), cols.map((w) => el('td', {}, count(tag, w))))))));
  }
  main.append(el('h1', {}, t('report.title')), el('p', { class: 'reader-tools' }, el('label', { for: 'report-work' }, t('report.work')), sel), downloads, box);
}
