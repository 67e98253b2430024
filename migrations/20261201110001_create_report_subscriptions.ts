import type { Knex } from 'knex';
import { check, enumCheck, foreignKey, identity, timestamps } from './support/schema';

/**
 * Scheduled report packs (docs/questions.md): what is sent (a dashboard or the CSP measures),
 * in which formats, to which users, when (a cron expression, or the days after the fiscal
 * calendar's interim and final periods end), and one `report_deliveries` row per recipient
 * and run with how it went. `next_run_at` is kept by the server, so the delivery job reads
 * the due subscriptions by index. Recipients are users' ids in a JSON list, as react-admin
 * edits them; one that no longer exists is named in the job run's summary.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('report_subscriptions', (t) => {
    identity(t);
    t.text('title').notNullable();
    foreignKey(t, 'report_subscriptions', 'owner_id', 'users');
    foreignKey(t, 'report_subscriptions', 'dashboard_id', 'dashboards', { nullable: true });
    t.text('report').nullable();
    t.jsonb('formats').notNullable();
    t.jsonb('recipient_ids').notNullable();
    t.text('schedule_kind').notNullable();
    t.text('cron').nullable();
    t.jsonb('fiscal_periods').nullable();
    t.text('period').notNullable().defaultTo('fiscal_year_to_date');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('next_run_at', { useTz: true }).nullable();
    t.timestamp('last_run_at', { useTz: true }).nullable();
    timestamps(knex, t);
    check(t, 'report_subscriptions', 'title', 'char_length(title) between 1 and 200');
    enumCheck(t, 'report_subscriptions', 'report', ['csp-measures'], { nullable: true, extra: '(dashboard_id is null) <> (report is null)' });
    check(t, 'report_subscriptions', 'formats', `jsonb_typeof(formats) = 'array' and jsonb_array_length(formats) > 0 and formats <@ '["pdf", "xlsx"]'::jsonb`);
    check(t, 'report_subscriptions', 'recipient_ids', `jsonb_typeof(recipient_ids) = 'array' and jsonb_array_length(recipient_ids) > 0`);
    enumCheck(t, 'report_subscriptions', 'schedule_kind', ['cron', 'fiscal'], {
      extra: `(schedule_kind = 'cron' and cron is not null) or (schedule_kind = 'fiscal' and fiscal_periods is not null)`,
    });
    enumCheck(t, 'report_subscriptions', 'period', ['fiscal_year_to_date', 'previous_month', 'previous_quarter', 'previous_fiscal_year']);
  });
  await knex.raw('create index report_subscriptions_next_run_at_index on report_subscriptions (next_run_at) where active');

  await knex.schema.createTable('report_deliveries', (t) => {
    identity(t);
    foreignKey(t, 'report_deliveries', 'subscription_id', 'report_subscriptions');
    foreignKey(t, 'report_deliveries', 'job_run_id', 'job_runs', { nullable: true });
    foreignKey(t, 'report_deliveries', 'recipient_id', 'users');
    t.text('email').nullable();
    t.timestamp('scheduled_for', { useTz: true }).notNullable();
    t.date('period_from').notNullable();
    t.date('period_to').notNullable();
    t.jsonb('formats').notNullable();
    t.text('status').notNullable();
    t.text('error').nullable();
    t.text('message_id').nullable();
    t.timestamp('sent_at', { useTz: true }).nullable();
    timestamps(knex, t);
    enumCheck(t, 'report_deliveries', 'status', ['sent', 'failed', 'skipped']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('report_deliveries');
  await knex.schema.dropTable('report_subscriptions');
}
