import type { Knex } from 'knex';

/**
 * A plan is revised by cloning the plan in service: the child keeps that plan in service until
 * the revision is approved (docs/domain.md). "At most one plan that is not closed" becomes two rules,
 * each a partial unique index: at most one plan in service, and at most one draft or pending
 * plan, per child, programme and organisation. The indexes close the race the workflow's own
 * checks cannot (two approvals or two clones at once).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('drop index service_plans_open_unique');
  await knex.raw(
    `create unique index service_plans_in_service_unique on service_plans (child_id, program, organization_id) where status = 'in_service'`,
  );
  await knex.raw(
    `create unique index service_plans_revision_unique on service_plans (child_id, program, organization_id) where status in ('draft', 'pending_approval')`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index service_plans_revision_unique');
  await knex.raw('drop index service_plans_in_service_unique');
  await knex.raw(
    `create unique index service_plans_open_unique on service_plans (child_id, program, organization_id) where status <> 'closed'`,
  );
}
