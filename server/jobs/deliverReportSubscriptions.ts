import { reportPackConfig } from '../config';
import { deliverReportSubscriptions } from '../subscriptions/deliver';
import type { JobDefinition } from './types';

export const deliverReportSubscriptionsJob: JobDefinition = {
  name: 'deliver-report-subscriptions',
  description: "Sends each due report subscription's pack (PDF, XLSX) to its recipients by e-mail (SMTP_URL), each in the recipient's own scope",
  run: ({ knex, now, config, log, runId }) =>
    deliverReportSubscriptions({ knex, now, config: reportPackConfig(config.reportPacks ?? {}), log, runId: runId ?? null }),
};
