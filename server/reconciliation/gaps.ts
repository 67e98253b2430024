import type { Knex } from 'knex';
import type { PaymentKind, ReconciliationGap } from '../../contract/enums';
import type { CurrentUser } from '../access/roles';
import { joinSql, sql, trusted, type Sql } from '../db/sql';
import { resourceScopeSql } from '../resources/scopeSql';
import { TRANSITION_IN_TYPE } from '../workflows/supportRequests';

/**
 * What payments should exist, against the live lines (scheduled or paid) that do, for the
 * service months from `from`'s month to `to`:
 *
 * - support: each approved support request expects one payment of its amount in each service
 *   month (monthly: every month from its start to its end; one-time: the month of its start),
 *   of kind `transition_in` for legacy transition-in funding and `support` otherwise — exactly
 *   what its approval schedules (workflows/supportRequests.ts `paymentsFor`).
 * - base: each placement with a contract whose `monthly_base_amount` is above 0 expects one
 *   `base` payment of that amount in each month both cover, up to the current month — what the
 *   schedule-base-payments job schedules on the 1st. An interrupted placement is not paid while
 *   interrupted, so its months are never reported missing (nor its lines extra).
 *
 * Gaps: `missing` (an expected month without a line), `extra` (a line no expectation accounts
 * for: a month outside the request or the placement and contract, a request that is not
 * approved), `duplicate` (a line repeating another approved request's line: same placement,
 * kind, type and sub-type, month and amount), `amount_differs`, `paid_without_numbers` (a paid
 * line without its CAS payment or ICM order number). The organisation is the contract's.
 */
export interface GapQuery {
  from: string;
  to: string;
  today: string;
  organization_id: number | null;
  support_request_id: number | null;
  gaps: readonly ReconciliationGap[];
  kinds: readonly PaymentKind[];
  viewers: readonly CurrentUser[];
}

const NO_NUMBER = (column: string) => sql`coalesce(btrim(${trusted(column)}), '') = ''`;

