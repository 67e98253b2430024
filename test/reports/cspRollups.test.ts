import fc from 'fast-check';
import type { Knex } from 'knex';
import { cspMeasures } from '../../server/reports/cspMeasures';
import { buckets } from '../../server/reports/period';
import { expectSecondWaitsForFirst } from '../helpers/concurrency';
import { factories } from '../helpers/factories';
import { useTestDatabase } from '../helpers/testDb';
import { picked, rollupDifferences, runWrite } from './rollupWrites';

/**
 * The CSP measures' rollups (docs/reports.md "CSP measures from the rollups"): after random
 * writes to service activities (inserts of several at once, moves across days, months, kinds,
 * hours and plans, deletes, shifts) and to plans (moved to another organisation), rolled back
 * or not, `rollup_activity_hours` equals a rebuild from scratch, and the measures' hours and
 * referrals — read from the rollups — equal the sums worked out here from the base rows, for
 * whole-month and part-month periods, of every organisation and of each.
 */
const db = useTestDatabase();

const DATES = ['2025-03-31', '2025-04-01', '2025-04-30', '2025-05-01', '2025-12-31', '2026-01-01', '2026-03-31', '2026-04-01'];
const PERIODS = [
  { from: '2025-04-01', to: '2026-03-31' },
  { from: '2025-04-01', to: '2025-04-30' },
  { from: '2025-04-30', to: '2026-01-01' },
];
const HOURS = [0.25, 1.5, 2.75, 7.1];

let orgs: number[];
let referrals: number[];
let children: number[];

beforeAll(async () => {
  const f = factories(db.knex);
  orgs = [await f.organization(), await f.organization()];
  children = [await f.child(), await f.child()];
  referrals = [];
  for (const org of orgs) {
    for (const [date, source] of [['2025-03-31', 'other'], ['2025-04-01', 'self_family'], ['2025-04-30', 'other'], ['2026-01-01', 'school_educator']]) {
      referrals.push(await f.referral({ organization_id: org, referral_date: date, source_type: source }));
    }
  }
});

type Command =
  | { op: 'add plan'; child: number; org: number }
  | { op: 'move plan'; pick: number; org: number }
  | { op: 'add activities'; pick: number; activities: { date: string; kind: 'direct' | 'indirect'; hours: number }[] }
  | { op: 'change activity'; pick: number; date: string | null; kind: 'direct' | 'indirect' | null; hours: number | null; plan: number | null }
  | { op: 'delete activity'; pick: number }
  | { op: 'shift activities'; pick: number; days: number };

const orNull = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 2 });
const kind = fc.constantFrom<'direct' | 'indirect'>('direct', 'indirect');
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ op: fc.constant('add plan' as const), child: fc.integer({ min: 0, max: 1 }), org: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ op: fc.constant('move plan' as const), pick: fc.nat(), org: fc.integer({ min: 0, max: 1 }) }),
  {
    arbitrary: fc.record({
      op: fc.constant('add activities' as const),
      pick: fc.nat(),
      activities: fc.array(fc.record({ date: fc.constantFrom(...DATES), kind, hours: fc.constantFrom(...HOURS) }), { minLength: 1, maxLength: 3 }),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ op: fc.constant('change activity' as const), pick: fc.nat(), date: orNull(fc.constantFrom(...DATES)), kind: orNull(kind), hours: orNull(fc.constantFrom(...HOURS)), plan: orNull(fc.nat()) }),
    weight: 2,
  },
  fc.record({ op: fc.constant('delete activity' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('shift activities' as const), pick: fc.nat(), days: fc.constantFrom(-1, 1, 31) }),
);

