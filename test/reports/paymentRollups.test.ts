import { paymentSummary } from '../../server/reports/paymentSummary';
import { buckets } from '../../server/reports/period';
import { factories } from '../helpers/factories';
import { useTestDatabase } from '../helpers/testDb';

/**
 * The coarser payment rollups of migration 20261204150000 (docs/reports.md "Payment totals from
 * the coarser rollups"), row by row after each kind of write: the triggers on
 * `payments` keep `rollup_payment_months` (service month, every contract) and
 * `rollup_payment_years` (fiscal year × contract) current, a rebuild gives the same rows, and the
 * payment summary read from them gives the sums worked out here. The random write sequences of rollups.test.ts check them too (through
 * `rollup_differences()`).
 */
const db = useTestDatabase();

let orgs: number[];
let contracts: number[];

beforeAll(async () => {
  const f = factories(db.knex);
  orgs = [await f.organization({ name: 'Alpha Homes', kind: 'service_provider' }), await f.organization({ name: 'Beta Care', kind: 'service_provider' })];
  contracts = [
    await f.contract({ organization_id: orgs[0], contract_number: 'SHSS0000000010' }),
    await f.contract({ organization_id: orgs[1], contract_number: 'SHSS0000000020' }),
  ];
});

beforeEach(async () => {
  await db.knex('payments').delete();
});

const num = (value: unknown) => Number(value);

async function monthRows() {
  const rows = await db.knex('rollup_payment_months').where('payments', '<>', 0).orderBy('service_month').select('service_month', 'transition_in', 'paid', 'scheduled', 'cancelled', 'payments');
  return rows.map((r) => ({ service_month: r.service_month, transition_in: num(r.transition_in), paid: num(r.paid), scheduled: num(r.scheduled), cancelled: num(r.cancelled), payments: num(r.payments) }));
}

async function yearRows() {
  const rows = await db.knex('rollup_payment_years').where('payments', '<>', 0).orderBy(['fiscal_year', 'contract_id']).select('fiscal_year', 'contract_id', 'transition_in', 'paid', 'scheduled', 'cancelled', 'payments');
  return rows.map((r) => ({ fiscal_year: r.fiscal_year, contract_id: num(r.contract_id), transition_in: num(r.transition_in), paid: num(r.paid), scheduled: num(r.scheduled), cancelled: num(r.cancelled), payments: num(r.payments) }));
}

/** The rows stay the same through a rebuild, and nothing differs from the base tables. */
async function expectRebuildKeeps(): Promise<void> {
  const before = [await monthRows(), await yearRows()];
  expect((await db.knex.raw('select * from rollup_differences()')).rows).toEqual([]);
  await db.knex.raw('select rollup_rebuild()');
  expect([await monthRows(), await yearRows()]).toEqual(before);
}

const addPayment = (contract: number, service_month: string, amount: number, status: 'scheduled' | 'paid' | 'cancelled') =>
  db.knex('payments')
    .insert({ contract_id: contracts[contract], kind: 'transition_in', service_month, amount, status, paid_on: status === 'paid' ? service_month : null })
    .returning('id')
    .then(([r]) => Number(r.id));

function input(from: string, to: string, organization_id: number | null = null) {
  return { from, to, group: 'month' as const, organization_id, buckets: buckets(from, to, 'month'), today: '2026-10-31', records: null };
}

