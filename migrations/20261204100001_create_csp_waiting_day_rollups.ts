import type { Knex } from 'knex';
import { islands } from './20261202100000_create_active_plan_rollups';

/**
 * `rollup_csp_waiting_days` (issue 16; docs/reports.md "CSP measures from the rollups"): per
 * organisation (and for every organisation, `organization_id` null), the change, day by day, in
 * the number of children waiting for CSP initiation — the CSP measures' `waiting_total` on any
 * date is the sum of the changes up to it, however many children wait. A row of
 * `rollup_csp_waits` (migration 20261203110000) waits from the later of its referral and its
 * eligibility decision to the day before `waits_until`; a child's rows merged into maximal runs
 * (per organisation, and for every organisation) give +1 on a run's first day and −1 the day
 * after its last.
 *
 * Kept in the writing transaction by statement-level triggers on `rollup_csp_waits` (insert,
 * delete: its own triggers rewrite a referral child's row as delete and insert): the children the
 * statement touched have their runs worked out without the statement's rows (as they were) and
 * with them (as they are), and the days move by the difference, in key order. Lock order: a
 * transaction advisory lock per child, in child id order, before anything is read; then the
 * state is read in a fresh READ COMMITTED snapshot, which holds every committed change of those
 * children, and the transaction's own.
 */
const STAMPS = 'created_at timestamptz not null default now(), updated_at timestamptz not null default now()';

/** The waiting runs of the rows of `rows` (rollup_csp_waits' columns) that `where` keeps (a condition on `w`), per child and organisation and for every organisation. */
const runsOf = (rows: string, where: string) =>
  islands(
    `select w.child_id, scope.organization_id, greatest(w.referral_date, w.eligibility_decided_on) as first_day,
            nullif(w.waits_until, 'infinity'::date) - 1 as last_day
     from ${rows} w cross join lateral (values (w.organization_id), (null::bigint)) scope (organization_id)
     where w.eligibility_decided_on is not null and ${where}`,
    'child_id, organization_id',
  );

/** +1 on the first day of each run of `runs`, −1 the day after its last, times `sign`. */
const changesOf = (runs: string, sign: number) => `select organization_id, first_day as day, ${sign} as n from (${runs}) r
  union all
  select organization_id, last_day + 1, ${-sign} from (${runs}) r where last_day is not null`;

const sumsOf = (changes: string[]) => `select organization_id, day, sum(n)::int as children
  from (${changes.join('\n  union all\n  ')}) c group by organization_id, day having sum(n) <> 0 order by organization_id nulls first, day`;

const addTo = (changes: string[]) => `insert into rollup_csp_waiting_days as t (organization_id, day, children)
  ${sumsOf(changes)}
  on conflict on constraint rollup_csp_waiting_days_key_unique do update
  set children = t.children + excluded.children, updated_at = excluded.updated_at`;

const WAIT_COLUMNS = 'child_id, organization_id, referral_date, eligibility_decided_on, waits_until';

/**
 * The trigger of a statement that inserted (`new_rows`) or deleted (`old_rows`) rows: its
 * children's runs with the rows as they are, less their runs without the inserted rows or with
 * the deleted ones put back (as they were). `theirs` picks the children's waits (migration
 * 20261208100100 reads them by index).
 */
export function changed(rows: 'new_rows' | 'old_rows', theirs = 'w.child_id in (select unnest(children))'): string {
  const before =
    rows === 'new_rows'
      ? runsOf('rollup_csp_waits', `${theirs} and w.id not in (select id from new_rows)`)
      : runsOf(`(select ${WAIT_COLUMNS} from rollup_csp_waits union all select ${WAIT_COLUMNS} from old_rows)`, theirs);
  return `
create or replace function rollup_csp_waiting_days_${rows === 'new_rows' ? 'insert' : 'delete'}() returns trigger language plpgsql as $$
declare
  children bigint[] := array(select distinct child_id from ${rows} order by child_id);
  one_child bigint;
begin
  if cardinality(children) = 0 or current_setting('rollups.rebuilding_csp_waiting_days', true) = 'on' then return null; end if;
  foreach one_child in array children loop
    perform pg_advisory_xact_lock(hashtextextended('rollup_csp_waiting_days child ' || one_child, 0));
  end loop;
  ${addTo([changesOf(runsOf('rollup_csp_waits', theirs), 1), changesOf(before, -1)])};
  return null;
end
$$`;
}

