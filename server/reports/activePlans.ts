import type { Knex } from 'knex';
import { organizationFilter, type ReportDefinition, type ReportInput } from './types';

/**
 * Active plans (dashboard): children with an active plan at the end of each month (or fiscal
 * quarter) of the period — `to` itself for a last month that `to` cuts short — by programme,
 * and per organisation at `to`.
 *
 * - CSP: the plan is active on E as DOMAIN.md defines it (initiated on or before E, not closed
 *   before E, and some CSP activity — `initiated_on` or a service activity — after
 *   `(E - interval '6 months')::date` and on or before E).
 * - SHSS: the plan is in service on E: `approved_on` ≤ E and (`closed_on` is null or
 *   `closed_on` > E) — approved, and not yet closed that day.
 *
 * Each child counts once per programme; `total` counts each child once whatever its plans, so
 * a child with both a CSP and an SHSS plan adds one to each programme and one to `total`.
 */
export interface ActivePlansResult {
  series: { period: string; label: string; month_end: string; CSP: number; SHSS: number; total: number }[];
  by_organization: { organization_id: number; organization_name: string; CSP: number; SHSS: number; total: number }[];
}

/** (point, child, organization, program) for every plan active on a point. */
function activeOnPointsCte(organizationId: number | null): string {
  const planOrg = organizationFilter('p.organization_id', organizationId);
  return `
points as (
  select * from jsonb_to_recordset(:points::jsonb) as pt(period text, month_end date)
),
active as (
  select pt.period, p.child_id, p.organization_id, p.program
  from points pt
  join service_plans p
    on p.program = 'CSP' and p.initiated_on <= pt.month_end
   and (p.closed_on is null or p.closed_on >= pt.month_end)
  where (
      p.initiated_on > (pt.month_end - interval '6 months')::date
      or exists (
        select 1 from service_activities a
        where a.service_plan_id = p.id
          and a.activity_date > (pt.month_end - interval '6 months')::date
          and a.activity_date <= pt.month_end
      )
    ) ${planOrg}
  union all
  select pt.period, p.child_id, p.organization_id, p.program
  from points pt
  join service_plans p
    on p.program = 'SHSS' and p.approved_on <= pt.month_end
   and (p.closed_on is null or p.closed_on > pt.month_end)
  where true ${planOrg}
)`;
}

export function activeSeriesSql(organizationId: number | null): string {
  return `
with ${activeOnPointsCte(organizationId)}
select period,
       count(distinct child_id) filter (where program = 'CSP')::int as "CSP",
       count(distinct child_id) filter (where program = 'SHSS')::int as "SHSS",
       count(distinct child_id)::int as total
from active
group by period`;
}

export function activeByOrganizationSql(organizationId: number | null): string {
  return `
with ${activeOnPointsCte(organizationId)}
select a.organization_id::int as organization_id, o.name as organization_name,
       count(distinct a.child_id) filter (where a.program = 'CSP')::int as "CSP",
       count(distinct a.child_id) filter (where a.program = 'SHSS')::int as "SHSS",
       count(distinct a.child_id)::int as total
from active a
join organizations o on o.id = a.organization_id
group by a.organization_id, o.name
order by o.name, a.organization_id`;
}

export async function activePlans(knex: Knex, input: ReportInput): Promise<ActivePlansResult> {
  const points = input.buckets.map((b) => ({ period: b.period, month_end: b.end }));
  const bindings = { points: JSON.stringify(points), organization_id: input.organization_id };
  type Counts = { period: string; CSP: number; SHSS: number; total: number };
  const [series, byOrganization] = await Promise.all([
    knex.raw<{ rows: Counts[] }>(activeSeriesSql(input.organization_id), bindings),
    knex.raw<{ rows: ActivePlansResult['by_organization'] }>(activeByOrganizationSql(input.organization_id), {
      points: JSON.stringify([{ period: 'to', month_end: input.to }]),
      organization_id: input.organization_id,
    }),
  ]);
  const byPeriod = new Map(series.rows.map((row) => [row.period, row]));
  return {
    series: input.buckets.map((b) => {
      const row = byPeriod.get(b.period);
      return { period: b.period, label: b.label, month_end: b.end, CSP: row?.CSP ?? 0, SHSS: row?.SHSS ?? 0, total: row?.total ?? 0 };
    }),
    by_organization: byOrganization.rows,
  };
}

export const activePlansReport: ReportDefinition<ActivePlansResult> = {
  name: 'active-plans',
  title: 'Active plans',
  run: activePlans,
  tables: {
    series: (result) => ({
      columns: [
        { key: 'period', header: 'Period' },
        { key: 'label', header: 'Label' },
        { key: 'month_end', header: 'As of' },
        { key: 'CSP', header: 'CSP' },
        { key: 'SHSS', header: 'SHSS' },
        { key: 'total', header: 'Total' },
      ],
      rows: result.series,
    }),
    by_organization: (result) => ({
      columns: [
        { key: 'organization_id', header: 'Organisation ID' },
        { key: 'organization_name', header: 'Organisation' },
        { key: 'CSP', header: 'CSP' },
        { key: 'SHSS', header: 'SHSS' },
        { key: 'total', header: 'Total' },
      ],
      rows: result.by_organization,
    }),
  },
};
