// The sign-in page (team mode): #login-form with #login-name, #login-password, #login-submit; errors in
// #login-error.

import { api, loadSession } from './api.js';
import { t } from './i18n.js';
import { el } from './dom.js';
import { navigate } from './app.js';

export async function loginPage(main) {
  document.title = `${t('title.login')} — Kanun`;
  const error = el('p', { id: 'login-error', role: 'alert', class: 'form-error', hidden: true });
  const name = el('input', { id: 'login-name', name: 'name', autocomplete: 'username', required: true });
  const password = el('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = el('form', { id: 'login-form', class: 'card narrow' },
    el('h1', {}, t('login.title')),
    el('p', {}, el('label', { for: 'login-name' }, t('login.name')), name),
    el('p', {}, el('label', { for: 'login-password' }, t('login.password')), password),
    error,
    el('button', { id: 'login-submit', type: 'submit' }, t('login.submit')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    try {
      await loadSession();
      await api('POST', '/api/v1/login', { name: name.value, password: password.value });
      await loadSession();
      window.dispatchEvent(new Event('kanun:session'));
      // Back to the address that was asked for before signing in (only an address of this workbench).
      const next = new URLSearchParams(location.search).get('next') || '';
      navigate(/^\/(?![/\\])/.test(next) && !next.startsWith('/login') ? next : '/search');
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    }
  });
  main.append(form);
  name.focus();
}
