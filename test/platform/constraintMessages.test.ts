import { CONSTRAINT_MESSAGES, RAISED_BY_TRIGGERS } from '../../server/db/constraintMessages';
import { useTestDatabase } from '../helpers/testDb';

/**
 * Every check, unique and foreign-key constraint and unique index of the migrated schema has its
 * message in server/db/constraintMessages.ts, so a refusal never shows a constraint's or a
 * table's name; and that file names no constraint the schema lacks.
 */
const db = useTestDatabase();

async function constraintNames(): Promise<string[]> {
  const { rows } = await db.knex.raw<{ rows: { name: string }[] }>(`
    select c.conname as name
      from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = 'public' and c.contype in ('c', 'u', 'f', 'x') and t.relname not like 'knex\\_%'
    union
    select i.relname
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = 'public' and x.indisunique and not x.indisprimary and t.relname not like 'knex\\_%'
    order by 1`);
  return rows.map((r) => r.name);
}

it('has a coded message for every constraint of the schema', async () => {
  const names = await constraintNames();
  expect(names.length).toBeGreaterThan(200);
  expect(names.filter((name) => !(name in CONSTRAINT_MESSAGES))).toEqual([]);
});

it('lists no constraint the schema does not have', async () => {
  const names = new Set(await constraintNames());
  expect(Object.keys(CONSTRAINT_MESSAGES).filter((name) => !names.has(name))).toEqual([]);
});

it('raises each trigger-made refusal it names from a trigger function of the schema', async () => {
  const { rows } = await db.knex.raw<{ rows: { source: string }[] }>(`select prosrc as source from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'`);
  const raised = Object.keys(RAISED_BY_TRIGGERS).filter((name) => rows.some((r) => r.source.includes(`constraint = '${name}'`)));
  expect(raised).toEqual(Object.keys(RAISED_BY_TRIGGERS));
});
