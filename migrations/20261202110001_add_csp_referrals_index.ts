import type { Knex } from 'knex';

/**
 * The CSP referrals by id with the columns the children-waiting statement reads
 * (definitions.ts `waitingOn`): it merge-joins the eligible referral children not yet initiated
 * with the CSP referrals in id order, and read them from the whole `referrals` primary key and
 * heap, SHSS referrals included; this one is read by an index-only scan (at 100 k children the
 * statement took 125 ms without it and 95 ms with it, alternated at load 15–19; docs/reports.md
 * "Wait times from the rollups").
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index referrals_csp_id_index on referrals (id) include (referral_date, organization_id) where program = 'CSP'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index referrals_csp_id_index');
}
