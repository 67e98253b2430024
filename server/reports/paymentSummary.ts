import type { Knex } from 'knex';
import { addMonths, fiscalYearStart, startOfMonth } from '../dates';
import { runConcurrently } from './concurrent';
import { labelOf, PAYMENT_FILTERS, PAYMENT_SUMS, type PaymentSum } from './definitions';
import { periodBucket } from './explain';
import { rollupsAnswer } from './rollups';
import { scopeFilter, type VisibleRecords } from './reportScope';
import { gridCounts } from './suppression';
import { organizationFilter, SERIES_POINT, type ExplainedFigure, type ExplainInput, type ReportDefinition, type ReportInput } from './types';
import { CONTRACTS_FIRST_PAGE_ROWS, PAYMENT_SUMMARY_KEYS, PAYMENT_SUMMARY_STATUSES, type PaymentContract, type PaymentSummaryResult } from '../../contract/reports';
import { PAYMENT_KINDS } from '../../contract/enums';
import type { ReportColumn } from '../exports/reportColumns';
import { arrayOf, ID, INTEGER, MONEY, object, sameFor, STRING } from '../openapi/schemas';

/**
 * Payment summary (dashboard), read from `payments` (not the daily `payment_summaries` table,
 * so it is never a day late), or from `rollup_payments` and its coarser rollups (per service
 * month; per fiscal year and contract), kept in the payments' own transactions, whenever the
 * caller sees every payment of the organisation (rollups.ts). A payment belongs to the month (or
 * fiscal quarter) of its `service_month`; the period takes every service month it overlaps.
 *
 * The sums are definitions.ts's PAYMENT_SUMS, the payment_summaries rollup's too: amounts by
 * kind (`base`, `support`, `transition_in`) and `total` leave cancelled payments out — they are
 * what is owed: `total` = `paid` + `scheduled`. `cancelled` is the amount cancelled, shown
 * beside. `payment_count` counts every payment, cancelled ones included. Organisation: the
 * contract's; of its payments, those the caller sees (reportScope.ts). The months and the
 * contracts read one snapshot (concurrent.ts), so they agree.
 *
 * `contracts` is the first page (CONTRACTS_FIRST_PAGE_ROWS) of the contract rows, by organisation
 * name, then contract number, and `contracts_total` their number: GET
 * /api/reports/payment-summary/contracts (server/http/paymentContracts.ts, `paymentContractsPage`)
 * pages the rest, and the `contracts` download reads every one (`forDownload`).
 */
/**
 * Where the sums are read: `payments` by PAYMENT_SUMS, or `rollup_payments` (rollups.ts), whose
 * rows hold the same sums already split per contract and service month (live payments are the
 * paid and the scheduled ones, so `total` = `paid` + `scheduled`); its rows of zeros (every
 * payment of the key gone) are left out so a contract without payments is not listed.
 */
type SumColumn = 'base' | 'support' | 'transition_in' | 'paid' | 'scheduled' | 'cancelled' | 'total' | 'payment_count';
interface PaymentSource {
  table: 'payments' | 'rollup_payments' | 'rollup_payment_years';
  sums: Record<SumColumn, string>;
  rows: string;
}
const PAYMENTS: PaymentSource = { table: 'payments', sums: PAYMENT_SUMS, rows: '' };
const rolledUp = (column: string) => `coalesce(sum(p.${column}), 0)`;
const ROLLUP_PAYMENTS: PaymentSource = {
  table: 'rollup_payments',
  sums: {
    base: rolledUp('base'),
    support: rolledUp('support'),
    transition_in: rolledUp('transition_in'),
    paid: rolledUp('paid'),
    scheduled: rolledUp('scheduled'),
    cancelled: rolledUp('cancelled'),
    total: `${rolledUp('paid')} + ${rolledUp('scheduled')}`,
    payment_count: 'sum(p.payments)::int',
  },
  rows: 'and p.payments <> 0',
};

const sums = (source: PaymentSource) => `
       (${source.sums.base})::float8 as base,
       (${source.sums.support})::float8 as support,
       (${source.sums.transition_in})::float8 as transition_in,
       (${source.sums.paid})::float8 as paid,
       (${source.sums.scheduled})::float8 as scheduled,
       (${source.sums.cancelled})::float8 as cancelled,
       (${source.sums.total})::float8 as total,
       ${source.sums.payment_count} as payment_count`;

