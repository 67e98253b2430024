import type { Knex } from 'knex';
import { check, enumCheck, foreignKey, identity, timestamps } from './support/schema';

/**
 * `imports`: one row per bulk import of a CSV or XLSX file into a resource (docs/imports.md)
 * — who, when, into what, the file's key, how far it got and how it ended. The row is written
 * before the import's own transaction and kept whatever the outcome, so a refused or cancelled
 * import is on record too. At most one committed import per resource and key: the unique index
 * is what makes running the same file twice create its rows once, even when both runs start at
 * the same moment. The lists are written here, not imported: a migration records what was true
 * when it ran.
 */
const STATUSES = ['running', 'committed', 'refused', 'dry_run', 'already_imported', 'cancelled', 'failed'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('imports', (t) => {
    identity(t);
    foreignKey(t, 'imports', 'user_id', 'users');
    foreignKey(t, 'imports', 'organization_id', 'organizations', { nullable: true });
    t.text('resource').notNullable();
    t.text('import_key').notNullable();
    t.text('file_name').nullable();
    t.text('format').notNullable();
    t.integer('bytes').notNullable();
    t.boolean('dry_run').notNullable().defaultTo(false);
    t.text('status').notNullable().defaultTo('running');
    t.jsonb('mapping').nullable();
    t.integer('row_count').notNullable().defaultTo(0);
    t.integer('bytes_read').notNullable().defaultTo(0);
    t.integer('created_count').notNullable().defaultTo(0);
    t.integer('error_count').notNullable().defaultTo(0);
    t.jsonb('errors').nullable();
    foreignKey(t, 'imports', 'same_as_import_id', 'imports', { nullable: true });
    t.text('failure').nullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.timestamp('cancel_requested_at', { useTz: true }).nullable();
    timestamps(knex, t);
    enumCheck(t, 'imports', 'format', ['csv', 'xlsx']);
    enumCheck(t, 'imports', 'status', STATUSES);
    check(t, 'imports', 'import_key', 'char_length(import_key) between 1 and 200');
    check(t, 'imports', 'row_count', 'row_count >= 0 and bytes_read >= 0 and created_count >= 0 and error_count >= 0 and bytes >= 0');
    check(t, 'imports', 'errors', `errors is null or jsonb_typeof(errors) = 'array'`);
    t.index(['started_at', 'id'], 'imports_started_at_id_index');
    t.index(['resource', 'id'], 'imports_resource_id_index');
    t.index(['status', 'id'], 'imports_status_id_index');
  });
  await knex.raw(`create unique index imports_committed_key_unique on imports (resource, import_key) where status = 'committed'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('imports');
}
