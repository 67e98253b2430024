import fc from 'fast-check';
import type { Knex } from 'knex';
import { cspMeasures } from '../../server/reports/cspMeasures';
import { buckets } from '../../server/reports/period';
import { expectSecondWaitsForFirst } from '../helpers/concurrency';
import { factories } from '../helpers/factories';
import { useTestDatabase } from '../helpers/testDb';
import { expectRandomWritesKeepRollups, picked, RolledBack, rollupDifferences, runWrite, sixMonthsBefore } from './rollupWrites';

/**
 * The CSP measures' `active_plans_total` and `discharged_*` rollups (migration 20261204100000;
 * docs/reports.md "CSP measures from the rollups"): after random writes to CSP plans (added,
 * closed on another day or for another reason, reopened, moved to another organisation or child,
 * deleted) and to their activities (added, moved across days and plans, deleted, shifted), rolled
 * back or not, the rollups equal a rebuild from scratch, and the two measures — read from the
 * rollups for periods of whole months, from the base tables for the others — equal the children
 * worked out here from the base rows, day by day, for every organisation and for each. And
 * `rollup_csp_waiting_days` (migration 20261204100001), which `waiting_total` reads: a child
 * waiting on two referrals counts once, and each write keeps it equal to its rows.
 */
const db = useTestDatabase();

/** month ends and the days beside them, where "six months before" clips (Aug 31 → Feb 28) */
const DATES = ['2024-08-31', '2024-10-01', '2025-02-28', '2025-03-31', '2025-04-01', '2025-04-30', '2025-05-01', '2025-08-31', '2025-10-01', '2025-12-31', '2026-03-31', '2026-04-01'];
const PERIODS = [
  { from: '2025-04-01', to: '2026-03-31' },
  { from: '2025-05-01', to: '2025-05-31' },
  { from: '2025-10-01', to: '2026-03-31' },
  { from: '2025-04-15', to: '2025-12-31' },
];
const REASONS = ['met_goals', 'left_catchment', 'unable_to_reach', 'family_request'] as const;
const CLOSING = [...REASONS, 'other'] as const;

let orgs: number[];
let children: number[];
let referrals: number[];

beforeAll(async () => {
  const f = factories(db.knex);
  orgs = [await f.organization(), await f.organization()];
  children = [await f.child(), await f.child(), await f.child()];
  referrals = await Promise.all(orgs.map((org) => f.referral({ organization_id: org, referral_date: '2024-01-02' })));
});

type Closing = { on: string; reason: (typeof CLOSING)[number] } | null;
type Command =
  | { op: 'add plan'; child: number; org: number; start: string; closed: Closing }
  | { op: 'close plan'; pick: number; closed: Closing }
  | { op: 'change reason'; pick: number; reason: (typeof CLOSING)[number] }
  | { op: 'move plan'; pick: number; org: number | null; child: number | null }
  | { op: 'delete plan'; pick: number }
  | { op: 'add activities'; pick: number; dates: string[] }
  | { op: 'change activity'; pick: number; date: string | null; plan: number | null }
  | { op: 'delete activity'; pick: number }
  | { op: 'shift activities'; pick: number; days: number };

const date = fc.constantFrom(...DATES);
const closing: fc.Arbitrary<Closing> = fc.option(fc.record({ on: date, reason: fc.constantFrom(...CLOSING) }), { nil: null, freq: 3 });
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('add plan' as const), child: fc.integer({ min: 0, max: 2 }), org: fc.integer({ min: 0, max: 1 }), start: date, closed: closing }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('close plan' as const), pick: fc.nat(), closed: closing }), weight: 2 },
  fc.record({ op: fc.constant('change reason' as const), pick: fc.nat(), reason: fc.constantFrom(...CLOSING) }),
  fc.record({
    op: fc.constant('move plan' as const),
    pick: fc.nat(),
    org: fc.option(fc.integer({ min: 0, max: 1 }), { nil: null }),
    child: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
  }),
  fc.record({ op: fc.constant('delete plan' as const), pick: fc.nat() }),
  { arbitrary: fc.record({ op: fc.constant('add activities' as const), pick: fc.nat(), dates: fc.array(date, { minLength: 1, maxLength: 3 }) }), weight: 3 },
  fc.record({ op: fc.constant('change activity' as const), pick: fc.nat(), date: fc.option(date, { nil: null }), plan: fc.option(fc.nat(), { nil: null }) }),
  fc.record({ op: fc.constant('delete activity' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('shift activities' as const), pick: fc.nat(), days: fc.constantFrom(-1, 1, 31) }),
);

