import type { Express } from 'express';
import knexFactory, { type Knex } from 'knex';
import request from 'supertest';
import { createApp } from '../../server/app';
import { startSessionCache, type SessionCache } from '../../server/auth/sessionCache';
import { hashToken } from '../../server/auth/sessions';
import { TEST_PASSWORD, useTestContext } from '../helpers/context';

/**
 * Two server instances over one database: `a` is the test context's app, `b` a second
 * createApp with its own pool and its own session cache, as another process would have.
 */
const ctx = useTestContext();
let b: { app: Express; knex: Knex; cache: SessionCache };
let orgId: number;
let adminToken: string;

beforeAll(async () => {
  const knex = knexFactory({ client: 'pg', connection: ctx.databaseUrl, pool: { min: 0, max: 3 } });
  // a second's wait before reconnecting lets the last test see the instance without notices
  const cache = startSessionCache(knex, { firstRetryMs: 1000 });
  await cache.ready;
  const app = createApp({ knex, clock: () => ctx.clock.now, dashboardDir: null, log: () => undefined, sessionCache: cache });
  b = { app, knex, cache };
  [{ id: orgId }] = await ctx.knex('organizations').insert({ name: 'Harbour Homes', kind: 'service_provider', active: true }).returning('id');
  ({ token: adminToken } = await ctx.createUser({ role: 'system_admin' }));
});

afterAll(async () => {
  await b.cache.close();
  await b.knex.destroy();
});

const instances = () => ({ a: { app: ctx.app, cache: ctx.sessionCache }, b: { app: b.app, cache: b.cache } });

function meta(app: Express, token: string) {
  return request(app).get('/api/meta').set('Authorization', `Bearer ${token}`);
}

async function signIn(email: string, password = TEST_PASSWORD): Promise<string> {
  const res = await request(ctx.app).post('/api/auth/login').send({ email, password });
  expect(res.status).toBe(200);
  return res.body.token;
}

/** Both instances answer 200 and now hold the token in their caches (so a stale cache would show). */
async function warmOnBoth(token: string) {
  for (const { app, cache } of Object.values(instances())) {
    expect((await meta(app, token)).status).toBe(200);
    expect(cache.holds(hashToken(token))).toBe(true);
  }
}

async function statusOnBoth(token: string) {
  return { a: (await meta(ctx.app, token)).status, b: (await meta(b.app, token)).status };
}

async function userRow(id: number) {
  return (await request(ctx.app).get(`/api/users/${id}`).set('Authorization', `Bearer ${adminToken}`)).body;
}

function putUser(app: Express, id: number, body: object) {
  return request(app).put(`/api/users/${id}`).set('Authorization', `Bearer ${adminToken}`).send(body);
}

