// The reader's annotations: highlights (mark.anno[data-id]) of the quoted spans, the side panel
// (aside#anno-panel: filters #anno-filter-type and #anno-filter-status, the orphaned ones in #anno-orphaned at
// the top, li.anno-item with quote, body, replies, a status select and a reply form), and adding: select words
// in an article → button #anno-add, or button.anno-article for a whole article → form#anno-form (#anno-type,
// #anno-priority, #anno-tags, #anno-body, #anno-author in local mode, #anno-quote, #anno-save). Offsets sent
// and received are characters of the article's plain text (its lines joined by "\n").

import { api, get, qs, can, currentSession, ApiError } from './api.js';
import { t } from './i18n.js';
import { el, clear, cpToUtf16, utf16ToCp, textOffset, wrapRange, unwrap } from './dom.js';
import { showError } from './app.js';

const TYPES = ['comment', 'gap', 'recommendation', 'conflict', 'question', 'editorial'];
const STATUSES = ['open', 'accepted', 'rejected', 'implemented', 'resolved'];
const PRIORITIES = ['low', 'medium', 'high'];

/** The article element (of the main text, not the parallel one) with this eId. */
function articleEl(eid) {
  const e = document.getElementById(eid);
  return e && e.matches('#text article.provision') ? e : null;
}

/** An article's plain text, from its lines. */
function plainText(art) {
  return [...art.querySelectorAll(':scope > p.line')].map((p) => p.textContent).join('\n');
}

/** Character offsets (start, end) in the article's plain text of the current selection, if it is inside one. */
function selectionInArticle() {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  const startLine = (r.startContainer.nodeType === Node.TEXT_NODE ? r.startContainer.parentElement : r.startContainer).closest('p.line');
  const endLine = (r.endContainer.nodeType === Node.TEXT_NODE ? r.endContainer.parentElement : r.endContainer).closest('p.line');
  if (!startLine || !endLine) return null;
  const art = startLine.closest('#text article.provision');
  if (!art || endLine.closest('article.provision') !== art || art.id.startsWith('par-')) return null;
  const pos = (line, container, offset) => {
    const i = textOffset(line, container, offset);
    return i < 0 ? null : Number(line.dataset.start) + utf16ToCp(line.textContent, i);
  };
  const start = pos(startLine, r.startContainer, r.startOffset);
  const end = pos(endLine, r.endContainer, r.endOffset);
  if (start === null || end === null || end <= start) return null;
  const text = plainText(art);
  const chars = Array.from(text);
  const quote = chars.slice(start, end).join('');
  if (!quote.trim()) return null;
  return { eid: art.dataset.eid, start, end, quote };
}

/** Wraps the character range [start, end) of an article's plain text in marks. */
function markSpan(art, start, end, make) {
  const marks = [];
  for (const line of art.querySelectorAll(':scope > p.line')) {
    const ls = Number(line.dataset.start);
    const text = line.textContent;
    const le = ls + Array.from(text).length;
    const a = Math.max(start, ls);
    const b = Math.min(end, le);
    if (b <= a) continue;
    marks.push(...wrapRange(line, cpToUtf16(text, a - ls), cpToUtf16(text, b - ls), make));
  }
  return marks;
}

function badge(kind, value) {
  return el('span', { class: `badge ${kind}-${value}` }, t(`${kind}.${value}`));
}

