import type { Knex } from 'knex';

/**
 * An index on `(field, id)` for the sortable fields of the lists that grow with the children.
 * A list page sorts by its field and then by `id` (server/resources/listQuery.ts), in the same
 * direction, so a btree on exactly that pair gives the page by reading 25 entries, forwards or
 * backwards. Without it PostgreSQL sorts every row of the table for each page (120–1,700 ms at a
 * million children, bench/README.md), or, from an index on the field alone, sorts each group
 * of equal values — the ministry's children list sorted a whole surname group (85 ms) from
 * `(last_name, first_name)`.
 *
 * The fields left out, and why, are listed in test/platform/sortIndexes.test.ts, which checks
 * every declared sort against the catalogue: lookup tables bounded by the organisations,
 * places and users; fields already leading an index whose groups are small (a child's
 * placements, a coordinator's activities); and `service_plans.last_activity_on`, which stays
 * unindexed so the activity trigger's update of the plan row remains a HOT update.
 *
 * Four single-column indexes are replaced by their `(field, id)` version, which serves every
 * query they served.
 */
const SORTS: Record<string, string[]> = {
  children: ['last_name', 'first_name', 'preferred_name', 'service_delivery_area', 'created_at', 'updated_at'],
  referrals: ['referral_date', 'program', 'source_type', 'organization_id', 'referrer_name', 'created_at'],
  referral_children: ['eligibility', 'eligibility_decided_on', 'closed_on', 'created_at'],
  placements: ['start_date', 'end_date', 'status', 'kind', 'created_at'],
  respite_stays: ['start_date', 'end_date', 'status', 'created_at'],
  service_plans: ['initiated_on', 'approved_on', 'closed_on', 'status', 'program', 'created_at', 'updated_at'],
  care_circle_members: ['name', 'role', 'organization_name', 'joined_on', 'left_on', 'created_at'],
  plan_services: ['category', 'status', 'requested_on', 'started_on', 'ended_on', 'created_at'],
  progress_reviews: ['review_date', 'period_start', 'period_end', 'next_review_on', 'created_at'],
  monthly_check_ins: ['month', 'check_in_date', 'status', 'icm_status', 'finalized_at', 'created_at'],
  daily_logs: ['log_date', 'shift', 'created_at'],
  daily_log_entries: ['created_at', 'updated_at'],
  events: ['occurred_at', 'type', 'title', 'created_at'],
  tasks: ['due_on', 'status', 'title', 'created_at'],
  service_activities: ['activity_date', 'kind', 'mode', 'hours', 'created_at'],
  support_requests: ['submitted_at', 'decided_at', 'start_date', 'end_date', 'amount', 'status', 'type_code', 'created_at', 'updated_at'],
  payments: ['service_month', 'amount', 'kind', 'status', 'scheduled_on', 'paid_on', 'created_at'],
  payment_summaries: ['month', 'contract_number', 'total', 'paid_total', 'scheduled_total', 'payment_count', 'refreshed_at'],
  audit_events: ['action', 'resource'],
  outbox_messages: ['created_at', 'deliver_after', 'delivered_at', 'status', 'attempts', 'topic'],
};

/** [table, column, index name] of the single-column indexes the new ones supersede. */
const REPLACED: [string, string, string][] = [
  ['monthly_check_ins', 'month', 'monthly_check_ins_month_index'],
  ['daily_logs', 'log_date', 'daily_logs_log_date_index'],
  ['support_requests', 'type_code', 'support_requests_type_code_index'],
  ['payment_summaries', 'month', 'payment_summaries_month_index'],
];

function sortIndexName(table: string, column: string): string {
  return `${table}_${column}_id_index`;
}

export async function up(knex: Knex): Promise<void> {
  for (const [table, columns] of Object.entries(SORTS)) {
    for (const column of columns) {
      await knex.raw(`create index ?? on ?? (??, id)`, [sortIndexName(table, column), table, column]);
    }
  }
  for (const [, , name] of REPLACED) await knex.raw('drop index ??', [name]);
}

export async function down(knex: Knex): Promise<void> {
  for (const [table, column, name] of REPLACED) await knex.raw('create index ?? on ?? (??)', [name, table, column]);
  for (const [table, columns] of Object.entries(SORTS)) {
    for (const column of columns) await knex.raw('drop index ??', [sortIndexName(table, column)]);
  }
}
