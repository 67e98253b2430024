import { deliverOutbox } from '../integrations/icm';
import type { JobDefinition } from './types';

export const deliverOutboxJob: JobDefinition = {
  name: 'deliver-outbox',
  description: 'Sends queued outbox messages (finalized check-ins) to ICM at ICM_URL, with retries and backoff',
  run: async ({ knex, now, config, log }) => ({ ...(await deliverOutbox({ knex, now, icmUrl: config.icmUrl, log })) }),
  idle: (summary) => summary.attempted === 0,
};
