import { activePlans } from '../../server/reports/activePlans';
import { buckets, type Group } from '../../server/reports/period';
import { factories } from '../helpers/factories';
import { useTestDatabase } from '../helpers/testDb';

/**
 * Month ends of 2025-06-01 … 2025-09-30 and their six-month windows (E − 6 months, clipped):
 *   06-30 → after 2024-12-30    07-31 → after 2025-01-31
 *   08-31 → after 2025-02-28    09-30 → after 2025-03-30
 */
const PERIOD = { from: '2025-06-01', to: '2025-09-30' };

const db = useTestDatabase();
let org: number;
let otherOrg: number;

beforeAll(async () => {
  const f = factories(db.knex);
  org = await f.organization({ name: 'Alpha agency' });
  otherOrg = await f.organization({ name: 'Beta provider', kind: 'service_provider' });
  const csp = async (initiated_on: string, p: { activities?: string[]; closed_on?: string; child_id?: number } = {}) => {
    const made = await f.cspCase({
      organization_id: org,
      referral_date: '2024-12-01',
      initiated_on,
      closed_on: p.closed_on,
      closed_reason: p.closed_on ? 'met_goals' : undefined,
      child_id: p.child_id,
    });
    for (const d of p.activities ?? []) await f.activity({ service_plan_id: made.planId, activity_date: d });
    return made;
  };
  const shss = async (organization_id: number, p: { approved_on?: string; closed_on?: string; child_id?: number }) => {
    const childId = p.child_id ?? (await f.child());
    const place = await f.placeOfService({ organization_id });
    const placement = await f.placement({ child_id: childId, place_of_service_id: place });
    return f.shssPlan({ child_id: childId, organization_id, placement_id: placement, ...p });
  };

  await csp('2025-02-28'); // P1: Jun, Jul (at 08-31 the window starts after 02-28)
  await csp('2025-01-01', { activities: ['2025-03-01'] }); // P2: Jun, Jul, Aug (not Sep: after 03-30)
  await csp('2025-03-30'); // P3: Jun, Jul, Aug
  const p4 = await csp('2025-03-31'); // P4: Jun, Jul, Aug, Sep
  await csp('2025-07-31', { closed_on: '2025-08-15' }); // P5: Jul only (closed before 08-31)
  await csp('2025-08-01', { closed_on: '2025-08-31' }); // P6: Aug (closed on the month end itself)
  await csp('2025-10-01'); // P7: initiated after the period: never

  await shss(org, { approved_on: '2025-06-30', closed_on: '2025-08-31' }); // S1: Jun, Jul (closed on 08-31: not in service that day)
  await shss(org, { approved_on: '2025-07-01', child_id: p4.childId }); // S2: Jul, Aug, Sep — P4's child
  await shss(org, {}); // S3: never approved
  await shss(otherOrg, { approved_on: '2025-01-01' }); // the other organisation's plan
});

function run(group: Group, organizationId: number | null, period = PERIOD, today?: string) {
  return activePlans(db.knex, { ...period, group, organization_id: organizationId, buckets: buckets(period.from, period.to, group), today });
}

