import type { AuthProvider, UserIdentity } from 'react-admin';
import { API_URL, httpClient, readCookie } from './api/http';
import { clearMeta, findResource, loadMeta } from './meta/store';
import type { Meta, ResourcePermissions } from './meta/types';

export interface Me {
  id: number;
  email: string;
  full_name: string;
  role: string;
  organization_id: number | null;
  organization_name: string | null;
  places: { id: number; name: string }[];
}

let me: Promise<Me> | null = null;

function loadMe(): Promise<Me> {
  if (!me) {
    me = httpClient(`${API_URL}/auth/me`).then(({ json }) => json as Me);
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
  if (!readCookie('csrf_token')) return null;
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
    if (readCookie('csrf_token')) {
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
