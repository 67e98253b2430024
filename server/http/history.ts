import { Router, type Request } from 'express';
import { currentUser } from '../auth/middleware';
import { NotFoundError } from '../errors';
import { recordHistory } from '../history/history';
import { restoreRecord } from '../history/restore';
import type { EngineDeps, RequestInfo } from '../resources/engine';
import type { ResourceDeclaration } from '../resources/types';

/**
 * GET /api/<resource>/:id/history — the record's audit trail, field by field (server/history/).
 * POST /api/<resource>/:id/restore `{ audit_event_id, field?, side?, version? }` — an earlier
 * value put back as a new update; answers the record as an update does.
 */
export function createHistoryRouter(deps: EngineDeps): Router {
  const router = Router();
  const byName = new Map((deps.resources ?? []).map((r) => [r.name, r]));
  const resource = (req: Request): ResourceDeclaration => {
    const found = byName.get(String(req.params.resource));
    if (!found) throw new NotFoundError(`There is no resource "${String(req.params.resource)}"`);
    return found;
  };
  const info = (req: Request): RequestInfo => ({ user: currentUser(req), ip: req.ip ?? null });

  router.get('/:resource/:id/history', async (req, res) => {
    res.json(await recordHistory(deps, resource(req), info(req), String(req.params.id)));
  });

  router.post('/:resource/:id/restore', async (req, res) => {
    res.json(await restoreRecord(deps, resource(req), info(req), String(req.params.id), req.body));
  });

  return router;
}
