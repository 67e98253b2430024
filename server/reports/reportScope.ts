import type { CurrentUser } from '../access/roles';
import { isGlobalReader } from '../access/roles';
import { visibleIdsSql, type VisibleKind } from '../access/scope';
import { NotFoundError } from '../errors';
import { say } from '../messages';

/**
 * What a report may count and name for its caller (docs/domain.md: scope applies "on lists, on
 * exports and on reports alike").
 *
 * - The organisation: global readers (system_admin, ministry_manager, ministry_finance) get the
 *   one asked for, or every organisation (`null`); the other roles get their own, whatever they
 *   ask — asking for another one is 404, as for any record outside the scope.
 * - The records inside it (`records`): an organisation administrator sees every record of its
 *   organisation, so the organisation is its whole scope (`null`). Programme managers and portal
 *   workers see the placements at their places and what hangs off them, coordinators the CSP
 *   records: the reports count only the referrals, SHSS plans and payments they see, through
 *   the same subqueries as their lists (server/access/scope.ts). Every organisation role sees
 *   its organisation's CSP records, so the CSP figures are the organisation's for all of them.
 * - The names (`names`): a row of an explanation names its child only when the caller may see
 *   the child; global readers see every child.
 */
export interface ReportScope {
  organization_id: number | null;
  records: VisibleRecords | null;
  names: VisibleRecords | null;
}

/** The records a caller sees, as SQL conditions with named bindings for a report's statement. */
export interface VisibleRecords {
  /** `<column> = any(array(<ids of kind the caller sees>))`: the idiom of scope.ts, an index lookup */
  anyOf(kind: VisibleKind, column: string): string;
  /** `<column> in (<ids>)`: a membership test the planner may hash, for many rows */
  in(kind: VisibleKind, column: string): string;
  /** every binding the conditions name; merge them into the statement's */
  bindings: Record<string, unknown>;
}

const KINDS: VisibleKind[] = ['children', 'referrals', 'placements', 'plans', 'payments'];

/** The scoped subqueries with their `?` turned into named bindings (`:scope_<kind>_<i>`). */
export function visibleRecords(user: CurrentUser, today: string): VisibleRecords | null {
  const subqueries = {} as Record<VisibleKind, string>;
  const bindings: Record<string, unknown> = {};
  for (const kind of KINDS) {
    const ids = visibleIdsSql(kind, user, today);
    if (ids === 'all') return null;
    let i = 0;
    subqueries[kind] = ids.sql.replace(/\?/g, () => {
      const name = `scope_${kind}_${i}`;
      bindings[name] = ids.bindings[i];
      i += 1;
      return `:${name}`;
    });
  }
  return {
    anyOf: (kind, column) => `${column} = any(array(${subqueries[kind]}))`,
    in: (kind, column) => `${column} in (${subqueries[kind]})`,
    bindings,
  };
}

/** The records as one string, their conditions and bindings: two callers with the same key count the same records (null: the organisation's). */
export function recordsKey(records: VisibleRecords | null | undefined): string | null {
  return records ? JSON.stringify([KINDS.map((kind) => records.anyOf(kind, 'id')), records.bindings]) : null;
}

/** `and <column> = any(array(<ids>))` when the caller sees fewer records than its organisation's; nothing otherwise. */
export function scopeFilter(records: VisibleRecords | null | undefined, kind: VisibleKind, column: string): string {
  return records ? `and ${records.anyOf(kind, column)}` : '';
}

export function reportOrganization(user: CurrentUser, requested: number | null): number | null {
  if (isGlobalReader(user)) return requested;
  if (user.organization_id == null) throw new NotFoundError(say('organization_not_found'));
  if (requested !== null && requested !== user.organization_id) {
    throw new NotFoundError(say('organization_not_found'));
  }
  return user.organization_id;
}

export function reportScope(user: CurrentUser, requested: number | null, today: string): ReportScope {
  const organizationId = reportOrganization(user, requested);
  const names = visibleRecords(user, today);
  // An organisation administrator sees every record of its organisation: the filter on it is the scope.
  const records = user.role === 'org_admin' ? null : names;
  return { organization_id: organizationId, records, names };
}
