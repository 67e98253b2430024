import type { PoolClient } from 'pg';
import { activeByOrganizationSql, activeSeriesSql } from '../server/reports/activePlans';
import { cspMeasuresBindings, cspMeasuresStatements } from '../server/reports/cspMeasures';
import { GROUP_SETTINGS } from '../server/reports/concurrent';
import { paymentMonthsSql } from '../server/reports/paymentSummary';
import { buckets } from '../server/reports/period';
import { referralSourcesSql } from '../server/reports/referralSources';
import { bucketsJson } from '../server/reports/types';
import { longestWaitsSql } from '../server/reports/definitions';
import { HISTOGRAM_BUCKETS, waitStatisticsSql } from '../server/reports/waitTimes';
import { PRIORITIES } from '../contract/enums';
import { CONTRACTS_FIRST_PAGE_ROWS, WAITING_FIRST_PAGE_ROWS } from '../contract/reports';
import { forgetReportAnswers, loadNow, median, type BenchContext } from './setup';

/**
 * Each report endpoint (HTTP, signed in as a ministry manager: every organisation, fiscal year
 * 2025, monthly series) against the same numbers computed by the best SQL we have for them,
 * sent straight through a bare pg pool with the same concurrency (groups of statements on
 * separate connections) and planner settings, and no layer of ours: no HTTP, sign-in, scope,
 * audit row or JSON shaping. The ratio is what our layers cost.
 */
const FROM = '2025-04-01';
const TO = '2026-03-31';
const PERIOD = `from=${FROM}&to=${TO}&group=month`;

export interface ReportResult {
  name: string;
  endpoint_ms: number;
  sql_ms: number;
  ratio: number;
  target: string;
  met: boolean;
  runs: number;
  endpoint_runs_ms: number[];
  sql_runs_ms: number[];
  load: number;
}

type Statement = { sql: string; values: unknown[] };
/** Groups of statements; each group runs on one connection, the groups side by side. */
type Plan = { groups: Statement[][]; settings: string[] };

function native(ctx: BenchContext, sql: string, bindings: Record<string, unknown>): Statement {
  const compiled = ctx.knex.raw(sql, bindings).toSQL().toNative();
  return { sql: compiled.sql, values: [...compiled.bindings] };
}

const GROUP = [GROUP_SETTINGS];

/** Active plans for all organisations and for the one with the most plans: the bench's two cases of issue 16's target. */
function activePlansPlan(ctx: BenchContext, organizationId: number | null): Plan {
  const monthly = buckets(FROM, TO, 'month');
  return {
    groups: [
      [native(ctx, activeSeriesSql(organizationId, monthly.length), { ends: JSON.stringify(monthly.map((b) => b.end)), organization_id: organizationId })],
      [native(ctx, activeByOrganizationSql(organizationId), { ends: JSON.stringify([TO]), organization_id: organizationId })],
    ],
    settings: GROUP,
  };
}

/** The CSP measures' one-shot statements on the base tables (no rollup), for all organisations or one. */
function cspMeasuresPlan(ctx: BenchContext, organizationId: number | null): Plan {
  const csp = cspMeasuresBindings({ from: FROM, to: TO, organization_id: organizationId });
  return { groups: cspMeasuresStatements(organizationId).map((group) => group.map((sql) => native(ctx, sql, csp))), settings: GROUP };
}

/**
 * The children waiting on `to` from the base tables (definitions.ts `longestWaitsSql`): how many,
 * and the first page of them in the report's order with the names of that page — the numbers the
 * report answers as `waiting_total` and `waiting`, in one statement that reads the waits once.
 */
function waitingFirstPageSql(organizationId: number | null): string {
  return `
with w as materialized (${longestWaitsSql(':to', organizationId)})
select t.total, p.*
from (select count(*)::int as total from w) t
left join lateral (
  select w.child_id::int as child_id, (select concat_ws(' ', c.first_name, c.last_name) from children c where c.id = w.child_id) as child_name,
         (:to::date - w.referral_date)::int as days_waited, pr.priority, pr.priority_reason
  from w
  join referral_children pr on pr.referral_id = w.referral_id and pr.child_id = w.child_id
  order by array_position(array[${PRIORITIES.map((p) => `'${p}'`).join(', ')}], pr.priority), days_waited desc, child_id
  limit ${WAITING_FIRST_PAGE_ROWS}
) p on true`;
}

/**
 * Every contract's sums over the period's service months from `payments` (cancelled payments in
 * `cancelled` and `payment_count` only): how many contracts, and the first page of them in the
 * report's order (organisation name, contract number) — the report's `contracts_total` and
 * `contracts`, written here by hand.
 */
