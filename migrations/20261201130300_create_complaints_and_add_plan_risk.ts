import type { Knex } from 'knex';
import { check, enumCheck, foreignKey, identity, limitedText, timestamps, version } from './support/schema';

/**
 * Risk and complaints management, the coordinating agency's duty (CSP): a register of
 * complaints, and a risk flag on each plan with its reason and the date it was last reviewed.
 */
const TEXT_LIMIT = 4000;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('complaints', (t) => {
    identity(t);
    foreignKey(t, 'complaints', 'organization_id', 'organizations');
    t.date('received_on').notNullable();
    t.text('received_from').notNullable();
    t.text('complainant_name').nullable();
    t.text('about').notNullable();
    t.text('category').notNullable();
    foreignKey(t, 'complaints', 'child_id', 'children', { nullable: true });
    foreignKey(t, 'complaints', 'service_plan_id', 'service_plans', { nullable: true });
    t.text('status').notNullable().defaultTo('open');
    limitedText(t, 'complaints', 'resolution', TEXT_LIMIT);
    t.date('resolved_on').nullable();
    version(t);
    timestamps(knex, t);
    enumCheck(t, 'complaints', 'received_from', ['family', 'child', 'provider', 'other']);
    enumCheck(t, 'complaints', 'category', ['access_and_wait', 'service_quality', 'communication', 'staff_conduct', 'privacy', 'safety', 'other']);
    enumCheck(t, 'complaints', 'status', ['open', 'investigating', 'resolved', 'withdrawn']);
    check(t, 'complaints', 'about', `char_length(about) between 1 and ${TEXT_LIMIT}`);
    // Closed (resolved or withdrawn) exactly when dated; never before it was received.
    check(
      t,
      'complaints',
      'resolved_on',
      `((status in ('resolved', 'withdrawn')) = (resolved_on is not null)) and (resolved_on is null or resolved_on >= received_on)`,
    );
    t.index(['organization_id', 'received_on'], 'complaints_organization_id_received_on_index');
  });

  await knex.schema.alterTable('service_plans', (t) => {
    t.text('risk_level').nullable();
    limitedText(t, 'service_plans', 'risk_reason', TEXT_LIMIT);
    t.date('risk_reviewed_on').nullable();
    enumCheck(t, 'service_plans', 'risk_level', ['low', 'medium', 'high'], { nullable: true });
    check(t, 'service_plans', 'risk_reviewed_on', 'risk_level is null or (risk_reviewed_on is not null and risk_reason is not null)');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('service_plans', (t) => {
    t.dropChecks(['service_plans_risk_level_check', 'service_plans_risk_reason_check', 'service_plans_risk_reviewed_on_check']);
    t.dropColumns('risk_level', 'risk_reason', 'risk_reviewed_on');
  });
  await knex.schema.dropTable('complaints');
}
