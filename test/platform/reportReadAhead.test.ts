import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../server/app';
import type { SessionCache } from '../../server/auth/sessionCache';
import { hashToken } from '../../server/auth/sessions';
import { createLogger } from '../../server/logger';
import { useTestContext } from '../helpers/context';
import { factories } from '../helpers/factories';

/**
 * GET /api/reports/:name reads ahead of its session's catch-up (server/auth/middleware.ts
 * `readAhead`): the report runs while the session cache makes sure it has heard every change
 * committed before the request, and nothing is answered or audited until it has. Here the
 * catch-up is held back by a gate, so the order is the test's: a session ended while the run
 * was under way answers 401 with no audit row, a user changed meanwhile is answered as they are now.
 */
const ctx = useTestContext({ now: '2026-04-15T12:00:00.000Z' });
const REPORT = '/api/reports/referral-sources?from=2025-04-01&to=2026-03-31';

let app: Express;
let release: () => void = () => undefined;
let gate: Promise<void> = Promise.resolve();
let held = 0;

function holdCatchUps() {
  gate = new Promise((resolve) => {
    release = resolve;
  });
}

beforeAll(() => {
  const cache = ctx.sessionCache;
  const gated: SessionCache = {
    ...cache,
    caughtUp: async () => {
      held += 1;
      await gate;
      return cache.caughtUp();
    },
  };
  app = createApp({ knex: ctx.knex, clock: () => ctx.clock.now, dashboardDir: null, log: () => undefined, logger: createLogger('silent'), sessionCache: gated });
});

afterEach(() => release());

async function until(what: string, condition: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A signed-in user whose session this instance keeps (a first request read it from the database). */
async function keptSession(input: Parameters<typeof ctx.createUser>[0]) {
  const { user, token } = await ctx.createUser(input);
  expect((await request(app).get('/api/meta').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  expect(ctx.sessionCache.holds(hashToken(token))).toBe(true);
  return { user, token };
}

/** Sends a GET and resolves when it is answered; `answered` says whether it has been yet. */
function send(path: string, token: string) {
  const state = { answered: false };
  const response = request(app)
    .get(path)
    .set('Authorization', `Bearer ${token}`)
    .then((res) => {
      state.answered = true;
      return res;
    });
  return { state, response };
}

const auditRows = (userId: number) => ctx.knex('audit_events').where({ user_id: userId, resource: 'reports/referral-sources' });

describe('a report run reading ahead of its session', () => {
  it('answers nothing until the session is confirmed, then 401 with no audit row when it ended meanwhile', async () => {
    const { user, token } = await keptSession({ role: 'ministry_manager' });
    holdCatchUps();
    const heldBefore = held;
    const { state, response } = send(REPORT, token);
    const unknown = send('/api/reports/no-such-report', token);
    await until('both requests to wait for their catch-up', () => held === heldBefore + 2);
    // the report has long been computed (a few rows): without the gate it would be answered by now
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(state.answered).toBe(false);
    expect(unknown.state.answered).toBe(false);

    await ctx.knex('sessions').where({ user_id: user.id }).update({ revoked_at: ctx.clock.now });
    await until('the notice to reach this instance', () => !ctx.sessionCache.holds(hashToken(token)));
    release();

    expect((await response).status).toBe(401);
    // an error of the run (here: no such report) is not answered to a session that has ended either
    expect((await unknown.response).status).toBe(401);
    expect(await auditRows(user.id)).toEqual([]);
  });

  it('answers and audits as soon as the session is confirmed unchanged', async () => {
    const { user, token } = await keptSession({ role: 'ministry_manager' });
    holdCatchUps();
    const { state, response } = send(REPORT, token);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(state.answered).toBe(false);
    expect(await auditRows(user.id)).toEqual([]);
    release();
    const res = await response;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2025-04-01', to: '2026-03-31', organization_id: null });
    expect(await auditRows(user.id)).toHaveLength(1);
  });

  it('runs again for a user whose organisation changed while the run read ahead, and audits that run', async () => {
    const f = factories(ctx.knex);
    const first = await f.organization({ name: 'Read-ahead First' });
    const second = await f.organization({ name: 'Read-ahead Second' });
    await f.referral({ organization_id: first, referral_date: '2025-05-01', source_type: 'self_family' });
    for (const date of ['2025-06-01', '2025-07-01']) await f.referral({ organization_id: second, referral_date: date, source_type: 'other' });
    const { user, token } = await keptSession({ role: 'org_admin', organization_id: first });

    holdCatchUps();
    const { response } = send(REPORT, token);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await ctx.knex('users').where({ id: user.id }).update({ organization_id: second });
    await until('the notice to reach this instance', () => !ctx.sessionCache.holds(hashToken(token)));
    release();

    const res = await response;
    expect(res.status).toBe(200);
    expect(res.body.organization_id).toBe(second);
    expect(res.body.totals).toMatchObject({ other: 2, self_family: 0, total: 2 });
    const rows = await auditRows(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].changes.after).toMatchObject({ organization_id: second });
  });
});
