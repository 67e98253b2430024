import { refreshPaymentSummaries } from '../workflows/payments';
import type { JobDefinition } from './types';

export const refreshPaymentSummariesJob: JobDefinition = {
  name: 'refresh-payment-summaries',
  // Ministry users may bring the summaries up to date before reading them (DOMAIN.md: on demand).
  alsoRunBy: ['ministry_manager', 'ministry_finance'],
  description: 'Rebuilds payment_summaries (per contract and month) from the payments, in one transaction',
  run: ({ knex, now }) => refreshPaymentSummaries(knex, now),
};
