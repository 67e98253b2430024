import type { Knex } from 'knex';

/** Why finance rejected a support request: the reject action asks for it, the request shows it. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('support_requests', (t) => {
    t.text('decision_reason').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('support_requests', (t) => {
    t.dropColumn('decision_reason');
  });
}
