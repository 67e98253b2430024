import type { Knex } from 'knex';

/**
 * The active-plans rollups (issue 16; docs/reports.md "Rollups"): the days on which each plan
 * counts, and per organisation (and for every organisation) the change, day by day, in the
 * number of children counted. The count on any day E — a month's end, a `to` inside a month,
 * today — is the sum of the changes up to E, so nothing stored depends on today: as the clock
 * moves the same rows answer the new day.
 *
 * - `rollup_active_plan_spans`: a plan's maximal runs of days on which it counts, from the
 *   definitions of docs/domain.md. A CSP plan is active on E when initiated on or before E, not
 *   closed before E, with a CSP activity d (the initiation or a service activity) such that
 *   E − 6 months < d ≤ E; each d keeps it active from d to the last E with E − 6 months < d
 *   (`active_plan_last_day`), cut to [initiated_on, closed_on]. An SHSS plan is in service
 *   from `approved_on` to the day before `closed_on`, open-ended (`last_day` null) while open.
 * - `rollup_active_plans`: on `day`, how many more children (each once) have an active CSP
 *   plan, an SHSS plan in service, or either (`total`), than the day before — for the plans of
 *   `organization_id`, or of every organisation when it is null (a child with plans at two
 *   organisations counts once there).
 * - `rollup_active_plan_months`: the sums of a month's day rows, so a count on E adds up the
 *   months before E's and the days of E's month up to E.
 *
 * Kept by statement-level triggers on `service_plans` and `service_activities`: a statement's
 * plans are recomputed from the base rows, and the children of those plans get the difference
 * between their counted days before (the stored spans) and after. Lock order: the trigger takes
 * a transaction advisory lock per child, in child id order, before it reads anything, so two
 * transactions writing plans or activities of one child wait for each other and the second
 * reads the first's committed rows (READ COMMITTED: each statement of the trigger takes a new
 * snapshot); then it changes the day and month rows in key order. Writers of different children only
 * meet on the day rows, whose sums commute.
 */
const STAMPS = 'created_at timestamptz not null default now(), updated_at timestamptz not null default now()';
const SPAN_COLUMNS = 'service_plan_id, child_id, organization_id, program, first_day, last_day';

/**
 * `rows` (with columns `keys`, `first_day`, `last_day` — null: no end) merged into maximal
 * runs of days per `keys`: overlapping or adjacent runs become one.
 */
export function islands(rows: string, keys: string): string {
  return `
select ${keys}, min(first_day) as first_day, nullif(max(coalesce(last_day, 'infinity')), 'infinity') as last_day
from (
  select *, count(*) filter (where previous_last is null or first_day - 1 > previous_last)
              over (partition by ${keys} order by first_day, last_day nulls last rows unbounded preceding) as island
  from (
    select *, max(coalesce(last_day, 'infinity')) over (partition by ${keys} order by first_day, last_day nulls last
                                                        rows between unbounded preceding and 1 preceding) as previous_last
    from (${rows}) r
    where first_day <= coalesce(last_day, 'infinity')
  ) ordered
) numbered
group by ${keys}, island`;
}

/** The spans of the plans that `planFilter` (a condition on `p`) keeps, from the base rows. */
function planSpans(planFilter: string): string {
  const plan = 'p.id as service_plan_id, p.child_id, p.organization_id, p.program';
  const csp = `p.program = 'CSP' and p.initiated_on is not null and ${planFilter}`;
  return islands(
    `
    select service_plan_id, child_id, organization_id, program,
           greatest(day, initiated_on) as first_day, least(active_plan_last_day(day), closed_on) as last_day
    from (select ${plan}, p.initiated_on, p.closed_on, p.initiated_on as day from service_plans p where ${csp}
          union all
          select ${plan}, p.initiated_on, p.closed_on, a.activity_date
          from service_activities a join service_plans p on p.id = a.service_plan_id where ${csp}) csp_activity
    union all
    select ${plan}, p.approved_on, p.closed_on - 1
    from service_plans p
    where p.program = 'SHSS' and p.approved_on is not null and ${planFilter}`,
    'service_plan_id, child_id, organization_id, program',
  );
}

/**
 * The day rows of the children's spans in `spans`: each child once per organisation and once
 * for every organisation (null), per programme and for either; +1 the first day of each run, −1
 * the day after its last, times `sign`.
 */
function dayChanges(spans: string, sign: number): string {
  const runs = islands(
    `select s.child_id, scope.organization_id, counted.program, s.first_day, s.last_day
     from (${spans}) s
     cross join lateral (values (s.organization_id), (null::bigint)) scope (organization_id)
     cross join lateral (values (s.program), ('total')) counted (program)`,
    'child_id, organization_id, program',
  );
  return `
select organization_id, day, ${['CSP', 'SHSS', 'total'].map((p) => `sum(change) filter (where program = '${p}') as ${p.toLowerCase()}`).join(', ')}
from (with runs as (${runs})
      select organization_id, program, first_day as day, ${sign} as change from runs
      union all
      select organization_id, program, last_day + 1, ${-sign} from runs where last_day is not null) c
group by organization_id, day`;
}