/** A plan's closing columns; a close before the initiation is refused by the database (and leaves nothing behind). */
const closedColumns = (closed: Closing) => ({ status: closed ? 'closed' : 'in_service', closed_on: closed?.on ?? null, closed_reason: closed?.reason ?? null });

async function apply(trx: Knex.Transaction, c: Command): Promise<void> {
  switch (c.op) {
    case 'add plan':
      await trx('service_plans').insert({
        child_id: children[c.child],
        organization_id: orgs[c.org],
        referral_id: referrals[c.org],
        program: 'CSP',
        initiated_on: c.start,
        ...closedColumns(c.closed),
      });
      return;
    case 'close plan': {
      const id = await picked(trx, 'service_plans', c.pick);
      if (id !== null) await trx('service_plans').where({ id }).update(closedColumns(c.closed));
      return;
    }
    case 'change reason': {
      const id = await picked(trx, 'service_plans', c.pick);
      if (id !== null) await trx('service_plans').where({ id }).whereNotNull('closed_on').update({ closed_reason: c.reason });
      return;
    }
    case 'move plan': {
      const id = await picked(trx, 'service_plans', c.pick);
      if (id === null) return;
      const patch = { ...(c.org !== null && { organization_id: orgs[c.org], referral_id: referrals[c.org] }), ...(c.child !== null && { child_id: children[c.child] }) };
      await trx('service_plans').where({ id }).update(Object.keys(patch).length ? patch : { goals: 'unchanged' });
      return;
    }
    case 'delete plan': {
      const id = await picked(trx, 'service_plans', c.pick);
      if (id === null) return;
      await trx('service_activities').where({ service_plan_id: id }).delete();
      await trx('service_plans').where({ id }).delete();
      return;
    }
    case 'add activities': {
      const id = await picked(trx, 'service_plans', c.pick);
      if (id !== null) await trx('service_activities').insert(c.dates.map((d) => ({ service_plan_id: id, activity_date: d, kind: 'direct', mode: 'phone', hours: 1 })));
      return;
    }
    case 'change activity': {
      const id = await picked(trx, 'service_activities', c.pick);
      const plan = c.plan === null ? null : await picked(trx, 'service_plans', c.plan);
      const patch = { ...(c.date && { activity_date: c.date }), ...(plan !== null && { service_plan_id: plan }) };
      if (id !== null) await trx('service_activities').where({ id }).update(Object.keys(patch).length ? patch : { mode: 'video' });
      return;
    }
    case 'delete activity': {
      const id = await picked(trx, 'service_activities', c.pick);
      if (id !== null) await trx('service_activities').where({ id }).delete();
      return;
    }
    case 'shift activities': {
      const id = await picked(trx, 'service_plans', c.pick);
      if (id !== null) await trx('service_activities').where({ service_plan_id: id }).update({ activity_date: trx.raw('activity_date + ?::int', [c.days]) });
    }
  }
}

// ------------------------------------------------------------------ the children from the base rows

interface PlanRow {
  child_id: number;
  organization_id: number;
  initiated_on: string;
  closed_on: string | null;
  closed_reason: string | null;
  activities: string[];
}

const day = (column: string) => db.knex.raw(`to_char(${column}, 'YYYY-MM-DD') as ${column.replace(/^\w+\./, '')}`);

async function basePlans(): Promise<PlanRow[]> {
  const plans = await db.knex('service_plans as p').where('p.program', 'CSP').select('p.id', 'p.child_id', 'p.organization_id', 'p.closed_reason', day('p.initiated_on'), day('p.closed_on'));
  const activities = await db.knex('service_activities').select('service_plan_id', day('activity_date'));
  return plans.map((p) => ({
    child_id: Number(p.child_id),
    organization_id: Number(p.organization_id),
    initiated_on: p.initiated_on,
    closed_on: p.closed_on,
    closed_reason: p.closed_reason,
    activities: activities.filter((a) => Number(a.service_plan_id) === Number(p.id)).map((a) => a.activity_date),
  }));
}

