import fc from 'fast-check';
import type { Knex } from 'knex';
import { buckets, type Group } from '../../server/reports/period';
import { HISTOGRAM_BUCKETS, waitTimes } from '../../server/reports/waitTimes';
import { factories } from '../helpers/factories';
import { useTestDatabase } from '../helpers/testDb';
import { expectRandomWritesKeepRollups, picked, rollupDifferences, runWrite } from './rollupWrites';

/**
 * The wait-times rollups (migration 20261202110000) against the base tables: after random
 * sequences of writes to referrals and CSP plans — initiations added, moved across months,
 * organisations, children and referrals, cleared and deleted, referral dates moved, statements
 * of many rows, writes rolled back and writes refused — the rollups equal a rebuild from
 * scratch, and the wait-times report equals the statistics worked out here from the base rows
 * (each child once, at its earliest initiation in the period), medians and percentiles
 * included, for whole-month periods (read from the rollups) and part-month ones (read from the
 * base tables), of every organisation and of one.
 */
const db = useTestDatabase();

const DATES = ['2024-02-29', '2025-03-31', '2025-04-01', '2025-04-15', '2025-04-30', '2025-05-01', '2025-06-30', '2025-07-01', '2026-03-31'];
const PERIODS: { from: string; to: string; group: Group }[] = [
  { from: '2025-04-01', to: '2025-06-30', group: 'month' },
  { from: '2025-04-01', to: '2026-03-31', group: 'quarter' },
  { from: '2024-02-01', to: '2025-04-30', group: 'month' },
  { from: '2025-05-01', to: '2025-07-31', group: 'month' },
  { from: '2025-04-15', to: '2025-06-30', group: 'month' },
  { from: '2025-03-31', to: '2025-07-01', group: 'quarter' },
];
const TODAY = '2026-12-01';

let orgs: number[];
let children: number[];

beforeAll(async () => {
  const f = factories(db.knex);
  orgs = [await f.organization({ name: 'Alpha Agency' }), await f.organization({ name: 'Beta Agency' })];
  children = [await f.child(), await f.child(), await f.child()];
});

type Command =
  | { op: 'add referral'; org: number; date: string }
  | { op: 'change referral'; pick: number; date: string }
  | { op: 'shift referrals'; org: number; days: number }
  | { op: 'delete referral'; pick: number }
  | { op: 'add plan'; child: number; org: number; referral: number; initiated: string | null; closed: boolean }
  | { op: 'change plan'; pick: number; initiated: string | null; org: number | null; child: number | null; referral: number | null }
  | { op: 'clear initiation'; pick: number }
  | { op: 'delete plan'; pick: number }
  | { op: 'shift initiations'; org: number; days: number }
  | { op: 'plan without referral'; child: number };

const orNull = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 2 });
const org = fc.integer({ min: 0, max: 1 });
// two children of three: plans of one child in both organisations are common
const child = fc.integer({ min: 0, max: 1 });
const pick = fc.nat();
const date = fc.constantFrom(...DATES);
const days = fc.constantFrom(-1, 1, 15, 31);
const addPlan = fc.record({ op: fc.constant('add plan' as const), child, org, referral: pick, initiated: fc.option(date, { nil: null, freq: 5 }), closed: fc.boolean() });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ op: fc.constant('add referral' as const), org, date }),
  fc.record({ op: fc.constant('change referral' as const), pick, date }),
  fc.record({ op: fc.constant('shift referrals' as const), org, days }),
  fc.record({ op: fc.constant('delete referral' as const), pick }),
  { arbitrary: addPlan, weight: 8 },
  { arbitrary: fc.record({ op: fc.constant('change plan' as const), pick, initiated: orNull(date), org: orNull(org), child: orNull(child), referral: orNull(pick) }), weight: 2 },
  fc.record({ op: fc.constant('clear initiation' as const), pick }),
  fc.record({ op: fc.constant('delete plan' as const), pick }),
  fc.record({ op: fc.constant('shift initiations' as const), org, days }),
  fc.record({ op: fc.constant('plan without referral' as const), child }),
);

