import type { AuthProvider, UserIdentity } from 'react-admin';
import { CSRF_COOKIE, type SignedInUser } from '../../contract/auth';
import type { Meta, ResourcePermissions } from '../../contract/meta';
import { API_URL, httpClient, readCookie } from './api/http';
import { clearMeta, findResource, loadMeta } from './meta/store';

let me: Promise<SignedInUser> | null = null;

function loadMe(): Promise<SignedInUser> {
  if (!me) {
    me = httpClient(`${API_URL}/auth/me`).then(({ json }) => json as SignedInUser);
    me.catch(() => {
      me = null;
    });
  }
  return me;
}

function forget(): void {
  me = null;
  clearMeta();
}

async function metaOrNull(): Promise<Meta | null> {
  if (!readCookie(CSRF_COOKIE)) return null;
  try {
    return await loadMeta();
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
    try {
      await httpClient(`${API_URL}/auth/login`, {
        method: 'POST',
        body: JSON.stringify({ email: email ?? username, password }),
      });
    } catch (error: any) {
      throw new Error(error?.message || 'ra.auth.sign_in_error');
    }
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
