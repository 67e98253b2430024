import type { Knex } from 'knex';
import { runConcurrently } from './concurrent';
import { arrayOf, DATE, ID, INTEGER, nullable, NUMBER, object, oneOf, STRING } from '../openapi/schemas';
import { bucketsJson, countedOn, organizationFilter, SERIES_POINT, type ExplainedFigure, type ExplainInput, type ReportDefinition, type ReportInput } from './types';
import { firstInitiationsCte, INITIATION_DETAIL, INITIATION_WAITS_CTE, priorityRank, rolledUpWaitingTotalSql, waitingRowsSql } from './definitions';
import { WAIT_TIMES_KEYS, WAITING_FIRST_PAGE_ROWS, type WaitingChild, type WaitStatistics, type WaitTimesResult } from '../../contract/reports';
import { ValidationError } from '../errors';
import { say } from '../messages';
import { periodBucket } from './explain';
import { rollupsAnswer } from './rollups';
import { gridCounts } from './suppression';
import { PRIORITIES } from '../../contract/enums';
import type { ReportColumn } from '../exports/reportColumns';
import type { Bucket } from './period';
import { type DayCount, waitStatistics } from './waitStatistics';

/**
 * Wait times (dashboard), in days from a plan's referral date to its CSP initiation.
 *
 * The initiations are those of the CSP measures' `initiations_total`: each child once, at its
 * earliest CSP initiation in the period, so the series' counts add up to `initiations_total`
 * and their days to `wait_days_total`. Per month (or fiscal quarter) of initiation: count,
 * mean, median and 90th percentile — `percentile_cont`, i.e. linear interpolation between the
 * two nearest waits — each rounded to one decimal, null for a bucket without initiations;
 * `summary` gives the same four over the whole period.
 *
 * `waiting_total` counts the children of the CSP measures' `waiting_total` (same definition) on
 * `as_of` — `to`, or today when `to` is later: a wait is counted up to today, never to a future
 * date. `waiting` is the first page (WAITING_FIRST_PAGE_ROWS) of the list of those children,
 * each once with its longest wait: days from the earliest such referral's date to `as_of`,
 * with the priority the coordinator gave the child on that referral, in priority order
 * (urgent, high, routine), the longest wait first within each. The whole list is paged by
 * GET /api/reports/wait-times/waiting (server/http/waitingList.ts, `waitingPage`).
 */
export const HISTOGRAM_BUCKETS: readonly { bucket: string; min_days: number; max_days: number | null }[] = [
  { bucket: '0-30', min_days: 0, max_days: 30 },
  { bucket: '31-60', min_days: 31, max_days: 60 },
  { bucket: '61-90', min_days: 61, max_days: 90 },
  { bucket: '91-180', min_days: 91, max_days: 180 },
  { bucket: '181-365', min_days: 181, max_days: 365 },
  { bucket: '366+', min_days: 366, max_days: null },
];

/** The waits of the period's initiations, one row per child (definitions.ts). */
function initiationWaitsCte(organizationId: number | null): string {
  return `
${firstInitiationsCte(organizationId)},
${INITIATION_WAITS_CTE},
waits as (select initiated_on, days from initiation_waits where days is not null)`;
}

/**
 * Summary, series and histogram in one statement over the same waits: rows
 * `('summary', 'period', …)`, `('series', period, …)` and `('histogram', bucket, count)`.
 */
export function waitStatisticsSql(organizationId: number | null): string {
  return `
with ${initiationWaitsCte(organizationId)}
select 'summary' as part, 'period' as key,
       count(*)::int as count,
       round(avg(w.days), 1)::float8 as mean,
       round((percentile_cont(0.5) within group (order by w.days))::numeric, 1)::float8 as median,
       round((percentile_cont(0.9) within group (order by w.days))::numeric, 1)::float8 as p90
from waits w
union all
select 'series', b.period,
       count(*)::int as count,
       round(avg(w.days), 1)::float8 as mean,
       round((percentile_cont(0.5) within group (order by w.days))::numeric, 1)::float8 as median,
       round((percentile_cont(0.9) within group (order by w.days))::numeric, 1)::float8 as p90
from jsonb_to_recordset(:buckets::jsonb) as b(period text, start_date date, end_date date)
join waits w on w.initiated_on between b.start_date and b.end_date
group by b.period
union all
select 'histogram', h.bucket, count(*)::int, null, null, null
from waits w
join jsonb_to_recordset(:histogram::jsonb) as h(bucket text, min_days int, max_days int)
  on w.days >= h.min_days and (h.max_days is null or w.days <= h.max_days)
group by h.bucket`;
}

