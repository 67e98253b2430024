import fc from 'fast-check';
import type { Knex } from 'knex';
import { REFERRAL_SOURCE_TYPES, type ReferralSourceType } from '../../contract/enums';
import { paymentSummary } from '../../server/reports/paymentSummary';
import { buckets, type Group } from '../../server/reports/period';
import { referralSources } from '../../server/reports/referralSources';
import type { VisibleRecords } from '../../server/reports/reportScope';
import { factories } from '../helpers/factories';
import { useTestDatabase } from '../helpers/testDb';
import { expectRandomWritesKeepRollups, picked, RolledBack, rollupDifferences, runWrite } from './rollupWrites';

/**
 * The report rollups (migrations 20261201170000–20261201170002) against the base tables: after
 * random sequences of writes — inserts, updates that move rows across months, organisations,
 * series and contracts, deletes, statements of many rows, writes rolled back and writes refused
 * by a constraint — the rollups equal a rebuild from scratch, and the reports read from them
 * equal the numbers worked out here from the base rows, month boundaries included.
 */
const db = useTestDatabase();

const DATES = ['2024-02-29', '2025-03-31', '2025-04-01', '2025-04-15', '2025-04-30', '2025-05-01', '2025-06-30', '2025-07-01', '2026-03-31'];
const MONTHS = ['2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01', '2025-07-01', '2026-03-01'];
const KINDS = ['base', 'support', 'transition_in'] as const;
const STATUSES = ['scheduled', 'paid', 'cancelled'] as const;
/** whole months (read from the rollups) and periods starting or ending inside a month (read from the base tables) */
const PERIODS: { from: string; to: string; group: Group }[] = [
  { from: '2025-04-01', to: '2025-06-30', group: 'month' },
  { from: '2025-04-01', to: '2026-03-31', group: 'quarter' },
  { from: '2024-02-01', to: '2025-04-30', group: 'month' },
  { from: '2025-04-15', to: '2025-06-30', group: 'month' },
  { from: '2025-03-31', to: '2025-07-01', group: 'quarter' },
];

let orgs: number[];
/** contracts: two of the first organisation, one of the second; each with a placement and a support request */
let contracts: { id: number; placement: number; request: number }[];

beforeAll(async () => {
  const f = factories(db.knex);
  orgs = [await f.organization({ name: 'Alpha Homes', kind: 'service_provider' }), await f.organization({ name: 'Beta Care', kind: 'service_provider' })];
  contracts = [];
  for (const [i, org] of [orgs[0], orgs[0], orgs[1]].entries()) {
    const id = await f.contract({ organization_id: org, contract_number: `SHSS000000000${i}` });
    const child = await f.child();
    const placement = await f.placement({ child_id: child, place_of_service_id: await f.placeOfService({ organization_id: org }), contract_id: id });
    contracts.push({ id, placement, request: await f.supportRequest({ child_id: child, placement_id: placement, contract_id: id }) });
  }
});

type Command =
  | { op: 'add referral'; org: number; date: string; source: ReferralSourceType; program: 'CSP' | 'SHSS' }
  | { op: 'change referral'; pick: number; date: string | null; org: number | null; source: ReferralSourceType | null }
  | { op: 'delete referral'; pick: number }
  | { op: 'shift referrals'; org: number; days: number }
  | { op: 'add payment'; contract: number; kind: (typeof KINDS)[number]; month: string; cents: number; status: (typeof STATUSES)[number] }
  | { op: 'change payment'; pick: number; month: string | null; contract: number | null; status: (typeof STATUSES)[number] | null; cents: number | null }
  | { op: 'delete payment'; pick: number }
  | { op: 'delete payments of'; contract: number };

