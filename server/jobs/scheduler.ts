import cron from 'node-cron';
import type { Knex } from 'knex';
import { reportPackConfig, type Config } from '../config';
import { jobs } from './registry';
import { runJob } from './runner';

/** Schedules every job with node-cron; nothing runs at import time. */
export function startJobs(deps: { knex: Knex; config: Config; log: (line: string) => void }) {
  const tasks = jobs
    .filter((job) => deps.config.schedules[job.name])
    .map((job) =>
      cron.schedule(
        deps.config.schedules[job.name],
        async () => {
          await runJob(job, { knex: deps.knex, config: { icmUrl: deps.config.icmUrl, reportPacks: reportPackConfig(deps.config) }, log: deps.log });
        },
        { name: job.name, noOverlap: true },
      ),
    );
  return {
    stop: () => {
      for (const task of tasks) void task.destroy();
    },
  };
}
