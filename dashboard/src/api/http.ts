import { fetchUtils } from 'react-admin';
import { CSRF_COOKIE, CSRF_HEADER } from '../../../contract/auth';
import { localisedError } from './serverMessages';

export const API_URL = '/api';

const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** Headers every request carries: JSON, and on writes the CSRF token the server set as a cookie. */
export function withApiHeaders(options: fetchUtils.Options = {}): fetchUtils.Options {
  const method = (options.method ?? 'GET').toUpperCase();
  const headers = new Headers(options.headers ?? {});
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  if (!SAFE_METHODS.includes(method)) {
    const token = readCookie(CSRF_COOKIE);
    if (token) headers.set(CSRF_HEADER, token);
  }
  return { ...options, headers, credentials: 'include' };
}

/**
 * fetchJson with cookies and CSRF; errors arrive as react-admin HttpError(body.message, status,
 * body), their messages in the user's language (serverMessages.ts).
 */
export const httpClient = (url: string, options: fetchUtils.Options = {}) =>
  fetchUtils.fetchJson(url, withApiHeaders(options)).catch((error: unknown) => {
    throw localisedError(error);
  });

/** A query string for report and download URLs: empty values left out, objects JSON-encoded. */
export function toQueryString(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return search.toString();
}
