import type { Knex } from 'knex';
import { check, enumCheck, foreignKey, identity, timestamps } from './support/schema';

/**
 * Attachments: a `files` row per uploaded file, hung on exactly one record of the resources that
 * declare attachments, and its content in `file_chunks` (the PostgreSQL store: the file in
 * order, a row per chunk of at most 256 KiB, so it is written and read as a stream and never
 * held whole). A file kept in an S3-compatible store has no chunks; `store_key` names its object.
 */
const RECORD_COLUMNS: [string, string][] = [
  ['support_request_id', 'support_requests'],
  ['service_plan_id', 'service_plans'],
  ['progress_review_id', 'progress_reviews'],
  ['event_id', 'events'],
  ['monthly_check_in_id', 'monthly_check_ins'],
  ['daily_log_id', 'daily_logs'],
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('files', (t) => {
    identity(t);
    for (const [column, table] of RECORD_COLUMNS) foreignKey(t, 'files', column, table, { nullable: true });
    t.text('file_name').notNullable();
    t.text('content_type').notNullable();
    t.bigInteger('size_bytes').notNullable();
    t.text('sha256').notNullable();
    t.text('store').notNullable().defaultTo('postgres');
    t.text('store_key').nullable();
    foreignKey(t, 'files', 'uploaded_by', 'users');
    timestamps(knex, t);
    check(t, 'files', 'record', `num_nonnulls(${RECORD_COLUMNS.map(([c]) => c).join(', ')}) = 1`);
    check(t, 'files', 'file_name', `char_length(file_name) between 1 and 255`);
    check(t, 'files', 'size_bytes', 'size_bytes > 0');
    enumCheck(t, 'files', 'store', ['postgres', 's3']);
  });

  await knex.schema.createTable('file_chunks', (t) => {
    identity(t);
    foreignKey(t, 'file_chunks', 'file_id', 'files', { index: false });
    t.integer('seq').notNullable();
    t.binary('data').notNullable();
    timestamps(knex, t);
    t.unique(['file_id', 'seq'], { indexName: 'file_chunks_file_id_seq_unique' });
    check(t, 'file_chunks', 'seq', 'seq >= 0');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('file_chunks');
  await knex.schema.dropTable('files');
}
