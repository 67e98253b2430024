import type { Router } from 'express';
import type { Knex } from 'knex';
import { JOB_NAMES, mayRunJob } from '../../contract/jobs';
import { currentUser } from '../auth/middleware';
import type { ReportPackConfig } from '../config';
import type { FileStore } from '../files/store';
import { writeAudit } from '../audit';
import { ForbiddenError, NotFoundError } from '../errors';
import { say } from '../messages';
import { findJob } from '../jobs/registry';
import { runJob } from '../jobs/runner';
import { describedRouter } from '../openapi/operations';
import { json, nullable, object, oneOf, openObject, STRING, type Schema } from '../openapi/schemas';
import { compileCheck } from '../validation';

/** The body of a run: the date it runs for, today when absent. */
const RUN_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: { as_of: { type: ['string', 'null'], format: 'date' } },
};
const checkRunBody = compileCheck<{ as_of?: string | null }>(RUN_BODY);

/** A run as job_runs records it (server/jobs/runner.ts `JobRunResult`); `id` null when skipped. */
const JOB_RUN: Schema = object({
  id: nullable({ type: 'integer', minimum: 1 }),
  job: oneOf(JOB_NAMES),
  status: oneOf(['succeeded', 'failed', 'skipped']),
  summary: nullable(openObject('What the job did, its own counts')),
  error: nullable(STRING),
});

/** POST /api/jobs/:name/run — a system administrator (or a role contract/jobs.ts names) runs a job by hand. */
export function createJobRouter(deps: { knex: Knex; clock: () => Date; icmUrl: string | null; reportPacks: ReportPackConfig; files: FileStore; log: (line: string) => void }): Router {
  const routes = describedRouter({ tag: 'jobs' });
  const spec = {
    summary: 'Run a job by hand, for the day `as_of` (today when absent)',
    pathParameters: { name: oneOf(JOB_NAMES) },
    body: RUN_BODY,
    bodyRequired: false,
    responses: {
      200: json('The run: succeeded, or skipped while another instance runs it', JOB_RUN),
      500: json('The run failed (its error), or a fault', { anyOf: [JOB_RUN, { $ref: '#/components/schemas/Error' }] }),
    },
  };
  routes.post('/:name/run', spec, async (req, res) => {
    const user = currentUser(req);
    const job = findJob(String(req.params.name));
    if (!job) throw new NotFoundError(say('no_such_job', { name: String(req.params.name) }));
    if (!mayRunJob(job.name, user.role)) {
      throw new ForbiddenError(say('role_may_not_run', { role: user.role, name: job.name }));
    }
    const asOf = checkRunBody(req.body ?? {}).as_of ?? undefined;
    const result = await runJob(job, { knex: deps.knex, config: { icmUrl: deps.icmUrl, reportPacks: deps.reportPacks, files: deps.files }, log: deps.log, clock: deps.clock }, asOf, { keepIdle: true });
    await writeAudit(deps.knex, { user_id: user.id, action: 'run_job', resource: 'job_runs', record_id: result.id, after: result, ip: req.ip ?? null });
    res.status(result.status === 'failed' ? 500 : 200).json(result);
  });
  return routes.router;
}
