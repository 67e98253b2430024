import type { Knex } from 'knex';
import type { Model, QueryBuilder } from 'objection';
import type { CurrentUser } from './roles';
import { ORGANIZATION_ROLES, isGlobalReader, isPlaceStaff } from './roles';
import { clockOf } from '../db/clock';
import { today } from '../dates';
import type { Scope, ScopeFilter, ScopeResult } from '../resources/types';

/**
 * Who sees what, as SQL, and the one way to apply it. Each `visible…Ids` function answers the
 * ids a scoped user may see, as a subquery with bound parameters; each `scope…` turns them
 * into a Scope (a where clause, never an `if` in a handler); `applyScope` and `findInScope`
 * add a scope to a query. The resource engine, exports, reports and workflows all narrow
 * through these.
 *
 * - org_admin: every place of its organisation, and every record of its organisation.
 * - program_manager / portal_worker: the places they are assigned to (open assignments), the
 *   placements there and everything hanging off them; plus their organisation's CSP records.
 * - coordinator: its organisation's CSP referrals, plans and their activities.
 */
interface SqlFragment {
  sql: string;
  bindings: unknown[];
}

/**
 * A binding that stands for the date of the query the fragment ends up in, taken from the clock
 * of the query's database handle (server/db/clock.ts): an assignment is open on the request's
 * today, not on PostgreSQL's `current_date`.
 */
const TODAY = Symbol('today');

function bindingsFor(fragment: SqlFragment, qb: QueryBuilder<any, any>): unknown[] {
  return fragment.bindings.map((binding) => (binding === TODAY ? today(clockOf(qb.knex())) : binding));
}

const EMPTY: SqlFragment = { sql: 'select null::bigint where false', bindings: [] };

function org(user: CurrentUser): number {
  return user.organization_id ?? -1;
}

/**
 * `<column> = any(array(<ids>))`: the ids are computed once, then looked up through the
 * column's index. `<column> in (<ids>)` lets the planner join the subquery instead, and at a
 * million children it chose to hash or merge the whole table against a few hundred ids.
 */
function anyOf(column: string, ids: SqlFragment): SqlFragment {
  return { sql: `${column} = any(array(${ids.sql}))`, bindings: ids.bindings };
}

/**
 * Ids from several branches. Each branch is planned on its own with its own index (an `or`
 * across columns can use none), and duplicates are kept: every caller tests membership only.
 */
function unionOf(...branches: SqlFragment[]): SqlFragment {
  return {
    sql: branches.map((b) => b.sql).join('\n            union all '),
    bindings: branches.flatMap((b) => b.bindings),
  };
}

/** A place assignment that still holds on the date bound to `?`. */
const OPEN_ASSIGNMENT = '(ended_on is null or ended_on >= ?::date)';

function visiblePlaceIds(user: CurrentUser): SqlFragment {
  if (user.role === 'org_admin') {
    return { sql: 'select id from places_of_service where organization_id = ?', bindings: [org(user)] };
  }
  if (isPlaceStaff(user)) {
    return {
      sql: `select place_of_service_id from place_assignments where user_id = ? and ${OPEN_ASSIGNMENT}`,
      bindings: [user.id, TODAY],
    };
  }
  return EMPTY;
}

/**
 * Scope as keys, for counting what thousands of users see in one statement (the compliance
 * digest): a user sees a plan, a placement or a referral exactly when the record and the user
 * share a key. The keys are the branches of the visible…Ids functions here, written as labels,
 * and must change with them (test/compliance/digestScopeKeys.test.ts compares the two):
 * `all` for global readers; `org:<organisation>` for an organisation administrator (its
 * organisation's plans and referrals, and the placements at its places); `csp:<organisation>`
 * for coordinators and place staff (the organisation's CSP plans and referrals); and for place
 * staff `intake:<organisation>` (its SHSS referrals no placement names yet) and
 * `place:<place>` for each open assignment (the placements there, their plans and referrals).
 */
function scopeKeysOf(user: CurrentUser, places: readonly number[]): string[] {
  if (isGlobalReader(user)) return ['all'];
  if (user.role === 'org_admin') return [`org:${org(user)}`];
  if (user.role === 'coordinator') return [`csp:${org(user)}`];
  if (isPlaceStaff(user)) return [`csp:${org(user)}`, `intake:${org(user)}`, ...places.map((place) => `place:${place}`)];
  return [];
}

