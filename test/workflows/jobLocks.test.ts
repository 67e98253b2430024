import type { Knex } from 'knex';
import cron from 'node-cron';
import { DEFAULT_SCHEDULES, loadConfig } from '../../server/config';
import { createKnex } from '../../server/db/knex';
import { findJob } from '../../server/jobs/registry';
import { runJob } from '../../server/jobs/runner';
import { startJobs } from '../../server/jobs/scheduler';
import { useTestDatabase } from '../helpers/testDb';

/**
 * A job's advisory lock is released on every path, so one failed run never makes every other
 * instance skip that job; and stopping the scheduler waits for a run in progress (bounded).
 */
const db = useTestDatabase();
const now = new Date('2026-01-15T12:00:00Z');
const clock = () => now;
let otherInstance: Knex;
const closePlans = findJob('close-plans-after-placement-end')!;
const summaries = findJob('refresh-payment-summaries')!;

beforeAll(() => {
  otherInstance = createKnex(db.url, { poolMax: 2 });
});
afterAll(() => otherInstance.destroy());

const run = (knex: Knex, asOf?: string) => runJob(closePlans, { knex, config: { icmUrl: null }, log: () => undefined, clock }, asOf);
/** advisory locks held in this test's database (other test files share the cluster) */
const advisoryLocks = async () => {
  const { rows } = await db.knex.raw(`select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database where l.locktype = 'advisory' and d.datname = current_database()`);
  return rows[0].n as number;
};

describe('the job lock', () => {
  it('is released when recording the run fails (a date PostgreSQL refuses), so another instance still runs the job', async () => {
    await expect(run(db.knex, '2025-02-30')).rejects.toMatchObject({ code: 'validation_failed', status: 400 });
    expect(await advisoryLocks()).toBe(0);
    const elsewhere = await run(otherInstance, '2026-01-15');
    expect(elsewhere).toMatchObject({ status: 'succeeded', error: null });
    const again = await run(db.knex, '2026-01-15');
    expect(again).toMatchObject({ status: 'succeeded', error: null });
  });

  it('is held while the job runs, so a second instance skips it, and released after', async () => {
    const blocker = await db.knex.transaction();
    await blocker.raw('lock table payment_summaries in access exclusive mode');
    const first = runJob(summaries, { knex: db.knex, config: { icmUrl: null }, log: () => undefined, clock });
    await waitFor(async () => (await advisoryLocks()) === 1);
    const second = await runJob(summaries, { knex: otherInstance, config: { icmUrl: null }, log: () => undefined, clock });
    expect(second).toMatchObject({ status: 'skipped', error: 'already running' });
    await blocker.commit();
    expect(await first).toMatchObject({ status: 'succeeded' });
    expect(await advisoryLocks()).toBe(0);
  });
});

describe('stopping the scheduler', () => {
  /** a scheduled run of the summaries job, held up by a table lock until the blocker commits */
  async function startBlockedRun() {
    const blocker = await db.knex.transaction();
    await blocker.raw('lock table payment_summaries in access exclusive mode');
    const config = { ...loadConfig({}), schedules: { ...DEFAULT_SCHEDULES, 'refresh-payment-summaries': '0 0 1 1 *' } };
    const scheduler = startJobs({ knex: db.knex, config, log: () => undefined, clock });
    const task = [...cron.getTasks().values()].find((candidate) => candidate.name === 'refresh-payment-summaries')!;
    const execution = task.execute();
    await waitFor(async () => (await db.knex('job_runs').where({ job: 'refresh-payment-summaries', status: 'running' })).length === 1);
    return { blocker, scheduler, execution };
  }

  it('waits for a run in progress to finish', async () => {
    const { blocker, scheduler, execution } = await startBlockedRun();
    let stopped = false;
    const stopping = scheduler.stop(10_000).then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stopped).toBe(false);
    expect([...cron.getTasks().values()].filter((candidate) => candidate.name === 'refresh-payment-summaries')).toHaveLength(0);
    await blocker.commit();
    await stopping;
    await execution;
    expect(await db.knex('job_runs').where({ job: 'refresh-payment-summaries' }).orderBy('id', 'desc').first()).toMatchObject({ status: 'succeeded' });
  });

  it('waits no longer than its bound for a run that does not finish', async () => {
    const { blocker, scheduler, execution } = await startBlockedRun();
    const began = Date.now();
    await scheduler.stop(300);
    const waited = Date.now() - began;
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(2_000);
    expect(await db.knex('job_runs').where({ job: 'refresh-payment-summaries', status: 'running' })).toHaveLength(1);
    await blocker.commit();
    await execution;
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  for (const deadline = Date.now() + ms; !(await check()); ) {
    if (Date.now() > deadline) throw new Error('the condition did not come true in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
