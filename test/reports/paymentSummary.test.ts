import { PAYMENT_SUMMARY_KEYS } from '../../contract/reports';
import { explainFigure } from '../../server/reports/explain';
import { paymentSummary, paymentSummaryReport } from '../../server/reports/paymentSummary';
import { buckets, type Group } from '../../server/reports/period';
import { expectExplains, rowOf } from '../helpers/explanations';
import { factories } from '../helpers/factories';
import { useTestDatabase } from '../helpers/testDb';

const db = useTestDatabase();
let orgM: number;
let orgN: number;
let k1: number;
let k2: number;
let child: number;
const pay: Record<string, number> = {};

beforeAll(async () => {
  const f = factories(db.knex);
  orgM = await f.organization({ name: 'Maple Homes', kind: 'service_provider' });
  orgN = await f.organization({ name: 'Northern Care', kind: 'service_provider' });
  k1 = await f.contract({ organization_id: orgM, contract_number: 'SHSS0000000001' });
  k2 = await f.contract({ organization_id: orgN, contract_number: 'SHSS0000000002' });
  child = await f.child();
  const placementM = await f.placement({ child_id: child, place_of_service_id: await f.placeOfService({ organization_id: orgM }), contract_id: k1 });
  const placementN = await f.placement({ child_id: await f.child(), place_of_service_id: await f.placeOfService({ organization_id: orgN }), contract_id: k2 });
  const request = await f.supportRequest({ child_id: child, placement_id: placementM, contract_id: k1 });

  const base = { kind: 'base' as const };
  await f.payment({ ...base, contract_id: k1, placement_id: placementM, service_month: '2025-03-01', amount: 999, status: 'paid' }); // before
  pay.aprBase = await f.payment({ ...base, contract_id: k1, placement_id: placementM, service_month: '2025-04-01', amount: 1000, status: 'paid' });
  pay.mayBase = await f.payment({ ...base, contract_id: k1, placement_id: placementM, service_month: '2025-05-01', amount: 1000, status: 'scheduled' });
  pay.junBase = await f.payment({ ...base, contract_id: k1, placement_id: placementM, service_month: '2025-06-01', amount: 999, status: 'scheduled' }); // after
  pay.aprSupport = await f.payment({ kind: 'support', contract_id: k1, support_request_id: request, service_month: '2025-04-01', amount: 250.25, status: 'paid' });
  pay.mayTransition = await f.payment({ kind: 'transition_in', contract_id: k1, service_month: '2025-05-01', amount: 300, status: 'cancelled' });
  pay.aprNorthern = await f.payment({ ...base, contract_id: k2, placement_id: placementN, service_month: '2025-04-01', amount: 500, status: 'paid' });
});

function run(from: string, to: string, group: Group, organizationId: number | null) {
  return paymentSummary(db.knex, { from, to, group, organization_id: organizationId, buckets: buckets(from, to, group) });
}

describe('payment summary', () => {
  it('totals each month by kind and status, cancelled payments apart', async () => {
    const { series } = await run('2025-04-01', '2025-05-31', 'month', orgM);
    expect(series).toEqual([
      // April: base 1000 paid + support 250.25 paid
      { period: '2025-04', label: 'Apr 2025', base: 1000, support: 250.25, transition_in: 0, paid: 1250.25, scheduled: 0, cancelled: 0, total: 1250.25 },
      // May: base 1000 scheduled; the 300 transition-in was cancelled: not in its kind nor the total
      { period: '2025-05', label: 'May 2025', base: 1000, support: 0, transition_in: 0, paid: 0, scheduled: 1000, cancelled: 300, total: 1000 },
    ]);
  });

  it('gives one row per contract with its totals and payment count', async () => {
    const { contracts } = await run('2025-04-01', '2025-05-31', 'month', null);
    expect(contracts).toEqual([
      {
        contract_id: k1,
        contract_number: 'SHSS0000000001',
        organization_id: orgM,
        organization_name: 'Maple Homes',
        base_total: 2000, // April and May
        support_total: 250.25,
        transition_in_total: 0, // cancelled
        total: 2250.25,
        paid_total: 1250.25,
        scheduled_total: 1000,
        cancelled_total: 300,
        payment_count: 4, // cancelled one included; March and June are outside
      },
      {
        contract_id: k2,
        contract_number: 'SHSS0000000002',
        organization_id: orgN,
        organization_name: 'Northern Care',
        base_total: 500,
        support_total: 0,
        transition_in_total: 0,
        total: 500,
        paid_total: 500,
        scheduled_total: 0,
        cancelled_total: 0,
        payment_count: 1,
      },
    ]);
  });

  it('adds every organisation when none is asked for', async () => {
    const { series } = await run('2025-04-01', '2025-05-31', 'month', null);
    expect(series[0]).toMatchObject({ period: '2025-04', base: 1500, paid: 1750.25, total: 1750.25 }); // + Northern's 500
  });

  it('takes the service months a partial period overlaps', async () => {
    const { series, contracts } = await run('2025-04-15', '2025-04-20', 'month', orgM);
    // April's service month overlaps 04-15 … 04-20.
    expect(series).toEqual([
      { period: '2025-04', label: 'Apr 2025', base: 1000, support: 250.25, transition_in: 0, paid: 1250.25, scheduled: 0, cancelled: 0, total: 1250.25 },
    ]);
    expect(contracts.map((c) => [c.contract_number, c.total, c.payment_count])).toEqual([['SHSS0000000001', 1250.25, 2]]);
  });

  it('groups by fiscal quarter', async () => {
    const { series } = await run('2025-04-01', '2025-06-30', 'quarter', orgM);
    // Q1: April 1250.25 + May 1000 + June 999 = 3249.25 owed; 300 cancelled
    expect(series).toEqual([
      { period: 'FY2025-Q1', label: 'Q1 2025-26', base: 2999, support: 250.25, transition_in: 0, paid: 1250.25, scheduled: 1999, cancelled: 300, total: 3249.25 },
    ]);
  });
});

