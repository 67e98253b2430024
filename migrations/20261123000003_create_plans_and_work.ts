import type { Knex } from 'knex';
import {
  check,
  dateOrderCheck,
  enumCheck,
  firstOfMonthCheck,
  foreignKey,
  identity,
  limitedText,
  money,
  timestamps,
  version,
} from './support/schema';

const PLAN_TEXTS = ['goals', 'strengths', 'needs', 'activities', 'clinical_services', 'non_clinical_services', 'strategies'];
const PLAN_TEXT_LIMIT = 4000;

const CLOSED_REASONS = [
  'met_goals',
  'left_catchment',
  'unable_to_reach',
  'family_request',
  'aged_out',
  'placement_ended',
  'not_approved',
  'superseded',
  'other',
];

const PLAN_SERVICE_CATEGORIES = [
  'rehab_speech_language',
  'rehab_occupational',
  'rehab_physio',
  'nursing',
  'dietician',
  'personal_support',
  'autism',
  'developmental',
  'respite',
  'mental_health',
  'health_care',
  'education',
  'other',
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('service_plans', (t) => {
    identity(t);
    foreignKey(t, 'service_plans', 'child_id', 'children');
    t.text('program').notNullable();
    foreignKey(t, 'service_plans', 'organization_id', 'organizations');
    foreignKey(t, 'service_plans', 'placement_id', 'placements', { nullable: true });
    foreignKey(t, 'service_plans', 'referral_id', 'referrals', { nullable: true });
    foreignKey(t, 'service_plans', 'coordinator_id', 'users', { nullable: true });
    t.text('status').notNullable().defaultTo('draft');
    t.date('initiated_on').nullable();
    t.date('approved_on').nullable();
    // The primary professional who approves is outside the portal: a name, not a user.
    t.text('approved_by').nullable();
    t.date('closed_on').nullable();
    t.text('closed_reason').nullable();
    for (const column of PLAN_TEXTS) limitedText(t, 'service_plans', column, PLAN_TEXT_LIMIT);
    foreignKey(t, 'service_plans', 'cloned_from_id', 'service_plans', { nullable: true });
    version(t);
    timestamps(knex, t);
    enumCheck(t, 'service_plans', 'program', ['SHSS', 'CSP']);
    enumCheck(t, 'service_plans', 'status', ['draft', 'pending_approval', 'in_service', 'closed']);
    enumCheck(t, 'service_plans', 'closed_reason', CLOSED_REASONS, {
      nullable: true,
      extra: `(status = 'closed') = (closed_reason is not null)`,
    });
    check(
      t,
      'service_plans',
      'closed_on',
      `((status = 'closed') = (closed_on is not null)) and (closed_on is null or initiated_on is null or closed_on >= initiated_on)`,
    );
    check(t, 'service_plans', 'placement_id', `program <> 'SHSS' or placement_id is not null`);
    check(t, 'service_plans', 'referral_id', `program <> 'CSP' or referral_id is not null`);
    t.index(['program', 'organization_id', 'initiated_on'], 'service_plans_program_organization_id_initiated_on_index');
    t.index(['program', 'closed_on'], 'service_plans_program_closed_on_index');
  });
  await knex.raw(
    `create unique index service_plans_open_unique on service_plans (child_id, program, organization_id) where status <> 'closed'`,
  );

  await knex.schema.createTable('care_circle_members', (t) => {
    identity(t);
    foreignKey(t, 'care_circle_members', 'service_plan_id', 'service_plans');
    t.text('name').notNullable();
    t.text('role').nullable();
    t.text('organization_name').nullable();
    t.text('email').nullable();
    t.text('phone').nullable();
    t.boolean('is_active').notNullable().defaultTo(true);
    t.date('joined_on').nullable();
    t.date('left_on').nullable();
    timestamps(knex, t);
    dateOrderCheck(t, 'care_circle_members', 'joined_on', 'left_on');
    check(t, 'care_circle_members', 'is_active', 'is_active = (left_on is null)');
  });

  await knex.schema.createTable('plan_services', (t) => {
    identity(t);
    foreignKey(t, 'plan_services', 'service_plan_id', 'service_plans');
    t.text('category').notNullable();
    t.text('provider_name').nullable();
    t.text('status').notNullable().defaultTo('needed');
    t.date('requested_on').nullable();
    t.date('started_on').nullable();
    t.date('ended_on').nullable();
    timestamps(knex, t);
    enumCheck(t, 'plan_services', 'category', PLAN_SERVICE_CATEGORIES);
    enumCheck(t, 'plan_services', 'status', ['needed', 'waitlisted', 'receiving', 'completed', 'declined']);
    dateOrderCheck(t, 'plan_services', 'started_on', 'ended_on');
  });

  await knex.schema.createTable('progress_reviews', (t) => {
    identity(t);
    foreignKey(t, 'progress_reviews', 'service_plan_id', 'service_plans', { index: false });
    t.date('review_date').notNullable();
    t.date('period_start').nullable();
    t.date('period_end').nullable();
    limitedText(t, 'progress_reviews', 'summary', PLAN_TEXT_LIMIT);
    limitedText(t, 'progress_reviews', 'goal_progress', PLAN_TEXT_LIMIT);
    t.date('next_review_on').nullable();
    foreignKey(t, 'progress_reviews', 'author_id', 'users', { nullable: true });
    timestamps(knex, t);
    dateOrderCheck(t, 'progress_reviews', 'period_start', 'period_end');
    t.index(['service_plan_id', 'review_date'], 'progress_reviews_service_plan_id_review_date_index');
  });

  await knex.schema.createTable('monthly_check_ins', (t) => {
    identity(t);
    foreignKey(t, 'monthly_check_ins', 'service_plan_id', 'service_plans', { index: false });
    t.date('month').notNullable();
    t.date('check_in_date').nullable();
    t.jsonb('answers').notNullable().defaultTo(knex.raw(`'[]'::jsonb`));
    t.text('status').notNullable().defaultTo('draft');
    t.timestamp('finalized_at', { useTz: true }).nullable();
    foreignKey(t, 'monthly_check_ins', 'finalized_by', 'users', { nullable: true });
    t.text('icm_status').notNullable().defaultTo('not_sent');
    t.text('icm_reference').nullable();
    version(t);
    timestamps(knex, t);
    t.unique(['service_plan_id', 'month'], { indexName: 'monthly_check_ins_service_plan_id_month_unique' });
    firstOfMonthCheck(t, 'monthly_check_ins', 'month');
    check(t, 'monthly_check_ins', 'answers', `jsonb_typeof(answers) = 'array'`);
    enumCheck(t, 'monthly_check_ins', 'status', ['draft', 'finalized']);
    enumCheck(t, 'monthly_check_ins', 'icm_status', ['not_sent', 'pending', 'sent', 'failed']);
    check(t, 'monthly_check_ins', 'check_in_date', `status <> 'finalized' or check_in_date is not null`);
    check(t, 'monthly_check_ins', 'finalized_at', `(status = 'finalized') = (finalized_at is not null)`);
    t.index(['month'], 'monthly_check_ins_month_index');
  });

  await knex.schema.createTable('daily_logs', (t) => {
    identity(t);
    foreignKey(t, 'daily_logs', 'placement_id', 'placements', { index: false });
    t.date('log_date').notNullable();
    t.text('shift').notNullable();
    version(t);
    timestamps(knex, t);
    t.unique(['placement_id', 'log_date', 'shift'], { indexName: 'daily_logs_placement_id_log_date_shift_unique' });
    enumCheck(t, 'daily_logs', 'shift', ['day', 'evening', 'overnight', 'combined']);
    t.index(['log_date'], 'daily_logs_log_date_index');
  });

  await knex.schema.createTable('daily_log_entries', (t) => {
    identity(t);
    foreignKey(t, 'daily_log_entries', 'daily_log_id', 'daily_logs');
    foreignKey(t, 'daily_log_entries', 'author_id', 'users');
    // Deliberately unbounded: a day's log may reach tens of megabytes.
    t.text('body').notNullable();
    version(t);
    timestamps(knex, t);
  });

  await knex.schema.createTable('events', (t) => {
    identity(t);
    foreignKey(t, 'events', 'child_id', 'children', { index: false });
    foreignKey(t, 'events', 'service_plan_id', 'service_plans', { nullable: true });
    t.text('type').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.text('title').notNullable();
    t.text('description').nullable();
    foreignKey(t, 'events', 'created_by', 'users');
    timestamps(knex, t);
    enumCheck(t, 'events', 'type', ['meeting', 'incident', 'critical_incident', 'medical', 'school', 'family_visit', 'other']);
    t.index(['child_id', 'occurred_at'], 'events_child_id_occurred_at_index');
    t.index(['type', 'occurred_at'], 'events_type_occurred_at_index');
  });

  await knex.schema.createTable('tasks', (t) => {
    identity(t);
    foreignKey(t, 'tasks', 'child_id', 'children');
    foreignKey(t, 'tasks', 'service_plan_id', 'service_plans', { nullable: true });
    foreignKey(t, 'tasks', 'assigned_to', 'users', { nullable: true, index: false });
    t.text('title').notNullable();
    t.date('due_on').nullable();
    t.text('status').notNullable().defaultTo('open');
    timestamps(knex, t);
    enumCheck(t, 'tasks', 'status', ['open', 'done', 'cancelled']);
    t.index(['assigned_to', 'status', 'due_on'], 'tasks_assigned_to_status_due_on_index');
  });

  await knex.schema.createTable('service_activities', (t) => {
    identity(t);
    foreignKey(t, 'service_activities', 'service_plan_id', 'service_plans', { index: false });
    foreignKey(t, 'service_activities', 'coordinator_id', 'users', { nullable: true });
    t.date('activity_date').notNullable();
    t.text('kind').notNullable();
    t.text('mode').notNullable();
    t.decimal('hours', 5, 2).notNullable();
    t.text('note').nullable();
    timestamps(knex, t);
    enumCheck(t, 'service_activities', 'kind', ['direct', 'indirect']);
    enumCheck(t, 'service_activities', 'mode', ['in_person', 'video', 'phone', 'other']);
    check(t, 'service_activities', 'hours', 'hours > 0 and hours <= 24');
    t.index(['service_plan_id', 'activity_date'], 'service_activities_service_plan_id_activity_date_index');
    t.index(['activity_date', 'kind'], 'service_activities_activity_date_kind_index');
  });

  await knex.schema.createTable('staff_allocations', (t) => {
    identity(t);
    foreignKey(t, 'staff_allocations', 'organization_id', 'organizations');
    foreignKey(t, 'staff_allocations', 'user_id', 'users', { nullable: true });
    t.text('staff_name').notNullable();
    t.text('role').notNullable().defaultTo('spc');
    t.decimal('fte', 4, 3).notNullable();
    t.date('start_date').notNullable();
    t.date('end_date').nullable();
    timestamps(knex, t);
    enumCheck(t, 'staff_allocations', 'role', ['spc']);
    check(t, 'staff_allocations', 'fte', 'fte > 0 and fte <= 1');
    dateOrderCheck(t, 'staff_allocations', 'start_date', 'end_date');
  });

  await knex.schema.createTable('expenditures', (t) => {
    identity(t);
    foreignKey(t, 'expenditures', 'organization_id', 'organizations');
    t.text('program').notNullable();
    t.date('spent_on').notNullable();
    money(t, 'amount').notNullable();
    t.text('description').nullable();
    timestamps(knex, t);
    enumCheck(t, 'expenditures', 'program', ['SHSS', 'CSP']);
    check(t, 'expenditures', 'amount', 'amount > 0');
    t.index(['program', 'spent_on'], 'expenditures_program_spent_on_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('expenditures');
  await knex.schema.dropTable('staff_allocations');
  await knex.schema.dropTable('service_activities');
  await knex.schema.dropTable('tasks');
  await knex.schema.dropTable('events');
  await knex.schema.dropTable('daily_log_entries');
  await knex.schema.dropTable('daily_logs');
  await knex.schema.dropTable('monthly_check_ins');
  await knex.schema.dropTable('progress_reviews');
  await knex.schema.dropTable('plan_services');
  await knex.schema.dropTable('care_circle_members');
  await knex.schema.dropTable('service_plans');
}
