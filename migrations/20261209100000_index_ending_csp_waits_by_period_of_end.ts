import type { Knex } from 'knex';

/**
 * The first page of children waiting on a past date (waitTimes.ts `rolledUpWaitingPageSql`)
 * also holds the waits that ended after that date. They were read whole and sorted: 17,497 at a
 * million children for 2026-03-31, 40 of the page's 46 ms, and ten times as many as at 100,000
 * children. This index holds the waits that have ended (`waits_until < 'infinity'`) by the
 * 30-day period their wait ended in, then in the list's order (priority rank — contract/enums.ts
 * PRIORITIES — referral date, child), so that the page walks each period from the date's on in
 * the list's order and stops at the page's last row: eight short walks for that date, whatever
 * the population. The period's expression is the statement's (`WAIT_END_PERIOD` there): the
 * planner matches an expression index only to the same expression.
 */
const PRIORITY_RANK = "array_position(array['urgent', 'high', 'routine']::text[], priority)";
const WAIT_END_PERIOD = "((waits_until - date '2000-01-01') / 30)";

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `create index rollup_csp_waits_ending_in_waiting_order_index on rollup_csp_waits (${WAIT_END_PERIOD}, ${PRIORITY_RANK}, referral_date, child_id, referral_id)
     include (organization_id, eligibility_decided_on, waits_until, priority, referral_child_id) where waits_until < 'infinity'`,
  );
  await knex.raw('analyze rollup_csp_waits');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index rollup_csp_waits_ending_in_waiting_order_index');
}
