import { authProvider } from '../src/authProvider';

const meta = {
  user: { id: 1, role: 'portal_worker', organization_id: 2 },
  resources: [
    {
      name: 'children',
      permissions: { read: true, create: false, update: true, delete: false },
    },
  ],
};

/** What fetchJson reads of a response (jsdom has no Response). */
function answer(status: number, body: unknown) {
  return Promise.resolve({
    status,
    statusText: '',
    headers: new Headers({ 'Content-Type': 'application/json' }),
    text: () => Promise.resolve(JSON.stringify(body)),
  });
}

beforeEach(() => {
  document.cookie = 'csrf_token=t';
  globalThis.fetch = jest.fn((url: string) => (String(url).endsWith('/api/meta') ? answer(200, meta) : answer(404, { message: 'no' }))) as any;
});

describe('signing out', () => {
  it('signs out on 401: the session is gone', async () => {
    await expect(authProvider.checkError({ status: 401 })).rejects.toMatchObject({ status: 401 });
  });

  it('stays signed in on 403: one action was refused', async () => {
    await expect(authProvider.checkError({ status: 403 })).resolves.toBeUndefined();
  });

  it('stays signed in on a 409 conflict', async () => {
    await expect(authProvider.checkError({ status: 409 })).resolves.toBeUndefined();
  });
});

describe('what the menu and buttons may offer, from /api/meta', () => {
  it('lets a portal worker list and edit children but not create or delete them', async () => {
    await expect(authProvider.canAccess!({ action: 'list', resource: 'children' } as any)).resolves.toBe(true);
    await expect(authProvider.canAccess!({ action: 'edit', resource: 'children' } as any)).resolves.toBe(true);
    await expect(authProvider.canAccess!({ action: 'create', resource: 'children' } as any)).resolves.toBe(false);
    await expect(authProvider.canAccess!({ action: 'delete', resource: 'children' } as any)).resolves.toBe(false);
  });

  it('refuses a resource meta leaves out', async () => {
    await expect(authProvider.canAccess!({ action: 'list', resource: 'payments' } as any)).resolves.toBe(false);
  });

  it('reads /api/meta once for all these questions', async () => {
    await authProvider.logout({});
    const fetchMock = globalThis.fetch as jest.Mock;
    fetchMock.mockClear();
    await authProvider.getPermissions!({});
    await authProvider.canAccess!({ action: 'show', resource: 'children' } as any);
    expect(fetchMock.mock.calls.filter(([url]) => String(url).endsWith('/api/meta'))).toHaveLength(1);
  });
});

describe('signing in', () => {
  it('posts the email and password, and says why when refused', async () => {
    globalThis.fetch = jest.fn(() => answer(401, { message: 'Wrong email or password' })) as any;
    await expect(authProvider.login({ email: 'a@b.ca', password: 'x' })).rejects.toThrow('Wrong email or password');
    const [url, init] = (globalThis.fetch as jest.Mock).mock.calls[0];
    expect(url).toBe('/api/auth/login');
    expect(JSON.parse(init.body)).toEqual({ email: 'a@b.ca', password: 'x' });
  });
});

describe('before signing in', () => {
  it('has no permissions, without failing (so the sign-in page shows at once)', async () => {
    await authProvider.logout({});
    globalThis.fetch = jest.fn(() => answer(401, { message: 'Sign in first' })) as any;
    await expect(authProvider.getPermissions!({})).resolves.toBeNull();
    await expect(authProvider.canAccess!({ action: 'list', resource: 'children' } as any)).resolves.toBe(false);
  });

  it('does not even ask the server when no session cookie was ever set', async () => {
    await authProvider.logout({});
    document.cookie = 'csrf_token=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    globalThis.fetch = jest.fn() as any;
    await expect(authProvider.getPermissions!({})).resolves.toBeNull();
    expect(globalThis.fetch).not.toHaveBeenCalled();
  });
});
