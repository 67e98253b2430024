import type { Knex } from 'knex';
import { enumCheck, foreignKey } from './support/schema';

/**
 * Confirmed respite stays go to ICM through the outbox, associated with the placement's
 * referral (the child's request for service), and the stay keeps its delivery status as a
 * check-in does. Stays confirmed before this change were never sent: they start `not_sent`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('respite_stays', (t) => {
    t.text('icm_status').notNullable().defaultTo('not_sent');
    t.text('icm_reference').nullable();
    enumCheck(t, 'respite_stays', 'icm_status', ['not_sent', 'pending', 'sent', 'failed']);
  });
  await knex.schema.alterTable('outbox_messages', (t) => {
    foreignKey(t, 'outbox_messages', 'respite_stay_id', 'respite_stays', { nullable: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox_messages', (t) => {
    t.dropForeign(['respite_stay_id'], 'outbox_messages_respite_stay_id_foreign');
    t.dropIndex(['respite_stay_id'], 'outbox_messages_respite_stay_id_index');
    t.dropColumn('respite_stay_id');
  });
  await knex.schema.alterTable('respite_stays', (t) => {
    t.dropChecks(['respite_stays_icm_status_check']);
    t.dropColumns('icm_status', 'icm_reference');
  });
}
