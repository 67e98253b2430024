import type { Request, Router } from 'express';
import { currentUser } from '../auth/middleware';
import { NotFoundError } from '../errors';
import { say } from '../messages';
import { recordHistory } from '../history/history';
import { restoreRecord } from '../history/restore';
import { describedRouter, type Expansion } from '../openapi/operations';
import { ID, json, object, oneOf, openObject, PATH_ID, ref, STRING, INTEGER } from '../openapi/schemas';
import type { EngineDeps, RequestInfo } from '../resources/engine';
import type { ResourceDeclaration } from '../resources/types';

/**
 * GET /api/<resource>/:id/history — the record's audit trail, field by field (server/history/).
 * POST /api/<resource>/:id/restore `{ audit_event_id, field?, side?, version? }` — an earlier
 * value put back as a new update; answers the record as an update does.
 */
const RESTORE_BODY = object({ audit_event_id: ID, field: STRING, side: oneOf(['before', 'after']), version: INTEGER }, ['field', 'side', 'version']);

export function createHistoryRouter(deps: EngineDeps): Router {
  const router = describedRouter({ tag: 'history' });
  const each = (spec: (declaration: ResourceDeclaration) => Expansion['spec']) => ({
    expand: () => (deps.resources ?? []).map((declaration) => ({ params: { resource: declaration.name }, spec: { tag: declaration.name, ...spec(declaration) } })),
  });
  const byName = new Map((deps.resources ?? []).map((r) => [r.name, r]));
  const resource = (req: Request): ResourceDeclaration => {
    const found = byName.get(String(req.params.resource));
    if (!found) throw new NotFoundError(say('no_such_resource', { name: String(req.params.resource) }));
    return found;
  };
  const info = (req: Request): RequestInfo => ({ user: currentUser(req), ip: req.ip ?? null });

  const history = each((declaration) => ({
    summary: `The audit trail of a ${declaration.name} record, field by field, newest first`,
    pathParameters: { id: PATH_ID },
    responses: { 200: json('The entries', openObject('contract/imports.ts RecordHistory')) },
  }));
  router.get('/:resource/:id/history', history, async (req, res) => {
    res.json(await recordHistory(deps, resource(req), info(req), String(req.params.id)));
  });

  const restore = each((declaration) => ({
    summary: `Put an earlier value of a ${declaration.name} record back, as an update (administrators)`,
    pathParameters: { id: PATH_ID },
    body: RESTORE_BODY,
    responses: { 200: json('The record, as PUT answers it', ref(declaration.name)) },
    errors: [409, 422],
  }));
  router.post('/:resource/:id/restore', restore, async (req, res) => {
    res.json(await restoreRecord(deps, resource(req), info(req), String(req.params.id), req.body));
  });

  return router.router;
}
