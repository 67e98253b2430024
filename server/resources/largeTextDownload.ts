import type { Response } from 'express';
import { ForbiddenError, NotFoundError } from '../errors';
import { say } from '../messages';
import { waitForDrain } from '../exports/backpressure';
import { checkId, mayDo, scopedQuery, type EngineDeps, type RequestInfo } from './engine';
import type { ResourceDeclaration } from './types';

/**
 * GET /api/<name>/:id/<field> for a large text field: the whole text as text/plain, read from
 * PostgreSQL a slice at a time (so the server holds one slice, not the text), all slices from one
 * snapshot (a concurrent edit never mixes two versions into one download).
 */
const SLICE_CHARS = 2 * 1024 * 1024;

export async function sendLargeText(deps: EngineDeps, declaration: ResourceDeclaration, request: RequestInfo, rawId: string, field: string, res: Response) {
  if (!(declaration.largeText as Record<string, unknown> | undefined)?.[field]) {
    throw new NotFoundError(say('no_text_to_download', { resource: declaration.name, field }));
  }
  if (!mayDo(declaration, request.user, 'read')) throw new ForbiddenError(say('role_may_not', { role: request.user.role, action: 'read', records: declaration.name }));
  const id = checkId(declaration, rawId);
  const column = `${declaration.model.tableName}.${field}`;
  await deps.knex.transaction(
    async (trx) => {
      const qb = scopedQuery(declaration, request.user, trx);
      const size = (await qb.findById(id).select(qb.modelClass().raw('octet_length(??)::int as bytes, length(??)::int as chars', [column, column]))) as unknown as
        | { bytes: number | null; chars: number | null }
        | undefined;
      if (!size) throw new NotFoundError(say('record_not_found', { records: declaration.name, id: rawId }));
      res.set({
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': String(size.bytes ?? 0),
        'Content-Disposition': `attachment; filename="${declaration.name}-${id}-${field}.txt"`,
      });
      for (let start = 1; start <= (size.chars ?? 0) && !res.destroyed; start += SLICE_CHARS) {
        const slice = await trx(declaration.model.tableName)
          .where(declaration.model.idColumn as string, id)
          .first(trx.raw('substr(??, ?, ?) as text', [field, start, SLICE_CHARS]));
        if (!res.write(slice.text)) await waitForDrain(res);
      }
      res.end();
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}
