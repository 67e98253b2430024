import { NotFoundError } from '../errors';
import { say } from '../messages';
import { isGlobalReader } from '../access/roles';
import type { BaseModel } from '../models/BaseModel';
import type { WriteContext } from './types';

/**
 * Small write hooks the declarations share: rules about the fields of the record being written,
 * which need no other table. Workflow rules live in server/workflows/.
 */
export type WriteHook<M extends BaseModel = BaseModel, Extra extends object = object> = (ctx: WriteContext<M, Extra>) => Promise<void> | void;

/** Runs hooks in order, so a declaration can combine a shared rule with its own. */
export function allOf<M extends BaseModel, Extra extends object = object>(...hooks: WriteHook<M, Extra>[]): WriteHook<M, Extra> {
  return async (ctx) => {
    for (const hook of hooks) await hook(ctx);
  };
}

/**
 * A scoped role writes only within its own organisation. Another organisation is answered as
 * missing (404), as every out-of-scope parent is.
 */
export function ownOrganizationOnly(): WriteHook<BaseModel & { organization_id: number | null }> {
  return (ctx) => {
    if (ctx.action === 'delete' || isGlobalReader(ctx.user)) return;
    const value = ctx.data.organization_id;
    if (value !== undefined && value !== null && Number(value) !== ctx.user.organization_id) {
      throw new NotFoundError(say('record_not_found', { records: 'organizations', id: String(value) }));
    }
  };
}

/** Sets a field to the signed-in user's id when the record is created (authors, creators). */
export function signedInUserOnCreate<Column extends string>(column: Column): WriteHook<BaseModel & Record<Column, number | null>> {
  return (ctx) => {
    if (ctx.action === 'create') (ctx.data as Partial<Record<Column, number>>)[column] = ctx.user.id;
  };
}
