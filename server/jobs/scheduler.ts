import cron from 'node-cron';
import type { Knex } from 'knex';
import type { Clock } from '../clock';
import { reportPackConfig, type Config } from '../config';
import { fileStoreFor } from '../files/store';
import { jobs } from './registry';
import { runJob } from './runner';

/**
 * Schedules every job with node-cron; nothing runs at import time. stop() schedules no more
 * runs and waits for the ones running to finish, at most `waitMs`.
 */
export function startJobs(deps: { knex: Knex; config: Config; log: (line: string) => void; clock: Clock }) {
  const running = new Set<Promise<unknown>>();
  const files = fileStoreFor(deps.config.fileStoreUrl, deps.config.s3, deps.log);
  const tasks = jobs
    .filter((job) => deps.config.schedules[job.name])
    .map((job) =>
      cron.schedule(
        deps.config.schedules[job.name],
        async () => {
          const run = runJob(job, { knex: deps.knex, config: { icmUrl: deps.config.icmUrl, reportPacks: reportPackConfig(deps.config), files }, log: deps.log, clock: deps.clock });
          running.add(run);
          try {
            await run;
          } finally {
            running.delete(run);
          }
        },
        { name: job.name, noOverlap: true },
      ),
    );
  return {
    stop: async (waitMs = 0) => {
      for (const task of tasks) void task.destroy();
      if (running.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
      });
      await Promise.race([Promise.allSettled([...running]), bound]);
      clearTimeout(timer);
    },
  };
}
