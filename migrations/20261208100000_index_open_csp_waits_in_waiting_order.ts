import type { Knex } from 'knex';

/**
 * The wait-times report's first page of children waiting (waitTimes.ts `rolledUpWaitingPageSql`)
 * sorted every child waiting to keep 25 (16,628 at a million children: linear in the
 * population). With these two indexes it walks the waits in the list's order and stops at the
 * page's last row:
 *   - the waits still open (`waits_until = 'infinity'`, nearly all that wait today) in the list's
 *     order: priority (urgent, high, routine — contract/enums.ts PRIORITIES), the longest wait
 *     first, then child; the few that end after the date are sorted beside them;
 *   - every wait by child and referral date, so that a wait found is kept only when it is its
 *     child's earliest still waiting (one probe). The waiting-days triggers (migration
 *     20261204100001) read a statement's children's waits through it too, once migration
 *     20261208100100 lets them.
 */
const PRIORITY_RANK = "array_position(array['urgent', 'high', 'routine']::text[], priority)";

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `create index rollup_csp_waits_open_in_waiting_order_index on rollup_csp_waits (${PRIORITY_RANK}, referral_date, child_id, referral_id)
     include (organization_id, eligibility_decided_on, priority, referral_child_id) where waits_until = 'infinity'`,
  );
  await knex.raw(
    'create index rollup_csp_waits_child_id_referral_date_index on rollup_csp_waits (child_id, referral_date, referral_id) include (organization_id, eligibility_decided_on, waits_until)',
  );
  await knex.raw('analyze rollup_csp_waits');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index rollup_csp_waits_child_id_referral_date_index');
  await knex.raw('drop index rollup_csp_waits_open_in_waiting_order_index');
}
