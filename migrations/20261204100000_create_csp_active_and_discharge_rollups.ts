import type { Knex } from 'knex';
import { islands } from './20261202100000_create_active_plan_rollups';

/**
 * The CSP measures' `active_plans_total` and `discharged_*` from rollups (issue 16;
 * docs/reports.md "CSP measures from the rollups"), both counts of distinct children over a
 * period, made additive by counting each child at the first of its runs (or discharges) that
 * the period reaches — the one whose previous is in an earlier month — as the initiations'
 * rollups do (migration 20261203100001).
 *
 * - `rollup_csp_active_runs`: each child's maximal runs of days with an active CSP plan, per
 *   organisation and for every organisation (`organization_id` null), the islands of its
 *   `rollup_active_plan_spans` (migration 20261202100000), with the last day of its run before.
 * - `rollup_csp_active_starts`: those runs counted by first day and month of the previous run's
 *   last day. The children active on some day of a period starting on a first of a month F are
 *   those active on F (rollup_active_plans) and the runs starting after F whose previous run
 *   ended in a month before F's (or that have none).
 * - `rollup_csp_discharges`: each CSP plan closed for one of the four counted reasons on a day
 *   it was active (a span holds its closed_on), with the closing day of its child's previous such
 *   discharge for the same reason (and in the same organisation).
 * - `rollup_csp_discharge_months`: those discharges counted by organisation (null: every
 *   organisation), reason, month and month of the previous one.
 *
 * Kept in the writing transaction by statement-level triggers on `rollup_active_plan_spans`
 * (insert, delete: the spans' own triggers rewrite a plan's spans whenever its plan or
 * activities change) and on `service_plans` (an update of the reason, closing day, programme,
 * child or organisation): each recomputes the children the statement touched — deletes their
 * rows, inserts them again from the spans and plans as they are, and adds the difference to
 * the counts in key order. Recomputing is idempotent, so the order the triggers fire in does not
 * matter. Lock order: the active-plans rollups' transaction advisory lock per child (the same
 * key, so it is already held when the spans' trigger calls this one), in child id order, before
 * anything is read; the state is then read in a fresh READ COMMITTED snapshot.
 */
const STAMPS = 'created_at timestamptz not null default now(), updated_at timestamptz not null default now()';
const DISCHARGE_REASONS = ['met_goals', 'left_catchment', 'unable_to_reach', 'family_request'];

const RUN_COLUMNS = ['child_id', 'organization_id', 'first_day', 'last_day', 'previous_last_day'];
/** The runs of the children `children` keeps (a condition on `s.child_id`), from the stored spans. */
const runsOf = (children: string) => `
select child_id, organization_id, first_day, last_day,
       lag(last_day) over (partition by child_id, organization_id order by first_day) as previous_last_day
from (${islands(
  `select s.child_id, scope.organization_id, s.first_day, s.last_day
   from rollup_active_plan_spans s cross join lateral (values (s.organization_id), (null::bigint)) scope (organization_id)
   where s.program = 'CSP' and ${children}`,
  'child_id, organization_id',
)}) runs`;

const DISCHARGE_COLUMNS = ['service_plan_id', 'child_id', 'organization_id', 'closed_reason', 'closed_on', 'previous_closed_on', 'previous_org_closed_on'];
/** The counted discharges of the children `children` keeps (a condition on `p.child_id`), from the plans and the stored spans. */
const dischargesOf = (children: string) => `
select p.id as service_plan_id, p.child_id, p.organization_id, p.closed_reason, p.closed_on,
       lag(p.closed_on) over (partition by p.child_id, p.closed_reason order by p.closed_on, p.id) as previous_closed_on,
       lag(p.closed_on) over (partition by p.child_id, p.closed_reason, p.organization_id order by p.closed_on, p.id) as previous_org_closed_on
from service_plans p
where p.program = 'CSP' and p.closed_reason in (${DISCHARGE_REASONS.map((r) => `'${r}'`).join(', ')}) and ${children}
  and exists (select 1 from rollup_active_plan_spans s
              where s.service_plan_id = p.id and s.program = 'CSP' and s.first_day <= p.closed_on and (s.last_day is null or s.last_day >= p.closed_on))`;

