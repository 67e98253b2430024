import type { Role } from './enums';

/**
 * The scheduled jobs by name (server/jobs/registry.ts holds one definition for each) and who
 * may run them by hand. /api/meta sends the caller's list; POST /api/jobs/<name>/run checks it.
 */
export const JOB_NAMES = [
  'close-plans-after-placement-end',
  'deliver-outbox',
  'refresh-payment-summaries',
  'schedule-base-payments',
  'deliver-report-subscriptions',
  'snapshot-data-quality',
  'send-compliance-digest',
  'sweep-file-store',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** Roles besides system_admin (who runs any job) that may run a job by hand. */
const ALSO_RUN_BY: Partial<Record<JobName, readonly Role[]>> = {
  // the ministry brings the summaries up to date before reading them (docs/domain.md: on demand)
  'refresh-payment-summaries': ['ministry_manager', 'ministry_finance'],
};

export function mayRunJob(job: JobName, role: Role): boolean {
  return role === 'system_admin' || Boolean(ALSO_RUN_BY[job]?.includes(role));
}

/** The jobs a role may run by hand, in JOB_NAMES' order. */
export function runnableJobs(role: Role): JobName[] {
  return JOB_NAMES.filter((job) => mayRunJob(job, role));
}
