import type { Knex } from 'knex';

/**
 * A notification says what it says by message code too (contract/messages.ts), beside its
 * English `message`: `message_parts` lists its sentences as `{ message_code, params }`, so the
 * dashboard shows each in the reader's language. Rows written before this keep an empty list
 * (their English shows).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.jsonb('message_parts').notNullable().defaultTo(knex.raw(`'[]'::jsonb`));
    t.check(`jsonb_typeof(message_parts) = 'array'`, [], 'notifications_message_parts_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.dropChecks('notifications_message_parts_check');
    t.dropColumn('message_parts');
  });
}
