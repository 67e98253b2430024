import type { Knex } from 'knex';
import { runConcurrently } from './concurrent';
import { activityWindowStart, latestCspActivity } from './definitions';
import { ACTIVE_PLANS_KEYS, ACTIVE_PLANS_PROGRAMS, type ActivePlansResult } from '../../contract/reports';
import { ValidationError } from '../errors';
import { say } from '../messages';
import { periodBucket } from './explain';
import { rollupsAnswer } from './rollups';
import { scopeFilter, type VisibleRecords } from './reportScope';
import { gridCounts } from './suppression';
import { arrayOf, DATE, ID, INTEGER, nullable, object, sameFor, STRING, type Schema } from '../openapi/schemas';
import { countedOn, organizationFilter, SERIES_POINT, type ExplainedFigure, type ExplainInput, type ReportDefinition, type ReportInput } from './types';

/**
 * Active plans (dashboard): children with an active plan at the end of each month (or fiscal
 * quarter) of the period — `to` itself for a last month that `to` cuts short — by programme,
 * and per organisation at `to`. Points in time after today have no numbers yet: a month that
 * has not ended is counted on today (its `month_end` says so), a month not yet begun has null
 * counts, and the organisations are counted on the earlier of `to` and today.
 *
 * - CSP: the plan is active on E as docs/domain.md defines it (initiated on or before E, not closed
 *   before E, and some CSP activity — `initiated_on` or a service activity — after
 *   `(E - interval '6 months')::date` and on or before E).
 * - SHSS: the plan is in service on E: `approved_on` ≤ E and (`closed_on` is null or
 *   `closed_on` > E) — approved, and not yet closed that day.
 *
 * Each child counts once per programme; `total` counts each child once whatever its plans, so
 * a child with both a CSP and an SHSS plan adds one to each programme and one to `total`.
 * The SHSS plans counted are those the caller sees (reportScope.ts); the CSP plans are the
 * organisation's, which every organisation role sees. A caller who sees every plan of the
 * organisation is answered from rollup_active_plans (rollups.ts; `activeSeriesRollupSql`
 * below), anyone else from these base statements, which are also the bench's baseline.
 */
/**
 * Points in time are bits: bit i of a 64-bit mask stands for point i (at most 62 points per
 * query; longer series are cut into chunks). With the points' dates `e` sorted and their
 * windows' starts `w` = `(e - interval '6 months')::date` (sorted too), `width_bucket(x - 1,
 * e)` counts the points before x, so these masks are a few integer operations per row:
 *   before(x)       points E < x                      (1 << #(e < x)) − 1
 *   on_or_after(x)  points E ≥ x                      all & ~before(x)
 *   act(d)          points E with E − 6 months < d ≤ E  before'(d) over w, & ~before(d)
 * A plan's mask is then its initiation's and its activities' act (bit_or), cut to the points
 * where it is open; a child's mask the bit_or of its plans'; a point's count the children
 * whose bit is set. One pass over the period's activities, instead of one search per plan and
 * point.
 */
export const MAX_POINTS_PER_QUERY = 62;

const before = (x: string) => `((1::bigint << width_bucket(${x} - 1, pp.e)) - 1)`;
const onOrAfter = (x: string) => `(pp.all_points & ~${before(x)})`;
const act = (d: string) => `(((1::bigint << width_bucket(${d} - 1, pp.w)) - 1) & ~${before(d)})`;

/**
 * One plan's activities in the window, by (service_plan_id, activity_date): for one
 * organisation the plans drive, instead of every activity of the window aggregated (47 % of
 * all organisations' cost for one of them at a million children, issue 16); for all, one pass
 * over the window (`activity_masks`) is cheaper than a probe per plan.
 */
const ACTIVITIES_OF_PLAN = `(select bit_or(${act('a.activity_date')}) from service_activities a
            where a.service_plan_id = p.id and a.activity_date > pp.w[1] and a.activity_date <= pp.e[cardinality(pp.e)])`;

