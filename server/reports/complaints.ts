import type { Knex } from 'knex';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, RISK_LEVELS } from '../../contract/enums';
import type { ComplaintsResult } from '../../contract/reports';
import { arrayOf, DATE, ID, INTEGER, nullable, NUMBER, object, oneOf } from '../openapi/schemas';
import { gridCounts } from './suppression';
import { organizationFilter, type ReportDefinition, type ReportInput } from './types';

/**
 * Complaints and risk (CSP: "risk and complaints management"), a small report of the register.
 *
 * * Received: complaints with `received_on` in the period, by their status now and by category.
 * * Open at `to`: received on or before `to` and not resolved or withdrawn by then
 *   (`resolved_on` empty or after `to`); days open run from `received_on` to `to`.
 * * Days to resolve: over complaints resolved in the period, `resolved_on` − `received_on`.
 * * Plan risk: plans in service at `to` (initiated or approved by then, not closed by then), by
 *   their `risk_level` now (`none` when unflagged).
 */
const RISK_ROWS = [...RISK_LEVELS, 'none'] as const;

function sql(organizationId: number | null): string {
  const org = organizationFilter('organization_id', organizationId);
  return `
with received as (
  select * from complaints where received_on between :from::date and :to::date ${org}
), open_at_end as (
  select id, organization_id, received_on, category, status, (:to::date - received_on)::int as days_open
  from complaints
  where received_on <= :to::date and (resolved_on is null or resolved_on > :to::date) ${org}
)
select 'status' as part, status as key, count(*)::int as n, null::float8 as x from received group by status
union all
select 'category', category, count(*)::int, null from received group by category
union all
select 'resolved', category, count(*)::int, null from received where status = 'resolved' group by category
union all
select 'open_category', category, count(*)::int, null from open_at_end group by category
union all
select 'open_mean', 'all', count(*)::int, round(avg(days_open), 1)::float8 from open_at_end
union all
select 'to_resolve', 'all', count(*)::int,
       round((percentile_cont(0.5) within group (order by resolved_on - received_on))::numeric, 1)::float8
from complaints where status = 'resolved' and resolved_on between :from::date and :to::date ${org}
union all
select 'risk', coalesce(risk_level, 'none'), count(*)::int, null
from service_plans
where coalesce(initiated_on, approved_on) <= :to::date and (closed_on is null or closed_on > :to::date) ${org}
group by coalesce(risk_level, 'none')`;
}

function openSql(organizationId: number | null): string {
  return `
select id::int as complaint_id, organization_id::int as organization_id, received_on, category, status, (:to::date - received_on)::int as days_open
from complaints
where received_on <= :to::date and (resolved_on is null or resolved_on > :to::date) ${organizationFilter('organization_id', organizationId)}
order by received_on, id`;
}

export async function complaints(knex: Knex, input: ReportInput): Promise<ComplaintsResult> {
  const bindings = { from: input.from, to: input.to, organization_id: input.organization_id };
  const rows = (await knex.raw(sql(input.organization_id), bindings)).rows as { part: string; key: string; n: number; x: number | null }[];
  const open = (await knex.raw(openSql(input.organization_id), bindings)).rows as ComplaintsResult['open'];
  const count = (part: string, key: string) => rows.find((r) => r.part === part && r.key === key)?.n ?? 0;
  const value = (part: string) => rows.find((r) => r.part === part)?.x ?? null;
  return {
    summary: {
      received: rows.filter((r) => r.part === 'status').reduce((sum, r) => sum + r.n, 0),
      open_at_end: open.length,
      mean_days_open: value('open_mean'),
      median_days_to_resolve: value('to_resolve'),
    },
    by_status: COMPLAINT_STATUSES.map((status) => ({ status, received: count('status', status) })),
    by_category: COMPLAINT_CATEGORIES.map((category) => ({
      category,
      received: count('category', category),
      open_at_end: count('open_category', category),
      resolved: count('resolved', category),
    })),
    open,
    plan_risk: RISK_ROWS.map((risk_level) => ({ risk_level, plans: count('risk', risk_level) })),
  };
}

export const complaintsReport: ReportDefinition<ComplaintsResult> = {
  name: 'complaints',
  title: 'Complaints and risk',
  run: complaints,
  answer: {
    summary: object({ received: INTEGER, open_at_end: INTEGER, mean_days_open: nullable(NUMBER), median_days_to_resolve: nullable(NUMBER) }),
    by_status: arrayOf(object({ status: oneOf(COMPLAINT_STATUSES), received: INTEGER })),
    by_category: arrayOf(object({ category: oneOf(COMPLAINT_CATEGORIES), received: INTEGER, open_at_end: INTEGER, resolved: INTEGER })),
    open: arrayOf(object({ complaint_id: ID, organization_id: ID, received_on: DATE, category: oneOf(COMPLAINT_CATEGORIES), status: oneOf(COMPLAINT_STATUSES), days_open: INTEGER })),
    plan_risk: arrayOf(object({ risk_level: oneOf(RISK_ROWS), plans: INTEGER })),
  },
  tables: {
    by_category: (result) => ({
      columns: [
        { key: 'category', type: 'enum', label: 'category', enum: { values: COMPLAINT_CATEGORIES } },
        { key: 'received', type: 'number', label: 'received' },
        { key: 'resolved', type: 'number', label: 'resolved' },
        { key: 'open_at_end', type: 'number', label: 'open_at_end' },
      ],
      rows: result.by_category,
      counts: gridCounts(result.by_category.length, { columns: ['received', 'resolved', 'open_at_end'] }),
    }),
    by_status: (result) => ({
      columns: [
        { key: 'status', type: 'enum', label: 'status', enum: { values: COMPLAINT_STATUSES } },
        { key: 'received', type: 'number', label: 'received' },
      ],
      rows: result.by_status,
      counts: gridCounts(result.by_status.length, { columns: ['received'] }),
    }),
    open: (result) => ({
      columns: [
        { key: 'complaint_id', type: 'id', label: 'complaint' },
        { key: 'received_on', type: 'date', label: 'received_on' },
        { key: 'category', type: 'enum', label: 'category', enum: { values: COMPLAINT_CATEGORIES } },
        { key: 'status', type: 'enum', label: 'status', enum: { values: COMPLAINT_STATUSES } },
        { key: 'days_open', type: 'number', label: 'days_open' },
        { key: 'organization_id', type: 'id', label: 'organization' },
      ],
      rows: result.open,
    }),
    plan_risk: (result) => ({
      columns: [
        { key: 'risk_level', type: 'enum', label: 'risk_level', enum: { values: RISK_ROWS, labels: 'app.download.risk_levels' } },
        { key: 'plans', type: 'number', label: 'open_plans' },
      ],
      rows: result.plan_risk,
      counts: gridCounts(result.plan_risk.length, { columns: ['plans'] }),
    }),
  },
};
