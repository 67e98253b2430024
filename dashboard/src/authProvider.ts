import type { AuthProvider, UserIdentity } from 'react-admin';
import { API_URL, httpClient } from './api/http';
import { clearMeta, findResource, loadMeta } from './meta/store';
import type { ResourcePermissions } from './meta/types';

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
    try {
      await httpClient(`${API_URL}/auth/logout`, { method: 'POST', body: '{}' });
    } catch {
      // the session may already be gone; signing out locally is what matters
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
  getPermissions: () => loadMeta(),
  async canAccess({ action, resource }) {
    const meta = await loadMeta();
    const declared = findResource(meta, resource);
    if (!declared) return false;
    const permission = ACTION_PERMISSION[action] ?? 'read';
    return Boolean(declared.permissions[permission]);
  },
};
