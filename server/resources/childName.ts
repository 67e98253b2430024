import type { Knex } from 'knex';
import type { QueryBuilder } from 'objection';
import { visibleIdsSql } from '../access/scope';
import type { CurrentUser } from '../access/roles';
import { clockOf } from '../db/clock';
import { quoteIdentifier } from '../exports/copyQuery';
import { today } from '../dates';
import type { ResourceDeclaration } from './types';

/**
 * The child a record is about, named on every row: plans, placements, referrals, check-ins and
 * daily logs carry `child_name` (a referral: its children's names, comma-separated), and their
 * `q` also finds the child's first, last or preferred name and the record's number ("Patel"
 * finds Patel's plans, "542" or "#542" plan 542). Only children the caller may see are named or
 * matched (scope.ts's visible children), so a name never reaches a user outside its scope.
 *
 * A list or a record names its child without testing that the child is visible, because a row
 * in the resource's scope implies it (server/access/scope.ts, for every scoped role):
 *   - placements (scope: at a visible place) and daily logs (their placement at one) name the
 *     placement's child: the first branch of the visible children is exactly the children of
 *     the placements at the visible places (a coordinator sees no place, hence no placement);
 *   - plans and check-ins (their plan) name the plan's child: a plan is visible as its
 *     organisation's (an administrator's), its organisation's CSP plan (the other roles): those
 *     plans' children are a branch of the visible children; or as the plan of a visible
 *     placement, whose child it is (the foreign key on `(placement_id, child_id)`, migration
 *     20261123000009), already visible by the first branch;
 *   - referrals and their referral_children name the referral's children: the visible children
 *     include every child of every visible referral (`referral_children` of `visibleReferralIds`);
 *   - global readers see every child.
 * Both sides take the assignments' date from the same clock. The check cost a programme
 * manager's list page ~100 ms at a million children (the whole visible set, for 25 names);
 * test/platform/childNameScope.test.ts holds the implication for every resource with a child
 * and every role, on records arranged to cross it. A new resource with a `child`, or a scope
 * narrower than its child's, has to keep that test green or test visibility here again.
 */
export const CHILD_NAME = 'child_name';

/**
 * Where the child id is: the record's own `column` (`child_id`), or the `child_id` of the rows
 * of `via.table` whose `via.key` equals the record's `column` (a check-in's plan, a referral's
 * referral_children).
 */
export interface ChildPath {
  column: string;
  via?: { table: 'service_plans' | 'placements' | 'referral_children'; key: string };
}

const CHILD_NAME_COLUMNS = ['first_name', 'last_name', 'preferred_name'] as const;

interface Fragment {
  sql: string;
  bindings: unknown[];
}

/** `and c.id is visible to the user`, nothing for a global reader (`any(array(…))`: probed row by row; `in`: hashed once). */
function visibleChild(knex: Knex, user: CurrentUser, form: 'any' | 'in' = 'any'): Fragment {
  const visible = visibleIdsSql('children', user, today(clockOf(knex)));
  if (visible === 'all') return { sql: '', bindings: [] };
  return { sql: form === 'any' ? ` and c.id = any(array(${visible.sql}))` : ` and c.id in (${visible.sql})`, bindings: visible.bindings };
}

const NAME_SQL = `concat_ws(' ', c.first_name, c.last_name)`;

/** A record with several children (a referral's `via` rows); the others have one at most: their own `child_id`, or the `via` row found by its id. */
function namesSeveralChildren(path: ChildPath): path is Required<ChildPath> {
  return path.via !== undefined && path.via.key !== 'id';
}

/** The fields a row carries besides its columns (dropped when a client sends them back). */
export function childNameFields(declaration: ResourceDeclaration): string[] {
  return declaration.child ? [CHILD_NAME] : [];
}

/**
 * The `child_name` column of a list or a record (of a query narrowed by the resource's own
 * scope: no visibility test, see above), or nothing for a resource without a child. It is a
 * subquery of the select list, so a page computes it for its own rows only, after the sort.
 */
