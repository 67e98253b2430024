import fc from 'fast-check';
import type { Knex } from 'knex';

/**
 * What the rollup tests' random write sequences share (rollups.test.ts, rollupsActivePlans.test.ts,
 * waitRollups.test.ts): picking an existing row, running a write in its own transaction (rolled
 * back on purpose, or refused by the database) and asking `rollup_differences()`.
 */

/** The `pick`-th row of `table` (modulo their number), or null when there is none. */
export async function picked(trx: Knex.Transaction, table: string, pick: number): Promise<number | null> {
  const [{ count }] = await trx(table).count<{ count: string }[]>('* as count');
  if (Number(count) === 0) return null;
  const row = await trx(table).select('id').orderBy('id').offset(pick % Number(count)).first();
  return Number(row.id);
}

export class RolledBack extends Error {}

/** PostgreSQL's refusals a random write may meet by default: a unique key taken, a check failed. */
const REFUSED = ['23505', '23514'];

/**
 * `write` in its own transaction, rolled back when `rollBack`; a write the database refuses with
 * one of `refused` (SQLSTATE codes, as raised or as the cause of server/db/errors.ts's error)
 * leaves nothing behind either.
 */
export async function runWrite(knex: Knex, write: (trx: Knex.Transaction) => Promise<void>, rollBack: boolean, refused: readonly string[] = REFUSED): Promise<void> {
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

const pad = (n: number) => String(n).padStart(2, '0');

/** E − 6 calendar months, clipped to the month's last day (docs/domain.md's window of an active plan). */
export function sixMonthsBefore(e: string): string {
  const [y, m, d] = e.split('-').map(Number);
  const [year, month] = m - 6 < 1 ? [y - 1, m + 6] : [y, m - 6];
  return `${year}-${pad(month)}-${pad(Math.min(d, new Date(Date.UTC(year, month, 0)).getUTCDate()))}`;
}

export async function rollupDifferences(knex: Knex): Promise<unknown[]> {
  const { rows } = await knex.raw('select * from rollup_differences()');
  return rows;
}

/**
 * The rollup tests' property: each random sequence of `command`s, run from `clear()` (in a third
 * of the sequences, those marked are rolled back), leaves no rollup differing from its base
 * table, and then `check` holds.
 */
export async function expectRandomWritesKeepRollups<Command>(
  knex: Knex,
  p: {
    command: fc.Arbitrary<Command>;
    minLength: number;
    maxLength: number;
    numRuns: number;
    clear: () => Promise<void>;
    run: (c: Command, rollBack: boolean) => Promise<void>;
    check: () => Promise<void>;
    /** compare after every write, not only the last (a later write to the same rows would hide a stale one) */
    afterEachWrite?: boolean;
    size?: fc.SizeForArbitrary;
  },
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(p.command, fc.boolean()), { minLength: p.minLength, maxLength: p.maxLength, size: p.size }), async (writes) => {
      await p.clear();
      for (const [c, rollBack] of writes) {
        await p.run(c, rollBack && writes.length % 3 === 0);
        if (p.afterEachWrite) expect(await rollupDifferences(knex)).toEqual([]);
      }
      expect(await rollupDifferences(knex)).toEqual([]);
      await p.check();
    }),
    { numRuns: p.numRuns },
  );
}
