import { scheduleBasePayments } from '../workflows/payments';
import type { JobDefinition } from './types';

export const scheduleBasePaymentsJob: JobDefinition = {
  name: 'schedule-base-payments',
  description: "Schedules the month's base payment for every active placement with a contract (month of the run date)",
  run: ({ knex, asOf }) => scheduleBasePayments(knex, asOf),
};
