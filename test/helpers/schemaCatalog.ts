import type { Knex } from 'knex';

/**
 * The migrated schema as PostgreSQL's catalogs describe it: tables, columns with their types,
 * single-column foreign keys and the enumerations of the check constraints. Knex's own tables
 * are left out.
 */
export interface CatalogColumn {
  /** `text`, `date`, `numeric(12,2)`, `timestamptz` … as docs/domain.md writes them */
  type: string;
  required: boolean;
  /** the table a single-column foreign key points at */
  references: string | null;
  /** the values of an enumeration check (`<table>_<column>_check`), in the constraint's order */
  values: string[] | null;
}

export type Catalog = Map<string, Map<string, CatalogColumn>>;

const KNEX_TABLES = ['knex_migrations', 'knex_migrations_lock'];

function typeName(row: { data_type: string; numeric_precision: number | null; numeric_scale: number | null }): string {
  switch (row.data_type) {
    case 'numeric':
      return `numeric(${row.numeric_precision},${row.numeric_scale})`;
    case 'timestamp with time zone':
      return 'timestamptz';
    default:
      return row.data_type;
  }
}

/**
 * `kind = ANY (ARRAY['a'::text, 'b'::text])`, or `role = 'spc'::text` for a list of one, on the
 * constraint's own column (a check may also mention other columns, e.g. `status = 'closed'`).
 */
export function enumerationOf(column: string, definition: string): string[] | null {
  const list = new RegExp(`(?<![\\w.])${column} = ANY \\(ARRAY\\[([^\\]]*)\\]\\)`).exec(definition);
  if (list) return [...list[1].matchAll(/'((?:[^']|'')*)'::text/g)].map((m) => m[1].replace(/''/g, "'"));
  const single = new RegExp(`\\(${column} = '((?:[^']|'')*)'::text\\)`).exec(definition);
  return single ? [single[1].replace(/''/g, "'")] : null;
}

export async function readCatalog(knex: Knex): Promise<Catalog> {
  const columns = await knex('information_schema.columns')
    .where({ table_schema: 'public' })
    .whereNotIn('table_name', KNEX_TABLES)
    .select('table_name', 'column_name', 'data_type', 'numeric_precision', 'numeric_scale', 'is_nullable')
    .orderBy(['table_name', 'ordinal_position']);
  const foreignKeys = await knex.raw(`
    select c.conrelid::regclass::text as table_name, a.attname as column_name, c.confrelid::regclass::text as referenced
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.contype = 'f' and cardinality(c.conkey) = 1 and c.connamespace = 'public'::regnamespace`);
  const checks = await knex.raw(`
    select conrelid::regclass::text as table_name, conname, pg_get_constraintdef(oid) as definition
      from pg_constraint
     where contype = 'c' and connamespace = 'public'::regnamespace`);

  const catalog: Catalog = new Map();
  for (const row of columns) {
    if (!catalog.has(row.table_name)) catalog.set(row.table_name, new Map());
    catalog.get(row.table_name)!.set(row.column_name, { type: typeName(row), required: row.is_nullable === 'NO', references: null, values: null });
  }
  for (const row of foreignKeys.rows) {
    const column = catalog.get(row.table_name)?.get(row.column_name);
    if (column) column.references = row.referenced;
  }
  for (const row of checks.rows) {
    const prefix = `${row.table_name}_`;
    if (!row.conname.startsWith(prefix) || !row.conname.endsWith('_check')) continue;
    const name = row.conname.slice(prefix.length, -'_check'.length);
    const column = catalog.get(row.table_name)?.get(name);
    const values = column ? enumerationOf(name, row.definition) : null;
    if (column && values) column.values = values;
  }
  return catalog;
}