/** A CSP plan's columns; closed plans close after every date used, so they never collide with the one-open-plan rule. */
function plan(c: { child: number; org: number; referral: number | null; initiated: string | null; closed: boolean }) {
  return {
    child_id: children[c.child],
    program: 'CSP',
    organization_id: orgs[c.org],
    referral_id: c.referral,
    status: c.closed ? 'closed' : c.initiated ? 'in_service' : 'draft',
    initiated_on: c.initiated,
    closed_on: c.closed ? '2026-06-30' : null,
    closed_reason: c.closed ? 'other' : null,
  };
}

async function apply(trx: Knex.Transaction, c: Command): Promise<void> {
  switch (c.op) {
    case 'add referral':
      await trx('referrals').insert({ organization_id: orgs[c.org], referral_date: c.date, source_type: 'other', program: 'CSP', is_warm: false });
      return;
    case 'change referral': {
      const id = await picked(trx, 'referrals', c.pick);
      if (id !== null) await trx('referrals').where({ id }).update({ referral_date: c.date });
      return;
    }
    case 'shift referrals':
      await trx('referrals').where({ organization_id: orgs[c.org] }).update({ referral_date: trx.raw('referral_date + ?::int', [c.days]) });
      return;
    case 'delete referral': {
      // refused (23001) while a plan names it
      const id = await picked(trx, 'referrals', c.pick);
      if (id !== null) await trx('referrals').where({ id }).delete();
      return;
    }
    case 'add plan': {
      const referral = await picked(trx, 'referrals', c.referral);
      if (referral !== null) await trx('service_plans').insert(plan({ ...c, referral }));
      return;
    }
    case 'change plan': {
      const id = await picked(trx, 'service_plans', c.pick);
      const referral = c.referral === null ? null : await picked(trx, 'referrals', c.referral);
      const patch = {
        ...(c.initiated && { initiated_on: c.initiated }),
        ...(c.org !== null && { organization_id: orgs[c.org] }),
        ...(c.child !== null && { child_id: children[c.child] }),
        ...(referral !== null && { referral_id: referral }),
      };
      if (id !== null && Object.keys(patch).length > 0) await trx('service_plans').where({ id }).update(patch);
      return;
    }
    case 'clear initiation': {
      const id = await picked(trx, 'service_plans', c.pick);
      if (id !== null) await trx('service_plans').where({ id }).update({ initiated_on: null });
      return;
    }
    case 'delete plan': {
      const id = await picked(trx, 'service_plans', c.pick);
      if (id !== null) await trx('service_plans').where({ id }).delete();
      return;
    }
    case 'shift initiations':
      await trx('service_plans').where({ organization_id: orgs[c.org] }).whereNotNull('initiated_on').update({ initiated_on: trx.raw('initiated_on + ?::int', [c.days]) });
      return;
    case 'plan without referral':
      // refused by the CSP plan's referral check (23514)
      await trx('service_plans').insert(plan({ child: c.child, org: 0, referral: null, initiated: '2025-04-01', closed: true }));
  }
}

/** Refused: a second open plan of a child and organisation (23505), a plan without referral (23514), a referral a plan names (23001, restrict). */
const run = (c: Command, rollBack: boolean) => runWrite(db.knex, (trx) => apply(trx, c), rollBack, ['23505', '23514', '23001']);

// ------------------------------------------------------------------ the numbers from the base rows

interface PlanRow {
  id: number;
  child_id: number;
  organization_id: number;
  initiated_on: string;
  days: number;
}

/** PostgreSQL's `round(x::numeric, 1)` of a float8: 15 significant digits, then half away from zero. */
function roundLikePostgres(value: number): number {
  const [whole, decimals = ''] = Math.abs(value).toPrecision(15).split('.');
  const tenths = BigInt(whole) * 10n + BigInt(decimals[0] ?? '0') + (Number(decimals[1] ?? '0') >= 5 ? 1n : 0n);
  return (Math.sign(value) * Number(tenths)) / 10;
}

/** percentile_cont: linear interpolation between the rows at floor and ceil of fraction × (n − 1). */
function percentile(sorted: number[], fraction: number): number {
  const position = fraction * (sorted.length - 1);
  const [lo, hi] = [sorted[Math.floor(position)], sorted[Math.ceil(position)]];
  return roundLikePostgres(lo + (hi - lo) * (position - Math.floor(position)));
}

