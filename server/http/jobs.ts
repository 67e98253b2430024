import { Router } from 'express';
import type { Knex } from 'knex';
import { mayRunJob } from '../../contract/jobs';
import { currentUser } from '../auth/middleware';
import type { ReportPackConfig } from '../config';
import { writeAudit } from '../audit';
import { ForbiddenError, NotFoundError } from '../errors';
import { findJob } from '../jobs/registry';
import { runJob } from '../jobs/runner';
import { compileCheck } from '../validation';

/** The body of a run: the date it runs for, today when absent. */
const checkRunBody = compileCheck<{ as_of?: string | null }>({
  type: 'object',
  additionalProperties: false,
  properties: { as_of: { type: ['string', 'null'], format: 'date' } },
});

/** POST /api/jobs/:name/run — a system administrator (or a role contract/jobs.ts names) runs a job by hand. */
export function createJobRouter(deps: { knex: Knex; clock: () => Date; icmUrl: string | null; reportPacks: ReportPackConfig; log: (line: string) => void }): Router {
  const router = Router();
  router.post('/:name/run', async (req, res) => {
    const user = currentUser(req);
    const job = findJob(String(req.params.name));
    if (!job) throw new NotFoundError(`There is no job "${String(req.params.name)}"`);
    if (!mayRunJob(job.name, user.role)) {
      throw new ForbiddenError(`Your role (${user.role}) may not run ${job.name}`);
    }
    const asOf = checkRunBody(req.body ?? {}).as_of ?? undefined;
    const result = await runJob(job, { knex: deps.knex, config: { icmUrl: deps.icmUrl, reportPacks: deps.reportPacks }, log: deps.log, clock: deps.clock }, asOf, { keepIdle: true });
    await writeAudit(deps.knex, { user_id: user.id, action: 'run_job', resource: 'job_runs', record_id: result.id, after: result, ip: req.ip ?? null });
    res.status(result.status === 'failed' ? 500 : 200).json(result);
  });
  return router;
}
