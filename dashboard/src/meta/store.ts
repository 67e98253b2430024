import { API_URL, httpClient } from '../api/http';
import type { Meta, MetaResource } from '../../../contract/meta';

/**
 * /api/meta is read once per sign-in and kept here, so the auth provider (permissions,
 * canAccess) and the data provider (writable fields) agree on it without refetching.
 */
let cached: Promise<Meta> | null = null;
let current: Meta | null = null;

export function loadMeta(): Promise<Meta> {
  if (!cached) {
    cached = httpClient(`${API_URL}/meta`).then(({ json }) => {
      current = json as Meta;
      return current;
    });
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}

export function clearMeta(): void {
  cached = null;
  current = null;
}

export function currentMeta(): Meta | null {
  return current;
}

export function findResource(meta: Meta | null, name: string): MetaResource | undefined {
  return meta?.resources.find(r => r.name === name);
}
