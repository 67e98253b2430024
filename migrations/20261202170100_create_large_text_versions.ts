import type { Knex } from 'knex';
import { identity, timestamps } from './support/schema';

/**
 * The earlier versions of a record's large texts (a daily log entry's body), kept apart from
 * the audit trail, which records only their digest and size: an update writes the text it
 * replaces here, in its own transaction, and only a restore reads it back
 * (server/history/largeTextVersions.ts). A version is found by the digest its audit row holds.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('large_text_versions', (t) => {
    identity(t);
    t.text('resource').notNullable();
    t.text('record_id').notNullable();
    t.text('field').notNullable();
    t.text('sha256').notNullable();
    t.text('value').notNullable();
    timestamps(knex, t);
    t.unique(['resource', 'record_id', 'field', 'sha256'], { indexName: 'large_text_versions_record_digest_unique' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('large_text_versions');
}
