/** The server's jobs (server/jobs/registry.ts), used when /api/meta does not list `jobs`. */
export const KNOWN_JOBS = [
  'close-plans-after-placement-end',
  'deliver-outbox',
  'refresh-payment-summaries',
  'schedule-base-payments',
];

/** A system administrator runs any job; the ministry may refresh the payment summaries. */
export function runnableJobs(role: string | undefined, listed: string[] | undefined): string[] {
  if (listed) return listed;
  if (role === 'system_admin') return KNOWN_JOBS;
  if (role === 'ministry_manager' || role === 'ministry_finance') return ['refresh-payment-summaries'];
  return [];
}
