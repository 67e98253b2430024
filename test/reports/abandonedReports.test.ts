import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { Client } from 'pg';
import { StatementAbandonedError, whileWanted } from '../../server/db/cancellation';
import { createLogger } from '../../server/logger';
import { useTestContext } from '../helpers/context';

/**
 * A report nobody waits for any more stops (server/db/cancellation.ts, server/http/cancelOnClose.ts):
 * its running statement is cancelled in PostgreSQL, its connection goes back to the pool at once,
 * and the request is logged as closed by its client, not as a fault.
 */
const logLines: Record<string, unknown>[] = [];
const ctx = useTestContext({
  now: '2026-06-15T12:00:00Z',
  app: { logger: createLogger('info', { write: (line: string) => void logLines.push(JSON.parse(line)) }) },
});

interface Backend {
  pid: number;
  state: string;
  wait_event_type: string | null;
  query: string;
}

/** Watches the pool's backends from a connection of its own: a pooled one would not see itself. */
let observer: Client;
beforeAll(async () => {
  observer = new Client({ connectionString: ctx.databaseUrl });
  // dropping the file's database at its end may come first and end this connection
  observer.on('error', () => undefined);
  await observer.connect();
});
afterAll(() => observer.end());

/** The app's backends in this database (the pool's and the session cache's), what each runs now. */
async function backends(): Promise<Backend[]> {
  const { rows } = await observer.query<Backend>(
    `select pid, state, wait_event_type, query from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
  );
  return rows;
}

async function eventually<T>(what: string, look: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await look();
    if (found) return found;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const usedConnections = (knex: Knex) => (knex.client.pool as { numUsed(): number }).numUsed();

describe('a statement nobody waits for', () => {
  test('is cancelled in PostgreSQL when its signal fires, and its transaction ends and frees the connection', async () => {
    const controller = new AbortController();
    const sleeping = whileWanted(controller.signal, () => ctx.knex.transaction((trx) => trx.raw(`select pg_sleep(60) /* abandoned-sleep */`)));
    sleeping.catch(() => undefined);
    const running = await eventually('the sleep to run', async () => (await backends()).find((b) => b.state === 'active' && b.query.includes('abandoned-sleep')));

    controller.abort();
    const error = await sleeping.then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(StatementAbandonedError);
    // PostgreSQL's own refusal is the cause: 57014, query_canceled
    expect((error as StatementAbandonedError).cause).toMatchObject({ code: '57014' });
    // the backend is back in the pool, idle, outside any transaction (it rolled back)
    const after = (await backends()).find((b) => b.pid === running.pid);
    expect(after).toMatchObject({ state: 'idle', query: 'ROLLBACK' });
    expect(usedConnections(ctx.knex)).toBe(0);
  });

  test('is not sent at all once its signal has fired; statements outside any signal run as before', async () => {
    const controller = new AbortController();
    controller.abort();
    const marker = `refused-${Date.now()}`;
    await expect(whileWanted(controller.signal, async () => await ctx.knex.raw(`select 1 /* ${marker} */`))).rejects.toBeInstanceOf(StatementAbandonedError);
    expect((await backends()).some((b) => b.query.includes(marker))).toBe(false);
    await expect(ctx.knex.transaction((trx) => trx.raw('select 41 + 1 as answer'))).resolves.toMatchObject({ rows: [{ answer: 42 }] });
  });

  test('finishes when it answers before its signal fires', async () => {
    const controller = new AbortController();
    const answer = await whileWanted(controller.signal, async () => await ctx.knex.raw('select 7 as seven'));
    controller.abort();
    expect(answer.rows).toEqual([{ seven: 7 }]);
  });
});

describe('a report whose client goes away', () => {
  let server: http.Server;
  let port: number;
  let token: string;

  beforeAll(async () => {
    ({ token } = await ctx.createUser({ role: 'ministry_manager' }));
    server = http.createServer(ctx.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** GET of the API, as a client that can hang up before the answer. */
  function get(path: string): { request: http.ClientRequest; answered: Promise<number> } {
    const request = http.get({ host: '127.0.0.1', port, path, headers: { Authorization: `Bearer ${token}` } });
    const answered = new Promise<number>((resolve, reject) => {
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('error', reject);
    });
    return { request, answered };
  }

  test('has its statement cancelled, its connection returned to the pool, and is logged as closed by the client, not as a 500', async () => {
    // Another transaction holds the report's tables: the report's statement waits on the lock, as a slow one would run.
    const blocker = await ctx.knex.transaction();
    try {
      await blocker.raw('lock table referrals, rollup_referrals in access exclusive mode');
      const path = '/api/reports/referral-sources?from=2026-04-01&to=2027-03-31';
      const { request, answered } = get(path);
      answered.catch(() => undefined);
      const waiting = await eventually('the report to wait on the lock', async () =>
        (await backends()).find((b) => b.state === 'active' && b.wait_event_type === 'Lock'),
      );
      expect(usedConnections(ctx.knex)).toBeGreaterThanOrEqual(2);

      request.destroy();
      // the statement is cancelled: its backend stops waiting and is idle in the pool, the lock still held
      const after = await eventually('the report statement to be cancelled', async () => {
        const backend = (await backends()).find((b) => b.pid === waiting.pid);
        return backend?.state === 'idle' ? backend : null;
      });
      expect(after.query).toContain('rollup_referrals');
      // the backend shows idle a moment before the pool has taken its connection back (and the
      // cancel request's own connection has closed): under load that moment was caught
      await eventually('the connection back in the pool', async () => usedConnections(ctx.knex) === 1, 1_000);
      const line = await eventually('the request log line', async () => logLines.find((l) => (l.req as { path?: string } | undefined)?.path === '/api/reports/referral-sources'));
      expect(line).toMatchObject({ msg: 'request aborted', status: 499, level: 30 });
      expect(logLines.filter((l) => Number(l.level) >= 50 || l.status === 500)).toEqual([]);
    } finally {
      await blocker.rollback();
    }
    // the pool serves the next request as before
    const { answered } = get('/api/reports/referral-sources?from=2026-04-01&to=2027-03-31');
    await expect(answered).resolves.toBe(200);
    expect(logLines.filter((l) => Number(l.level) >= 50 || l.status === 500)).toEqual([]);
  });

  test("stops a trend (eight runs of the report, one after the other) the same way, and audits nothing", async () => {
    const blocker = await ctx.knex.transaction();
    try {
      await blocker.raw('lock table referrals, rollup_referrals in access exclusive mode');
      const { request, answered } = get('/api/reports/referral-sources/trend?from=2026-04-01&to=2027-03-31&periods=8');
      answered.catch(() => undefined);
      const waiting = await eventually('the trend to wait on the lock', async () =>
        (await backends()).find((b) => b.state === 'active' && b.wait_event_type === 'Lock'),
      );
      request.destroy();
      await eventually('the trend statement to be cancelled', async () => (await backends()).find((b) => b.pid === waiting.pid)?.state === 'idle');
    } finally {
      await blocker.rollback();
    }
    // nothing of the trend runs on once its client has gone
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await backends()).filter((b) => b.state !== 'idle')).toEqual([]);
    expect(usedConnections(ctx.knex)).toBe(0);
    const audited = await ctx.knex('audit_events').where('resource', 'reports/referral-sources').whereRaw(`changes->'after'->'trend' is not null`).count<{ count: string }[]>('* as count');
    expect(Number(audited[0].count)).toBe(0);
  });
});
