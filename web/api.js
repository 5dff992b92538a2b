// The API client: JSON in and out, the CSRF token on every mutation, errors turned into ApiError with the
// server's message and hint.

import { t, uiLang } from './i18n.js';

let session = null;

/**
 * An error answered by the server. `message` is in the interface language: the server's own words (English,
 * precise) when the interface is English, else the translation of its stable `code`, with the server's words
 * kept in `detail` (shown folded, for a report to the administrator).
 */
export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    const server = e.message || (typeof body === 'string' ? body : `HTTP ${status}`);
    const code = e.code || (status >= 500 ? 'internal' : 'bad_request');
    const english = uiLang() === 'eng';
    super(english ? server : t(`err.${code}`));
    this.status = status;
    this.code = code;
    this.detail = english ? '' : server;
    this.hint = english ? (e.hint || '') : '';
    this.position = e.position;
    this.diagnostics = e.diagnostics || [];
    this.theirs = e.theirs || [];
  }
}

/** Loads the session (mode, user, CSRF token, interface language). */
export async function loadSession() {
  const r = await fetch('/api/v1/session', { credentials: 'same-origin' });
  session = await r.json();
  return session;
}

/** The session loaded last. */
export function currentSession() { return session; }

/** The signed-in role, or null. */
export function role() { return session && session.user ? session.user.role : null; }

const ORDER = ['reader', 'reviewer', 'drafter', 'admin'];

/** Whether the signed-in user's role includes `needed`. */
export function can(needed) {
  const r = role();
  return r !== null && ORDER.indexOf(r) >= ORDER.indexOf(needed);
}

/**
 * Calls the API. `body` is sent as JSON unless it is a string or a file (then as `contentType`). Resolves to
 * `{ data, headers, status }`; rejects with ApiError.
 */
export async function api(method, path, body, { headers = {}, contentType } = {}) {
  const h = { ...headers };
  let payload;
  if (body !== undefined && body !== null) {
    if (typeof body === 'string' || body instanceof Blob) {
      h['content-type'] = contentType || 'text/plain';
      payload = body;
    } else {
      h['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  if (method !== 'GET' && session) h['x-csrf-token'] = session.csrf;
  let r;
  try {
    r = await fetch(path, { method, headers: h, body: payload, credentials: 'same-origin' });
  } catch (_) {
    throw new Error(t('err.network'));
  }
  const ct = r.headers.get('content-type') || '';
  const data = ct.includes('json') ? await r.json().catch(() => null) : await r.text();
  if (!r.ok) throw new ApiError(r.status, data);
  return { data, headers: r.headers, status: r.status };
}

/** GET a JSON resource. */
export async function get(path) {
  return (await api('GET', path)).data;
}

/** A query string from an object, leaving out empty values. */
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}
