import type { CurrentUser } from '../access/roles';
import { isGlobalReader } from '../access/roles';
import { NotFoundError } from '../errors';

/**
 * The organisation a report covers, from the caller's role and what it asked for.
 *
 * - Global readers (system_admin, ministry_manager, ministry_finance): the organisation asked
 *   for, or every organisation (`null`).
 * - Scoped roles (org_admin, program_manager, portal_worker, coordinator): their own
 *   organisation whatever they ask; asking for another one is 404, as for any record outside
 *   the scope. Reports are aggregates per organisation, so a programme manager or portal
 *   worker sees its whole organisation's numbers even though its record lists are narrowed to
 *   its places (docs/reports.md).
 */
export function reportOrganization(user: CurrentUser, requested: number | null): number | null {
  if (isGlobalReader(user)) return requested;
  if (user.organization_id == null) throw new NotFoundError('Organisation not found');
  if (requested !== null && requested !== user.organization_id) {
    throw new NotFoundError('Organisation not found');
  }
  return user.organization_id;
}
