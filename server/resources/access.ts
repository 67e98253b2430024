import type { Role } from '../../contract/enums';
import { ALL_ROLES, GLOBAL_READERS } from '../access/roles';

/**
 * Who may change what, by DOMAIN.md's roles table, named once so each declaration reads as a
 * sentence. Reads are open to every role and narrowed by scope.
 */
export const EVERYONE: readonly Role[] = ALL_ROLES;
export const GLOBAL: readonly Role[] = GLOBAL_READERS;
export const NOBODY: readonly Role[] = [];
export const SYSTEM_ADMIN: readonly Role[] = ['system_admin'];

/** Organisation administration: users, place assignments, places, staff and expenditures. */
export const ORGANIZATION_ADMINS: readonly Role[] = ['system_admin', 'org_admin'];

/** Plans, placements, support requests, children: programme managers and up. */
export const CASE_MANAGERS: readonly Role[] = ['system_admin', 'org_admin', 'program_manager'];

/** Logs, check-ins, events, tasks, care circles, respite stays: the front line too. */
export const FRONT_LINE: readonly Role[] = [...CASE_MANAGERS, 'portal_worker'];

/** CSP referrals, plans, plan services, activities and reviews: coordinators too. */
export const PLANNERS: readonly Role[] = [...CASE_MANAGERS, 'coordinator'];

/** Roles an organisation administrator may give to its organisation's users. */
export const ORGANIZATION_ROLES: readonly Role[] = ['org_admin', 'program_manager', 'portal_worker', 'coordinator'];
