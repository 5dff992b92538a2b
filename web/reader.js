// The reader: table of contents (nav#toc), the text (#text) with an article.provision[data-eid] per article and a
// p.line[data-start] per line (parts and points carry their eId as id, for deep links), the language switcher
// (select#doc-lang), the point-in-time selector (select#asof), the parallel view (select#parallel: each article
// beside its translation), highlighted query words (mark.hl, from ?hl=), the URL hash's provision marked as
// the target, and the annotation panel (annotations.js).

import { get, qs } from './api.js';
import { t, htmlLang } from './i18n.js';
import { el, clear, cpToUtf16, wrapRange } from './dom.js';
import { navigate } from './app.js';
import { mountAnnotations } from './annotations.js';

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

function markTarget() {
  for (const e of document.querySelectorAll('#text .target')) e.classList.remove('target');
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  const target = document.getElementById(id);
  if (!target) return;
  target.classList.add('target');
  target.scrollIntoView({ block: 'start' });
}

export async function readerPage(main, [name], current) {
  const params = new URLSearchParams(location.search);
  const lang = params.get('lang') || '';
  const asof = params.get('asof') || '';
  const parallel = params.get('parallel') || '';
  const hl = params.get('hl') || '';
  main.append(el('p', { class: 'loading' }, t('loading')));
  const doc = await get(`/api/v1/works/${encodeURIComponent(name)}/text${qs({ lang, asof })}`);
  const other = parallel && parallel !== doc.language
    ? await get(`/api/v1/works/${encodeURIComponent(name)}/text${qs({ lang: parallel, asof })}`) : null;
  if (!current()) return;
  clear(main);
  document.title = `${doc.title} — Kanun`;

  const change = (key, value) => {
    const p = new URLSearchParams(location.search);
    if (value) p.set(key, value); else p.delete(key);
    if (key === 'lang') p.delete('asof');
    navigate(`/read/${encodeURIComponent(name)}?${p}${location.hash}`);
  };
  const langSel = el('select', { id: 'doc-lang' }, doc.languages.map((l) => el('option', { value: l }, l)));
  langSel.value = doc.language;
  langSel.addEventListener('change', () => change('lang', langSel.value));
  const asofSel = el('select', { id: 'asof' }, doc.dates.map((d) => el('option', { value: d }, d)));
  asofSel.value = doc.date;
  asofSel.addEventListener('change', () => change('asof', asofSel.value));
  const parSel = el('select', { id: 'parallel' }, el('option', { value: '' }, t('reader.none')),
    doc.languages.filter((l) => l !== doc.language).map((l) => el('option', { value: l }, l)));
  parSel.value = other ? other.language : '';
  parSel.addEventListener('change', () => change('parallel', parSel.value));

  const toc = el('nav', { id: 'toc', 'aria-label': t('reader.contents') }, el('h2', {}, t('reader.contents')));
  const tocList = el('ul', {});
  for (const b of doc.blocks) {
    const text = b.type === 'heading' ? b.text : b.heading;
    tocList.append(el('li', { class: b.type === 'heading' ? `toc-${b.kind}` : 'toc-article' },
      el('a', { href: `#${encodeURIComponent(b.eid)}` }, text)));
  }
  toc.append(tocList);

  const text = el('div', { id: 'text', class: other ? 'parallel' : '' });
  const head = el('header', { class: 'doc-head', lang: htmlLang(doc.language) },
    el('h1', {}, doc.long_title || doc.title),
    el('p', { class: 'meta' }, `${doc.language} · ${doc.date} · ${doc.status}`),
    doc.preamble.map((p) => el('p', { class: 'preamble' }, p)));
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
  const tools = el('div', { class: 'reader-tools' },
    el('label', { for: 'doc-lang' }, t('reader.language')), langSel,
    el('label', { for: 'asof' }, t('reader.asof')), asofSel,
    el('label', { for: 'parallel' }, t('reader.parallel')), parSel);
  main.append(tools, el('div', { class: 'reader' }, toc, text, panel));

  highlightWords(text, queryWords(hl));
  // Cited-by and defined terms come with the legal-structure API (references and terms of a provision); this
  // is where they will be attached to the text.
  attachLegalStructure(text, doc);
  await mountAnnotations({ name, doc, text, panel, current });
  markTarget();
  window.onhashchange = markTarget;
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

/** Wraps the uses of defined terms (inflected forms too: each word's beginning) in span.term with a title. */
function markTerms(root, terms) {
  if (!terms.length) return;
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
    const span = el('span', { class: 'term', title: p.d.definition, tabindex: '0', dataset: { eid: p.d.eid } }, m[0]);
    const after = node.splitText(m.index);
    after.data = after.data.slice(m[0].length);
    node.parentNode.insertBefore(span, after);
    nodes.push(after);
  }
}