/**
 * The rollups' answer (docs/reports.md "Rollups"), a period of whole months: the distribution
 * of the waits of each child's earliest initiation in it — an initiation whose child's previous
 * one (in the organisation, for one) is in an earlier month, or that has none — one row per month
 * of initiation, `n[i]` initiations waiting `days[i]`, days ascending; `rolledUpWaitStatistics`
 * turns it into the rows of waitStatisticsSql. The key index gives the range in (month, days)
 * order, so nothing is sorted; a dozen rows of arrays, not a row per wait, because sending and
 * parsing 1,457 rows (the largest organisation's year) cost more than the statement.
 */
export function rolledUpWaitDistributionSql(organizationId: number | null): string {
  const rollup = organizationId === null ? 'rollup_initiation_waits' : 'rollup_initiation_waits_by_organization';
  return `
select d.month, array_agg(d.days order by d.days) as days, array_agg(d.n order by d.days) as n
from (
  select w.month, w.days, sum(w.initiations)::int as n
  from ${rollup} w
  where w.month between :from::date and :to::date ${organizationFilter('w.organization_id', organizationId)}
    and (w.previous_month is null or w.previous_month < :from::date) and w.initiations <> 0
  group by w.month, w.days
) d
group by d.month
order by d.month`;
}

/**
 * For one organisation, the distribution and the first page of the waiting list in one
 * statement (so one snapshot, without a transaction): the months' rows, then one row whose
 * `waiting` is the page's rows (rolledUpWaitingPageSql, in the list's order). Each part takes a
 * millisecond or two at a million children; the fan-out of runConcurrently — a transaction per
 * connection, a snapshot exported and imported, four round trips more — cost more than running
 * them side by side saved. For every organisation the page reads 100 times more rows and the
 * two still run side by side.
 */
function rolledUpOrganizationWaitTimesSql(organizationId: number): string {
  return `
with distribution as (${rolledUpWaitDistributionSql(organizationId)})
select d.month, d.days, d.n, null::json as waiting from distribution d
union all
select null, null, null, json_agg(p ${WAITING_ORDER}) from (${rolledUpWaitingPageSql(organizationId, ':as_of')}) p`;
}

type DistributionRow = { month: string; days: number[]; n: number[] };
type StatisticsRow = { part: 'summary' | 'series' | 'histogram'; key: string } & WaitStatistics;

/** The waits of `months` together, by days ascending (a month's own are so already). */
function distributionOf(months: readonly DistributionRow[]): DayCount[] {
  if (months.length === 1) return months[0].days.map((days, i) => ({ days, n: months[0].n[i] }));
  const byDays = new Map<number, number>();
  for (const month of months) month.days.forEach((days, i) => byDays.set(days, (byDays.get(days) ?? 0) + month.n[i]));
  return [...byDays].sort(([a], [b]) => a - b).map(([days, n]) => ({ days, n }));
}

/**
 * The rows of waitStatisticsSql from the distribution (waitStatistics.ts: PostgreSQL's own
 * `avg`, `percentile_cont` and `round(…, 1)`, to the last digit): the summary, a series row per
 * bucket with initiations in its months, and the histogram's counts.
 */
function rolledUpWaitStatistics(distribution: readonly DistributionRow[], periods: readonly Bucket[]): StatisticsRow[] {
  const period = distributionOf(distribution);
  const summary = { part: 'summary' as const, key: 'period', ...waitStatistics(period) };
  const series = periods.flatMap((b) => {
    const months = distribution.filter((m) => m.month >= b.start && m.month <= b.end);
    return months.length === 0 ? [] : [{ part: 'series' as const, key: b.period, ...waitStatistics(distributionOf(months)) }];
  });
  const histogram = HISTOGRAM_BUCKETS.map((h) => {
    let count = 0;
    for (const { days, n } of period) if (days >= h.min_days && (h.max_days === null || days <= h.max_days)) count += n;
    return { part: 'histogram' as const, key: h.bucket, count, mean: null, median: null, p90: null };
  });
  return [summary, ...series, ...histogram];
}

