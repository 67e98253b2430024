import type { Knex } from 'knex';
import { runConcurrently } from './concurrent';
import { bucketsJson, type ReportDefinition, type ReportInput } from './types';
import { firstInitiationsCte, waitingOn } from './definitions';
import type { WaitStatistics, WaitTimesResult } from '../../contract/reports';

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
 * `waiting` lists the children counted in `waiting_total` at `to` (same definition), each
 * once with its longest wait: days from the earliest such referral's date to `to`.
 */
export const HISTOGRAM_BUCKETS: readonly { bucket: string; min_days: number; max_days: number | null }[] = [
  { bucket: '0-30', min_days: 0, max_days: 30 },
  { bucket: '31-60', min_days: 31, max_days: 60 },
  { bucket: '61-90', min_days: 61, max_days: 90 },
  { bucket: '91-180', min_days: 91, max_days: 180 },
  { bucket: '181-365', min_days: 181, max_days: 365 },
  { bucket: '366+', min_days: 366, max_days: null },
];

/** The waits of the period's initiations, one row per child, with the bucket of its initiation. */
function initiationWaitsCte(organizationId: number | null): string {
  return `
${firstInitiationsCte(organizationId)},
waits as (
  select fi.initiated_on, fi.initiated_on - r.referral_date as days
  from first_initiations fi
  join referrals r on r.id = fi.referral_id
)`;
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

/** Children waiting at :to, as `waiting_total` of the CSP measures counts them. */
export function waitingNowSql(organizationId: number | null): string {
  return `
select * from (
select distinct on (w.child_id)
       w.child_id::int as child_id,
       concat_ws(' ', c.first_name, c.last_name) as child_name,
       w.referral_id::int as referral_id,
       w.referral_date,
       w.organization_id::int as organization_id,
       (:to::date - w.referral_date)::int as days_waited
from (${waitingOn(':to', organizationId)}) w
join children c on c.id = w.child_id
order by w.child_id, w.referral_date, w.referral_id
) longest_waits
order by days_waited desc, child_id`;
}

export async function waitTimes(knex: Knex, input: ReportInput): Promise<WaitTimesResult> {
  const bindings = {
    from: input.from,
    to: input.to,
    organization_id: input.organization_id,
    buckets: bucketsJson(input.buckets),
    histogram: JSON.stringify(HISTOGRAM_BUCKETS),
  };
  type StatisticsRow = { part: 'summary' | 'series' | 'histogram'; key: string } & WaitStatistics;
  const [statistics, waiting] = await runConcurrently<Record<string, unknown>>(
    knex,
    [[waitStatisticsSql(input.organization_id)], [waitingNowSql(input.organization_id)]],
    bindings,
  );
  const rows = statistics as unknown as StatisticsRow[];
  const seriesByPeriod = new Map(rows.filter((r) => r.part === 'series').map((row) => [row.key, row]));
  const histogramCounts = new Map(rows.filter((r) => r.part === 'histogram').map((row) => [row.key, row.count]));
  const summary = rows.find((r) => r.part === 'summary');
  return {
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
    waiting: waiting as WaitTimesResult['waiting'],
  };
}

export const waitTimesReport: ReportDefinition<WaitTimesResult> = {
  name: 'wait-times',
  title: 'Wait times',
  run: waitTimes,
  tables: {
    summary: (result) => ({
      columns: [
        { key: 'count', header: 'Initiations' },
        { key: 'mean', header: 'Mean days' },
        { key: 'median', header: 'Median days' },
        { key: 'p90', header: '90th percentile days' },
      ],
      rows: [result.summary],
    }),
    series: (result) => ({
      columns: [
        { key: 'period', header: 'Period' },
        { key: 'label', header: 'Label' },
        { key: 'count', header: 'Initiations' },
        { key: 'mean', header: 'Mean days' },
        { key: 'median', header: 'Median days' },
        { key: 'p90', header: '90th percentile days' },
      ],
      rows: result.series,
    }),
    histogram: (result) => ({
      columns: [
        { key: 'bucket', header: 'Days waited' },
        { key: 'min_days', header: 'From (days)' },
        { key: 'max_days', header: 'To (days)' },
        { key: 'count', header: 'Children' },
      ],
      rows: result.histogram,
    }),
    waiting: (result) => ({
      columns: [
        { key: 'child_id', header: 'Child ID' },
        { key: 'child_name', header: 'Child' },
        { key: 'referral_id', header: 'Referral ID' },
        { key: 'referral_date', header: 'Referral date' },
        { key: 'organization_id', header: 'Organisation ID' },
        { key: 'days_waited', header: 'Days waited' },
      ],
      rows: result.waiting,
    }),
  },
};