interface Counts {
  table: string;
  keys: string[];
  value: string;
  /** the counted rows' keys and sign, from rows `rows` (of the detail table's columns) times `sign` */
  counted: (rows: string, sign: number) => string;
}
const month = (date: string) => `date_trunc('month', ${date})::date`;
const STARTS: Counts = {
  table: 'rollup_csp_active_starts',
  keys: ['organization_id', 'first_day', 'previous_month'],
  value: 'runs',
  counted: (rows, sign) => `select organization_id, first_day, ${month('previous_last_day')} as previous_month, ${sign} as n from ${rows} r`,
};
const DISCHARGE_MONTHS: Counts = {
  table: 'rollup_csp_discharge_months',
  keys: ['organization_id', 'closed_reason', 'month', 'previous_month'],
  value: 'discharges',
  counted: (rows, sign) => `select null::bigint as organization_id, closed_reason, ${month('closed_on')} as month, ${month('previous_closed_on')} as previous_month, ${sign} as n from ${rows} r
    union all
    select organization_id, closed_reason, ${month('closed_on')}, ${month('previous_org_closed_on')}, ${sign} from ${rows} r`,
};

/** The counts of `counted` rows (queries of Counts.counted), rows of zeros left out, in key order. */
const sumsOf = (counts: Counts, counted: string[]) => `select ${counts.keys.join(', ')}, sum(n)::int as ${counts.value}
  from (${counted.join('\n  union all\n  ')}) c group by ${counts.keys.join(', ')} having sum(n) <> 0 order by ${counts.keys.join(', ')}`;

const addTo = (counts: Counts, counted: string[]) => `insert into ${counts.table} as t (${counts.keys.join(', ')}, ${counts.value})
  ${sumsOf(counts, counted)}
  on conflict on constraint ${counts.table}_key_unique do update
  set ${counts.value} = t.${counts.value} + excluded.${counts.value}, updated_at = excluded.updated_at`;

interface Detail {
  table: string;
  columns: string[];
  of: (children: string) => string;
  counts: Counts;
  alias: string;
}
const DETAILS: Detail[] = [
  { table: 'rollup_csp_active_runs', columns: RUN_COLUMNS, of: runsOf, counts: STARTS, alias: 's' },
  { table: 'rollup_csp_discharges', columns: DISCHARGE_COLUMNS, of: dischargesOf, counts: DISCHARGE_MONTHS, alias: 'p' },
];

/** The rows of `children` (an array) deleted and inserted again as they are now, and the counts moved by the difference. */
const recompute = (detail: Detail) => `
  with gone as (delete from ${detail.table} where child_id in (select unnest(children)) returning ${detail.columns.join(', ')}),
  fresh as materialized (${detail.of(`${detail.alias}.child_id in (select unnest(children))`)}),
  kept as (insert into ${detail.table} (${detail.columns.join(', ')}) select ${detail.columns.join(', ')} from fresh)
  ${addTo(detail.counts, [detail.counts.counted('gone', -1), detail.counts.counted('fresh', 1)])}`;

const REFRESH = `
create function rollup_csp_active_discharges_refresh(children bigint[]) returns void language plpgsql as $$
begin
  if cardinality(children) = 0 or current_setting('rollups.rebuilding_csp_active_discharges', true) = 'on' then return; end if;
  ${DETAILS.map(recompute).join(';\n')};
end
$$`;

/** The children of `children` (a query), distinct and in id order. */
const childrenOf = (children: string) => `array(select distinct child_id from (${children}) c order by child_id)`;

const fn = (name: string, body: string) => `
create function ${name}() returns trigger language plpgsql as $$
${body}
$$`;

