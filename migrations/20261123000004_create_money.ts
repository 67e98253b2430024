import type { Knex } from 'knex';
import {
  check,
  dateOrderCheck,
  enumCheck,
  firstOfMonthCheck,
  foreignKey,
  identity,
  limitedText,
  lookupKey,
  money,
  timestamps,
  version,
} from './support/schema';

const SUMMARY_TOTALS = [
  'base_total',
  'support_total',
  'transition_in_total',
  'total',
  'paid_total',
  'scheduled_total',
  'cancelled_total',
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('support_request_types', (t) => {
    t.text('code').primary();
    t.text('label').notNullable();
    t.text('parent_code').nullable();
    t.boolean('requires_staffing_details').notNullable().defaultTo(false);
    t.boolean('legacy_only').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    timestamps(knex, t);
    t.foreign('parent_code', 'support_request_types_parent_code_foreign')
      .references('code')
      .inTable('support_request_types')
      .onDelete('RESTRICT');
    t.index(['parent_code'], 'support_request_types_parent_code_index');
    check(t, 'support_request_types', 'parent_code', 'parent_code is null or parent_code <> code');
  });

  await knex.schema.createTable('support_requests', (t) => {
    identity(t);
    foreignKey(t, 'support_requests', 'child_id', 'children');
    foreignKey(t, 'support_requests', 'placement_id', 'placements');
    // A draft may be saved before its contract is chosen; submitting requires it (workflow).
    foreignKey(t, 'support_requests', 'contract_id', 'contracts', { nullable: true });
    lookupKey(t, 'support_requests', 'type_code', 'support_request_types');
    lookupKey(t, 'support_requests', 'sub_type_code', 'support_request_types', { nullable: true });
    t.text('frequency').notNullable().defaultTo('one_time');
    t.date('start_date').nullable();
    t.date('end_date').nullable();
    money(t, 'amount').nullable();
    t.text('staffing_position').nullable();
    t.decimal('staffing_hours', 6, 2).nullable();
    t.text('staffing_grid_level').nullable();
    limitedText(t, 'support_requests', 'justification', 4000);
    t.text('status').notNullable().defaultTo('draft');
    t.timestamp('submitted_at', { useTz: true }).nullable();
    t.timestamp('decided_at', { useTz: true }).nullable();
    foreignKey(t, 'support_requests', 'decided_by', 'users', { nullable: true });
    version(t);
    timestamps(knex, t);
    enumCheck(t, 'support_requests', 'frequency', ['one_time', 'monthly']);
    enumCheck(t, 'support_requests', 'status', ['draft', 'submitted', 'approved', 'rejected', 'cancelled']);
    dateOrderCheck(t, 'support_requests', 'start_date', 'end_date');
    check(t, 'support_requests', 'amount', 'amount is null or amount > 0');
    check(t, 'support_requests', 'staffing_hours', 'staffing_hours is null or staffing_hours > 0');
    t.index(['status', 'submitted_at'], 'support_requests_status_submitted_at_index');
  });

  await knex.schema.createTable('payments', (t) => {
    identity(t);
    foreignKey(t, 'payments', 'contract_id', 'contracts', { index: false });
    foreignKey(t, 'payments', 'placement_id', 'placements', { nullable: true });
    foreignKey(t, 'payments', 'support_request_id', 'support_requests', { nullable: true });
    t.text('kind').notNullable();
    t.date('service_month').notNullable();
    money(t, 'amount').notNullable();
    t.text('status').notNullable().defaultTo('scheduled');
    t.date('scheduled_on').nullable();
    t.date('paid_on').nullable();
    t.text('cas_payment_number').nullable();
    t.text('icm_order_number').nullable();
    timestamps(knex, t);
    enumCheck(t, 'payments', 'kind', ['base', 'support', 'transition_in']);
    enumCheck(t, 'payments', 'status', ['scheduled', 'paid', 'cancelled']);
    firstOfMonthCheck(t, 'payments', 'service_month');
    check(t, 'payments', 'amount', 'amount > 0');
    check(t, 'payments', 'paid_on', `(status = 'paid') = (paid_on is not null)`);
    check(t, 'payments', 'support_request_id', `kind <> 'support' or support_request_id is not null`);
    check(t, 'payments', 'placement_id', `kind <> 'base' or placement_id is not null`);
    t.index(['contract_id', 'service_month'], 'payments_contract_id_service_month_index');
    t.index(['service_month', 'status'], 'payments_service_month_status_index');
  });
  // Payment generation is idempotent: one live base payment per placement and month, and one
  // live payment per support request and month.
  await knex.raw(
    `create unique index payments_base_month_unique on payments (placement_id, service_month)
     where kind = 'base' and status <> 'cancelled'`,
  );
  await knex.raw(
    `create unique index payments_support_request_month_unique on payments (support_request_id, service_month)
     where support_request_id is not null and status <> 'cancelled'`,
  );

  await knex.schema.createTable('payment_summaries', (t) => {
    identity(t);
    foreignKey(t, 'payment_summaries', 'organization_id', 'organizations', { index: false });
    foreignKey(t, 'payment_summaries', 'contract_id', 'contracts', { index: false });
    t.text('contract_number').notNullable();
    t.date('month').notNullable();
    for (const column of SUMMARY_TOTALS) money(t, column).notNullable().defaultTo(0);
    t.integer('payment_count').notNullable().defaultTo(0);
    t.timestamp('refreshed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    timestamps(knex, t);
    t.unique(['contract_id', 'month'], { indexName: 'payment_summaries_contract_id_month_unique' });
    firstOfMonthCheck(t, 'payment_summaries', 'month');
    t.index(['organization_id', 'month'], 'payment_summaries_organization_id_month_index');
    t.index(['month'], 'payment_summaries_month_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('payment_summaries');
  await knex.schema.dropTable('payments');
  await knex.schema.dropTable('support_requests');
  await knex.schema.dropTable('support_request_types');
}