/** The kinds of record whose scope keys `recordScopeKeysSql` answers. */
export type KeyedKind = 'plans' | 'placements' | 'referrals';

/** `keys` of every record: the same set always in the same order, so records can be grouped by it. */
const RECORD_KEYS: Record<KeyedKind, string> = {
  plans: `select sp.id, array_remove(array['all', 'org:' || sp.organization_id, case when sp.program = 'CSP' then 'csp:' || sp.organization_id end,
                                            'place:' || pl.place_of_service_id], null) as keys
      from service_plans sp left join placements pl on pl.id = sp.placement_id`,
  placements: `select p.id, array_remove(array['all', 'org:' || pos.organization_id, 'place:' || p.place_of_service_id], null) as keys
      from placements p left join places_of_service pos on pos.id = p.place_of_service_id`,
  referrals: `select r.id, array_remove(array['all', 'org:' || r.organization_id, case when r.program = 'CSP' then 'csp:' || r.organization_id end,
                                           case when r.program <> 'CSP' and not r.placed then 'intake:' || r.organization_id end], null)
                        || array(select distinct 'place:' || pl.place_of_service_id from placements pl
                                  where pl.referral_id = r.id and pl.place_of_service_id is not null order by 1) as keys
      from referrals r`,
};

/** Every record of `kind` with its scope keys, as a subquery of (id, keys text[]) to join on id. */
export function recordScopeKeysSql(kind: KeyedKind): string {
  return RECORD_KEYS[kind];
}

/**
 * Users grouped so that the users of a group see the same records of every scope built on the
 * visible ids above and have the same role (so the same work): same role and scope keys, which
 * depend on the organisation and, for place staff, the places they are assigned to on the
 * clock's today. A job that would run a scoped query for each user runs it once per group.
 * Groups come in the order of their first user.
 */
export async function groupBySameScope<U extends CurrentUser>(knex: Knex | Knex.Transaction, users: readonly U[]): Promise<{ users: U[]; keys: string[] }[]> {
  const staff = users.filter(isPlaceStaff).map((user) => user.id);
  const places = new Map<number, number[]>();
  if (staff.length) {
    const { rows } = await knex.raw<{ rows: { user_id: number; places: string[] }[] }>(
      `select user_id, array_agg(distinct place_of_service_id order by place_of_service_id) as places
         from place_assignments where user_id = any(?::bigint[]) and ${OPEN_ASSIGNMENT} group by user_id`,
      [staff, today(clockOf(knex))],
    );
    for (const row of rows) places.set(Number(row.user_id), row.places.map(Number));
  }
  const groups = new Map<string, { users: U[]; keys: string[] }>();
  for (const user of users) {
    const keys = scopeKeysOf(user, places.get(user.id) ?? []);
    const key = `${user.role}:${keys.join(',')}`;
    const group = groups.get(key);
    if (group) group.users.push(user);
    else groups.set(key, { users: [user], keys });
  }
  return [...groups.values()];
}

/** Placements at the visible places, as `where` conditions on `placements`. */
function atVisiblePlaces(user: CurrentUser): SqlFragment {
  return anyOf('place_of_service_id', visiblePlaceIds(user));
}

function visiblePlacementIds(user: CurrentUser): SqlFragment {
  if (visiblePlaceIds(user) === EMPTY) return EMPTY;
  const at = atVisiblePlaces(user);
  return { sql: `select id from placements where ${at.sql}`, bindings: at.bindings };
}

function visibleReferralIds(user: CurrentUser): SqlFragment {
  if (user.role === 'org_admin') {
    return { sql: 'select id from referrals where organization_id = ?', bindings: [org(user)] };
  }
  if (isPlaceStaff(user)) {
    const at = atVisiblePlaces(user);
    // Their organisation's CSP referrals and SHSS referrals still waiting for a placement
    // (intake); once placed, a referral follows its placement's place. `placed` is kept by
    // a trigger on placements (migration 20261123000008) and the intake set has its own
    // partial index; `program` is never null, so the two branches are exactly `CSP or not placed`.
    return unionOf(
      { sql: `select id from referrals where organization_id = ? and program = 'CSP'`, bindings: [org(user)] },
      {
        sql: `select id from referrals where organization_id = ? and program <> 'CSP' and not placed`,
        bindings: [org(user)],
      },
      { sql: `select referral_id from placements where ${at.sql} and referral_id is not null`, bindings: at.bindings },
    );
  }
  if (user.role === 'coordinator') {
    return { sql: `select id from referrals where organization_id = ? and program = 'CSP'`, bindings: [org(user)] };
  }
  return EMPTY;
}

