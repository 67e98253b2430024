import { buckets, type Group } from '../../server/reports/period';
import { referralSources } from '../../server/reports/referralSources';
import { factories } from '../helpers/factories';
import { useTestDatabase } from '../helpers/testDb';

const db = useTestDatabase();
let org: number;
let otherOrg: number;

beforeAll(async () => {
  const f = factories(db.knex);
  org = await f.organization();
  otherOrg = await f.organization();
  const referral = (referral_date: string, source_type: string, program: 'CSP' | 'SHSS' = 'CSP') =>
    f.referral({ organization_id: org, referral_date, source_type, program });
  await referral('2025-03-31', 'self_family'); // a day before Q1
  await referral('2025-04-01', 'self_family'); // Q1's first day
  await referral('2025-04-20', 'self_family');
  await referral('2025-04-30', 'other');
  await referral('2025-05-15', 'school_educator');
  await referral('2025-06-10', 'self_family', 'SHSS'); // SHSS referrals count too
  await referral('2025-06-30', 'childrens_aid'); // Q1's last day
  await referral('2025-07-01', 'childrens_aid'); // a day after Q1
  await f.referral({ organization_id: otherOrg, referral_date: '2025-05-01', source_type: 'indigenous_org' });
});

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

  it('answers zero shares for a period without referrals', async () => {
    const result = await run('2024-04-01', '2024-04-30', 'month', org);
    expect(result.totals.total).toBe(0);
    expect(Object.values(result.shares)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