/** Active on E (docs/domain.md): initiated by E, not closed before E, a CSP activity (the initiation among them) in the six months ending on E. */
function activeOn(plan: PlanRow, e: string): boolean {
  if (plan.initiated_on > e || (plan.closed_on !== null && plan.closed_on < e)) return false;
  const windowStart = sixMonthsBefore(e);
  return [plan.initiated_on, ...plan.activities].some((d) => d > windowStart && d <= e);
}

function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

function expectedMeasures(plans: PlanRow[], period: { from: string; to: string }, organizationId: number | null) {
  const mine = plans.filter((p) => organizationId === null || p.organization_id === organizationId);
  const days = daysOf(period.from, period.to);
  const childrenOf = (kept: PlanRow[]) => new Set(kept.map((p) => p.child_id)).size;
  const discharged = (reason: string) =>
    childrenOf(mine.filter((p) => p.closed_reason === reason && p.closed_on !== null && p.closed_on >= period.from && p.closed_on <= period.to && activeOn(p, p.closed_on)));
  return {
    active_plans_total: childrenOf(mine.filter((p) => days.some((e) => activeOn(p, e)))),
    ...Object.fromEntries(REASONS.map((reason) => [`discharged_${reason}`, discharged(reason)])),
  };
}

async function measures(period: { from: string; to: string }, organizationId: number | null, knex: Knex = db.knex) {
  const result = await cspMeasures(knex, { ...period, group: 'month', organization_id: organizationId, buckets: buckets(period.from, period.to, 'month') });
  return Object.fromEntries(result.measures.map((m) => [m.key, m.value]));
}

async function expectMeasuresEqualBaseRows(): Promise<void> {
  const plans = await basePlans();
  for (const period of PERIODS) {
    for (const organizationId of [null, ...orgs]) expect(await measures(period, organizationId)).toMatchObject(expectedMeasures(plans, period, organizationId));
  }
}

async function clear(): Promise<void> {
  await db.knex('service_activities').delete();
  await db.knex('service_plans').delete();
}

