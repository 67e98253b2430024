import type { Knex } from 'knex';
import { addTo, differences, TRIGGER_EVENTS, triggerFunctions, triggers, type Rollup } from './support/rollups';

/**
 * Two coarser payment rollups (issue 16; docs/reports.md "Payment totals from the coarser
 * rollups"), so that the payment summary for every organisation reads a row per month and per
 * contract instead of one per contract and month:
 *
 * - `rollup_payment_months`: the payment summary's sums per service month, every contract together;
 * - `rollup_payment_years`: the same sums per fiscal year (April to March, `fiscal_year` its
 *   1 April) of the service month and contract, so a period's contract totals add one row per
 *   contract and whole fiscal year, and `rollup_payments` rows only for the months outside them.
 *
 * Kept like the first rollups (migration 20261201170001, migrations/support/rollups.ts):
 * statement-level triggers on `payments` add the rows a statement inserted and subtract those it
 * deleted (an update is both, for the rows whose rollup columns changed), through its transition
 * tables, in one `insert … on conflict do update` per rollup, keys in key order. Lock order:
 * triggers of one event fire in the order of their names, so these (`rollup_payment_months_…`,
 * `rollup_payment_years_…`) lock their rows before `rollup_payments_…` locks its own: a statement
 * takes the month's row of every contract first, then its contracts' years, then its contracts'
 * months. Every writer of payments of one service month therefore waits at the same first row
 * until the other commits, and never holds a finer row while it waits for it.
 */
const STAMPS = 'created_at timestamptz not null default now(), updated_at timestamptz not null default now()';
const MONEY = 'numeric(16,2) not null';

/** A rollup and the declarations of its columns. */
interface CoarserRollup extends Rollup {
  keyColumns: string;
  countColumns: string;
}

/** The payment summary's sums (server/reports/definitions.ts PAYMENT_FILTERS, as rollup_payments): the kinds count live payments. */
const PAYMENT_SUMS = ['base', 'support', 'transition_in', 'paid', 'scheduled', 'cancelled', 'payments'];
function paymentSums(sign: number): string {
  const amountIf = (condition: string) => `case when ${condition} then ${sign} * p.amount else 0 end`;
  return `${amountIf(`p.kind = 'base' and p.status <> 'cancelled'`)} as base,
        ${amountIf(`p.kind = 'support' and p.status <> 'cancelled'`)} as support,
        ${amountIf(`p.kind = 'transition_in' and p.status <> 'cancelled'`)} as transition_in,
        ${amountIf(`p.status = 'paid'`)} as paid,
        ${amountIf(`p.status = 'scheduled'`)} as scheduled,
        ${amountIf(`p.status = 'cancelled'`)} as cancelled,
        ${sign} as payments`;
}
const PAYMENT_COLUMNS = `${PAYMENT_SUMS.slice(0, -1).map((sum) => `${sum} ${MONEY}`).join(', ')}, payments integer not null`;

const ROLLUPS: CoarserRollup[] = [
  {
    table: 'rollup_payment_months',
    source: 'payments',
    keys: ['service_month'],
    keyColumns: 'service_month date not null',
    counts: PAYMENT_SUMS,
    countColumns: PAYMENT_COLUMNS,
    columns: ['service_month', 'kind', 'status', 'amount'],
    rows: (rows, sign) => `select p.service_month, ${paymentSums(sign)} from ${rows} p`,
  },
  {
    table: 'rollup_payment_years',
    source: 'payments',
    keys: ['fiscal_year', 'contract_id'],
    keyColumns: 'fiscal_year date not null, contract_id bigint not null',
    counts: PAYMENT_SUMS,
    countColumns: PAYMENT_COLUMNS,
    columns: ['service_month', 'contract_id', 'kind', 'status', 'amount'],
    // 1 April of the fiscal year: three months back, the calendar year's 1 January, three months on
    rows: (rows, sign) =>
      `select (date_trunc('year', p.service_month - interval '3 months') + interval '3 months')::date as fiscal_year, p.contract_id, ${paymentSums(sign)} from ${rows} p`,
  },
];

/**
 * `rollup_rebuild_payment_totals()` / `rollup_differences_payment_totals()`, and
 * `rollup_rebuild()` / `rollup_differences()` redefined to call the ones before them (renamed
 * `…_without_payment_totals`) and these.
 */
const MINE = 'payment_totals';
function rebuildAndCompare(): string[] {
  return [
    `
create function rollup_rebuild_${MINE}() returns void language plpgsql as $$
begin
  lock table payments in share mode;
  ${ROLLUPS.map((r) => `delete from ${r.table};\n  ${addTo(r, [[r.source, 1]])}`).join(';\n  ')};
end
$$`,
    `
create function rollup_differences_${MINE}() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  ${ROLLUPS.map(differences).join(';\n  ')};
end
$$`,
    `alter function rollup_rebuild() rename to rollup_rebuild_without_${MINE}`,
    `alter function rollup_differences() rename to rollup_differences_without_${MINE}`,
    `
create function rollup_rebuild() returns void language plpgsql as $$
begin
  perform rollup_rebuild_without_${MINE}();
  perform rollup_rebuild_${MINE}();
end
$$`,
    `
create function rollup_differences() returns table (rollup text, difference text, row_values jsonb) language plpgsql stable as $$
begin
  return query select * from rollup_differences_without_${MINE}();
  return query select * from rollup_differences_${MINE}();
end
$$`,
  ];
}

export async function up(knex: Knex): Promise<void> {
  for (const rollup of ROLLUPS) {
    await knex.raw(`
    create table ${rollup.table} (
      id bigint generated always as identity primary key,
      ${rollup.keyColumns},
      ${rollup.countColumns},
      ${STAMPS},
      constraint ${rollup.table}_key_unique unique (${rollup.keys.join(', ')})
    )`);
    for (const statement of [...triggerFunctions(rollup), ...triggers(rollup)]) await knex.raw(statement);
  }
  for (const statement of rebuildAndCompare()) await knex.raw(statement);
  // one pass over the payments for each (group bys, no loop)
  await knex.raw(`select rollup_rebuild_${MINE}()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function rollup_differences()');
  await knex.raw('drop function rollup_rebuild()');
  await knex.raw(`alter function rollup_rebuild_without_${MINE}() rename to rollup_rebuild`);
  await knex.raw(`alter function rollup_differences_without_${MINE}() rename to rollup_differences`);
  await knex.raw(`drop function rollup_differences_${MINE}()`);
  await knex.raw(`drop function rollup_rebuild_${MINE}()`);
  for (const rollup of ROLLUPS) {
    for (const event of TRIGGER_EVENTS) {
      await knex.raw(`drop trigger ${rollup.table}_${event} on ${rollup.source}`);
      await knex.raw(`drop function ${rollup.table}_${event}()`);
    }
    await knex.raw(`drop table ${rollup.table}`);
  }
}
