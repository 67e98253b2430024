import type { AuthProvider, UserIdentity } from 'react-admin';
import { CSRF_COOKIE, type SignedInUser } from '../../contract/auth';
import type { Meta, ResourcePermissions } from '../../contract/meta';
import { API_URL, httpClient, readCookie } from './api/http';
import { prefetchDashboard, reportsAsked } from './dashboard/prefetch';
import { clearMeta, findResource, loadMeta } from './meta/store';

let me: Promise<SignedInUser> | null = null;

/** The signed-in user, asked for once per sign-in; the dashboard's numbers are asked for as soon as it is known. */
function loadMe(): Promise<SignedInUser> {
  if (!me) {
    me = httpClient(`${API_URL}/auth/me`).then(({ json }) => json as SignedInUser);
    me.then(prefetchDashboard, () => {
      me = null;
    });
  }
  return me;
}

function forget(): void {
  me = null;
  clearMeta();
}

/**
 * /api/meta, once the landing dashboard's reports are asked for (dashboard/prefetch.ts
 * `reportsAsked`): react-admin draws the layout when the permissions are known.
 */
async function metaOrNull(): Promise<Meta | null> {
  if (!readCookie(CSRF_COOKIE)) return null;
  try {
    const [meta] = await Promise.all([loadMeta(), reportsAsked()]);
    return meta;
  } catch (error: any) {
    if (error?.status === 401) return null;
    throw error;
  }
}

/** react-admin's action names mapped to the server's four permissions. */
const ACTION_PERMISSION: Record<string, keyof ResourcePermissions> = {
  list: 'read',
  show: 'read',
  export: 'read',
  edit: 'update',
  create: 'create',
  clone: 'create',
  delete: 'delete',
};

export const authProvider: AuthProvider = {
  async login({ username, email, password }) {
    forget();
    let user: SignedInUser;
    try {
      const { json } = await httpClient(`${API_URL}/auth/login`, {
        method: 'POST',
        body: JSON.stringify({ email: email ?? username, password }),
      });
      user = json.user as SignedInUser;
    } catch (error: any) {
      throw new Error(error?.message || 'ra.auth.sign_in_error');
    }
    // The sign-in answers with the user: no /api/auth/me after it. /api/meta and the
    // dashboard's numbers are asked for now, beside each other, not after the first render.
    me = Promise.resolve(user);
    loadMeta().catch(() => undefined);
    prefetchDashboard(user);
  },
  async logout() {
    // without the CSRF cookie there is no session to end on the server
    if (readCookie(CSRF_COOKIE)) {
      try {
        await httpClient(`${API_URL}/auth/logout`, { method: 'POST', body: '{}' });
      } catch {
        // the session may already be gone; signing out locally is what matters
      }
    }
    forget();
  },
  async checkAuth() {
    await loadMe();
  },
  async checkError(error) {
    // 401 means the session is gone; 403 is a refusal of one action and keeps the user signed in.
    if (error?.status === 401) {
      forget();
      throw error;
    }
  },
  async getIdentity(): Promise<UserIdentity> {
    const user = await loadMe();
    return { ...user, id: user.id, fullName: user.full_name };
  },
  // Signed out, there are no permissions: answering null at once (rather than failing, which
  // react-query retries for seconds) lets the sign-in page show without delay.
  getPermissions: () => metaOrNull(),
  async canAccess({ action, resource }) {
    const meta = await metaOrNull();
    const declared = findResource(meta, resource);
    if (!declared) return false;
    const permission = ACTION_PERMISSION[action] ?? 'read';
    return Boolean(declared.permissions[permission]);
  },
};
