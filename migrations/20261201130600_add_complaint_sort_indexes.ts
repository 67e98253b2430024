import type { Knex } from 'knex';

/**
 * The complaints register's sortable fields get the `(field, id)` index every list that grows
 * with the children has (migration 20261201120000 says why): a page of the ministry's whole
 * register, in any declared order, reads 25 index entries instead of sorting the table.
 * test/platform/sortIndexes.test.ts checks each declared sort against the catalogue.
 */
const SORTS = ['received_on', 'resolved_on', 'status', 'category', 'received_from', 'created_at', 'updated_at'];

const indexName = (column: string) => `complaints_${column}_id_index`;

export async function up(knex: Knex): Promise<void> {
  for (const column of SORTS) await knex.raw('create index ?? on complaints (??, id)', [indexName(column), column]);
}

export async function down(knex: Knex): Promise<void> {
  for (const column of SORTS) await knex.raw('drop index ??', [indexName(column)]);
}
