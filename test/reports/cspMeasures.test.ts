import knexFactory from 'knex';
import { cspMeasures, cspMeasuresReport, MEASURES, type MeasureKey } from '../../server/reports/cspMeasures';
import { explainFigure } from '../../server/reports/explain';
import { buckets } from '../../server/reports/period';
import { expectExplains, rowOf } from '../helpers/explanations';
import { factories, type Factories } from '../helpers/factories';
import { createTestDatabase, useTestDatabase } from '../helpers/testDb';

/**
 * The CSP performance measures against fixtures built by hand. Each scenario lives in its own
 * organisation and is measured with that organisation's filter, so the numbers below depend
 * on that scenario's rows only. Every expectation is worked out from docs/domain.md's definition
 * in the comment beside it.
 */
const db = useTestDatabase();
let f: Factories;

beforeAll(async () => {
  f = factories(db.knex);
});

const FY2025 = { from: '2025-04-01', to: '2026-03-31' };

async function measures(organizationId: number | null, period: { from: string; to: string }) {
  const result = await cspMeasures(db.knex, {
    ...period,
    group: 'month',
    organization_id: organizationId,
    buckets: buckets(period.from, period.to, 'month'),
  });
  return Object.fromEntries(result.measures.map((m) => [m.key, m.value])) as Record<MeasureKey, number | null>;
}

/** The rows behind one measure (every child named: no caller scope). */
function explain(key: MeasureKey, organizationId: number | null, period: { from: string; to: string }, knex = db.knex) {
  return explainFigure(knex, cspMeasuresReport, { ...period, organization_id: organizationId, key, bucket: null }, null);
}

describe('the report itself', () => {
  it('lists every measure of docs/domain.md in its order, with the ministry name and definition', async () => {
    const org = await f.organization();
    const result = await cspMeasures(db.knex, {
      ...FY2025,
      group: 'month',
      organization_id: org,
      buckets: [],
    });
    expect(result.measures.map((m) => m.key)).toEqual([
      'expenditures',
      'referrals_total',
      'referrals_self_family',
      'referrals_school_educator',
      'referrals_physician_health',
      'referrals_childrens_aid',
      'referrals_indigenous_org',
      'referrals_other',
      'initiations_total',
      'initiations_age_0_4',
      'initiations_age_5_12',
      'initiations_age_13_21',
      'waiting_total',
      'average_age_months',
      'wait_days_total',
      'direct_hours',
      'indirect_hours',
      'fte_total',
      'active_plans_total',
      'discharged_met_goals',
      'discharged_left_catchment',
      'discharged_unable_to_reach',
      'discharged_family_request',
    ]);
    expect(result.measures[1]).toMatchObject({ key: 'referrals_total', name: '# of New Referrals: SPC' });
    expect(result.measures.every((m) => m.definition.length > 40)).toBe(true);
  });

  it('answers zeros, and an empty average age, for an organisation with no records', async () => {
    const org = await f.organization();
    const values = await measures(org, FY2025);
    // No initiations: the average is empty (null); every count and sum is 0.
    expect(values.average_age_months).toBeNull();
    for (const m of MEASURES) if (m.key !== 'average_age_months') expect(values[m.key]).toBe(0);
  });
});

