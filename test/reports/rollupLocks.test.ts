import type { Knex } from 'knex';
import { expectSecondWaitsForFirst } from '../helpers/concurrency';
import { factories } from '../helpers/factories';
import { useTestDatabase } from '../helpers/testDb';

/**
 * The rollups' locks (docs/reports.md "Rollups", Locks): writers of the same rollup row wait for
 * each other and both are counted; two transactions writing two rows in opposite orders, one
 * statement each, deadlock, and PostgreSQL aborts one of them — the server answers it 409
 * `retry` — while the rollups keep equal to the base tables.
 */
const db = useTestDatabase();
let org: number;

beforeAll(async () => {
  org = await factories(db.knex).organization({ name: 'Alpha Homes', kind: 'service_provider' });
});

const addReferral = (trx: Knex.Transaction, referral_date: string) =>
  trx('referrals').insert({ organization_id: org, referral_date, source_type: 'other', program: 'CSP', is_warm: false });

async function differences(): Promise<unknown[]> {
  return (await db.knex.raw('select * from rollup_differences()')).rows;
}

async function referralsOf(month: string): Promise<number> {
  const row = await db.knex('rollup_referrals').where({ organization_id: org, month }).first('referrals');
  return row ? Number(row.referrals) : 0;
}

describe('rollup locks', () => {
  it('make a second writer of the same month, organisation and source wait for the first, and count both', async () => {
    await expectSecondWaitsForFirst(
      db.knex,
      (trx) => addReferral(trx, '2025-04-03'),
      (trx) => addReferral(trx, '2025-04-28'),
    );
    expect(await referralsOf('2025-04-01')).toBe(2);
    expect(await differences()).toEqual([]);
  });

  it('let PostgreSQL abort one of two transactions writing two months in opposite orders; the other is counted', async () => {
    const one = await db.knex.transaction();
    const two = await db.knex.transaction();
    try {
      await addReferral(one, '2025-06-10');
      await addReferral(two, '2025-07-10');
      // each now waits for the row the other holds: PostgreSQL finds the cycle (deadlock_timeout, 1 s)
      const outcomes = await Promise.allSettled([
        addReferral(one, '2025-07-11').then(() => one.commit()),
        addReferral(two, '2025-06-11').then(() => two.commit()),
      ]);
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(refused).toHaveLength(1);
      expect(refused[0].reason).toMatchObject({ status: 409, code: 'retry' });
      expect(refused[0].reason.cause).toMatchObject({ code: '40P01' });
    } finally {
      if (!one.isCompleted()) await one.rollback();
      if (!two.isCompleted()) await two.rollback();
    }
    expect([await referralsOf('2025-06-01'), await referralsOf('2025-07-01')]).toEqual([1, 1]);
    expect(await db.knex('referrals').where({ organization_id: org }).whereBetween('referral_date', ['2025-06-01', '2025-07-31']).count({ n: '*' })).toEqual([{ n: 2 }]);
    expect(await differences()).toEqual([]);
  });
});
