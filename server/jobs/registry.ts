import { closePlansAfterPlacementEndJob } from './closePlansAfterPlacementEnd';
import { deliverOutboxJob } from './deliverOutbox';
import { deliverReportSubscriptionsJob } from './deliverReportSubscriptions';
import { refreshPaymentSummariesJob } from './refreshPaymentSummaries';
import { scheduleBasePaymentsJob } from './scheduleBasePayments';
import { sendComplianceDigestJob } from './sendComplianceDigest';
import { snapshotDataQualityJob } from './snapshotDataQuality';
import { sweepFileStoreJob } from './sweepFileStore';
import type { JobDefinition } from './types';

/** Every scheduled job, by name. Workflow jobs register here. */
export const jobs: JobDefinition[] = [
  closePlansAfterPlacementEndJob,
  deliverOutboxJob,
  refreshPaymentSummariesJob,
  scheduleBasePaymentsJob,
  deliverReportSubscriptionsJob,
  snapshotDataQualityJob,
  sendComplianceDigestJob,
  sweepFileStoreJob,
];

export function findJob(name: string): JobDefinition | undefined {
  return jobs.find((job) => job.name === name);
}
