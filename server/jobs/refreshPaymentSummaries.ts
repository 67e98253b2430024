import { refreshPaymentSummaries } from '../workflows/payments';
import { MINISTRY } from '../access/roles';
import type { JobDefinition } from './types';

export const refreshPaymentSummariesJob: JobDefinition = {
  name: 'refresh-payment-summaries',
  // Ministry users may bring the summaries up to date before reading them (DOMAIN.md: on demand).
  alsoRunBy: MINISTRY,
  description: 'Rebuilds payment_summaries (per contract and month) from the payments, in one transaction',
  run: ({ knex, now }) => refreshPaymentSummaries(knex, now),
};