/** The `waiting` list's columns of a wait `w` on `date`, with the child's name, and its priority and reason as given. */
const waitingColumns = (date: string, childName: string, priority: string, priorityReason: string) => `
select w.child_id::int as child_id,
       ${childName} as child_name,
       w.referral_id::int as referral_id,
       w.referral_date,
       w.organization_id::int as organization_id,
       (${date}::date - w.referral_date)::int as days_waited,
       ${priority} as priority,
       ${priorityReason} as priority_reason`;

const WAITING_ORDER = `order by ${priorityRank('priority')}, days_waited desc, child_id`;

/** The rows of `rollup_csp_waits` `w` that wait on `date`: eligible and referred by then, still waiting after it. */
const waitsOn = (w: string, date: string, organizationId: number | null) =>
  `${w}.eligibility_decided_on <= ${date}::date and ${w}.referral_date <= ${date}::date ${organizationFilter(`${w}.organization_id`, organizationId)}`;

/** The 30-day period of a wait's end `end` (a date), as the index of migration 20261209100000 holds it. */
const waitEndPeriod = (end: string) => `((${end} - date '2000-01-01') / 30)`;

/**
 * The children waiting on `date` from `rollup_csp_waits` (migration 20261203110000; docs/reports.md
 * "Children waiting from the rollup"), each once with its earliest waiting referral (the lowest
 * id on a tie), in the list's order: priority, the longest wait first, child. A wait is kept
 * when no earlier wait of its child waits too (one probe by child). With `first` (an SQL
 * expression: the first rows of the list; all without it), each part is walked in the list's
 * order and stops at its `first` row instead of sorting every child waiting:
 *   - the open waits in the index of migration 20261208100000;
 *   - the waits that end after `date` (none on today, many on a past date), for every
 *     organisation, period by period of their end in the index of migration 20261209100000
 *     (`endingByPeriodSql`); for one organisation, and for the whole list, they are read and
 *     sorted (`endingSortedSql`): walking every organisation's waits to find one's would read more.
 * PostgreSQL does not merge the parts in order (no Merge Append over an expression), so each is
 * cut to `first` rows before they are sorted together. The benchmark's baseline reads the same
 * children from the base tables (definitions.ts `longestWaitsSql`).
 */
function rolledUpWaitsSql(organizationId: number | null, date: string, first?: string): string {
  const rank = priorityRank('w.priority');
  const inOrder = first === undefined ? '' : `order by ${rank}, w.referral_date, w.child_id limit ${first}`;
  const columns = `w.child_id, w.referral_id, w.referral_date, w.organization_id, w.priority, w.referral_child_id, ${rank} as priority_rank`;
  const earliestOfChild = `not exists (
        select from rollup_csp_waits e
        where e.child_id = w.child_id and (e.referral_date, e.referral_id) < (w.referral_date, w.referral_id)
          and e.waits_until > ${date}::date and ${waitsOn('e', date, organizationId)}
      )`;
  const open = `select ${columns} from rollup_csp_waits w
     where w.waits_until = 'infinity' and ${waitsOn('w', date, organizationId)} and ${earliestOfChild}
     ${inOrder}`;
  const ending = first !== undefined && organizationId === null ? endingByPeriodSql(date, columns, earliestOfChild, inOrder) : endingSortedSql(organizationId, date, columns, earliestOfChild, inOrder);
  return `
  select c.* from ((${open}) union all (${ending})) c
  order by c.priority_rank, c.referral_date, c.child_id`;
}

/**
 * The waits of every organisation that end after `date`, in the list's order, walked period by
 * period of their end from `date`'s to the latest end's: each walk starts in the list's order and
 * stops at its `first` row (`inOrder`), so a past date reads a few rows per period, not every
 * wait ended since.
 */
function endingByPeriodSql(date: string, columns: string, earliestOfChild: string, inOrder: string): string {
  return `select x.* from (select max(waits_until) as last_end from rollup_csp_waits where waits_until < 'infinity') m
     cross join generate_series(${waitEndPeriod(`${date}::date`)}, ${waitEndPeriod('m.last_end')}) p(period)
     cross join lateral (
       select ${columns} from rollup_csp_waits w
       where ${waitEndPeriod('w.waits_until')} = p.period and w.waits_until < 'infinity' and w.waits_until > ${date}::date and ${waitsOn('w', date, null)} and ${earliestOfChild}
       ${inOrder}
     ) x
     where m.last_end > ${date}::date`;
}

