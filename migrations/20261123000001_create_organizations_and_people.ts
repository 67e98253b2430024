import type { Knex } from 'knex';
import { check, dateOrderCheck, enumCheck, foreignKey, identity, lookupKey, money, timestamps } from './support/schema';

const ROLES = [
  'system_admin',
  'ministry_manager',
  'ministry_finance',
  'org_admin',
  'program_manager',
  'portal_worker',
  'coordinator',
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organizations', (t) => {
    identity(t);
    t.text('name').notNullable();
    t.text('kind').notNullable();
    t.text('service_delivery_area').nullable();
    t.boolean('active').notNullable().defaultTo(true);
    timestamps(knex, t);
    t.unique(['name'], { indexName: 'organizations_name_unique' });
    enumCheck(t, 'organizations', 'kind', ['ministry', 'service_provider', 'coordinating_agency', 'partner_agency']);
  });

  await knex.schema.createTable('service_types', (t) => {
    t.text('code').primary();
    t.text('label').notNullable();
    t.text('program').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    timestamps(knex, t);
    enumCheck(t, 'service_types', 'program', ['SHSS', 'CSP']);
  });

  await knex.schema.createTable('places_of_service', (t) => {
    identity(t);
    foreignKey(t, 'places_of_service', 'organization_id', 'organizations');
    t.text('name').notNullable();
    lookupKey(t, 'places_of_service', 'service_type_code', 'service_types', { nullable: true });
    t.text('region').nullable();
    t.integer('capacity').nullable();
    t.boolean('active').notNullable().defaultTo(true);
    timestamps(knex, t);
    check(t, 'places_of_service', 'capacity', 'capacity is null or capacity >= 0');
  });

  await knex.schema.createTable('users', (t) => {
    identity(t);
    foreignKey(t, 'users', 'organization_id', 'organizations', { nullable: true });
    t.text('email').notNullable();
    t.text('full_name').notNullable();
    t.text('role').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.text('password_hash').nullable();
    t.timestamp('last_login_at', { useTz: true }).nullable();
    timestamps(knex, t);
    enumCheck(t, 'users', 'role', ROLES);
    // Scoped roles see "their organisation": without one they would see nothing useful.
    check(
      t,
      'users',
      'organization_id',
      `organization_id is not null or role in ('system_admin', 'ministry_manager', 'ministry_finance')`,
    );
  });
  await knex.raw('create unique index users_email_lower_unique on users (lower(email))');

  await knex.schema.createTable('place_assignments', (t) => {
    identity(t);
    foreignKey(t, 'place_assignments', 'user_id', 'users', { index: false });
    foreignKey(t, 'place_assignments', 'place_of_service_id', 'places_of_service');
    t.date('assigned_on').notNullable();
    t.date('ended_on').nullable();
    timestamps(knex, t);
    dateOrderCheck(t, 'place_assignments', 'assigned_on', 'ended_on');
    t.index(['user_id', 'ended_on'], 'place_assignments_user_id_ended_on_index');
  });
  await knex.raw(
    'create unique index place_assignments_open_unique on place_assignments (user_id, place_of_service_id) where ended_on is null',
  );

  await knex.schema.createTable('contracts', (t) => {
    identity(t);
    foreignKey(t, 'contracts', 'organization_id', 'organizations');
    t.text('contract_number').notNullable();
    t.text('program').notNullable();
    t.boolean('is_legacy').notNullable().defaultTo(false);
    t.date('start_date').notNullable();
    t.date('end_date').nullable();
    money(t, 'monthly_base_amount').nullable();
    timestamps(knex, t);
    t.unique(['contract_number'], { indexName: 'contracts_contract_number_unique' });
    enumCheck(t, 'contracts', 'program', ['SHSS', 'FCC', 'CSP']);
    check(t, 'contracts', 'contract_number', `program <> 'SHSS' or contract_number ~ '^SHSS[0-9]{10}$'`);
    dateOrderCheck(t, 'contracts', 'start_date', 'end_date');
    check(t, 'contracts', 'monthly_base_amount', 'monthly_base_amount is null or monthly_base_amount >= 0');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('contracts');
  await knex.schema.dropTable('place_assignments');
  await knex.schema.dropTable('users');
  await knex.schema.dropTable('places_of_service');
  await knex.schema.dropTable('service_types');
  await knex.schema.dropTable('organizations');
}
