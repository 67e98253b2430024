import type { Knex } from 'knex';
import { check, enumCheck, foreignKey, identity, timestamps } from './support/schema';

/**
 * Saved questions, dashboards and their cards (docs/questions.md). A question's `spec` and a
 * dashboard's `filters` are JSON the server checks on every write; `organization_id` is the
 * owner's organisation, which "shared with my organisation" opens the record to. A dashboard
 * owns its cards, so they go with it; a question on a card cannot be deleted until the card is.
 * The lists are written here, not imported: a migration records what was true when it ran.
 */
const ROLES = ['system_admin', 'ministry_manager', 'ministry_finance', 'org_admin', 'program_manager', 'portal_worker', 'coordinator'];
const SHARING = ['private', 'roles', 'organization'];
const VISUALIZATIONS = ['number', 'table', 'bar', 'stacked_bar', 'line', 'area', 'pie'];
const BUILT_IN_CARDS = [
  'kpi.new_referrals',
  'kpi.children_waiting',
  'kpi.median_wait',
  'kpi.active_plans',
  'kpi.payments',
  'chart.referral_sources',
  'chart.wait_times',
  'chart.active_plans',
  'chart.payments',
];

function shared(knex: Knex, t: Knex.CreateTableBuilder, table: string): void {
  t.text('title').notNullable();
  t.text('description').nullable();
  foreignKey(t, table, 'owner_id', 'users');
  foreignKey(t, table, 'organization_id', 'organizations', { nullable: true });
  t.text('shared_with').notNullable().defaultTo('private');
  t.jsonb('shared_roles').notNullable().defaultTo(knex.raw(`'[]'::jsonb`));
  enumCheck(t, table, 'shared_with', SHARING);
  check(t, table, 'shared_roles', `jsonb_typeof(shared_roles) = 'array' and shared_roles <@ '${JSON.stringify(ROLES)}'::jsonb`);
  check(t, table, 'title', `char_length(title) between 1 and 200`);
  check(t, table, 'description', `char_length(description) <= 2000`);
  timestamps(knex, t);
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('questions', (t) => {
    identity(t);
    shared(knex, t, 'questions');
    t.jsonb('spec').notNullable();
    t.text('visualization').notNullable().defaultTo('table');
    enumCheck(t, 'questions', 'visualization', VISUALIZATIONS);
  });

  await knex.schema.createTable('dashboards', (t) => {
    identity(t);
    shared(knex, t, 'dashboards');
    t.jsonb('filters').notNullable().defaultTo(knex.raw(`'{"period": {"preset": "final", "fiscal_year": null}, "organization": true, "fields": []}'::jsonb`));
    t.boolean('is_default').notNullable().defaultTo(false);
  });
  await knex.raw('create unique index dashboards_one_default on dashboards (is_default) where is_default');

  await knex.schema.createTable('dashboard_cards', (t) => {
    identity(t);
    t.bigInteger('dashboard_id').notNullable();
    t.foreign('dashboard_id', 'dashboard_cards_dashboard_id_foreign').references('id').inTable('dashboards').onDelete('CASCADE');
    t.index(['dashboard_id'], 'dashboard_cards_dashboard_id_index');
    foreignKey(t, 'dashboard_cards', 'question_id', 'questions', { nullable: true });
    t.text('report_card').nullable();
    t.integer('x').notNullable().defaultTo(0);
    t.integer('y').notNullable().defaultTo(0);
    t.integer('w').notNullable().defaultTo(6);
    t.integer('h').notNullable().defaultTo(4);
    t.text('period_field').nullable();
    t.text('organization_field').nullable();
    timestamps(knex, t);
    enumCheck(t, 'dashboard_cards', 'report_card', BUILT_IN_CARDS, { nullable: true, extra: '(question_id is null) <> (report_card is null)' });
    check(t, 'dashboard_cards', 'x', 'x >= 0 and y >= 0 and w between 1 and 12 and x + w <= 12 and h between 1 and 100');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('dashboard_cards');
  await knex.schema.dropTable('dashboards');
  await knex.schema.dropTable('questions');
}