/** half the time null: an update that changes one column only (the others unchanged) is as likely as one that changes several */
const orNull = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 2 });
const org = fc.integer({ min: 0, max: 1 });
const contract = fc.integer({ min: 0, max: 2 });
const pick = fc.nat();
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ op: fc.constant('add referral' as const), org, date: fc.constantFrom(...DATES), source: fc.constantFrom(...REFERRAL_SOURCE_TYPES), program: fc.constantFrom('CSP' as const, 'SHSS' as const) }),
  fc.record({ op: fc.constant('change referral' as const), pick, date: orNull(fc.constantFrom(...DATES)), org: orNull(org), source: orNull(fc.constantFrom(...REFERRAL_SOURCE_TYPES)) }),
  fc.record({ op: fc.constant('delete referral' as const), pick }),
  fc.record({ op: fc.constant('shift referrals' as const), org, days: fc.constantFrom(-1, 1, 15) }),
  fc.record({ op: fc.constant('add payment' as const), contract, kind: fc.constantFrom(...KINDS), month: fc.constantFrom(...MONTHS), cents: fc.integer({ min: 1, max: 500_000 }), status: fc.constantFrom(...STATUSES) }),
  fc.record({ op: fc.constant('change payment' as const), pick, month: orNull(fc.constantFrom(...MONTHS)), contract: orNull(contract), status: orNull(fc.constantFrom(...STATUSES)), cents: orNull(fc.integer({ min: 1, max: 500_000 })) }),
  fc.record({ op: fc.constant('delete payment' as const), pick }),
  fc.record({ op: fc.constant('delete payments of' as const), contract }),
);

async function apply(trx: Knex.Transaction, c: Command): Promise<void> {
  switch (c.op) {
    case 'add referral':
      await trx('referrals').insert({ organization_id: orgs[c.org], referral_date: c.date, source_type: c.source, program: c.program, is_warm: false });
      return;
    case 'change referral': {
      const id = await picked(trx, 'referrals', c.pick);
      const patch = { ...(c.date && { referral_date: c.date }), ...(c.org !== null && { organization_id: orgs[c.org] }), ...(c.source && { source_type: c.source }) };
      if (id !== null && Object.keys(patch).length > 0) await trx('referrals').where({ id }).update(patch);
      return;
    }
    case 'delete referral': {
      const id = await picked(trx, 'referrals', c.pick);
      if (id !== null) await trx('referrals').where({ id }).delete();
      return;
    }
    case 'shift referrals':
      await trx('referrals').where({ organization_id: orgs[c.org] }).update({ referral_date: trx.raw('referral_date + ?::int', [c.days]) });
      return;
    case 'add payment': {
      const k = contracts[c.contract];
      await trx('payments').insert({
        contract_id: k.id,
        kind: c.kind,
        placement_id: c.kind === 'base' ? k.placement : null,
        support_request_id: c.kind === 'support' ? k.request : null,
        service_month: c.month,
        amount: c.cents / 100,
        status: c.status,
        paid_on: c.status === 'paid' ? c.month : null,
      });
      return;
    }
    case 'change payment': {
      const id = await picked(trx, 'payments', c.pick);
      const patch = {
        ...(c.month && { service_month: c.month }),
        ...(c.contract !== null && { contract_id: contracts[c.contract].id }),
        ...(c.status && { status: c.status, paid_on: c.status === 'paid' ? '2025-05-01' : null }),
        ...(c.cents !== null && { amount: c.cents / 100 }),
      };
      if (id !== null && Object.keys(patch).length > 0) await trx('payments').where({ id }).update(patch);
      return;
    }
    case 'delete payment': {
      const id = await picked(trx, 'payments', c.pick);
      if (id !== null) await trx('payments').where({ id }).delete();
      return;
    }
    case 'delete payments of':
      await trx('payments').where({ contract_id: contracts[c.contract].id }).delete();
  }
}

/** Each write in its own transaction; a write a constraint refuses (a second live base payment of a month) leaves nothing behind. */
const run = (c: Command, rollBack: boolean) => runWrite(db.knex, (trx) => apply(trx, c), rollBack);

// ------------------------------------------------------------------ the numbers from the base rows

interface ReferralRow {
  organization_id: number;
  referral_date: string;
  source_type: ReferralSourceType;
}
interface PaymentRow {
  contract_id: number;
  organization_id: number;
  organization_name: string;
  contract_number: string;
  service_month: string;
  kind: string;
  status: string;
  cents: number;
}

const zeroSources = () => Object.fromEntries([...REFERRAL_SOURCE_TYPES, 'total'].map((s) => [s, 0])) as Record<ReferralSourceType | 'total', number>;

function expectedReferralSources(rows: ReferralRow[], from: string, to: string, group: Group, organizationId: number | null) {
  const totals = zeroSources();
  const series = buckets(from, to, group).map((b) => {
    const counts = zeroSources();
    for (const r of rows) {
      if (r.referral_date < b.start || r.referral_date > b.end || (organizationId !== null && r.organization_id !== organizationId)) continue;
      counts[r.source_type] += 1;
      counts.total += 1;
      totals[r.source_type] += 1;
      totals.total += 1;
    }
    return { period: b.period, label: b.label, ...counts };
  });
  return { series, totals };
}

