import type { Knex } from 'knex';
import type { ComplianceRule, ComplianceStatus } from '../../contract/enums';
import type { ComplianceCount, ComplianceItem } from '../../contract/compliance';
import type { CurrentUser } from '../access/roles';
import { recordScopeKeysSql, type KeyedKind } from '../access/scope';
import { joinSql, run, sql, trusted, type Sql } from '../db/sql';
import { resourceScopeSql } from '../resources/scopeSql';
import { complianceRules } from './registry';

/**
 * The compliance calendar's items: every rule's query, each narrowed to what every viewer may
 * see of the rule's resource (the caller; and the worker whose calendar the caller looks at),
 * unioned, then filtered, counted and paged. `status` is judged on `today`.
 */
export interface ItemQuery {
  today: string;
  from: string;
  to: string;
  organization_id: number | null;
  place_of_service_id: number | null;
  rules: readonly ComplianceRule[];
  status: ComplianceStatus | null;
  due_on: string | null;
  viewers: readonly CurrentUser[];
}

export const ITEM_SORTS = ['due_on', 'rule', 'status'] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];

/** Every item of the query, with its status, before sorting and paging (the page's rows get their id: listItems). */
export function itemsSql(knex: Knex, query: ItemQuery): Sql {
  const chosen = complianceRules.filter((rule) => query.rules.includes(rule.key));
  // No rule chosen (`filter={"rule":[]}`): no items, in the columns the list and calendar read.
  const rules = chosen.length ? chosen : complianceRules.slice(0, 1);
  const union = joinSql(
    rules.map((rule) => rule.items({ today: query.today, from: query.from, to: query.to, inScope: resourceScopeSql(knex, rule.resource, query.viewers) })),
    '\n    union all\n',
  );
  const conditions: Sql[] = [trusted(chosen.length ? 'true' : 'false')];
  if (query.organization_id !== null) conditions.push(sql`i.organization_id = ${query.organization_id}`);
  if (query.place_of_service_id !== null) conditions.push(sql`i.place_of_service_id = ${query.place_of_service_id}`);
  if (query.due_on !== null) conditions.push(sql`i.due_on = ${query.due_on}::date`);
  if (query.status === 'overdue') conditions.push(sql`i.due_on < ${query.today}::date`);
  if (query.status === 'due') conditions.push(sql`i.due_on >= ${query.today}::date`);
  return sql`
    select i.*, case when i.due_on < ${query.today}::date then 'overdue' else 'due' end as status
    from (${union}) i
    where ${joinSql(conditions, ' and ')}`;
}

const ORDER: Record<ItemSort, string> = { due_on: 'due_on', rule: 'rule', status: 'status' };

export async function listItems(
  knex: Knex,
  query: ItemQuery,
  sort: [ItemSort, 'ASC' | 'DESC'],
  range: [number, number],
): Promise<{ rows: ComplianceItem[]; total: number }> {
  const [field, order] = sort;
  const direction = trusted(order === 'DESC' ? 'desc' : 'asc');
  const [start, end] = range;
  const page = await run<ComplianceItem & { total: string; scope_id: string }>(
    knex,
    sql`
    with items as (${itemsSql(knex, query)}),
    page as (
      select items.*, count(*) over () as total from items
      order by ${trusted(ORDER[field])} ${direction}, due_on ${direction}, rule, record_id
      offset ${start} limit ${end - start + 1}
    )
    select page.rule || ':' || page.resource || ':' || page.record_id || ':' || page.due_on as id,
           page.*, c.first_name || ' ' || c.last_name as child_name, pos.name as place_name, o.name as organization_name
    from page
    left join children c on c.id = page.child_id
    left join places_of_service pos on pos.id = page.place_of_service_id
    left join organizations o on o.id = page.organization_id
    order by ${trusted(ORDER[field])} ${direction}, due_on ${direction}, rule, record_id`,
  );
  const total = page.length ? Number(page[0].total) : start === 0 ? 0 : await countAll(knex, query);
  return { rows: page.map(({ total: _total, scope_id: _scopeId, ...row }) => row), total };
}

async function countAll(knex: Knex, query: ItemQuery): Promise<number> {
  const [row] = await run<{ n: number }>(knex, sql`select count(*)::int as n from (${itemsSql(knex, query)}) items`);
  return row.n;
}