/** A condition on `service_plans` that makes a plan visible; one per branch. */
interface PlanBranch extends SqlFragment {
  /** the plans of the visible placements (whose child is the placement's child) */
  ofVisiblePlacements?: true;
}

function visiblePlanBranches(user: CurrentUser): PlanBranch[] {
  if (user.role === 'org_admin') return [{ sql: 'organization_id = ?', bindings: [org(user)] }];
  if (isPlaceStaff(user)) {
    return [
      { sql: `program = 'CSP' and organization_id = ?`, bindings: [org(user)] },
      { ...anyOf('placement_id', visiblePlacementIds(user)), ofVisiblePlacements: true },
    ];
  }
  if (user.role === 'coordinator') return [{ sql: `program = 'CSP' and organization_id = ?`, bindings: [org(user)] }];
  return [];
}

function fromPlans(column: string, branches: PlanBranch[]): SqlFragment[] {
  return branches.map((where) => ({
    sql: `select ${column} from service_plans where ${where.sql}`,
    bindings: where.bindings,
  }));
}

function visiblePlanIds(user: CurrentUser): SqlFragment {
  const branches = fromPlans('id', visiblePlanBranches(user));
  return branches.length ? unionOf(...branches) : EMPTY;
}

/**
 * A child registered by an organisation and not yet named by any referral, placement or plan
 * is visible to that organisation's users, so the intake can go on; once linked, the links
 * decide. Driven by the registering organisation's index, each child then probes the three
 * child_id indexes.
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

function visibleChildIds(user: CurrentUser): SqlFragment {
  if (!ORGANIZATION_ROLES.includes(user.role)) return EMPTY;
  const branches: SqlFragment[] = [];
  if (user.role !== 'coordinator') {
    const at = atVisiblePlaces(user);
    branches.push({ sql: `select child_id from placements where ${at.sql}`, bindings: at.bindings });
  }
  // A plan of a visible placement names that placement's child (a foreign key on the pair,
  // migration 20261123000009), already in the first branch: only the other plans are read.
  branches.push(...fromPlans('child_id', visiblePlanBranches(user).filter((b) => !b.ofVisiblePlacements)));
  const referrals = anyOf('referral_id', visibleReferralIds(user));
  branches.push({ sql: `select child_id from referral_children where ${referrals.sql}`, bindings: referrals.bindings });
  branches.push(unlinkedChildrenOf(user));
  return unionOf(...branches);
}

function visibleDailyLogIds(user: CurrentUser): SqlFragment {
  const atPlacements = anyOf('placement_id', visiblePlacementIds(user));
  return { sql: `select id from daily_logs where ${atPlacements.sql}`, bindings: atPlacements.bindings };
}

/**
 * Payments: an organisation administrator's are those under its organisation's contracts;
 * programme managers' and portal workers' those of the placements they see; coordinators' none
 * (CSP has no payments). `scopePayments` below filters the same way on the payments table itself.
 */
function visiblePaymentIds(user: CurrentUser): SqlFragment {
  if (user.role === 'org_admin') {
    return { sql: 'select id from payments where contract_id = any(array(select id from contracts where organization_id = ?))', bindings: [org(user)] };
  }
  if (isPlaceStaff(user)) {
    const atPlacements = anyOf('placement_id', visiblePlacementIds(user));
    return { sql: `select id from payments where ${atPlacements.sql}`, bindings: atPlacements.bindings };
  }
  return EMPTY;
}

/** The kinds of record whose visible ids `visibleIdsSql` answers. */
export type VisibleKind = 'children' | 'referrals' | 'placements' | 'plans' | 'payments';

const VISIBLE_IDS: Record<VisibleKind, (user: CurrentUser) => SqlFragment> = {
  children: visibleChildIds,
  referrals: visibleReferralIds,
  placements: visiblePlacementIds,
  plans: visiblePlanIds,
  payments: visiblePaymentIds,
};

/**
 * The ids of the records of `kind` a scoped user may see, as a subquery with `?` bindings (the
 * assignments' date filled in with `today`), for SQL written by hand: the reports count and
 * name exactly what the lists show. Global readers see every record: `'all'`.
 */
