// The reader: table of contents (nav#toc), the text (#text) with an article.provision[data-eid] per article and a
// p.line[data-start] per line (parts and points carry their eId as id, for deep links), the language switcher
// (select#doc-lang), the point-in-time selector (select#asof), the parallel view (select#parallel: each article
// beside its translation), highlighted query words (mark.hl, from ?hl=), the URL hash's provision marked as
// the target, and the annotation panel (annotations.js).

import { get, qs } from './api.js';
import { t, htmlLang, langName, fmtDate, docStatus, uiLang } from './i18n.js';
import { el, clear, cpToUtf16, wrapRange } from './dom.js';
import { navigate, setPageKeys } from './app.js';
import { mountAnnotations } from './annotations.js';
import { citation } from './cite.js';
import { works, workTitle } from './search.js';

function renderArticle(b, lang, idPrefix) {
  const art = el('article', { class: `provision${b.repealed ? ' repealed' : ''}`, id: `${idPrefix}${b.eid}`, dataset: { eid: b.eid }, lang: htmlLang(lang) },
    el('h3', { class: 'heading' }, b.heading, b.repealed ? el('span', { class: 'badge' }, t('reader.repealed')) : ''));
  for (const l of b.lines) {
    const p = el('p', { class: 'line', dataset: { start: String(l.start) } }, l.text);
    if (l.anchor) p.id = `${idPrefix}${l.anchor}`;
    const marker = l.text.match(/^(\d+(?:-\d+)?\.|\d+(?:-\d+)?\)|[a-zа-яäçňöşüýž]\))\s/iu);
    if (marker) p.classList.add(/\.$/.test(marker[1]) ? 'part' : 'point');
    art.append(p);
  }
  return art;
}

function renderBlocks(doc, idPrefix) {
  const out = [];
  for (const b of doc.blocks) {
    if (b.type === 'heading') {
      out.push(el(b.depth === 0 ? 'h2' : 'h3', { class: `container ${b.kind}`, id: `${idPrefix}${b.eid}`, dataset: { eid: b.eid }, lang: htmlLang(doc.language) }, b.text));
    } else {
      out.push(renderArticle(b, doc.language, idPrefix));
    }
  }
  return out;
}

/** Words of a query worth highlighting: no operators, filters or quotes. */
function queryWords(q) {
  return (q || '')
    .replace(/\b\w+:\S+/gu, ' ')
    .replace(/\b(AND|OR|NOT)\b/g, ' ')
    .split(/[^\p{L}\p{N}'’-]+/u)
    .map((w) => w.replace(/^-/, '').replace(/[*~]/g, ''))
    .filter((w) => w.length > 1);
}

/** Wraps words that begin like the query's (a rough stem: all but the last two letters) in mark.hl. */
function highlightWords(root, words) {
  if (!words.length) return;
  const stems = words.map((w) => w.toLocaleLowerCase().slice(0, Math.max(3, w.length - 2)));
  const escaped = stems.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join('|')})[\\p{L}\\p{N}'’]*`, 'giu');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement.closest('p.line') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
  });
  const nodes = [];
  let n;
  while ((n = walker.nextNode())) nodes.push(n);
  for (const node of nodes) {
    const text = node.data;
    re.lastIndex = 0;
    const matches = [...text.matchAll(re)];
    if (!matches.length) continue;
    const frag = document.createDocumentFragment();
    let at = 0;
    for (const m of matches) {
      frag.append(text.slice(at, m.index), el('mark', { class: 'hl' }, m[0]));
      at = m.index + m[0].length;
    }
    frag.append(text.slice(at));
    node.parentNode.replaceChild(frag, node);
  }
}

/** Marks the provision named by the URL's hash as the target, scrolls to it and, when asked, gives it the focus. */
function markTarget(focus) {
  for (const e of document.querySelectorAll('#text .target')) e.classList.remove('target');
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  const target = document.getElementById(id);
  if (!target) return;
  target.classList.add('target');
  target.scrollIntoView({ block: 'start' });
  if (focus) {
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
  }
}

/** The version in force today among `dates` (the latest that has begun; the earliest when none has). */
function currentDate(dates) {
  const today = new Date().toISOString().slice(0, 10);
  const begun = dates.filter((d) => d <= today).sort();
  return begun.length ? begun[begun.length - 1] : [...dates].sort()[0];
}

