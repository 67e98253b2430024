import type { Client } from 'pg';

/**
 * The scale seed's secondary indexes: dropped before the load and built again after it. A
 * COPY into a table with a dozen indexes inserts every row into each of them in key order —
 * random pages, one row at a time — where CREATE INDEX afterwards sorts each index once and
 * writes it sequentially. Indexes behind a constraint (primary keys, unique keys, the ones
 * foreign keys point at) stay, and are kept up during the load.
 *
 * The definitions are kept in a table until the indexes are back, so a seed that was
 * interrupted can restore them: the next seed starts with `restorePendingIndexes`.
 */
const PENDING = 'seed_scale_pending_indexes';

export interface IndexDefinition {
  name: string;
  table: string;
  definition: string;
}

/** Secondary indexes of `tables` that no constraint depends on, biggest table first. */
async function secondaryIndexes(admin: Client, tables: readonly string[]): Promise<IndexDefinition[]> {
  const { rows } = await admin.query<IndexDefinition>(
    `select i.relname as name, t.relname as "table", pg_get_indexdef(x.indexrelid) as definition
       from pg_index x
       join pg_class i on i.oid = x.indexrelid
       join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = current_schema() and t.relname = any($1::text[])
        and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
      order by t.relpages desc, i.relname`,
    [tables],
  );
  return rows;
}

export async function dropSecondaryIndexes(admin: Client, tables: readonly string[]): Promise<IndexDefinition[]> {
  const indexes = await secondaryIndexes(admin, tables);
  await admin.query('begin');
  await admin.query(`create table ${PENDING} (name text primary key, "table" text not null, definition text not null, position int not null)`);
  for (const [position, index] of indexes.entries()) {
    await admin.query(`insert into ${PENDING} (name, "table", definition, position) values ($1, $2, $3, $4)`, [index.name, index.table, index.definition, position]);
    await admin.query(`drop index "${index.name.replace(/"/g, '""')}"`);
  }
  await admin.query('commit');
  return indexes;
}

/**
 * Builds the indexes on `connections` side by side (each takes the next one; biggest tables
 * first, so the longest builds do not end up last), then forgets the saved definitions.
 */
export async function buildIndexes(connections: readonly Client[], indexes: readonly IndexDefinition[], onBuilt?: (index: IndexDefinition, ms: number) => void): Promise<void> {
  let next = 0;
  await Promise.all(
    connections.map(async (connection) => {
      // One build per connection and no parallel workers: on few cores, more processes than
      // cores only take turns.
      await connection.query(`set maintenance_work_mem = '512MB'`);
      await connection.query('set max_parallel_maintenance_workers = 0');
      for (let index = indexes[next++]; index; index = indexes[next++]) {
        const started = Date.now();
        await connection.query(index.definition);
        await connection.query(`delete from ${PENDING} where name = $1`, [index.name]);
        onBuilt?.(index, Date.now() - started);
      }
    }),
  );
  await connections[0].query(`drop table ${PENDING}`);
}

/** Builds what an interrupted seed dropped and did not build again; says how many. */
export async function restorePendingIndexes(connections: readonly Client[]): Promise<number> {
  const { rows } = await connections[0].query<{ exists: boolean }>(`select to_regclass($1) is not null as exists`, [PENDING]);
  if (!rows[0].exists) return 0;
  const { rows: pending } = await connections[0].query<IndexDefinition>(
    `select p.name, p."table", p.definition from ${PENDING} p
      where to_regclass(quote_ident(p.name)) is null order by p.position`,
  );
  await buildIndexes(connections, pending);
  return pending.length;
}
