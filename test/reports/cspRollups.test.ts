import fc from 'fast-check';
import type { Knex } from 'knex';
import { cspMeasures } from '../../server/reports/cspMeasures';
import { buckets } from '../../server/reports/period';
import { expectSecondWaitsForFirst } from '../helpers/concurrency';
import { factories } from '../helpers/factories';
import { useTestDatabase } from '../helpers/testDb';
import { expectRandomWritesKeepRollups, picked, rollupDifferences, runWrite } from './rollupWrites';

/**
 * The CSP measures' rollups (docs/reports.md "CSP measures from the rollups"): after random
 * writes to service activities (inserts of several at once, moves across days, months, kinds,
 * hours and plans, deletes, shifts), to plans (added, initiated on another day, moved to another
 * organisation, child or referral, deleted), to referral dates and to birth dates, rolled back
 * or not, the rollups equal a rebuild from scratch, and the measures' hours, referrals and
 * initiations (counts, age bands, average age, days waited) — read from the rollups — equal
 * what is worked out here from the base rows, for whole-month and part-month periods, of every
 * organisation and of each.
 */
const db = useTestDatabase();

const DATES = ['2025-03-31', '2025-04-01', '2025-04-30', '2025-05-01', '2025-12-31', '2026-01-01', '2026-03-31', '2026-04-01'];
const PERIODS = [
  { from: '2025-04-01', to: '2026-03-31' },
  { from: '2025-04-01', to: '2025-04-30' },
  { from: '2025-04-30', to: '2026-01-01' },
];
const HOURS = [0.25, 1.5, 2.75, 7.1];
/** birthdays on and beside the initiation dates' days, ages in three bands (a 29 February among them) */
const BIRTH_DATES = ['2020-04-30', '2020-05-01', '2016-02-29', '2012-04-01', '2009-12-31', '2021-01-01'];

let orgs: number[];
let referrals: number[];
let children: number[];

beforeAll(async () => {
  const f = factories(db.knex);
  orgs = [await f.organization(), await f.organization()];
  children = [await f.child({ birth_date: '2020-04-30' }), await f.child({ birth_date: '2016-02-29' }), await f.child({ birth_date: '2009-12-31' })];
  referrals = [];
  for (const org of orgs) {
    for (const [date, source] of [['2025-03-31', 'other'], ['2025-04-01', 'self_family'], ['2025-04-30', 'other'], ['2026-01-01', 'school_educator']]) {
      referrals.push(await f.referral({ organization_id: org, referral_date: date, source_type: source }));
    }
  }
});

type Command =
  | { op: 'add plan'; child: number; org: number; start: string }
  | { op: 'move plan'; pick: number; org: number }
  | { op: 'change plan'; pick: number; start: string | null; child: number | null; referral: number | null }
  | { op: 'delete plan'; pick: number }
  | { op: 'move referral'; referral: number; date: string }
  | { op: 'birth date'; child: number; date: string }
  | { op: 'add activities'; pick: number; activities: { date: string; kind: 'direct' | 'indirect'; hours: number }[] }
  | { op: 'change activity'; pick: number; date: string | null; kind: 'direct' | 'indirect' | null; hours: number | null; plan: number | null }
  | { op: 'delete activity'; pick: number }
  | { op: 'shift activities'; pick: number; days: number };