/** Payments `p` of the service months overlapping `:<start>` … `:<end>`. */
const serviceMonthsOverlapping = (start: string, end: string) => `p.service_month between date_trunc('month', :${start}::date)::date and :${end}::date`;

/** Sums per service month overlapping the period; the months are summed into buckets in JS. */
export function paymentMonthsSql(organizationId: number | null, records?: VisibleRecords | null): string {
  const source = PAYMENTS;
  const contractOrg =
    organizationId === null ? '' : 'and p.contract_id in (select c.id from contracts c where c.organization_id = :organization_id)';
  return `
select to_char(p.service_month, 'YYYY-MM-DD') as service_month, ${sums(source)}
from ${source.table} p
where ${serviceMonthsOverlapping('from', 'to')} ${source.rows} ${contractOrg} ${scopeFilter(records, 'payments', 'p.id')}
group by p.service_month`;
}

/** Each contract's sums over the service months overlapping the period, from `payments`: `contract_id` and the sums. */
function paymentContractTotalsSql(organizationId: number | null, records?: VisibleRecords | null): string {
  const source = PAYMENTS;
  return `
  select p.contract_id, ${sums(source)}
  from ${source.table} p
  join contracts c on c.id = p.contract_id
  where ${serviceMonthsOverlapping('from', 'to')} ${source.rows}
    ${organizationFilter('c.organization_id', organizationId)} ${scopeFilter(records, 'payments', 'p.id')}
  group by p.contract_id`;
}

/** The contract rows of the totals `totals`: each contract's sums with its number and organisation. */
const contractRowsSql = (totals: string) => `
select c.id::int as contract_id, c.contract_number, c.organization_id::int as organization_id,
       o.name as organization_name, t.base, t.support, t.transition_in, t.paid, t.scheduled, t.cancelled, t.total, t.payment_count
from (${totals}) t
join contracts c on c.id = t.contract_id
join organizations o on o.id = c.organization_id`;

/** By organisation name, then contract number (unique): a total order, so pages never overlap. */
const CONTRACT_ORDER = 'order by organization_name, contract_number';

/** Every contract row of the totals `totals` (the `contracts` download). */
function everyContractSql(totals: string): string {
  return `${contractRowsSql(totals)}
${CONTRACT_ORDER}`;
}

/**
 * One page of the contract rows of the totals `totals`, rows `:contracts_offset` to
 * `:contracts_offset + :contracts_limit − 1`, each with `contracts_total`, the number of contracts;
 * past the last page, one row of nulls with the total (`contractsPageOf` reads both). The rows
 * are materialised once (hash joins to their contracts and organisations), counted, and only
 * the page is sorted out of them (a top-N sort) and sent: at a million children 25 rows instead
 * of 2,500. Without the materialised rows the planner walked the organisations' name index and
 * compared every contract with each organisation in turn until the page was full (130,000 join
 * comparisons for the first page).
 */
function contractsPageSql(totals: string): string {
  return `
${contractsCte(totals)}
select n.contracts_total, page.*
${CONTRACTS_PAGE_FROM}`;
}

/** `with t as materialized (<the contract rows>)`, for CONTRACTS_PAGE_FROM. */
const contractsCte = (totals: string) => `with t as materialized (${contractRowsSql(totals)})`;

/** The page of the materialised contract rows `t` beside their count (contractsPageSql). */
const CONTRACTS_PAGE_FROM = `
from (select count(*)::int as contracts_total from t) n
left join lateral (
  select t.* from t
  ${CONTRACT_ORDER}
  limit :contracts_limit offset :contracts_offset
) page on true`;

/** A rollup row's own sums, when it is the only row of its contract in the period. */
const ROLLUP_ROW: PaymentSource = {
  table: 'rollup_payment_years',
  sums: {
    base: 'p.base',
    support: 'p.support',
    transition_in: 'p.transition_in',
    paid: 'p.paid',
    scheduled: 'p.scheduled',
    cancelled: 'p.cancelled',
    total: 'p.paid + p.scheduled',
    payment_count: 'p.payments',
  },
  rows: ROLLUP_PAYMENTS.rows,
};

