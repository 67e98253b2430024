import type { Knex } from 'knex';

/**
 * What the rollup tests (rollups.test.ts, waitRollups.test.ts) share: picking a row to change,
 * running one random write in its own transaction — rolled back, or refused by the database —
 * and the rollups' differences from a rebuild.
 */

/** The `pick`-th row of `table` (modulo their number), or null when there is none. */
export async function picked(trx: Knex.Transaction, table: string, pick: number): Promise<number | null> {
  const [{ count }] = await trx(table).count<{ count: string }[]>('* as count');
  if (Number(count) === 0) return null;
  const row = await trx(table).select('id').orderBy('id').offset(pick % Number(count)).first();
  return row.id;
}

class RolledBack extends Error {}

/**
 * `write` in its own transaction, rolled back when `rollBack`; a write the database refuses with
 * one of `refused` (SQLSTATE codes, as raised or as the cause of server/db/errors.ts's error)
 * leaves nothing behind either.
 */
export async function runWrite(knex: Knex, write: (trx: Knex.Transaction) => Promise<void>, rollBack: boolean, refused: readonly string[]): Promise<void> {
  try {
    await knex.transaction(async (trx) => {
      await write(trx);
      if (rollBack) throw new RolledBack();
    });
  } catch (error) {
    const { code, cause } = error as { code?: string; cause?: { code?: string } };
    if (!(error instanceof RolledBack) && !refused.includes(cause?.code ?? code ?? '')) throw error;
  }
}

export async function differences(knex: Knex): Promise<unknown[]> {
  const { rows } = await knex.raw('select * from rollup_differences()');
  return rows;
}
