import type { Knex } from 'knex';
import type { JobName } from '../../contract/jobs';

export interface JobContext {
  knex: Knex;
  /** the date the job runs for (YYYY-MM-DD): today, or --as-of for backfills and tests */
  asOf: string;
  now: Date;
  config: { icmUrl: string | null };
  log: (line: string) => void;
}

/** A scheduled job: a name (who may run it by hand goes with the name, in contract/jobs.ts), and a run that returns a summary stored in job_runs. */
export interface JobDefinition {
  name: JobName;
  description: string;
  run: (ctx: JobContext) => Promise<Record<string, unknown>>;
}