function activeMasksSql(organizationId: number | null, byOrganization: boolean, endsParam: string, records?: VisibleRecords | null): string {
  const planOrg = organizationFilter('p.organization_id', organizationId);
  const key = byOrganization ? 'organization_id, child_id' : 'child_id';
  return `
with pp as materialized (
  select e, array(select ${activityWindowStart('x')} from unnest(e) x) as w,
         (1::bigint << cardinality(e)) - 1 as all_points
  from (select array(select value::date from jsonb_array_elements_text(:${endsParam}::jsonb) with ordinality order by ordinality) as e) points
),
${
  organizationId === null
    ? `activity_masks as (
  select a.service_plan_id, bit_or(${act('a.activity_date')}) as act
  from service_activities a
  cross join pp
  where a.activity_date > pp.w[1] and a.activity_date <= pp.e[cardinality(pp.e)]
  group by a.service_plan_id
),`
    : ''
}
plan_masks as (
  -- CSP: initiated on or before E, not closed before E (closed_on ≥ E), and some CSP activity
  -- (the initiation or a service activity) in (E − 6 months, E].
  select p.organization_id, p.child_id,
         (coalesce(${organizationId === null ? 'am.act' : ACTIVITIES_OF_PLAN}, 0) | ${act('p.initiated_on')}) & ${onOrAfter('p.initiated_on')}
           & coalesce(${before('(p.closed_on + 1)')}, pp.all_points) as csp,
         0::bigint as shss
  from service_plans p
  cross join pp
  ${organizationId === null ? 'left join activity_masks am on am.service_plan_id = p.id' : ''}
  where p.program = 'CSP' and p.initiated_on <= pp.e[cardinality(pp.e)]
    and (p.closed_on is null or p.closed_on >= pp.e[1]) ${planOrg}
  union all
  -- SHSS: approved on or before E and not closed on or before E (closed_on > E).
  select p.organization_id, p.child_id, 0::bigint,
         ${onOrAfter('p.approved_on')} & coalesce(${before('p.closed_on')}, pp.all_points)
  from service_plans p
  cross join pp
  where p.program = 'SHSS' and p.approved_on <= pp.e[cardinality(pp.e)]
    and (p.closed_on is null or p.closed_on > pp.e[1]) ${planOrg} ${scopeFilter(records, 'plans', 'p.id')}
),
child_masks as (
  select ${key}, bit_or(csp) as csp, bit_or(shss) as shss
  from plan_masks
  where csp <> 0 or shss <> 0
  group by ${key}
)`;
}

/** One count column per point and programme: sum of that point's bit over the children. */
function countColumns(points: number): string {
  const columns: string[] = [];
  for (let i = 0; i < points; i += 1) {
    columns.push(
      `sum((csp >> ${i}) & 1)::int as csp_${i}`,
      `sum((shss >> ${i}) & 1)::int as shss_${i}`,
      `sum(((csp | shss) >> ${i}) & 1)::int as total_${i}`,
    );
  }
  return columns.join(',\n       ');
}

/** The counts at the points in the JSON array bound as `endsParam`. */
export function activeSeriesSql(organizationId: number | null, points: number, endsParam = 'ends', records?: VisibleRecords | null): string {
  return `${activeMasksSql(organizationId, false, endsParam, records)}
select ${countColumns(points)}
from child_masks`;
}

export function activeByOrganizationSql(organizationId: number | null, endsParam = 'ends', records?: VisibleRecords | null): string {
  return `${activeMasksSql(organizationId, true, endsParam, records)}
select cm.organization_id::int as organization_id, o.name as organization_name,
       sum(csp & 1)::int as "CSP", sum(shss & 1)::int as "SHSS", sum((csp | shss) & 1)::int as total
from child_masks cm
join organizations o on o.id = cm.organization_id
where (csp | shss) & 1 = 1
group by cm.organization_id, o.name
order by o.name, cm.organization_id`;
}

/**
 * The same counts from rollup_active_plans (docs/reports.md "Rollups"): the count on a day is
 * the sum of the day rows up to it, for the organisation (or, with null, every organisation's
 * row, in which a child counts once), so any day is answered — a month's end, `to`, today. One
 * pass over the rows up to the last point: each row is added to the first point on or after
 * its day (`width_bucket` over the sorted points, as above), then the points' sums run on.
 */
function activeSeriesRollupSql(organizationId: number | null, endsParam: string): string {
  const scope = organizationId === null ? 'r.organization_id is null' : 'r.organization_id = :organization_id';
  return `
with pp as materialized (
  select array(select value::date from jsonb_array_elements_text(:${endsParam}::jsonb) with ordinality order by ordinality) as e
),
changes as (
  select width_bucket(r.day - 1, pp.e) + 1 as point, sum(r.csp) as csp, sum(r.shss) as shss, sum(r.total) as total
  from rollup_active_plans r
  cross join pp
  where ${scope} and r.day <= pp.e[cardinality(pp.e)]
  group by 1
)
select coalesce(sum(c.csp) over running, 0)::int as csp, coalesce(sum(c.shss) over running, 0)::int as shss,
       coalesce(sum(c.total) over running, 0)::int as total
from pp
cross join generate_series(1, cardinality(pp.e)) p (point)
left join changes c on c.point = p.point
window running as (order by p.point)
order by p.point`;
}