function statistics(waits: number[]) {
  if (waits.length === 0) return { count: 0, mean: null, median: null, p90: null };
  const sorted = [...waits].sort((a, b) => a - b);
  const sum = waits.reduce((total, d) => total + d, 0);
  // the mean rounded in integers: numeric's round, half away from zero
  const tenths = Math.sign(sum) * Math.floor((Math.abs(sum) * 20 + waits.length) / (2 * waits.length));
  return { count: waits.length, mean: tenths / 10, median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9) };
}

function expectedWaits(plans: PlanRow[], from: string, to: string, group: Group, organizationId: number | null) {
  const earliest = new Map<number, PlanRow>();
  for (const p of plans) {
    if (p.initiated_on < from || p.initiated_on > to || (organizationId !== null && p.organization_id !== organizationId)) continue;
    const seen = earliest.get(p.child_id);
    if (!seen || p.initiated_on < seen.initiated_on || (p.initiated_on === seen.initiated_on && p.id < seen.id)) earliest.set(p.child_id, p);
  }
  const counted = [...earliest.values()];
  return {
    summary: statistics(counted.map((p) => p.days)),
    series: buckets(from, to, group).map((b) => ({
      period: b.period,
      label: b.label,
      ...statistics(counted.filter((p) => p.initiated_on >= b.start && p.initiated_on <= b.end).map((p) => p.days)),
    })),
    histogram: HISTOGRAM_BUCKETS.map((h) => ({ ...h, count: counted.filter((p) => p.days >= h.min_days && (h.max_days === null || p.days <= h.max_days)).length })),
  };
}

async function basePlans(): Promise<PlanRow[]> {
  const rows = await db
    .knex('service_plans as p')
    .join('referrals as r', 'r.id', 'p.referral_id')
    .where('p.program', 'CSP')
    .whereNotNull('p.initiated_on')
    .select('p.id', 'p.child_id', 'p.organization_id', db.knex.raw(`to_char(p.initiated_on, 'YYYY-MM-DD') as initiated_on`), db.knex.raw('(p.initiated_on - r.referral_date) as days'));
  return rows.map((r) => ({ ...r, id: Number(r.id), child_id: Number(r.child_id), organization_id: Number(r.organization_id) }));
}

const differences = () => rollupDifferences(db.knex);

async function expectReportEqualsBaseRows(): Promise<void> {
  const plans = await basePlans();
  for (const { from, to, group } of PERIODS) {
    for (const organizationId of [null, ...orgs]) {
      const result = await waitTimes(db.knex, { from, to, group, organization_id: organizationId, buckets: buckets(from, to, group), today: TODAY });
      expect({ summary: result.summary, series: result.series, histogram: result.histogram }).toEqual(expectedWaits(plans, from, to, group, organizationId));
    }
  }
}

/** No plan, one referral of each organisation (so plans can be added from the first write), and rollups to match. */
async function clear(): Promise<void> {
  await db.knex('service_plans').delete();
  await db.knex('referrals').delete();
  await db.knex('referrals').insert(orgs.map((id, i) => ({ organization_id: id, referral_date: DATES[i + 1], source_type: 'other', program: 'CSP', is_warm: false })));
  await db.knex.raw('select rollup_rebuild()');
}

