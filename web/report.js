// The review report: div#report holds the server's report (each law's articles with their annotations, the
// themes × laws matrix, the orphaned annotations); a law filter and downloads (md, html, csv).

import { get, qs } from './api.js';
import { t } from './i18n.js';
import { el } from './dom.js';
import { navigate } from './app.js';

export async function reportPage(main, _p, current) {
  const work = new URLSearchParams(location.search).get('work') || '';
  const [r, works] = await Promise.all([get(`/api/v1/report${qs({ work })}`), get('/api/v1/works')]);
  if (!current()) return;
  const sel = el('select', { id: 'report-work' }, el('option', { value: '' }, t('report.all')),
    works.works.filter((w) => w.kind === 'law').map((w) => el('option', { value: w.name }, w.titles.eng || w.name)));
  sel.value = work;
  sel.addEventListener('change', () => navigate(`/report${qs({ work: sel.value })}`));
  const downloads = el('nav', { id: 'report-downloads' }, ['md', 'html', 'csv'].map((f) =>
    el('a', { href: `/api/v1/report${qs({ format: f, work })}`, download: '', dataset: { format: f } }, f.toUpperCase())));
  const box = el('div', { id: 'report', class: 'report' });
  box.innerHTML = r.html; // Built by the server: texts escaped, annotation bodies sanitised.
  main.append(el('p', { class: 'reader-tools' }, el('label', { for: 'report-work' }, t('report.work')), sel), downloads, box);
}
