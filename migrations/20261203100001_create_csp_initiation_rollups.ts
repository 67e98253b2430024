import type { Knex } from 'knex';
import { BY_MONTHS_OF_AGE, createTables, rebuildAndDifferences, ROLLUP_TABLES, triggerFunctions } from './support/cspInitiationRollups';

/**
 * The CSP initiations rollups (issue 16; docs/reports.md "CSP measures from the rollups"): CSP
 * initiations counted per month of initiation, month of the child's previous CSP initiation
 * (by organisation: the previous one in that organisation) and completed months of age on the
 * initiation day, with the days waited summed — for the CSP measures' `initiations_*`,
 * `average_age_months` and `wait_days_total` of a period of whole months. As in the wait-times
 * rollups (migration 20261202110000), an initiation is its child's earliest in a period that
 * starts on the first of a month exactly when its previous one is in an earlier month (or there
 * is none); on one day, the lower plan id comes first.
 *
 * Kept in the writing transaction by statement-level triggers on `service_plans` (initiation,
 * organisation, child, referral, programme), on `referrals` (the date a wait starts from) and on
 * `children` (the birth date an age is counted from): each recomputes the children the statement
 * touched, subtracting their initiations as they were and adding them as they are. Lock order:
 * the referrals of the plans (share, by id; a referral's own update already holds it), then
 * their children (share, by id; a child's own update already holds it), then one transaction
 * advisory lock per child (the wait-times rollups' key, so one lock orders both); the state is
 * read after the locks, in a fresh READ COMMITTED snapshot, so no two writers decide from a
 * snapshot that misses the other's date.
 */
const TRIGGER_FUNCTIONS = triggerFunctions(BY_MONTHS_OF_AGE);

const TRIGGERS = [
  'create trigger rollup_csp_initiations_insert after insert on service_plans referencing new table as new_rows for each statement execute function rollup_csp_initiations_insert()',
  'create trigger rollup_csp_initiations_update after update on service_plans referencing old table as old_rows new table as new_rows for each statement execute function rollup_csp_initiations_update()',
  'create trigger rollup_csp_initiations_delete after delete on service_plans referencing old table as old_rows for each statement execute function rollup_csp_initiations_delete()',
  'create trigger rollup_csp_initiations_truncate after truncate on service_plans for each statement execute function rollup_csp_initiations_truncate()',
  'create trigger rollup_csp_initiations_referral_update after update on referrals referencing old table as old_rows new table as new_rows for each statement execute function rollup_csp_initiations_referral_update()',
  'create trigger rollup_csp_initiations_child_update after update on children referencing old table as old_rows new table as new_rows for each statement execute function rollup_csp_initiations_child_update()',
];

/**
 * `rollup_rebuild_csp_initiations()` / `rollup_differences_csp_initiations()`, and
 * `rollup_rebuild()` / `rollup_differences()` redefined to call the ones before them (renamed
 * `…_without_csp_initiations`) and these.
 */
const FUNCTIONS = [
  ...rebuildAndDifferences(BY_MONTHS_OF_AGE),
  'alter function rollup_rebuild() rename to rollup_rebuild_without_csp_initiations',
  'alter function rollup_differences() rename to rollup_differences_without_csp_initiations',
  `
create function rollup_rebuild() returns void language plpgsql as $$
begin
  perform rollup_rebuild_without_csp_initiations();
  perform rollup_rebuild_csp_initiations();
end
$$`,
  `
create function rollup_differences() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  return query select * from rollup_differences_without_csp_initiations();
  return query select * from rollup_differences_csp_initiations();
end
$$`,
];

export async function up(knex: Knex): Promise<void> {
  for (const table of createTables(BY_MONTHS_OF_AGE)) await knex.raw(table);
  for (const [, definition] of TRIGGER_FUNCTIONS) await knex.raw(definition);
  for (const statement of [...TRIGGERS, ...FUNCTIONS]) await knex.raw(statement);
  // one pass over the initiated plans with their referrals and children (a group by, no loop)
  await knex.raw('select rollup_rebuild_csp_initiations()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function rollup_differences()');
  await knex.raw('drop function rollup_rebuild()');
  await knex.raw('alter function rollup_rebuild_without_csp_initiations() rename to rollup_rebuild');
  await knex.raw('alter function rollup_differences_without_csp_initiations() rename to rollup_differences');
  await knex.raw('drop function rollup_differences_csp_initiations()');
  await knex.raw('drop function rollup_rebuild_csp_initiations()');
  for (const event of ['insert', 'update', 'delete', 'truncate']) await knex.raw(`drop trigger rollup_csp_initiations_${event} on service_plans`);
  await knex.raw('drop trigger rollup_csp_initiations_referral_update on referrals');
  await knex.raw('drop trigger rollup_csp_initiations_child_update on children');
  for (const [name] of TRIGGER_FUNCTIONS) await knex.raw(`drop function ${name}()`);
  for (const table of ROLLUP_TABLES) await knex.raw(`drop table ${table}`);
}
