import type { Knex } from 'knex';
import type { JobName } from '../../contract/jobs';
import type { ReportPackConfig } from '../config';
import type { FileStore } from '../files/store';

export interface JobContext {
  knex: Knex;
  /** the date the job runs for (YYYY-MM-DD): today, or --as-of for backfills and tests */
  asOf: string;
  now: Date;
  /** report packs wait for `reportPacks.smtpUrl` (hand-runs and tests may leave it out) */
  /** `files`: where new attachments go, for the file-store sweep (absent: kept in PostgreSQL) */
  config: { icmUrl: string | null; reportPacks?: ReportPackConfig; files?: FileStore };
  /** this run's job_runs row */
  runId?: number;
  log: (line: string) => void;
}

/** A scheduled job: a name (who may run it by hand goes with the name, in contract/jobs.ts), and a run that returns a summary stored in job_runs. */
export interface JobDefinition {
  name: JobName;
  description: string;
  run: (ctx: JobContext) => Promise<Record<string, unknown>>;
  /**
   * Whether a run did nothing (deliver-outbox with nothing to send): a scheduled run that did
   * nothing is not kept in job_runs, so every minute's empty tick does not bury the runs that
   * sent something; a hand-run is always kept.
   */
  idle?: (summary: Record<string, unknown>) => boolean;
}