const CONTRACTS_FIRST_PAGE_SQL = `
with totals as materialized (
  select p.contract_id,
         coalesce(sum(p.amount) filter (where p.kind = 'base' and p.status <> 'cancelled'), 0)::float8 as base,
         coalesce(sum(p.amount) filter (where p.kind = 'support' and p.status <> 'cancelled'), 0)::float8 as support,
         coalesce(sum(p.amount) filter (where p.kind = 'transition_in' and p.status <> 'cancelled'), 0)::float8 as transition_in,
         coalesce(sum(p.amount) filter (where p.status = 'paid'), 0)::float8 as paid,
         coalesce(sum(p.amount) filter (where p.status = 'scheduled'), 0)::float8 as scheduled,
         coalesce(sum(p.amount) filter (where p.status = 'cancelled'), 0)::float8 as cancelled,
         coalesce(sum(p.amount) filter (where p.status <> 'cancelled'), 0)::float8 as total,
         count(*)::int as payment_count
  from payments p
  where p.service_month between date_trunc('month', :from::date)::date and :to::date
  group by p.contract_id
)
select n.contracts, page.*
from (select count(*)::int as contracts from totals) n
left join lateral (
  select c.id::int as contract_id, c.contract_number, c.organization_id::int as organization_id, o.name as organization_name,
         t.base, t.support, t.transition_in, t.paid, t.scheduled, t.cancelled, t.total, t.payment_count
  from totals t
  join contracts c on c.id = t.contract_id
  join organizations o on o.id = c.organization_id
  order by o.name, c.contract_number
  limit ${CONTRACTS_FIRST_PAGE_ROWS}
) page on true`;

/** Wait times on the base tables: the statistics, and beside them the children waiting. */
function waitTimesPlan(ctx: BenchContext, organizationId: number | null): Plan {
  const waits = { from: FROM, to: TO, organization_id: organizationId, buckets: bucketsJson(buckets(FROM, TO, 'month')), histogram: JSON.stringify(HISTOGRAM_BUCKETS) };
  return {
    groups: [
      [native(ctx, waitStatisticsSql(organizationId), waits)],
      [native(ctx, waitingFirstPageSql(organizationId), waits)],
    ],
    settings: GROUP,
  };
}

function plans(ctx: BenchContext, largestOrganization: number): Record<string, Plan> {
  const monthly = buckets(FROM, TO, 'month');
  return {
    'csp-measures': cspMeasuresPlan(ctx, null),
    [`csp-measures@${largestOrganization}`]: cspMeasuresPlan(ctx, largestOrganization),
    'referral-sources': {
      groups: [[native(ctx, referralSourcesSql(null), { buckets: bucketsJson(monthly), organization_id: null })]],
      settings: [],
    },
    'wait-times': waitTimesPlan(ctx, null),
    [`wait-times@${largestOrganization}`]: waitTimesPlan(ctx, largestOrganization),
    'active-plans': activePlansPlan(ctx, null),
    [`active-plans@${largestOrganization}`]: activePlansPlan(ctx, largestOrganization),
    'payment-summary': {
      groups: [
        [native(ctx, paymentMonthsSql(null), { from: FROM, to: TO, organization_id: null })],
        [native(ctx, CONTRACTS_FIRST_PAGE_SQL, { from: FROM, to: TO })],
      ],
      settings: [],
    },
  };
}

async function runPlan(ctx: BenchContext, plan: Plan): Promise<unknown[][]> {
  const results = await Promise.all(
    plan.groups.map(async (group) => {
      const client: PoolClient = await ctx.pool.connect();
      try {
        if (plan.settings.length) await client.query('begin');
        for (const setting of plan.settings) await client.query(setting);
        const rows: unknown[][] = [];
        for (const statement of group) rows.push((await client.query(statement.sql, statement.values)).rows);
        if (plan.settings.length) await client.query('commit');
        return rows;
      } finally {
        client.release();
      }
    }),
  );
  return results.flat();
}

export const REPORT_NAMES = ['csp-measures', 'referral-sources', 'wait-times', 'active-plans', 'payment-summary'];

/** `name` is a report's, or `<report>@<organisation id>` for that organisation only. */
export async function callEndpoint(ctx: BenchContext, name: string): Promise<unknown> {
  const [report, organizationId] = name.split('@');
  const response = await fetch(`${ctx.baseUrl}/api/reports/${report}?${PERIOD}${organizationId ? `&organization_id=${organizationId}` : ''}`, {
    headers: { authorization: `Bearer ${ctx.tokens.manager}` },
  });
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

export async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = process.hrtime.bigint();
  const value = await work();
  return [Number(process.hrtime.bigint() - started) / 1e6, value];
}

/** The CSP measures must be the same numbers both ways. */
function checkCspNumbers(endpoint: any, sqlRows: unknown[][]): void {
  const values = Object.assign({}, ...sqlRows.map((rows) => rows[0] as object)) as Record<string, unknown>;
  for (const measure of endpoint.measures as { key: string; value: unknown }[]) {
    if (values[measure.key] !== measure.value) {
      throw new Error(`csp-measures: ${measure.key} is ${String(measure.value)} by the endpoint, ${String(values[measure.key])} by SQL`);
    }
  }
}

/**
 * The reports the endpoint answers from the rollups at this period (docs/reports.md "Rollups"),
 * against the one-shot SQL on the base tables: issue 16's target, and the same totals both ways.
 */