describe('rollup_payment_months and rollup_payment_years', () => {
  it('sum the payments per service month and per fiscal year (April to March) and contract, through inserts, updates and deletes', async () => {
    const march = await addPayment(0, '2025-03-01', 100, 'paid');
    await addPayment(0, '2025-04-01', 200.5, 'scheduled');
    const april2 = await addPayment(1, '2025-04-01', 300, 'paid');
    await addPayment(1, '2026-03-01', 50.25, 'cancelled');
    expect(await monthRows()).toEqual([
      { service_month: '2025-03-01', transition_in: 100, paid: 100, scheduled: 0, cancelled: 0, payments: 1 },
      { service_month: '2025-04-01', transition_in: 500.5, paid: 300, scheduled: 200.5, cancelled: 0, payments: 2 },
      { service_month: '2026-03-01', transition_in: 0, paid: 0, scheduled: 0, cancelled: 50.25, payments: 1 },
    ]);
    expect(await yearRows()).toEqual([
      { fiscal_year: '2024-04-01', contract_id: contracts[0], transition_in: 100, paid: 100, scheduled: 0, cancelled: 0, payments: 1 },
      { fiscal_year: '2025-04-01', contract_id: contracts[0], transition_in: 200.5, paid: 0, scheduled: 200.5, cancelled: 0, payments: 1 },
      { fiscal_year: '2025-04-01', contract_id: contracts[1], transition_in: 300, paid: 300, scheduled: 0, cancelled: 50.25, payments: 2 },
    ]);
    // March 2025 moved into the next fiscal year and to the other contract; April's paid one cancelled
    await db.knex('payments').where({ id: march }).update({ service_month: '2025-06-01', contract_id: contracts[1] });
    await db.knex('payments').where({ id: april2 }).update({ status: 'cancelled', paid_on: null });
    expect(await monthRows()).toEqual([
      { service_month: '2025-04-01', transition_in: 200.5, paid: 0, scheduled: 200.5, cancelled: 300, payments: 2 },
      { service_month: '2025-06-01', transition_in: 100, paid: 100, scheduled: 0, cancelled: 0, payments: 1 },
      { service_month: '2026-03-01', transition_in: 0, paid: 0, scheduled: 0, cancelled: 50.25, payments: 1 },
    ]);
    expect(await yearRows()).toEqual([
      { fiscal_year: '2025-04-01', contract_id: contracts[0], transition_in: 200.5, paid: 0, scheduled: 200.5, cancelled: 0, payments: 1 },
      { fiscal_year: '2025-04-01', contract_id: contracts[1], transition_in: 100, paid: 100, scheduled: 0, cancelled: 350.25, payments: 3 },
    ]);
    await db.knex('payments').where({ id: april2 }).delete();
    expect(await yearRows()).toEqual([
      { fiscal_year: '2025-04-01', contract_id: contracts[0], transition_in: 200.5, paid: 0, scheduled: 200.5, cancelled: 0, payments: 1 },
      { fiscal_year: '2025-04-01', contract_id: contracts[1], transition_in: 100, paid: 100, scheduled: 0, cancelled: 50.25, payments: 2 },
    ]);
    await expectRebuildKeeps();
  });

  it('answer the payment summary for one fiscal year, two, and months on either side of one', async () => {
    await addPayment(0, '2024-03-01', 1, 'paid');
    await addPayment(0, '2024-04-01', 10, 'paid');
    await addPayment(0, '2025-03-01', 100, 'scheduled');
    await addPayment(0, '2025-04-01', 1000, 'paid');
    await addPayment(1, '2026-03-01', 10000, 'scheduled');
    await addPayment(1, '2026-04-01', 100000, 'cancelled');
    const totals = async (from: string, to: string, organization: number | null = null) =>
      (await paymentSummary(db.knex, input(from, to, organization === null ? null : orgs[organization]))).contracts.map((c) => [c.contract_number, c.total, c.cancelled_total, c.payment_count]);
    // exactly FY 2025 (any days of its first and last months): its year rows
    expect(await totals('2025-04-01', '2026-03-31')).toEqual([['SHSS0000000010', 1000, 0, 1], ['SHSS0000000020', 10000, 0, 1]]);
    expect(await totals('2025-04-15', '2026-03-02', 1)).toEqual([['SHSS0000000020', 10000, 0, 1]]);
    // FY 2024 and FY 2025
    expect(await totals('2024-04-01', '2026-03-31')).toEqual([['SHSS0000000010', 1110, 0, 3], ['SHSS0000000020', 10000, 0, 1]]);
    // March 2024, FY 2024 whole, April 2025: a year row and two month rows
    expect(await totals('2024-03-01', '2025-04-30', 0)).toEqual([['SHSS0000000010', 1111, 0, 4]]);
    // FY 2025 whole and a month on either side
    expect(await totals('2025-03-01', '2026-04-30')).toEqual([['SHSS0000000010', 1100, 0, 2], ['SHSS0000000020', 10000, 100000, 2]]);
    // no whole fiscal year: the month rows
    expect(await totals('2025-03-01', '2025-09-30')).toEqual([['SHSS0000000010', 1100, 0, 2]]);
    const { series } = await paymentSummary(db.knex, input('2025-03-01', '2025-04-30'));
    expect(series.map((s) => [s.period, s.total, s.paid, s.scheduled])).toEqual([['2025-03', 100, 0, 100], ['2025-04', 1000, 1000, 0]]);
  });
});
