import type { Knex } from 'knex';
import type { Role } from '../access/roles';

export interface JobContext {
  knex: Knex;
  /** the date the job runs for (YYYY-MM-DD): today, or --as-of for backfills and tests */
  asOf: string;
  now: Date;
  config: { icmUrl: string | null };
  log: (line: string) => void;
}

/** A scheduled job: a name, and a run that returns a summary stored in job_runs. */
export interface JobDefinition {
  name: string;
  description: string;
  /** roles besides system_admin that may run it by hand (POST /api/jobs/<name>/run) */
  alsoRunBy?: readonly Role[];
  run: (ctx: JobContext) => Promise<Record<string, unknown>>;
}
