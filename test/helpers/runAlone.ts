import { Client } from 'pg';

/**
 * Test files run two at a time (jest.config.js maxWorkers). A file whose assertions are about
 * time (a real server killed and restarted, answers within a bound) calls `runsAlone()` at its
 * top: it then runs with no other server or browser file beside it. Every file of the server and
 * browser projects holds one PostgreSQL advisory lock of the run's cluster for its whole run
 * (test/setupShare.ts): shared by default, exclusive for a file that runs alone. PostgreSQL queues
 * a shared request behind a waiting exclusive one, so a file waiting to run alone is not starved;
 * the lock goes with its connection, also when a worker dies.
 */
const RUN_LOCK = 20_261_202;
/** as long as the longest file can keep another waiting, with room */
const WAIT_MS = 30 * 60_000;

declare global {
  // eslint-disable-next-line no-var
  var __RUNS_ALONE__: boolean | undefined;
}

/** Call at the top of a test file (not in a hook): the file runs with no other file beside it. */
export function runsAlone(): void {
  globalThis.__RUNS_ALONE__ = true;
}

/** Takes the file's share of the run (test/setupShare.ts); without the test cluster (a project run alone), nothing. */
export function shareTheRun(): void {
  let client: Client | null = null;
  beforeAll(async () => {
    const url = process.env.TEST_PG_ADMIN_URL;
    if (!url) return;
    client = new Client({ connectionString: url, application_name: 'test run lock' });
    await client.connect();
    await client.query(globalThis.__RUNS_ALONE__ ? 'select pg_advisory_lock($1)' : 'select pg_advisory_lock_shared($1)', [RUN_LOCK]);
  }, WAIT_MS);
  afterAll(async () => {
    await client?.end();
  });
}
