import type { Knex } from 'knex';

/**
 * The compliance rules of SHSS plans in service (monthly check-ins, server/compliance/rules/)
 * join each plan to its placement in placement order. Without this index the planner walked
 * `service_plans_placement_id_covering_index` over every plan (920 k at a million children) and
 * read each heap row to test programme and status: 330 ms of the rule's 0.9 s. With it, the
 * 66 k SHSS plans in service are read in that order from the index alone (the overdue list's
 * statement 1.9 → 1.6 s under EXPLAIN ANALYZE).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index service_plans_shss_in_service_placement_index on service_plans (placement_id)
                  include (id, child_id, organization_id, approved_on) where program = 'SHSS' and status = 'in_service'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index service_plans_shss_in_service_placement_index');
}