export function visibleIdsSql(kind: VisibleKind, user: CurrentUser, today: string): { sql: string; bindings: unknown[] } | 'all' {
  if (isGlobalReader(user)) return 'all';
  const fragment = VISIBLE_IDS[kind](user);
  return { sql: fragment.sql, bindings: fragment.bindings.map((binding) => (binding === TODAY ? today : binding)) };
}

function qualified(qb: QueryBuilder<any, any>, column: string): string {
  return `${qb.modelClass().tableName}.${column}`;
}

/** A scope that lets global readers see everything and narrows scoped roles to `ids` on `column`. */
function scopeByIds(column: string, ids: (user: CurrentUser) => SqlFragment): Scope {
  return (user): ScopeResult => {
    if (isGlobalReader(user)) return 'all';
    const fragment = ids(user);
    if (fragment === EMPTY) return 'none';
    const filter: ScopeFilter = (qb) => {
      qb.whereRaw(`?? = any(array(${fragment.sql}))`, [qualified(qb, column), ...bindingsFor(fragment, qb)]);
    };
    filter.byIdList = true;
    return filter;
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

/** Scoped roles see the rows of their own organisation and the rows of no organisation, which hold for all (submission due dates). */
export function scopeByOrganizationOrAll(column = 'organization_id'): Scope {
  return (user) => {
    if (isGlobalReader(user)) return 'all';
    return (qb) => {
      qb.where((q) => q.whereNull(qualified(qb, column)).orWhere(qualified(qb, column), org(user)));
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

/** Daily log entries follow their log's placement. */
export const scopeDailyLogEntries: Scope = scopeByIds('daily_log_id', visibleDailyLogIds);

/** Organisations: scoped roles see their own only. */
export const scopeOwnOrganization: Scope = (user) => {
  if (isGlobalReader(user)) return 'all';
  return (qb) => {
    qb.where(qualified(qb, 'id'), org(user));
  };
};

/**
 * Places of service: an organisation administrator and a coordinator see every place of their
 * organisation; programme managers and portal workers the places they are assigned to.
 */
export const scopePlacesOfService: Scope = (user) => {
  if (isGlobalReader(user)) return 'all';
  if (isPlaceStaff(user)) return scopeByIds('id', visiblePlaceIds)(user);
  return scopeByOrganization()(user);
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
      qb.whereRaw(`?? = any(array(select id from contracts where organization_id = ?))`, [qualified(qb, 'contract_id'), org(user)]);
    };
  }
  if (isPlaceStaff(user)) return scopeByPlacement()(user);
  return 'none';
};

/** Applies a scope to a query; used by the engine, exports and workflows alike. */
export function applyScope(qb: QueryBuilder<any, any>, scope: Scope, user: CurrentUser): QueryBuilder<any, any> {
  return applyScopeResult(qb, scope(user));
}

/**
 * The row `id` of `model` if `scope` lets `user` see it, else undefined: how the engine reads
 * a record, and how workflows load the records a request refers to (out of scope = not there).
 */
export async function findInScope<M extends typeof Model>(
  db: Knex | Knex.Transaction,
  model: M,
  scope: Scope,
  user: CurrentUser,
  id: number | string,
): Promise<InstanceType<M> | undefined> {
  return (await applyScope(model.query(db), scope, user).findById(id)) as InstanceType<M> | undefined;
}

/** Applies a scope already worked out for the user (when the caller also needs to look at it). */
export function applyScopeResult(qb: QueryBuilder<any, any>, result: ScopeResult): QueryBuilder<any, any> {
  if (result === 'none') return qb.whereRaw('false');
  if (result === 'all') return qb;
  result(qb);
  return qb;
}

/**
 * The ids of `model`'s rows a scope lets `user` see, as a subquery for SQL written by hand (the
 * compliance rules, the data-quality checks): null when the scope lets the user see every row,
 * so a global reader's query carries no condition at all.
 */
export function idsInScope(
  knex: Knex,
  model: typeof Model,
  scope: Scope,
  user: CurrentUser,
): { sql: string; bindings: readonly unknown[] } | null {
  const result = scope(user);
  if (result === 'all') return null;
  const qb = applyScopeResult(model.query(knex).select(`${model.tableName}.${model.idColumn as string}`), result);
  const compiled = qb.toKnexQuery().toSQL();
  return { sql: compiled.sql, bindings: compiled.bindings };
}