/** The calendar's cells: how many items of each rule and status fall due on each day. */
export async function countItems(knex: Knex, query: ItemQuery): Promise<ComplianceCount[]> {
  return run<ComplianceCount>(
    knex,
    sql`select to_char(due_on, 'YYYY-MM-DD') as date, rule, status, count(*)::int as count
        from (${itemsSql(knex, query)}) items
        group by due_on, rule, status
        order by due_on, rule, status`,
  );
}

/** How many items of a rule have a status, among what one viewer sees. */
export interface RuleCount {
  rule: ComplianceRule;
  status: ComplianceStatus;
  count: number;
}

/**
 * Where each rule's resource finds the scope keys of an item (server/access/scope.ts
 * `recordScopeKeysSql`) from its `scope_id`, following the resource's declared scope: plans and
 * placements by their own id, a referral child by its referral, a support request by its placement.
 */
const KEYS_OF_RESOURCE: Record<string, { kind: KeyedKind; via?: { table: string; column: string } }> = {
  service_plans: { kind: 'plans' },
  placements: { kind: 'placements' },
  referral_children: { kind: 'referrals', via: { table: 'referral_children', column: 'referral_id' } },
  support_requests: { kind: 'placements', via: { table: 'support_requests', column: 'placement_id' } },
};

/**
 * The items of `query` counted for many viewers in one statement (the digest's thousands of
 * users): every rule once for everyone, by rule, status and `scope_id`; those counts summed by
 * the scope keys of their records (a few thousand signatures instead of every record), and each
 * viewer's key set (`groupBySameScope`) matched with the signatures' keys, a signature counted
 * once per viewer however many keys they share. The answer, in the order of `keySets`, is what
 * `countItems` would count for each viewer, summed over the days.
 */
export async function countItemsByScopeKeys(
  knex: Knex | Knex.Transaction,
  query: Omit<ItemQuery, 'viewers' | 'organization_id' | 'place_of_service_id' | 'status' | 'due_on'>,
  keySets: readonly (readonly string[])[],
): Promise<RuleCount[][]> {
  const everyone: ItemQuery = { ...query, organization_id: null, place_of_service_id: null, status: null, due_on: null, viewers: [] };
  const byResource = new Map<string, ComplianceRule[]>();
  for (const rule of complianceRules.filter((r) => query.rules.includes(r.key))) {
    const ofResource = byResource.get(rule.resource);
    if (ofResource) ofResource.push(rule.key);
    else byResource.set(rule.resource, [rule.key]);
  }
  const answer: RuleCount[][] = keySets.map(() => []);
  if (!byResource.size || !keySets.length) return answer;
  const keyed = [...byResource].map(([resource, rules]) => {
    const keys = KEYS_OF_RESOURCE[resource];
    if (!keys) throw new Error(`No scope keys for the resource ${resource}`);
    const record = keys.via
      ? trusted(`join ${keys.via.table} via on via.id = c.scope_id join (${recordScopeKeysSql(keys.kind)}) k on k.id = via.${keys.via.column}`)
      : trusted(`join (${recordScopeKeysSql(keys.kind)}) k on k.id = c.scope_id`);
    return sql`select c.rule, c.status, c.n, k.keys from counted c ${record} where c.rule = any(${rules}::text[])`;
  });
  const viewers = keySets.flatMap((keys, viewer) => keys.map(() => viewer));
  const rows = await run<RuleCount & { viewer: number }>(
    knex,
    sql`with counted as (select rule, status, scope_id, count(*)::int as n from (${itemsSql(knex, everyone)}) items group by rule, status, scope_id),
      signatures as (select row_number() over () as id, rule, status, keys, n
                       from (select rule, status, keys, sum(n)::int as n from (${joinSql(keyed, '\n union all\n')}) k group by rule, status, keys) s),
      viewer_keys as (select * from unnest(${viewers}::int[], ${keySets.flat()}::text[]) as v(viewer, key)),
      seen as (select distinct v.viewer, s.id from signatures s cross join lateral unnest(s.keys) k(key) join viewer_keys v on v.key = k.key)
      select seen.viewer, s.rule, s.status, sum(s.n)::int as count from seen join signatures s on s.id = seen.id
      group by seen.viewer, s.rule, s.status order by seen.viewer, s.rule, s.status`,
  );
  for (const { viewer, ...count } of rows) answer[viewer].push(count);
  return answer;
}
