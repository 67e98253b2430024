import type { Knex } from 'knex';

/**
 * The activity-hours rollup (issue 16; docs/reports.md "CSP measures from the rollups"): per
 * organisation of the plan and day of `activity_date`, the direct and indirect hours and the
 * number of service activities, so the CSP measures' `direct_hours` and `indirect_hours` of any
 * period add up at most one row per organisation and day instead of every activity.
 *
 * Kept by statement-level triggers on `service_activities` (insert; update of the plan, date,
 * kind or hours; delete; truncate) and on `service_plans` (update of `organization_id`: the
 * plan's activities move to the new organisation). An activity's organisation is its plan's,
 * read when the trigger runs. Lock order: an activity statement first locks its plans
 * (`for share`, by id) and only then reads their organisation, in a fresh READ COMMITTED
 * snapshot; a plan's update already holds its row. So an activity written while its plan moves
 * waits for the move to commit and is added to the new organisation, or the move waits for it
 * and then carries it along. Then the rollup rows, in key order (`insert … on conflict do
 * update`); the sums commute. A plan with activities cannot be deleted (the foreign key
 * restricts), so every activity's plan is there to name its organisation.
 */
const STAMPS = 'created_at timestamptz not null default now(), updated_at timestamptz not null default now()';
const TABLE = 'rollup_activity_hours';

/**
 * The rollup's rows summed from `rows` (a relation with organization_id, day, kind, hours and
 * sign), in key order, rows that change nothing left out.
 */
const sumsOf = (rows: string) => `select organization_id, day,
         sum(case when kind = 'direct' then sign * hours else 0 end) as direct_hours,
         sum(case when kind = 'indirect' then sign * hours else 0 end) as indirect_hours,
         sum(sign)::int as activities
  from ${rows} x
  group by organization_id, day
  having sum(sign) <> 0 or sum(case when kind = 'direct' then sign * hours else 0 end) <> 0
      or sum(case when kind = 'indirect' then sign * hours else 0 end) <> 0
  order by organization_id, day`;

const addTo = (rows: string) => `insert into ${TABLE} as t (organization_id, day, direct_hours, indirect_hours, activities)
  ${sumsOf(rows)}
  on conflict on constraint ${TABLE}_key_unique do update
  set direct_hours = t.direct_hours + excluded.direct_hours, indirect_hours = t.indirect_hours + excluded.indirect_hours,
      activities = t.activities + excluded.activities, updated_at = excluded.updated_at`;

/** Activities of relation `activities` with their plan's organisation as it is now, counted `sign` times. */
const withOrganization = (activities: string, sign: number) =>
  `select p.organization_id, a.activity_date as day, a.kind, a.hours, ${sign} as sign from ${activities} a join service_plans p on p.id = a.service_plan_id`;

/** Locks the plans of the activities of `activities`, in id order. */
const lockPlans = (activities: string) => `perform 1 from service_plans p where p.id in (select service_plan_id from ${activities} a0) order by p.id for share`;

const ACTIVITY_COLUMNS = ['service_plan_id', 'activity_date', 'kind', 'hours'];
const differs = `(${ACTIVITY_COLUMNS.map((c) => `a.${c}`).join(', ')}) is distinct from (${ACTIVITY_COLUMNS.map((c) => `b.${c}`).join(', ')})`;
const changedActivities = (side: 'new_rows' | 'old_rows') =>
  `(select a.* from ${side} a join ${side === 'new_rows' ? 'old_rows' : 'new_rows'} b on b.id = a.id where ${differs})`;

/** Plans whose organisation an update changed, with the old and the new one. */
const MOVED_PLANS = `(select n.id, o.organization_id as old_organization_id, n.organization_id as new_organization_id
  from new_rows n join old_rows o on o.id = n.id where n.organization_id is distinct from o.organization_id)`;

const BODIES: Record<string, string> = {
  activity_insert: `${lockPlans('new_rows')};
  ${addTo(`(${withOrganization('new_rows', 1)})`)}`,
  activity_update: `perform 1 from ${changedActivities('new_rows')} x limit 1;
  if not found then return null; end if;
  ${lockPlans(`(select service_plan_id from new_rows union select service_plan_id from old_rows)`)};
  ${addTo(`(${withOrganization(changedActivities('new_rows'), 1)} union all ${withOrganization(changedActivities('old_rows'), -1)})`)}`,
  activity_delete: `${lockPlans('old_rows')};
  ${addTo(`(${withOrganization('old_rows', -1)})`)}`,
  activity_truncate: `delete from ${TABLE}`,
  plan_update: `perform 1 from ${MOVED_PLANS} m limit 1;
  if not found then return null; end if;
  ${addTo(`(select m.new_organization_id as organization_id, a.activity_date as day, a.kind, a.hours, 1 as sign
      from service_activities a join ${MOVED_PLANS} m on m.id = a.service_plan_id
    union all
    select m.old_organization_id, a.activity_date, a.kind, a.hours, -1
      from service_activities a join ${MOVED_PLANS} m on m.id = a.service_plan_id)`)}`,
};

