import type { Knex } from 'knex';

/**
 * A child registered before any referral or placement names it belongs to no scope, so the
 * organisation that registered it could not see it. Remember who registered it; scope uses it
 * only until the child is linked (see docs/access.md).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('children', (t) => {
    t.bigInteger('registered_by_organization_id').nullable();
    t.foreign('registered_by_organization_id', 'children_registered_by_organization_id_foreign').references('id').inTable('organizations').onDelete('RESTRICT');
    t.index(['registered_by_organization_id'], 'children_registered_by_organization_id_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('children', (t) => {
    t.dropForeign(['registered_by_organization_id'], 'children_registered_by_organization_id_foreign');
    t.dropIndex(['registered_by_organization_id'], 'children_registered_by_organization_id_index');
    t.dropColumn('registered_by_organization_id');
  });
}
