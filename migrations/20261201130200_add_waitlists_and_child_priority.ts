import type { Knex } from 'knex';
import { check, enumCheck } from './support/schema';

/**
 * The coordinating agency's service registry (CSP): a plan service's priority and the date it
 * joined the provider's waitlist, and a referred child's priority on the waiting list for CSP
 * initiation, with the coordinator's reason.
 */
const PRIORITIES = ['urgent', 'high', 'routine'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('plan_services', (t) => {
    t.text('priority').notNullable().defaultTo('routine');
    t.date('waitlisted_on').nullable();
    enumCheck(t, 'plan_services', 'priority', PRIORITIES);
    check(t, 'plan_services', 'waitlisted_on', 'waitlisted_on is null or started_on is null or waitlisted_on <= started_on');
  });
  await knex.raw(`create index plan_services_waitlisted_index on plan_services (service_plan_id) where waitlisted_on is not null`);

  await knex.schema.alterTable('referral_children', (t) => {
    t.text('priority').notNullable().defaultTo('routine');
    t.text('priority_reason').nullable();
    enumCheck(t, 'referral_children', 'priority', PRIORITIES);
    check(t, 'referral_children', 'priority_reason', 'char_length(priority_reason) <= 1000');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('referral_children', (t) => {
    t.dropChecks(['referral_children_priority_check', 'referral_children_priority_reason_check']);
    t.dropColumns('priority', 'priority_reason');
  });
  await knex.raw('drop index plan_services_waitlisted_index');
  await knex.schema.alterTable('plan_services', (t) => {
    t.dropChecks(['plan_services_priority_check', 'plan_services_waitlisted_on_check']);
    t.dropColumns('priority', 'waitlisted_on');
  });
}