const orNull = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 2 });
const kind = fc.constantFrom<'direct' | 'indirect'>('direct', 'indirect');
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('add plan' as const), child: fc.integer({ min: 0, max: 2 }), org: fc.integer({ min: 0, max: 1 }), start: fc.constantFrom(...DATES) }), weight: 2 },
  fc.record({ op: fc.constant('change plan' as const), pick: fc.nat(), start: orNull(fc.constantFrom(...DATES)), child: orNull(fc.integer({ min: 0, max: 2 })), referral: orNull(fc.integer({ min: 0, max: 3 })) }),
  fc.record({ op: fc.constant('delete plan' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('move referral' as const), referral: fc.integer({ min: 0, max: 7 }), date: fc.constantFrom('2024-12-31', '2025-03-01', '2025-04-30') }),
  fc.record({ op: fc.constant('birth date' as const), child: fc.integer({ min: 0, max: 2 }), date: fc.constantFrom(...BIRTH_DATES) }),
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
        initiated_on: c.start,
      });
      return;
    case 'change plan': {
      const id = await picked(trx, 'service_plans', c.pick);
      if (id === null) return;
      const plan = await trx('service_plans').where({ id }).first('organization_id');
      const org = orgs.indexOf(Number(plan.organization_id));
      const patch = { ...(c.start && { initiated_on: c.start }), ...(c.child !== null && { child_id: children[c.child] }), ...(c.referral !== null && { referral_id: referrals[org * 4 + c.referral] }) };
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
    case 'move referral':
      await trx('referrals').where({ id: referrals[c.referral] }).update({ referral_date: c.date });
      return;
    case 'birth date':
      await trx('children').where({ id: children[c.child] }).update({ birth_date: c.date });
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
    ...(await expectedInitiations(period, organizationId)),
    direct_hours: hundredths('direct') / 100,
    indirect_hours: hundredths('indirect') / 100,
    referrals_total: counted.length,
    referrals_self_family: counted.filter((r) => r.source_type === 'self_family').length,
    referrals_school_educator: counted.filter((r) => r.source_type === 'school_educator').length,
    referrals_other: counted.filter((r) => r.source_type === 'other').length,
  };
}

const dayNumber = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;

/** Completed months of age: whole months from the birth date, one less when the day of the month is not reached (1 March for 29 February). */
function monthsOfAge(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return (y - by) * 12 + (m - bm) - (d < bd ? 1 : 0);
}

