import request from 'supertest';
import { createApp } from '../../server/app';
import { accountDelaySeconds } from '../../server/auth/throttle';
import { TEST_PASSWORD, useTestContext } from '../helpers/context';

/**
 * Sign-in throttling (server/auth/throttle.ts). The app trusts X-Forwarded-For from loopback,
 * so each test plays its clients from addresses of its own; the clock is the context's.
 */
const ctx = useTestContext();
let orgId: number;

beforeAll(async () => {
  [{ id: orgId }] = await ctx.knex('organizations').insert({ name: 'Harbour Homes', kind: 'service_provider', active: true }).returning('id');
});

function login(email: string, password: string, from: string) {
  return request(ctx.app).post('/api/auth/login').set('X-Forwarded-For', from).send({ email, password });
}

function later(seconds: number) {
  ctx.clock.now = new Date(ctx.clock.now.getTime() + seconds * 1000);
}

/** status, Retry-After and message of each answer */
async function answers(email: string, passwords: string[], from: string) {
  const seen: { status: number; retryAfter: string | undefined; message: string }[] = [];
  for (const password of passwords) {
    const res = await login(email, password, from);
    seen.push({ status: res.status, retryAfter: res.headers['retry-after'], message: res.body.message });
  }
  return seen;
}

const wrong = (n: number) => Array.from({ length: n }, (_, i) => `wrong-password-${i}`);

describe('the wait after failed sign-ins for one email', () => {
  it('is nothing for three failures, then 1 s, doubling with each failure up to 15 minutes', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 13, 14, 15, 100].map(accountDelaySeconds)).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 512, 900, 900, 900]);
  });

  it('is the same, answer for answer, whether or not the email has an account', async () => {
    const { user } = await ctx.createUser({ role: 'portal_worker', organization_id: orgId });
    const known = await answers(user.email, wrong(6), '198.51.100.1');
    const unknown = await answers('nobody-here@test.example', wrong(6), '198.51.100.2');
    expect(unknown).toEqual(known);
    expect(known.map((a) => [a.status, a.retryAfter])).toEqual([
      [401, undefined],
      [401, undefined],
      [401, undefined],
      [401, undefined],
      [429, '1'],
      [429, '1'],
    ]);
    expect(known[4].message).toBe('Too many failed sign-ins for this email; try again in 1 second');
  });

  it('starts again from nothing after a successful sign-in', async () => {
    const { user } = await ctx.createUser({ role: 'portal_worker', organization_id: orgId });
    const from = '198.51.100.3';
    expect((await answers(user.email, wrong(4), from)).map((a) => a.status)).toEqual([401, 401, 401, 401]);
    later(1);
    expect((await login(user.email, TEST_PASSWORD, from)).status).toBe(200);
    expect((await answers(user.email, wrong(4), from)).map((a) => a.status)).toEqual([401, 401, 401, 401]);
  });

  it('cannot be used to keep the owner out: failures from elsewhere do not slow the address the owner signs in from', async () => {
    const { user } = await ctx.createUser({ role: 'system_admin' });
    const office = '198.51.100.10';
    expect((await login(user.email, TEST_PASSWORD, office)).status).toBe(200);
    later(1);

    const attacker = '203.0.113.66';
    for (let i = 0; i < 10; i += 1) {
      await login(user.email, `guess-${i}`, attacker);
      later(60);
    }
    expect((await login(user.email, 'guess-10', attacker)).status).toBe(429);
    // a new address waits like anyone; from its usual address the owner signs in at once
    expect((await login(user.email, TEST_PASSWORD, '192.0.2.77')).status).toBe(429);
    expect((await login(user.email, TEST_PASSWORD, office)).status).toBe(200);
  });

  it('lets parallel guesses through one at a time, so they cannot all slip in before the first is counted', async () => {
    const { user } = await ctx.createUser({ role: 'portal_worker', organization_id: orgId });
    const statuses = await Promise.all(wrong(10).map((password) => login(user.email, password, '198.51.100.20').then((res) => res.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
  });
});

describe('failed sign-ins from one address across many emails', () => {
  it('are refused with 429 and Retry-After after 20 in 15 minutes, for that address only', async () => {
    const sprayer = '203.0.113.9';
    const statuses: number[] = [];
    let refusal: request.Response | null = null;
    for (let i = 0; i < 50; i += 1) {
      const res = await login(`person-${i}@test.example`, 'Summer2025', sprayer);
      statuses.push(res.status);
      refusal ??= res.status === 429 ? res : null;
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(30).fill(429));
    expect(refusal!.headers['retry-after']).toBe('900');
    expect(refusal!.body).toEqual({ message: 'Too many failed sign-ins from this address; try again in 15 minutes', code: 'too_many_requests', errors: {}, message_code: 'sign_in_throttled_address', params: { wait: '15 minutes' }, field_codes: {} });
    expect(await ctx.knex('audit_events').where({ action: 'login_refused', ip: sprayer })).toHaveLength(30);

    expect((await login('person-0@test.example', 'Summer2025', '198.51.100.99')).status).toBe(401);
    later(15 * 60);
    expect((await login('person-51@test.example', 'Summer2025', sprayer)).status).toBe(401);
  });

  it('cannot be escaped by a client naming its own address when it does not come through a trusted proxy', async () => {
    // an instance that trusts only proxies in private networks: the test client is loopback
    const app = createApp({ knex: ctx.knex, clock: () => ctx.clock.now, dashboardDir: null, log: () => undefined, config: { trustProxy: 'uniquelocal' } });
    later(15 * 60);
    const statuses: number[] = [];
    for (let i = 0; i < 22; i += 1) {
      const res = await request(app).post('/api/auth/login').set('X-Forwarded-For', `203.0.113.${100 + i}`).send({ email: `rotating-${i}@test.example`, password: 'Summer2025' });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(20).fill(401), 429, 429]);
  });
});
