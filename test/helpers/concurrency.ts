import type { Knex } from 'knex';

/**
 * Two transactions that overlap: `first` writes and stays open, `second` starts and must wait
 * for it (a row lock), then both commit, first one first. Answers once both have committed.
 */
export async function expectSecondWaitsForFirst(
  knex: Knex,
  first: (trx: Knex.Transaction) => Promise<unknown>,
  second: (trx: Knex.Transaction) => Promise<unknown>,
): Promise<void> {
  const one = await knex.transaction();
  const two = await knex.transaction();
  try {
    await first(one);
    const settled = second(two).then(() => 'done');
    const waited = await Promise.race([settled, new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))]);
    if (waited !== 'waiting') throw new Error('The second transaction did not wait for the first one');
    await one.commit();
    await settled;
    await two.commit();
  } finally {
    if (!one.isCompleted()) await one.rollback();
    if (!two.isCompleted()) await two.rollback();
  }
}