/**
 * The fiscal years (their 1 April) whose twelve service months all lie in the period's, the last
 * of those months, and whether the period's service months are exactly one fiscal year; no year
 * (`years_from` after `years_to`, `years_end` before `years_from`) when it covers none whole.
 */
interface WholeFiscalYears {
  years_from: string;
  years_to: string;
  years_end: string;
  one_year: boolean;
}

function wholeFiscalYears(from: string, to: string): WholeFiscalYears {
  const firstMonth = startOfMonth(from);
  const lastMonth = startOfMonth(to);
  const yearsFrom = fiscalYearStart(firstMonth) === firstMonth ? firstMonth : addMonths(fiscalYearStart(firstMonth), 12);
  const yearsTo = fiscalYearStart(addMonths(lastMonth, -11));
  const yearsEnd = addMonths(yearsTo, 11);
  return { years_from: yearsFrom, years_to: yearsTo, years_end: yearsEnd, one_year: yearsFrom === firstMonth && yearsFrom === yearsTo && yearsEnd === lastMonth };
}

/** One organisation's rollup rows: those of its contracts. */
const rolledUpContractOrg = (organizationId: number | null) =>
  organizationId === null ? '' : 'and p.contract_id in (select c.id from contracts c where c.organization_id = :organization_id)';

/** The sums per service month from the rollups: every organisation's from `rollup_payment_months`, one organisation's from its contracts' `rollup_payments` rows. */
export function rolledUpPaymentMonthsSql(organizationId: number | null): string {
  return `
select to_char(p.service_month, 'YYYY-MM-DD') as service_month, ${sums(ROLLUP_PAYMENTS)}
from ${organizationId === null ? 'rollup_payment_months' : 'rollup_payments'} p
where ${serviceMonthsOverlapping('from', 'to')} ${ROLLUP_PAYMENTS.rows} ${rolledUpContractOrg(organizationId)}
group by p.service_month`;
}

/** Each contract's sums from the rollups (see rolledUpPaymentsSql): `contract_id` and the sums. */
function rolledUpContractTotalsSql(organizationId: number | null, years: WholeFiscalYears): string {
  const contractOrg = rolledUpContractOrg(organizationId);
  const counts = ['base', 'support', 'transition_in', 'paid', 'scheduled', 'cancelled', 'payments'].join(', ');
  return years.one_year
    ? `select p.contract_id, ${sums(ROLLUP_ROW)} from rollup_payment_years p where p.fiscal_year = :years_from::date ${ROLLUP_ROW.rows} ${contractOrg}`
    : `select p.contract_id, ${sums(ROLLUP_PAYMENTS)}
  from (
    select contract_id, ${counts} from rollup_payment_years p
    where p.fiscal_year between :years_from::date and :years_to::date ${ROLLUP_PAYMENTS.rows} ${contractOrg}
    union all
    select contract_id, ${counts} from rollup_payments p
    where ${serviceMonthsOverlapping('from', 'to')} and p.service_month not between :years_from::date and :years_end::date ${ROLLUP_PAYMENTS.rows} ${contractOrg}
  ) p
  group by p.contract_id`;
}

/**
 * The rollups' answer in one statement (`part` 'month' or 'contract'; migration 20261204150000):
 * the sums per service month (rolledUpPaymentMonthsSql), and a page of the contract rows with
 * their count (contractsPageSql; past the last page one contract row of nulls with the count).
 * A contract's totals add its `rollup_payment_years` rows of the fiscal years the period's service months cover whole
 * (`:years_from` … `:years_to`, their months up to `:years_end`) and its `rollup_payments` rows
 * of the months outside them; for exactly one fiscal year (the dashboard's period) they are its
 * year rows as they are, one per contract, nothing to add up.
 */
export function rolledUpPaymentsSql(organizationId: number | null, years: WholeFiscalYears): string {
  return `
${contractsCte(rolledUpContractTotalsSql(organizationId, years))}
select 'month' as part, m.service_month, null::int as contracts_total,
       null::int as contract_id, null::text as contract_number, null::int as organization_id, null::text as organization_name,
       m.base, m.support, m.transition_in, m.paid, m.scheduled, m.cancelled, m.total, m.payment_count
from (${rolledUpPaymentMonthsSql(organizationId)}) m
union all
select 'contract', null, n.contracts_total, page.*
${CONTRACTS_PAGE_FROM}
order by organization_name, contract_number`;
}

