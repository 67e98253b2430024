import type { QueryBuilder } from 'objection';
import type { CurrentUser } from './roles';
import { isGlobalReader } from './roles';
import type { Scope, ScopeResult } from '../resources/types';

/**
 * Who sees what, as SQL. Each function answers the ids a scoped user may see, as a subquery
 * with bound parameters; the resource engine, exports and reports all narrow through these.
 *
 * - org_admin: every place of its organisation, and every record of its organisation.
 * - program_manager / portal_worker: the places they are assigned to (open assignments), the
 *   placements there and everything hanging off them; plus their organisation's CSP records.
 * - coordinator: its organisation's CSP referrals, plans and their activities.
 */
export interface SqlFragment {
  sql: string;
  bindings: unknown[];
}

const EMPTY: SqlFragment = { sql: 'select null::bigint where false', bindings: [] };

function org(user: CurrentUser): number {
  return user.organization_id ?? -1;
}

export function visiblePlaceIds(user: CurrentUser): SqlFragment {
  switch (user.role) {
    case 'org_admin':
      return { sql: 'select id from places_of_service where organization_id = ?', bindings: [org(user)] };
    case 'program_manager':
    case 'portal_worker':
      return {
        sql: 'select place_of_service_id from place_assignments where user_id = ? and (ended_on is null or ended_on >= current_date)',
        bindings: [user.id],
      };
    default:
      return EMPTY;
  }
}

export function visiblePlacementIds(user: CurrentUser): SqlFragment {
  const places = visiblePlaceIds(user);
  return { sql: `select id from placements where place_of_service_id in (${places.sql})`, bindings: places.bindings };
}

export function visibleReferralIds(user: CurrentUser): SqlFragment {
  switch (user.role) {
    case 'org_admin':
      return { sql: 'select id from referrals where organization_id = ?', bindings: [org(user)] };
    case 'program_manager':
    case 'portal_worker': {
      const placements = visiblePlacementIds(user);
      // Their organisation's CSP referrals and SHSS referrals still waiting for a placement
      // (intake); once placed, a referral follows its placement's place.
      return {
        sql: `select r.id from referrals r where r.organization_id = ?
                and (r.program = 'CSP' or not exists (select 1 from placements p where p.referral_id = r.id))
              union select referral_id from placements where referral_id is not null and id in (${placements.sql})`,
        bindings: [org(user), ...placements.bindings],
      };
    }
    case 'coordinator':
      return { sql: `select id from referrals where organization_id = ? and program = 'CSP'`, bindings: [org(user)] };
    default:
      return EMPTY;
  }
}

export function visiblePlanIds(user: CurrentUser): SqlFragment {
  switch (user.role) {
    case 'org_admin':
      return { sql: 'select id from service_plans where organization_id = ?', bindings: [org(user)] };
    case 'program_manager':
    case 'portal_worker': {
      const placements = visiblePlacementIds(user);
      return {
        sql: `select id from service_plans where (program = 'CSP' and organization_id = ?)
              or placement_id in (${placements.sql})`,
        bindings: [org(user), ...placements.bindings],
      };
    }
    case 'coordinator':
      return { sql: `select id from service_plans where program = 'CSP' and organization_id = ?`, bindings: [org(user)] };
    default:
      return EMPTY;
  }
}

/**
 * A child registered by an organisation and not yet named by any referral, placement or plan
 * is visible to that organisation's users, so the intake can go on; once linked, the links
 * decide.
 */
function unlinkedChildrenOf(user: CurrentUser): SqlFragment {
  return {
    sql: `select c.id from children c where c.registered_by_organization_id = ?
            and not exists (select 1 from placements p where p.child_id = c.id)
            and not exists (select 1 from referral_children rc where rc.child_id = c.id)
            and not exists (select 1 from service_plans sp where sp.child_id = c.id)`,
    bindings: [org(user)],
  };
}

export function visibleChildIds(user: CurrentUser): SqlFragment {
  if (user.role === 'coordinator') {
    const plans = visiblePlanIds(user);
    const referrals = visibleReferralIds(user);
    const unlinked = unlinkedChildrenOf(user);
    return {
      sql: `select child_id from service_plans where id in (${plans.sql})
            union select child_id from referral_children where referral_id in (${referrals.sql})
            union ${unlinked.sql}`,
      bindings: [...plans.bindings, ...referrals.bindings, ...unlinked.bindings],
    };
  }
  if (user.role === 'org_admin' || user.role === 'program_manager' || user.role === 'portal_worker') {
    const placements = visiblePlacementIds(user);
    const plans = visiblePlanIds(user);
    const referrals = visibleReferralIds(user);
    const unlinked = unlinkedChildrenOf(user);
    return {
      sql: `select child_id from placements where id in (${placements.sql})
            union select child_id from service_plans where id in (${plans.sql})
            union select child_id from referral_children where referral_id in (${referrals.sql})
            union ${unlinked.sql}`,
      bindings: [...placements.bindings, ...plans.bindings, ...referrals.bindings, ...unlinked.bindings],
    };
  }
  return EMPTY;
}

function qualified(qb: QueryBuilder<any, any>, column: string): string {
  return `${qb.modelClass().tableName}.${column}`;
}

/** A scope that lets global readers see everything and narrows scoped roles to `ids` on `column`. */
export function scopeByIds(column: string, ids: (user: CurrentUser) => SqlFragment): Scope {
  return (user): ScopeResult => {
    if (isGlobalReader(user)) return 'all';
    const fragment = ids(user);
    if (fragment === EMPTY) return 'none';
    return (qb) => {
      qb.whereRaw(`?? in (${fragment.sql})`, [qualified(qb, column), ...fragment.bindings]);
    };
  };
}

/** Everyone sees every row (lookup tables). */
export const scopeAll: Scope = () => 'all';

/** Only the global readers (ministry, system administrators) see these rows. */
export const scopeGlobalOnly: Scope = (user) => (isGlobalReader(user) ? 'all' : 'none');

/** Scoped roles see the rows of their own organisation. */
export function scopeByOrganization(column = 'organization_id'): Scope {
  return (user) => {
    if (isGlobalReader(user)) return 'all';
    return (qb) => {
      qb.where(qualified(qb, column), org(user));
    };
  };
}

/** Rows that belong to the user itself (notifications), whatever the role. */
export function scopeOwnRows(column = 'user_id'): Scope {
  return (user) => {
    if (user.role === 'system_admin') return 'all';
    return (qb) => {
      qb.where(qualified(qb, column), user.id);
    };
  };
}

export const scopeByChild = (column = 'child_id') => scopeByIds(column, visibleChildIds);
export const scopeByPlacement = (column = 'placement_id') => scopeByIds(column, visiblePlacementIds);
export const scopeByPlan = (column = 'service_plan_id') => scopeByIds(column, visiblePlanIds);
export const scopeByReferral = (column = 'referral_id') => scopeByIds(column, visibleReferralIds);
export const scopeByPlace = (column = 'place_of_service_id') => scopeByIds(column, visiblePlaceIds);

/** Applies a scope to a query; used by the engine, exports and workflows alike. */
export function applyScope(qb: QueryBuilder<any, any>, scope: Scope, user: CurrentUser): QueryBuilder<any, any> {
  const result = scope(user);
  if (result === 'none') return qb.whereRaw('false');
  if (result === 'all') return qb;
  result(qb);
  return qb;
}