describe('referrals', () => {
  let org: number;
  const r: Record<string, number> = {};
  let ineligibleChild: number;
  beforeAll(async () => {
    org = await f.organization();
    r.twoChildren = await f.referral({ organization_id: org, referral_date: '2025-04-01', source_type: 'self_family' });
    await f.referralChild({ referral_id: r.twoChildren, child_id: await f.child() });
    await f.referralChild({ referral_id: r.twoChildren, child_id: await f.child() });
    r.lastDay = await f.referral({ organization_id: org, referral_date: '2026-03-31', source_type: 'school_educator' });
    r.dayBefore = await f.referral({ organization_id: org, referral_date: '2025-03-31', source_type: 'self_family' });
    r.dayAfter = await f.referral({ organization_id: org, referral_date: '2026-04-01', source_type: 'self_family' });
    r.warm = await f.referral({ organization_id: org, referral_date: '2025-06-15', source_type: 'other', is_warm: true });
    r.ineligible = await f.referral({ organization_id: org, referral_date: '2025-07-01', source_type: 'physician_health' });
    ineligibleChild = await f.child();
    await f.referralChild({
      referral_id: r.ineligible,
      child_id: ineligibleChild,
      eligibility: 'ineligible',
      eligibility_decided_on: '2025-07-20',
    });
    r.shss = await f.referral({ organization_id: org, referral_date: '2025-08-01', source_type: 'childrens_aid', program: 'SHSS' });
    r.indigenous = await f.referral({ organization_id: org, referral_date: '2025-09-01', source_type: 'indigenous_org' });
    r.childrensAid = await f.referral({ organization_id: org, referral_date: '2025-10-01', source_type: 'childrens_aid' });
  });

  it('counts every CSP referral dated in the period once, boundary days included', async () => {
    const values = await measures(org, FY2025);
    // In the period: 2025-04-01 (first day, two children, counts once), 2026-03-31 (last day),
    // the warm one, the ineligible one, indigenous_org and childrens_aid = 6.
    // Out: 2025-03-31 and 2026-04-01 (a day outside each end), the SHSS referral.
    expect(values.referrals_total).toBe(6);
  });

  it('splits the count by source type, the six adding up to the total', async () => {
    const values = await measures(org, FY2025);
    expect(values.referrals_self_family).toBe(1); // 2025-04-01
    expect(values.referrals_school_educator).toBe(1); // 2026-03-31
    expect(values.referrals_physician_health).toBe(1); // the ineligible child's referral
    expect(values.referrals_childrens_aid).toBe(1); // 2025-10-01 (the SHSS one does not count)
    expect(values.referrals_indigenous_org).toBe(1);
    expect(values.referrals_other).toBe(1); // the warm referral
    const six = (['self_family', 'school_educator', 'physician_health', 'childrens_aid', 'indigenous_org', 'other'] as const)
      .map((s) => values[`referrals_${s}`] as number)
      .reduce((a, b) => a + b, 0);
    expect(six).toBe(values.referrals_total);
  });

  it('explains each count by the referrals it counts, one row per referral', async () => {
    const values = await measures(org, FY2025);
    const total = await explain('referrals_total', org, FY2025);
    // Both boundary days in; the day before, the day after and the SHSS referral out.
    expectExplains(total, values.referrals_total, [r.twoChildren, r.lastDay, r.warm, r.ineligible, r.indigenous, r.childrensAid]);
    // One row for the referral of two children, naming no single child; the ineligible child's names it.
    expect(rowOf(total, r.twoChildren)).toMatchObject({ unit: 'referral', child_id: null, date: '2025-04-01', contribution: 1 });
    expect(rowOf(total, r.twoChildren).detail).toBe('CSP referral from Self or family, 2 children');
    expect(rowOf(total, r.ineligible)).toMatchObject({ child_id: ineligibleChild, date: '2025-07-01' });
    expect(rowOf(total, r.warm).detail).toBe('CSP referral from Other sources (warm), 0 children');
    const bySource: [MeasureKey, number[]][] = [
      ['referrals_self_family', [r.twoChildren]],
      ['referrals_school_educator', [r.lastDay]],
      ['referrals_physician_health', [r.ineligible]],
      ['referrals_childrens_aid', [r.childrensAid]],
      ['referrals_indigenous_org', [r.indigenous]],
      ['referrals_other', [r.warm]],
    ];
    for (const [key, ids] of bySource) expectExplains(await explain(key, org, FY2025), values[key], ids);
  });
});