/** The CTEs both the gap list and one request's months read. */
export function matchesSql(knex: Knex, query: GapQuery): Sql {
  const requests = resourceScopeSql(knex, 'support_requests', query.viewers);
  const payments = resourceScopeSql(knex, 'payments', query.viewers);
  const placements = resourceScopeSql(knex, 'placements', query.viewers);
  const oneRequest = (column: string) => (query.support_request_id === null ? trusted('true') : sql`${trusted(column)} = ${query.support_request_id}`);
  const onlyRequests = query.support_request_id === null ? trusted('true') : trusted('false');
  const window = (column: string) => sql`${trusted(column)} between date_trunc('month', ${query.from}::date)::date and ${query.to}::date`;
  const organization = (column: string) => (query.organization_id === null ? trusted('true') : sql`${trusted(column)} = ${query.organization_id}`);
  return sql`
  support_expected as (
    select sr.id as support_request_id, sr.placement_id, sr.child_id, sr.contract_id, c.organization_id,
           case when sr.type_code = ${TRANSITION_IN_TYPE} then 'transition_in' else 'support' end as kind,
           sr.amount, m.month::date as service_month
    from support_requests sr
    join contracts c on c.id = sr.contract_id
    cross join lateral generate_series(
      date_trunc('month', sr.start_date),
      date_trunc('month', case when sr.frequency = 'monthly' then coalesce(sr.end_date, sr.start_date) else sr.start_date end),
      interval '1 month') as m(month)
    where sr.status = 'approved' and ${requests('sr.id')} and ${oneRequest('sr.id')} and ${organization('c.organization_id')}
      and ${window('m.month::date')}
  ),
  support_lines as (
    select p.*, c.organization_id, sr.child_id, sr.status as request_status
    from payments p
    join support_requests sr on sr.id = p.support_request_id
    join contracts c on c.id = p.contract_id
    where p.status <> 'cancelled' and ${payments('p.id')} and ${oneRequest('p.support_request_id')}
      and ${organization('c.organization_id')} and ${window('p.service_month')}
  ),
  support_matches as (
    select coalesce(e.support_request_id, l.support_request_id) as support_request_id,
           coalesce(e.service_month, l.service_month) as service_month,
           coalesce(e.kind, l.kind) as kind,
           coalesce(e.placement_id, l.placement_id) as placement_id,
           coalesce(e.child_id, l.child_id) as child_id,
           coalesce(l.contract_id, e.contract_id) as contract_id,
           coalesce(l.organization_id, e.organization_id) as organization_id,
           e.amount as expected_amount, l.id as payment_id, l.amount as actual_amount, l.status,
           l.cas_payment_number, l.icm_order_number, l.request_status
    from support_expected e
    full join support_lines l on l.support_request_id = e.support_request_id and l.service_month = e.service_month
  ),
  base_expected as (
    select pl.id as placement_id, pl.child_id, pl.contract_id, c.organization_id, pl.status as placement_status,
           c.monthly_base_amount as amount, m.month::date as service_month
    from placements pl
    join contracts c on c.id = pl.contract_id
    cross join lateral generate_series(
      date_trunc('month', greatest(pl.start_date, c.start_date)),
      date_trunc('month', least(pl.end_date, c.end_date, ${query.today}::date)),
      interval '1 month') as m(month)
    where ${onlyRequests} and pl.status <> 'planned' and c.monthly_base_amount > 0
      and ${placements('pl.id')} and ${organization('c.organization_id')} and ${window('m.month::date')}
  ),
  base_lines as (
    select p.*, c.organization_id, pl.child_id
    from payments p
    join contracts c on c.id = p.contract_id
    left join placements pl on pl.id = p.placement_id
    where ${onlyRequests} and p.kind = 'base' and p.status <> 'cancelled' and ${payments('p.id')}
      and ${organization('c.organization_id')} and ${window('p.service_month')}
  ),
  base_matches as (
    select coalesce(e.placement_id, l.placement_id) as placement_id,
           coalesce(e.service_month, l.service_month) as service_month,
           coalesce(e.child_id, l.child_id) as child_id,
           coalesce(l.contract_id, e.contract_id) as contract_id,
           coalesce(l.organization_id, e.organization_id) as organization_id,
           e.placement_status, e.amount as expected_amount, l.id as payment_id, l.amount as actual_amount, l.status,
           l.cas_payment_number, l.icm_order_number
    from base_expected e
    full join base_lines l on l.placement_id = e.placement_id and l.service_month = e.service_month
  )`;
}

function gapRow(columns: {
  gap: ReconciliationGap;
  key: Sql;
  kind: Sql;
  detail: Sql;
  support_request_id?: Sql;
}): Sql {
  return sql`select ${columns.gap}::text as gap, (${columns.kind})::text as kind, service_month, organization_id, contract_id,
    placement_id, child_id, (${columns.support_request_id ?? trusted('support_request_id')})::bigint as support_request_id,
    payment_id, expected_amount, actual_amount, (${columns.detail})::text as detail,
    ${columns.gap}::text || ':' || (${columns.kind})::text || ':' || (${columns.key})::text || ':' || service_month as id`;
}