/** At the one point of `endsParam`: every month's rows before its month, and its month's days up to it. */
function activeByOrganizationRollupSql(organizationId: number | null, endsParam: string): string {
  const organizations = `organization_id is not null ${organizationFilter('organization_id', organizationId)}`;
  return `
with point as materialized (select (:${endsParam}::jsonb ->> 0)::date as as_of)
select r.organization_id::int as organization_id, o.name as organization_name,
       sum(r.csp)::int as "CSP", sum(r.shss)::int as "SHSS", sum(r.total)::int as total
from (select organization_id, csp, shss, total from rollup_active_plan_months m, point
      where ${organizations} and m.month < date_trunc('month', point.as_of)
      union all
      select organization_id, csp, shss, total from rollup_active_plans d, point
      where ${organizations} and d.day >= date_trunc('month', point.as_of) and d.day <= point.as_of) r
join organizations o on o.id = r.organization_id
group by r.organization_id, o.name
having sum(r.total) > 0
order by o.name, r.organization_id`;
}

type Counts = { CSP: number; SHSS: number; total: number };

/** The statements (in groups for runConcurrently) and how to read the series from their rows. */
interface Statements {
  groups: string[][];
  series: (results: Record<string, unknown>[][]) => Counts[];
}

/** From the rollup: every point in one statement, one row per point. */
function rollupStatements(input: ReportInput, ends: string[], bindings: Record<string, unknown>): Statements {
  bindings.ends = JSON.stringify(ends);
  const byOrganization = activeByOrganizationRollupSql(input.organization_id, 'organization_ends');
  return {
    groups: ends.length ? [[activeSeriesRollupSql(input.organization_id, 'ends')], [byOrganization]] : [[byOrganization]],
    series: (results) => (results[0] as Record<string, number>[]).map((row) => ({ CSP: row.csp, SHSS: row.shss, total: row.total })),
  };
}

/** From the base tables: the series in chunks of at most 62 points, one row per chunk. */
function baseStatements(input: ReportInput, ends: string[], bindings: Record<string, unknown>): Statements {
  const chunks: string[][] = [];
  for (let start = 0; start < ends.length; start += MAX_POINTS_PER_QUERY) chunks.push(ends.slice(start, start + MAX_POINTS_PER_QUERY));
  const seriesStatements = chunks.map((chunk, i) => {
    bindings[`ends_${i}`] = JSON.stringify(chunk);
    return activeSeriesSql(input.organization_id, chunk.length, `ends_${i}`, input.records);
  });
  const byOrganizationStatement = activeByOrganizationSql(input.organization_id, 'organization_ends', input.records);
  return {
    groups: seriesStatements.length ? [seriesStatements, [byOrganizationStatement]] : [[byOrganizationStatement]],
    series: (results) =>
      chunks.flatMap((chunk, c) => {
        const row = results[c][0] as Record<string, number | null>;
        return chunk.map((_, i) => ({ CSP: row[`csp_${i}`] ?? 0, SHSS: row[`shss_${i}`] ?? 0, total: row[`total_${i}`] ?? 0 }));
      }),
  };
}

/**
 * The series and the organisations, side by side on one snapshot with the reports' settings
 * (concurrent.ts), so the two parts agree: from rollup_active_plans when it gives the same
 * numbers (rollups.ts), from the base tables otherwise.
 */
export async function activePlans(knex: Knex, input: ReportInput): Promise<ActivePlansResult> {
  const today = input.today ?? input.to;
  const counted = input.buckets.filter((b) => b.start <= today).map((b) => ({ ...b, end: b.end < today ? b.end : today }));
  const ends = counted.map((b) => b.end);
  const bindings: Record<string, unknown> = {
    organization_id: input.organization_id,
    organization_ends: JSON.stringify([input.to < today ? input.to : today]),
    ...(input.records?.bindings ?? {}),
  };
  const statements = (rollupsAnswer(input, 'days') ? rollupStatements : baseStatements)(input, ends, bindings);
  const results = await runConcurrently<Record<string, unknown>>(knex, statements.groups, bindings);
  const counts = ends.length ? statements.series(results) : [];
  const notYet = { CSP: null, SHSS: null, total: null };
  return {
    series: input.buckets.map((b, i) =>
      i < counted.length
        ? { period: b.period, label: b.label, month_end: counted[i].end, ...counts[i] }
        : { period: b.period, label: b.label, month_end: b.end, ...notYet },
    ),
    by_organization: results[results.length - 1] as unknown as ActivePlansResult['by_organization'],
  };
}