/** The provision the reader is on: the one with the focus, else the URL's target, else the first in view. */
export function currentProvision() {
  const act = document.activeElement && document.activeElement.closest && document.activeElement.closest('#text article.provision');
  if (act && !act.id.startsWith('par-')) return act;
  const id = decodeURIComponent(location.hash.slice(1));
  const tg = id && document.getElementById(id);
  const art = tg && tg.closest && tg.closest('#text article.provision');
  if (art && !art.id.startsWith('par-')) return art;
  return [...document.querySelectorAll('#text article.provision:not([id^="par-"])')].find((a) => a.getBoundingClientRect().bottom > 0) || null;
}

/** Moves the focus to the next (+1) or previous (-1) provision. */
function stepProvision(dir) {
  const all = [...document.querySelectorAll('#text article.provision:not([id^="par-"])')];
  if (!all.length) return;
  const at = all.indexOf(currentProvision());
  const next = all[Math.min(all.length - 1, Math.max(0, at < 0 ? 0 : at + dir))];
  next.setAttribute('tabindex', '-1');
  next.focus({ preventScroll: true });
  next.scrollIntoView({ block: 'start' });
}

/** A defined term's definition, in a small dialog beside the term (opened by click, touch, Enter or Space). */
function showDefinition(span) {
  for (const old of document.querySelectorAll('.term-pop')) old.remove();
  const close = el('button', { type: 'button', class: 'term-close' }, t('reader.close'));
  const pop = el('div', { class: 'term-pop', role: 'dialog', 'aria-label': t('reader.definition', { term: span.textContent }) },
    el('p', { class: 'term-name' }, t('reader.definition', { term: span.textContent })),
    el('p', { lang: span.closest('[lang]') ? span.closest('[lang]').lang : null }, span.dataset.definition), close);
  const done = () => { pop.remove(); span.focus(); };
  close.addEventListener('click', done);
  pop.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.stopPropagation(); done(); } });
  span.after(pop);
  close.focus();
}

