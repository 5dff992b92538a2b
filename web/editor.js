// The drafting editor. /editor: the drafts written here (ul#editor-drafts) and, for drafters, the form that starts
// one from a law as in force (form#editor-start) and the one that starts one from a Word document written on it
// (form#editor-word: its tracked changes taken in or made suggestions; div#word-result says what became of each).
// /editor/{name}: the draft in one of its languages, provision by provision (div#editor-text, each provision an
// element #p-<eId> with its actions: new wording, insert after, repeal, move), each change with its justification;
// beside it the redline refreshed after every change (div#live-redline: inline, or the comparative table); the
// checks (ul#findings, each linking to its provision); the citations that followed a renumbered or moved provision,
// to confirm (div#followed); milestones (form#milestone) and the revisions (ol#revisions); downloads. A save based
// on a revision someone else has replaced meanwhile is refused by the server: the page says who changed what,
// reloads, and keeps the words typed.

import { api, get, qs, can, ApiError } from './api.js';
import { t, htmlLang, langName, fmtDate, uiLang } from './i18n.js';
import { el, clear } from './dom.js';
import { navigate, showError, setPageKeys } from './app.js';
import { works, workTitle, titleLang } from './search.js';
import { shortLabel } from './cite.js';
import { sideBySide } from './drafts.js';

const enc = encodeURIComponent;

/** A provision as a reader names it, in the interface language (`art_12-1__para_2` → `Article 12-1, part 2`). */
function label(eid) {
  return shortLabel(uiLang(), eid) || eid;
}

export async function editorListPage(main, _p, current) {
  document.title = `${t('editor.title')} — Kanun`;
  const [r, all] = await Promise.all([get('/api/v1/editor'), works()]);
  if (!current()) return;
  const list = el('ul', { id: 'editor-drafts' }, r.drafts.map((d) => el('li', { class: 'draft' },
    el('a', { class: 'draft-link', href: `/editor/${enc(d.name)}` }, d.name),
    el('p', { class: 'meta' }, t('editor.revisionBy', { n: d.revision, date: fmtDate(d.modified.slice(0, 10)) }),
      el('span', { class: 'user-text' }, ` ${d.modified_by}`)))));
  if (!r.drafts.length) list.append(el('li', { class: 'none' }, t('editor.none')));
  main.append(el('h1', {}, t('editor.title')), el('p', { class: 'meta' }, t('editor.intro')), list);
  if (!can('drafter')) return;
  const laws = all.filter((w) => w.kind === 'law');
  const law = el('select', { id: 'start-law' }, laws.map((w) => el('option', { value: w.name, lang: titleLang(all, w.name) }, workTitle(w))));
  const name = el('input', { id: 'start-name', type: 'text', autocomplete: 'off', required: true, pattern: '[a-z0-9][a-z0-9-]*', placeholder: 'social-services-2027' });
  const numbering = el('select', { id: 'start-numbering' },
    el('option', { value: 'insertion' }, t('editor.numbering.insertion')), el('option', { value: 'renumber' }, t('editor.numbering.renumber')));
  const form = el('form', { id: 'editor-start', class: 'card' }, el('h2', {}, t('editor.start')),
    el('p', {}, el('label', { for: 'start-law' }, t('editor.law')), law),
    el('p', {}, el('label', { for: 'start-name' }, t('editor.name')), name, el('span', { class: 'meta' }, ` ${t('editor.nameHint')}`)),
    el('p', {}, el('label', { for: 'start-numbering' }, t('editor.numbering')), numbering),
    el('button', { id: 'start-submit', type: 'submit' }, t('editor.startButton')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('POST', '/api/v1/editor', { name: name.value.trim(), law: law.value, numbering: numbering.value });
      navigate(`/editor/${enc(name.value.trim())}`);
    } catch (err) { showError(err); }
  });
  main.append(form, wordForm(all, laws));
}

/** The form that starts a draft from a Word document written on the law in force, and what became of its
 * tracked changes (taken in, made suggestions, not taken and why, changed without tracking). */
