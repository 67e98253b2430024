import type { Knex } from 'knex';
import { changed } from './20261204100001_create_csp_waiting_day_rollups';

/**
 * The waiting-days triggers (migration 20261204100001) picked a statement's children's waits
 * with `child_id in (select unnest(children))`: a semi-join, which PostgreSQL does not push into
 * the union of the table and the statement's deleted rows, so every write of a referral child
 * read the whole of `rollup_csp_waits` twice — 1.27 s for one priority changed at a million
 * children, 0.33 s even with the index by child of migration 20261208100000. `= any (children)`
 * is a condition each branch of the union takes, and the index answers it.
 */
const BY_INDEX = 'w.child_id = any (children)';

export async function up(knex: Knex): Promise<void> {
  for (const rows of ['new_rows', 'old_rows'] as const) await knex.raw(changed(rows, BY_INDEX));
}

export async function down(knex: Knex): Promise<void> {
  for (const rows of ['new_rows', 'old_rows'] as const) await knex.raw(changed(rows));
}
