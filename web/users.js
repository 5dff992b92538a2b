// The users of a team server, for admins: table#users (a row per user: name, role select, status, disable or
// enable, reset password) and form#user-add (#user-name, #user-role, #user-password). Every change ends the
// user's sessions on the server, so it applies at once.

import { api, get, can } from './api.js';
import { t } from './i18n.js';
import { el } from './dom.js';
import { navigate, showError } from './app.js';

const ROLES = ['reader', 'reviewer', 'drafter', 'admin'];

function roleSelect(id, value, label) {
  const s = el('select', { id, 'aria-label': label || null }, ROLES.map((r) => el('option', { value: r }, t(`role.${r}`))));
  s.value = value;
  return s;
}

export async function usersPage(main, _p, current) {
  document.title = `${t('title.users')} — Kanun`;
  if (!can('admin')) {
    main.append(el('h1', {}, t('users.title')), el('p', { role: 'alert' }, t('err.forbidden')));
    return;
  }
  const { users } = await get('/api/v1/users');
  if (!current()) return;
  const change = async (name, body) => {
    try {
      await api('PATCH', `/api/v1/users/${encodeURIComponent(name)}`, body);
      navigate('/users', { replace: true });
    } catch (e) { showError(e); }
  };
  const rows = users.map((u) => {
    const role = roleSelect(`role-${u.name}`, u.role, `${t('users.role')}: ${u.name}`);
    role.addEventListener('change', () => change(u.name, { role: role.value }));
    const pw = el('input', { type: 'password', autocomplete: 'new-password', 'aria-label': `${t('users.password')}: ${u.name}`, class: 'user-password' });
    const reset = el('form', { class: 'user-reset' }, pw, el('button', { type: 'submit' }, t('users.reset')));
    reset.addEventListener('submit', (e) => { e.preventDefault(); if (pw.value) change(u.name, { password: pw.value }); });
    return el('tr', { class: `user${u.disabled ? ' disabled' : ''}`, dataset: { name: u.name } },
      el('td', { class: 'user-name' }, u.name), el('td', {}, role),
      el('td', {}, el('span', { class: 'user-status' }, t(u.disabled ? 'users.disabled' : 'users.active')), ' ',
        el('button', { type: 'button', class: 'user-toggle', on: { click: () => change(u.name, { disabled: !u.disabled }) } },
          t(u.disabled ? 'users.enable' : 'users.disable'))),
      el('td', {}, reset));
  });
  const table = el('table', { id: 'users', class: 'users' },
    el('thead', {}, el('tr', {}, ['users.name', 'users.role', 'users.status', 'users.password'].map((k) => el('th', { scope: 'col' }, t(k))))),
    el('tbody', {}, rows));
  const name = el('input', { id: 'user-name', autocomplete: 'off', required: true });
  const password = el('input', { id: 'user-password', type: 'password', autocomplete: 'new-password', required: true });
  const role = roleSelect('user-role', 'reviewer');
  const add = el('form', { id: 'user-add', class: 'card' }, el('h2', {}, t('users.add')),
    el('p', {}, el('label', { for: 'user-name' }, t('users.name')), name),
    el('p', {}, el('label', { for: 'user-role' }, t('users.role')), role),
    el('p', {}, el('label', { for: 'user-password' }, t('users.password')), password),
    el('button', { type: 'submit' }, t('users.save')));
  add.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('POST', '/api/v1/users', { name: name.value.trim(), password: password.value, role: role.value });
      navigate('/users', { replace: true });
    } catch (err) { showError(err); }
  });
  main.append(el('h1', {}, t('users.title')), table, add);
}