/** The rollup's rows summed from `changes` (queries of `dayChanges`), in key order, rows of zeros left out. */
function sumsSql(changes: string[]): string {
  return `select organization_id, day, coalesce(sum(csp), 0) as csp, coalesce(sum(shss), 0) as shss, coalesce(sum(total), 0) as total
from (${changes.join('\nunion all\n')}) x
group by organization_id, day
having coalesce(sum(csp), 0) <> 0 or coalesce(sum(shss), 0) <> 0 or coalesce(sum(total), 0) <> 0
order by organization_id nulls first, day`;
}

/** The month rows of day rows `days`: the sum of a month's changes, rows of zeros left out. */
function monthsSql(days: string): string {
  return `select organization_id, date_trunc('month', day)::date as month, sum(csp) as csp, sum(shss) as shss, sum(total) as total
from ${days} d
group by 1, 2
having sum(csp) <> 0 or sum(shss) <> 0 or sum(total) <> 0
order by 1 nulls first, 2`;
}

const added = (table: string) =>
  `on conflict on constraint ${table}_key_unique do update
  set csp = t.csp + excluded.csp, shss = t.shss + excluded.shss, total = t.total + excluded.total, updated_at = excluded.updated_at`;

/** Adds the sums of `changes` to the day rows and to their months' rows, after the common table expressions `ctes`. */
function addTo(changes: string[], ctes: string[] = []): string {
  return `with ${[...ctes, `sums as materialized (${sumsSql(changes)})`].join(',\n')},
months as (insert into rollup_active_plan_months as t (organization_id, month, csp, shss, total) ${monthsSql('sums')} ${added('rollup_active_plan_months')})
insert into rollup_active_plans as t (organization_id, day, csp, shss, total)
select * from sums
${added('rollup_active_plans')}`;
}

const STORED_SPANS = `select ${SPAN_COLUMNS} from rollup_active_plan_spans`;

/** The plans in `changed_plans` recomputed from the base rows, and their children's day and month rows moved by the difference. */
const REFRESH = `
create function rollup_active_plans_refresh(changed_plans bigint[]) returns void language plpgsql as $$
declare
  their_children bigint[];
  one_child bigint;
begin
  if cardinality(changed_plans) = 0 then return; end if;
  their_children := array(select s.child_id from rollup_active_plan_spans s where s.service_plan_id = any(changed_plans)
                    union select p.child_id from service_plans p where p.id = any(changed_plans) order by 1);
  foreach one_child in array their_children loop
    perform pg_advisory_xact_lock(hashtextextended('rollup_active_plans child ' || one_child, 0));
  end loop;
  ${addTo(
    [
      dayChanges(`${STORED_SPANS} where child_id = any(their_children) and service_plan_id <> all(changed_plans) union all select ${SPAN_COLUMNS} from fresh`, 1),
      dayChanges(`${STORED_SPANS} where child_id = any(their_children)`, -1),
    ],
    [
      `fresh as materialized (${planSpans('p.id = any(changed_plans)')})`,
      'gone as (delete from rollup_active_plan_spans where service_plan_id = any(changed_plans))',
      `kept as (insert into rollup_active_plan_spans (${SPAN_COLUMNS}) select ${SPAN_COLUMNS} from fresh)`,
    ],
  )};
end
$$`;

const PLAN_COLUMNS = ['program', 'child_id', 'organization_id', 'initiated_on', 'closed_on', 'approved_on'];
const ACTIVITY_COLUMNS = ['service_plan_id', 'activity_date'];

interface Source {
  table: string;
  /** the column naming the plan */
  plan: string;
  /** the columns the spans read */
  columns: string[];
}
const SOURCES: Source[] = [
  { table: 'service_plans', plan: 'id', columns: PLAN_COLUMNS },
  { table: 'service_activities', plan: 'service_plan_id', columns: ACTIVITY_COLUMNS },
];

function triggerFunctions(source: Source): string[] {
  const fn = (event: string, plans: string) => `
create function rollup_active_plans_${source.table}_${event}() returns trigger language plpgsql as $$
begin
  perform rollup_active_plans_refresh(array(${plans}));
  return null;
end
$$`;
  const differs = `(${source.columns.map((c) => `a.${c}`).join(', ')}) is distinct from (${source.columns.map((c) => `b.${c}`).join(', ')})`;
  return [
    fn('insert', `select distinct ${source.plan} from new_rows`),
    fn(
      'update',
      `select a.${source.plan} from new_rows a join old_rows b on b.id = a.id where ${differs}
       union select b.${source.plan} from new_rows a join old_rows b on b.id = a.id where ${differs}`,
    ),
    fn('delete', `select distinct ${source.plan} from old_rows`),
  ];
}