function wordForm(all, laws) {
  const law = el('select', { id: 'word-law' }, laws.map((w) => el('option', { value: w.name, lang: titleLang(all, w.name) }, workTitle(w))));
  const name = el('input', { id: 'word-name', type: 'text', autocomplete: 'off', required: true, pattern: '[a-z0-9][a-z0-9-]*', placeholder: 'social-services-word' });
  const lang = el('select', { id: 'word-lang' }, ['eng', 'rus', 'tuk'].map((l) => el('option', { value: l, selected: l === uiLang() }, langName(l))));
  const file = el('input', { id: 'word-file', type: 'file', required: true, accept: '.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
  const choice = (value, label, checked) => el('label', { class: 'choice' },
    el('input', { type: 'radio', name: 'word-changes', id: `word-${value}`, value, checked }), ` ${label}`);
  const result = el('div', { id: 'word-result', role: 'status' });
  const form = el('form', { id: 'editor-word', class: 'card' }, el('h2', {}, t('editor.word')),
    el('p', { class: 'meta' }, t('editor.wordIntro')),
    el('p', {}, el('label', { for: 'word-law' }, t('editor.law')), law),
    el('p', {}, el('label', { for: 'word-name' }, t('editor.name')), name, el('span', { class: 'meta' }, ` ${t('editor.nameHint')}`)),
    el('p', {}, el('label', { for: 'word-lang' }, t('editor.wordLang')), lang),
    el('p', {}, el('label', { for: 'word-file' }, t('editor.wordFile')), file),
    el('fieldset', {}, el('legend', {}, t('editor.wordChanges')),
      choice('suggest', t('editor.wordSuggest'), true), el('br'), choice('accept', t('editor.wordAccept'), false)),
    el('button', { id: 'word-submit', type: 'submit' }, t('editor.wordButton')), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(result);
    const f = file.files[0];
    if (!f) return;
    const changes = form.querySelector('input[name="word-changes"]:checked').value;
    try {
      const q = qs({ name: name.value.trim(), law: law.value, lang: lang.value, changes, file: f.name });
      const { data } = await api('POST', `/api/v1/editor${q}`, f,
        { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
      result.append(wordReport(data, f.name));
      result.scrollIntoView({ block: 'nearest' });
    } catch (err) { showError(err); }
  });
  return form;
}

/** What became of a Word document's tracked changes, as a person reads it. */
function wordReport(r, file) {
  const item = (x, extra) => el('li', {}, el('a', { href: `/editor/${enc(r.name)}#p-${x.eid}` }, label(x.eid)),
    ` — ${t(`editor.word.op.${x.op}`)}`, extra);
  const by = (x) => el('span', { class: 'meta' }, ` (${t('editor.wordBy', { who: '' })}`, el('span', { class: 'user-text' }, x.by), ')');
  const section = (title, cls, items) => (items.length ? [el('h3', {}, title), el('ul', { class: cls }, items)] : []);
  return el('div', { class: 'word-report' },
    el('p', {}, t('editor.wordDone', { name: r.name, file, matched: r.matched, articles: r.articles, n: r.revision })),
    r.taken.length || r.not_taken.length ? '' : el('p', { class: 'meta' }, t('editor.wordNone')),
    section(r.changes === 'accept' ? t('editor.wordTaken') : t('editor.wordSuggested'), 'word-taken', r.taken.map((x) => item(x, by(x)))),
    section(t('editor.wordNotTaken'), 'word-not-taken', r.not_taken.map((x) => item(x, el('span', { class: 'meta' }, `: ${t(`editor.why.${x.why}`)}`,
      x.detail ? el('span', { lang: 'en' }, ` (${x.detail})`) : '')))),
    section(t('editor.wordUntracked'), 'word-untracked', r.untracked.map((eid) => el('li', {}, el('a', { href: `/editor/${enc(r.name)}#p-${eid}` }, label(eid))))),
    el('p', {}, el('a', { id: 'word-open', class: 'button', href: `/editor/${enc(r.name)}` }, t('editor.open'))));
}

/** The text of a provision as the editor shows it: its paragraphs (intro), then its children, then its wrap-up. */
function provisionView(p, lang, ctx) {
  const heading = p.num || p.heading
    ? `${p.num ? p.num.raw.replace(/\.$/, '') : ''}${p.num && p.heading ? '. ' : ''}${p.heading || ''}` : '';
  const box = el('div', { id: `p-${p.eid}`, class: `prov prov-${p.kind}${p.repealed ? ' repealed' : ''}`, tabindex: '-1', dataset: { eid: p.eid } });
  const isArticle = p.kind === 'article';
  if (['book', 'part', 'section', 'subsection', 'chapter', 'subchapter', 'hcontainer'].includes(p.kind)) {
    box.append(el('h2', { class: 'container-head', lang: htmlLang(lang) }, heading));
    for (const c of p.children || []) box.append(provisionView(c, lang, ctx));
    return box;
  }
  const head = isArticle ? el('h3', { lang: htmlLang(lang) }, heading) : null;
  const marker = !isArticle && p.num ? el('span', { class: 'marker' }, `${p.num.raw} `) : '';
  const text = el('div', { class: 'prov-text', lang: htmlLang(lang) },
    p.repealed && !p.heading && !(p.intro || []).length ? el('p', { class: 'meta' }, t('reader.repealed')) : '',
    (p.intro || []).map((x, i) => el('p', {}, i === 0 ? marker : '', x)),
    !(p.intro || []).length && marker ? el('p', {}, marker, (p.children || []).length ? '' : el('em', { class: 'meta' }, t('editor.empty'))) : '');
  const locked = ctx.renumber && ctx.isLocked(p) ? el('p', { class: 'meta locked' }, t('editor.locked')) : '';
  const notes = (p.notes || []).length ? el('p', { class: 'justification' }, `${t('editor.justification')}: `, el('span', { class: 'user-text' }, p.notes.join(' '))) : '';
  // The actions of a provision are reached by Tab only once the provision is the current one (j / k, a click or a
  // link): a law of hundreds of provisions is not hundreds of Tabs.
  const button = (cls, label, f) => el('button', { type: 'button', class: cls, tabindex: '-1', on: { click: () => f(p, box) } }, label);
  const actions = ctx.canEdit ? el('p', { class: 'prov-actions' },
    button('act-edit', t('editor.edit'), ctx.edit),
    ['article', 'para', 'point'].includes(p.kind) ? [
      button('act-insert', t('editor.insertAfter'), ctx.insert),
      p.repealed ? '' : button('act-repeal', t('editor.repeal'), ctx.repeal),
      button('act-move', t('editor.move'), ctx.move),
      (p.children || []).length > 1 ? button('act-split', t('editor.split'), ctx.split) : '',
      button('act-merge', t('editor.merge'), ctx.merge),
      // Under full renumbering a number can be kept as it is (the others are numbered around it).
      ctx.renumber ? button('act-lock', ctx.isLocked(p) ? t('editor.unlock') : t('editor.lock'), ctx.lock) : '',
    ] : '')
    // Reviewers propose wording; the drafter decides.
    : ctx.canSuggest ? el('p', { class: 'prov-actions' }, button('act-suggest', t('editor.suggest'), ctx.suggest),
      button('act-comment', t('editor.comment'), ctx.comment)) : '';
  box.append(head || '', locked, text, notes, actions);
  for (const c of p.children || []) box.append(provisionView(c, lang, ctx));
  for (const x of p.wrap_up || []) box.append(el('p', { class: 'wrap-up', lang: htmlLang(lang) }, x));
  return box;
}

function walk(list, out = []) {
  for (const p of list) { out.push(p); walk(p.children || [], out); }
  return out;
}

export async function editorPage(main, [name], current) {
  const params = new URLSearchParams(location.search);
  const view = ['table', 'side'].includes(params.get('view')) ? params.get('view') : 'inline';
  main.append(el('p', { class: 'loading' }, t('loading')));
  const [first, revs] = await Promise.all([api('GET', `/api/v1/editor/${enc(name)}`), get(`/api/v1/editor/${enc(name)}/revisions`)]);
  if (!current()) return;
  let data = first.data;
  let revision = Number((first.headers.get('etag') || '"0"').replace(/"/g, ''));
  const languages = data.draft.texts.map((x) => x.meta.language);
  const lang = languages.includes(params.get('lang')) ? params.get('lang') : languages[0];
  const canEdit = can('drafter');
  clear(main);
  const text = data.draft.texts.find((x) => x.meta.language === lang);
  document.title = `${name} — ${t('editor.title')} — Kanun`;
  const status = el('p', { id: 'editor-status', class: 'meta', role: 'status' });
  const showStatus = () => { status.textContent = t('editor.atRevision', { n: revision }); };
  showStatus();
  const followed = el('div', { id: 'followed', role: 'status' });
  const findings = el('ul', { id: 'findings' });
  const textBox = el('div', { id: 'editor-text', class: 'editor-text-body' });
  const redline = el('div', { id: 'live-redline', class: 'redline', lang: htmlLang(lang) });
  const revList = el('ol', { id: 'revisions' });
  const sugList = el('ul', { id: 'suggestions' });
  const showSuggestions = async () => {
    const list = (await get(`/api/v1/editor/${enc(name)}/suggestions`)).suggestions;
    clear(sugList);
    for (const x of list) {
      const comment = x.kind === 'comment';
      const li = el('li', { class: `suggestion ${x.kind} ${x.status}`, id: `suggestion-${x.id}` },
        el('p', { class: 'anno-meta' }, `${t(comment ? 'suggestion.comment' : 'suggestion.wording')} · `,
          x.now ? el('a', { href: `#p-${x.now}` }, label(x.now)) : `${label(x.eid)} (${t('suggestion.gone')})`,
          ' — ', el('span', { class: 'user-text' }, x.author),
          ` · ${t(`suggestion.${comment && x.status === 'declined' ? 'closed' : x.status}`)}`, x.decided_by ? [' · ', el('span', { class: 'user-text' }, x.decided_by)] : ''),
        x.heading ? el('p', { lang: htmlLang(x.language), class: 'user-text' }, el('strong', {}, x.heading)) : '',
        x.text.map((p) => el('p', { lang: htmlLang(x.language), class: 'user-text proposed' }, p)),
        comment ? el('p', { class: 'user-text comment-body' }, x.justification)
          : el('p', { class: 'justification' }, `${t('editor.justification')}: `, el('span', { class: 'user-text' }, x.justification)),
        x.reason ? el('p', {}, `${t('suggestion.reason')}: `, el('span', { class: 'user-text' }, x.reason)) : '');
      if (canEdit && x.status === 'open') {
        const reason = el('input', { type: 'text', id: `reason-${x.id}`, autocomplete: 'off' });
        li.append(el('p', { class: 'suggestion-actions' },
          comment ? '' : el('button', { type: 'button', class: 'sug-accept', on: { click: async () => {
            try {
              const r = await api('POST', `/api/v1/editor/${enc(name)}/suggestions/${enc(x.id)}/accept`, {}, { headers: { 'if-match': `"${revision}"` } });
              await afterSave(r);
              await showSuggestions();
            } catch (err) { showError(err); }
          } } }, t('suggestion.accept')), ' ',
          el('label', { for: reason.id, class: 'sr-only' }, t('suggestion.reason')), reason, ' ',
          el('button', { type: 'button', class: 'sug-decline', on: { click: async () => {
            try {
              await api('POST', `/api/v1/editor/${enc(name)}/suggestions/${enc(x.id)}/decline`, { reason: reason.value });
              await showSuggestions();
            } catch (err) { showError(err); }
          } } }, t(comment ? 'suggestion.close' : 'suggestion.decline'))));
      }
      sugList.append(li);
    }
    if (!list.length) sugList.append(el('li', { class: 'none' }, t('suggestion.none')));
  };

  const showFindings = (list) => {
    clear(findings);
    for (const f of list) {
      findings.append(el('li', { class: `finding ${f.kind}` },
        el('a', { href: `#p-${f.eid}`, on: { click: (e) => { e.preventDefault(); const b = document.getElementById(`p-${f.eid}`); if (b) { b.scrollIntoView({ block: 'center' }); b.focus(); } } } }, label(f.eid)),
        ` — ${t(`finding.${f.kind}`)}${f.language ? ` (${langName(f.language)})` : ''}`));
    }
    if (!list.length) findings.append(el('li', { class: 'none' }, t('editor.noFindings')));
  };
  const showRevisions = (list) => {
    clear(revList);
    for (const r of list) {
      const what = r.kind === 'milestone' ? el('strong', { class: 'user-text' }, r.milestone)
        : r.kind === 'start' ? t('editor.rev.start') : `${t(`editor.op.${r.op}`)} ${label(r.eid)}`;
      revList.append(el('li', { value: r.revision },
        what, ' — ', el('span', { class: 'user-text' }, r.author),
        r.suggested_by ? [` (${t('editor.suggestedBy')} `, el('span', { class: 'user-text' }, r.suggested_by), ')'] : '', r.justification ? [' — ', el('span', { class: 'user-text' }, r.justification)] : '',
        r.kind === 'milestone' ? [' ', el('a', { href: `/editor/${enc(name)}${qs({ lang, view, from: '', to: r.revision })}`, class: 'rev-redline', on: { click: (e) => { e.preventDefault(); refreshRedline({ to: r.revision }); } } }, t('editor.compareMilestone'))] : ''));
    }
  };
  const refreshRedline = async (range = {}) => {
    const d = await get(`/api/v1/editor/${enc(name)}/redline${qs({ lang, ui: uiLang(), from: range.from, to: range.to })}`);
    clear(redline);
    const inner = el('div', {});
    if (view === 'side') inner.append(sideBySide(d.redline)); // Built from the rows, every text as text.
    else inner.innerHTML = view === 'table' ? d.table_html : d.inline_html; // Built and escaped by the server.
    redline.append(inner);
  };
  const drawText = () => {
    clear(textBox);
    const x = data.draft.texts.find((e) => e.meta.language === lang);
    for (const p of x.body) textBox.append(provisionView(p, lang, ctx));
  };
  // The current provision: its own buttons join the Tab order, the others' leave it. It is the one holding the
  // focus (read from the document when a key is pressed: focus events may come late in a window in the background).
  let currentProv = null;
  const makeCurrent = (box) => {
    if (!box || box === currentProv) { if (box) box.classList.add('current'); return; }
    if (currentProv) {
      currentProv.classList.remove('current');
      for (const b of currentProv.querySelectorAll(':scope > .prov-actions > button')) b.setAttribute('tabindex', '-1');
    }
    currentProv = box;
    box.classList.add('current');
    for (const b of box.querySelectorAll(':scope > .prov-actions > button')) b.setAttribute('tabindex', '0');
  };
  const focused = () => {
    const a = document.activeElement;
    const box = a && a.closest ? a.closest('#editor-text .prov') : null;
    return box || (currentProv && currentProv.isConnected ? currentProv : null);
  };
  textBox.addEventListener('focusin', (e) => makeCurrent(e.target.closest('.prov')));
  const provs = () => [...textBox.querySelectorAll('.prov')].filter((b) => !b.querySelector(':scope > h2.container-head'));
  const step = (d) => {
    const list = provs();
    const i = list.indexOf(focused());
    const next = list[Math.max(0, Math.min(list.length - 1, i + d))];
    if (next) { makeCurrent(next); next.focus(); next.scrollIntoView({ block: 'nearest' }); }
  };
  const act = (name) => () => {
    const box = focused();
    makeCurrent(box);
    const b = box && box.querySelector(`:scope > .prov-actions > .act-${name}`);
    if (b) b.click();
  };
  setPageKeys(canEdit ? { j: () => step(1), k: () => step(-1), e: act('edit'), i: act('insert'), r: act('repeal'), m: act('move'), s: act('split') }
    : { j: () => step(1), k: () => step(-1) });
  // After a save (a change, or a suggestion accepted): the answer holds the draft, its revision and checks, and
  // what the change did; the text, checks, citations that followed, revisions and redline follow it.
  const afterSave = async (r) => {
    revision = Number((r.headers.get('etag') || '"0"').replace(/"/g, ''));
    data = { ...data, head: r.data.head, draft: r.data.draft, findings: r.data.findings };
    drawText();
    showFindings(r.data.findings);
    showStatus();
    clear(followed);
    const f = r.data.outcome.followed || [];
    if (f.length) {
      followed.append(el('h2', {}, t('editor.followed')), el('ul', {}, f.map((x) => el('li', {},
        el('a', { href: `#p-${x.eid}` }, label(x.eid)), ` (${langName(x.language)}): `, el('del', { lang: htmlLang(x.language) }, x.before), ' → ', el('ins', { lang: htmlLang(x.language) }, x.after)))),
      el('button', { type: 'button', id: 'followed-ok', on: { click: () => clear(followed) } }, t('editor.confirm')));
    }
    const [list] = await Promise.all([get(`/api/v1/editor/${enc(name)}/revisions`), refreshRedline()]);
    showRevisions(list.revisions);
    const made = r.data.outcome.eid && document.getElementById(`p-${r.data.outcome.eid}`);
    if (made) made.focus();
  };
  // A change: sent with the revision it is based on; the text, checks and redline follow it.
  const send = async (step) => {
    try {
      const r = await api('POST', `/api/v1/editor/${enc(name)}/changes`, step, { headers: { 'if-match': `"${revision}"` } });
      await afterSave(r);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'stale') {
        // Someone else saved first: say who and what, and load their text; the words typed stay in the form.
        const theirs = err.theirs;
        showError(new Error(`${t('editor.stale')} ${theirs.map((x) => `${x.author}: ${x.milestone || `${t(`editor.op.${x.op}`)} ${label(x.eid || '')}`}`).join('; ')}`));
        const fresh = await api('GET', `/api/v1/editor/${enc(name)}`);
        data = fresh.data;
        revision = Number((fresh.headers.get('etag') || '"0"').replace(/"/g, ''));
        showStatus();
        return false;
      }
      showError(err);
      return false;
    }
  };
  // The inline form under a provision: fields, the justification, save and cancel.
  const form = (box, fields, onSave, whyLabel = t('editor.justification')) => {
    for (const f of box.querySelectorAll(':scope > form.prov-form')) f.remove();
    const why = el('input', { type: 'text', class: 'why', id: `why-${box.dataset.eid}`, autocomplete: 'off' });
    const save = el('button', { type: 'submit', class: 'save' }, t('editor.save'));
    const f = el('form', { class: 'prov-form card' }, fields,
      el('p', {}, el('label', { for: why.id }, whyLabel), why),
      save, ' ', el('button', { type: 'button', class: 'cancel', on: { click: () => f.remove() } }, t('anno.cancel')));
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      save.disabled = true;
      const ok = await onSave(why.value.trim() || undefined);
      save.disabled = false;
      if (ok) f.remove();
    });
    f.addEventListener('keydown', (e) => { if (e.key === 'Escape') f.remove(); });
    box.append(f);
    const firstField = f.querySelector('textarea, input, select');
    if (firstField) firstField.focus();
  };
  const ctx = {
    canEdit,
    canSuggest: can('reviewer'),
    renumber: data.draft.numbering === 'renumber',
    isLocked: (p) => (data.draft.locked || []).includes(p.wid),
    lock: (p) => send({ op: 'lock', eid: p.eid, locked: !ctx.isLocked(p) }),
    comment: (p, box) => form(box, el('h4', {}, t('editor.commentTitle')), async (words) => {
      if (!words) { showError(new Error(t('editor.commentWhy'))); return false; }
      try {
        await api('POST', `/api/v1/editor/${enc(name)}/suggestions`, { kind: 'comment', eid: p.eid, language: lang, justification: words });
        await showSuggestions();
        return true;
      } catch (err) { showError(err); return false; }
    }, t('suggestion.comment')),
    suggest: (p, box) => {
      const id = `sug-${p.eid}`;
      const area = el('textarea', { id, rows: '4', lang: htmlLang(lang) });
      area.value = (p.intro || []).join('\n\n');
      const head = p.kind === 'article' ? el('input', { id: `sughead-${p.eid}`, type: 'text', value: p.heading || '', lang: htmlLang(lang) }) : null;
      form(box, [el('h4', {}, t('editor.suggestTitle')), head ? el('p', {}, el('label', { for: head.id }, t('editor.heading')), head) : '',
        el('p', {}, el('label', { for: id }, t('editor.wording')), area)],
      async (justification) => {
        if (!justification) { showError(new Error(t('editor.suggestWhy'))); return false; }
        try {
          await api('POST', `/api/v1/editor/${enc(name)}/suggestions`, { eid: p.eid, language: lang, heading: head ? head.value : undefined,
            text: area.value.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean), justification });
          await showSuggestions();
          return true;
        } catch (err) { showError(err); return false; }
      });
    },
    edit: (p, box) => {
      const id = `text-${p.eid}`;
      const area = el('textarea', { id, rows: String(Math.max(3, (p.intro || []).length * 2)), lang: htmlLang(lang) });
      area.value = (p.intro || []).join('\n\n');
      const head = p.kind === 'article' ? el('input', { id: `head-${p.eid}`, type: 'text', value: p.heading || '', lang: htmlLang(lang) }) : null;
      form(box, [head ? el('p', {}, el('label', { for: head.id }, t('editor.heading')), head) : '',
        el('p', {}, el('label', { for: id }, t('editor.wording')), area)],
      (justification) => send({ op: 'edit', eid: p.eid, language: lang, heading: head ? head.value : undefined,
        intro: area.value.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean), justification }));
    },
    insert: (p, box) => {
      const id = `new-${p.eid}`;
      const area = el('textarea', { id, rows: '4', lang: htmlLang(lang) });
      const head = p.kind === 'article' ? el('input', { id: `newhead-${p.eid}`, type: 'text', lang: htmlLang(lang) }) : null;
      form(box, [el('h4', {}, t('editor.newAfter')), head ? el('p', {}, el('label', { for: head.id }, t('editor.heading')), head) : '',
        el('p', {}, el('label', { for: id }, t('editor.wording')), area)],
      (justification) => send({ op: 'insert', eid: p.eid, place: 'after', language: lang, heading: head ? head.value : undefined,
        text: area.value.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean), justification }));
    },
    repeal: (p, box) => form(box, el('p', {}, t('editor.repealConfirm')), (justification) => send({ op: 'repeal', eid: p.eid, justification })),
    split: (p, box) => {
      const at = el('select', { id: `split-${p.eid}` }, p.children.slice(0, -1).map((c, i) =>
        el('option', { value: String(i + 1), lang: htmlLang(lang) }, c.num ? c.num.raw : String(i + 1))));
      form(box, el('p', {}, el('label', { for: at.id }, t('editor.splitAfter')), ' ', at),
        (justification) => send({ op: 'split', eid: p.eid, at: Number(at.value), justification }));
    },
    merge: (p, box) => form(box, el('p', {}, t('editor.mergeConfirm')), (justification) => send({ op: 'merge', eid: p.eid, justification })),
    move: (p, box) => {
      const x = data.draft.texts.find((e) => e.meta.language === lang);
      const same = walk(x.body).filter((q) => q.kind === p.kind && q.eid !== p.eid && !q.eid.startsWith(`${p.eid}__`));
      const id = `to-${p.eid}`;
      const to = el('select', { id }, same.map((q) => el('option', { value: q.eid, lang: htmlLang(lang) }, q.num ? q.num.raw : q.eid)));
      const place = el('select', { id: `place-${p.eid}` }, el('option', { value: 'after' }, t('editor.after')), el('option', { value: 'before' }, t('editor.before')));
      form(box, el('p', {}, el('label', { for: place.id }, t('editor.moveTo')), place, ' ', el('label', { for: id, class: 'sr-only' }, t('editor.moveTarget')), to),
        (justification) => send({ op: 'move', eid: p.eid, to: to.value, place: place.value, justification }));
    },
  };

  const tab = (v, label) => el('a', { id: `view-${v}`, href: `/editor/${enc(name)}${qs({ lang, view: v })}`, class: 'tab', 'aria-current': view === v ? 'page' : null }, label);
  const langs = el('p', { class: 'reader-tools' }, languages.map((l) =>
    el('a', { href: `/editor/${enc(name)}${qs({ lang: l, view })}`, 'aria-current': l === lang ? 'page' : null, class: 'lang-link', hreflang: htmlLang(l) }, langName(l))));
  const dl = (format, label) => el('a', { href: `/api/v1/editor/${enc(name)}/redline${qs({ lang, format })}`, dataset: { format }, download: '' }, label);
  const downloads = el('nav', { id: 'downloads', 'aria-label': t('redline.downloads') }, el('strong', {}, `${t('redline.downloads')}: `),
    dl('docx', t('dl.docx')), dl('table-docx', t('dl.table-docx')), dl('html', t('dl.html')), dl('md', t('dl.md')),
    ['eng', 'rus', 'tuk'].includes(lang) ? dl('instructions', t('dl.instructions', { lang: langName(lang) })) : '',
    el('a', { href: `/api/v1/editor/${enc(name)}/corpus${qs({ lang })}`, dataset: { format: 'corpus' }, download: '' }, t('editor.corpusFile')),
    el('a', { href: `/api/v1/editor/${enc(name)}/revisions?format=jsonl`, dataset: { format: 'jsonl' }, download: '' }, t('editor.jsonl')));
  const milestone = el('form', { id: 'milestone', class: 'inline-form' });
  if (canEdit) {
    const label = el('input', { id: 'milestone-name', type: 'text', autocomplete: 'off', required: true });
    milestone.append(el('label', { for: 'milestone-name' }, t('editor.milestone')), ' ', label, ' ', el('button', { type: 'submit', id: 'milestone-save' }, t('editor.milestoneSave')));
    milestone.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const r = await api('POST', `/api/v1/editor/${enc(name)}/milestones`, { name: label.value.trim() }, { headers: { 'if-match': `"${revision}"` } });
        revision = r.data.revision;
        label.value = '';
        showStatus();
        showRevisions((await get(`/api/v1/editor/${enc(name)}/revisions`)).revisions);
      } catch (err) { showError(err); }
    });
  }
  main.append(el('h1', {}, name),
    el('p', { class: 'meta', lang: htmlLang(lang) }, text.meta.title, ` · ${t('editor.numbering')}: ${t(`editor.numbering.${data.draft.numbering}`)}`),
    langs, status, downloads, canEdit ? milestone : '',
    canEdit ? el('p', { class: 'meta', id: 'editor-keys' }, t('editor.keys')) : '',
    el('div', { class: 'editor-layout' },
      el('section', { class: 'editor-text', 'aria-label': t('editor.textLabel') }, textBox),
      el('section', { class: 'editor-side', 'aria-label': t('editor.sideLabel') },
        followed,
        el('h2', {}, t('editor.findings')), findings,
        el('nav', { class: 'tabs', 'aria-label': t('redline.views') }, tab('inline', t('redline.inline')), tab('side', t('redline.side')), tab('table', t('redline.table'))),
        redline,
        el('h2', {}, t('editor.suggestions')), sugList,
        el('h2', {}, t('editor.revisions')), revList)));
  drawText();
  showFindings(data.findings);
  showRevisions(revs.revisions);
  await Promise.all([refreshRedline(), showSuggestions()]);
}
