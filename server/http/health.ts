import type { NextFunction, Request, Response, Router } from 'express';
import type { Knex } from 'knex';
import type { DatabaseAvailability } from '../db/availability';
import { AppError, DatabaseUnavailableError } from '../errors';
import { say } from '../messages';
import { describedRouter } from '../openapi/operations';
import { json, object } from '../openapi/schemas';

/**
 * Health endpoints for load balancers and supervisors, without sign-in and saying nothing
 * beyond the answer (no versions, no host names):
 * GET /health/live — the process answers; GET /health/ready — PostgreSQL answers and every
 * migration of this code is applied (503 otherwise). And the gate in front of everything else
 * that needs the database.
 */
const READY_TIMEOUT_MS = 2_000;

async function pendingMigrations(knex: Knex): Promise<number> {
  const [, pending] = (await knex.migrate.list()) as [unknown[], unknown[]];
  return pending.length;
}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailableError()), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const status = (value: string, summary: string) => ({
  summary,
  public: true,
  responses: { 200: json(`{ "status": "${value}" }`, object({ status: { const: value } })) },
});

export function createHealthRouter(deps: { knex: Knex; availability: DatabaseAvailability }): Router {
  const routes = describedRouter({ tag: 'health' });
  routes.get('/live', status('live', 'The process answers'), (_req, res) => {
    res.json({ status: 'live' });
  });
  routes.get('/ready', status('ready', 'PostgreSQL answers and every migration is applied (503 otherwise)'), async (_req, res) => {
    if (deps.availability.isDown()) throw new DatabaseUnavailableError();
    if ((await within(READY_TIMEOUT_MS, pendingMigrations(deps.knex))) > 0) {
      throw new AppError('migrations_pending', say('migrations_pending_detail'));
    }
    res.json({ status: 'ready' });
  });
  return routes.router;
}

/** While PostgreSQL is known to be down, every request that would need it answers 503 at once. */
export function refuseWhileDatabaseDown(availability: DatabaseAvailability) {
  return (_req: Request, _res: Response, next: NextFunction) => {
    if (availability.isDown()) throw new DatabaseUnavailableError();
    next();
  };
}
