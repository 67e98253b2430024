import type { JobDefinition } from './types';

/** Every scheduled job, by name. Workflow jobs register here. */
export const jobs: JobDefinition[] = [];

export function findJob(name: string): JobDefinition | undefined {
  return jobs.find((job) => job.name === name);
}