const fn = (name: string, body: string) => `
create function ${TABLE}_${name}() returns trigger language plpgsql as $$
begin
  ${body};
  return null;
end
$$`;

const TRIGGERS = [
  `create trigger ${TABLE}_insert after insert on service_activities referencing new table as new_rows for each statement execute function ${TABLE}_activity_insert()`,
  `create trigger ${TABLE}_update after update on service_activities referencing old table as old_rows new table as new_rows for each statement execute function ${TABLE}_activity_update()`,
  `create trigger ${TABLE}_delete after delete on service_activities referencing old table as old_rows for each statement execute function ${TABLE}_activity_delete()`,
  `create trigger ${TABLE}_truncate after truncate on service_activities for each statement execute function ${TABLE}_activity_truncate()`,
  `create trigger ${TABLE}_plan_update after update on service_plans referencing old table as old_rows new table as new_rows for each statement execute function ${TABLE}_plan_update()`,
];

const ALL_ACTIVITIES = `(${withOrganization('service_activities', 1)})`;

/**
 * `rollup_rebuild_activity_hours()` / `rollup_differences_activity_hours()`, and
 * `rollup_rebuild()` / `rollup_differences()` redefined to call the ones before them (renamed
 * `…_without_activity_hours`) and these.
 */
const FUNCTIONS = [
  `
create function rollup_rebuild_activity_hours() returns void language plpgsql as $$
begin
  lock table service_plans, service_activities in share mode;
  delete from ${TABLE};
  ${addTo(ALL_ACTIVITIES)};
end
$$`,
  `
create function rollup_differences_activity_hours() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  return query
  with stored as materialized (select organization_id, day, direct_hours, indirect_hours, activities from ${TABLE}
                               where activities <> 0 or direct_hours <> 0 or indirect_hours <> 0),
  computed as materialized (${sumsOf(ALL_ACTIVITIES)})
  select '${TABLE}'::text, 'stored, not computed'::text, to_jsonb(x) from (select * from stored except all select * from computed) x
  union all
  select '${TABLE}', 'computed, not stored', to_jsonb(x) from (select * from computed except all select * from stored) x;
end
$$`,
  'alter function rollup_rebuild() rename to rollup_rebuild_without_activity_hours',
  'alter function rollup_differences() rename to rollup_differences_without_activity_hours',
  `
create function rollup_rebuild() returns void language plpgsql as $$
begin
  perform rollup_rebuild_without_activity_hours();
  perform rollup_rebuild_activity_hours();
end
$$`,
  `
create function rollup_differences() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  return query select * from rollup_differences_without_activity_hours();
  return query select * from rollup_differences_activity_hours();
end
$$`,
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table ${TABLE} (
      id bigint generated always as identity primary key,
      organization_id bigint not null,
      day date not null,
      direct_hours numeric(16,2) not null,
      indirect_hours numeric(16,2) not null,
      activities integer not null,
      ${STAMPS},
      constraint ${TABLE}_key_unique unique (organization_id, day)
    )`);
  // every organisation's rows of a period, read without the table
  await knex.raw(`create index ${TABLE}_day_index on ${TABLE} (day) include (direct_hours, indirect_hours)`);
  for (const [name, body] of Object.entries(BODIES)) await knex.raw(fn(name, body));
  for (const statement of [...TRIGGERS, ...FUNCTIONS]) await knex.raw(statement);
  // one pass over the activities and their plans (a group by, no loop)
  await knex.raw('select rollup_rebuild_activity_hours()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function rollup_differences()');
  await knex.raw('drop function rollup_rebuild()');
  await knex.raw('alter function rollup_rebuild_without_activity_hours() rename to rollup_rebuild');
  await knex.raw('alter function rollup_differences_without_activity_hours() rename to rollup_differences');
  await knex.raw('drop function rollup_differences_activity_hours()');
  await knex.raw('drop function rollup_rebuild_activity_hours()');
  for (const event of ['insert', 'update', 'delete', 'truncate']) await knex.raw(`drop trigger ${TABLE}_${event} on service_activities`);
  await knex.raw(`drop trigger ${TABLE}_plan_update on service_plans`);
  for (const name of Object.keys(BODIES)) await knex.raw(`drop function ${TABLE}_${name}()`);
  await knex.raw(`drop table ${TABLE}`);
}