/**
 * The children counted at one point: the end of the bucket named (or the period's end), or
 * today when that is later — one row per child, its counted plans in `detail` (for `total`,
 * those of both programmes) and as `date` the latest CSP activity in the window or the SHSS
 * approval that made it count.
 */
function explainActivePlans(input: ExplainInput): ExplainedFigure {
  const today = input.today ?? input.to;
  const point = input.bucket === null ? { start: input.from, end: input.to } : periodBucket(input);
  if (point.start > today) {
    throw new ValidationError(say('explanation_parameters_invalid'), { bucket: say('field_point_after_today', { today }) });
  }
  const asOf = countedOn(point.end, today);
  const planOrg = organizationFilter('p.organization_id', input.organization_id);
  const program = input.key === 'total' ? '' : 'and program = :program';
  const who = input.key === 'total' ? 'an active CSP plan or an SHSS plan in service' : input.key === 'CSP' ? 'an active CSP plan' : 'an SHSS plan in service';
  return {
    unit: 'child',
    statistic: 'sum',
    decimals: null,
    title: `Children with ${who}`,
    definition: `Children with ${who} on ${asOf}, each once. A CSP plan is active on that day when initiated on or before it, not closed before it, with CSP activity (its initiation or a service activity) in the six months ending on it; an SHSS plan is in service when approved on or before it and not closed on or before it.`,
    as_of: asOf,
    sql: `
with on_date as (
  select p.child_id, p.id as plan_id, 'CSP' as program, ${latestCspActivity(activityWindowStart(':as_of::date'), ':as_of::date')} as date
  from service_plans p
  where p.program = 'CSP' and p.initiated_on <= :as_of::date and (p.closed_on is null or p.closed_on >= :as_of::date) ${planOrg}
  union all
  select p.child_id, p.id, 'SHSS', p.approved_on
  from service_plans p
  where p.program = 'SHSS' and p.approved_on <= :as_of::date and (p.closed_on is null or p.closed_on > :as_of::date) ${planOrg}
    ${scopeFilter(input.records, 'plans', 'p.id')}
)
select 'child' as unit, child_id as id, child_id, max(date) as date, 1 as contribution,
       string_agg(concat(program, ' plan ', plan_id,
                         case when program = 'CSP' then ' active: CSP activity on ' else ' in service since ' end, date),
                  '; ' order by program, plan_id) as detail
from on_date
where date is not null ${program}
group by child_id`,
    bindings: { as_of: asOf, program: input.key, organization_id: input.organization_id, ...(input.records?.bindings ?? {}) },
  };
}

const counts = (count: Schema) => sameFor(ACTIVE_PLANS_PROGRAMS, count);

export const activePlansReport: ReportDefinition<ActivePlansResult> = {
  name: 'active-plans',
  title: 'Active plans',
  run: activePlans,
  answer: {
    series: arrayOf(object({ ...SERIES_POINT, month_end: DATE, total: nullable(INTEGER), ...counts(nullable(INTEGER)) })),
    by_organization: arrayOf(object({ organization_id: ID, organization_name: STRING, total: INTEGER, ...counts(INTEGER) })),
  },
  explain: { keys: ACTIVE_PLANS_KEYS, figure: explainActivePlans },
  // at the period's end so far: the last point counted (none when the period has not begun)
  figures: (result) => {
    const last = result.series.filter((p) => p.total !== null).at(-1);
    return Object.fromEntries(ACTIVE_PLANS_KEYS.map((key) => [key, last?.[key] ?? null]));
  },
  tables: {
    series: (result) => ({
      columns: [
        { key: 'period', type: 'text', label: 'period' },
        { key: 'label', type: 'text', label: 'label' },
        { key: 'month_end', type: 'date', label: 'as_of' },
        { key: 'CSP', type: 'number', label: 'CSP' },
        { key: 'SHSS', type: 'number', label: 'SHSS' },
        { key: 'total', type: 'number', label: 'total' },
      ],
      rows: result.series,
      counts: gridCounts(result.series.length, { columns: ['CSP', 'SHSS'], rowTotal: 'total' }),
    }),
    by_organization: (result) => ({
      columns: [
        { key: 'organization_id', type: 'id', label: 'organization' },
        { key: 'organization_name', type: 'text', label: 'organization' },
        { key: 'CSP', type: 'number', label: 'CSP' },
        { key: 'SHSS', type: 'number', label: 'SHSS' },
        { key: 'total', type: 'number', label: 'total' },
      ],
      rows: result.by_organization,
      counts: gridCounts(result.by_organization.length, { columns: ['CSP', 'SHSS'], rowTotal: 'total' }),
    }),
  },
};
