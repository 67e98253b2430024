import { NotFoundError } from '../errors';
import { isGlobalReader } from '../access/roles';
import type { WriteContext } from './types';

/**
 * Small write hooks the declarations share: rules about the fields of the record being written,
 * which need no other table. Workflow rules live in server/workflows/.
 */
export type WriteHook = (ctx: WriteContext) => Promise<void> | void;

/** Runs hooks in order, so a declaration can combine a shared rule with its own. */
export function allOf(...hooks: WriteHook[]): WriteHook {
  return async (ctx) => {
    for (const hook of hooks) await hook(ctx);
  };
}

/**
 * A scoped role writes only within its own organisation. Another organisation is answered as
 * missing (404), as every out-of-scope parent is.
 */
export function ownOrganizationOnly(column = 'organization_id'): WriteHook {
  return (ctx) => {
    if (ctx.action === 'delete' || isGlobalReader(ctx.user)) return;
    const value = ctx.data[column];
    if (value !== undefined && value !== null && Number(value) !== ctx.user.organization_id) {
      throw new NotFoundError(`No organizations record ${String(value)}`);
    }
  };
}

/** Sets a field to the signed-in user's id when the record is created (authors, creators). */
export function signedInUserOnCreate(column: string): WriteHook {
  return (ctx) => {
    if (ctx.action === 'create') ctx.data[column] = ctx.user.id;
  };
}