/** A page of the contract rows alone, from the rollups (GET /api/reports/payment-summary/contracts). */
export function rolledUpContractsPageSql(organizationId: number | null, years: WholeFiscalYears): string {
  return contractsPageSql(rolledUpContractTotalsSql(organizationId, years));
}

/** Every contract row from the rollups (the `contracts` download). */
function rolledUpContractsSql(organizationId: number | null, years: WholeFiscalYears): string {
  return everyContractSql(rolledUpContractTotalsSql(organizationId, years));
}

type Sums = { base: number; support: number; transition_in: number; paid: number; scheduled: number; cancelled: number; total: number; payment_count: number };
type MonthRow = { service_month: string } & Sums;
type ContractRow = { contract_id: number; contract_number: string; organization_id: number; organization_name: string } & Sums;

/** A contract row as the answer names its sums. */
const contractOf = (row: ContractRow): PaymentContract => ({
  contract_id: row.contract_id,
  contract_number: row.contract_number,
  organization_id: row.organization_id,
  organization_name: row.organization_name,
  base_total: row.base,
  support_total: row.support,
  transition_in_total: row.transition_in,
  total: row.total,
  paid_total: row.paid,
  scheduled_total: row.scheduled,
  cancelled_total: row.cancelled,
  payment_count: row.payment_count,
});

export interface ContractsPage {
  total: number;
  rows: PaymentContract[];
}

/** The rows of contractsPageSql: the page (none past the last) and the count. */
function contractsPageOf(rows: Record<string, unknown>[]): ContractsPage {
  const total = (rows[0]?.contracts_total as number | undefined) ?? 0;
  return { total, rows: (rows as unknown as ContractRow[]).filter((row) => row.contract_id !== null).map(contractOf) };
}

/**
 * What the contract rows are asked for: the period and the caller's scope (reportScope.ts), as
 * the report's own input has them.
 */
export type ContractsQuery = Pick<ReportInput, 'from' | 'to' | 'organization_id' | 'records'>;

/** The statements of a query's contract rows (the rollups' when the report reads them) and their bindings. */
function contractStatements(query: ContractsQuery): { page: string; every: string; bindings: Record<string, unknown> } {
  const bindings = { from: query.from, to: query.to, organization_id: query.organization_id, ...(query.records?.bindings ?? {}) };
  if (!rollupsAnswer(query, 'service months')) {
    const totals = paymentContractTotalsSql(query.organization_id, query.records);
    return { page: contractsPageSql(totals), every: everyContractSql(totals), bindings };
  }
  const years = wholeFiscalYears(query.from, query.to);
  return {
    page: rolledUpContractsPageSql(query.organization_id, years),
    every: rolledUpContractsSql(query.organization_id, years),
    bindings: { ...bindings, years_from: years.years_from, years_to: years.years_to, years_end: years.years_end },
  };
}

/** Rows `range[0]` to `range[1]` (from 0) of the report's contract rows, in its order, and how many there are. */
export async function paymentContractsPage(knex: Knex, query: ContractsQuery, range: [number, number]): Promise<ContractsPage> {
  const { page, bindings } = contractStatements(query);
  const { rows } = await knex.raw(page, { ...bindings, contracts_offset: range[0], contracts_limit: range[1] - range[0] + 1 });
  return contractsPageOf(rows);
}

/** Every contract row of the report, in its order (the `contracts` download). */
export async function everyPaymentContract(knex: Knex, query: ContractsQuery): Promise<PaymentContract[]> {
  const { every, bindings } = contractStatements(query);
  const { rows } = await knex.raw(every, bindings);
  return (rows as ContractRow[]).map(contractOf);
}

/**
 * How to read every contract row of an answer whose `contracts` is a first page, keyed by that
 * page: the `contracts` download reads them then, with the run's scope and on the run's database
 * (the answer, shared by runMemo.ts, is frozen and its JSON must not carry them).
 */
const everyContractOf = new WeakMap<readonly PaymentContract[], () => Promise<PaymentContract[]>>();