async function apply(trx: Knex.Transaction, c: Command): Promise<void> {
  switch (c.op) {
    case 'add plan':
      await trx('service_plans').insert({
        child_id: children[c.child],
        organization_id: orgs[c.org],
        program: 'CSP',
        status: 'in_service',
        referral_id: referrals[c.org * 4],
        initiated_on: '2025-03-31',
      });
      return;
    case 'move plan': {
      const id = await picked(trx, 'service_plans', c.pick);
      // a second plan of a child in service at one organisation is refused (and leaves nothing behind)
      if (id !== null) await trx('service_plans').where({ id }).update({ organization_id: orgs[c.org], referral_id: referrals[c.org * 4] });
      return;
    }
    case 'add activities': {
      const id = await picked(trx, 'service_plans', c.pick);
      if (id !== null) await trx('service_activities').insert(c.activities.map((a) => ({ service_plan_id: id, activity_date: a.date, kind: a.kind, mode: 'phone', hours: a.hours })));
      return;
    }
    case 'change activity': {
      const id = await picked(trx, 'service_activities', c.pick);
      const plan = c.plan === null ? null : await picked(trx, 'service_plans', c.plan);
      const patch = { ...(c.date && { activity_date: c.date }), ...(c.kind && { kind: c.kind }), ...(c.hours && { hours: c.hours }), ...(plan !== null && { service_plan_id: plan }) };
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

async function measures(period: { from: string; to: string }, organizationId: number | null, knex: Knex = db.knex) {
  const result = await cspMeasures(knex, { ...period, group: 'month', organization_id: organizationId, buckets: buckets(period.from, period.to, 'month') });
  return Object.fromEntries(result.measures.map((m) => [m.key, m.value]));
}

/** The hours and referrals of the period from the base rows, in hundredths of an hour (exact). */
async function expectedFromBaseRows(period: { from: string; to: string }, organizationId: number | null) {
  const activities = await db
    .knex('service_activities as a')
    .join('service_plans as p', 'p.id', 'a.service_plan_id')
    .select('p.organization_id', 'a.kind', 'a.hours', db.knex.raw(`to_char(a.activity_date, 'YYYY-MM-DD') as day`));
  const hundredths = (k: string) =>
    activities
      .filter((a) => a.kind === k && a.day >= period.from && a.day <= period.to && (organizationId === null || Number(a.organization_id) === organizationId))
      .reduce((n, a) => n + Math.round(Number(a.hours) * 100), 0);
  const rows = await db.knex('referrals').select('organization_id', 'source_type', db.knex.raw(`to_char(referral_date, 'YYYY-MM-DD') as day`));
  const counted = rows.filter((r) => r.day >= period.from && r.day <= period.to && (organizationId === null || Number(r.organization_id) === organizationId));
  return {
    direct_hours: hundredths('direct') / 100,
    indirect_hours: hundredths('indirect') / 100,
    referrals_total: counted.length,
    referrals_self_family: counted.filter((r) => r.source_type === 'self_family').length,
    referrals_school_educator: counted.filter((r) => r.source_type === 'school_educator').length,
    referrals_other: counted.filter((r) => r.source_type === 'other').length,
  };
}

async function expectMeasuresEqualBaseRows(): Promise<void> {
  for (const period of PERIODS) {
    for (const organizationId of [null, ...orgs]) {
      const expected = await expectedFromBaseRows(period, organizationId);
      expect(await measures(period, organizationId)).toMatchObject(expected);
    }
  }
}

async function clear(): Promise<void> {
  await db.knex('service_activities').delete();
  await db.knex('service_plans').delete();
}

describe('the CSP measures rollups', () => {
  it('equal the base tables after random writes, and the measures read from them equal the base rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(command, fc.boolean()), { minLength: 4, maxLength: 25, size: 'max' }), async (writes) => {
        await clear();
        for (const [c, rollBack] of writes) {
          await runWrite(db.knex, (trx) => apply(trx, c), rollBack && writes.length % 3 === 0);
          expect(await rollupDifferences(db.knex)).toEqual([]);
        }
        await expectMeasuresEqualBaseRows();
      }),
      { numRuns: 25 },
    );
  }, 300_000);

  it('are read by the measures: a marked rollup row shows which source answered', async () => {
    await clear();
    const marked = db.knex.transaction(async (trx) => {
      // (a row of zeros may be left by earlier writes: a row whose counts are 0 is no row)
      await trx('rollup_activity_hours').where({ organization_id: orgs[0], day: '2025-04-30' }).delete();
      await trx('rollup_activity_hours').insert({ organization_id: orgs[0], day: '2025-04-30', direct_hours: 3.5, indirect_hours: 0, activities: 1 });
      await trx('rollup_referrals').where({ organization_id: orgs[0], month: '2025-04-01', program: 'CSP', source_type: 'other' }).increment('referrals', 5);
      // hours: any period (days); referrals: whole months from the rollup (2 + 5 marked), else the base rows (2)
      expect(await measures({ from: '2025-04-01', to: '2025-04-30' }, orgs[0], trx)).toMatchObject({ direct_hours: 3.5, referrals_total: 7 });
      expect(await measures({ from: '2025-04-30', to: '2025-05-10' }, orgs[0], trx)).toMatchObject({ direct_hours: 3.5, referrals_total: 1 });
      expect(await measures({ from: '2025-05-01', to: '2025-05-31' }, null, trx)).toMatchObject({ direct_hours: 0, referrals_total: 0 });
      throw new Error('rolled back');
    });
    await expect(marked).rejects.toThrow('rolled back');
  });

  it('make an activity written while its plan moves wait for the move, and count it at the new organisation', async () => {
    await clear();
    const f = factories(db.knex);
    const plan = await f.cspPlan({ child_id: children[0], organization_id: orgs[0], referral_id: referrals[0], initiated_on: '2025-03-31' });
    await f.activity({ service_plan_id: plan, activity_date: '2025-05-01', hours: 2 });
    await expectSecondWaitsForFirst(
      db.knex,
      (trx) => trx('service_plans').where({ id: plan }).update({ organization_id: orgs[1] }),
      (trx) => trx('service_activities').insert({ service_plan_id: plan, activity_date: '2025-05-02', kind: 'indirect', mode: 'phone', hours: 1.25 }),
    );
    expect(await measures(PERIODS[0], orgs[1])).toMatchObject({ direct_hours: 2, indirect_hours: 1.25 });
    expect(await measures(PERIODS[0], orgs[0])).toMatchObject({ direct_hours: 0, indirect_hours: 0 });
    expect(await rollupDifferences(db.knex)).toEqual([]);
  });

  it('make a plan moved while an activity is written wait for it, and carry the activity along', async () => {
    await clear();
    const f = factories(db.knex);
    const plan = await f.cspPlan({ child_id: children[1], organization_id: orgs[0], referral_id: referrals[0], initiated_on: '2025-03-31' });
    await expectSecondWaitsForFirst(
      db.knex,
      (trx) => trx('service_activities').insert({ service_plan_id: plan, activity_date: '2026-03-31', kind: 'direct', mode: 'phone', hours: 0.25 }),
      (trx) => trx('service_plans').where({ id: plan }).update({ organization_id: orgs[1] }),
    );
    expect(await measures(PERIODS[0], orgs[1])).toMatchObject({ direct_hours: 0.25 });
    expect(await measures(PERIODS[0], orgs[0])).toMatchObject({ direct_hours: 0 });
    expect(await rollupDifferences(db.knex)).toEqual([]);
  });

  it('are rebuilt by rollup_rebuild and emptied by a truncate', async () => {
    await clear();
    const f = factories(db.knex);
    const plan = await f.cspPlan({ child_id: children[0], organization_id: orgs[1], referral_id: referrals[4], initiated_on: '2025-03-31' });
    await f.activity({ service_plan_id: plan, activity_date: '2025-04-01', kind: 'indirect', hours: 1.5 });
    await db.knex('rollup_activity_hours').where({ organization_id: orgs[1], day: '2025-04-01' }).update({ indirect_hours: 9 });
    expect(await rollupDifferences(db.knex)).toHaveLength(2);
    await db.knex.raw('select rollup_rebuild()');
    expect(await rollupDifferences(db.knex)).toEqual([]);
    expect(await db.knex('rollup_activity_hours').select('organization_id', 'direct_hours', 'indirect_hours', 'activities')).toEqual([
      { organization_id: orgs[1], direct_hours: 0, indirect_hours: 1.5, activities: 1 },
    ]);
    await db.knex.raw('truncate service_activities');
    expect(await db.knex('rollup_activity_hours').select()).toEqual([]);
    expect(await rollupDifferences(db.knex)).toEqual([]);
  });
});
