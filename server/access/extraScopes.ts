import type { QueryBuilder } from 'objection';
import type { CurrentUser } from './roles';
import { isGlobalReader } from './roles';
import { anyOf, scopeByIds, visiblePlaceIds, visiblePlacementIds, type SqlFragment } from './scope';
import type { Scope } from '../resources/types';

/**
 * Scopes a few resources need beyond the helpers of scope.ts, built from the same subqueries.
 * Like those, each is a where clause with bound parameters, never an `if` in a handler.
 */

function qualified(qb: QueryBuilder<any, any>, column: string): string {
  return `${qb.modelClass().tableName}.${column}`;
}

function organizationOf(user: CurrentUser): number {
  return user.organization_id ?? -1;
}

/** Scoped roles see their own organisation only. */
export const scopeOwnOrganization: Scope = (user) => {
  if (isGlobalReader(user)) return 'all';
  return (qb) => {
    qb.where(qualified(qb, 'id'), organizationOf(user));
  };
};

/**
 * Places of service: an organisation administrator and a coordinator see every place of their
 * organisation; programme managers and portal workers the places they are assigned to.
 */
export const scopePlacesOfService: Scope = (user) => {
  if (isGlobalReader(user)) return 'all';
  if (user.role === 'program_manager' || user.role === 'portal_worker') {
    return scopeByIds('id', visiblePlaceIds)(user);
  }
  return (qb) => {
    qb.where(qualified(qb, 'organization_id'), organizationOf(user));
  };
};

/**
 * Payments: an organisation administrator sees those under its organisation's contracts;
 * programme managers and portal workers those of the placements they see; coordinators none
 * (CSP has no payments).
 */
export const scopePayments: Scope = (user) => {
  if (isGlobalReader(user)) return 'all';
  if (user.role === 'org_admin') {
    return (qb) => {
      qb.whereRaw(`?? = any(array(select id from contracts where organization_id = ?))`, [
        qualified(qb, 'contract_id'),
        organizationOf(user),
      ]);
    };
  }
  if (user.role === 'program_manager' || user.role === 'portal_worker') {
    return scopeByIds('placement_id', visiblePlacementIds)(user);
  }
  return 'none';
};

function visibleDailyLogIds(user: CurrentUser): SqlFragment {
  const atPlacements = anyOf('placement_id', visiblePlacementIds(user));
  return { sql: `select id from daily_logs where ${atPlacements.sql}`, bindings: atPlacements.bindings };
}

/** Daily log entries follow their log's placement. */
export const scopeDailyLogEntries: Scope = scopeByIds('daily_log_id', visibleDailyLogIds);
