import type { Role } from './enums';

/**
 * Signing in (docs/api.md): the CSRF double submit and the signed-in user. The session
 * cookie itself is httpOnly and the server's alone (server/auth/cookies.ts).
 */

/** The readable cookie that holds a cookie session's CSRF token. */
export const CSRF_COOKIE = 'csrf_token';
/** The header a cookie session's writes echo that token in. */
export const CSRF_HEADER = 'X-CSRF-Token';

/** The signed-in user: GET /api/auth/me, and `user` in the sign-in answer. */
export interface SignedInUser {
  id: number;
  email: string;
  full_name: string;
  role: Role;
  organization_id: number | null;
  organization_name: string | null;
  last_login_at: string | null;
  /** the places of service the user is assigned to today, by name */
  places: { id: number; name: string }[];
}

/** API keys (docs/auth.md) start with this, so a script's key is told from a session token at a glance. */
export const API_KEY_PREFIX = 'csk_';

/** One of the signed-in user's API keys: GET /api/auth/api_keys. The key itself is never sent again. */
export interface ApiKeyInfo {
  id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
  /** null: the key does not expire */
  expires_at: string | null;
}

/** POST /api/auth/api_keys answers the new key once, in `key`. */
export interface CreatedApiKey extends ApiKeyInfo {
  key: string;
}

/** How long a new key may last, in days (`expires_in_days`; absent or null: no expiry). */
export const API_KEY_MAX_DAYS = 3650;
export const API_KEY_NAME_MAX = 100;
