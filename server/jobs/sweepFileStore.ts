import type { JobDefinition } from './types';

/** Objects younger than this are left alone: an upload on its way to its commit is minutes old at most. */
const SWEEP_AFTER_MS = 24 * 60 * 60 * 1000;

export const sweepFileStoreJob: JobDefinition = {
  name: 'sweep-file-store',
  description: 'Deletes attachment objects in an external file store that no file names and that are over a day old (a crash between an upload and its commit leaves them)',
  run: async ({ knex, now, config }) => {
    const store = config.files;
    if (!store?.sweep) return { store: store?.name ?? 'postgres', listed: 0, deleted: 0 };
    return { store: store.name, ...(await store.sweep(knex, new Date(now.getTime() - SWEEP_AFTER_MS))) };
  },
  // files kept in PostgreSQL leave no orphans: a scheduled run there is not kept
  idle: (summary) => summary.store === 'postgres',
};
