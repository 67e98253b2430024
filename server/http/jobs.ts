import { Router } from 'express';
import type { Knex } from 'knex';
import { mayRunJob } from '../../contract/jobs';
import { currentUser } from '../auth/middleware';
import { writeAudit } from '../audit';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { findJob } from '../jobs/registry';
import { runJob } from '../jobs/runner';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** POST /api/jobs/:name/run — a system administrator (or a role contract/jobs.ts names) runs a job by hand. */
export function createJobRouter(deps: { knex: Knex; clock: () => Date; icmUrl: string | null; log: (line: string) => void }): Router {
  const router = Router();
  router.post('/:name/run', async (req, res) => {
    const user = currentUser(req);
    const job = findJob(String(req.params.name));
    if (!job) throw new NotFoundError(`There is no job "${String(req.params.name)}"`);
    if (!mayRunJob(job.name, user.role)) {
      throw new ForbiddenError(`Your role (${user.role}) may not run ${job.name}`);
    }
    const asOf = (req.body ?? {}).as_of as unknown;
    if (asOf !== undefined && asOf !== null && (typeof asOf !== 'string' || !DATE.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`)))) {
      throw new ValidationError('as_of must be a date YYYY-MM-DD', { as_of: 'must be a date YYYY-MM-DD' });
    }
    const result = await runJob(job, { knex: deps.knex, config: { icmUrl: deps.icmUrl }, log: deps.log, clock: deps.clock }, (asOf as string | undefined) ?? undefined);
    await writeAudit(deps.knex, { user_id: user.id, action: 'run_job', resource: 'job_runs', record_id: result.id, after: result, ip: req.ip ?? null });
    res.status(result.status === 'failed' ? 500 : 200).json(result);
  });
  return router;
}