describe('sessions on two instances', () => {
  it('answers 401 on both instances, right after a password reset, for a token issued before it', async () => {
    const { user } = await ctx.createUser({ role: 'portal_worker', organization_id: orgId });
    const token = await signIn(user.email);
    await warmOnBoth(token);

    expect((await putUser(ctx.app, user.id, { ...(await userRow(user.id)), password: 'Brand-new-pass-7' })).status).toBe(200);

    expect(await statusOnBoth(token)).toEqual({ a: 401, b: 401 });
    const fresh = await signIn(user.email, 'Brand-new-pass-7');
    expect(await statusOnBoth(fresh)).toEqual({ a: 200, b: 200 });
  });

  it('ends the session on the other instance at once when it signs out on one', async () => {
    const { user } = await ctx.createUser({ role: 'org_admin', organization_id: orgId });
    const token = await signIn(user.email);
    const other = await signIn(user.email);
    await warmOnBoth(token);
    await warmOnBoth(other);

    const out = await request(b.app).post('/api/auth/logout').set('Authorization', `Bearer ${token}`);
    expect(out.status).toBe(200);

    expect(await statusOnBoth(token)).toEqual({ a: 401, b: 401 });
    // signing out ends that session only
    expect(await statusOnBoth(other)).toEqual({ a: 200, b: 200 });
  });

  it('ends every session and API key of a user deactivated on one instance, on both, for good', async () => {
    const { user, token: bearer } = await ctx.createUser({ role: 'program_manager', organization_id: orgId });
    const cookieSession = await signIn(user.email);
    const key = (await request(ctx.app).post('/api/auth/api_keys').set('Authorization', `Bearer ${bearer}`).send({ name: 'nightly export' })).body.key;
    for (const token of [bearer, cookieSession, key]) await warmOnBoth(token);

    const row = await userRow(user.id);
    expect((await putUser(b.app, user.id, { ...row, active: false })).status).toBe(200);

    for (const token of [bearer, cookieSession, key]) expect(await statusOnBoth(token)).toEqual({ a: 401, b: 401 });
    // reactivating the user does not bring them back
    expect((await putUser(ctx.app, user.id, { ...(await userRow(user.id)), active: true })).status).toBe(200);
    for (const token of [bearer, cookieSession, key]) expect(await statusOnBoth(token)).toEqual({ a: 401, b: 401 });
    expect((await statusOnBoth(await signIn(user.email)))).toEqual({ a: 200, b: 200 });
  });

  it('shows a new role and organisation on both instances at the next request', async () => {
    const [{ id: otherOrg }] = await ctx.knex('organizations').insert({ name: 'Cedar House', kind: 'service_provider', active: true }).returning('id');
    const { user, token } = await ctx.createUser({ role: 'program_manager', organization_id: orgId });
    await warmOnBoth(token);

    expect((await putUser(ctx.app, user.id, { ...(await userRow(user.id)), role: 'portal_worker', organization_id: otherOrg })).status).toBe(200);

    for (const app of [ctx.app, b.app]) {
      expect((await meta(app, token)).body.user).toEqual({ id: user.id, role: 'portal_worker', organization_id: otherOrg });
    }
  });

  it('ends the other sessions when users change their own password, on both instances, and keeps the one that changed it', async () => {
    const { user } = await ctx.createUser({ role: 'coordinator', organization_id: orgId });
    const here = await signIn(user.email);
    const elsewhere = await signIn(user.email);
    await warmOnBoth(here);
    await warmOnBoth(elsewhere);

    const changed = await request(b.app)
      .post('/api/auth/password')
      .set('Authorization', `Bearer ${here}`)
      .send({ current_password: TEST_PASSWORD, new_password: 'Another-pass-42' });
    expect(changed.status).toBe(200);

    expect(await statusOnBoth(elsewhere)).toEqual({ a: 401, b: 401 });
    expect(await statusOnBoth(here)).toEqual({ a: 200, b: 200 });
    expect((await request(ctx.app).post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD })).status).toBe(401);
  });

  it('hears of a session revoked in plain SQL, outside any server code', async () => {
    const { user, token } = await ctx.createUser({ role: 'portal_worker', organization_id: orgId });
    await warmOnBoth(token);
    await ctx.knex('sessions').where({ user_id: user.id }).update({ revoked_at: ctx.clock.now });
    expect(await statusOnBoth(token)).toEqual({ a: 401, b: 401 });
  });
});

describe('the notice connection', () => {
  async function until(condition: () => boolean) {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('checks every request in the database while its connection is down, then listens again', async () => {
    const { user, token } = await ctx.createUser({ role: 'portal_worker', organization_id: orgId });
    const { token: other } = await ctx.createUser({ role: 'portal_worker', organization_id: orgId });
    await warmOnBoth(token);
    const pidBefore = b.cache.backendPid();
    await ctx.knex.raw('select pg_terminate_backend(?)', [pidBefore]);
    await until(() => !b.cache.listening());

    // `b` cannot hear this revocation; it answers 401 because it asks the database.
    await ctx.knex('sessions').where({ user_id: user.id }).update({ revoked_at: ctx.clock.now });
    expect(await statusOnBoth(token)).toEqual({ a: 401, b: 401 });
    expect((await meta(b.app, other)).status).toBe(200);
    expect(b.cache.holds(hashToken(other))).toBe(false);

    await until(() => b.cache.listening());
    expect(b.cache.backendPid()).not.toBe(pidBefore);
    await warmOnBoth(other);
    await ctx.knex('sessions').whereIn('token_hash', [hashToken(other)]).update({ revoked_at: ctx.clock.now });
    expect(await statusOnBoth(other)).toEqual({ a: 401, b: 401 });
  });
});