/**
 * The waits that end after `date`, read on their own (a materialised CTE) and then sorted:
 * planned under the sort, their overestimated count (5× on a past date) chose a parallel scan of
 * the whole table over the index.
 */
function endingSortedSql(organizationId: number | null, date: string, columns: string, earliestOfChild: string, inOrder: string): string {
  return `with ending as materialized (
       select w.child_id, w.referral_id, w.referral_date, w.organization_id, w.priority, w.referral_child_id from rollup_csp_waits w
       where w.waits_until > ${date}::date and w.waits_until < 'infinity' and ${waitsOn('w', date, organizationId)}
     )
     select ${columns} from ending w
     where ${earliestOfChild}
     ${inOrder}`;
}

/**
 * The list's columns of the rolled-up waits `w`: the name and the priority's reason are looked
 * up per row, in the list's order — one primary-key probe each, for the rows of the page only.
 */
const rolledUpWaitingColumns = (date: string) =>
  waitingColumns(
    date,
    `(select concat_ws(' ', c.first_name, c.last_name) from children c where c.id = w.child_id)`,
    'w.priority',
    `(select r.priority_reason from rollup_csp_waits r where r.referral_child_id = w.referral_child_id)`,
  );

/** Every child waiting on `date`, in the list's order, from the rollup: the list's download. */
export function rolledUpWaitingSql(organizationId: number | null, date: string): string {
  return `
${rolledUpWaitingColumns(date)}
from (${rolledUpWaitsSql(organizationId, date)}) w
${WAITING_ORDER}`;
}

/**
 * One page of the same list, rows `:waiting_offset` to `:waiting_offset + :waiting_limit − 1`,
 * each with `total`, the number of children waiting (rolledUpWaitingTotalSql: the waiting-days
 * rollup, not a count of the list); past the last page, one row of nulls with the total
 * (`waitingPageOf` reads both).
 */
export function rolledUpWaitingPageSql(organizationId: number | null, date: string): string {
  return `
select t.total, p.*
from (${rolledUpWaitingTotalSql(organizationId, date)}) t
left join lateral (
  ${rolledUpWaitingColumns(date)}
  from (${rolledUpWaitsSql(organizationId, date, '(:waiting_offset::int + :waiting_limit::int)')} limit :waiting_limit offset :waiting_offset) w
  ${WAITING_ORDER}
) p on true`;
}

export interface WaitingPage {
  total: number;
  rows: WaitingChild[];
}

function waitingPageOf(rows: Record<string, unknown>[]): WaitingPage {
  const total = (rows[0]?.total as number | undefined) ?? 0;
  return { total, rows: rows.filter((row) => row.child_id !== null).map(({ total: _total, ...row }) => row as WaitingChild) };
}

/** What a page of the waiting list is asked for: the organisation in scope and the date it is counted on. */
export type WaitingQuery = {
  organization_id: number | null;
  as_of: string;
};

/** Rows `range[0]` to `range[1]` (from 0) of the children waiting, and how many wait in all. */
export async function waitingPage(knex: Knex, query: WaitingQuery, range: [number, number]): Promise<WaitingPage> {
  const { rows } = await knex.raw(rolledUpWaitingPageSql(query.organization_id, ':as_of'), {
    ...query,
    waiting_offset: range[0],
    waiting_limit: range[1] - range[0] + 1,
  });
  return waitingPageOf(rows);
}

