import { factories } from '../helpers/factories';
import { readState, withAdminClient } from '../helpers/postgres';
import { createTestDatabase } from '../helpers/testDb';

/**
 * Every test file's database is compared with `rollup_differences()` when it is dropped
 * (test/helpers/testDb.ts), so the whole suite's writes are checked against the rollups.
 */
async function exists(name: string): Promise<boolean> {
  const { rows } = await withAdminClient(readState().adminUrl, (client) => client.query('select 1 from pg_database where datname = $1', [name]));
  return rows.length > 0;
}

describe("a test file's database, dropped after its last test", () => {
  it('is dropped quietly when the rollups equal the base tables', async () => {
    const db = await createTestDatabase();
    const f = factories(db.knex);
    await f.referral({ organization_id: await f.organization(), referral_date: '2025-05-01' });
    await expect(db.destroy()).resolves.toBeUndefined();
    expect(await exists(db.name)).toBe(false);
  });

  it('fails, naming the rollup row, when a rollup no longer equals its base table — and is dropped all the same', async () => {
    const db = await createTestDatabase();
    const f = factories(db.knex);
    await f.referral({ organization_id: await f.organization(), referral_date: '2025-05-01', source_type: 'self_family' });
    await db.knex('rollup_referrals').update({ referrals: db.knex.raw('referrals + 1') });
    await expect(db.destroy()).rejects.toThrow(/rollups differ[\s\S]*rollup_referrals[\s\S]*stored, not computed[\s\S]*self_family/);
    expect(await exists(db.name)).toBe(false);
  });
});