const TRIGGERS = [
  'create trigger rollup_csp_waiting_days_insert after insert on rollup_csp_waits referencing new table as new_rows for each statement execute function rollup_csp_waiting_days_insert()',
  'create trigger rollup_csp_waiting_days_delete after delete on rollup_csp_waits referencing old table as old_rows for each statement execute function rollup_csp_waiting_days_delete()',
];

/**
 * `rollup_rebuild_csp_waiting_days()` / `rollup_differences_csp_waiting_days()` (the days
 * against `rollup_csp_waits`, itself compared with the base rows by its own part), and
 * `rollup_rebuild()` / `rollup_differences()` redefined to call the ones before them (renamed
 * `…_without_csp_waiting_days`) and these.
 */
const FUNCTIONS = [
  `
create function rollup_rebuild_csp_waiting_days() returns void language plpgsql as $$
begin
  lock table rollup_csp_waits in share mode;
  delete from rollup_csp_waiting_days;
  ${addTo([changesOf(runsOf('rollup_csp_waits', 'true'), 1)])};
end
$$`,
  `
create function rollup_differences_csp_waiting_days() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  return query
  with stored as materialized (select organization_id, day, children from rollup_csp_waiting_days where children <> 0),
  computed as materialized (${sumsOf([changesOf(runsOf('rollup_csp_waits', 'true'), 1)])})
  select 'rollup_csp_waiting_days'::text, 'stored, not computed'::text, to_jsonb(x) from (select * from stored except all select * from computed) x
  union all
  select 'rollup_csp_waiting_days', 'computed, not stored', to_jsonb(x) from (select * from computed except all select * from stored) x;
end
$$`,
  'alter function rollup_rebuild() rename to rollup_rebuild_without_csp_waiting_days',
  'alter function rollup_differences() rename to rollup_differences_without_csp_waiting_days',
  `
create function rollup_rebuild() returns void language plpgsql as $$
begin
  -- rollup_csp_waits rebuilt from scratch: its triggers leave the days to the rebuild below
  perform set_config('rollups.rebuilding_csp_waiting_days', 'on', true);
  perform rollup_rebuild_without_csp_waiting_days();
  perform set_config('rollups.rebuilding_csp_waiting_days', 'off', true);
  perform rollup_rebuild_csp_waiting_days();
end
$$`,
  `
create function rollup_differences() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  return query select * from rollup_differences_without_csp_waiting_days();
  return query select * from rollup_differences_csp_waiting_days();
end
$$`,
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table rollup_csp_waiting_days (
      id bigint generated always as identity primary key,
      organization_id bigint,
      day date not null,
      children integer not null,
      ${STAMPS},
      constraint rollup_csp_waiting_days_key_unique unique nulls not distinct (organization_id, day)
    )`);
  for (const statement of [changed('new_rows'), changed('old_rows'), ...TRIGGERS, ...FUNCTIONS]) await knex.raw(statement);
  await knex.raw('select rollup_rebuild_csp_waiting_days()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function rollup_differences()');
  await knex.raw('drop function rollup_rebuild()');
  await knex.raw('alter function rollup_rebuild_without_csp_waiting_days() rename to rollup_rebuild');
  await knex.raw('alter function rollup_differences_without_csp_waiting_days() rename to rollup_differences');
  await knex.raw('drop function rollup_differences_csp_waiting_days()');
  await knex.raw('drop function rollup_rebuild_csp_waiting_days()');
  for (const event of ['insert', 'delete']) {
    await knex.raw(`drop trigger rollup_csp_waiting_days_${event} on rollup_csp_waits`);
    await knex.raw(`drop function rollup_csp_waiting_days_${event}()`);
  }
  await knex.raw('drop table rollup_csp_waiting_days');
}