/** Cents of the payments by the report's sums: kinds and total leave cancelled payments out. */
function paymentSums(rows: PaymentRow[]) {
  const sum = (keep: (p: PaymentRow) => boolean) => rows.filter(keep).reduce((total, p) => total + p.cents, 0) / 100;
  const live = (p: PaymentRow) => p.status !== 'cancelled';
  return {
    base: sum((p) => live(p) && p.kind === 'base'),
    support: sum((p) => live(p) && p.kind === 'support'),
    transition_in: sum((p) => live(p) && p.kind === 'transition_in'),
    paid: sum((p) => p.status === 'paid'),
    scheduled: sum((p) => p.status === 'scheduled'),
    cancelled: sum((p) => p.status === 'cancelled'),
    total: sum(live),
  };
}

function expectedPaymentSummary(rows: PaymentRow[], from: string, to: string, group: Group, organizationId: number | null) {
  const counted = rows.filter((p) => organizationId === null || p.organization_id === organizationId);
  const overlapping = (p: PaymentRow, start: string, end: string) => p.service_month >= `${start.slice(0, 8)}01` && p.service_month <= end;
  const series = buckets(from, to, group).map((b) => ({ period: b.period, label: b.label, ...paymentSums(counted.filter((p) => overlapping(p, b.start, b.end))) }));
  const inPeriod = counted.filter((p) => overlapping(p, from, to));
  const contractIds = [...new Set(inPeriod.map((p) => p.contract_id))];
  const contractRows = contractIds
    .map((id) => {
      const mine = inPeriod.filter((p) => p.contract_id === id);
      const s = paymentSums(mine);
      return {
        contract_id: id,
        contract_number: mine[0].contract_number,
        organization_id: mine[0].organization_id,
        organization_name: mine[0].organization_name,
        base_total: s.base,
        support_total: s.support,
        transition_in_total: s.transition_in,
        total: s.total,
        paid_total: s.paid,
        scheduled_total: s.scheduled,
        cancelled_total: s.cancelled,
        payment_count: mine.length,
      };
    })
    .sort((a, b) => a.organization_name.localeCompare(b.organization_name) || a.contract_number.localeCompare(b.contract_number));
  return { series, contracts_total: contractRows.length, contracts: contractRows };
}

async function baseRows(): Promise<{ referrals: ReferralRow[]; payments: PaymentRow[] }> {
  const referrals = await db.knex('referrals').select('organization_id', db.knex.raw(`to_char(referral_date, 'YYYY-MM-DD') as referral_date`), 'source_type');
  const payments = await db
    .knex('payments as p')
    .join('contracts as c', 'c.id', 'p.contract_id')
    .join('organizations as o', 'o.id', 'c.organization_id')
    .select(
      'p.contract_id',
      'c.organization_id',
      'o.name as organization_name',
      'c.contract_number',
      db.knex.raw(`to_char(p.service_month, 'YYYY-MM-DD') as service_month`),
      'p.kind',
      'p.status',
      db.knex.raw('(p.amount * 100)::int as cents'),
    );
  return {
    referrals: referrals.map((r) => ({ ...r, organization_id: Number(r.organization_id) })),
    payments: payments.map((p) => ({ ...p, contract_id: Number(p.contract_id), organization_id: Number(p.organization_id) })),
  };
}

const differences = () => rollupDifferences(db.knex);

async function expectReportsEqualBaseRows(): Promise<void> {
  const rows = await baseRows();
  for (const { from, to, group } of PERIODS) {
    for (const organizationId of [null, ...orgs]) {
      const input = { from, to, group, organization_id: organizationId, buckets: buckets(from, to, group) };
      const sources = await referralSources(db.knex, input);
      const expectedSources = expectedReferralSources(rows.referrals, from, to, group, organizationId);
      expect({ series: sources.series, totals: sources.totals }).toEqual(expectedSources);
      const payments = await paymentSummary(db.knex, input);
      expect(payments).toEqual(expectedPaymentSummary(rows.payments, from, to, group, organizationId));
    }
  }
}

/** No referral nor payment, and rollups to match: a run's failure does not leak into the next (fast-check's shrinking reruns). */
async function clear(): Promise<void> {
  await db.knex('payments').delete();
  await db.knex('referrals').delete();
  await db.knex.raw('select rollup_rebuild()');
}

