import type { Knex } from 'knex';

/**
 * A readable line of what each audit row changed (`title: Call school → Call the school;
 * body: 24 → 41 characters`), written with the row (server/history/summary.ts), so the audit
 * list and its CSV show a diff without reading the whole `changes` copy. Rows written before
 * get theirs from migration 20261202170200.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_events', (t) => {
    t.text('summary').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_events', (t) => {
    t.dropColumn('summary');
  });
}
