// Small DOM helpers: building elements (text always as text nodes), converting between character offsets
// (Unicode code points, as the API counts) and JavaScript's UTF-16 indices, and wrapping a text range of an
// element in <mark> elements across text nodes.

/**
 * Makes an element. `attrs`: attributes (`class`, `hidden: true`, `dataset: {…}`, `on: {click: fn}`);
 * children: nodes or strings (strings become text nodes, never HTML), or arrays of them nested to any depth
 * (`list.map((x) => [', ', link(x)])` is a common shape).
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) e.addEventListener(ev, fn);
    else if (k === 'text') e.textContent = v;
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    if (typeof c === 'object' && !(c instanceof Node)) throw new TypeError(`el(${tag}): a child is neither a node nor text`);
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** Removes every child of `e`. */
export function clear(e) {
  while (e.firstChild) e.removeChild(e.firstChild);
  return e;
}

/** The UTF-16 index of the character (code point) offset `cp` in `s`. */
export function cpToUtf16(s, cp) {
  let i = 0;
  let n = 0;
  while (n < cp && i < s.length) {
    const c = s.codePointAt(i);
    i += c > 0xffff ? 2 : 1;
    n += 1;
  }
  return i;
}

/** The character (code point) offset of the UTF-16 index `i` in `s`. */
export function utf16ToCp(s, i) {
  return Array.from(s.slice(0, i)).length;
}

/** The UTF-16 offset, within `root`'s text, of a DOM position (container, offset) inside it; -1 if outside. */
export function textOffset(root, container, offset) {
  if (!root.contains(container)) return -1;
  let total = 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node;
  if (container.nodeType !== Node.TEXT_NODE) {
    // A position between children: count the text of the children before it.
    const r = document.createRange();
    r.setStart(root, 0);
    r.setEnd(container, offset);
    return r.toString().length;
  }
  while ((node = walker.nextNode())) {
    if (node === container) return total + offset;
    total += node.data.length;
  }
  return -1;
}

/**
 * Wraps the UTF-16 range [from, to) of `root`'s text in elements made by `make()`, splitting text nodes as
 * needed. Returns the wrappers.
 */
export function wrapRange(root, from, to, make) {
  const out = [];
  if (to <= from) return out;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let node;
  while ((node = walker.nextNode())) nodes.push(node);
  let pos = 0;
  for (let n of nodes) {
    const start = pos;
    const end = pos + n.data.length;
    pos = end;
    if (end <= from || start >= to) continue;
    const a = Math.max(from, start) - start;
    const b = Math.min(to, end) - start;
    if (b < n.data.length) n.splitText(b);
    if (a > 0) n = n.splitText(a);
    const w = make();
    n.parentNode.insertBefore(w, n);
    w.appendChild(n);
    out.push(w);
  }
  return out;
}

/** Replaces wrappers made by wrapRange by their content. */
export function unwrap(elements) {
  for (const w of elements) {
    const p = w.parentNode;
    if (!p) continue;
    while (w.firstChild) p.insertBefore(w.firstChild, w);
    p.removeChild(w);
    p.normalize();
  }
}