describe('initiations, ages and waits', () => {
  let org: number;
  const c: Record<string, number> = {};
  let c1FirstPlan: number;
  beforeAll(async () => {
    org = await f.organization();
    // C1, born 2015-06-10, initiated twice in the period: first on 2025-05-01 (referred
    // 2025-04-20), closed and initiated again on 2025-09-01.
    const c1 = await f.cspCase({
      organization_id: org,
      birth_date: '2015-06-10',
      referral_date: '2025-04-20',
      initiated_on: '2025-05-01',
      closed_on: '2025-06-01',
      closed_reason: 'superseded',
    });
    c.C1 = c1.childId;
    c1FirstPlan = c1.planId;
    await f.cspCase({ organization_id: org, child_id: c1.childId, referral_date: '2025-08-15', initiated_on: '2025-09-01' });
    // C2: 5th birthday on its initiation day. C3: 5th birthday the day after.
    c.C2 = (await f.cspCase({ organization_id: org, birth_date: '2020-07-15', referral_date: '2025-07-01', initiated_on: '2025-07-15' })).childId;
    c.C3 = (await f.cspCase({ organization_id: org, birth_date: '2020-07-16', referral_date: '2025-06-15', initiated_on: '2025-07-15' })).childId;
    // C4: 13th birthday on its initiation day. C5: 13th birthday the day after.
    c.C4 = (await f.cspCase({ organization_id: org, birth_date: '2012-10-01', referral_date: '2025-09-01', initiated_on: '2025-10-01' })).childId;
    c.C5 = (await f.cspCase({ organization_id: org, birth_date: '2012-10-02', referral_date: '2025-09-30', initiated_on: '2025-10-01' })).childId;
    // Initiated a day before and a day after the period: not counted.
    await f.cspCase({ organization_id: org, birth_date: '2018-01-01', referral_date: '2025-03-01', initiated_on: '2025-03-31' });
    await f.cspCase({ organization_id: org, birth_date: '2018-01-01', referral_date: '2026-03-01', initiated_on: '2026-04-01' });
  });

  it('counts each child once, at its earliest initiation in the period', async () => {
    const values = await measures(org, FY2025);
    // C1 (twice, counts once), C2, C3, C4, C5 = 5; the ones initiated 2025-03-31 and
    // 2026-04-01 are outside the period.
    expect(values.initiations_total).toBe(5);
  });

  it('buckets children by completed years on the initiation day', async () => {
    const values = await measures(org, FY2025);
    // C3 is 4 on 2025-07-15 (birthday tomorrow) → 0–4.
    expect(values.initiations_age_0_4).toBe(1);
    // C1 is 9 on 2025-05-01, C2 turns 5 that day, C5 is 12 (birthday tomorrow) → 5–12.
    expect(values.initiations_age_5_12).toBe(3);
    // C4 turns 13 that day → 13–21.
    expect(values.initiations_age_13_21).toBe(1);
  });

  it('averages completed months of age at initiation to one decimal', async () => {
    const values = await measures(org, FY2025);
    // C1: 2015-06-10 → 2025-05-01 = 9 y 10 m 21 d → 118 months (its first initiation)
    // C2: 2020-07-15 → 2025-07-15 = 5 y → 60; C3: 2020-07-16 → 2025-07-15 = 4 y 11 m 29 d → 59
    // C4: 2012-10-01 → 2025-10-01 = 13 y → 156; C5: 2012-10-02 → 2025-10-01 = 12 y 11 m 29 d → 155
    // (118 + 60 + 59 + 156 + 155) / 5 = 548 / 5 = 109.6
    expect(values.average_age_months).toBe(109.6);
  });

  it('sums days from the referral of the counted plan to its initiation', async () => {
    const values = await measures(org, FY2025);
    // C1 2025-04-20 → 2025-05-01 = 11 (its second plan is not the counted one)
    // C2 2025-07-01 → 07-15 = 14; C3 2025-06-15 → 07-15 = 30; C4 2025-09-01 → 10-01 = 30;
    // C5 2025-09-30 → 10-01 = 1. 11 + 14 + 30 + 30 + 1 = 86
    expect(values.wait_days_total).toBe(86);
  });

  it('explains initiations, ages and waits by the children initiated, one row each', async () => {
    const values = await measures(org, FY2025);
    const total = await explain('initiations_total', org, FY2025);
    // C1 once (its second plan is not a second row); the 2025-03-31 and 2026-04-01 ones out.
    expectExplains(total, values.initiations_total, [c.C1, c.C2, c.C3, c.C4, c.C5]);
    expect(rowOf(total, c.C1)).toMatchObject({ unit: 'child', child_id: c.C1, date: '2025-05-01', contribution: 1 });
    expect(rowOf(total, c.C1).detail).toMatch(new RegExp(`^CSP plan ${c1FirstPlan} initiated on 2025-05-01, referral \\d+ of 2025-04-20: 11 days waited, aged 9 \\(118 months\\)$`));
    expectExplains(await explain('initiations_age_0_4', org, FY2025), values.initiations_age_0_4, [c.C3]);
    expectExplains(await explain('initiations_age_5_12', org, FY2025), values.initiations_age_5_12, [c.C1, c.C2, c.C5]);
    expectExplains(await explain('initiations_age_13_21', org, FY2025), values.initiations_age_13_21, [c.C4]);
    // The mean of the months 118, 60, 59, 156, 155 = 109.6; the sum of the waits 11 + 14 + 30 + 30 + 1 = 86.
    const ages = await explain('average_age_months', org, FY2025);
    expect(ages.statistic).toBe('mean');
    expectExplains(ages, values.average_age_months, [c.C1, c.C2, c.C3, c.C4, c.C5]);
    expect([c.C1, c.C2, c.C3, c.C4, c.C5].map((id) => rowOf(ages, id).contribution)).toEqual([118, 60, 59, 156, 155]);
    const waits = await explain('wait_days_total', org, FY2025);
    expectExplains(waits, values.wait_days_total, [c.C1, c.C2, c.C3, c.C4, c.C5]);
    expect([c.C1, c.C2, c.C3, c.C4, c.C5].map((id) => rowOf(waits, id).contribution)).toEqual([11, 14, 30, 30, 1]);
  });

  it('explains an empty average with no rows and no figure', async () => {
    const empty = await explain('average_age_months', org, { from: '2024-04-01', to: '2024-06-30' });
    expect(empty).toMatchObject({ figure: null, count: 0, rows: [] });
  });
});

describe('a 29 February birthday', () => {
  let org: number;
  const period = { from: '2025-01-01', to: '2025-12-31' };
  beforeAll(async () => {
    org = await f.organization();
    await f.cspCase({ organization_id: org, birth_date: '2020-02-29', referral_date: '2025-02-01', initiated_on: '2025-02-28' });
    await f.cspCase({ organization_id: org, birth_date: '2020-02-29', referral_date: '2025-02-01', initiated_on: '2025-03-01' });
  });

  it('is reached on 1 March in a common year, as PostgreSQL age() counts it', async () => {
    const values = await measures(org, period);
    // Born 2020-02-29: on 2025-02-28 the child is still 4 (4 y 11 m) → 0–4;
    // on 2025-03-01 it is 5 → 5–12.
    expect(values.initiations_age_0_4).toBe(1);
    expect(values.initiations_age_5_12).toBe(1);
    // Months: 4 × 12 + 11 = 59 and 5 × 12 = 60 → (59 + 60) / 2 = 59.5
    expect(values.average_age_months).toBe(59.5);
    // Waits: 2025-02-01 → 02-28 = 27, → 03-01 = 28 → 55
    expect(values.wait_days_total).toBe(55);
    const ages = await explain('average_age_months', org, period);
    expect(ages.rows.map((r) => r.contribution).sort()).toEqual([59, 60]);
    expect(ages.figure).toBe(59.5);
    expect((await explain('initiations_age_0_4', org, period)).rows.map((r) => r.date)).toEqual(['2025-02-28']);
  });
});