export async function readerPage(main, [name], current) {
  const params = new URLSearchParams(location.search);
  const lang = params.get('lang') || '';
  const asof = params.get('asof') || '';
  const parallel = params.get('parallel') || '';
  const hl = params.get('hl') || '';
  main.append(el('p', { class: 'loading' }, t('loading')));
  const [doc, list] = await Promise.all([get(`/api/v1/works/${encodeURIComponent(name)}/text${qs({ lang, asof })}`), works()]);
  const other = parallel && parallel !== doc.language
    ? await get(`/api/v1/works/${encodeURIComponent(name)}/text${qs({ lang: parallel, asof: doc.date })}`) : null;
  if (!current()) return;
  clear(main);
  document.title = `${doc.title} — Kanun`;
  const work = list.find((w) => w.name === doc.name);

  const change = (key, value) => {
    const p = new URLSearchParams(location.search);
    if (value) p.set(key, value); else p.delete(key);
    // Another language keeps the point in time: the version in force on the date of the one shown.
    if (key === 'lang') p.set('asof', doc.date);
    navigate(`/read/${encodeURIComponent(name)}?${p}${location.hash}`);
  };
  const langSel = el('select', { id: 'doc-lang' }, doc.languages.map((l) => el('option', { value: l }, langName(l))));
  langSel.value = doc.language;
  langSel.addEventListener('change', () => change('lang', langSel.value));
  const asofSel = el('select', { id: 'asof' }, doc.dates.map((d) => el('option', { value: d }, fmtDate(d))));
  asofSel.value = doc.date;
  asofSel.addEventListener('change', () => change('asof', asofSel.value));
  const parSel = el('select', { id: 'parallel' }, el('option', { value: '' }, t('reader.none')),
    doc.languages.filter((l) => l !== doc.language).map((l) => el('option', { value: l }, langName(l))));
  parSel.value = other ? other.language : '';
  parSel.addEventListener('change', () => change('parallel', parSel.value));

  const toc = el('nav', { id: 'toc', 'aria-label': t('reader.contents') }, el('h2', {}, t('reader.contents')));
  const tocList = el('ul', {});
  for (const b of doc.blocks) {
    const text = b.type === 'heading' ? b.text : b.heading;
    tocList.append(el('li', { class: b.type === 'heading' ? `toc-${b.kind}` : 'toc-article', lang: htmlLang(doc.language) },
      el('a', { href: `#${encodeURIComponent(b.eid)}` }, text)));
  }
  toc.append(tocList);

  // Not the text in force today: say so, with the way to the current one.
  const now = currentDate(doc.dates);
  let notice = '';
  if (doc.kind !== 'draft' && doc.date !== now) {
    const future = doc.date > new Date().toISOString().slice(0, 10);
    notice = el('p', { id: 'version-notice', class: 'notice', role: 'note' },
      future ? t('reader.future', { date: fmtDate(doc.date) }) : t('reader.notCurrent', { date: fmtDate(doc.date) }), ' ',
      el('a', { href: `/read/${encodeURIComponent(name)}${qs({ lang: doc.language, asof: now })}${location.hash}` }, t('reader.currentLink')));
  }
  const text = el('div', { id: 'text', class: other ? 'parallel' : '' });
  const status = doc.kind === 'draft' ? docStatus('draft') : docStatus(doc.date === now ? doc.status : (doc.date > now ? 'not-yet-in-force' : 'repealed'));
  const head = el('header', { class: 'doc-head' },
    el('h1', { lang: htmlLang(doc.language) }, doc.long_title || doc.title),
    el('p', { class: 'meta' }, `${langName(doc.language)} · ${t('reader.asof')} ${fmtDate(doc.date)} · ${doc.date === now || doc.kind === 'draft' ? status : ''}`.replace(/ · $/, '')),
    doc.preamble.map((p) => el('p', { class: 'preamble', lang: htmlLang(doc.language) }, p)));
  text.append(head);
  if (other) {
    const theirs = new Map();
    for (const b of other.blocks) theirs.set(b.eid, b);
    for (const node of renderBlocks(doc, '')) {
      const b = theirs.get(node.dataset.eid);
      const right = b ? renderBlocks({ ...other, blocks: [b] }, 'par-')[0] : el('div', { class: 'missing' });
      text.append(el('div', { class: 'parallel-row' }, node, right));
    }
  } else {
    text.append(...renderBlocks(doc, ''));
  }
  const panel = el('aside', { id: 'anno-panel', 'aria-label': t('anno.panel') });
  const copied = el('span', { id: 'cite-status', role: 'status', class: 'meta' });
  const cite = el('button', { type: 'button', id: 'copy-citation', title: 'c' }, t('reader.copyCitation'));
  const copyCitation = async () => {
    const art = currentProvision();
    const id = decodeURIComponent(location.hash.slice(1));
    const tg = id && document.getElementById(id);
    const eid = tg && art && art.contains(tg) && tg.id ? tg.id : (art ? art.dataset.eid : '');
    const title = work ? workTitle(work) : doc.title;
    const words = citation(uiLang(), { eid, title, date: doc.date, current: doc.date === now });
    const link = `${location.origin}/read/${encodeURIComponent(name)}${qs({ lang: doc.language, asof: doc.date })}${eid ? `#${encodeURIComponent(eid)}` : ''}`;
    const textToCopy = `${words} ${link}`;
    try { await navigator.clipboard.writeText(textToCopy); } catch (_) { /* no clipboard permission: shown below */ }
    copied.textContent = `${t('reader.copied')}: ${textToCopy}`;
  };
  cite.addEventListener('click', copyCitation);
  const tools = el('div', { class: 'reader-tools' },
    el('label', { for: 'doc-lang' }, t('reader.language')), langSel,
    el('label', { for: 'asof' }, t('reader.asof')), asofSel,
    el('label', { for: 'parallel' }, t('reader.parallel')), parSel, cite, copied);
  main.append(tools, notice, el('div', { class: 'reader' }, toc, text, panel));

  highlightWords(text, queryWords(hl));
  attachLegalStructure(text, doc);
  const annotate = await mountAnnotations({ name, doc, text, panel, current });
  if (!current()) return;
  // Opened from a search hit or a link to a provision: the focus goes to it, so the keyboard goes on from there.
  markTarget(true);
  window.onhashchange = () => markTarget(true);
  setPageKeys({
    j: () => stepProvision(1), k: () => stepProvision(-1), c: copyCitation,
    a: () => annotate.annotateCurrent(currentProvision()), s: () => annotate.quoteByKeyboard(currentProvision()),
  });
}

