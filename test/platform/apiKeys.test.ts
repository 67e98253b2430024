import request from 'supertest';
import { hashToken } from '../../server/auth/sessions';
import { TEST_PASSWORD, useTestContext } from '../helpers/context';
import { buildWorld, type World } from '../helpers/world';

const ctx = useTestContext();
let world: World;

beforeAll(async () => {
  world = await buildWorld(ctx);
});

function withKey(key: string) {
  return {
    get: (url: string) => request(ctx.app).get(url).set('Authorization', `Bearer ${key}`),
    post: (url: string, body: object = {}) => request(ctx.app).post(url).set('Authorization', `Bearer ${key}`).send(body),
  };
}

async function newKey(token: string, body: object = { name: 'monthly export' }) {
  const res = await ctx.api(token).post('/api/auth/api_keys', body);
  expect(res.status).toBe(201);
  return res.body as { id: number; name: string; key: string; created_at: string; expires_at: string | null; last_used_at: string | null };
}

const later = (ms: number) => {
  ctx.clock.now = new Date(ctx.clock.now.getTime() + ms);
};

describe('API keys', () => {
  it('are shown once at creation, stored only as a hash, and listed without the key', async () => {
    const token = world.tokens.org_admin;
    const created = await newKey(token, { name: '  Nightly export ', expires_in_days: 30 });
    expect(created.key).toMatch(/^csk_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      name: 'Nightly export',
      created_at: ctx.clock.now.toISOString(),
      expires_at: new Date(ctx.clock.now.getTime() + 30 * 86_400_000).toISOString(),
      last_used_at: null,
    });

    const stored = await ctx.knex('api_keys').where({ id: created.id }).first();
    expect(stored.token_hash).toBe(hashToken(created.key));
    expect(JSON.stringify(stored)).not.toContain(created.key.slice(4));

    const listed = await ctx.api(token).get('/api/auth/api_keys');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([{ id: created.id, name: 'Nightly export', created_at: created.created_at, last_used_at: null, expires_at: created.expires_at }]);
  });

  it("open exactly what the user's session opens: a portal worker's key lists and exports only what the worker sees", async () => {
    const token = world.tokens.portal_worker;
    const { key } = await newKey(token);
    const bySession = await ctx.api(token).get('/api/children');
    const byKey = await withKey(key).get('/api/children');
    expect(byKey.status).toBe(200);
    expect(byKey.body.map((c: { id: number }) => c.id)).toEqual([world.records.children.A1]);
    expect(byKey.body).toEqual(bySession.body);
    expect((await withKey(key).get(`/api/children/${world.records.children.B}`)).status).toBe(404);

    const csv = await withKey(key).get('/api/children?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toContain('Of A1');
    expect(csv.text).not.toMatch(/Of (A2|B|C|D)/);
    // a key acts for its user: no CSRF header needed, and writes follow the role
    expect((await withKey(key).post('/api/service_plans', {})).status).toBe(403);
  });

  it('follow their user: a new role applies to the key at once', async () => {
    const { user, token } = await ctx.createUser({ role: 'program_manager', organization_id: world.orgs.A });
    const { key } = await newKey(token);
    expect((await withKey(key).get('/api/meta')).body.user.role).toBe('program_manager');
    await ctx.knex('users').where({ id: user.id }).update({ role: 'portal_worker' });
    expect((await withKey(key).get('/api/meta')).body.user.role).toBe('portal_worker');
  });

  it('answer 401 once revoked, and revoking is audited', async () => {
    const token = world.tokens.program_manager;
    const created = await newKey(token, { name: 'to revoke' });
    expect((await withKey(created.key).get('/api/children')).status).toBe(200);

    const revoked = await ctx.api(token).delete(`/api/auth/api_keys/${created.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: created.id, name: 'to revoke' });
    const refused = await withKey(created.key).get('/api/children');
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ message: 'This API key is revoked, expired or unknown', code: 'unauthenticated', errors: {}, message_code: 'api_key_refused', params: {}, field_codes: {} });
    expect((await ctx.api(token).get('/api/auth/api_keys')).body.map((k: { id: number }) => k.id)).not.toContain(created.id);
    expect((await ctx.api(token).delete(`/api/auth/api_keys/${created.id}`)).status).toBe(404);

    const audit = await ctx.knex('audit_events').where({ resource: 'api_keys', record_id: String(created.id) }).orderBy('id');
    expect(audit.map((row) => row.action)).toEqual(['api_key_created', 'api_key_revoked']);
    expect(audit.every((row) => row.user_id === world.users.program_manager.id)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(created.key);
  });

  it('answer 401 from the moment they expire', async () => {
    const { key } = await newKey(world.tokens.coordinator, { name: 'one day', expires_in_days: 1 });
    const start = ctx.clock.now;
    later(86_400_000 - 1000);
    expect((await withKey(key).get('/api/meta')).status).toBe(200);
    later(1000);
    expect((await withKey(key).get('/api/meta')).status).toBe(401);
    // back to the day the world's sessions were opened
    ctx.clock.now = start;
  });

  it('record their last use at most once a minute', async () => {
    const created = await newKey(world.tokens.ministry_manager);
    const lastUsed = async () => (await ctx.knex('api_keys').where({ id: created.id }).first()).last_used_at;
    const firstUse = ctx.clock.now.toISOString();
    expect((await withKey(created.key).get('/api/meta')).status).toBe(200);
    expect(await lastUsed()).toBe(firstUse);
    later(30_000);
    expect((await withKey(created.key).get('/api/meta')).status).toBe(200);
    expect(await lastUsed()).toBe(firstUse);
    later(30_000);
    expect((await withKey(created.key).get('/api/meta')).status).toBe(200);
    expect(await lastUsed()).toBe(ctx.clock.now.toISOString());
  });

  it('cannot make or revoke keys, change the password or sign out', async () => {
    const token = world.tokens.ministry_finance;
    const created = await newKey(token);
    const key = withKey(created.key);
    const madeByKey = await key.post('/api/auth/api_keys', { name: 'another' });
    expect(madeByKey.status).toBe(403);
    expect(madeByKey.body.message).toBe('An API key cannot make or revoke API keys: sign in to the dashboard to do it');
    expect((await key.get('/api/auth/api_keys')).status).toBe(403);
    expect((await request(ctx.app).delete(`/api/auth/api_keys/${created.id}`).set('Authorization', `Bearer ${created.key}`)).status).toBe(403);
    const password = await key.post('/api/auth/password', { current_password: TEST_PASSWORD, new_password: 'Changed-by-key-1' });
    expect(password.status).toBe(403);
    expect((await key.post('/api/auth/logout')).status).toBe(403);
    expect(await ctx.knex('api_keys').where({ user_id: world.users.ministry_finance.id })).toHaveLength(1);
    expect((await key.get('/api/meta')).status).toBe(200);
  });

  it('are taken only as a bearer token, never from the session cookie', async () => {
    const { key } = await newKey(world.tokens.system_admin);
    expect((await request(ctx.app).get('/api/meta').set('Cookie', `sid=${key}`)).status).toBe(401);
  });

  it("are each user's own: another user's key cannot be revoked", async () => {
    const created = await newKey(world.tokens.org_admin, { name: 'mine' });
    expect((await ctx.api(world.tokens.system_admin).delete(`/api/auth/api_keys/${created.id}`)).status).toBe(404);
    expect((await withKey(created.key).get('/api/meta')).status).toBe(200);
  });

  it('refuse a missing name, an unknown field and an expiry that is not a whole number of days, writing nothing', async () => {
    const api = ctx.api(world.tokens.org_admin);
    const before = await ctx.knex('api_keys').count('* as n').first();
    const noName = await api.post('/api/auth/api_keys', { name: '  ' });
    expect(noName.status).toBe(400);
    expect(noName.body.errors).toEqual({ name: 'Name the key after the script that will use it' });
    const wrong = await api.post('/api/auth/api_keys', { name: 'x', expires_in_days: 1.5, scope: 'all' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual({
      scope: 'unknown field',
      expires_in_days: 'must be a whole number of days from 1 to 3650, or null for no expiry',
    });
    expect((await api.post('/api/auth/api_keys', { name: 'x'.repeat(101) })).body.errors).toEqual({ name: 'must be at most 100 characters' });
    expect(await ctx.knex('api_keys').count('* as n').first()).toEqual(before);
  });
});
