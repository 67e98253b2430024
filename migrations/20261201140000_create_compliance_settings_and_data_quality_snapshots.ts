import type { Knex } from 'knex';
import { check, enumCheck, foreignKey, identity, timestamps } from './support/schema';

/**
 * `compliance_settings`: the days the compliance calendar's configurable rules count (a lookup
 * keyed by code that system administrators edit; the rules read it in SQL, so a change applies
 * to the next request). `data_quality_snapshots`: the data-quality scorecard's counts per check,
 * organisation and place, kept weekly by the `snapshot-data-quality` job for the trend (past
 * counts cannot be worked out afterwards: a placement's status history is not kept). The lists
 * are written here, not imported: a migration records what was true when it ran.
 */
const SETTINGS = [
  { code: 'shss_plan_due_days', label: 'Days after a placement starts by which its SHSS plan is due', days: 30 },
  { code: 'csp_wait_target_days', label: 'Days an eligible CSP referral may wait for initiation', days: 60 },
];

const CHECKS = [
  'referrals_undecided',
  'support_request_dates_outside',
  'plans_without_care_circle',
  'children_impossible_birth_date',
  'placements_past_end_active',
  'check_ins_not_sent',
  'payments_paid_without_cas',
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('compliance_settings', (t) => {
    t.text('code').primary();
    t.text('label').notNullable();
    t.integer('days').notNullable();
    timestamps(knex, t);
    check(t, 'compliance_settings', 'days', 'days between 1 and 3650');
  });
  await knex('compliance_settings').insert(SETTINGS);

  await knex.schema.createTable('data_quality_snapshots', (t) => {
    identity(t);
    t.date('taken_on').notNullable();
    t.text('check_key').notNullable();
    foreignKey(t, 'data_quality_snapshots', 'organization_id', 'organizations', { nullable: true });
    foreignKey(t, 'data_quality_snapshots', 'place_of_service_id', 'places_of_service', { nullable: true });
    t.integer('record_count').notNullable();
    timestamps(knex, t);
    enumCheck(t, 'data_quality_snapshots', 'check_key', CHECKS);
    check(t, 'data_quality_snapshots', 'record_count', 'record_count >= 0');
  });
  // One count per week, check, organisation and place; a snapshot without a place (CSP
  // records) or organisation is one group too.
  await knex.raw(
    `create unique index data_quality_snapshots_group_unique on data_quality_snapshots
       (taken_on, check_key, organization_id, place_of_service_id) nulls not distinct`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('data_quality_snapshots');
  await knex.schema.dropTable('compliance_settings');
}