function triggers(source: Source): string[] {
  const referencing = { insert: 'referencing new table as new_rows', update: 'referencing old table as old_rows new table as new_rows', delete: 'referencing old table as old_rows' };
  return [
    ...(['insert', 'update', 'delete'] as const).map(
      (event) =>
        `create trigger rollup_active_plans_${event} after ${event} on ${source.table} ${referencing[event]} for each statement execute function rollup_active_plans_${source.table}_${event}()`,
    ),
    `create trigger rollup_active_plans_truncate after truncate on ${source.table} for each statement execute function rollup_active_plans_truncate()`,
  ];
}

const REBUILD = `
create function rollup_rebuild_active_plans() returns void language plpgsql as $$
begin
  lock table service_plans, service_activities in share mode;
  delete from rollup_active_plan_spans;
  delete from rollup_active_plans;
  delete from rollup_active_plan_months;
  insert into rollup_active_plan_spans (${SPAN_COLUMNS}) ${planSpans('true')};
  ${addTo([dayChanges(STORED_SPANS, 1)])};
end
$$`;

const DIFFERENCES = `
create function rollup_differences_active_plans() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  return query
  with stored as materialized (${STORED_SPANS}), computed as materialized (${planSpans('true')})
  select 'rollup_active_plan_spans'::text, 'stored, not computed'::text, to_jsonb(x) from (select * from stored except all select * from computed) x
  union all
  select 'rollup_active_plan_spans', 'computed, not stored', to_jsonb(x) from (select * from computed except all select * from stored) x;
  return query
  with stored as materialized (select organization_id, day, csp, shss, total from rollup_active_plans where csp <> 0 or shss <> 0 or total <> 0),
  computed as materialized (${sumsSql([dayChanges(planSpans('true'), 1)])}),
  stored_months as materialized (select organization_id, month, csp, shss, total from rollup_active_plan_months where csp <> 0 or shss <> 0 or total <> 0),
  computed_months as materialized (${monthsSql('computed')})
  select 'rollup_active_plans'::text, 'stored, not computed'::text, to_jsonb(x) from (select * from stored except all select * from computed) x
  union all
  select 'rollup_active_plans', 'computed, not stored', to_jsonb(x) from (select * from computed except all select * from stored) x
  union all
  select 'rollup_active_plan_months', 'stored, not computed', to_jsonb(x) from (select * from stored_months except all select * from computed_months) x
  union all
  select 'rollup_active_plan_months', 'computed, not stored', to_jsonb(x) from (select * from computed_months except all select * from stored_months) x;
end
$$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table rollup_active_plan_spans (
      id bigint generated always as identity primary key,
      service_plan_id bigint not null,
      child_id bigint not null,
      organization_id bigint not null,
      program text not null,
      first_day date not null,
      last_day date,
      ${STAMPS}
    )`);
  await knex.raw('create index rollup_active_plan_spans_service_plan_id_index on rollup_active_plan_spans (service_plan_id)');
  await knex.raw('create index rollup_active_plan_spans_child_id_index on rollup_active_plan_spans (child_id)');
  for (const [table, period] of [
    ['rollup_active_plans', 'day'],
    ['rollup_active_plan_months', 'month'],
  ]) {
    await knex.raw(`
      create table ${table} (
        id bigint generated always as identity primary key,
        organization_id bigint,
        ${period} date not null,
        csp integer not null,
        shss integer not null,
        total integer not null,
        ${STAMPS},
        constraint ${table}_key_unique unique nulls not distinct (organization_id, ${period})
      )`);
  }
  // The last day E with E − 6 months < d (docs/domain.md's window; Postgres clips to a month's last day).
  await knex.raw(`
    create function active_plan_last_day(d date) returns date language sql immutable as $$
      select case when ((d + interval '6 months')::date - interval '6 months')::date < d
                  then (d + interval '6 months')::date else (d + interval '6 months')::date - 1 end
    $$`);
  await knex.raw(REFRESH);
  await knex.raw(`
    create function rollup_active_plans_truncate() returns trigger language plpgsql as $$
    begin
      perform rollup_rebuild_active_plans();
      return null;
    end
    $$`);
  await knex.raw(REBUILD);
  await knex.raw(DIFFERENCES);
  for (const source of SOURCES) {
    for (const statement of [...triggerFunctions(source), ...triggers(source)]) await knex.raw(statement);
  }
  await knex.raw('select rollup_rebuild_active_plans()');
}

export async function down(knex: Knex): Promise<void> {
  for (const source of SOURCES) {
    for (const event of ['insert', 'update', 'delete', 'truncate']) await knex.raw(`drop trigger rollup_active_plans_${event} on ${source.table}`);
    for (const event of ['insert', 'update', 'delete']) await knex.raw(`drop function rollup_active_plans_${source.table}_${event}()`);
  }
  for (const fn of ['rollup_differences_active_plans()', 'rollup_rebuild_active_plans()', 'rollup_active_plans_truncate()', 'rollup_active_plans_refresh(bigint[])', 'active_plan_last_day(date)']) {
    await knex.raw(`drop function ${fn}`);
  }
  await knex.raw('drop table rollup_active_plan_months');
  await knex.raw('drop table rollup_active_plans');
  await knex.raw('drop table rollup_active_plan_spans');
}