export function childNameColumns(declaration: ResourceDeclaration, qb: QueryBuilder<any, any>) {
  const path = declaration.child;
  if (!path) return [];
  const table = declaration.model.tableName;
  // A record with several children (a referral's) names them in the order they were referred
  // (referral_children.id), as its Children tab lists them; the aggregate sorts inside itself,
  // so a list page still needs no Sort node. A record with one child reads the name alone: an
  // aggregate over that one row was about 5% of a placements page's statement (bench/README.md).
  const name = namesSeveralChildren(path) ? `string_agg(${NAME_SQL}, ', ' order by v.id)` : NAME_SQL;
  const names = path.via
    ? { sql: `select ${name} from ${path.via.table} v join children c on c.id = v.child_id where v.?? = ??`, bindings: [path.via.key, `${table}.${path.column}`] }
    : { sql: `select ${name} from children c where c.id = ??`, bindings: [`${table}.${path.column}`] };
  return [qb.modelClass().raw(`(${names.sql}) as ??`, [...names.bindings, CHILD_NAME])];
}

/** A download's `child_name`: `(id, title)` rows to join on the record's `field`, or a subquery over the download's row `q`. */
export type DownloadChildName = { join: { field: string; sql: string; bindings: unknown[] } } | { select: { sql: string; bindings: unknown[] } };

/**
 * The child's name on every row of a download (export.ts). A record with one child (its own
 * `child_id`, a check-in's plan, a daily log's placement) joins the visible children's names
 * on that key: hashed once for a whole table, probed by index for a few rows — the list's
 * subquery was 1.4–5.7× slower on whole tables at 100,000 children (bench/README.md). A
 * referral's children are aggregated per referral, which a join cannot narrow to the
 * downloaded rows (a filtered download would aggregate every referral), so it keeps the
 * subquery, with the visible children hashed once rather than searched row by row.
 */
export function downloadChildName(declaration: ResourceDeclaration, knex: Knex, user: CurrentUser): DownloadChildName | null {
  const path = declaration.child;
  if (!path) return null;
  const visible = visibleChild(knex, user, 'in');
  if (namesSeveralChildren(path)) {
    const ofRow = `v.${quoteIdentifier(path.via.key)} = q.${quoteIdentifier(path.column)}`;
    const names = `select string_agg(${NAME_SQL}, ', ' order by v.id) from ${path.via.table} v join children c on c.id = v.child_id where ${ofRow}`;
    return { select: { sql: `(${names}${visible.sql})`, bindings: visible.bindings } };
  }
  const rows = path.via
    ? `select v.id, ${NAME_SQL} as title from ${path.via.table} v join children c on c.id = v.child_id${visible.sql}`
    : `select c.id, ${NAME_SQL} as title from children c where true${visible.sql}`;
  return { join: { field: path.column, sql: rows, bindings: visible.bindings } };
}

/**
 * One word of `q` on the child's names and the record's number: a condition to OR with the
 * searched fields. The matching children are found once, then the records through their index.
 */
export function childNameSearch(declaration: ResourceDeclaration, qb: QueryBuilder<any, any>, user: CurrentUser | undefined, pattern: string, word: string): Fragment[] {
  const table = declaration.model.tableName;
  const conditions: Fragment[] = [];
  const number = /^#?(\d{1,15})$/.exec(word);
  if (number && declaration.model.idColumn === 'id') conditions.push({ sql: '?? = ?', bindings: [`${table}.id`, Number(number[1])] });
  const path = declaration.child;
  if (!path || !user) return conditions;
  const visible = visibleChild(qb.knex(), user);
  const names = CHILD_NAME_COLUMNS.map((column) => `c.${column} ilike ?`).join(' or ');
  const children = { sql: `select c.id from children c where (${names})${visible.sql}`, bindings: [...CHILD_NAME_COLUMNS.map(() => pattern), ...visible.bindings] };
  conditions.push(
    path.via
      ? {
          sql: `?? = any(array(select v.?? from ${path.via.table} v where v.child_id = any(array(${children.sql}))))`,
          bindings: [`${table}.${path.column}`, path.via.key, ...children.bindings],
        }
      : { sql: `?? = any(array(${children.sql}))`, bindings: [`${table}.${path.column}`, ...children.bindings] },
  );
  return conditions;
}

/** Whether `q` searches anything on this resource (its text fields, or its child's name). */
export function isSearchable(declaration: ResourceDeclaration): boolean {
  return Boolean(declaration.search?.length || declaration.child);
}