describe('waiting for initiation at the end of the period', () => {
  let org: number;
  const w: Record<string, number> = {};
  beforeAll(async () => {
    org = await f.organization();
    const waiting = async (rc: {
      referral_date: string;
      eligibility?: 'pending' | 'eligible' | 'ineligible';
      decided?: string | null;
      closed_on?: string | null;
      initiated_on?: string;
      child_id?: number;
      program?: 'CSP' | 'SHSS';
    }) => {
      const childId = rc.child_id ?? (await f.child());
      const referralId = await f.referral({ organization_id: org, referral_date: rc.referral_date, program: rc.program });
      await f.referralChild({
        referral_id: referralId,
        child_id: childId,
        eligibility: rc.eligibility ?? 'eligible',
        eligibility_decided_on: rc.decided === undefined ? rc.referral_date : rc.decided,
        closed_on: rc.closed_on ?? null,
      });
      if (rc.initiated_on) {
        await f.cspPlan({ child_id: childId, organization_id: org, referral_id: referralId, initiated_on: rc.initiated_on });
      }
      return childId;
    };
    w.W1 = await waiting({ referral_date: '2025-04-10', decided: '2025-05-01' }); // W1 waiting
    await waiting({ referral_date: '2025-04-10', eligibility: 'pending', decided: null }); // W2 pending
    await waiting({ referral_date: '2026-03-01', decided: '2026-04-02' }); // W3 decided after `to`
    w.W4 = await waiting({ referral_date: '2025-05-01', closed_on: '2026-03-31' }); // W4 closed on `to`
    w.W5 = await waiting({ referral_date: '2025-05-01', closed_on: '2026-04-01' }); // W5 closed after `to`: waiting
    w.W6 = await waiting({ referral_date: '2025-06-01', initiated_on: '2026-04-05' }); // W6 initiated after `to`: waiting
    w.W7 = await waiting({ referral_date: '2025-06-01', initiated_on: '2026-03-31' }); // W7 initiated on `to`
    await waiting({ referral_date: '2026-04-01' }); // W8 referred after `to`
    await waiting({ referral_date: '2025-06-01', eligibility: 'ineligible' }); // W9 ineligible
    w.W10 = await waiting({ referral_date: '2025-05-01' }); // W10 waiting on two referrals
    await waiting({ referral_date: '2025-11-01', child_id: w.W10 });
    w.W11 = await waiting({ referral_date: '2026-03-31', decided: '2026-03-31' }); // W11 referred and decided on `to`
    await waiting({ referral_date: '2025-06-01', program: 'SHSS' }); // W12 an SHSS referral
    // W13: one referral of two eligible children, both waiting.
    const family = await f.referral({ organization_id: org, referral_date: '2025-09-09' });
    for (const name of ['W13a', 'W13b']) {
      w[name] = await f.child();
      await f.referralChild({ referral_id: family, child_id: w[name], eligibility: 'eligible', eligibility_decided_on: '2025-09-20' });
    }
  });

  it('counts distinct eligible children with no initiation on or before `to`', async () => {
    const values = await measures(org, FY2025);
    // Waiting: W1, W5 (closed after `to`), W6 (initiated after `to`), W10 (once for two
    // referrals), W11 (decided on `to`), W13's two children = 7.
    // Not: W2 pending, W3 decided after, W4 closed on `to`, W7 initiated on `to`, W8 referred
    // after, W9 ineligible, W12 SHSS.
    expect(values.waiting_total).toBe(7);
  });

  it('is a point in time at `to`, whatever `from` is', async () => {
    const q4 = await measures(org, { from: '2026-01-01', to: '2026-03-31' });
    expect(q4.waiting_total).toBe(7);
    // At 2025-06-30: W1 (decided 05-01), W4 and W5 (referred and decided 05-01, closed later),
    // W10 (first referral 05-01) = 4. W6, W7, W9 were referred 06-01 and decided that day: W6
    // and W7 are waiting too (initiated later) → 6; W9 is ineligible, W12 is SHSS.
    const q1 = await measures(org, { from: '2025-04-01', to: '2025-06-30' });
    expect(q1.waiting_total).toBe(6);
  });

  it('explains the waiting by the children waiting, each once with its earliest waiting referral', async () => {
    const values = await measures(org, FY2025);
    const waiting = await explain('waiting_total', org, FY2025);
    expectExplains(waiting, values.waiting_total, [w.W1, w.W5, w.W6, w.W10, w.W11, w.W13a, w.W13b]);
    expect(waiting.as_of).toBe('2026-03-31');
    // W10 waits on 2025-05-01 and 2025-11-01: its row is the earlier, 334 days to 2026-03-31.
    expect(rowOf(waiting, w.W10)).toMatchObject({ date: '2025-05-01', contribution: 1 });
    expect(rowOf(waiting, w.W10).detail).toMatch(/^Eligible on referral \d+ of 2025-05-01, not initiated: 334 days waited on 2026-03-31$/);
    const q1 = { from: '2025-04-01', to: '2025-06-30' };
    expectExplains(await explain('waiting_total', org, q1), (await measures(org, q1)).waiting_total, [w.W1, w.W4, w.W5, w.W6, w.W7, w.W10]);
  });

  it('counts the waiting on today when `to` is later, and says so', async () => {
    // Today 2025-05-20: W1 (decided 05-01), W4, W5, W10 (referred and decided 05-01); the
    // 06-01 referrals are not yet made. The figure, its rows and their waits stop at today.
    const today = '2025-05-20';
    const result = await cspMeasures(db.knex, { ...FY2025, group: 'month', organization_id: org, buckets: [], today });
    expect(result.as_of).toBe(today);
    const figure = result.measures.find((m) => m.key === 'waiting_total')!.value;
    expect(figure).toBe(4);
    const waiting = await explainFigure(db.knex, cspMeasuresReport, { ...FY2025, organization_id: org, key: 'waiting_total', bucket: null, today }, null);
    expectExplains(waiting, figure, [w.W1, w.W4, w.W5, w.W10]);
    expect(waiting.as_of).toBe(today);
    // W1 was referred 2025-04-10: 40 days waited on 2025-05-20, not 355 to 2026-03-31.
    expect(rowOf(waiting, w.W1).detail).toMatch(/not initiated: 40 days waited on 2025-05-20$/);
  });
});

