import type { Knex } from 'knex';

/**
 * The defaults of the boolean columns, as the migrations gave them (`active` true,
 * `is_warm` false), read from the catalogue once per database handle: /api/meta gives each
 * boolean field its `default`, so a new record's switch starts where the server would put it.
 */
export type BooleanDefaults = ReadonlyMap<string, boolean>;

const cache = new WeakMap<Knex, Promise<BooleanDefaults>>();

async function read(knex: Knex): Promise<BooleanDefaults> {
  const { rows } = await knex.raw<{ rows: { table_name: string; column_name: string; column_default: string }[] }>(
    `select table_name, column_name, column_default from information_schema.columns
      where table_schema = current_schema() and data_type = 'boolean' and column_default in ('true', 'false')`,
  );
  return new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.column_default === 'true']));
}

export function booleanDefaults(knex: Knex): Promise<BooleanDefaults> {
  let defaults = cache.get(knex);
  if (!defaults) {
    defaults = read(knex);
    defaults.catch(() => cache.delete(knex));
    cache.set(knex, defaults);
  }
  return defaults;
}
