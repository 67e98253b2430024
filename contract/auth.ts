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
