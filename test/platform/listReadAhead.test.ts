import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../server/app';
import type { SessionCache } from '../../server/auth/sessionCache';
import { hashToken } from '../../server/auth/sessions';
import { createLogger } from '../../server/logger';
import { resources } from '../../server/resources/registry';
import { useTestContext } from '../helpers/context';
import { factories } from '../helpers/factories';

/**
 * A page of a list, GET /api/<resource>, reads ahead of its session's catch-up like a report
 * run (server/resources/router.ts `listReadsAhead`): the page is read while the session cache
 * makes sure it has heard every change committed before the request, and nothing is answered
 * until it has. The catch-up is held back by a gate, so the order is the test's.
 */
const ctx = useTestContext({ now: '2026-04-15T12:00:00.000Z' });

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

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a list page reading ahead of its session', () => {
  it('is answered by the list route only after the catch-up, for every declared resource', async () => {
    // Another router answering GET /api/<name> before the resource router would answer it
    // unconfirmed: every page, allowed or refused to this role, must still be waiting here.
    const { token } = await keptSession({ role: 'ministry_manager' });
    holdCatchUps();
    const heldBefore = held;
    const pages = resources.map((declaration) => ({ name: declaration.name, ...send(`/api/${declaration.name}?range=[0,4]`, token) }));
    await until('every page to wait for its catch-up', () => held === heldBefore + resources.length);
    await pause(300);
    expect(pages.filter((page) => page.state.answered).map((page) => page.name)).toEqual([]);
    release();
    const answers = await Promise.all(pages.map(async (page) => ({ name: page.name, status: (await page.response).status })));
    expect(answers.filter((answer) => answer.status !== 200 && answer.status !== 403)).toEqual([]);
    expect(answers.find((answer) => answer.name === 'children')?.status).toBe(200);
  });

  it('answers 401 to a session ended meanwhile, a refused page and a malformed one alike', async () => {
    const { user, token } = await keptSession({ role: 'ministry_manager' });
    holdCatchUps();
    const heldBefore = held;
    const page = send('/api/children?range=[0,9]', token);
    const malformed = send('/api/children?sort=["no_such_field","ASC"]', token);
    const refused = send('/api/audit_events', token);
    await until('the three pages to wait for their catch-up', () => held === heldBefore + 3);
    await pause(300);
    expect([page.state.answered, malformed.state.answered, refused.state.answered]).toEqual([false, false, false]);

    await ctx.knex('sessions').where({ user_id: user.id }).update({ revoked_at: ctx.clock.now });
    await until('the notice to reach this instance', () => !ctx.sessionCache.holds(hashToken(token)));
    release();
    expect((await page.response).status).toBe(401);
    expect((await malformed.response).status).toBe(401);
    expect((await refused.response).status).toBe(401);
  });

  it('is read again for a user whose organisation changed meanwhile', async () => {
    const f = factories(ctx.knex);
    const first = await f.organization({ name: 'List-ahead First' });
    const second = await f.organization({ name: 'List-ahead Second' });
    const firstReferral = await f.referral({ organization_id: first, referral_date: '2025-05-01' });
    const secondReferrals = [await f.referral({ organization_id: second, referral_date: '2025-06-01' }), await f.referral({ organization_id: second, referral_date: '2025-07-01' })];
    const { user, token } = await keptSession({ role: 'org_admin', organization_id: first });

    holdCatchUps();
    const heldBefore = held;
    const { response } = send('/api/referrals?sort=["referral_date","ASC"]', token);
    await until('the page to wait for its catch-up', () => held === heldBefore + 1);
    await pause(300);
    await ctx.knex('users').where({ id: user.id }).update({ organization_id: second });
    await until('the notice to reach this instance', () => !ctx.sessionCache.holds(hashToken(token)));
    release();

    const res = await response;
    expect(res.status).toBe(200);
    expect(res.headers['content-range']).toBe('referrals 0-1/2');
    expect(res.body.map((row: { id: number }) => row.id)).toEqual(secondReferrals);
    expect(res.body.map((row: { id: number }) => row.id)).not.toContain(firstReferral);
  });

  it('leaves a download out: it is audited before it reads, so it waits for its session first', async () => {
    const { user, token } = await keptSession({ role: 'ministry_manager' });
    holdCatchUps();
    const heldBefore = held;
    const download = send('/api/children?format=csv', token);
    const res = await download.response;
    expect(res.status).toBe(200);
    expect(held).toBe(heldBefore);
    expect(await ctx.knex('audit_events').where({ user_id: user.id, action: 'export', resource: 'children' })).toHaveLength(1);
  });
});
