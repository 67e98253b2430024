import type { Knex } from 'knex';
import { enumCheck, foreignKey, identity, timestamps } from './support/schema';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notifications', (t) => {
    identity(t);
    foreignKey(t, 'notifications', 'user_id', 'users', { index: false });
    t.text('kind').notNullable();
    t.text('message').notNullable();
    t.text('resource').nullable();
    t.text('record_id').nullable();
    t.timestamp('read_at', { useTz: true }).nullable();
    timestamps(knex, t);
    t.index(['user_id', 'read_at'], 'notifications_user_id_read_at_index');
  });

  await knex.schema.createTable('audit_events', (t) => {
    identity(t);
    foreignKey(t, 'audit_events', 'user_id', 'users', { nullable: true });
    t.text('action').notNullable();
    t.text('resource').notNullable();
    t.text('record_id').nullable();
    t.jsonb('changes').nullable();
    t.text('ip').nullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    timestamps(knex, t);
    t.index(['resource', 'record_id'], 'audit_events_resource_record_id_index');
    t.index(['at'], 'audit_events_at_index');
  });

  await knex.schema.createTable('outbox_messages', (t) => {
    identity(t);
    t.text('topic').notNullable();
    t.jsonb('payload').notNullable();
    t.text('status').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error').nullable();
    t.timestamp('deliver_after', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('delivered_at', { useTz: true }).nullable();
    t.text('idempotency_key').nullable();
    foreignKey(t, 'outbox_messages', 'monthly_check_in_id', 'monthly_check_ins', { nullable: true });
    timestamps(knex, t);
    t.unique(['idempotency_key'], { indexName: 'outbox_messages_idempotency_key_unique' });
    enumCheck(t, 'outbox_messages', 'status', ['pending', 'delivered', 'failed']);
    t.index(['status', 'deliver_after'], 'outbox_messages_status_deliver_after_index');
  });

  await knex.schema.createTable('job_runs', (t) => {
    identity(t);
    t.text('job').notNullable();
    t.date('as_of').nullable();
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.text('status').notNullable().defaultTo('running');
    t.jsonb('summary').nullable();
    t.text('error').nullable();
    timestamps(knex, t);
    enumCheck(t, 'job_runs', 'status', ['running', 'succeeded', 'failed', 'skipped']);
    t.index(['job', 'as_of'], 'job_runs_job_as_of_index');
    t.index(['started_at'], 'job_runs_started_at_index');
  });

  // Sign-in sessions and bearer tokens: never served as a resource; tokens are stored hashed.
  await knex.schema.createTable('sessions', (t) => {
    identity(t);
    foreignKey(t, 'sessions', 'user_id', 'users');
    t.text('token_hash').notNullable();
    t.text('kind').notNullable();
    t.text('csrf_token_hash').nullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    timestamps(knex, t);
    t.unique(['token_hash'], { indexName: 'sessions_token_hash_unique' });
    enumCheck(t, 'sessions', 'kind', ['cookie', 'bearer']);
    t.index(['expires_at'], 'sessions_expires_at_index');
  });

  await knex.schema.createTable('login_attempts', (t) => {
    identity(t);
    t.text('email_lower').notNullable();
    t.text('ip').nullable();
    t.boolean('succeeded').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    timestamps(knex, t);
    t.index(['email_lower', 'at'], 'login_attempts_email_lower_at_index');
    t.index(['ip', 'at'], 'login_attempts_ip_at_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_attempts');
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('job_runs');
  await knex.schema.dropTable('outbox_messages');
  await knex.schema.dropTable('audit_events');
  await knex.schema.dropTable('notifications');
}