export async function waitTimes(knex: Knex, input: ReportInput): Promise<WaitTimesResult> {
  const bindings = {
    from: input.from,
    to: input.to,
    as_of: countedOn(input.to, input.today),
    organization_id: input.organization_id,
    buckets: bucketsJson(input.buckets),
    histogram: JSON.stringify(HISTOGRAM_BUCKETS),
    waiting_offset: 0,
    waiting_limit: WAITING_FIRST_PAGE_ROWS,
  };
  // Wait times count whole organisations for every caller (no record scope): only the period decides.
  const rolledUp = rollupsAnswer({ from: input.from, to: input.to, records: null }, 'whole months');
  let statistics: Record<string, unknown>[];
  let waiting: Record<string, unknown>[];
  if (rolledUp && input.organization_id !== null) {
    const { rows: parts } = await knex.raw<{ rows: (DistributionRow & { waiting: Record<string, unknown>[] | null })[] }>(rolledUpOrganizationWaitTimesSql(input.organization_id), bindings);
    statistics = parts.filter((part) => part.waiting === null);
    waiting = parts.find((part) => part.waiting !== null)!.waiting!;
  } else {
    const statisticsSql = rolledUp ? rolledUpWaitDistributionSql : waitStatisticsSql;
    [statistics, waiting] = await runConcurrently<Record<string, unknown>>(
      knex,
      [[statisticsSql(input.organization_id)], [rolledUpWaitingPageSql(input.organization_id, ':as_of')]],
      bindings,
    );
  }
  const rows = rolledUp ? rolledUpWaitStatistics(statistics as unknown as DistributionRow[], input.buckets) : (statistics as unknown as StatisticsRow[]);
  const seriesByPeriod = new Map(rows.filter((r) => r.part === 'series').map((row) => [row.key, row]));
  const histogramCounts = new Map(rows.filter((r) => r.part === 'histogram').map((row) => [row.key, row.count]));
  const summary = rows.find((r) => r.part === 'summary');
  const firstPage = waitingPageOf(waiting);
  return {
    as_of: bindings.as_of,
    summary: { count: summary?.count ?? 0, mean: summary?.mean ?? null, median: summary?.median ?? null, p90: summary?.p90 ?? null },
    series: input.buckets.map((b) => {
      const row = seriesByPeriod.get(b.period);
      return {
        period: b.period,
        label: b.label,
        count: row?.count ?? 0,
        mean: row?.mean ?? null,
        median: row?.median ?? null,
        p90: row?.p90 ?? null,
      };
    }),
    histogram: HISTOGRAM_BUCKETS.map((h) => ({ ...h, count: histogramCounts.get(h.bucket) ?? 0 })),
    waiting_total: firstPage.total,
    waiting: firstPage.rows,
  };
}

/**
 * The explained figures: `initiations` (the count), `mean`, `median` and `p90` of the waits —
 * one row per child initiated, in the bucket named (a month or quarter of initiation, or a
 * histogram bucket of days waited; the whole period without one), contributing 1 to the count
 * and its days to the statistics; `waiting`, one row per child waiting on `as_of`.
 */
const WAIT_STATISTICS = { initiations: 'sum', mean: 'mean', median: 'median', p90: 'p90' } as const;

function explainWaits(input: ExplainInput): ExplainedFigure {
  const common = { from: input.from, to: input.to, organization_id: input.organization_id };
  if (input.key === 'waiting') {
    if (input.bucket !== null) throw new ValidationError(say('explanation_parameters_invalid'), { bucket: say('field_waiting_point_in_time') });
    const asOf = countedOn(input.to, input.today);
    return {
      unit: 'child',
      statistic: 'sum',
      decimals: null,
      title: 'Children waiting for CSP initiation',
      definition: `Children waiting for CSP initiation on ${asOf}: eligible (decided on or before that day) on a CSP referral dated on or before it and not closed, with no CSP plan for that child and referral initiated on or before it; each child once, with its longest wait.`,
      as_of: asOf,
      sql: waitingRowsSql(input.organization_id),
      bindings: { ...common, as_of: asOf },
    };
  }
  const statistic = WAIT_STATISTICS[input.key as keyof typeof WAIT_STATISTICS];
  const histogram = HISTOGRAM_BUCKETS.find((h) => h.bucket === input.bucket);
  const { start, end } = histogram ? { start: input.from, end: input.to } : periodBucket(input);
  const days = histogram ? `and iw.days >= ${histogram.min_days} ${histogram.max_days === null ? '' : `and iw.days <= ${histogram.max_days}`}` : '';
  const figure = { initiations: 'Children initiated', mean: 'Mean days waited by the children initiated', median: 'Median days waited by the children initiated', p90: '90th percentile of the days waited by the children initiated' }[input.key as keyof typeof WAIT_STATISTICS];
  return {
    unit: 'child',
    statistic,
    decimals: statistic === 'sum' ? null : 1,
    title: figure,
    definition: `${figure} in CSP from ${start} to ${end}${histogram ? ` who waited ${histogram.bucket} days` : ''}: each child once, at its earliest CSP initiation in the period; its wait is the days from its plan's referral to that initiation${statistic === 'sum' ? '' : ' (percentiles interpolate linearly between the two nearest waits)'}.`,
    as_of: null,
    sql: `
with ${firstInitiationsCte(input.organization_id)}, ${INITIATION_WAITS_CTE}
select 'child' as unit, iw.child_id as id, iw.child_id, iw.initiated_on as date,
       ${statistic === 'sum' ? '1' : 'iw.days'} as contribution, ${INITIATION_DETAIL} as detail
from initiation_waits iw
where iw.days is not null and iw.initiated_on between :bucket_start::date and :bucket_end::date ${days}`,
    bindings: { ...common, bucket_start: start, bucket_end: end },
  };
}

