import type { Knex } from 'knex';

/**
 * How the report rollups (migration 20261201170000) are computed and kept current: one
 * definition per rollup, triggers that add each statement's difference in the statement's own
 * transaction, and a rebuild and a comparison against the base tables (docs/reports.md
 * "Rollups").
 *
 * Statement-level triggers add the rows a statement inserted and subtract the rows it deleted
 * (an update is both, for the rows whose rollup columns changed), through its transition
 * tables, in one `insert … on conflict do update` per statement, the keys in key order: a
 * statement locks the rollup rows it changes in that order and holds them until commit, so two
 * writes to the same organisation, month and series wait for each other (sums commute; the
 * lock only orders them).
 */

interface Rollup {
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

const ROLLUPS: Rollup[] = [
  {
    table: 'rollup_referrals',
    source: 'referrals',
    keys: ['month', 'organization_id', 'program', 'source_type'],
    counts: ['referrals'],
    columns: ['referral_date', 'organization_id', 'program', 'source_type'],
    rows: (rows, sign) =>
      `select date_trunc('month', r.referral_date)::date as month, r.organization_id, r.program, r.source_type, ${sign} as referrals from ${rows} r`,
  },
  {
    table: 'rollup_payments',
    source: 'payments',
    keys: ['service_month', 'contract_id'],
    counts: ['base', 'support', 'transition_in', 'paid', 'scheduled', 'cancelled', 'payments'],
    columns: ['service_month', 'contract_id', 'kind', 'status', 'amount'],
    // The payment summary's sums (server/reports/definitions.ts PAYMENT_FILTERS): the kinds count live payments.
    rows: (rows, sign) => {
      const amountIf = (condition: string) => `case when ${condition} then ${sign} * p.amount else 0 end`;
      return `select p.service_month, p.contract_id,
        ${amountIf(`p.kind = 'base' and p.status <> 'cancelled'`)} as base,
        ${amountIf(`p.kind = 'support' and p.status <> 'cancelled'`)} as support,
        ${amountIf(`p.kind = 'transition_in' and p.status <> 'cancelled'`)} as transition_in,
        ${amountIf(`p.status = 'paid'`)} as paid,
        ${amountIf(`p.status = 'scheduled'`)} as scheduled,
        ${amountIf(`p.status = 'cancelled'`)} as cancelled,
        ${sign} as payments
      from ${rows} p`;
    },
  },
];

/** The rollup's rows summed from `parts` (relations with their sign), in key order, rows of zeros left out. */
function sumsSql(rollup: Rollup, parts: [string, number][]): string {
  return `select ${rollup.keys.join(', ')}, ${rollup.counts.map((c) => `sum(${c}) as ${c}`).join(', ')}
from (${parts.map(([rows, sign]) => rollup.rows(rows, sign)).join('\nunion all\n')}) x
group by ${rollup.keys.join(', ')}
having ${rollup.counts.map((c) => `sum(${c}) <> 0`).join(' or ')}
order by ${rollup.keys.join(', ')}`;
}

/** Adds the sums of `parts` to the rollup's rows (a new row for a new key). */
function addTo(rollup: Rollup, parts: [string, number][]): string {
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

function triggerFunctions(rollup: Rollup): string[] {
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
function triggers(rollup: Rollup): string[] {
  const referencing = { insert: 'referencing new table as new_rows', update: 'referencing old table as old_rows new table as new_rows', delete: 'referencing old table as old_rows' };
  return [
    ...(['insert', 'update', 'delete'] as const).map(
      (event) => `create trigger ${rollup.table}_${event} after ${event} on ${rollup.source} ${referencing[event]} for each statement execute function ${rollup.table}_${event}()`,
    ),
    `create trigger ${rollup.table}_truncate after truncate on ${rollup.source} for each statement execute function ${rollup.table}_truncate()`,
  ];
}

/**
 * `rollup_rebuild()`: every rollup recomputed from its base table, writers of the base tables
 * waiting meanwhile (readers read the rows before it until it commits).
 * `rollup_differences()`: the rows stored and not computed, and computed and not stored, each
 * rollup compared in one statement, so on one snapshot.
 */
function rebuildAndCompare(): string[] {
  const stored = (rollup: Rollup) =>
    `select ${[...rollup.keys, ...rollup.counts].join(', ')} from ${rollup.table} where ${rollup.counts.map((c) => `${c} <> 0`).join(' or ')}`;
  const compare = (rollup: Rollup) => `return query
  with stored as materialized (${stored(rollup)}), computed as materialized (${sumsSql(rollup, [[rollup.source, 1]])})
  select '${rollup.table}'::text, 'stored, not computed'::text, to_jsonb(x) from (select * from stored except all select * from computed) x
  union all
  select '${rollup.table}', 'computed, not stored', to_jsonb(x) from (select * from computed except all select * from stored) x`;
  return [
    `
create function rollup_rebuild() returns void language plpgsql as $$
begin
  lock table ${ROLLUPS.map((r) => r.source).join(', ')} in share mode;
  ${ROLLUPS.map((r) => `delete from ${r.table};\n  ${addTo(r, [[r.source, 1]])}`).join(';\n  ')};
end
$$`,
    `
create function rollup_differences() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  ${ROLLUPS.map(compare).join(';\n  ')};
end
$$`,
  ];
}

export async function up(knex: Knex): Promise<void> {
  for (const rollup of ROLLUPS) {
    for (const statement of [...triggerFunctions(rollup), ...triggers(rollup)]) await knex.raw(statement);
  }
  for (const statement of rebuildAndCompare()) await knex.raw(statement);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function rollup_differences()');
  await knex.raw('drop function rollup_rebuild()');
  for (const rollup of ROLLUPS) {
    for (const event of ['insert', 'update', 'delete', 'truncate']) {
      await knex.raw(`drop trigger ${rollup.table}_${event} on ${rollup.source}`);
      await knex.raw(`drop function ${rollup.table}_${event}()`);
    }
  }
}