/** Wraps the character range [start, end) of an article's plain text (its lines joined by "\n"). */
function wrapInArticle(art, start, end, make) {
  for (const line of art.querySelectorAll(':scope > p.line')) {
    const ls = Number(line.dataset.start);
    const text = line.textContent;
    const le = ls + Array.from(text).length;
    const a = Math.max(start, ls);
    const b = Math.min(end, le);
    if (b > a) wrapRange(line, cpToUtf16(text, a - ls), cpToUtf16(text, b - ls), make);
  }
}

/**
 * Cross-references as links (a.ref to the cited provision, span.ref.unresolved with the reason, span.ref.external
 * naming an act not in the corpus), "cited by"
 * under each article (details.cited-by), and defined terms (span.term with the definition as its title).
 */
function attachLegalStructure(text, doc) {
  const lang = doc.language;
  for (const b of doc.blocks) {
    if (b.type !== 'article') continue;
    const art = document.getElementById(b.eid);
    if (!art || !art.matches('article.provision')) continue;
    for (const r of b.references || []) {
      const tg = (r.targets || [])[0];
      if (!tg) continue;
      wrapInArticle(art, r.start, r.end, () => {
        if (tg.state === 'unresolved') return el('span', { class: 'ref unresolved', title: tg.reason || '' });
        // A provision of an act that is not in the corpus: named, not a fault.
        if (tg.state === 'external') return el('span', { class: 'ref external', title: tg.act || '' });
        const here = !tg.name || tg.name === doc.name;
        const href = `/read/${encodeURIComponent(tg.name || doc.name)}${qs({ lang, asof: here ? doc.date : '' })}${tg.eid ? `#${encodeURIComponent(tg.eid)}` : ''}`;
        const title = `${tg.label || ''}${tg.state === 'repealed' ? ` (${t('reader.repealed')})` : ''}`;
        return el('a', { class: `ref${tg.state === 'repealed' ? ' repealed' : ''}`, href, title });
      });
    }
    if ((b.cited_by || []).length) {
      art.append(el('details', { class: 'cited-by' }, el('summary', {}, `${t('reader.citedBy')} (${b.cited_by.length})`),
        el('ul', {}, b.cited_by.map((i) => el('li', {},
          el('a', { href: `/read/${encodeURIComponent(i.name)}${qs({ lang })}#${encodeURIComponent(i.eid)}` }, `${i.heading}`),
          ` — «${i.text}»`)))));
    }
  }
  markTerms(text, doc.terms || []);
}

/**
 * Wraps the uses of defined terms (inflected forms too: each word's beginning) in span.term; the definition opens
 * beside the term on click, touch, Enter or Space (a tooltip alone reaches neither keyboard nor touch users).
 */
function markTerms(root, terms) {
  if (!terms.length) return;
  // One listener for every term: click and touch, Enter and Space open the definition.
  root.addEventListener('click', (e) => { const s = e.target.closest && e.target.closest('span.term'); if (s) showDefinition(s); });
  root.addEventListener('keydown', (e) => {
    const s = e.target.closest && e.target.closest('span.term');
    if (s && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); showDefinition(s); }
  });
  const esc = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = terms
    .filter((d) => d.term.length > 2)
    .map((d) => ({
      d,
      re: new RegExp(`(?<![\\p{L}])${d.term.split(/\s+/).map((w) => `${esc(w.toLocaleLowerCase().slice(0, Math.max(3, w.length - 2)))}[\\p{L}'’-]*`).join('\\s+')}`, 'giu'),
    }))
    .sort((a, b) => b.d.term.length - a.d.term.length);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement.closest('p.line') && !n.parentElement.closest('.term, a.ref')
      ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
  });
  const nodes = [];
  let n;
  while ((n = walker.nextNode())) nodes.push(n);
  for (let k = 0; k < nodes.length && k < 20000; k += 1) {
    const node = nodes[k];
    let best = null;
    for (const p of patterns) {
      p.re.lastIndex = 0;
      const m = p.re.exec(node.data);
      if (m && (!best || m.index < best.m.index)) best = { m, p };
    }
    if (!best) continue;
    // Only the definition's own point is left alone.
    const holder = node.parentElement.closest('p.line');
    if (holder && holder.id === best.p.d.eid) continue;
    const { m, p } = best;
    const span = el('span', { class: 'term', role: 'button', tabindex: '0', 'aria-haspopup': 'dialog', dataset: { eid: p.d.eid, definition: p.d.definition } }, m[0]);
    const after = node.splitText(m.index);
    after.data = after.data.slice(m[0].length);
    node.parentNode.insertBefore(span, after);
    nodes.push(after);
  }
}