/** A row of the waiting list, in the answers' schemas (contract/reports.ts `WaitingChild`). */
export const WAITING_CHILD = object({
  child_id: ID,
  child_name: STRING,
  referral_id: ID,
  referral_date: DATE,
  organization_id: ID,
  days_waited: INTEGER,
  priority: oneOf(PRIORITIES),
  priority_reason: nullable(STRING),
});

/** The waiting list's columns in its download (server/exports/reportColumns.ts). */
export const WAITING_DOWNLOAD_COLUMNS: ReportColumn[] = [
  { key: 'child_id', type: 'id', label: 'child' },
  { key: 'child_name', type: 'text', label: 'child' },
  { key: 'referral_id', type: 'id', label: 'referral' },
  { key: 'referral_date', type: 'date', label: 'referral_date' },
  { key: 'organization_id', type: 'id', label: 'organization' },
  { key: 'days_waited', type: 'number', label: 'days_waited' },
  { key: 'priority', type: 'enum', label: 'priority', enum: { values: PRIORITIES } },
  { key: 'priority_reason', type: 'text', label: 'priority_reason' },
];

const WAIT_STATISTIC_SCHEMAS = { count: INTEGER, mean: nullable(NUMBER), median: nullable(NUMBER), p90: nullable(NUMBER) };

export const waitTimesReport: ReportDefinition<WaitTimesResult> = {
  name: 'wait-times',
  title: 'Wait times',
  run: waitTimes,
  answer: {
    as_of: DATE,
    summary: object(WAIT_STATISTIC_SCHEMAS),
    series: arrayOf(object({ ...SERIES_POINT, ...WAIT_STATISTIC_SCHEMAS })),
    histogram: arrayOf(object({ bucket: STRING, min_days: INTEGER, max_days: nullable(INTEGER), count: INTEGER })),
    waiting_total: INTEGER,
    waiting: arrayOf(WAITING_CHILD),
  },
  explain: { keys: WAIT_TIMES_KEYS, figure: explainWaits },
  figures: ({ summary, waiting_total }) => ({ initiations: summary.count, mean: summary.mean, median: summary.median, p90: summary.p90, waiting: waiting_total }),
  tables: {
    summary: (result) => ({
      columns: [
        { key: 'count', type: 'number', label: 'initiations' },
        { key: 'mean', type: 'number', label: 'mean_days' },
        { key: 'median', type: 'number', label: 'median_days' },
        { key: 'p90', type: 'number', label: 'p90_days' },
      ],
      rows: [result.summary],
      counts: gridCounts(1, { columns: ['count'], dependents: ['mean', 'median', 'p90'] }),
    }),
    series: (result) => ({
      columns: [
        { key: 'period', type: 'text', label: 'period' },
        { key: 'label', type: 'text', label: 'label' },
        { key: 'count', type: 'number', label: 'initiations' },
        { key: 'mean', type: 'number', label: 'mean_days' },
        { key: 'median', type: 'number', label: 'median_days' },
        { key: 'p90', type: 'number', label: 'p90_days' },
      ],
      rows: result.series,
      counts: gridCounts(result.series.length, { columns: ['count'], dependents: ['mean', 'median', 'p90'] }),
    }),
    histogram: (result) => ({
      columns: [
        { key: 'bucket', type: 'text', label: 'days_waited' },
        { key: 'min_days', type: 'number', label: 'min_days' },
        { key: 'max_days', type: 'number', label: 'max_days' },
        { key: 'count', type: 'number', label: 'children' },
      ],
      rows: result.histogram,
      counts: gridCounts(result.histogram.length, { columns: ['count'] }),
    }),
  },
};