describe('wait-times rollups', () => {
  it('equal the base tables after random writes, and the report read from them equals the base rows', async () => {
    await expectRandomWritesKeepRollups(db.knex, { command, minLength: 4, maxLength: 30, numRuns: 30, clear, run, check: expectReportEqualsBaseRows });
  }, 240_000);

  it('count a child once at its earliest initiation: a repeat initiation counts only in a period that starts after the first', async () => {
    await clear();
    const f = factories(db.knex);
    const referral = await f.referral({ organization_id: orgs[0], referral_date: '2025-03-01' });
    const later = await f.referral({ organization_id: orgs[1], referral_date: '2025-04-20' });
    await f.cspPlan({ child_id: children[0], organization_id: orgs[0], referral_id: referral, initiated_on: '2025-04-10', closed_on: '2025-04-30' });
    await f.cspPlan({ child_id: children[0], organization_id: orgs[1], referral_id: later, initiated_on: '2025-05-10' });
    const waits = async (from: string, to: string, organizationId: number | null) =>
      (await waitTimes(db.knex, { from, to, group: 'month', organization_id: organizationId, buckets: buckets(from, to, 'month'), today: TODAY })).summary;
    // 40 days (2025-03-01 → 04-10) once; from May, the second initiation's 20 days
    expect(await waits('2025-04-01', '2025-05-31', null)).toEqual({ count: 1, mean: 40, median: 40, p90: 40 });
    expect(await waits('2025-05-01', '2025-05-31', null)).toEqual({ count: 1, mean: 20, median: 20, p90: 20 });
    // in the second organisation, its plan is the child's first
    expect(await waits('2025-04-01', '2025-05-31', orgs[1])).toEqual({ count: 1, mean: 20, median: 20, p90: 20 });
    expect(await db.knex('rollup_initiation_waits').whereNot({ initiations: 0 }).orderBy('month').select(db.knex.raw(`to_char(month, 'YYYY-MM-DD') as month`), 'days', db.knex.raw(`to_char(previous_month, 'YYYY-MM-DD') as previous_month`), 'initiations')).toEqual([
      { month: '2025-04-01', days: 40, previous_month: null, initiations: 1 },
      { month: '2025-05-01', days: 20, previous_month: '2025-04-01', initiations: 1 },
    ]);
    expect(await differences()).toEqual([]);
  });

  it('count every initiation of concurrent transactions for one child and one referral', async () => {
    await clear();
    const { id: referral } = await db.knex('referrals').orderBy('id').first('id');
    await Promise.all([
      ...DATES.map((initiated, i) => run({ op: 'add plan', child: 0, org: i % 2, referral: 0, initiated, closed: true }, false)),
      run({ op: 'change referral', pick: 0, date: '2025-02-01' }, false),
      run({ op: 'change referral', pick: 0, date: '2025-03-15' }, false),
    ]);
    expect(await db.knex('service_plans').where({ referral_id: referral }).count('* as n').first()).toEqual({ n: DATES.length });
    expect(await differences()).toEqual([]);
  });

  it('are rebuilt by rollup_rebuild and emptied when service_plans is truncated', async () => {
    await clear();
    // the first referral, of 2025-03-31
    await run({ op: 'add plan', child: 1, org: 0, referral: 0, initiated: '2025-04-30', closed: false }, false);
    await db.knex('rollup_initiation_waits').update({ initiations: 3 });
    await db.knex('rollup_initiation_waits_by_organization').delete();
    expect(await differences()).toHaveLength(3);
    await db.knex.raw('select rollup_rebuild()');
    expect(await differences()).toEqual([]);
    expect(await db.knex('rollup_initiation_waits_by_organization').select('days', 'initiations')).toEqual([{ days: 30, initiations: 1 }]);
    await db.knex.raw('truncate service_plans cascade');
    expect(await db.knex('rollup_initiation_waits').select()).toEqual([]);
    expect(await differences()).toEqual([]);
  });

  it('answer whole months; a period starting or ending inside a month reads the base tables', async () => {
    await clear();
    await run({ op: 'add plan', child: 0, org: 0, referral: 0, initiated: '2025-04-11', closed: false }, false);
    const count = async (trx: Knex.Transaction, from: string, to: string, organizationId: number | null) =>
      (await waitTimes(trx, { from, to, group: 'month', organization_id: organizationId, buckets: buckets(from, to, 'month'), today: TODAY })).summary.count;
    // Marked rollups tell which source the report read: the initiation counted 4 times (rolled back after).
    await runWrite(db.knex, async (trx) => {
      await trx('rollup_initiation_waits').update({ initiations: 4 });
      await trx('rollup_initiation_waits_by_organization').update({ initiations: 4 });
      expect(await count(trx, '2025-04-01', '2025-04-30', null)).toBe(4);
      expect(await count(trx, '2025-04-01', '2025-04-30', orgs[0])).toBe(4);
      expect(await count(trx, '2025-04-02', '2025-04-30', null)).toBe(1);
      expect(await count(trx, '2025-04-01', '2025-04-29', orgs[0])).toBe(1);
    }, true, []);
  });
});
