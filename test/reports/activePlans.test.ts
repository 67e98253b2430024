import { activeByOrganizationSql, activePlans, activePlansReport, activeSeriesSql } from '../../server/reports/activePlans';
import { explainFigure } from '../../server/reports/explain';
import { buckets, type Group } from '../../server/reports/period';
import { expectExplains, rowOf } from '../helpers/explanations';
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
/** the children by their plan's name in the comments */
const c: Record<string, number> = {};

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
    await f.shssPlan({ child_id: childId, organization_id, placement_id: placement, ...p });
    return childId;
  };

  c.P1 = (await csp('2025-02-28')).childId; // P1: Jun, Jul (at 08-31 the window starts after 02-28)
  c.P2 = (await csp('2025-01-01', { activities: ['2025-03-01'] })).childId; // P2: Jun, Jul, Aug (not Sep: after 03-30)
  c.P3 = (await csp('2025-03-30')).childId; // P3: Jun, Jul, Aug
  const p4 = await csp('2025-03-31'); // P4: Jun, Jul, Aug, Sep
  c.P4 = p4.childId;
  c.P5 = (await csp('2025-07-31', { closed_on: '2025-08-15' })).childId; // P5: Jul only (closed before 08-31)
  c.P6 = (await csp('2025-08-01', { closed_on: '2025-08-31' })).childId; // P6: Aug (closed on the month end itself)
  await csp('2025-10-01'); // P7: initiated after the period: never

  c.S1 = await shss(org, { approved_on: '2025-06-30', closed_on: '2025-08-31' }); // S1: Jun, Jul (closed on 08-31: not in service that day)
  await shss(org, { approved_on: '2025-07-01', child_id: p4.childId }); // S2: Jul, Aug, Sep — P4's child
  await shss(org, {}); // S3: never approved
  c.other = await shss(otherOrg, { approved_on: '2025-01-01' }); // the other organisation's plan
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

  it("gives the same counts from the base tables, as for callers who see fewer plans than the organisation's", async () => {
    const ends = JSON.stringify(buckets(PERIOD.from, PERIOD.to, 'month').map((b) => b.end));
    const { rows: [series] } = await db.knex.raw(activeSeriesSql(org, 4), { ends, organization_id: org });
    expect(series).toEqual({
      csp_0: 4, shss_0: 1, total_0: 5,
      csp_1: 5, shss_1: 2, total_1: 6,
      csp_2: 4, shss_2: 1, total_2: 4,
      csp_3: 1, shss_3: 1, total_3: 1,
    });
    const { rows } = await db.knex.raw(activeByOrganizationSql(org), { ends: JSON.stringify([PERIOD.to]), organization_id: org });
    expect(rows).toEqual([{ organization_id: org, organization_name: 'Alpha agency', CSP: 1, SHSS: 1, total: 1 }]);
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

  it('explains each point by the children counted on its month end, per programme and in total', async () => {
    const { series } = await run('month', org);
    const expected: Record<string, Record<'CSP' | 'SHSS' | 'total', number[]>> = {
      '2025-06': { CSP: [c.P1, c.P2, c.P3, c.P4], SHSS: [c.S1], total: [c.P1, c.P2, c.P3, c.P4, c.S1] },
      '2025-07': { CSP: [c.P1, c.P2, c.P3, c.P4, c.P5], SHSS: [c.S1, c.P4], total: [c.P1, c.P2, c.P3, c.P4, c.P5, c.S1] },
      '2025-08': { CSP: [c.P2, c.P3, c.P4, c.P6], SHSS: [c.P4], total: [c.P2, c.P3, c.P4, c.P6] },
      '2025-09': { CSP: [c.P4], SHSS: [c.P4], total: [c.P4] },
    };
    for (const point of series) {
      for (const key of ['CSP', 'SHSS', 'total'] as const) {
        const explained = await explainFigure(db.knex, activePlansReport, { ...PERIOD, organization_id: org, key, bucket: point.period }, null);
        expectExplains(explained, point[key], expected[point.period][key]);
        expect(explained.as_of).toBe(point.month_end);
      }
    }
    // P4's child has both plans in July: one row for the total, naming both.
    const july = await explainFigure(db.knex, activePlansReport, { ...PERIOD, organization_id: org, key: 'total', bucket: '2025-07' }, null);
    expect(rowOf(july, c.P4).detail).toMatch(/^CSP plan \d+ active: CSP activity on 2025-03-31; SHSS plan \d+ in service since 2025-07-01$/);
    expect(rowOf(july, c.P4).date).toBe('2025-07-01');
  });

  it('explains the point of today, and refuses one after today', async () => {
    const today = '2025-08-15';
    const { series } = await run('month', null, PERIOD, today);
    const explain = (bucket: string | null) =>
      explainFigure(db.knex, activePlansReport, { ...PERIOD, organization_id: null, key: 'SHSS', bucket, today }, null);
    // August is counted on 08-15: S1 (closes 08-31), P4's S2 and the other organisation's.
    const august = await explain('2025-08');
    expectExplains(august, series[2].SHSS, [c.S1, c.P4, c.other]);
    expect(august.as_of).toBe(today);
    // Without a bucket: the end of the period so far, today.
    expect((await explain(null)).as_of).toBe(today);
    await expect(explain('2025-09')).rejects.toMatchObject({ status: 400, errors: { bucket: 'This point is after today (2025-08-15): it has no numbers yet' } });
  });
});