describe('the CSP active-plan and discharge rollups', () => {
  it('equal the base tables after random writes, and the measures read from them equal the base rows', async () => {
    const run = (c: Command, rollBack: boolean) => runWrite(db.knex, (trx) => apply(trx, c), rollBack);
    await expectRandomWritesKeepRollups(db.knex, { command, minLength: 4, maxLength: 25, numRuns: 25, clear, run, check: expectMeasuresEqualBaseRows, afterEachWrite: true, size: 'max' });
  }, 300_000);

  it('count a child once over the runs it starts in the period and once per reason over its discharges', async () => {
    await clear();
    const f = factories(db.knex);
    // child 0 at org 0: active from its initiation on 2024-10-01 to 2025-03-31, on 2025-05-01 (an activity, the day it closes) and from 2026-01-01 to 2026-02-01
    const first = await f.cspPlan({ child_id: children[0], organization_id: orgs[0], referral_id: referrals[0], initiated_on: '2024-10-01', closed_on: '2025-05-01', closed_reason: 'met_goals' });
    await f.activity({ service_plan_id: first, activity_date: '2025-05-01' });
    const second = await f.cspPlan({ child_id: children[0], organization_id: orgs[0], referral_id: referrals[0], initiated_on: '2026-01-01', closed_on: '2026-02-01', closed_reason: 'met_goals' });
    // child 1 at org 1: its activity on 2025-02-28 keeps it active to 2025-08-27 (2025-08-28 − 6 months is 2025-02-28); closed after, not active
    const third = await f.cspPlan({ child_id: children[1], organization_id: orgs[1], referral_id: referrals[1], initiated_on: '2024-08-31', closed_on: '2025-09-15', closed_reason: 'family_request' });
    await f.activity({ service_plan_id: third, activity_date: '2025-02-28' });
    const year = { from: '2025-04-01', to: '2026-03-31' };
    expect(await measures(year, null)).toMatchObject({ active_plans_total: 2, discharged_met_goals: 1, discharged_family_request: 0 });
    expect(await measures({ from: '2025-06-01', to: '2025-12-31' }, null)).toMatchObject({ active_plans_total: 1, discharged_met_goals: 0 });
    expect(await measures({ from: '2025-09-01', to: '2025-12-31' }, null)).toMatchObject({ active_plans_total: 0 });
    expect(await measures({ from: '2025-11-01', to: '2026-03-31' }, orgs[0])).toMatchObject({ active_plans_total: 1, discharged_met_goals: 1 });
    // an activity on 2025-03-31 makes the family's request a discharge of an active plan (to 2025-09-30)
    await f.activity({ service_plan_id: third, activity_date: '2025-03-31' });
    expect(await measures(year, orgs[1])).toMatchObject({ active_plans_total: 1, discharged_family_request: 1 });
    await db.knex('service_plans').where({ id: second }).update({ closed_reason: 'left_catchment' });
    expect(await measures(year, null)).toMatchObject({ discharged_met_goals: 1, discharged_left_catchment: 1 });
    expect(await rollupDifferences(db.knex)).toEqual([]);
  });

  it('make a plan closed while an activity of its child is written wait for it, and count the discharge', async () => {
    await clear();
    const f = factories(db.knex);
    const plan = await f.cspPlan({ child_id: children[2], organization_id: orgs[0], referral_id: referrals[0], initiated_on: '2024-08-31', closed_on: '2025-06-30', closed_reason: 'other' });
    await expectSecondWaitsForFirst(
      db.knex,
      (trx) => trx('service_activities').insert({ service_plan_id: plan, activity_date: '2025-05-01', kind: 'direct', mode: 'phone', hours: 1 }),
      (trx) => trx('service_plans').where({ id: plan }).update({ closed_reason: 'unable_to_reach' }),
    );
    expect(await measures({ from: '2025-04-01', to: '2026-03-31' }, orgs[0])).toMatchObject({ active_plans_total: 1, discharged_unable_to_reach: 1 });
    expect(await rollupDifferences(db.knex)).toEqual([]);
  });

  it('are read by the measures for whole months: marked rollup rows show which source answered', async () => {
    await clear();
    const marked = db.knex.transaction(async (trx) => {
      // (rows of zeros may be left by earlier writes: a row whose count is 0 is no row)
      await trx('rollup_csp_active_starts').where({ organization_id: orgs[0], first_day: '2025-05-02' }).delete();
      await trx('rollup_csp_discharge_months').whereNull('organization_id').where({ closed_reason: 'met_goals', month: '2025-05-01' }).delete();
      await trx('rollup_csp_active_starts').insert({ organization_id: orgs[0], first_day: '2025-05-02', previous_month: null, runs: 3 });
      await trx('rollup_csp_discharge_months').insert({ organization_id: null, closed_reason: 'met_goals', month: '2025-05-01', previous_month: '2025-04-01', discharges: 2 });
      await trx('rollup_csp_discharge_months').insert({ organization_id: null, closed_reason: 'met_goals', month: '2025-05-01', previous_month: null, discharges: 5 });
      expect(await measures({ from: '2025-05-01', to: '2025-05-31' }, orgs[0], trx)).toMatchObject({ active_plans_total: 3 });
      expect(await measures({ from: '2025-04-01', to: '2025-05-31' }, null, trx)).toMatchObject({ discharged_met_goals: 5 });
      expect(await measures({ from: '2025-05-01', to: '2025-05-31' }, null, trx)).toMatchObject({ discharged_met_goals: 7 });
      // a part-month period is answered from the base tables
      expect(await measures({ from: '2025-05-01', to: '2025-05-30' }, orgs[0], trx)).toMatchObject({ active_plans_total: 0, discharged_met_goals: 0 });
      throw new RolledBack();
    });
    await marked.catch((error) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  });

  it('are rebuilt by rollup_rebuild and follow a truncate', async () => {
    await clear();
    const f = factories(db.knex);
    await f.cspPlan({ child_id: children[1], organization_id: orgs[1], referral_id: referrals[1], initiated_on: '2025-04-30', closed_on: '2025-05-01', closed_reason: 'left_catchment' });
    await db.knex('rollup_csp_discharges').delete();
    await db.knex('rollup_csp_active_starts').where({ first_day: '2025-04-30' }).whereNot({ runs: 0 }).update({ runs: 4 });
    // the discharge is missing, and the two starts rows (the organisation's, every organisation's) differ both ways
    expect(await rollupDifferences(db.knex)).toHaveLength(5);
    await db.knex.raw('select rollup_rebuild()');
    expect(await rollupDifferences(db.knex)).toEqual([]);
    expect(await db.knex('rollup_csp_discharge_months').orderByRaw('organization_id nulls first').select('organization_id', 'closed_reason', 'discharges')).toEqual([
      { organization_id: null, closed_reason: 'left_catchment', discharges: 1 },
      { organization_id: orgs[1], closed_reason: 'left_catchment', discharges: 1 },
    ]);
    await db.knex.raw('truncate service_activities, service_plans cascade');
    for (const table of ['rollup_csp_active_runs', 'rollup_csp_discharges']) expect(await db.knex(table).select()).toEqual([]);
    expect(await rollupDifferences(db.knex)).toEqual([]);
  });
});

describe('the children-waiting day rollup', () => {
  const waitingOn = async (asOf: string, organizationId: number | null) => (await measures({ from: '2025-01-01', to: asOf }, organizationId)).waiting_total;

  async function clearReferrals(): Promise<void> {
    await clear();
    await db.knex('referral_children').delete();
  }

  it('counts a child waiting on several referrals once, on any day, for every organisation and for each', async () => {
    await clearReferrals();
    const f = factories(db.knex);
    const april = await f.referral({ organization_id: orgs[0], referral_date: '2025-04-01' });
    const may = await f.referral({ organization_id: orgs[0], referral_date: '2025-05-01' });
    const other = await f.referral({ organization_id: orgs[1], referral_date: '2025-04-15' });
    // child 0 waits from 2025-04-10 (decided) on the April referral and from 2025-05-01 on May's: one run; child 1 from 2025-04-20 at the other organisation
    await f.referralChild({ referral_id: april, child_id: children[0], eligibility: 'eligible', eligibility_decided_on: '2025-04-10' });
    await f.referralChild({ referral_id: may, child_id: children[0], eligibility: 'eligible', eligibility_decided_on: '2025-04-30' });
    await f.referralChild({ referral_id: other, child_id: children[0], eligibility: 'eligible', eligibility_decided_on: '2025-04-20', closed_on: '2025-06-01' });
    await f.referralChild({ referral_id: other, child_id: children[1], eligibility: 'eligible', eligibility_decided_on: '2025-04-20' });
    const counts = async (asOf: string) => [await waitingOn(asOf, null), await waitingOn(asOf, orgs[0]), await waitingOn(asOf, orgs[1])];
    expect(await counts('2025-04-09')).toEqual([0, 0, 0]);
    expect(await counts('2025-04-10')).toEqual([1, 1, 0]);
    expect(await counts('2025-05-31')).toEqual([2, 1, 2]);
    expect(await counts('2025-06-01')).toEqual([2, 1, 1]);
    // initiated on the April referral on 2025-06-15: still waiting on May's
    await f.cspPlan({ child_id: children[0], organization_id: orgs[0], referral_id: april, initiated_on: '2025-06-15' });
    expect(await counts('2025-06-20')).toEqual([2, 1, 1]);
    await db.knex('referral_children').where({ referral_id: may }).update({ closed_on: '2025-06-20' });
    expect(await counts('2025-06-19')).toEqual([2, 1, 1]);
    expect(await counts('2025-06-20')).toEqual([1, 0, 1]);
    expect(await rollupDifferences(db.knex)).toEqual([]);
    // the measure reads the rollup: a marked row moves it
    await db.knex('rollup_csp_waiting_days').insert({ organization_id: null, day: '2000-01-01', children: 3 });
    expect(await waitingOn('2025-06-20', null)).toBe(4);
    expect(await rollupDifferences(db.knex)).toHaveLength(1);
    await db.knex.raw('select rollup_rebuild()');
    expect(await rollupDifferences(db.knex)).toEqual([]);
    expect(await waitingOn('2025-06-20', null)).toBe(1);
  });

  it('makes a wait of a child written beside another of its waits wait for it, and counts the child once', async () => {
    await clearReferrals();
    const f = factories(db.knex);
    const [first, second] = [await f.referral({ organization_id: orgs[0], referral_date: '2025-04-01' }), await f.referral({ organization_id: orgs[0], referral_date: '2025-04-02' })];
    await expectSecondWaitsForFirst(
      db.knex,
      (trx) => trx('referral_children').insert({ referral_id: first, child_id: children[2], eligibility: 'eligible', eligibility_decided_on: '2025-04-05' }),
      (trx) => trx('referral_children').insert({ referral_id: second, child_id: children[2], eligibility: 'eligible', eligibility_decided_on: '2025-04-03' }),
    );
    expect([await waitingOn('2025-04-04', null), await waitingOn('2025-04-30', orgs[0])]).toEqual([1, 1]);
    expect(await rollupDifferences(db.knex)).toEqual([]);
  });
});
