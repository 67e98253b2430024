import type { Knex } from 'knex';

/**
 * `rollup_rebuild()` and `rollup_differences()` (`npm run rollups:rebuild` / `rollups:verify`)
 * cover the active-plans rollups too (migration 20261202100000): the functions as they were
 * keep their work under a name of their own, and the two names now run them and the
 * active-plans ones, in one transaction and (for the comparison) on one snapshot.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter function rollup_rebuild() rename to rollup_rebuild_sums');
  await knex.raw('alter function rollup_differences() rename to rollup_differences_sums');
  await knex.raw(`
    create function rollup_rebuild() returns void language plpgsql as $$
    begin
      perform rollup_rebuild_sums();
      perform rollup_rebuild_active_plans();
    end
    $$`);
  await knex.raw(`
    create function rollup_differences() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
    begin
      return query select * from rollup_differences_sums();
      return query select * from rollup_differences_active_plans();
    end
    $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function rollup_differences()');
  await knex.raw('drop function rollup_rebuild()');
  await knex.raw('alter function rollup_differences_sums() rename to rollup_differences');
  await knex.raw('alter function rollup_rebuild_sums() rename to rollup_rebuild');
}
