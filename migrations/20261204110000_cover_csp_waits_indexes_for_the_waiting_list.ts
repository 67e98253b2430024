import type { Knex } from 'knex';

/**
 * The wait-times report's waiting list reads each child's earliest waiting referral with its
 * priority and organisation (waitTimes.ts `rolledUpWaitsSql`): with only `child_id, referral_id`
 * in the waiting indexes, every one of the 17,824 rows waiting at a million children was a heap
 * fetch (9,300 blocks, two thirds of the statement). The same two indexes, covering those
 * columns too, make it an index-only scan; the priority's reason (long text) is read for the
 * rows of a page only, by `referral_child_id`.
 */
const INCLUDED = 'child_id, referral_id, organization_id, priority, referral_child_id';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('drop index rollup_csp_waits_waiting_index');
  await knex.raw('drop index rollup_csp_waits_organization_waiting_index');
  // The waiting on D: waits_until > D, then both dates <= D inside the index (skip scan).
  await knex.raw(`create index rollup_csp_waits_waiting_index on rollup_csp_waits (waits_until, eligibility_decided_on, referral_date) include (${INCLUDED})`);
  await knex.raw(
    `create index rollup_csp_waits_organization_waiting_index on rollup_csp_waits (organization_id, waits_until, eligibility_decided_on, referral_date) include (${INCLUDED})`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index rollup_csp_waits_waiting_index');
  await knex.raw('drop index rollup_csp_waits_organization_waiting_index');
  await knex.raw('create index rollup_csp_waits_waiting_index on rollup_csp_waits (waits_until, eligibility_decided_on, referral_date) include (child_id, referral_id)');
  await knex.raw(
    'create index rollup_csp_waits_organization_waiting_index on rollup_csp_waits (organization_id, waits_until, eligibility_decided_on, referral_date) include (child_id, referral_id)',
  );
}