const FROM_ROLLUPS: Record<string, (endpoint: any, sqlRows: unknown[][]) => [number, number]> = {
  'referral-sources': (endpoint, sqlRows) => [endpoint.totals.total, (sqlRows[0] as { referrals: number }[]).reduce((n, r) => n + r.referrals, 0)],
  // the initiations, the children waiting, and the first page of them (the same children in the same order)
  'wait-times': (endpoint, sqlRows) => {
    const page = (rows: { child_id: number; days_waited: number }[]) => rows.map((r) => `${r.child_id}:${r.days_waited}`).join(',');
    const waiting = sqlRows[1] as { total: number; child_id: number; days_waited: number }[];
    if (page(endpoint.waiting) !== page(waiting.filter((r) => r.child_id !== null))) throw new Error(`wait-times: the first page of the children waiting differs from the base tables' SQL`);
    return [
      endpoint.summary.count + endpoint.waiting_total,
      ((sqlRows[0] as { part: string; count: number }[]).find((r) => r.part === 'summary')?.count ?? 0) + waiting[0].total,
    ];
  },
  // every point's total and every organisation's, both ways
  'active-plans': (endpoint, sqlRows) => activePlansTotals(endpoint, sqlRows),
  // the contracts and the first page of them (the same contracts in the same order, with the same payments)
  'payment-summary': (endpoint, sqlRows) => {
    const page = (rows: { contract_id: number; payment_count: number }[]) => rows.map((r) => `${r.contract_id}:${r.payment_count}`).join(',');
    const contracts = sqlRows[1] as { contracts: number; contract_id: number; payment_count: number }[];
    if (page(endpoint.contracts) !== page(contracts.filter((r) => r.contract_id !== null))) throw new Error(`payment-summary: the first page of the contracts differs from the base tables' SQL`);
    return [endpoint.contracts_total, contracts[0].contracts];
  },
};

function activePlansTotals(endpoint: any, sqlRows: unknown[][]): [number, number] {
  const sum = (values: number[]) => values.reduce((n, v) => n + v, 0);
  const series = sqlRows[0][0] as Record<string, number>;
  return [
    sum([...(endpoint.series as { total: number }[]).map((p) => p.total), ...(endpoint.by_organization as { total: number }[]).map((o) => o.total)]),
    sum([...Object.entries(series).filter(([key]) => key.startsWith('total_')).map(([, v]) => v), ...(sqlRows[1] as { total: number }[]).map((o) => o.total)]),
  ];
}

function checkRollupNumbers(name: string, endpoint: unknown, sqlRows: unknown[][]): void {
  const [ours, theirs] = FROM_ROLLUPS[name.split('@')[0]](endpoint, sqlRows);
  if (ours !== theirs) throw new Error(`${name}: ${ours} counted from the rollups, ${theirs} by the base tables' SQL`);
}

async function largestOrganization(ctx: BenchContext): Promise<number> {
  const row = await ctx.knex('service_plans').select('organization_id').count('* as n').groupBy('organization_id').orderBy([{ column: 'n', order: 'desc' }, 'organization_id']).first();
  return Number(row?.organization_id);
}

export async function benchReports(ctx: BenchContext, rounds: number, log: (line: string) => void): Promise<ReportResult[]> {
  const results: ReportResult[] = [];
  for (const [name, plan] of Object.entries(plans(ctx, await largestOrganization(ctx)))) {
    // One warm-up of each, then alternate so both see the same cache and machine load.
    const endpointBody = await callEndpoint(ctx, name);
    const sqlRows = await runPlan(ctx, plan);
    const report = name.split('@')[0];
    if (report === 'csp-measures') checkCspNumbers(endpointBody, sqlRows);
    // the CSP measures read some rollups (docs/reports.md "CSP measures from the rollups"): issue 16's target too
    const fromRollups = report in FROM_ROLLUPS || report === 'csp-measures';
    if (report in FROM_ROLLUPS) checkRollupNumbers(name, endpointBody, sqlRows);
    const endpointRuns: number[] = [];
    const sqlRuns: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      await forgetReportAnswers(ctx);
      endpointRuns.push((await timed(() => callEndpoint(ctx, name)))[0]);
      sqlRuns.push((await timed(() => runPlan(ctx, plan)))[0]);
    }
    const endpoint = median(endpointRuns);
    const sql = median(sqlRuns);
    const ratio = endpoint / sql;
    results.push({
      name,
      endpoint_ms: round(endpoint),
      sql_ms: round(sql),
      ratio: round(ratio, 2),
      target: fromRollups ? '≤ 0.2×, < 150 ms (rollups)' : '≤ 1.3×',
      met: fromRollups ? ratio <= 0.2 && endpoint < 150 : ratio <= 1.3,
      runs: rounds,
      endpoint_runs_ms: endpointRuns.map((v) => round(v)),
      sql_runs_ms: sqlRuns.map((v) => round(v)),
      load: loadNow(),
    });
    log(`  ${name}: endpoint ${round(endpoint)} ms, SQL ${round(sql)} ms, ${round(ratio, 2)}×; load ${loadNow()}`);
  }
  return results;
}

export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
