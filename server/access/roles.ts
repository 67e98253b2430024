import type { SignedInUser } from '../../contract/auth';
import { ROLES, type Role } from '../../contract/enums';

/** Roles that see every organisation's records. */
export const GLOBAL_READERS: readonly Role[] = ['system_admin', 'ministry_manager', 'ministry_finance'];

/** Roles whose reads are narrowed by server/access/scope.ts. */
export const SCOPED_ROLES: readonly Role[] = ['org_admin', 'program_manager', 'portal_worker', 'coordinator'];

/** Roles that edit SHSS plans (notified when a placement ends). */
export const PLAN_EDITORS: readonly Role[] = ['system_admin', 'org_admin', 'program_manager'];

export const ALL_ROLES: readonly Role[] = ROLES;

/** The signed-in user as every layer below the routes sees it. */
export type CurrentUser = Pick<SignedInUser, 'id' | 'email' | 'full_name' | 'role' | 'organization_id'>;

export function isGlobalReader(user: CurrentUser): boolean {
  return GLOBAL_READERS.includes(user.role);
}
