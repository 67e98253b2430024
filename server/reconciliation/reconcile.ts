import type { Knex } from 'knex';
import type { ReconciliationGap } from '../../contract/enums';
import type { ReconciliationGapRow, ReconciliationMonth, ReconciliationReport } from '../../contract/reconciliation';
import { run, sql, trusted } from '../db/sql';
import { gapsSql, matchesSql, type GapQuery } from './gaps';

/** The gap list of a query, sorted and paged, with the names a reader needs; and its total. */
export const GAP_SORTS = ['service_month', 'gap', 'kind', 'organization_id', 'actual_amount'] as const;
export type GapSort = (typeof GAP_SORTS)[number];

const NAMES = sql`
  select g.*, o.name as organization_name, c.contract_number, ch.first_name || ' ' || ch.last_name as child_name
  from page g
  left join organizations o on o.id = g.organization_id
  left join contracts c on c.id = g.contract_id
  left join children ch on ch.id = g.child_id`;

export async function listGaps(
  knex: Knex,
  query: GapQuery,
  sort: [GapSort, 'ASC' | 'DESC'],
  range: [number, number] | null,
): Promise<{ rows: ReconciliationGapRow[]; total: number }> {
  const direction = trusted(sort[1] === 'DESC' ? 'desc' : 'asc');
  const order = sql`${trusted(sort[0])} ${direction} nulls last, service_month, gap, id`;
  const paging = range ? sql`offset ${range[0]} limit ${range[1] - range[0] + 1}` : sql``;
  const rows = await run<ReconciliationGapRow & { total: number }>(
    knex,
    sql`with gaps as (${gapsSql(knex, query)}),
        page as (select gaps.*, count(*) over () as total from gaps order by ${order} ${paging})
        ${NAMES}
        order by ${order}`,
  );
  const total = rows.length ? rows[0].total : range && range[0] > 0 ? await countGaps(knex, query) : 0;
  return { rows: rows.map(({ total: _total, ...row }) => row), total };
}

async function countGaps(knex: Knex, query: GapQuery): Promise<number> {
  const [row] = await run<{ n: number }>(knex, sql`select count(*)::int as n from (${gapsSql(knex, query)}) gaps`);
  return row.n;
}

/** The report: counts and amounts per gap and kind, and every gap. */
export async function reconciliationReport(knex: Knex, query: GapQuery): Promise<ReconciliationReport> {
  const { rows } = await listGaps(knex, query, ['service_month', 'ASC'], null);
  const summary = new Map<string, ReconciliationReport['summary'][number]>();
  for (const row of rows) {
    const key = `${row.gap}|${row.kind}`;
    const entry = summary.get(key) ?? { gap: row.gap, kind: row.kind, count: 0, expected_amount: 0, actual_amount: 0 };
    entry.count += 1;
    entry.expected_amount = cents(entry.expected_amount + (row.expected_amount ?? 0));
    entry.actual_amount = cents(entry.actual_amount + (row.actual_amount ?? 0));
    summary.set(key, entry);
  }
  return { summary: [...summary.values()], gaps: rows };
}

/** Sums of amounts exact to the cent (numeric(12,2) arrives as a double). */
function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** One request's service months (what each expects, its live line, the gaps found there) and its gaps. */
export async function requestReconciliation(knex: Knex, query: GapQuery): Promise<{ months: ReconciliationMonth[]; gaps: ReconciliationGapRow[] }> {
  const [months, { rows: gaps }] = await Promise.all([
    run<Omit<ReconciliationMonth, 'gaps'>>(
      knex,
      sql`with ${matchesSql(knex, query)}
          select service_month, expected_amount, payment_id, actual_amount, status, cas_payment_number, icm_order_number
          from support_matches order by service_month, payment_id`,
    ),
    listGaps(knex, query, ['service_month', 'ASC'], null),
  ]);
  return {
    months: months.map((month) => ({
      ...month,
      gaps: gaps.filter((g) => g.service_month === month.service_month && g.payment_id === month.payment_id).map((g) => g.gap as ReconciliationGap),
    })),
    gaps,
  };
}
