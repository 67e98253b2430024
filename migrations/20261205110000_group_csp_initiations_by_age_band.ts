import type { Knex } from 'knex';
import { BY_AGE_BAND, BY_MONTHS_OF_AGE, createTables, rebuildAndDifferences, ROLLUP_TABLES, triggerFunctions, type AgeGrain } from './support/cspInitiationRollups';

/**
 * The CSP initiations rollups (migration 20261203100001) keyed by the measures' age bands
 * instead of completed months of age, the months summed beside for the average age (issue 16;
 * docs/reports.md "CSP measures from the rollups"). With a key per month of age a fiscal year
 * held 5,350 rows at 100,000 children and 27,419 at a million (month × previous month × ~280
 * ages, filled as the population grows); by band it holds at most month × previous month × 4,
 * whatever the population. Same triggers (they call these functions by name), same lock order,
 * same rebuild and comparison; the tables are emptied and filled again from the base tables.
 */
async function regrain(knex: Knex, grain: AgeGrain): Promise<void> {
  for (const table of ROLLUP_TABLES) await knex.raw(`drop table ${table}`);
  for (const table of createTables(grain)) await knex.raw(table);
  for (const [, definition] of triggerFunctions(grain, 'create or replace')) await knex.raw(definition);
  for (const definition of rebuildAndDifferences(grain, 'create or replace')) await knex.raw(definition);
  // one pass over the initiated plans with their referrals and children (a group by, no loop)
  await knex.raw('select rollup_rebuild_csp_initiations()');
}

export async function up(knex: Knex): Promise<void> {
  await regrain(knex, BY_AGE_BAND);
}

export async function down(knex: Knex): Promise<void> {
  await regrain(knex, BY_MONTHS_OF_AGE);
}
