import type { Request, Response, Router } from 'express';
import type { CurrentUser } from '../access/roles';
import { currentUser, readAheadOfConfirmation } from '../auth/middleware';
import { writeAudit } from '../audit';
import { primaryReads, type ReadRouting } from '../db/readRouting';
import { NotFoundError } from '../errors';
import { say } from '../messages';
import { sendDownload } from '../exports/send';
import { registerAttachmentRoutes } from '../files/attachments';
import type { FileStore } from '../files/store';
import { streamQuery } from '../exports/queryStream';
import {
  createRecord,
  deleteRecord,
  getRecord,
  listRecords,
  offeredActions,
  runAction,
  updateRecord,
  type EngineDeps,
  type RequestInfo,
} from './engine';
import { listDownload, parseDownloadRequest } from './export';
import { sendLargeText } from './largeTextDownload';
import { parseListBody, parseListParams, type ListParams } from './listQuery';
import { parseExactTotal, TOTAL_CAPPED_HEADER } from './listTotal';
import { describedRouter } from '../openapi/operations';
import {
  actionOperations,
  createOperations,
  deleteOperations,
  detailsOperations,
  largeTextOperations,
  listOperations,
  offeredActionsOperations,
  readOperations,
  searchOperations,
  updateOperations,
} from './openapi';
import type { ResourceDeclaration } from './types';

/** `/<name>`, one path segment */
const ONE_SEGMENT = /^\/([a-z_]+)\/?$/;

/**
 * The requests for a page of a declared resource's list, `GET /api/<name>` without `format` (a
 * download is audited first): they read ahead of their session's confirmation
 * (server/auth/middleware.ts `readAhead`), since `sendList` below answers only after it and
 * writes nothing. test/platform/listReadAhead.test.ts checks that every such request waits.
 */
export function listReadsAhead(resources: readonly ResourceDeclaration[]): (req: Request) => boolean {
  const names = new Set(resources.map((declaration) => declaration.name));
  return (req) => {
    if (req.method !== 'GET') return false;
    const name = ONE_SEGMENT.exec(req.path)?.[1];
    return name !== undefined && names.has(name) && (req.query as Record<string, unknown>).format === undefined;
  };
}

/**
 * Serves every declared resource in ra-data-simple-rest's protocol at /api/<name>, and the
 * attachments of those that declare them (server/files/attachments.ts). Downloads read where
 * `reads` says (a reports standby when configured); everything else reads and writes the primary.
 * Each route describes itself once per resource that has it (server/resources/openapi.ts).
 */