describe('report rollups', () => {
  it('equal the base tables after random writes, and the reports read from them equal the base rows', async () => {
    await expectRandomWritesKeepRollups(db.knex, { command, minLength: 1, maxLength: 25, numRuns: 50, clear, run, check: expectReportsEqualBaseRows });
    // ~0.2 s a run on a quiet machine, several times that when the cores are shared
  }, 180_000);

  it('are rebuilt from the base tables by rollup_rebuild', async () => {
    await clear();
    await run({ op: 'add referral', org: 0, date: '2025-04-30', source: 'other', program: 'CSP' }, false);
    await run({ op: 'add payment', contract: 2, kind: 'transition_in', month: '2025-04-01', cents: 12_345, status: 'paid' }, false);
    // a rollup damaged by hand is found, then made whole again
    await db.knex('rollup_referrals').whereNot({ referrals: 0 }).update({ referrals: 7 });
    await db.knex('rollup_payments').delete();
    expect(await differences()).toHaveLength(3);
    await db.knex.raw('select rollup_rebuild()');
    expect(await differences()).toEqual([]);
    expect(await db.knex('rollup_referrals').whereNot({ referrals: 0 }).select('referrals')).toEqual([{ referrals: 1 }]);
    expect(await db.knex('rollup_payments').whereNot({ payments: 0 }).select('transition_in', 'paid', 'scheduled', 'payments')).toEqual([
      { transition_in: 123.45, paid: 123.45, scheduled: 0, payments: 1 },
    ]);
  });

  it('are emptied when their base table is truncated', async () => {
    await run({ op: 'add referral', org: 1, date: '2025-05-01', source: 'self_family', program: 'SHSS' }, false);
    await db.knex.raw('truncate referrals cascade');
    expect(await db.knex('rollup_referrals').select()).toEqual([]);
    expect(await differences()).toEqual([]);
  });

  it('count every write of concurrent transactions to the same month, organisation and source', async () => {
    await clear();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => run({ op: 'add referral', org: 0, date: i % 2 ? '2025-04-01' : '2025-04-30', source: 'school_educator', program: 'CSP' }, false)),
    );
    expect(await db.knex('rollup_referrals').select('referrals')).toEqual([{ referrals: 8 }]);
    expect(await differences()).toEqual([]);
  });

  it('answer whole months of whole organisations; other periods and narrower scopes read the base tables', async () => {
    await clear();
    await run({ op: 'add referral', org: 0, date: '2025-04-15', source: 'other', program: 'CSP' }, false);
    await run({ op: 'add payment', contract: 0, kind: 'transition_in', month: '2025-04-01', cents: 10_000, status: 'scheduled' }, false);
    // A caller who sees only some records (the condition is the scope's shape; it lets every row through here).
    const someRecords: VisibleRecords = { anyOf: (_kind, column) => `${column} is not null`, in: (_kind, column) => `${column} is not null`, bindings: {} };
    const inputOf = (from: string, to: string, records: VisibleRecords | null) => ({ from, to, group: 'month' as const, organization_id: orgs[0], buckets: buckets(from, to, 'month'), records });
    // Marked rollups tell which source a report read: the referral counted 5 times, 200.00 more scheduled.
    const marked = db.knex.transaction(async (trx) => {
      await trx('rollup_referrals').whereNot({ referrals: 0 }).update({ referrals: 5 });
      await trx('rollup_payments').whereNot({ payments: 0 }).update({ scheduled: 300 });
      const sources = async (from: string, to: string, records: VisibleRecords | null) => (await referralSources(trx, inputOf(from, to, records))).totals.total;
      const owed = async (from: string, to: string, records: VisibleRecords | null) => (await paymentSummary(trx, inputOf(from, to, records))).contracts[0].total;
      expect(await sources('2025-04-01', '2025-04-30', null)).toBe(5);
      expect(await sources('2025-04-02', '2025-04-30', null)).toBe(1);
      expect(await sources('2025-04-01', '2025-04-29', null)).toBe(1);
      expect(await sources('2025-04-01', '2025-04-30', someRecords)).toBe(1);
      // payments belong to service months: any period of whole organisations is whole rollup rows
      expect(await owed('2025-04-01', '2025-04-30', null)).toBe(300);
      expect(await owed('2025-04-10', '2025-04-20', null)).toBe(300);
      expect(await owed('2025-04-01', '2025-04-30', someRecords)).toBe(100);
      throw new RolledBack();
    });
    await marked.catch((error) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  });
});
