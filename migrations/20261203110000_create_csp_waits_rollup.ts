import type { Knex } from 'knex';

/**
 * `rollup_csp_waits` (issue 16; docs/reports.md "Children waiting from the rollup"): one row per
 * eligible child of a CSP referral, with what the wait-times report's `waiting` list needs of it
 * and `waits_until`, the first day it no longer waits (its first CSP initiation for that referral
 * or its closing, whichever is earlier; 'infinity' while neither). The children waiting on a
 * date D are then the rows with `waits_until` > D, eligible (`eligibility_decided_on`) and
 * referred (`referral_date`) on or before D: one range of one index, instead of every eligible
 * referral child of both programmes joined with every CSP referral.
 *
 * Kept in the writing transaction by statement-level triggers on `referral_children` (insert,
 * delete, truncate, and an update of any column the row copies; `csp_initiated_on` is itself
 * kept by the plans' triggers through updates of `referral_children`) and on `referrals`
 * (update of the programme, date or organisation): each deletes the rows of the referral
 * children the statement touched and inserts them again from the base rows as they are now.
 * Lock order: a referral-children statement first locks their referrals `for share` (by id), so
 * it waits for a transaction changing one of those referrals (which holds the referral's row)
 * and then reads it as committed, in a fresh READ COMMITTED snapshot; writers of one referral
 * child are already in line on its row.
 */
const STAMPS = 'created_at timestamptz not null default now(), updated_at timestamptz not null default now()';

const COLUMNS = ['referral_child_id', 'referral_id', 'child_id', 'organization_id', 'referral_date', 'eligibility_decided_on', 'waits_until', 'priority', 'priority_reason'];

/** The rows of the eligible CSP referral children `rc` that `where` keeps, as they are. */
const waitsOf = (where: string) => `select rc.id, rc.referral_id, rc.child_id, r.organization_id, r.referral_date, rc.eligibility_decided_on,
         least(coalesce(rc.csp_initiated_on, 'infinity'::date), coalesce(rc.closed_on, 'infinity'::date)), rc.priority, rc.priority_reason
    from referral_children rc join referrals r on r.id = rc.referral_id
   where rc.eligibility = 'eligible' and r.program = 'CSP' and ${where}`;

const refill = (where: string) => `insert into rollup_csp_waits (${COLUMNS.join(', ')}) ${waitsOf(where)} order by rc.id`;

/** The referral-children columns a row copies or derives from. */
const CHILD_COLUMNS = ['referral_id', 'child_id', 'eligibility', 'eligibility_decided_on', 'closed_on', 'csp_initiated_on', 'priority', 'priority_reason'];

/** Rewrites the rows of the referral children of `changed` (a relation with id and referral_id). */
const childrenChange = (changed: string) => `
  perform 1 from ${changed} x limit 1;
  if not found then return null; end if;
  perform 1 from referrals r where r.id in (select referral_id from ${changed} x) order by r.id for share;
  delete from rollup_csp_waits w where w.referral_child_id in (select id from ${changed} x);
  ${refill(`rc.id in (select id from ${changed} x)`)}`;

const CHANGED_CHILDREN = `(select n.id, n.referral_id from new_rows n join old_rows o on o.id = n.id
    where (${CHILD_COLUMNS.map((c) => `n.${c}`).join(', ')}) is distinct from (${CHILD_COLUMNS.map((c) => `o.${c}`).join(', ')})
   union all
   select o.id, o.referral_id from old_rows o join new_rows n on n.id = o.id where n.referral_id is distinct from o.referral_id)`;

const MOVED_REFERRALS = `(select n.id from new_rows n join old_rows o on o.id = n.id
    where (n.program, n.referral_date, n.organization_id) is distinct from (o.program, o.referral_date, o.organization_id))`;

const REFERRAL_CHANGE = `
  perform 1 from ${MOVED_REFERRALS} m limit 1;
  if not found then return null; end if;
  delete from rollup_csp_waits w where w.referral_id in (select id from ${MOVED_REFERRALS} m);
  ${refill(`rc.referral_id in (select id from ${MOVED_REFERRALS} m)`)}`;

const fn = (name: string, body: string) => `
create function ${name}() returns trigger language plpgsql as $$
begin
  ${body};
  return null;
end
$$`;

const TRIGGER_FUNCTIONS = [
  fn('rollup_csp_waits_insert', childrenChange('new_rows')),
  fn('rollup_csp_waits_update', childrenChange(CHANGED_CHILDREN)),
  fn('rollup_csp_waits_delete', childrenChange('old_rows')),
  fn('rollup_csp_waits_truncate', 'delete from rollup_csp_waits'),
  fn('rollup_csp_waits_referral_update', REFERRAL_CHANGE),
];