export async function mountAnnotations(ctx) {
  const { name, doc, panel, current } = ctx;
  const mayWrite = can('reviewer');
  const local = currentSession().mode === 'local';
  let list = [];
  let marks = [];
  let pending = null;

  const fType = el('select', { id: 'anno-filter-type' }, el('option', { value: '' }, t('anno.all')), TYPES.map((x) => el('option', { value: x }, t(`type.${x}`))));
  const fStatus = el('select', { id: 'anno-filter-status' }, el('option', { value: '' }, t('anno.all')), STATUSES.map((x) => el('option', { value: x }, t(`status.${x}`))));
  const addBtn = el('button', { type: 'button', id: 'anno-add', hidden: true }, t('anno.add'));
  const orphaned = el('section', { id: 'anno-orphaned', hidden: true });
  const items = el('ul', { id: 'anno-list' });
  const formBox = el('div', { id: 'anno-form-box' });
  panel.append(el('h2', {}, t('anno.panel')),
    el('div', { class: 'anno-filters' },
      el('label', { for: 'anno-filter-type' }, t('anno.type')), fType,
      el('label', { for: 'anno-filter-status' }, t('anno.status')), fStatus),
    mayWrite ? addBtn : '', formBox, orphaned, items);
  fType.addEventListener('change', () => renderList());
  fStatus.addEventListener('change', () => renderList());

  async function load() {
    const r = await get(`/api/v1/annotations${qs({ work: name, lang: doc.language, asof: doc.date })}`);
    list = r.annotations;
  }

  function renderMarks() {
    unwrap(marks);
    marks = [];
    for (const a of list) {
      const an = a.anchor;
      if (!an || !an.article || an.start === null || an.start === undefined || an.end <= an.start) continue;
      const art = articleEl(an.article);
      if (!art) continue;
      marks.push(...markSpan(art, an.start, an.end, () => {
        const m = el('mark', { class: `anno type-${a.type}`, dataset: { id: a.id }, tabindex: '0', title: `${t(`type.${a.type}`)} — ${a.author}` });
        const open = () => focusItem(a.id);
        m.addEventListener('click', open);
        m.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
        return m;
      }));
    }
  }

  function focusItem(id) {
    const li = items.querySelector(`li.anno-item[data-id="${CSS.escape(id)}"]`) || orphaned.querySelector(`li.anno-item[data-id="${CSS.escape(id)}"]`);
    if (!li) return;
    for (const x of panel.querySelectorAll('.anno-item.selected')) x.classList.remove('selected');
    li.classList.add('selected');
    li.scrollIntoView({ block: 'nearest' });
    li.focus();
  }

  function item(a) {
    const an = a.anchor || {};
    const li = el('li', { class: `anno-item type-${a.type} status-${a.status}`, dataset: { id: a.id }, tabindex: '-1' });
    const where = an.article ? el('a', { href: `#${encodeURIComponent(an.article)}`, class: 'anno-where' }, an.eid || an.article) : el('span', { class: 'anno-where' }, a.target.eid);
    li.append(el('p', { class: 'anno-head' }, badge('type', a.type), ' ', badge('status', a.status), ' ', badge('priority', a.priority), ' ', where));
    li.append(el('p', { class: 'anno-meta' }, el('span', { class: 'anno-author' }, a.author), ` · ${a.created.slice(0, 10)}`,
      a.target.expression.includes(`/${doc.language}@`) ? '' : ` · ${t('anno.otherLanguage')}`));
    if ((a.tags || []).length) li.append(el('p', { class: 'anno-tags' }, a.tags.map((x) => el('span', { class: 'tag' }, x))));
    if (a.target.quote) {
      const q = el('blockquote', { class: 'anno-quote' }, a.target.quote.exact);
      if (an.label === 'text-changed' && an.quote_now) {
        li.append(el('div', { class: 'anno-changed' }, el('p', {}, `${t('anno.was')}: `, el('del', {}, a.target.quote.exact)), el('p', {}, `${t('anno.now')}: `, el('ins', {}, an.quote_now))));
      } else li.append(q);
    } else li.append(el('p', { class: 'anno-quote whole' }, t('anno.wholeArticle')));
    const body = el('div', { class: 'anno-body' });
    body.innerHTML = a.body_html; // Sanitised by the server (Markdown → HTML → ammonia).
    li.append(body);
    for (const r of a.replies || []) {
      li.append(el('div', { class: 'anno-reply' }, el('p', { class: 'anno-meta' }, el('span', { class: 'anno-author' }, r.author), ` · ${r.created.slice(0, 10)}`), el('p', {}, r.body)));
    }
    if (mayWrite) {
      const st = el('select', { class: 'anno-status', 'aria-label': t('anno.status') }, STATUSES.map((x) => el('option', { value: x }, t(`status.${x}`))));
      st.value = a.status;
      st.addEventListener('change', async () => {
        try {
          await api('PATCH', `/api/v1/annotations/${encodeURIComponent(a.id)}`, { status: st.value }, { headers: { 'if-match': `"${a.revision}"` } });
        } catch (e) {
          if (e instanceof ApiError && e.status === 412) showError(new Error(t('anno.stale')));
          else showError(e);
        }
        await refresh();
        focusItem(a.id);
      });
      const replyId = `reply-${a.id}`;
      const text = el('textarea', { id: replyId, rows: '2', class: 'anno-reply-text' });
      const rf = el('form', { class: 'anno-reply-form' }, el('label', { for: replyId, class: 'sr-only' }, t('anno.replyLabel')), text,
        el('button', { type: 'submit' }, t('anno.reply')));
      rf.addEventListener('submit', async (e) => {
        e.preventDefault();
        if (!text.value.trim()) return;
        try {
          await api('POST', `/api/v1/annotations/${encodeURIComponent(a.id)}/replies`, { body: text.value });
          await refresh();
          focusItem(a.id);
        } catch (err) { showError(err); }
      });
      li.append(el('div', { class: 'anno-actions' }, st), rf);
    }
    return li;
  }

  function renderList() {
    clear(items);
    clear(orphaned);
    const shown = list.filter((a) => (!fType.value || a.type === fType.value) && (!fStatus.value || a.status === fStatus.value));
    const lost = shown.filter((a) => a.anchor && a.anchor.label === 'orphaned');
    orphaned.hidden = lost.length === 0;
    if (lost.length) orphaned.append(el('h3', {}, t('anno.orphaned')), el('ul', {}, lost.map(item)));
    const order = new Map([...document.querySelectorAll('#text article.provision')].map((a, i) => [a.dataset.eid, i]));
    const placed = shown.filter((a) => !(a.anchor && a.anchor.label === 'orphaned'))
      .sort((x, y) => (order.get(x.anchor.article) ?? 1e9) - (order.get(y.anchor.article) ?? 1e9) || (x.anchor.start ?? 0) - (y.anchor.start ?? 0));
    for (const a of placed) items.append(item(a));
    if (!shown.length) items.append(el('li', { class: 'none' }, t('anno.none')));
  }

  async function refresh() {
    await load();
    if (!current()) return;
    renderMarks();
    renderList();
  }

  function closeForm() {
    clear(formBox);
    pending = null;
  }

  function openForm(target) {
    pending = target;
    clear(formBox);
    const typeSel = el('select', { id: 'anno-type' }, TYPES.map((x) => el('option', { value: x }, t(`type.${x}`))));
    const prioSel = el('select', { id: 'anno-priority' }, PRIORITIES.map((x) => el('option', { value: x }, t(`priority.${x}`))));
    prioSel.value = 'medium';
    const tags = el('input', { id: 'anno-tags', type: 'text', autocomplete: 'off' });
    const body = el('textarea', { id: 'anno-body', rows: '5', required: true });
    const quote = el('textarea', { id: 'anno-quote', rows: '2', readonly: true });
    quote.value = target.quote || `${target.eid} (${t('anno.wholeArticle')})`;
    const author = el('input', { id: 'anno-author', type: 'text', autocomplete: 'name' });
    try { author.value = localStorage.getItem('kanun.author') || ''; } catch (_) { /* not remembered */ }
    const form = el('form', { id: 'anno-form', class: 'card' },
      el('p', {}, el('label', { for: 'anno-quote' }, t('anno.quote')), quote),
      el('p', {}, el('label', { for: 'anno-type' }, t('anno.type')), typeSel),
      el('p', {}, el('label', { for: 'anno-priority' }, t('anno.priority')), prioSel),
      el('p', {}, el('label', { for: 'anno-tags' }, t('anno.tags')), tags),
      el('p', {}, el('label', { for: 'anno-body' }, t('anno.body')), body),
      local ? el('p', {}, el('label', { for: 'anno-author' }, t('anno.author')), author) : '',
      el('p', { class: 'buttons' }, el('button', { type: 'submit', id: 'anno-save' }, t('anno.save')),
        el('button', { type: 'button', id: 'anno-cancel', on: { click: closeForm } }, t('anno.cancel'))));
    form.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeForm(); });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const payload = {
        work: name, lang: doc.language, asof: doc.date, eid: target.eid,
        type: typeSel.value, priority: prioSel.value,
        tags: tags.value.split(',').map((x) => x.trim()).filter(Boolean),
        body: body.value,
      };
      if (target.quote) Object.assign(payload, { start: target.start, end: target.end, quote: target.quote });
      if (local && author.value.trim()) {
        payload.author = author.value.trim();
        try { localStorage.setItem('kanun.author', payload.author); } catch (_) { /* not remembered */ }
      }
      try {
        const r = await api('POST', '/api/v1/annotations', payload);
        closeForm();
        window.getSelection().removeAllRanges();
        addBtn.hidden = true;
        await refresh();
        focusItem(r.data.id);
      } catch (err) { showError(err); }
    });
    formBox.append(form);
    body.focus();
  }

  if (mayWrite) {
    const onSelect = () => {
      const s = selectionInArticle();
      if (s) { pending = s; addBtn.hidden = false; } else if (!formBox.firstChild) addBtn.hidden = true;
    };
    ctx.text.addEventListener('mouseup', onSelect);
    ctx.text.addEventListener('keyup', onSelect);
    document.addEventListener('selectionchange', () => { if (selectionInArticle()) onSelect(); });
    addBtn.addEventListener('click', () => {
      const s = selectionInArticle() || pending;
      if (s) openForm(s);
    });
    for (const art of ctx.text.querySelectorAll('article.provision')) {
      if (art.id.startsWith('par-')) continue;
      art.querySelector('h3').append(el('button', { type: 'button', class: 'anno-article', title: t('anno.article'), 'aria-label': `${t('anno.article')}: ${art.dataset.eid}`,
        on: { click: () => openForm({ eid: art.dataset.eid }) } }, '+'));
    }
  }
  await refresh();
}
