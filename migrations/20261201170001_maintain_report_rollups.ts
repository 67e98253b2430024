import type { Knex } from 'knex';
import { addTo, differences, TRIGGER_EVENTS, triggerFunctions, triggers, type Rollup } from './support/rollups';

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

/**
 * `rollup_rebuild()`: every rollup recomputed from its base table, writers of the base tables
 * waiting meanwhile (readers read the rows before it until it commits).
 * `rollup_differences()`: the rows stored and not computed, and computed and not stored, each
 * rollup compared in one statement, so on one snapshot.
 */
function rebuildAndCompare(): string[] {
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
  ${ROLLUPS.map(differences).join(';\n  ')};
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
    for (const event of TRIGGER_EVENTS) {
      await knex.raw(`drop trigger ${rollup.table}_${event} on ${rollup.source}`);
      await knex.raw(`drop function ${rollup.table}_${event}()`);
    }
  }
}
