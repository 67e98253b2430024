import crypto from 'node:crypto';
import type { Request, Response, Router } from 'express';
import type { ImportAnswer, ImportColumns } from '../../contract/imports';
import { currentUser } from '../auth/middleware';
import { NotFoundError } from '../errors';
import { say } from '../messages';
import { importTargets, suggestMapping } from '../imports/mapping';
import { openTable } from '../imports/read';
import { runImport, savedMapping } from '../imports/run';
import { drain, receiveFile, type ReceivedFile } from '../imports/upload';
import { describedRouter } from '../openapi/operations';
import { json, openObject } from '../openapi/schemas';
import { requireAccess, type EngineDeps, type RequestInfo } from '../resources/engine';
import type { ResourceDeclaration } from '../resources/types';
import { compileCheck } from '../validation';
import { describeError } from './errorHandler';

/**
 * POST /api/<resource>/import[?dry_run=1] — a CSV or XLSX file (multipart/form-data, field
 * `file`; optional fields `mapping` and `import_key`) created as records all or nothing
 * (server/imports/run.ts). The answer is 201 `committed`, 200 `dry_run` or `already_imported`,
 * 200 `cancelled`, or 422 `refused` with every bad row; with `Accept: application/x-ndjson` it
 * is a stream of progress lines ending with that same answer (status 200: the last line says).
 * POST /api/<resource>/import/columns — the file's header row and a suggested mapping.
 */
const NDJSON = 'application/x-ndjson';

const checkImportQuery = compileCheck<{ dry_run?: '0' | '1' | 'true' | 'false' }>({
  type: 'object',
  properties: { dry_run: { enum: ['0', '1', 'true', 'false'], 'x-message': say('field_one_or_zero') } },
  additionalProperties: false,
  'x-message': { additionalProperties: say('field_unknown_parameter') },
});

const STATUS_CODES: Record<ImportAnswer['status'], number> = {
  committed: 201,
  dry_run: 200,
  already_imported: 200,
  cancelled: 200,
  refused: 422,
};

/** The body of a refused import: react-admin's error shape around the import's answer. */
function answerBody(answer: ImportAnswer) {
  if (answer.status !== 'refused') return answer;
  const rows = new Set(answer.errors.map((e) => e.row)).size;
  return {
    message: `${answer.error_count} problem${answer.error_count === 1 ? '' : 's'} in ${rows}${answer.error_count > answer.errors.length ? ' or more' : ''} row${rows === 1 ? '' : 's'}; nothing was imported`,
    code: 'import_refused',
    ...answer,
  };
}

const UPLOAD = { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' }, mapping: { type: 'string' }, import_key: { type: 'string' } } } } };

export function createImportRouter(deps: EngineDeps): Router {
  const router = describedRouter({ tag: 'imports' });
  const creatable = () => (deps.resources ?? []).filter((declaration) => !declaration.readOnly);
  const byName = new Map((deps.resources ?? []).map((r) => [r.name, r]));
  const info = (req: Request): RequestInfo => ({ user: currentUser(req), ip: req.ip ?? null });

  /** The resource and its create permission, checked before the body is read (which is then drained). */
  const resourceFor = (req: Request): ResourceDeclaration => {
    try {
      const declaration = byName.get(String(req.params.resource));
      if (!declaration) throw new NotFoundError(say('no_such_resource', { name: String(req.params.resource) }));
      requireAccess(declaration, currentUser(req), 'create');
      return declaration;
    } catch (error) {
      drain(req);
      throw error;
    }
  };

  const columns = {
    expand: () =>
      creatable().map((declaration) => ({
        params: { resource: declaration.name },
        spec: {
          tag: declaration.name,
          summary: `The header row of a file to import as ${declaration.name} records, and the mapping to start from`,
          content: UPLOAD,
          responses: { 200: json('The columns', openObject('contract/imports.ts ImportColumns')) },
          errors: [422],
        },
      })),
  };
  router.post('/:resource/import/columns', columns, async (req, res) => {
    const declaration = resourceFor(req);
    const file = await receiveFile(req);
    try {
      const table = await openTable(file.path, file.bytes);
      table.close();
      const targets = importTargets(declaration, deps.resources ?? []);
      const answer: ImportColumns = {
        format: table.format,
        columns: table.columns.filter(Boolean),
        suggested: suggestMapping(table.columns, targets, await savedMapping(deps.knex, currentUser(req).id, declaration.name)),
        targets,
      };
      res.json(answer);
    } finally {
      await file.remove();
    }
  });

  const importFile = {
    expand: () =>
      creatable().map((declaration) => ({
        params: { resource: declaration.name },
        spec: {
          tag: declaration.name,
          summary: `Create ${declaration.name} records from a CSV or XLSX file, all or nothing`,
          query: { properties: { dry_run: { enum: ['0', '1', 'true', 'false'] } } },
          content: UPLOAD,
          responses: {
            200: { description: 'A dry run, a file already imported, or a cancelled import; with Accept: application/x-ndjson, progress lines then the answer', content: { 'application/json': { schema: openObject('contract/imports.ts ImportAnswer') }, 'application/x-ndjson': { schema: { type: 'string' } } } },
            201: json('The records were created', openObject('contract/imports.ts ImportAnswer')),
            422: json('The file was refused, every bad cell named; nothing was written', openObject('the error shape with the import answer')),
          },
          errors: [409],
        },
      })),
  };
  router.post('/:resource/import', importFile, async (req, res) => {
    const declaration = resourceFor(req);
    let query: ReturnType<typeof checkImportQuery>;
    try {
      query = checkImportQuery(req.query);
    } catch (error) {
      drain(req);
      throw error;
    }
    const file = await receiveFile(req);
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    const streamed = req.accepts(['application/json', NDJSON]) === NDJSON;
    try {
      const run = { deps, declaration, request: info(req), file, dryRun: query.dry_run === '1' || query.dry_run === 'true', signal: gone.signal };
      if (streamed) await streamImport(req, res, run);
      else {
        const answer = await runImport(run);
        res.status(STATUS_CODES[answer.status]).json(answerBody(answer));
      }
    } finally {
      await file.remove();
    }
  });

  return router.router;
}

/** The import with a progress line as each batch of rows is checked, and the answer as the last line. */
async function streamImport(req: Request, res: Response, run: Parameters<typeof runImport>[0] & { file: ReceivedFile }) {
  const line = (value: unknown) => {
    if (!res.headersSent) res.status(200).type(NDJSON);
    res.write(`${JSON.stringify(value)}\n`);
  };
  try {
    const answer = await runImport({ ...run, onProgress: (progress) => line({ progress }) });
    line(answerBody(answer));
  } catch (error) {
    // Before the first line the error middleware answers it as usual.
    if (!res.headersSent) throw error;
    const described = describeError(error);
    if (described) line({ message: described.message, code: described.code, errors: described.errors });
    else {
      res.err = error instanceof Error ? error : new Error(String(error));
      line({ message: 'Something went wrong on our side; quote the error id if you report it', code: 'internal', errors: {}, error_id: String(req.id ?? crypto.randomUUID()) });
    }
  }
  res.end();
}
