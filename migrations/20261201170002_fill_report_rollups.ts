import type { Knex } from 'knex';

/**
 * Fills the report rollups from the rows already there (a fresh database has none): one pass
 * over referrals and payments.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('select rollup_rebuild()');
}

export async function down(): Promise<void> {
  // The rollups' rows go with their tables (migration 20261201170000).
}
