import { REFERRAL_SOURCES_KEYS } from '../../contract/reports';
import { explainFigure } from '../../server/reports/explain';
import { buckets, type Group } from '../../server/reports/period';
import { referralSources, referralSourcesReport } from '../../server/reports/referralSources';
import { expectExplains, rowOf } from '../helpers/explanations';
import { factories } from '../helpers/factories';
import { useTestDatabase } from '../helpers/testDb';

const db = useTestDatabase();
let org: number;
let otherOrg: number;
/** the referrals by their date (each date has one referral of `org`) */
const r: Record<string, number> = {};
let otherMay: number;

beforeAll(async () => {
  const f = factories(db.knex);
  org = await f.organization();
  otherOrg = await f.organization();
  const referral = async (referral_date: string, source_type: string, program: 'CSP' | 'SHSS' = 'CSP') => {
    r[referral_date] = await f.referral({ organization_id: org, referral_date, source_type, program });
  };
  await referral('2025-03-31', 'self_family'); // a day before Q1
  await referral('2025-04-01', 'self_family'); // Q1's first day
  await referral('2025-04-20', 'self_family');
  await referral('2025-04-30', 'other');
  await referral('2025-05-15', 'school_educator');
  await referral('2025-06-10', 'self_family', 'SHSS'); // SHSS referrals count too
  await referral('2025-06-30', 'childrens_aid'); // Q1's last day
  await referral('2025-07-01', 'childrens_aid'); // a day after Q1
  otherMay = await f.referral({ organization_id: otherOrg, referral_date: '2025-05-01', source_type: 'indigenous_org' });
});

function explain(key: string, bucket: string | null, organizationId: number | null, period = { from: '2025-04-01', to: '2025-06-30' }) {
  return explainFigure(db.knex, referralSourcesReport, { ...period, organization_id: organizationId, key, bucket }, null);
}

function run(from: string, to: string, group: Group, organizationId: number | null) {
  return referralSources(db.knex, { from, to, group, organization_id: organizationId, buckets: buckets(from, to, group) });
}