/** Every gap of the query, one row each with the columns of ReconciliationGapRow (names aside). */
export function gapsSql(knex: Knex, query: GapQuery): Sql {
  // Nothing asked for (`filter={"kind":[]}`): no rows, in the columns the list and report read.
  const none = !query.gaps.length || !query.kinds.length;
  const wanted = (gap: ReconciliationGap) => (none ? gap === 'missing' : query.gaps.includes(gap));
  const parts: Sql[] = [];
  if (wanted('missing')) {
    parts.push(sql`${gapRow({ gap: 'missing', kind: trusted('kind'), key: sql`'request-' || support_request_id`, detail: sql`'No payment for this month'` })}
      from support_matches where payment_id is null`);
    parts.push(sql`${gapRow({ gap: 'missing', kind: sql`'base'`, key: sql`'placement-' || placement_id`, detail: sql`'No base payment for this month'`, support_request_id: trusted('null') })}
      from base_matches where payment_id is null and placement_status <> 'interrupted'`);
  }
  if (wanted('extra')) {
    parts.push(sql`${gapRow({
      gap: 'extra',
      kind: trusted('kind'),
      key: trusted('payment_id'),
      detail: sql`case when request_status <> 'approved' then 'A payment of a request that is ' || request_status
                       else 'No payment is expected for this month of the request' end`,
    })}
      from support_matches where expected_amount is null`);
    parts.push(sql`${gapRow({
      gap: 'extra',
      kind: sql`'base'`,
      key: trusted('payment_id'),
      detail: sql`'No base payment is expected for this placement and month'`,
      support_request_id: trusted('null'),
    })}
      from base_matches where expected_amount is null`);
  }
  if (wanted('amount_differs')) {
    parts.push(sql`${gapRow({ gap: 'amount_differs', kind: trusted('kind'), key: trusted('payment_id'), detail: sql`'The amount is not the request''s'` })}
      from support_matches where payment_id is not null and expected_amount is not null and actual_amount <> expected_amount`);
    parts.push(sql`${gapRow({ gap: 'amount_differs', kind: sql`'base'`, key: trusted('payment_id'), detail: sql`'The amount is not the contract''s monthly base amount'`, support_request_id: trusted('null') })}
      from base_matches where payment_id is not null and expected_amount is not null and actual_amount <> expected_amount`);
  }
  if (wanted('duplicate')) {
    parts.push(sql`${gapRow({
      gap: 'duplicate',
      kind: trusted('kind'),
      key: trusted('payment_id'),
      detail: sql`'Repeats payment ' || original_payment_id || ' of request ' || original_request_id`,
    })}
      from (
        select m.*, first.id as original_payment_id, first.support_request_id as original_request_id
        from support_matches m
        join support_requests sr on sr.id = m.support_request_id
        cross join lateral (
          select p.id, p.support_request_id from payments p
          join support_requests other on other.id = p.support_request_id
          where p.placement_id = m.placement_id and p.kind = m.kind and p.service_month = m.service_month
            and p.amount = m.actual_amount and p.status <> 'cancelled' and p.id < m.payment_id
            and p.support_request_id <> m.support_request_id and other.status = 'approved'
            and other.type_code = sr.type_code and other.sub_type_code is not distinct from sr.sub_type_code
          order by p.id limit 1) first
        where m.payment_id is not null and m.request_status = 'approved'
      ) repeated`);
  }
  if (wanted('paid_without_numbers')) {
    const paid = (matches: 'support_matches' | 'base_matches') =>
      sql`${gapRow({
        gap: 'paid_without_numbers',
        kind: matches === 'base_matches' ? sql`'base'` : trusted('kind'),
        key: trusted('payment_id'),
        detail: sql`case when ${NO_NUMBER('cas_payment_number')} and ${NO_NUMBER('icm_order_number')} then 'Paid without its CAS payment and ICM order numbers'
                         when ${NO_NUMBER('cas_payment_number')} then 'Paid without its CAS payment number'
                         else 'Paid without its ICM order number' end`,
        support_request_id: matches === 'base_matches' ? trusted('null') : undefined,
      })}
      from ${trusted(matches)} where status = 'paid' and (${NO_NUMBER('cas_payment_number')} or ${NO_NUMBER('icm_order_number')})`;
    parts.push(paid('support_matches'), paid('base_matches'));
  }
  const kinds = none ? trusted('false') : sql`found.kind in (${joinSql(query.kinds.map((kind) => sql`${kind}`), ', ')})`;
  return sql`with ${matchesSql(knex, query)}
    select * from (${joinSql(parts, '\n  union all\n')}) found where ${kinds}`;
}