async function paymentRows(knex: Knex, input: ReportInput, bindings: Record<string, unknown>): Promise<{ months: MonthRow[]; contracts: ContractsPage }> {
  const page = contractsPageSql(paymentContractTotalsSql(input.organization_id, input.records));
  const [months, contracts] = await runConcurrently<Record<string, unknown>>(knex, [[paymentMonthsSql(input.organization_id, input.records)], [page]], bindings);
  return { months: months as unknown as MonthRow[], contracts: contractsPageOf(contracts) };
}

async function rolledUpPayments(knex: Knex, input: ReportInput, bindings: Record<string, unknown>): Promise<{ months: MonthRow[]; contracts: ContractsPage }> {
  const years = wholeFiscalYears(input.from, input.to);
  const [rows] = (await runConcurrently<Record<string, unknown>>(knex, [[rolledUpPaymentsSql(input.organization_id, years)]], {
    ...bindings,
    years_from: years.years_from,
    years_to: years.years_to,
    years_end: years.years_end,
  })) as unknown as ({ part: 'month' | 'contract' } & MonthRow & ContractRow)[][];
  return { months: rows.filter((r) => r.part === 'month'), contracts: contractsPageOf(rows.filter((r) => r.part === 'contract')) };
}

export async function paymentSummary(knex: Knex, input: ReportInput): Promise<PaymentSummaryResult> {
  const bindings = {
    from: input.from,
    to: input.to,
    organization_id: input.organization_id,
    ...(input.records?.bindings ?? {}),
    contracts_offset: 0,
    contracts_limit: CONTRACTS_FIRST_PAGE_ROWS,
  };
  const { months, contracts } = rollupsAnswer(input, 'service months')
    ? await rolledUpPayments(knex, input, bindings)
    : await paymentRows(knex, input, bindings);
  if (contracts.rows.length < contracts.total) {
    const query: ContractsQuery = { from: input.from, to: input.to, organization_id: input.organization_id, records: input.records };
    everyContractOf.set(contracts.rows, () => everyPaymentContract(knex, query));
  }
  return {
    series: input.buckets.map((b) => {
      // A service month (its first day) belongs to the bucket whose dates its month overlaps.
      const inBucket = months.filter((m) => m.service_month <= b.end && m.service_month >= `${b.start.slice(0, 8)}01`);
      const sum = (key: keyof Sums) => Math.round(inBucket.reduce((total, m) => total + m[key], 0) * 100) / 100;
      return {
        period: b.period,
        label: b.label,
        base: sum('base'),
        support: sum('support'),
        transition_in: sum('transition_in'),
        paid: sum('paid'),
        scheduled: sum('scheduled'),
        cancelled: sum('cancelled'),
        total: sum('total'),
      };
    }),
    contracts_total: contracts.total,
    contracts: contracts.rows,
  };
}

/** Every contract row of an answer: its `contracts` when they are all there, else read again as the run read them. */
async function everyContractIn(result: PaymentSummaryResult): Promise<readonly PaymentContract[]> {
  if (result.contracts.length >= result.contracts_total) return result.contracts;
  const read = everyContractOf.get(result.contracts);
  if (!read) throw new Error('payment-summary: an answer with a first page of contracts and no way to read the rest');
  return read();
}

const SUM_LABELS: Record<PaymentSum, string> = {
  base: 'Base payments, scheduled or paid',
  support: 'Support payments, scheduled or paid',
  transition_in: 'Transition-in payments, scheduled or paid',
  total: 'Payments scheduled or paid (what is owed; cancelled ones left out)',
  paid: 'Payments paid',
  scheduled: 'Payments scheduled',
  cancelled: 'Payments cancelled',
};