describe('referral sources', () => {
  it('counts referrals per month and source, with zero for the sources without any', async () => {
    const result = await run('2025-04-01', '2025-06-30', 'month', org);
    const zero = { self_family: 0, school_educator: 0, physician_health: 0, childrens_aid: 0, indigenous_org: 0, other: 0 };
    expect(result.series).toEqual([
      // April: 04-01 and 04-20 self/family, 04-30 other (03-31 is outside)
      { period: '2025-04', label: 'Apr 2025', ...zero, self_family: 2, other: 1, total: 3 },
      { period: '2025-05', label: 'May 2025', ...zero, school_educator: 1, total: 1 },
      // June: the SHSS self/family referral and 06-30 Children's Aid (07-01 is outside)
      { period: '2025-06', label: 'Jun 2025', ...zero, self_family: 1, childrens_aid: 1, total: 2 },
    ]);
  });

  it('totals the period and gives each source its share', async () => {
    const result = await run('2025-04-01', '2025-06-30', 'month', org);
    expect(result.sources).toEqual(['self_family', 'school_educator', 'physician_health', 'childrens_aid', 'indigenous_org', 'other']);
    expect(result.totals).toEqual({
      self_family: 3,
      school_educator: 1,
      physician_health: 0,
      childrens_aid: 1,
      indigenous_org: 0,
      other: 1,
      total: 6,
    });
    // 3/6, 1/6 (four decimals), 0, 1/6, 0, 1/6
    expect(result.shares).toEqual({
      self_family: 0.5,
      school_educator: 0.1667,
      physician_health: 0,
      childrens_aid: 0.1667,
      indigenous_org: 0,
      other: 0.1667,
    });
  });

  it('groups by fiscal quarter', async () => {
    const result = await run('2025-04-01', '2025-09-30', 'quarter', org);
    expect(result.series.map((s) => [s.period, s.label, s.total])).toEqual([
      ['FY2025-Q1', 'Q1 2025-26', 6],
      ['FY2025-Q2', 'Q2 2025-26', 1], // 2025-07-01
    ]);
  });

  it('clips the first month to a period that starts mid-month', async () => {
    const result = await run('2025-04-15', '2025-05-31', 'month', org);
    // From 04-15: April keeps 04-20 and 04-30 only.
    expect(result.series.map((s) => [s.period, s.total])).toEqual([
      ['2025-04', 2],
      ['2025-05', 1],
    ]);
  });

  it('adds every organisation when none is asked for', async () => {
    const result = await run('2025-04-01', '2025-06-30', 'month', null);
    // The other organisation's May referral joins: 6 + 1
    expect(result.totals.total).toBe(7);
    expect(result.series[1]).toMatchObject({ period: '2025-05', indigenous_org: 1, school_educator: 1, total: 2 });
  });

  it('explains every bar by the referrals of that month and source, and every total', async () => {
    const result = await run('2025-04-01', '2025-06-30', 'month', org);
    const expected: Record<string, Partial<Record<(typeof REFERRAL_SOURCES_KEYS)[number], string[]>>> = {
      '2025-04': { self_family: ['2025-04-01', '2025-04-20'], other: ['2025-04-30'], total: ['2025-04-01', '2025-04-20', '2025-04-30'] },
      '2025-05': { school_educator: ['2025-05-15'], total: ['2025-05-15'] },
      '2025-06': { self_family: ['2025-06-10'], childrens_aid: ['2025-06-30'], total: ['2025-06-10', '2025-06-30'] },
    };
    for (const point of result.series) {
      for (const key of REFERRAL_SOURCES_KEYS) {
        const dates = expected[point.period][key] ?? [];
        expectExplains(await explain(key, point.period, org), point[key], dates.map((d) => r[d]));
      }
    }
    // The period's totals, without a bucket: 03-31 and 07-01 are a day outside.
    expectExplains(await explain('total', null, org), result.totals.total, ['2025-04-01', '2025-04-20', '2025-04-30', '2025-05-15', '2025-06-10', '2025-06-30'].map((d) => r[d]));
    const shss = rowOf(await explain('self_family', '2025-06', org), r['2025-06-10']);
    expect(shss).toMatchObject({ unit: 'referral', date: '2025-06-10', contribution: 1, detail: 'SHSS referral from Self or family, 0 children' });
  });

  it('explains a quarter, a clipped month and every organisation', async () => {
    const quarters = await run('2025-04-01', '2025-09-30', 'quarter', org);
    expectExplains(await explain('childrens_aid', 'FY2025-Q2', org, { from: '2025-04-01', to: '2025-09-30' }), quarters.series[1].childrens_aid, [r['2025-07-01']]);
    const clipped = await run('2025-04-15', '2025-05-31', 'month', org);
    expectExplains(await explain('total', '2025-04', org, { from: '2025-04-15', to: '2025-05-31' }), clipped.series[0].total, [r['2025-04-20'], r['2025-04-30']]);
    const all = await run('2025-04-01', '2025-06-30', 'month', null);
    expectExplains(await explain('total', '2025-05', null), all.series[1].total, [r['2025-05-15'], otherMay]);
  });

  it('refuses a bucket the period does not have', async () => {
    await expect(explain('total', '2025-07', org)).rejects.toMatchObject({ status: 400, errors: { bucket: expect.stringMatching(/^Must be a month/) } });
    await expect(explain('nobody', null, org)).rejects.toMatchObject({ status: 400, errors: { key: expect.stringMatching(/^Must be one of self_family/) } });
  });

  it('answers zero shares for a period without referrals', async () => {
    const result = await run('2024-04-01', '2024-04-30', 'month', org);
    expect(result.totals.total).toBe(0);
    expect(Object.values(result.shares)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