const TRIGGERS = [
  'create trigger rollup_csp_waits_insert after insert on referral_children referencing new table as new_rows for each statement execute function rollup_csp_waits_insert()',
  'create trigger rollup_csp_waits_update after update on referral_children referencing old table as old_rows new table as new_rows for each statement execute function rollup_csp_waits_update()',
  'create trigger rollup_csp_waits_delete after delete on referral_children referencing old table as old_rows for each statement execute function rollup_csp_waits_delete()',
  'create trigger rollup_csp_waits_truncate after truncate on referral_children for each statement execute function rollup_csp_waits_truncate()',
  'create trigger rollup_csp_waits_referral_update after update on referrals referencing old table as old_rows new table as new_rows for each statement execute function rollup_csp_waits_referral_update()',
];

/**
 * `rollup_rebuild_csp_waits()` and `rollup_differences_csp_waits()`, and the main
 * `rollup_rebuild()` / `rollup_differences()` redefined to call the ones before them (renamed
 * `…_without_csp_waits`) and these.
 */
const FUNCTIONS = [
  `
create function rollup_rebuild_csp_waits() returns void language plpgsql as $$
begin
  lock table referrals, referral_children in share mode;
  delete from rollup_csp_waits;
  ${refill('true')};
end
$$`,
  `
create function rollup_differences_csp_waits() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  return query
  with stored as materialized (select ${COLUMNS.join(', ')} from rollup_csp_waits),
  computed as materialized (${waitsOf('true')})
  select 'rollup_csp_waits'::text, 'stored, not computed'::text, to_jsonb(x) from (select * from stored except all select * from computed) x
  union all
  select 'rollup_csp_waits', 'computed, not stored', to_jsonb(x) from (select * from computed except all select * from stored) x;
end
$$`,
  'alter function rollup_rebuild() rename to rollup_rebuild_without_csp_waits',
  'alter function rollup_differences() rename to rollup_differences_without_csp_waits',
  `
create function rollup_rebuild() returns void language plpgsql as $$
begin
  perform rollup_rebuild_without_csp_waits();
  perform rollup_rebuild_csp_waits();
end
$$`,
  `
create function rollup_differences() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  return query select * from rollup_differences_without_csp_waits();
  return query select * from rollup_differences_csp_waits();
end
$$`,
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table rollup_csp_waits (
      id bigint generated always as identity primary key,
      referral_child_id bigint not null,
      referral_id bigint not null,
      child_id bigint not null,
      organization_id bigint not null,
      referral_date date not null,
      eligibility_decided_on date,
      waits_until date not null,
      priority text not null,
      priority_reason text,
      ${STAMPS},
      constraint rollup_csp_waits_referral_child_id_unique unique (referral_child_id)
    )`);
  await knex.raw('create index rollup_csp_waits_referral_id_index on rollup_csp_waits (referral_id)');
  // The waiting on D: waits_until > D, then both dates <= D inside the index (skip scan).
  await knex.raw('create index rollup_csp_waits_waiting_index on rollup_csp_waits (waits_until, eligibility_decided_on, referral_date) include (child_id, referral_id)');
  await knex.raw(
    'create index rollup_csp_waits_organization_waiting_index on rollup_csp_waits (organization_id, waits_until, eligibility_decided_on, referral_date) include (child_id, referral_id)',
  );
  for (const statement of [...TRIGGER_FUNCTIONS, ...TRIGGERS, ...FUNCTIONS]) await knex.raw(statement);
  await knex.raw('select rollup_rebuild_csp_waits()');
  await knex.raw('analyze rollup_csp_waits');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function rollup_differences()');
  await knex.raw('drop function rollup_rebuild()');
  await knex.raw('alter function rollup_rebuild_without_csp_waits() rename to rollup_rebuild');
  await knex.raw('alter function rollup_differences_without_csp_waits() rename to rollup_differences');
  await knex.raw('drop function rollup_differences_csp_waits()');
  await knex.raw('drop function rollup_rebuild_csp_waits()');
  for (const event of ['insert', 'update', 'delete', 'truncate']) {
    await knex.raw(`drop trigger rollup_csp_waits_${event} on referral_children`);
    await knex.raw(`drop function rollup_csp_waits_${event}()`);
  }
  await knex.raw('drop trigger rollup_csp_waits_referral_update on referrals');
  await knex.raw('drop function rollup_csp_waits_referral_update()');
  await knex.raw('drop table rollup_csp_waits');
}
