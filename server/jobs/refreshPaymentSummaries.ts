import { refreshPaymentSummaries } from '../workflows/payments';
import type { JobDefinition } from './types';

export const refreshPaymentSummariesJob: JobDefinition = {
  name: 'refresh-payment-summaries',
  description: 'Rebuilds payment_summaries (per contract and month) from the payments, in one transaction',
  run: ({ knex, now }) => refreshPaymentSummaries(knex, now),
};
