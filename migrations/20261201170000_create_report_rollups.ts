import type { Knex } from 'knex';

/**
 * The report rollups (issue 16; docs/reports.md "Rollups"): per-month sums the dashboard's
 * referral-sources and payment-summary reports add up instead of recomputing history on every
 * request. Derived data, kept by triggers in the same transaction as the writes that change it
 * (migration 20261201170001), rebuilt from the base tables by `npm run rollups:rebuild` and
 * compared with them by `npm run rollups:verify`. A row whose counts are all zero means the
 * same as no row.
 */
/**
 * Every table's stamps; a trigger sets `updated_at` to its transaction's time (the rows are
 * derived: no business date is read from them).
 */
const STAMPS = 'created_at timestamptz not null default now(), updated_at timestamptz not null default now()';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table rollup_referrals (
      id bigint generated always as identity primary key,
      month date not null,
      organization_id bigint not null,
      program text not null,
      source_type text not null,
      referrals integer not null,
      ${STAMPS},
      constraint rollup_referrals_key_unique unique (month, organization_id, program, source_type)
    )`);
  await knex.raw(`
    create table rollup_payments (
      id bigint generated always as identity primary key,
      service_month date not null,
      contract_id bigint not null,
      ${['base', 'support', 'transition_in', 'paid', 'scheduled', 'cancelled'].map((sum) => `${sum} numeric(16,2) not null`).join(',\n      ')},
      payments integer not null,
      ${STAMPS},
      constraint rollup_payments_key_unique unique (service_month, contract_id)
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table rollup_payments');
  await knex.raw('drop table rollup_referrals');
}