describe('active plans', () => {
  it('counts children with an active plan at each month end, by programme', async () => {
    const { series } = await run('month', org);
    expect(series).toEqual([
      // CSP P1–P4; SHSS S1; total 5 (P4's SHSS plan starts 07-01)
      { period: '2025-06', label: 'Jun 2025', month_end: '2025-06-30', CSP: 4, SHSS: 1, total: 5 },
      // CSP P1–P5; SHSS S1, S2; total 6 (P4 and S2 are one child)
      { period: '2025-07', label: 'Jul 2025', month_end: '2025-07-31', CSP: 5, SHSS: 2, total: 6 },
      // CSP P2, P3, P4, P6 (P1's initiation 02-28 is not after 02-28); SHSS S2; total 4
      { period: '2025-08', label: 'Aug 2025', month_end: '2025-08-31', CSP: 4, SHSS: 1, total: 4 },
      // CSP P4 only (03-31 is after 03-30); SHSS S2, the same child; total 1
      { period: '2025-09', label: 'Sep 2025', month_end: '2025-09-30', CSP: 1, SHSS: 1, total: 1 },
    ]);
  });

  it('gives the same counts when a long period is counted in several queries', async () => {
    // 2020-01 to 2025-12 is 72 month ends: two queries of at most 62 points each.
    const { series } = await run('month', org, { from: '2020-01-01', to: '2025-12-31' });
    expect(series).toHaveLength(72);
    const byPeriod = new Map(series.map((s) => [s.period, [s.CSP, s.SHSS, s.total]]));
    // As in the first test; June–September 2025 fall in the second query.
    expect(['2025-06', '2025-07', '2025-08', '2025-09'].map((p) => byPeriod.get(p))).toEqual([
      [4, 1, 5],
      [5, 2, 6],
      [4, 1, 4],
      [1, 1, 1],
    ]);
    expect(byPeriod.get('2020-01')).toEqual([0, 0, 0]);
  });

  it('counts at the end of each fiscal quarter', async () => {
    const { series } = await run('quarter', org);
    // Q1 of the period ends 06-30, Q2 ends 09-30: the same counts as those month ends.
    expect(series.map((s) => [s.period, s.month_end, s.CSP, s.SHSS, s.total])).toEqual([
      ['FY2025-Q1', '2025-06-30', 4, 1, 5],
      ['FY2025-Q2', '2025-09-30', 1, 1, 1],
    ]);
  });

  it('counts on `to` for a last month that `to` cuts short', async () => {
    const { series } = await run('month', org, { from: '2025-08-01', to: '2025-08-15' });
    // On 08-15 (window after 02-15): P1 (02-28), P2, P3, P4, P5 (closed that very day), P6
    // (initiated 08-01) = 6 CSP; SHSS S1 (closes 08-31) and S2 = 2; children: 6 + S1's = 7.
    expect(series).toEqual([{ period: '2025-08', label: 'Aug 2025', month_end: '2025-08-15', CSP: 6, SHSS: 2, total: 7 }]);
  });

  it('has no numbers yet for a month after today, and counts the current month on today', async () => {
    const { series, by_organization } = await run('month', null, PERIOD, '2025-08-15');
    expect(series.map((s) => [s.period, s.month_end, s.CSP, s.SHSS, s.total])).toEqual([
      ['2025-06', '2025-06-30', 4, 2, 6], // org's 4 + 1, and the other organisation's S plan
      ['2025-07', '2025-07-31', 5, 3, 7],
      // On 08-15, as when `to` cuts August short: 6 CSP, S1 and S2 and the other's = 3 SHSS,
      // children 6 + S1's + the other's = 8.
      ['2025-08', '2025-08-15', 6, 3, 8],
      ['2025-09', '2025-09-30', null, null, null],
    ]);
    // The organisations on today (the earlier of `to` and today).
    expect(by_organization).toEqual([
      { organization_id: org, organization_name: 'Alpha agency', CSP: 6, SHSS: 2, total: 7 },
      { organization_id: otherOrg, organization_name: 'Beta provider', CSP: 0, SHSS: 1, total: 1 },
    ]);
  });

  it('breaks the counts at `to` down by organisation', async () => {
    const { by_organization } = await run('month', null);
    expect(by_organization).toEqual([
      { organization_id: org, organization_name: 'Alpha agency', CSP: 1, SHSS: 1, total: 1 },
      { organization_id: otherOrg, organization_name: 'Beta provider', CSP: 0, SHSS: 1, total: 1 },
    ]);
  });

  it('keeps to the organisation asked for', async () => {
    const { series, by_organization } = await run('month', otherOrg);
    expect(series.map((s) => [s.CSP, s.SHSS, s.total])).toEqual([
      [0, 1, 1],
      [0, 1, 1],
      [0, 1, 1],
      [0, 1, 1],
    ]);
    expect(by_organization.map((o) => o.organization_id)).toEqual([otherOrg]);
  });
});
