// A citation of a provision as lawyers of each interface language write it:
//   «пункт 3 части 2 статьи 5 Закона Туркменистана «О социальных услугах» (в редакции от 01.07.2024)»,
//   «point 3 of part 2 of Article 5 of the Law of Turkmenistan “On Social Services” (as in force from 1 July 2024)»,
//   «Türkmenistanyň «Sosial hyzmatlar hakynda» Kanunynyň 5-nji maddasynyň 2-nji böleginiň 3-nji bendi (…)».
// The provision comes from its eId (`art_5__para_2__point_3`); a point below a point is a subpoint.

import { fmtDate } from './i18n.js';

/** The levels of an eId from the article down: [{ kind: 'art' | 'para' | 'point' | 'subpoint', num }]. */
export function levels(eid) {
  const out = [];
  let points = 0;
  for (const seg of (eid || '').split('__')) {
    const m = /^([a-z]+)_(.+)$/.exec(seg);
    if (!m) continue;
    let kind = m[1];
    if (kind === 'point') { points += 1; if (points > 1) kind = 'subpoint'; }
    if (['art', 'para', 'point', 'subpoint'].includes(kind)) out.push({ kind, num: m[2].replace(/-dup\d+$/, '') });
  }
  return out;
}

const isLetter = (n) => /^\p{L}$/u.test(n);

/** A Turkmen ordinal number: 5-nji, 6-njy. */
function tkOrdinal(n) {
  const m = /(\d+)\D*$/.exec(n); // 10-1 is read by its last number: 10-1-nji
  if (!m) return n;
  const d = m[1];
  const back = /(6|9|10|30|40|60|90)$/.test(d);
  return `${n}-nj${back ? 'y' : 'i'}`;
}

const RU = {
  art: ['статья', 'статьи'], para: ['часть', 'части'], point: ['пункт', 'пункта'], subpoint: ['подпункт', 'подпункта'],
};
const TK = {
  art: ['maddasy', 'maddasynyň'], para: ['bölegi', 'böleginiň'], point: ['bendi', 'bendiniň'], subpoint: ['kiçi bendi', 'kiçi bendiniň'],
};
const EN = { art: 'Article', para: 'part', point: 'point', subpoint: 'subpoint' };

/**
 * The citation of provision `eid` of the act `title` in the version of `date`, in interface language `lang`.
 * `current`: whether that version is the one in force today (then the version is still named: a citation must
 * stay true when the law changes).
 */
export function citation(lang, { eid, title, date }) {
  const ls = levels(eid).reverse(); // innermost first
  const d = fmtDate(date);
  if (lang === 'rus') {
    const code = /^Кодекс\s/u.test(title);
    const act = code ? `Кодекса${title.slice('Кодекс'.length)}` : `Закона Туркменистана «${title}»`;
    const parts = ls.map((l, i) => `${RU[l.kind][i === 0 ? 0 : 1]} ${isLetter(l.num) ? `«${l.num}»` : l.num}`);
    return `${[...parts, act].join(' ')} (в редакции от ${d})`;
  }
  if (lang === 'tuk') {
    const act = /kodeksi/iu.test(title) ? `${title}niň` : `Türkmenistanyň «${title}» Kanunynyň`;
    const parts = [...ls].reverse().map((l, i, all) => `${tkOrdinal(l.num)} ${TK[l.kind][i === all.length - 1 ? 0 : 1]}`);
    return `${[act, ...parts].join(' ')} (${d} ýyldaky redaksiýasy)`;
  }
  const code = /\bCode\b/.test(title);
  const act = code ? `the ${title}` : `the Law of Turkmenistan “${title}”`;
  const parts = ls.map((l) => `${EN[l.kind]} ${l.num}`);
  return `${[...parts, act].join(' of ')} (as in force from ${d})`;
}

/** A short label of a provision for lists: «Article 5, part 2», «ст. 5, ч. 2», «5-nji madda, 2-nji bölek». */
export function shortLabel(lang, eid) {
  const ls = levels(eid);
  if (!ls.length) return '';
  const word = {
    eng: { art: 'Article', para: 'part', point: 'point', subpoint: 'subpoint' },
    rus: { art: 'ст.', para: 'ч.', point: 'п.', subpoint: 'подп.' },
    tuk: { art: 'madda', para: 'bölek', point: 'bent', subpoint: 'kiçi bent' },
  }[lang] || {};
  return ls.map((l) => (lang === 'tuk' ? `${tkOrdinal(l.num)} ${word[l.kind]}` : `${word[l.kind]} ${l.num}`)).join(', ');
}
