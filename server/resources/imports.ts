import { EVERYONE, NOBODY, ORGANIZATION_ADMINS } from '../access/roles';
import { scopeByOrganization } from '../access/scope';
import { ForbiddenError } from '../errors';
import { say } from '../messages';
import { Import } from '../models';
import { requireStatus } from '../workflows/guards';
import type { ActionContext, ActionResult, ResourceDeclaration } from './types';

/**
 * Every bulk import (server/imports/): who ran it, when, into which resource, with which file's
 * key, how many rows and how it ended. Written only by the import itself; each user's imports
 * are seen by its organisation, every import by the ministry and the system administrators.
 */

/**
 * Asks a running import to stop before it commits: it rolls back at its next batch and ends
 * `cancelled`. Its author may, and an administrator who sees it.
 */
async function cancel(ctx: ActionContext<Import>): Promise<ActionResult<Import>> {
  if (ctx.record.user_id !== ctx.user.id && !ORGANIZATION_ADMINS.includes(ctx.user.role)) {
    throw new ForbiddenError(say('import_cancel_refused'));
  }
  requireStatus('import', ctx.record, ['running'], 'cancelled');
  return { patch: { cancel_requested_at: ctx.clock().toISOString() } };
}

export const imports: ResourceDeclaration<Import> = {
  name: 'imports',
  model: Import,
  filters: ['user_id', 'organization_id', 'resource', 'status', 'dry_run', 'import_key', 'started_at'],
  sorts: ['started_at', 'resource', 'status'],
  defaultSort: ['started_at', 'DESC'],
  search: ['resource', 'file_name', 'import_key'],
  references: { user_id: 'users', organization_id: 'organizations', same_as_import_id: 'imports' },
  access: { read: EVERYONE, create: NOBODY, update: NOBODY, delete: NOBODY },
  readOnly: true,
  scope: scopeByOrganization(),
  actions: [{ name: 'cancel', label: 'Cancel import', roles: EVERYONE, fromStatus: ['running'], run: cancel }],
};

export const importResources: ResourceDeclaration[] = [imports];
