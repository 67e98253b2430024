import type { Knex } from 'knex';
import { PLAN_SERVICE_CATEGORIES, PRIORITIES } from '../../contract/enums';
import type { ServiceRegistryResult } from '../../contract/reports';
import { arrayOf, DATE, ID, INTEGER, nullable, NUMBER, object, oneOf, STRING } from '../openapi/schemas';
import { gridCounts } from './suppression';
import { priorityRank } from './definitions';
import { organizationFilter, type CountCells, type ReportDefinition, type ReportInput } from './types';

/**
 * The service registry (CSP: "prioritization and service registries (waitlists)" are the
 * coordinating agency's): the plan services of CSP plans waiting for their provider at `to`.
 *
 * A service waits at `to` when it joined the waitlist on or before `to` (`waitlisted_on`), has
 * not started by `to`, and is still `waitlisted` — or has since started (`receiving`,
 * `completed`, with a start after `to`); its plan is not closed by `to`. Days waited run from
 * `waitlisted_on` to `to`. A service declined, or needed without a waitlist date, does not wait.
 * The period's other use: services that started in it after waiting, with the days from
 * `waitlisted_on` to `started_on`. Medians are `percentile_cont(0.5)`, one decimal.
 */
function waitingSql(organizationId: number | null): string {
  return `
select ps.id::int as plan_service_id, sp.id::int as service_plan_id, sp.child_id::int as child_id,
       concat_ws(' ', c.first_name, c.last_name) as child_name, sp.organization_id::int as organization_id,
       ps.category, ps.provider_name, ps.priority, ps.waitlisted_on,
       (:to::date - ps.waitlisted_on)::int as days_waited
from plan_services ps
join service_plans sp on sp.id = ps.service_plan_id
join children c on c.id = sp.child_id
where ps.waitlisted_on is not null and ps.waitlisted_on <= :to::date
  and ((ps.status = 'waitlisted' and (ps.started_on is null or ps.started_on > :to::date))
       or (ps.status in ('receiving', 'completed') and ps.started_on > :to::date))
  and sp.program = 'CSP' and (sp.closed_on is null or sp.closed_on > :to::date)
  ${organizationFilter('sp.organization_id', organizationId)}
order by ${priorityRank('ps.priority')}, days_waited desc, ps.id`;
}

function startedSql(organizationId: number | null): string {
  return `
select ps.category, count(*)::int as started,
       round((percentile_cont(0.5) within group (order by ps.started_on - ps.waitlisted_on))::numeric, 1)::float8 as median_days_to_start
from plan_services ps
join service_plans sp on sp.id = ps.service_plan_id
where ps.waitlisted_on is not null and ps.started_on between :from::date and :to::date and ps.started_on >= ps.waitlisted_on
  and sp.program = 'CSP' ${organizationFilter('sp.organization_id', organizationId)}
group by ps.category`;
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  const value = (sorted[Math.floor(middle)] + sorted[Math.ceil(middle)]) / 2;
  return Math.round(value * 10) / 10;
}

export async function serviceRegistry(knex: Knex, input: ReportInput): Promise<ServiceRegistryResult> {
  const bindings = { from: input.from, to: input.to, organization_id: input.organization_id };
  const waiting = (await knex.raw(waitingSql(input.organization_id), bindings)).rows as ServiceRegistryResult['waiting'];
  const started = new Map(
    ((await knex.raw(startedSql(input.organization_id), bindings)).rows as { category: string; started: number; median_days_to_start: number }[]).map((r) => [r.category, r]),
  );
  const daysOf = (rows: ServiceRegistryResult['waiting']) => rows.map((r) => r.days_waited);

  const providers = new Map<string, ServiceRegistryResult['waiting']>();
  for (const row of waiting) {
    const key = JSON.stringify([row.category, row.provider_name]);
    providers.set(key, [...(providers.get(key) ?? []), row]);
  }
  return {
    summary: {
      waiting: waiting.length,
      urgent: waiting.filter((r) => r.priority === 'urgent').length,
      high: waiting.filter((r) => r.priority === 'high').length,
      routine: waiting.filter((r) => r.priority === 'routine').length,
    },
    waiting,
    categories: PLAN_SERVICE_CATEGORIES.map((category) => {
      const rows = waiting.filter((r) => r.category === category);
      return {
        category,
        waiting: rows.length,
        median_days_waiting: median(daysOf(rows)),
        started: started.get(category)?.started ?? 0,
        median_days_to_start: started.get(category)?.median_days_to_start ?? null,
      };
    }),
    providers: [...providers.values()]
      .map((rows) => ({
        category: rows[0].category,
        provider_name: rows[0].provider_name,
        waiting: rows.length,
        median_days_waiting: median(daysOf(rows)),
        longest_days_waiting: Math.max(...daysOf(rows)),
      }))
      .sort((a, b) => a.category.localeCompare(b.category) || (a.provider_name ?? '').localeCompare(b.provider_name ?? '')),
  };
}