/** Each child once at its earliest CSP initiation of the period (lowest plan id on a tie), from the base rows. */
async function expectedInitiations(period: { from: string; to: string }, organizationId: number | null) {
  const plans = await db
    .knex('service_plans as p')
    .join('referrals as r', 'r.id', 'p.referral_id')
    .join('children as c', 'c.id', 'p.child_id')
    .where('p.program', 'CSP')
    .select('p.id', 'p.child_id', 'p.organization_id', ...['p.initiated_on', 'r.referral_date', 'c.birth_date'].map((c) => db.knex.raw(`to_char(${c}, 'YYYY-MM-DD') as ${c.slice(2)}`)));
  const first = new Map<number, (typeof plans)[number]>();
  for (const plan of plans
    .filter((p) => p.initiated_on >= period.from && p.initiated_on <= period.to && (organizationId === null || Number(p.organization_id) === organizationId))
    .sort((a, b) => a.initiated_on.localeCompare(b.initiated_on) || Number(a.id) - Number(b.id))) {
    if (!first.has(Number(plan.child_id))) first.set(Number(plan.child_id), plan);
  }
  const initiations = [...first.values()].map((p) => ({ months: monthsOfAge(p.birth_date, p.initiated_on), days: dayNumber(p.initiated_on) - dayNumber(p.referral_date) }));
  const band = (low: number, high: number) => initiations.filter((i) => Math.floor(i.months / 12) >= low && Math.floor(i.months / 12) <= high).length;
  const months = initiations.reduce((n, i) => n + i.months, 0);
  return {
    initiations_total: initiations.length,
    initiations_age_0_4: band(0, 4),
    initiations_age_5_12: band(5, 12),
    initiations_age_13_21: band(13, 21),
    // rounded half up to one decimal, in integers
    average_age_months: initiations.length ? Math.floor((months * 20 + initiations.length) / (2 * initiations.length)) / 10 : null,
    wait_days_total: initiations.reduce((n, i) => n + i.days, 0),
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
    const run = (c: Command, rollBack: boolean) => runWrite(db.knex, (trx) => apply(trx, c), rollBack);
    await expectRandomWritesKeepRollups(db.knex, { command, minLength: 4, maxLength: 25, numRuns: 25, clear, run, check: expectMeasuresEqualBaseRows, afterEachWrite: true, size: 'max' });
  }, 300_000);

  it('count the age bands at their edges, and an age outside 0–21 only in the total and the average', async () => {
    await clear();
    const f = factories(db.knex);
    // completed months of age on 2025-04-15: 59 | 60, 155 | 156, 263 | 264 (22 years), and -1 (born after it)
    const births = ['2020-04-16', '2020-04-15', '2012-04-16', '2012-04-15', '2003-04-16', '2003-04-15', '2025-05-01'];
    // a referral of its own: the random writes above move the shared ones' dates
    const referral = await f.referral({ organization_id: orgs[0], referral_date: '2025-03-31', source_type: 'other' });
    for (const birth of births) {
      await f.cspPlan({ child_id: await f.child({ birth_date: birth }), organization_id: orgs[0], referral_id: referral, initiated_on: '2025-04-15' });
    }
    // each waited 15 days (referral 2025-03-31); the average (59 + 60 + 155 + 156 + 263 + 264 - 1) / 7 = 136.57…
    const expected = { initiations_total: 7, initiations_age_0_4: 1, initiations_age_5_12: 2, initiations_age_13_21: 2, average_age_months: 136.6, wait_days_total: 105 };
    for (const organizationId of [null, orgs[0]]) {
      // April whole from the rollups, part of it from the base rows
      expect(await measures({ from: '2025-04-01', to: '2025-04-30' }, organizationId)).toMatchObject(expected);
      expect(await measures({ from: '2025-04-02', to: '2025-04-29' }, organizationId)).toMatchObject(expected);
    }
    expect(await db.knex('rollup_csp_initiations').where({ month: '2025-04-01' }).whereNull('previous_month').whereNull('age_band').first('initiations', 'age_months_total')).toEqual({ initiations: 2, age_months_total: 263 });
    expect(await rollupDifferences(db.knex)).toEqual([]);
  });

  it('are read by the measures: marked rollup rows show which source answered', async () => {
    await clear();
    const april = { from: '2025-04-01', to: '2025-04-30' };
    const part = { from: '2025-04-30', to: '2025-05-10' };
    const aprilReferrals = (await expectedFromBaseRows(april, orgs[0])).referrals_total;
    const partReferrals = (await expectedFromBaseRows(part, orgs[0])).referrals_total;
    const marked = db.knex.transaction(async (trx) => {
      // (a row of zeros may be left by earlier writes: a row whose counts are 0 is no row)
      await trx('rollup_activity_hours').where({ organization_id: orgs[0], day: '2025-04-30' }).delete();
      await trx('rollup_activity_hours').insert({ organization_id: orgs[0], day: '2025-04-30', direct_hours: 3.5, indirect_hours: 0, activities: 1 });
      await trx.raw(
        `insert into rollup_referrals (organization_id, month, program, source_type, referrals) values (?, '2025-04-01', 'CSP', 'other', 5)
         on conflict on constraint rollup_referrals_key_unique do update set referrals = rollup_referrals.referrals + 5`,
        [orgs[0]],
      );
      // two initiations aged 61 months: band 5–12, 122 months of age in all
      await trx('rollup_csp_initiations_by_organization').where({ organization_id: orgs[0], month: '2025-04-01', age_band: '5-12' }).whereNull('previous_month').delete();
      await trx('rollup_csp_initiations_by_organization').insert({ organization_id: orgs[0], month: '2025-04-01', previous_month: null, age_band: '5-12', initiations: 2, wait_days: 10, age_months_total: 122 });
      // hours: any period (days); referrals and initiations: whole months from the rollups, other periods from the base rows
      expect(await measures(april, orgs[0], trx)).toMatchObject({ direct_hours: 3.5, referrals_total: aprilReferrals + 5, initiations_total: 2, initiations_age_5_12: 2, average_age_months: 61, wait_days_total: 10 });
      expect(await measures(part, orgs[0], trx)).toMatchObject({ direct_hours: 3.5, referrals_total: partReferrals, initiations_total: 0, average_age_months: null });
      expect(await measures({ from: '2025-05-01', to: '2025-05-31' }, null, trx)).toMatchObject({ direct_hours: 0, initiations_total: 0 });
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

  it('make an initiation written while its child\'s birth date changes wait for it, and count it at the new age', async () => {
    await clear();
    await expectSecondWaitsForFirst(
      db.knex,
      (trx) => trx('children').where({ id: children[2] }).update({ birth_date: '2012-04-01' }),
      (trx) =>
        trx('service_plans').insert({ child_id: children[2], organization_id: orgs[0], program: 'CSP', status: 'in_service', referral_id: referrals[1], initiated_on: '2025-05-01' }),
    );
    // born 2012-04-01, initiated 2025-05-01: 157 months, in the 13–21 band
    expect(await measures(PERIODS[0], orgs[0])).toMatchObject({ initiations_total: 1, initiations_age_13_21: 1, average_age_months: 157 });
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
