// The reader's annotations: highlights (mark.anno[data-id]) of the quoted spans, the side panel
// (aside#anno-panel: filters #anno-filter-type and #anno-filter-status, the orphaned ones in #anno-orphaned at
// the top, li.anno-item with quote, body, replies, a status select and a reply form), and adding: select words
// in an article → button #anno-add, or button.anno-article for a whole article → form#anno-form (#anno-type,
// #anno-priority, #anno-tags, #anno-body, #anno-author in local mode, #anno-quote, #anno-save). Offsets sent
// and received are characters of the article's plain text (its lines joined by "\n").

import { api, get, qs, can, currentSession, ApiError } from './api.js';
import { t, uiLang, fmtDate, htmlLang } from './i18n.js';
import { el, clear, cpToUtf16, utf16ToCp, textOffset, wrapRange, unwrap } from './dom.js';
import { showError } from './app.js';
import { shortLabel } from './cite.js';

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
  const session = currentSession();
  const local = session.mode === 'local';
  // Whose notes the caller may edit and delete: in local mode all (there is no one else), else their own; a
  // drafter edits any (the server decides the same).
  const mayEdit = (a) => mayWrite && (local || (session.user && a.author === session.user.name) || can('drafter'));
  const rememberedAuthor = () => { try { return localStorage.getItem('kanun.author') || ''; } catch (_) { return ''; } };
  let list = [];
  let marks = [];
  let pending = null;

  const fType = el('select', { id: 'anno-filter-type' }, el('option', { value: '' }, t('anno.all')), TYPES.map((x) => el('option', { value: x }, t(`type.${x}`))));
  const fStatus = el('select', { id: 'anno-filter-status' }, el('option', { value: '' }, t('anno.all')), STATUSES.map((x) => el('option', { value: x }, t(`status.${x}`))));
  // The annotate control floats beside the selection, wherever the panel is scrolled.
  const addBtn = el('button', { type: 'button', id: 'anno-add', class: 'float-add', hidden: true, title: 'a' }, t('anno.add'));
  const orphaned = el('section', { id: 'anno-orphaned', hidden: true });
  const items = el('ul', { id: 'anno-list' });
  const formBox = el('div', { id: 'anno-form-box' });
  panel.append(el('h2', {}, t('anno.panel')),
    el('div', { class: 'anno-filters' },
      el('label', { for: 'anno-filter-type' }, t('anno.type')), fType,
      el('label', { for: 'anno-filter-status' }, t('anno.status')), fStatus),
    mayWrite ? el('p', { class: 'meta anno-hint' }, t('anno.keyboardHint')) : '', formBox, orphaned, items);
  if (mayWrite) document.body.append(addBtn);
  // The filter applies to the highlights in the text as well as to the list.
  fType.addEventListener('change', () => { renderMarks(); renderList(); });
  fStatus.addEventListener('change', () => { renderMarks(); renderList(); });
  const shown = () => list.filter((a) => (!fType.value || a.type === fType.value) && (!fStatus.value || a.status === fStatus.value));

  async function load() {
    const r = await get(`/api/v1/annotations${qs({ work: name, lang: doc.language, asof: doc.date })}`);
    list = r.annotations;
  }

  function renderMarks() {
    unwrap(marks);
    marks = [];
    for (const a of shown()) {
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
    const label = shortLabel(uiLang(), an.eid || an.article || a.target.eid) || t('anno.wholeArticle');
    const where = an.article ? el('a', { href: `#${encodeURIComponent(an.eid || an.article)}`, class: 'anno-where' }, label) : el('span', { class: 'anno-where' }, label);
    li.append(el('p', { class: 'anno-head' }, badge('type', a.type), ' ', badge('status', a.status), ' ', badge('priority', a.priority), ' ', where));
    li.append(el('p', { class: 'anno-meta' }, el('span', { class: 'anno-author user-text' }, a.author), ` · ${fmtDate(a.created.slice(0, 10))}`,
      a.target.expression.includes(`/${doc.language}@`) ? '' : ` · ${t('anno.otherLanguage')}`));
    if ((a.tags || []).length) li.append(el('p', { class: 'anno-tags' }, a.tags.map((x) => el('span', { class: 'tag user-text' }, x))));
    if (a.target.quote) {
      const q = el('blockquote', { class: 'anno-quote user-text' }, a.target.quote.exact);
      if (an.label === 'text-changed' && an.quote_now) {
        // The words quoted and the words there now are law text, in the language of the text annotated.
        const lawLang = htmlLang((a.target.expression.split('/').pop() || '').split('@')[0]);
        li.append(el('div', { class: 'anno-changed' }, el('p', {}, `${t('anno.was')}: `, el('del', { lang: lawLang }, a.target.quote.exact)), el('p', {}, `${t('anno.now')}: `, el('ins', { lang: lawLang }, an.quote_now))));
      } else li.append(q);
    } else li.append(el('p', { class: 'anno-quote whole' }, t('anno.wholeArticle')));
    const body = el('div', { class: 'anno-body user-text' });
    body.innerHTML = a.body_html; // Sanitised by the server (Markdown → HTML → ammonia).
    li.append(body);
    for (const r of a.replies || []) {
      li.append(el('div', { class: 'anno-reply' }, el('p', { class: 'anno-meta' }, el('span', { class: 'anno-author user-text' }, r.author), ` · ${fmtDate(r.created.slice(0, 10))}`), el('p', { class: 'user-text' }, r.body)));
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
          // In local mode the reply is signed with the name given in the note form (else the server says "local").
          const by = local ? rememberedAuthor() : '';
          await api('POST', `/api/v1/annotations/${encodeURIComponent(a.id)}/replies`, by ? { body: text.value, author: by } : { body: text.value });
          await refresh();
          focusItem(a.id);
        } catch (err) { showError(err); }
      });
      const actions = el('div', { class: 'anno-actions' }, st);
      if (mayEdit(a)) {
        const confirmBox = el('span', { class: 'anno-confirm', hidden: true });
        const del = el('button', { type: 'button', class: 'anno-delete' }, t('anno.delete'));
        del.addEventListener('click', () => {
          clear(confirmBox);
          confirmBox.hidden = false;
          const yes = el('button', { type: 'button', class: 'anno-delete-yes danger' }, t('anno.delete'));
          const no = el('button', { type: 'button', class: 'anno-delete-no' }, t('anno.cancel'));
          confirmBox.append(el('span', { role: 'alert' }, t('anno.deleteConfirm')), ' ', yes, ' ', no);
          no.addEventListener('click', () => { confirmBox.hidden = true; del.focus(); });
          yes.addEventListener('click', async () => {
            try {
              await api('DELETE', `/api/v1/annotations/${encodeURIComponent(a.id)}`, null, { headers: { 'if-match': `"${a.revision}"` } });
              await refresh();
              panel.querySelector('h2').setAttribute('tabindex', '-1');
              panel.querySelector('h2').focus();
            } catch (e) {
              if (e instanceof ApiError && e.status === 412) { showError(new Error(t('anno.stale'))); await refresh(); } else showError(e);
            }
          });
          no.focus();
        });
        actions.append(' ', el('button', { type: 'button', class: 'anno-edit', on: { click: () => openForm({ eid: a.target.eid, edit: a }) } }, t('anno.edit')), ' ', del, confirmBox);
      }
      li.append(actions, rf);
    }
    return li;
  }

  function renderList() {
    clear(items);
    clear(orphaned);
    const visible = shown();
    const lost = visible.filter((a) => a.anchor && a.anchor.label === 'orphaned');
    orphaned.hidden = lost.length === 0;
    if (lost.length) orphaned.append(el('h3', {}, t('anno.orphaned')), el('ul', {}, lost.map(item)));
    const order = new Map([...document.querySelectorAll('#text article.provision')].map((a, i) => [a.dataset.eid, i]));
    const placed = visible.filter((a) => !(a.anchor && a.anchor.label === 'orphaned'))
      .sort((x, y) => (order.get(x.anchor.article) ?? 1e9) - (order.get(y.anchor.article) ?? 1e9) || (x.anchor.start ?? 0) - (y.anchor.start ?? 0));
    for (const a of placed) items.append(item(a));
    if (!visible.length) items.append(el('li', { class: 'none' }, t('anno.none')));
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
    addBtn.hidden = true;
    const editing = target.edit || null;
    const typeSel = el('select', { id: 'anno-type' }, TYPES.map((x) => el('option', { value: x }, t(`type.${x}`))));
    const prioSel = el('select', { id: 'anno-priority' }, PRIORITIES.map((x) => el('option', { value: x }, t(`priority.${x}`))));
    prioSel.value = 'medium';
    const tags = el('input', { id: 'anno-tags', type: 'text', autocomplete: 'off' });
    const body = el('textarea', { id: 'anno-body', rows: '5', required: true });
    const quote = el('textarea', { id: 'anno-quote', rows: '2', readonly: true });
    const quoted = editing ? (editing.target.quote ? editing.target.quote.exact : '') : target.quote;
    quote.value = quoted || `${shortLabel(uiLang(), target.eid)} (${t('anno.wholeArticle')})`;
    const author = el('input', { id: 'anno-author', type: 'text', autocomplete: 'name' });
    author.value = rememberedAuthor();
    if (editing) {
      typeSel.value = editing.type;
      prioSel.value = editing.priority;
      tags.value = (editing.tags || []).join(', ');
      body.value = editing.body;
    }
    const form = el('form', { id: 'anno-form', class: 'card' },
      el('p', {}, el('label', { for: 'anno-quote' }, t('anno.quote')), quote),
      el('p', {}, el('label', { for: 'anno-type' }, t('anno.type')), typeSel),
      el('p', {}, el('label', { for: 'anno-priority' }, t('anno.priority')), prioSel),
      el('p', {}, el('label', { for: 'anno-tags' }, t('anno.tags')), tags),
      el('p', {}, el('label', { for: 'anno-body' }, t('anno.body')), body),
      local && !editing ? el('p', {}, el('label', { for: 'anno-author' }, t('anno.author')), author) : '',
      el('p', { class: 'buttons' }, el('button', { type: 'submit', id: 'anno-save' }, t('anno.save')),
        el('button', { type: 'button', id: 'anno-cancel', on: { click: closeForm } }, t('anno.cancel'))));
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') closeForm();
      // Ctrl+Enter (⌘+Enter) saves from any field.
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (editing) {
        try {
          await api('PATCH', `/api/v1/annotations/${encodeURIComponent(editing.id)}`, {
            type: typeSel.value, priority: prioSel.value, body: body.value,
            tags: tags.value.split(',').map((x) => x.trim()).filter(Boolean),
          }, { headers: { 'if-match': `"${editing.revision}"` } });
          closeForm();
          await refresh();
          focusItem(editing.id);
        } catch (err) {
          if (err instanceof ApiError && err.status === 412) { showError(new Error(t('anno.stale'))); await refresh(); } else showError(err);
        }
        return;
      }
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

  /** Shows the annotate control just below the end of the selection (in page coordinates). */
  function placeAddButton() {
    const sel = window.getSelection();
    if (!sel || !sel.rangeCount) return;
    const rects = sel.getRangeAt(0).getClientRects();
    const r = rects[rects.length - 1] || sel.getRangeAt(0).getBoundingClientRect();
    addBtn.hidden = false;
    const w = addBtn.offsetWidth || 160;
    addBtn.style.left = `${Math.max(4, Math.min(window.scrollX + r.right - w / 2, window.scrollX + document.documentElement.clientWidth - w - 4))}px`;
    addBtn.style.top = `${window.scrollY + r.bottom + 6}px`;
  }

  /** The quote box: the provision's text in a field where words are selected with the keyboard (Shift+arrows). */
  function quoteByKeyboard(art) {
    if (!art || !mayWrite) return;
    clear(formBox);
    const full = plainText(art);
    // Not `readonly`: browsers then do not move the caret with the arrow keys. Typing is refused instead.
    const box = el('textarea', { id: 'anno-quote-box', rows: '8', 'aria-readonly': 'true', spellcheck: 'false', lang: art.lang || null }, full);
    box.addEventListener('beforeinput', (e) => e.preventDefault());
    const use = el('button', { type: 'button', id: 'anno-use-quote' }, t('anno.useQuote'));
    const take = () => {
      const a = utf16ToCp(full, box.selectionStart);
      const b = utf16ToCp(full, box.selectionEnd);
      const quote = Array.from(full).slice(a, b).join('');
      if (b > a && quote.trim()) openForm({ eid: art.dataset.eid, start: a, end: b, quote });
    };
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); take(); }
      if (e.key === 'Escape') { closeForm(); art.focus(); }
    });
    use.addEventListener('click', take);
    formBox.append(el('div', { class: 'card', id: 'anno-quote-card' }, el('label', { for: 'anno-quote-box' }, t('anno.quoteBox')), box, use));
    box.focus();
    box.setSelectionRange(0, 0);
  }

  /** `a`: the selection if there is one in the text, else the whole provision `art`. */
  function annotateCurrent(art) {
    if (!mayWrite) return;
    const s = selectionInArticle();
    if (s) openForm(s);
    else if (art) openForm({ eid: art.dataset.eid });
  }

  if (mayWrite) {
    const onSelect = () => {
      const s = selectionInArticle();
      if (s) { pending = s; placeAddButton(); } else if (!formBox.firstChild) addBtn.hidden = true;
    };
    // The control belongs to this page only.
    const gone = new MutationObserver(() => { if (!ctx.text.isConnected) { addBtn.remove(); gone.disconnect(); } });
    gone.observe(document.getElementById('main'), { childList: true });
    ctx.text.addEventListener('mouseup', onSelect);
    ctx.text.addEventListener('keyup', onSelect);
    document.addEventListener('selectionchange', () => { if (current() && selectionInArticle()) onSelect(); });
    addBtn.addEventListener('click', () => {
      const s = selectionInArticle() || pending;
      if (s) openForm(s);
    });
    for (const art of ctx.text.querySelectorAll('article.provision')) {
      if (art.id.startsWith('par-')) continue;
      art.querySelector('h3').append(el('button', { type: 'button', class: 'anno-article', title: t('anno.article'), 'aria-label': `${t('anno.article')}: ${shortLabel(uiLang(), art.dataset.eid)}`,
        on: { click: () => openForm({ eid: art.dataset.eid }) } }, '+'));
    }
  }
  await refresh();
  return { annotateCurrent, quoteByKeyboard };
}
