import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';

/**
 * Runs a report's independent statements in groups side by side, each group on its own pooled
 * connection, all reading the same snapshot of the database: the first group's REPEATABLE
 * READ transaction exports its snapshot and the others import it, so the numbers agree with
 * each other as if they came from one query. At a million children one statement is
 * CPU-bound on one core; a group per core uses them all (bench/README.md). The groups then
 * run without parallel workers of their own, which would only compete for the same cores.
 *
 * The first transaction holds its connection while the others wait for theirs, so only one
 * such fan-out runs at a time per pool, and only when the pool has room for it and one more
 * connection; otherwise every statement runs one after the other in one transaction (same
 * snapshot, one connection, PostgreSQL's own parallel workers). Nothing can wait on itself.
 *
 * No planner switch is forced: the statements are written (and indexed) so that the default
 * planner picks their plan, for one organisation and for all (issue 16; docs/reports.md). The
 * settings below end with the transaction.
 */
const SNAPSHOT_ID = /^[0-9A-F]+-[0-9A-F]+-[0-9]+$/i;

/**
 * Settings for a report's transaction, in one round trip. `work_mem`: the CSP measures sort
 * 140–330 k rows per statement, which spilled to disk at the default 4 MB (5–10 % of their
 * time); a few report connections at 32 MB each are cheap.
 */
function transactionSettings(parallelWorkers: boolean): string {
  const settings: [string, string][] = [
    ['work_mem', '32MB'],
    ...(parallelWorkers ? [] : ([['max_parallel_workers_per_gather', '0']] as [string, string][])),
  ];
  return settings.map(([name, value]) => `set_config('${name}', '${value}', true)`).join(', ');
}

/** The settings of a statement group running beside others (the benchmark's baseline uses them too). */
export const GROUP_SETTINGS = `select ${transactionSettings(false)}`;
const ONE_TRANSACTION_SETTINGS = `select ${transactionSettings(true)}`;
/**
 * The leader's first statement exports its snapshot and sets its group's settings: one round
 * trip, not two (each is a wake-up of two processes, milliseconds on a busy machine).
 */
const EXPORT_WITH_SETTINGS = `select pg_export_snapshot() as id, ${transactionSettings(false)}`;
const REPEATABLE_READ = { isolationLevel: 'repeatable read' } as const;

const fanningOut = new WeakSet<object>();

export function poolSize(knex: Knex): number {
  return Number(knex.client.pool?.max ?? 0);
}

const oneConnectionEach = new AsyncLocalStorage<true>();

/**
 * Runs `work` with every report in it on one connection, never fanned out: reports run side by
 * side this way (a trend's periods, compare.ts) take one connection each and leave the one
 * fan-out of the pool to the report a card waits for.
 */
export function onOneConnectionEach<T>(work: () => T): T {
  return oneConnectionEach.run(true, work);
}

/** Runs `groups` of statements; answers each statement's rows, in the order of the statements. */
export async function runConcurrently<Row extends Record<string, unknown>>(
  knex: Knex,
  groups: readonly (readonly string[])[],
  bindings: Record<string, unknown>,
): Promise<Row[][]> {
  const pool = knex.client.pool as object | undefined;
  if (groups.length === 1 || !pool || fanningOut.has(pool) || poolSize(knex) <= groups.length || oneConnectionEach.getStore()) {
    return runInOneTransaction<Row>(knex, groups.flat(), bindings);
  }
  fanningOut.add(pool);
  try {
    const rows = await knex.transaction(async (leader) => {
      const { rows: exported } = await leader.raw<{ rows: { id: string }[] }>(EXPORT_WITH_SETTINGS);
      const snapshot = exported[0].id;
      if (!SNAPSHOT_ID.test(snapshot)) throw new Error(`Unexpected snapshot id ${snapshot}`);
      const followers = groups.slice(1).map((group) =>
        knex.transaction(async (trx) => {
          // two statements in one round trip (the simple protocol: no bindings); the snapshot first, as it must be
          await trx.raw(`set transaction snapshot '${snapshot}'; ${GROUP_SETTINGS}`);
          return runStatements<Row>(trx, group, bindings);
        }, REPEATABLE_READ),
      );
      return Promise.all([runStatements<Row>(leader, groups[0], bindings), ...followers]);
    }, REPEATABLE_READ);
    return rows.flat();
  } finally {
    fanningOut.delete(pool);
  }
}

async function runStatements<Row>(trx: Knex.Transaction, statements: readonly string[], bindings: Record<string, unknown>): Promise<Row[][]> {
  const results: Row[][] = [];
  for (const sql of statements) results.push((await trx.raw<{ rows: Row[] }>(sql, bindings)).rows);
  return results;
}

async function runInOneTransaction<Row>(knex: Knex, statements: readonly string[], bindings: Record<string, unknown>): Promise<Row[][]> {
  return knex.transaction(async (trx) => {
    await trx.raw(ONE_TRANSACTION_SETTINGS);
    return runStatements<Row>(trx, statements, bindings);
  }, REPEATABLE_READ);
}