/** One sum of one bucket (or the period), one row per payment with its amount. */
function explainPayments(input: ExplainInput): ExplainedFigure {
  const { start, end } = periodBucket(input);
  const sum = input.key as PaymentSum;
  return {
    unit: 'payment',
    statistic: 'sum',
    decimals: 2,
    title: SUM_LABELS[sum],
    definition: `${SUM_LABELS[sum]}, of the service months from ${start.slice(0, 7)} to ${end.slice(0, 7)}: the amount of each payment. The organisation is the contract's.`,
    as_of: null,
    sql: `
select 'payment' as unit, p.id, coalesce(pl.child_id, sr.child_id) as child_id, p.service_month as date, p.amount as contribution,
       concat(${labelOf('p.kind', { base: 'Base', support: 'Support', transition_in: 'Transition-in' })}, ' payment for ', to_char(p.service_month, 'YYYY-MM'),
              ', ', p.status, case when p.paid_on is not null then concat(' on ', p.paid_on) end, ', contract ', c.contract_number) as detail
from payments p
join contracts c on c.id = p.contract_id
left join placements pl on pl.id = p.placement_id
left join support_requests sr on sr.id = p.support_request_id
where ${serviceMonthsOverlapping('bucket_start', 'bucket_end')} and ${PAYMENT_FILTERS[sum]}
  ${organizationFilter('c.organization_id', input.organization_id)} ${scopeFilter(input.records, 'payments', 'p.id')}`,
    bindings: { bucket_start: start, bucket_end: end, organization_id: input.organization_id, ...(input.records?.bindings ?? {}) },
  };
}

/** A contract row, in the answers' schemas (contract/reports.ts `PaymentContract`). */
export const PAYMENT_CONTRACT = object({
  contract_id: ID,
  contract_number: STRING,
  organization_id: ID,
  organization_name: STRING,
  ...sameFor(['base_total', 'support_total', 'transition_in_total', 'total', 'paid_total', 'scheduled_total', 'cancelled_total'], MONEY),
  payment_count: INTEGER,
});

/** The contract rows' columns in the downloads (the report's `contracts` table). */
const CONTRACT_DOWNLOAD_COLUMNS: ReportColumn[] = [
  { key: 'contract_id', type: 'id', label: 'contract' },
  { key: 'contract_number', type: 'text', label: 'contract_number' },
  { key: 'organization_id', type: 'id', label: 'organization' },
  { key: 'organization_name', type: 'text', label: 'organization' },
  { key: 'base_total', type: 'money', label: 'base' },
  { key: 'support_total', type: 'money', label: 'support' },
  { key: 'transition_in_total', type: 'money', label: 'transition_in' },
  { key: 'total', type: 'money', label: 'total' },
  { key: 'paid_total', type: 'money', label: 'paid' },
  { key: 'scheduled_total', type: 'money', label: 'scheduled' },
  { key: 'cancelled_total', type: 'money', label: 'cancelled' },
  { key: 'payment_count', type: 'number', label: 'payments' },
];

export const paymentSummaryReport: ReportDefinition<PaymentSummaryResult> = {
  name: 'payment-summary',
  title: 'Payment summary',
  run: paymentSummary,
  answer: {
    series: arrayOf(object({ ...SERIES_POINT, total: MONEY, ...sameFor([...PAYMENT_KINDS, ...PAYMENT_SUMMARY_STATUSES], MONEY) })),
    contracts_total: INTEGER,
    contracts: arrayOf(PAYMENT_CONTRACT),
  },
  explain: { keys: PAYMENT_SUMMARY_KEYS, figure: explainPayments },
  // the months' sums added in cents, so no float dust
  figures: (result) =>
    Object.fromEntries(PAYMENT_SUMMARY_KEYS.map((key) => [key, result.series.reduce((cents, p) => cents + Math.round(p[key] * 100), 0) / 100])),
  // the `contracts` download has every contract: read again when the answer holds only the first page
  forDownload: async (result, table) => (table === 'contracts' ? { ...result, contracts: [...(await everyContractIn(result))] } : result),
  tables: {
    series: (result) => ({
      columns: [
        { key: 'period', type: 'text', label: 'period' },
        { key: 'label', type: 'text', label: 'label' },
        { key: 'base', type: 'money', label: 'base' },
        { key: 'support', type: 'money', label: 'support' },
        { key: 'transition_in', type: 'money', label: 'transition_in' },
        { key: 'paid', type: 'money', label: 'paid' },
        { key: 'scheduled', type: 'money', label: 'scheduled' },
        { key: 'cancelled', type: 'money', label: 'cancelled' },
        { key: 'total', type: 'money', label: 'total' },
      ],
      rows: result.series,
    }),
    contracts: (result) => ({
      columns: CONTRACT_DOWNLOAD_COLUMNS,
      rows: result.contracts,
      counts: gridCounts(result.contracts.length, { columns: ['payment_count'] }),
    }),
  },
};
