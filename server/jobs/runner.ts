import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../clock';
import { withClock } from '../db/clock';
import { today } from '../dates';
import type { JobContext, JobDefinition } from './types';

/**
 * Runs a job once under a PostgreSQL advisory lock, so several server instances (or a cron
 * tick and a hand-run) never run the same job at once; records the run in job_runs.
 */
function lockKey(job: string): number {
  return crypto.createHash('sha256').update(`job:${job}`).digest().readInt32BE(0);
}

/** A connection whose unlock failed may still hold the lock: knex then destroys it instead of reusing it. */
async function unlock(connection: { query: (sql: string, values: unknown[]) => Promise<unknown>; __knex__disposed?: unknown }, key: number) {
  try {
    await connection.query('select pg_advisory_unlock($1)', [key]);
  } catch (error) {
    connection.__knex__disposed = error;
  }
}

export interface JobRunResult {
  id: number | null;
  job: string;
  status: 'succeeded' | 'failed' | 'skipped';
  summary: Record<string, unknown> | null;
  error: string | null;
}

export async function runJob(
  job: JobDefinition,
  deps: { knex: Knex; config: JobContext['config']; log: (line: string) => void; clock: Clock },
  asOf?: string,
  /** a hand-run keeps its job_runs row even when the job did nothing */
  options: { keepIdle?: boolean } = {},
): Promise<JobRunResult> {
  const now = deps.clock();
  const date = asOf ?? today(() => now);
  const connection = await deps.knex.client.acquireConnection();
  try {
    const locked = await connection.query('select pg_try_advisory_lock($1) as locked', [lockKey(job.name)]);
    if (!locked.rows[0].locked) {
      deps.log(`[job ${job.name}] skipped: already running elsewhere`);
      return { id: null, job: job.name, status: 'skipped', summary: null, error: 'already running' };
    }
    // Held by this pooled connection's session until unlocked: every path below must unlock,
    // or the connection must not go back to the pool (a leaked lock makes every instance skip).
    try {
      const [run] = await deps.knex('job_runs')
        .insert({ job: job.name, as_of: date, started_at: now, status: 'running', created_at: now, updated_at: now })
        .returning('id');
      try {
        const summary = await job.run({ knex: withClock(deps.knex, deps.clock), asOf: date, now, config: deps.config, log: deps.log, runId: Number(run.id) });
        const finishedAt = deps.clock();
        await deps.knex('job_runs').where({ id: run.id }).update({ status: 'succeeded', finished_at: finishedAt, updated_at: finishedAt, summary: JSON.stringify(summary) });
        deps.log(`[job ${job.name}] as of ${date}: ${JSON.stringify(summary)}`);
        if (!options.keepIdle && job.idle?.(summary)) {
          await deps.knex('job_runs').where({ id: run.id }).delete();
          return { id: null, job: job.name, status: 'succeeded', summary, error: null };
        }
        return { id: run.id, job: job.name, status: 'succeeded', summary, error: null };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const finishedAt = deps.clock();
        await deps.knex('job_runs').where({ id: run.id }).update({ status: 'failed', finished_at: finishedAt, updated_at: finishedAt, error: message });
        deps.log(`[job ${job.name}] failed: ${message}`);
        return { id: run.id, job: job.name, status: 'failed', summary: null, error: message };
      }
    } finally {
      await unlock(connection, lockKey(job.name));
    }
  } finally {
    await deps.knex.client.releaseConnection(connection);
  }
}
