import type { Knex } from 'knex';
import { changedPlans, initiated, type InitiationWrites, NO_PLANS, planChange, referralDateChange, STAMPS, triggerFunction } from './support/cspInitiationRollups';

/**
 * The wait-times rollups (issue 16; docs/reports.md "Rollups"): CSP initiations counted per month
 * of initiation and days waited (the report's exact medians and percentiles come from counts per
 * day value instead of every initiation of the period), for every organisation and by
 * organisation.
 *
 * The report counts each child once, at its earliest CSP initiation in the period, which sums of
 * months cannot give by themselves: each initiation is also keyed by the month of the child's
 * previous CSP initiation (`previous_month`; by organisation, the previous one in that
 * organisation), null for its first. An initiation is a child's earliest in a period starting on
 * the first of a month exactly when its previous one is in an earlier month (or there is none);
 * on one day, the lower plan id comes first, as in the report.
 *
 * Kept in the writing transaction by statement-level triggers on `service_plans` (initiation,
 * organisation, child, referral, programme) and on `referrals` (the date a wait starts from):
 * each recomputes the children the statement touched, subtracting their initiations as they
 * were (the table without the statement's new rows, with its old rows) and adding them as they
 * are. Lock order: the referrals of the plans (share, by id; a referral's own update already
 * holds it), then one transaction advisory lock per child (by id); the state is read after the
 * locks, in a fresh READ COMMITTED snapshot, so two writers for one child or one referral
 * cannot each decide from a snapshot that misses the other.
 */

/**
 * The initiations of the plans `plans` (relation of service_plans' columns, every initiated CSP
 * plan of each child it holds), counted `sign` times, with their rollup keys; `date` is the
 * date their waits start from (default: their referral's).
 */
const initiationsOf = (plans: string, sign: number, date = 'r.referral_date') => `select ${sign} as sign, p.id, p.referral_id,
         date_trunc('month', p.initiated_on)::date as month, p.organization_id, p.initiated_on - ${date} as days,
         date_trunc('month', lag(p.initiated_on) over (partition by p.child_id order by p.initiated_on, p.id))::date as previous_month,
         date_trunc('month', lag(p.initiated_on) over (partition by p.child_id, p.organization_id order by p.initiated_on, p.id))::date as previous_org_month
    from ${plans} p join referrals r on r.id = p.referral_id`;

interface WaitRollup {
  table: string;
  keys: string[];
  /** the key columns as computed from `initiations` rows */
  values: string[];
}
const WAIT_ROLLUPS: WaitRollup[] = [
  { table: 'rollup_initiation_waits', keys: ['month', 'days', 'previous_month'], values: ['month', 'days', 'previous_month'] },
  {
    table: 'rollup_initiation_waits_by_organization',
    keys: ['organization_id', 'month', 'days', 'previous_month'],
    values: ['organization_id', 'month', 'days', 'previous_org_month'],
  },
];

/** The rollup's rows summed from `initiations` (relation of initiationsOf rows), in key order, zeros left out. */
const sumsOf = (rollup: WaitRollup, initiations: string) => `select ${rollup.values.map((v, i) => `${v} as ${rollup.keys[i]}`).join(', ')}, sum(sign)::int as initiations
  from ${initiations} i group by ${rollup.values.join(', ')} having sum(sign) <> 0 order by ${rollup.values.join(', ')}`;

const addTo = (rollup: WaitRollup, initiations: string) => `insert into ${rollup.table} as t (${rollup.keys.join(', ')}, initiations)
  ${sumsOf(rollup, initiations)}
  on conflict on constraint ${rollup.table}_key_unique do update set initiations = t.initiations + excluded.initiations, updated_at = excluded.updated_at`;

/** Adds `initiations` to both rollups, in one statement (a CTE of the statement is `initiations`). */
const addToBoth = (ctes: string) => `with ${ctes},
  by_organization as (${addTo(WAIT_ROLLUPS[1], 'initiations')} returning 1)
  ${addTo(WAIT_ROLLUPS[0], 'initiations')}`;

/** Locks every child of `children` (a relation with child_id), in id order. */
const lockChildren = (children: string) =>
  `perform pg_advisory_xact_lock(hashtextextended('rollup_initiation_waits child ' || c.child_id, 0)) from (select distinct child_id from ${children} c0 order by child_id) c`;

/**
 * The trigger bodies are the CSP initiations rollups' (migrations/support/cspInitiationRollups.ts)
 * with these rollups' initiations (no age), locks (the advisory lock per child only) and inserts.
 * A referral's new date changes the waits of its plans' initiations: each is subtracted with its
 * old date and added with its new one.
 */
const WRITES: InitiationWrites = { initiationsOf, lockChildren, addToBoth };