/**
 * The count cells of the categories table: the services waiting and those started, each column
 * a line (its total is the summary's, or the providers table's), each count withholding only its
 * own median with it.
 */
function categoryCounts(rows: number): CountCells {
  const waiting = gridCounts(rows, { columns: ['waiting'], dependents: ['median_days_waiting'] });
  const started = gridCounts(rows, { columns: ['started'], dependents: ['median_days_to_start'] });
  return {
    cells: [...waiting.cells, ...started.cells],
    lines: [...waiting.lines, ...started.lines],
    dependents: [...(waiting.dependents ?? []), ...(started.dependents ?? [])],
  };
}

export const serviceRegistryReport: ReportDefinition<ServiceRegistryResult> = {
  name: 'service-registry',
  title: 'Service registry',
  run: serviceRegistry,
  answer: {
    summary: object({ waiting: INTEGER, urgent: INTEGER, high: INTEGER, routine: INTEGER }),
    waiting: arrayOf(
      object({
        plan_service_id: ID,
        service_plan_id: ID,
        child_id: ID,
        child_name: STRING,
        organization_id: ID,
        category: oneOf(PLAN_SERVICE_CATEGORIES),
        provider_name: nullable(STRING),
        priority: oneOf(PRIORITIES),
        waitlisted_on: DATE,
        days_waited: INTEGER,
      }),
    ),
    categories: arrayOf(object({ category: oneOf(PLAN_SERVICE_CATEGORIES), waiting: INTEGER, median_days_waiting: nullable(NUMBER), started: INTEGER, median_days_to_start: nullable(NUMBER) })),
    providers: arrayOf(object({ category: oneOf(PLAN_SERVICE_CATEGORIES), provider_name: nullable(STRING), waiting: INTEGER, median_days_waiting: nullable(NUMBER), longest_days_waiting: INTEGER })),
  },
  tables: {
    waiting: (result) => ({
      columns: [
        { key: 'priority', type: 'enum', label: 'priority', enum: { values: PRIORITIES } },
        { key: 'child_id', type: 'id', label: 'child' },
        { key: 'child_name', type: 'text', label: 'child' },
        { key: 'category', type: 'enum', label: 'service_category', enum: { values: PLAN_SERVICE_CATEGORIES } },
        { key: 'provider_name', type: 'text', label: 'provider' },
        { key: 'waitlisted_on', type: 'date', label: 'waitlisted_on' },
        { key: 'days_waited', type: 'number', label: 'days_waited' },
        { key: 'service_plan_id', type: 'id', label: 'plan' },
        { key: 'plan_service_id', type: 'id', label: 'plan_service' },
        { key: 'organization_id', type: 'id', label: 'organization' },
      ],
      rows: result.waiting,
    }),
    categories: (result) => ({
      columns: [
        { key: 'category', type: 'enum', label: 'service_category', enum: { values: PLAN_SERVICE_CATEGORIES } },
        { key: 'waiting', type: 'number', label: 'waiting' },
        { key: 'median_days_waiting', type: 'number', label: 'median_days_waiting' },
        { key: 'started', type: 'number', label: 'started' },
        { key: 'median_days_to_start', type: 'number', label: 'median_days_to_start' },
      ],
      rows: result.categories,
      counts: categoryCounts(result.categories.length),
    }),
    providers: (result) => ({
      columns: [
        { key: 'category', type: 'enum', label: 'service_category', enum: { values: PLAN_SERVICE_CATEGORIES } },
        { key: 'provider_name', type: 'text', label: 'provider' },
        { key: 'waiting', type: 'number', label: 'waiting' },
        { key: 'median_days_waiting', type: 'number', label: 'median_days_waiting' },
        { key: 'longest_days_waiting', type: 'number', label: 'longest_days_waiting' },
      ],
      rows: result.providers,
      counts: gridCounts(result.providers.length, { columns: ['waiting'], dependents: ['median_days_waiting', 'longest_days_waiting'] }),
    }),
  },
};
