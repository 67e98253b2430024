import { ROLES, type Role } from './enums';

/*
 * The role groups, by docs/domain.md's roles table, named once so every check reads as a sentence:
 * the server's declarations, workflow actions, jobs and scope, and the dashboard's checks before it
 * asks, all use these, never a list of their own.
 * Reads are open to every role and narrowed by scope (server/access/scope.ts).
 */

export const EVERYONE: readonly Role[] = ROLES;
export const NOBODY: readonly Role[] = [];
export const SYSTEM_ADMIN: readonly Role[] = ['system_admin'];

/** The ministry's roles besides system administration: dashboards, reports and finance. */
export const MINISTRY: readonly Role[] = ['ministry_manager', 'ministry_finance'];

/** Ministry finance: decides support requests, cancels payments and records them paid. */
export const FINANCE: readonly Role[] = ['ministry_finance'];

/** Roles that see every organisation's records. */
export const GLOBAL_READERS: readonly Role[] = [...SYSTEM_ADMIN, ...MINISTRY];

/** Payments' CAS and ICM numbers: finance, and system administrators. */
export const PAYMENT_EDITORS: readonly Role[] = [...SYSTEM_ADMIN, ...FINANCE];

/**
 * Roles inside a provider or agency: scope narrows what they see to their organisation, and an
 * organisation administrator may give these roles to its organisation's users.
 */
export const ORGANIZATION_ROLES: readonly Role[] = ['org_admin', 'program_manager', 'portal_worker', 'coordinator'];

/** Staff who see the places they are assigned to (open place assignments), not every place of their organisation. */
export const PLACE_STAFF: readonly Role[] = ['program_manager', 'portal_worker'];

/** Organisation administration: users, place assignments, places, staff and expenditures. */
export const ORGANIZATION_ADMINS: readonly Role[] = ['system_admin', 'org_admin'];

/** Plans, placements, support requests, children: programme managers and up. */
export const CASE_MANAGERS: readonly Role[] = [...ORGANIZATION_ADMINS, 'program_manager'];

/** Logs, check-ins, events, tasks, care circles, respite stays: the front line too. */
export const FRONT_LINE: readonly Role[] = [...CASE_MANAGERS, 'portal_worker'];

/** CSP referrals, plans, plan services, activities and reviews: coordinators too. */
export const PLANNERS: readonly Role[] = [...CASE_MANAGERS, 'coordinator'];

/** Who submits an organisation's CSP measures to the ministry (report_submissions). */
export const SUBMITTERS: readonly Role[] = ['org_admin', 'coordinator'];
