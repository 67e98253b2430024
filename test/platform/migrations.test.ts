import { createTestDatabase, type TestDatabase } from '../helpers/testDb';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

async function tables(): Promise<string[]> {
  const result = await db.knex.raw(`select tablename from pg_tables where schemaname = 'public' and tablename not like 'knex%' order by 1`);
  return result.rows.map((r: { tablename: string }) => r.tablename);
}

it('rolls every migration back and applies them again to the same schema', async () => {
  const before = await tables();
  expect(before).toEqual(expect.arrayContaining(['children', 'service_plans', 'payments', 'audit_events', 'sessions']));
  expect(before.length).toBeGreaterThanOrEqual(33);
  await db.knex.migrate.rollback(undefined, true);
  expect(await tables()).toEqual([]);
  await db.knex.migrate.latest();
  expect(await tables()).toEqual(before);
});

it('indexes every foreign key', async () => {
  const result = await db.knex.raw(`
    select c.conrelid::regclass::text as tbl, a.attname as col
    from pg_constraint c
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    where c.contype = 'f' and array_length(c.conkey, 1) = 1
      and not exists (
        select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1]
      )`);
  expect(result.rows).toEqual([]);
});