/** From the spans' triggers: the spans' writer holds the children's locks (or the whole tables, rebuilding). */
const spansChanged = (children: string) => `begin
  perform rollup_csp_active_discharges_refresh(${childrenOf(children)});
  return null;
end`;

/** A plan's reason or closing day alone does not touch its spans: the children are locked here first. */
const plansChanged = (children: string) => `declare
  changed bigint[] := ${childrenOf(children)};
  one_child bigint;
begin
  foreach one_child in array changed loop
    perform pg_advisory_xact_lock(hashtextextended('rollup_active_plans child ' || one_child, 0));
  end loop;
  perform rollup_csp_active_discharges_refresh(changed);
  return null;
end`;

const PLAN_COLUMNS = ['closed_reason', 'closed_on', 'program', 'child_id', 'organization_id'];
const CHANGED_PLAN_CHILDREN = `select n.child_id from new_rows n join old_rows o on o.id = n.id where ${differs()}
  union all select o.child_id from new_rows n join old_rows o on o.id = n.id where ${differs()}`;
function differs(): string {
  return `(${PLAN_COLUMNS.map((c) => `n.${c}`).join(', ')}) is distinct from (${PLAN_COLUMNS.map((c) => `o.${c}`).join(', ')})`;
}

const TRIGGER_FUNCTIONS: [string, string][] = [
  ['rollup_csp_active_discharges_span_insert', spansChanged('select child_id from new_rows')],
  ['rollup_csp_active_discharges_span_delete', spansChanged('select child_id from old_rows')],
  ['rollup_csp_active_discharges_plan_update', plansChanged(CHANGED_PLAN_CHILDREN)],
];

const TRIGGERS = [
  'create trigger rollup_csp_active_discharges_insert after insert on rollup_active_plan_spans referencing new table as new_rows for each statement execute function rollup_csp_active_discharges_span_insert()',
  'create trigger rollup_csp_active_discharges_delete after delete on rollup_active_plan_spans referencing old table as old_rows for each statement execute function rollup_csp_active_discharges_span_delete()',
  'create trigger rollup_csp_active_discharges_update after update on service_plans referencing old table as old_rows new table as new_rows for each statement execute function rollup_csp_active_discharges_plan_update()',
];

const compare = (table: string, stored: string, computed: string) => `return query
  with stored as materialized (${stored}), computed as materialized (${computed})
  select '${table}'::text, 'stored, not computed'::text, to_jsonb(x) from (select * from stored except all select * from computed) x
  union all
  select '${table}', 'computed, not stored', to_jsonb(x) from (select * from computed except all select * from stored) x`;

/**
 * `rollup_rebuild_csp_active_discharges()` / `rollup_differences_csp_active_discharges()` (the
 * runs and discharges against the stored spans and plans — the spans are compared with the base
 * rows by the active-plans rollups' own function — and the counts against those), and
 * `rollup_rebuild()` / `rollup_differences()` redefined to call the ones before them (renamed
 * `…_without_csp_active_discharges`) and these.
 */