function triggerFunctions(): string[] {
  const fn = (name: string, body: string) => triggerFunction('create', name, body);
  return [
    fn('rollup_initiation_waits_insert', planChange(WRITES, NO_PLANS, 'new_rows')),
    fn('rollup_initiation_waits_update', planChange(WRITES, changedPlans('old_rows'), changedPlans('new_rows'))),
    fn('rollup_initiation_waits_delete', planChange(WRITES, 'old_rows', NO_PLANS)),
    fn('rollup_initiation_waits_truncate', WAIT_ROLLUPS.map((r) => `delete from ${r.table}`).join('; ')),
    fn('rollup_initiation_waits_referral_update', referralDateChange(WRITES)),
  ];
}

const TRIGGERS = [
  'create trigger rollup_initiation_waits_insert after insert on service_plans referencing new table as new_rows for each statement execute function rollup_initiation_waits_insert()',
  'create trigger rollup_initiation_waits_update after update on service_plans referencing old table as old_rows new table as new_rows for each statement execute function rollup_initiation_waits_update()',
  'create trigger rollup_initiation_waits_delete after delete on service_plans referencing old table as old_rows for each statement execute function rollup_initiation_waits_delete()',
  'create trigger rollup_initiation_waits_truncate after truncate on service_plans for each statement execute function rollup_initiation_waits_truncate()',
  'create trigger rollup_initiation_waits_referral_update after update on referrals referencing old table as old_rows new table as new_rows for each statement execute function rollup_initiation_waits_referral_update()',
];

/** Every initiation, from scratch. */
const ALL_INITIATIONS = `(${initiationsOf(initiated('service_plans'), 1)})`;

/**
 * `rollup_rebuild_wait_times()` and `rollup_differences_wait_times()`, and the main
 * `rollup_rebuild()` / `rollup_differences()` redefined to call the ones before them (renamed
 * `…_without_wait_times`) and these.
 */
const compare = (rollup: WaitRollup) => `return query
  with stored as materialized (select ${rollup.keys.join(', ')}, initiations from ${rollup.table} where initiations <> 0),
  computed as materialized (${sumsOf(rollup, ALL_INITIATIONS)})
  select '${rollup.table}'::text, 'stored, not computed'::text, to_jsonb(x) from (select * from stored except all select * from computed) x
  union all
  select '${rollup.table}', 'computed, not stored', to_jsonb(x) from (select * from computed except all select * from stored) x`;

const FUNCTIONS = [
  `
create function rollup_rebuild_wait_times() returns void language plpgsql as $$
begin
  lock table referrals, service_plans in share mode;
  ${WAIT_ROLLUPS.map((r) => `delete from ${r.table};\n  ${addTo(r, ALL_INITIATIONS)}`).join(';\n  ')};
end
$$`,
  `
create function rollup_differences_wait_times() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  ${WAIT_ROLLUPS.map(compare).join(';\n  ')};
end
$$`,
  'alter function rollup_rebuild() rename to rollup_rebuild_without_wait_times',
  'alter function rollup_differences() rename to rollup_differences_without_wait_times',
  `
create function rollup_rebuild() returns void language plpgsql as $$
begin
  perform rollup_rebuild_without_wait_times();
  perform rollup_rebuild_wait_times();
end
$$`,
  `
create function rollup_differences() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  return query select * from rollup_differences_without_wait_times();
  return query select * from rollup_differences_wait_times();
end
$$`,
];

export async function up(knex: Knex): Promise<void> {
  for (const rollup of WAIT_ROLLUPS) {
    await knex.raw(`
    create table ${rollup.table} (
      id bigint generated always as identity primary key,
      ${rollup.keys.map((k) => `${k} ${k === 'days' ? 'integer' : k === 'organization_id' ? 'bigint' : 'date'}${k === 'previous_month' ? '' : ' not null'}`).join(',\n      ')},
      initiations integer not null,
      ${STAMPS},
      constraint ${rollup.table}_key_unique unique nulls not distinct (${rollup.keys.join(', ')})
    )`);
  }
  for (const statement of [...triggerFunctions(), ...TRIGGERS, ...FUNCTIONS]) await knex.raw(statement);
  await knex.raw('select rollup_rebuild_wait_times()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function rollup_differences()');
  await knex.raw('drop function rollup_rebuild()');
  await knex.raw('alter function rollup_rebuild_without_wait_times() rename to rollup_rebuild');
  await knex.raw('alter function rollup_differences_without_wait_times() rename to rollup_differences');
  await knex.raw('drop function rollup_differences_wait_times()');
  await knex.raw('drop function rollup_rebuild_wait_times()');
  for (const event of ['insert', 'update', 'delete', 'truncate']) {
    await knex.raw(`drop trigger rollup_initiation_waits_${event} on service_plans`);
    await knex.raw(`drop function rollup_initiation_waits_${event}()`);
  }
  await knex.raw('drop trigger rollup_initiation_waits_referral_update on referrals');
  await knex.raw('drop function rollup_initiation_waits_referral_update()');
  for (const rollup of WAIT_ROLLUPS) await knex.raw(`drop table ${rollup.table}`);
}
