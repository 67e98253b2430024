/**
 * How the sum rollups are kept (migrations 20261201170001 and 20261204150000; docs/reports.md
 * "Rollups"): statement-level triggers that add each statement's difference in the statement's
 * own transaction, and the rebuild and comparison against the base table. Statement-level
 * triggers add the rows a statement inserted and subtract the rows it deleted (an update is
 * both, for the rows whose rollup columns changed), through its transition tables, in one
 * `insert … on conflict do update` per statement, the keys in key order. Once a migration has
 * shipped, a change here must not change what that migration creates.
 */
export interface Rollup {
  table: string;
  /** the base table whose rows it sums */
  source: string;
  keys: readonly string[];
  counts: readonly string[];
  /** the base rows' columns an update must change to move a row between keys or change a count */
  columns: readonly string[];
  /** `rows` (a relation of the source's columns) as rollup rows, each counted `sign` times */
  rows: (rows: string, sign: number) => string;
}

/** The rollup's rows summed from `parts` (relations with their sign), in key order, rows of zeros left out. */
export function sumsSql(rollup: Rollup, parts: [string, number][]): string {
  return `select ${rollup.keys.join(', ')}, ${rollup.counts.map((c) => `sum(${c}) as ${c}`).join(', ')}
from (${parts.map(([rows, sign]) => rollup.rows(rows, sign)).join('\nunion all\n')}) x
group by ${rollup.keys.join(', ')}
having ${rollup.counts.map((c) => `sum(${c}) <> 0`).join(' or ')}
order by ${rollup.keys.join(', ')}`;
}

/** Adds the sums of `parts` to the rollup's rows (a new row for a new key). */
export function addTo(rollup: Rollup, parts: [string, number][]): string {
  return `insert into ${rollup.table} as t (${[...rollup.keys, ...rollup.counts].join(', ')})
${sumsSql(rollup, parts)}
on conflict on constraint ${rollup.table}_key_unique do update set ${rollup.counts.map((c) => `${c} = t.${c} + excluded.${c}`).join(', ')}, updated_at = excluded.updated_at`;
}

/** The versions (`side`: new_rows or old_rows) of the rows an update changed in one of the rollup's columns. */
function changed(rollup: Rollup, side: 'new_rows' | 'old_rows'): string {
  const other = side === 'new_rows' ? 'old_rows' : 'new_rows';
  const differs = `(${rollup.columns.map((c) => `a.${c}`).join(', ')}) is distinct from (${rollup.columns.map((c) => `b.${c}`).join(', ')})`;
  return `(select a.* from ${side} a join ${other} b on b.id = a.id where ${differs})`;
}

export const TRIGGER_EVENTS = ['insert', 'update', 'delete', 'truncate'] as const;

/** `<table>_<event>()` for each event. */
export function triggerFunctions(rollup: Rollup): string[] {
  const fn = (event: string, body: string) => `
create function ${rollup.table}_${event}() returns trigger language plpgsql as $$
begin
  ${body};
  return null;
end
$$`;
  return [
    fn('insert', addTo(rollup, [['new_rows', 1]])),
    fn('update', addTo(rollup, [[changed(rollup, 'new_rows'), 1], [changed(rollup, 'old_rows'), -1]])),
    fn('delete', addTo(rollup, [['old_rows', -1]])),
    fn('truncate', `delete from ${rollup.table}`),
  ];
}

/** One trigger per event: PostgreSQL allows transition tables on triggers of one event only. */
export function triggers(rollup: Rollup): string[] {
  const referencing = { insert: 'referencing new table as new_rows', update: 'referencing old table as old_rows new table as new_rows', delete: 'referencing old table as old_rows' };
  return [
    ...(['insert', 'update', 'delete'] as const).map(
      (event) => `create trigger ${rollup.table}_${event} after ${event} on ${rollup.source} ${referencing[event]} for each statement execute function ${rollup.table}_${event}()`,
    ),
    `create trigger ${rollup.table}_truncate after truncate on ${rollup.source} for each statement execute function ${rollup.table}_truncate()`,
  ];
}

/** A `rollup_differences` body's query: the rows stored and not computed, and computed and not stored, on one snapshot. */
export function differences(rollup: Rollup): string {
  const stored = `select ${[...rollup.keys, ...rollup.counts].join(', ')} from ${rollup.table} where ${rollup.counts.map((c) => `${c} <> 0`).join(' or ')}`;
  return storedAgainstComputed(rollup.table, stored, sumsSql(rollup, [[rollup.source, 1]]));
}

/** The same for any rollup `table`: `stored` its rows as kept, `computed` the same columns from scratch. */
export function storedAgainstComputed(table: string, stored: string, computed: string): string {
  return `return query
  with stored as materialized (${stored}), computed as materialized (${computed})
  select '${table}'::text, 'stored, not computed'::text, to_jsonb(x) from (select * from stored except all select * from computed) x
  union all
  select '${table}', 'computed, not stored', to_jsonb(x) from (select * from computed except all select * from stored) x`;
}

/**
 * A new rollup `name` joins `rollup_rebuild()` and `rollup_differences()`: the functions as they
 * stand are renamed `…_without_<name>` and called first by new ones that then call
 * `rollup_rebuild_<name>()` / `rollup_differences_<name>()` (the migration creates those two
 * before `up`). `down` puts the chain back and drops those two.
 */
export function joinRollupChain(name: string): { up: string[]; down: string[] } {
  return {
    up: [
      `alter function rollup_rebuild() rename to rollup_rebuild_without_${name}`,
      `alter function rollup_differences() rename to rollup_differences_without_${name}`,
      `
create function rollup_rebuild() returns void language plpgsql as $$
begin
  perform rollup_rebuild_without_${name}();
  perform rollup_rebuild_${name}();
end
$$`,
      `
create function rollup_differences() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  return query select * from rollup_differences_without_${name}();
  return query select * from rollup_differences_${name}();
end
$$`,
    ],
    down: [
      'drop function rollup_differences()',
      'drop function rollup_rebuild()',
      `alter function rollup_rebuild_without_${name}() rename to rollup_rebuild`,
      `alter function rollup_differences_without_${name}() rename to rollup_differences`,
      `drop function rollup_differences_${name}()`,
      `drop function rollup_rebuild_${name}()`,
    ],
  };
}
