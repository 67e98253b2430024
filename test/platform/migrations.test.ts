import { useTestDatabase } from '../helpers/testDb';

const db = useTestDatabase();

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

it('installs the SHSS support request types, the transition-in type the payments need included', async () => {
  const rows = await db.knex('support_request_types').select('code', 'parent_code', 'legacy_only', 'requires_staffing_details', 'active');
  const byCode = new Map(rows.map((r: { code: string }) => [r.code, r]));
  expect(rows.length).toBe(16);
  expect(byCode.get('legacy_transition_in')).toMatchObject({ parent_code: null, legacy_only: true, active: true });
  expect(byCode.get('one_to_one_staffing')).toMatchObject({ parent_code: 'staffing', requires_staffing_details: true });
  expect(byCode.get('cultural_supports')).toMatchObject({ parent_code: 'child_specific_support' });
  // One level deep: every parent is a type.
  for (const row of rows as { parent_code: string | null }[]) {
    if (row.parent_code) expect(byCode.get(row.parent_code)).toMatchObject({ parent_code: null });
  }
});

it('leaves a support request type that is in use when rolled back', async () => {
  const [provider] = await db.knex('organizations').insert({ name: 'P', kind: 'service_provider' }).returning('id');
  const [child] = await db.knex('children').insert({ first_name: 'A', last_name: 'B', birth_date: '2015-01-01' }).returning('id');
  const [place] = await db.knex('places_of_service').insert({ organization_id: provider.id, name: 'Home' }).returning('id');
  const [placement] = await db.knex('placements').insert({ child_id: child.id, place_of_service_id: place.id, kind: 'regular', start_date: '2025-01-01', status: 'active' }).returning('id');
  await db.knex('support_requests').insert({ child_id: child.id, placement_id: placement.id, type_code: 'staffing', frequency: 'one_time', status: 'draft' });
  await db.knex.migrate.down({ name: '20261123000012_seed_support_request_types.ts' });
  // Its unused sub-types go; `staffing` stays because a request names it.
  expect((await db.knex('support_request_types').select('code')).map((r: { code: string }) => r.code)).toEqual(['staffing']);
  await db.knex.migrate.latest();
  expect(Number((await db.knex('support_request_types').count('* as n').first())!.n)).toBe(16);
  await db.knex('support_requests').del();
  await db.knex('placements').del();
  await db.knex('places_of_service').del();
  await db.knex('children').del();
  await db.knex('organizations').del();
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