describe('service time, FTEs and expenditures', () => {
  let org: number;
  let child: number;
  const u: Record<string, number> = {};
  beforeAll(async () => {
    org = await f.organization();
    const { planId, childId } = await f.cspCase({ organization_id: org, referral_date: '2024-12-01', initiated_on: '2025-01-01' });
    child = childId;
    await f.activity({ service_plan_id: planId, activity_date: '2025-03-31', kind: 'indirect', hours: 0.75 }); // a day before
    u.firstDay = await f.activity({ service_plan_id: planId, activity_date: '2025-04-01', kind: 'direct', hours: 1.5 }); // first day
    u.october = await f.activity({ service_plan_id: planId, activity_date: '2025-10-10', kind: 'indirect', hours: 3 });
    u.lastDay = await f.activity({ service_plan_id: planId, activity_date: '2026-03-31', kind: 'direct', hours: 2 }); // last day
    await f.activity({ service_plan_id: planId, activity_date: '2026-04-01', kind: 'indirect', hours: 1.25 }); // a day after

    u.whole = await f.staffAllocation({ organization_id: org, fte: 1, start_date: '2024-01-01' }); // whole period, open-ended
    u.half = await f.staffAllocation({ organization_id: org, fte: 0.5, start_date: '2025-10-01' }); // second half
    u.q1 = await f.staffAllocation({ organization_id: org, fte: 0.8, start_date: '2024-04-01', end_date: '2025-06-30' }); // Q1 only
    await f.staffAllocation({ organization_id: org, fte: 1, start_date: '2024-04-01', end_date: '2025-03-31' }); // ended before
    await f.staffAllocation({ organization_id: org, fte: 0.6, start_date: '2026-04-01' }); // starts after

    await f.expenditure({ organization_id: org, spent_on: '2025-03-31', amount: 1000 }); // previous fiscal year
    u.fyStart = await f.expenditure({ organization_id: org, spent_on: '2025-04-01', amount: 250.5 }); // fiscal-year start
    u.december = await f.expenditure({ organization_id: org, spent_on: '2025-12-01', amount: 100.25 });
    u.onTo = await f.expenditure({ organization_id: org, spent_on: '2026-03-31', amount: 10 }); // on `to`
    await f.expenditure({ organization_id: org, spent_on: '2026-04-01', amount: 999 }); // after `to`
    await f.expenditure({ organization_id: org, spent_on: '2025-05-01', amount: 500, program: 'SHSS' }); // not CSP
  });

  it('sums direct and indirect hours dated in the period', async () => {
    const values = await measures(org, FY2025);
    expect(values.direct_hours).toBe(3.5); // 1.5 (2025-04-01) + 2 (2026-03-31)
    expect(values.indirect_hours).toBe(3); // 3 (2025-10-10); 0.75 and 1.25 fall outside
  });

  it('weighs each allocation by the share of the period it covers', async () => {
    const values = await measures(org, FY2025);
    // The period has 365 days (2025-04-01 … 2026-03-31).
    // 1.0 × 365/365 = 1; 0.5 × 182/365 (2025-10-01 … 2026-03-31) = 0.24932;
    // 0.8 × 91/365 (2025-04-01 … 06-30) = 0.19945; the other two overlap 0 days.
    // 1 + 0.24932 + 0.19945 = 1.44877 → 1.45
    expect(values.fte_total).toBe(1.45);
  });

  it('sums CSP expenditures from the start of the fiscal year containing `to` up to `to`', async () => {
    const values = await measures(org, FY2025);
    expect(values.expenditures).toBe(360.75); // 250.50 + 100.25 + 10
    // Q3 alone still reports the year to date: 2025-04-01 … 2025-12-31 → 250.50 + 100.25
    const q3 = await measures(org, { from: '2025-10-01', to: '2025-12-31' });
    expect(q3.expenditures).toBe(350.75);
    // Q3's FTE: 1.0 whole quarter + 0.5 whole quarter (from 2025-10-01) = 1.5
    expect(q3.fte_total).toBe(1.5);
  });

  it('explains hours by the activities, with their hours and the child of their plan', async () => {
    const values = await measures(org, FY2025);
    const direct = await explain('direct_hours', org, FY2025);
    expectExplains(direct, values.direct_hours, [u.firstDay, u.lastDay]);
    expect(rowOf(direct, u.firstDay)).toMatchObject({ unit: 'activity', child_id: child, date: '2025-04-01', contribution: 1.5 });
    expectExplains(await explain('indirect_hours', org, FY2025), values.indirect_hours, [u.october]);
  });

  it('explains the FTEs by the allocations, each contributing its unrounded share of the period', async () => {
    const values = await measures(org, FY2025);
    const fte = await explain('fte_total', org, FY2025);
    expectExplains(fte, values.fte_total, [u.whole, u.half, u.q1]);
    expect(rowOf(fte, u.whole).contribution).toBe(1);
    expect(rowOf(fte, u.half).contribution).toBeCloseTo((0.5 * 182) / 365, 12);
    expect(rowOf(fte, u.q1).contribution).toBeCloseTo((0.8 * 91) / 365, 12);
    expect(rowOf(fte, u.half)).toMatchObject({ unit: 'allocation', child_id: null, date: '2025-10-01' });
    expect(rowOf(fte, u.q1).detail).toMatch(/: 0\.8\d* FTE for 91 of the period's 365 days$/);
  });

  it('explains the expenditures by the expenditures of the fiscal year to `to`', async () => {
    const values = await measures(org, FY2025);
    const spent = await explain('expenditures', org, FY2025);
    expectExplains(spent, values.expenditures, [u.fyStart, u.december, u.onTo]);
    expect(rowOf(spent, u.fyStart)).toMatchObject({ unit: 'expenditure', contribution: 250.5, date: '2025-04-01', child_id: null });
    // Q3 alone: the year to date.
    const q3 = { from: '2025-10-01', to: '2025-12-31' };
    expectExplains(await explain('expenditures', org, q3), (await measures(org, q3)).expenditures, [u.fyStart, u.december]);
  });
});

describe('active plans and discharges', () => {
  // from = 2025-08-31, so from − 6 months = 2025-02-28 (clipped); to = 2025-12-31.
  const period = { from: '2025-08-31', to: '2025-12-31' };
  let org: number;
  const g: Record<string, number> = {};
  beforeAll(async () => {
    org = await f.organization();
    const plan = async (p: { initiated_on: string; activities?: string[]; closed_on?: string; closed_reason?: string; child_id?: number }) => {
      const made = await f.cspCase({
        organization_id: org,
        referral_date: '2024-01-01',
        initiated_on: p.initiated_on,
        closed_on: p.closed_on,
        closed_reason: p.closed_reason,
        child_id: p.child_id,
      });
      for (const d of p.activities ?? []) await f.activity({ service_plan_id: made.planId, activity_date: d });
      return made;
    };
    g.G1 = (await plan({ initiated_on: '2024-12-01', activities: ['2025-02-28'] })).childId; // G1 last activity = from − 6 m: out
    g.G2 = (await plan({ initiated_on: '2024-12-01', activities: ['2025-03-01'] })).childId; // G2 a day later: in
    g.G3 = (await plan({ initiated_on: '2025-02-28' })).childId; // G3 initiation = from − 6 m: out
    g.G4 = (await plan({ initiated_on: '2025-03-01' })).childId; // G4 initiation a day later: in
    g.G5 = (await plan({ initiated_on: '2025-12-31' })).childId; // G5 initiated on `to`: in
    g.G6 = (await plan({ initiated_on: '2026-01-01' })).childId; // G6 initiated after `to`: out
    g.G7 = (await plan({ initiated_on: '2025-01-15', activities: ['2025-06-01'], closed_on: '2025-08-30', closed_reason: 'met_goals' })).childId; // G7 closed before `from`: out
    g.G8 = (await plan({ initiated_on: '2025-01-15', activities: ['2025-06-01'], closed_on: '2025-08-31', closed_reason: 'family_request' })).childId; // G8 closed on `from`: in, discharged
    g.G9 = (await plan({ initiated_on: '2024-06-01', activities: ['2024-12-01'], closed_on: '2025-10-15', closed_reason: 'met_goals' })).childId; // G9 inactive, then closed
    g.G10 = (await plan({ initiated_on: '2025-05-01', activities: ['2025-09-10'], closed_on: '2025-11-30', closed_reason: 'aged_out' })).childId; // G10 in; aged_out not a counted reason
    g.G11 = (await plan({ initiated_on: '2025-04-01', activities: ['2025-07-01'], closed_on: '2025-12-31', closed_reason: 'met_goals' })).childId; // G11 in, discharged
    g.G12 = (await plan({ initiated_on: '2025-04-01', activities: ['2025-06-30'], closed_on: '2025-12-31', closed_reason: 'unable_to_reach' })).childId; // G12 in, inactive at closing
    g.G13 = (await plan({ initiated_on: '2025-09-01', closed_on: '2025-10-01', closed_reason: 'left_catchment' })).childId; // G13 in, discharged
    const g14 = await plan({ initiated_on: '2025-04-01', closed_on: '2025-09-15', closed_reason: 'superseded' }); // G14 two plans, one child
    g.G14 = g14.childId;
    await plan({ initiated_on: '2025-09-20', child_id: g14.childId });
    g.G15 = (await plan({ initiated_on: '2025-10-01', activities: ['2025-12-01'], closed_on: '2026-01-05', closed_reason: 'met_goals' })).childId; // G15 closed after `to`
    g.G16 = (await plan({ initiated_on: '2025-10-01', closed_on: '2025-11-01', closed_reason: 'unable_to_reach' })).childId; // G16 in, discharged
    g.G17 = (await plan({ initiated_on: '2024-01-01', activities: ['2024-03-01', '2026-01-01'] })).childId; // G17 next activity after `to`: out
    g.G18 = (await plan({ initiated_on: '2024-01-01', activities: ['2024-03-01', '2025-12-31'] })).childId; // G18 activity on `to`: in
    // The plans' last activity is later than the window's end, so their activities are searched.
    g.G19 = (await plan({ initiated_on: '2024-01-01', activities: ['2025-10-01', '2026-02-01'] })).childId; // G19 active in October: in
    // Activities dated after closing (written past the workflow, which refuses them) count for nothing.
    g.G20 = (await plan({ initiated_on: '2024-01-01', activities: ['2025-09-01', '2025-12-15'], closed_on: '2025-11-01', closed_reason: 'left_catchment' })).childId; // G20 in, discharged
    g.G21 = (await plan({ initiated_on: '2024-01-01', activities: ['2025-01-10', '2025-12-20'], closed_on: '2025-10-20', closed_reason: 'family_request' })).childId; // G21 out
  });

  it('counts children with a plan active on at least one day of the period', async () => {
    const values = await measures(org, period);
    // In: G2 (activity 2025-03-01 > 2025-02-28), G4 (initiated 03-01), G5 (initiated on `to`),
    // G8 (closed on `from`, activity 06-01 in its window), G10, G11, G12 (active in September),
    // G13, G14 (two plans, one child), G15, G16, G18 (activity on `to`), G19 (2025-10-01,
    // whatever comes after `to`), G20 (2025-09-01, before it closed on 11-01) = 14.
    // Out: G1 and G3 (CSP activity on 2025-02-28, not after from − 6 months), G6 and G17
    // (activity after `to`), G7 (closed before `from`), G9 (last activity 2024-12-01), G21
    // (nothing in (2025-02-28, 2025-10-20]: its 12-20 activity is after it closed).
    expect(values.active_plans_total).toBe(14);
  });

  it('counts discharges by reason only for plans active on their closing day', async () => {
    const values = await measures(org, period);
    // G11: closed 2025-12-31, window (2025-06-30, 2025-12-31] holds its 07-01 activity → met_goals.
    // G9 closed 2025-10-15 after no activity since 2024-12-01 → inactive, not counted.
    // G7 closed before the period; G15 closed after it.
    expect(values.discharged_met_goals).toBe(1);
    // G13: initiated 2025-09-01, closed 10-01 → active → left_catchment. G20: closed 2025-11-01,
    // window (2025-05-01, 2025-11-01] holds 09-01 (its 12-15 activity is after closing) → counted.
    expect(values.discharged_left_catchment).toBe(2);
    // G16 (initiated 10-01, closed 11-01) counts; G12's last activity 2025-06-30 is not after
    // 2025-12-31 − 6 months = 2025-06-30 → inactive at closing, not counted.
    expect(values.discharged_unable_to_reach).toBe(1);
    // G8: closed on `from` 2025-08-31, window (2025-02-28, 2025-08-31] holds 06-01. G21: closed
    // 2025-10-20, window (2025-04-20, 2025-10-20] holds nothing (01-10 before, 12-20 after).
    expect(values.discharged_family_request).toBe(1);
  });

  it('explains the active plans by the children, with the CSP activity that made each count', async () => {
    const values = await measures(org, period);
    const active = await explain('active_plans_total', org, period);
    expectExplains(active, values.active_plans_total, [
      g.G2, g.G4, g.G5, g.G8, g.G10, g.G11, g.G12, g.G13, g.G14, g.G15, g.G16, g.G18, g.G19, g.G20,
    ]);
    // G2: its only activity in the window, 2025-03-01. G19: 2025-10-01, not its 2026-02-01 after `to`.
    // G20: 2025-09-01, not its 12-15 activity after it closed on 11-01. G14: its second plan's initiation.
    expect(rowOf(active, g.G2)).toMatchObject({ unit: 'child', date: '2025-03-01', contribution: 1 });
    expect(rowOf(active, g.G19).date).toBe('2025-10-01');
    expect(rowOf(active, g.G20).date).toBe('2025-09-01');
    expect(rowOf(active, g.G14).date).toBe('2025-09-20');
    expect(rowOf(active, g.G5).detail).toMatch(/^CSP plan \d+ active: CSP activity on 2025-12-31$/);
  });

  it('explains each discharge count by the children discharged while active', async () => {
    const values = await measures(org, period);
    const expected: [MeasureKey, number[]][] = [
      ['discharged_met_goals', [g.G11]],
      ['discharged_left_catchment', [g.G13, g.G20]],
      ['discharged_unable_to_reach', [g.G16]],
      ['discharged_family_request', [g.G8]],
    ];
    for (const [key, ids] of expected) expectExplains(await explain(key, org, period), values[key], ids);
    const leftCatchment = await explain('discharged_left_catchment', org, period);
    expect(rowOf(leftCatchment, g.G20)).toMatchObject({ date: '2025-11-01' });
    expect(rowOf(leftCatchment, g.G20).detail).toMatch(/^CSP plan \d+ closed on 2025-11-01 \(left_catchment\), active then: CSP activity on 2025-09-01$/);
  });
});

describe('organisations', () => {
  it('adds organisations up when none is asked for, each child once', async () => {
    const other = await createTestDatabase();
    try {
      const g = factories(other.knex);
      const a = await g.organization();
      const b = await g.organization();
      const first = await g.cspCase({ organization_id: a, birth_date: '2015-05-05', referral_date: '2025-05-01', initiated_on: '2025-05-10' });
      const shared = await g.cspCase({ organization_id: a, birth_date: '2015-05-05', referral_date: '2025-06-01', initiated_on: '2025-06-10' });
      // The same child initiated by B later in the year: one child for "all organisations".
      await g.cspCase({ organization_id: b, child_id: shared.childId, referral_date: '2025-07-01', initiated_on: '2025-07-10' });
      const measuresIn = async (organizationId: number | null) => {
        const result = await cspMeasures(other.knex, { ...FY2025, group: 'month', organization_id: organizationId, buckets: [] });
        return Object.fromEntries(result.measures.map((m) => [m.key, m.value]));
      };
      const [all, onlyA, onlyB] = await Promise.all([measuresIn(null), measuresIn(a), measuresIn(b)]);
      expect(onlyA.referrals_total).toBe(2);
      expect(onlyB.referrals_total).toBe(1);
      expect(all.referrals_total).toBe(3);
      // A: two children; B: one child; all: the shared child counts once, at 2025-06-10 → 2.
      expect(onlyA.initiations_total).toBe(2);
      expect(onlyB.initiations_total).toBe(1);
      expect(all.initiations_total).toBe(2);
      // All: waits 9 (05-01 → 05-10) + 9 (06-01 → 06-10, the shared child's earliest) = 18.
      expect(all.wait_days_total).toBe(18);
      // The shared child is one row for every organisation, at its earliest initiation (A's).
      const initiated = await explain('initiations_total', null, FY2025, other.knex);
      expectExplains(initiated, all.initiations_total as number, [first.childId, shared.childId]);
      expect(rowOf(initiated, shared.childId).date).toBe('2025-06-10');
      expectExplains(await explain('initiations_total', b, FY2025, other.knex), onlyB.initiations_total as number, [shared.childId]);
    } finally {
      await other.destroy();
    }
  });
});

describe('statements run side by side', () => {
  it('give the same numbers as one after the other', async () => {
    // The test database's pool (5 connections) runs the three groups in one transaction; a
    // pool of 8 runs them on three connections sharing one snapshot.
    const wide = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 8 } });
    // Every scenario's CSP referrals, so the comparison is of real numbers.
    const referrals: { program: string; referral_date: string }[] = await db.knex('referrals').select('program', 'referral_date');
    try {
      for (const period of [FY2025, { from: '2025-08-31', to: '2025-12-31' }]) {
        const input = { ...period, group: 'month' as const, organization_id: null, buckets: [] };
        const [sequential, sideBySide] = await Promise.all([cspMeasures(db.knex, input), cspMeasures(wide, input)]);
        expect(sideBySide).toEqual(sequential);
        const referred = referrals.filter((r) => r.program === 'CSP' && r.referral_date >= period.from && r.referral_date <= period.to);
        expect(sideBySide.measures.find((m) => m.key === 'referrals_total')!.value).toBe(referred.length);
      }
    } finally {
      await wide.destroy();
    }
  });
});