describe('explanations', () => {
  const explain = (key: string, bucket: string | null, organizationId: number | null, period = { from: '2025-04-01', to: '2025-05-31' }) =>
    explainFigure(db.knex, paymentSummaryReport, { ...period, organization_id: organizationId, key, bucket }, null);

  it('explains every sum of every month by its payments and their amounts', async () => {
    const { series } = await run('2025-04-01', '2025-05-31', 'month', orgM);
    const expected: Record<string, Partial<Record<(typeof PAYMENT_SUMMARY_KEYS)[number], number[]>>> = {
      '2025-04': {
        base: [pay.aprBase],
        support: [pay.aprSupport],
        paid: [pay.aprBase, pay.aprSupport],
        total: [pay.aprBase, pay.aprSupport],
      },
      // The cancelled transition-in payment is in `cancelled` only.
      '2025-05': { base: [pay.mayBase], scheduled: [pay.mayBase], cancelled: [pay.mayTransition], total: [pay.mayBase] },
    };
    for (const point of series) {
      for (const key of PAYMENT_SUMMARY_KEYS) {
        expectExplains(await explain(key, point.period, orgM), point[key], expected[point.period][key] ?? []);
      }
    }
    const april = await explain('support', '2025-04', orgM);
    // A support payment's child is its support request's.
    expect(rowOf(april, pay.aprSupport)).toMatchObject({ unit: 'payment', child_id: child, date: '2025-04-01', contribution: 250.25 });
    expect(rowOf(april, pay.aprSupport).detail).toBe('Support payment for 2025-04, paid on 2025-04-01, contract SHSS0000000001');
  });

  it("explains the period's total, a quarter and every organisation", async () => {
    expectExplains(await explain('total', null, orgM), 2250.25, [pay.aprBase, pay.mayBase, pay.aprSupport]);
    const q1 = { from: '2025-04-01', to: '2025-06-30' };
    expectExplains(await explain('scheduled', 'FY2025-Q1', orgM, q1), 1999, [pay.mayBase, pay.junBase]);
    const { series } = await run('2025-04-01', '2025-05-31', 'month', null);
    expectExplains(await explain('paid', '2025-04', null), series[0].paid, [pay.aprBase, pay.aprSupport, pay.aprNorthern]);
  });
});

describe('one snapshot', () => {
  async function untilSomeoneWaitsFor(table: string) {
    for (let i = 0; i < 250; i += 1) {
      const { rows } = await db.knex.raw(`select count(*)::int as n from pg_locks where not granted and relation = ?::regclass`, [table]);
      if (rows[0].n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`nobody waited for ${table}`);
  }

  it('reads its months and its contracts from one snapshot, even when a payment commits between the two', async () => {
    const writer = await db.knex.transaction();
    try {
      // The contracts statement joins contracts and waits for this lock; the months statement
      // reads payments alone and does not. A payment committed while it waits must not reach
      // the contracts without reaching the months.
      await writer.raw('lock table contracts in access exclusive mode');
      const report = run('2025-04-01', '2025-05-31', 'month', null);
      await untilSomeoneWaitsFor('contracts');
      await writer('payments').insert({ kind: 'transition_in', contract_id: k2, service_month: '2025-05-01', amount: 70, status: 'scheduled' });
      await writer.commit();
      const { series, contracts } = await report;
      const owed = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
      // Before the 70: Maple 2250.25 + Northern 500, in both parts.
      expect({ months: owed(series.map((s) => s.total)), contracts: owed(contracts.map((c) => c.total)) }).toEqual({ months: 2750.25, contracts: 2750.25 });
    } finally {
      if (!writer.isCompleted()) await writer.rollback();
      await db.knex('payments').where({ contract_id: k2, amount: 70 }).delete();
    }
  });
});