const FUNCTIONS = [
  `
create function rollup_rebuild_csp_active_discharges() returns void language plpgsql as $$
begin
  lock table service_plans, rollup_active_plan_spans in share mode;
  ${DETAILS.map(
    (d) => `delete from ${d.table};
  delete from ${d.counts.table};
  insert into ${d.table} (${d.columns.join(', ')}) select ${d.columns.join(', ')} from (${d.of('true')}) x;
  ${addTo(d.counts, [d.counts.counted(d.table, 1)])}`,
  ).join(';\n  ')};
end
$$`,
  `
create function rollup_differences_csp_active_discharges() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  ${DETAILS.map(
    (d) => `${compare(d.table, `select ${d.columns.join(', ')} from ${d.table}`, `select ${d.columns.join(', ')} from (${d.of('true')}) x`)};
  ${compare(
    d.counts.table,
    `select ${d.counts.keys.join(', ')}, ${d.counts.value} from ${d.counts.table} where ${d.counts.value} <> 0`,
    sumsOf(d.counts, [d.counts.counted(`(${d.of('true')})`, 1)]),
  )}`,
  ).join(';\n  ')};
end
$$`,
  'alter function rollup_rebuild() rename to rollup_rebuild_without_csp_active_discharges',
  'alter function rollup_differences() rename to rollup_differences_without_csp_active_discharges',
  `
create function rollup_rebuild() returns void language plpgsql as $$
begin
  -- the spans rebuilt from scratch: their triggers leave these to the rebuild below
  perform set_config('rollups.rebuilding_csp_active_discharges', 'on', true);
  perform rollup_rebuild_without_csp_active_discharges();
  perform set_config('rollups.rebuilding_csp_active_discharges', 'off', true);
  perform rollup_rebuild_csp_active_discharges();
end
$$`,
  `
create function rollup_differences() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  return query select * from rollup_differences_without_csp_active_discharges();
  return query select * from rollup_differences_csp_active_discharges();
end
$$`,
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table rollup_csp_active_runs (
      id bigint generated always as identity primary key,
      child_id bigint not null,
      organization_id bigint,
      first_day date not null,
      last_day date,
      previous_last_day date,
      ${STAMPS}
    )`);
  await knex.raw(`
    create table rollup_csp_active_starts (
      id bigint generated always as identity primary key,
      organization_id bigint,
      first_day date not null,
      previous_month date,
      runs integer not null,
      ${STAMPS},
      constraint rollup_csp_active_starts_key_unique unique nulls not distinct (organization_id, first_day, previous_month)
    )`);
  await knex.raw(`
    create table rollup_csp_discharges (
      id bigint generated always as identity primary key,
      service_plan_id bigint not null,
      child_id bigint not null,
      organization_id bigint not null,
      closed_reason text not null,
      closed_on date not null,
      previous_closed_on date,
      previous_org_closed_on date,
      ${STAMPS}
    )`);
  await knex.raw(`
    create table rollup_csp_discharge_months (
      id bigint generated always as identity primary key,
      organization_id bigint,
      closed_reason text not null,
      month date not null,
      previous_month date,
      discharges integer not null,
      ${STAMPS},
      constraint rollup_csp_discharge_months_key_unique unique nulls not distinct (organization_id, closed_reason, month, previous_month)
    )`);
  await knex.raw('create index rollup_csp_active_runs_child_id_index on rollup_csp_active_runs (child_id)');
  await knex.raw('create index rollup_csp_discharges_child_id_index on rollup_csp_discharges (child_id)');
  await knex.raw(REFRESH);
  for (const [name, body] of TRIGGER_FUNCTIONS) await knex.raw(fn(name, body));
  for (const statement of [...TRIGGERS, ...FUNCTIONS]) await knex.raw(statement);
  await knex.raw('select rollup_rebuild_csp_active_discharges()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function rollup_differences()');
  await knex.raw('drop function rollup_rebuild()');
  await knex.raw('alter function rollup_rebuild_without_csp_active_discharges() rename to rollup_rebuild');
  await knex.raw('alter function rollup_differences_without_csp_active_discharges() rename to rollup_differences');
  await knex.raw('drop function rollup_differences_csp_active_discharges()');
  await knex.raw('drop function rollup_rebuild_csp_active_discharges()');
  await knex.raw('drop trigger rollup_csp_active_discharges_insert on rollup_active_plan_spans');
  await knex.raw('drop trigger rollup_csp_active_discharges_delete on rollup_active_plan_spans');
  await knex.raw('drop trigger rollup_csp_active_discharges_update on service_plans');
  for (const [name] of TRIGGER_FUNCTIONS) await knex.raw(`drop function ${name}()`);
  await knex.raw('drop function rollup_csp_active_discharges_refresh(bigint[])');
  for (const table of ['rollup_csp_discharge_months', 'rollup_csp_discharges', 'rollup_csp_active_starts', 'rollup_csp_active_runs']) await knex.raw(`drop table ${table}`);
}
