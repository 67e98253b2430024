import type { Knex } from 'knex';
import { dateOrderCheck, enumCheck, foreignKey, identity, timestamps } from './support/schema';

const REFERRAL_SOURCE_TYPES = [
  'self_family',
  'school_educator',
  'physician_health',
  'childrens_aid',
  'indigenous_org',
  'other',
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('children', (t) => {
    identity(t);
    t.text('first_name').notNullable();
    t.text('last_name').notNullable();
    t.text('preferred_name').nullable();
    // "not in the future" depends on today, which a check constraint may not read: the app checks it.
    t.date('birth_date').notNullable();
    t.text('gender').nullable();
    t.text('indigenous_identity').nullable();
    t.boolean('in_school').nullable();
    t.text('service_delivery_area').nullable();
    t.timestamp('archived_at', { useTz: true }).nullable();
    timestamps(knex, t);
    t.index(['last_name', 'first_name'], 'children_last_name_first_name_index');
    t.index(['birth_date'], 'children_birth_date_index');
  });

  await knex.schema.createTable('referrals', (t) => {
    identity(t);
    foreignKey(t, 'referrals', 'organization_id', 'organizations', { index: false });
    t.text('program').notNullable();
    t.date('referral_date').notNullable();
    t.text('source_type').notNullable();
    t.text('source_detail').nullable();
    t.boolean('is_warm').notNullable().defaultTo(false);
    t.text('referrer_name').nullable();
    t.text('notes').nullable();
    timestamps(knex, t);
    enumCheck(t, 'referrals', 'program', ['CSP', 'SHSS']);
    enumCheck(t, 'referrals', 'source_type', REFERRAL_SOURCE_TYPES);
    t.index(['organization_id', 'referral_date'], 'referrals_organization_id_referral_date_index');
    t.index(['program', 'referral_date'], 'referrals_program_referral_date_index');
  });

  await knex.schema.createTable('referral_children', (t) => {
    identity(t);
    foreignKey(t, 'referral_children', 'referral_id', 'referrals', { index: false });
    foreignKey(t, 'referral_children', 'child_id', 'children');
    t.text('eligibility').notNullable().defaultTo('pending');
    t.date('eligibility_decided_on').nullable();
    t.date('closed_on').nullable();
    t.text('closed_reason').nullable();
    timestamps(knex, t);
    t.unique(['referral_id', 'child_id'], { indexName: 'referral_children_referral_id_child_id_unique' });
    enumCheck(t, 'referral_children', 'eligibility', ['pending', 'eligible', 'ineligible']);
  });

  await knex.schema.createTable('placements', (t) => {
    identity(t);
    foreignKey(t, 'placements', 'child_id', 'children');
    foreignKey(t, 'placements', 'place_of_service_id', 'places_of_service');
    foreignKey(t, 'placements', 'contract_id', 'contracts', { nullable: true });
    foreignKey(t, 'placements', 'referral_id', 'referrals', { nullable: true });
    t.text('kind').notNullable().defaultTo('regular');
    t.date('start_date').notNullable();
    t.date('end_date').nullable();
    t.text('status').notNullable().defaultTo('planned');
    t.text('end_reason').nullable();
    timestamps(knex, t);
    enumCheck(t, 'placements', 'kind', ['regular', 'respite', 'transition_in']);
    enumCheck(t, 'placements', 'status', ['planned', 'active', 'interrupted', 'ended']);
    dateOrderCheck(t, 'placements', 'start_date', 'end_date');
    t.index(['status', 'end_date'], 'placements_status_end_date_index');
  });

  await knex.schema.createTable('respite_stays', (t) => {
    identity(t);
    foreignKey(t, 'respite_stays', 'placement_id', 'placements');
    t.date('start_date').notNullable();
    t.date('end_date').notNullable();
    t.text('status').notNullable().defaultTo('scheduled');
    t.text('notes').nullable();
    timestamps(knex, t);
    enumCheck(t, 'respite_stays', 'status', ['scheduled', 'confirmed', 'cancelled']);
    dateOrderCheck(t, 'respite_stays', 'start_date', 'end_date');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('respite_stays');
  await knex.schema.dropTable('placements');
  await knex.schema.dropTable('referral_children');
  await knex.schema.dropTable('referrals');
  await knex.schema.dropTable('children');
}