export function createResourceRouter(
  baseDeps: EngineDeps & { reads?: ReadRouting },
  resources: readonly ResourceDeclaration[],
  options: { fileStore: FileStore },
): Router {
  const routes = describedRouter({ tag: 'resources' });
  const each = (operations: (declaration: ResourceDeclaration) => ReturnType<typeof listOperations>) => ({ expand: () => resources.flatMap(operations) });
  const { reads: givenReads, ...engineDeps } = baseDeps;
  const deps: EngineDeps = { ...engineDeps, resources };
  const reads = givenReads ?? primaryReads(deps.knex, deps.clock);
  const byName = new Map(resources.map((r) => [r.name, r]));

  const resource = (req: Request): ResourceDeclaration => {
    const found = byName.get(String(req.params.resource));
    if (!found) throw new NotFoundError(say('no_such_resource', { name: String(req.params.resource) }));
    return found;
  };
  const info = (req: Request): RequestInfo => ({ user: currentUser(req), ip: req.ip ?? null });

  routes.get('/:resource', each(listOperations), async (req, res) => {
    const declaration = resource(req);
    const query = req.query as Record<string, unknown>;
    if (query.format !== undefined) return download(req, res, declaration, parseListParams(declaration, query));
    // a page reads ahead of its session's confirmation (listReadsAhead): even a refusal of its parameters waits for it
    await sendList(req, res, declaration, () => ({ params: parseListParams(declaration, query), exactTotal: parseExactTotal(query) }));
  });

  // The list with { sort, range, filter } in the body, for a filter too long for an address.
  routes.post('/:resource/search', each(searchOperations), async (req, res) => {
    const declaration = resource(req);
    await sendList(req, res, declaration, () => ({ params: parseListBody(declaration, req.body), exactTotal: false }));
  });

  routes.get('/:resource/:id', each(readOperations), async (req, res) => {
    res.json(await getRecord(deps, resource(req), info(req), String(req.params.id)));
  });

  routes.post('/:resource', each(createOperations), async (req, res) => {
    res.status(201).json(await createRecord(deps, resource(req), info(req), req.body));
  });

  routes.put('/:resource/:id', each(updateOperations), async (req, res) => {
    res.json(await updateRecord(deps, resource(req), info(req), String(req.params.id), req.body));
  });

  routes.delete('/:resource/:id', each(deleteOperations), async (req, res) => {
    res.json(await deleteRecord(deps, resource(req), info(req), String(req.params.id)));
  });

  routes.get('/:resource/:id/details', each(detailsOperations), async (req, res) => {
    const declaration = resource(req);
    if (!declaration.details) throw new NotFoundError(say('no_details', { resource: declaration.name }));
    const record = await getRecord(deps, declaration, info(req), String(req.params.id));
    res.json(await declaration.details(deps.knex, record as never));
  });

  routes.get('/:resource/:id/actions', each(offeredActionsOperations), async (req, res) => {
    res.json(await offeredActions(deps, resource(req), info(req), String(req.params.id)));
  });

  registerAttachmentRoutes(routes, { knex: deps.knex, clock: deps.clock, store: options.fileStore }, resource, each);

  // A large text field's whole text; after /details, /actions and /attachments, which it would otherwise take.
  routes.get('/:resource/:id/:field', each(largeTextOperations), async (req, res) => {
    await sendLargeText(deps, resource(req), info(req), String(req.params.id), String(req.params.field), res);
  });

  routes.post('/:resource/:id/:action', each(actionOperations), async (req, res) => {
    const declaration = resource(req);
    const action = declaration.actions?.find((a) => a.name === req.params.action);
    if (!action) throw new NotFoundError(say('no_such_action', { resource: declaration.name, action: String(req.params.action) }));
    res.json(await runAction(deps, declaration, action, info(req), String(req.params.id), req.body));
  });

  async function sendList(req: Request, res: Response, declaration: ResourceDeclaration, parse: () => { params: ListParams; exactTotal: boolean }) {
    const ip = req.ip ?? null;
    const page = (user: CurrentUser) => {
      const { params, exactTotal } = parse();
      return listRecords(deps, declaration, { user, ip }, params, { exactTotal });
    };
    const { result } = await readAheadOfConfirmation(req, page);
    const { rows, total, start, capped } = result;
    const range = rows.length ? `${start}-${start + rows.length - 1}` : '*';
    res.set('Content-Range', `${declaration.name} ${range}/${total}`);
    if (capped) res.set(TOTAL_CAPPED_HEADER, 'true');
    res.json(rows);
  }

  async function download(req: Request, res: Response, declaration: ResourceDeclaration, params: ReturnType<typeof parseListParams>) {
    const options = parseDownloadRequest(req.query as Record<string, unknown>, req.get('accept-language'));
    const request = info(req);
    const { query, columns } = listDownload(deps, declaration, request, params, options);
    await writeAudit(deps.knex, {
      user_id: request.user.id,
      action: 'export',
      resource: declaration.name,
      after: { format: options.format, filter: params.filter, sort: params.sort, lang: options.language, headers: options.headers },
      ip: request.ip,
    });
    const source = await reads.choose();
    await sendDownload(res, {
      filename: `${declaration.name}-${deps.clock().toISOString().slice(0, 10)}`,
      format: options.format,
      columns,
      rows: streamQuery(source.knex, query),
      bom: options.bom,
      source,
    });
  }

  return routes.router;
}
