import { cspMeasures } from '../../server/reports/cspMeasures';
import { explainFigure } from '../../server/reports/explain';
import { buckets, type Group } from '../../server/reports/period';
import { waitTimes, waitTimesReport } from '../../server/reports/waitTimes';
import { expectExplains, rowOf } from '../helpers/explanations';
import { factories } from '../helpers/factories';
import { useTestDatabase } from '../helpers/testDb';

const FY2025 = { from: '2025-04-01', to: '2026-03-31' };

const db = useTestDatabase();
let org: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  const f = factories(db.knex);
  org = await f.organization();
  const initiation = (referral_date: string, initiated_on: string, extra: { child_id?: number; closed_on?: string } = {}) =>
    f.cspCase({ organization_id: org, referral_date, initiated_on, ...extra, closed_reason: extra.closed_on ? 'superseded' : undefined });

  ids.a = (await initiation('2025-04-01', '2025-04-11')).childId; // a: 10 days, April
  ids.b = (await initiation('2025-03-01', '2025-04-30')).childId; // b: 60 days, April
  ids.c = (await initiation('2025-04-10', '2025-04-30')).childId; // c: 20 days, April
  ids.d = (await initiation('2025-03-01', '2025-06-09')).childId; // d: 100 days, June
  const e = await initiation('2025-06-05', '2025-06-10', { closed_on: '2025-06-15' }); // e: 5 days, June
  ids.e = e.childId;
  await initiation('2025-06-20', '2025-07-01', { child_id: e.childId }); // e again: not counted a second time
  ids.g = (await initiation('2024-01-01', '2025-08-01')).childId; // g: 578 days, August
  await initiation('2024-01-01', '2025-03-31'); // initiated before the period

  // Waiting at 2026-03-31.
  const waitingChild = async (first_name: string, ...referralDates: string[]) => {
    const childId = await f.child({ first_name, last_name: 'Waiting' });
    for (const referral_date of referralDates) {
      const referralId = await f.referral({ organization_id: org, referral_date });
      ids[`${first_name}@${referral_date}`] = referralId;
      await f.referralChild({ referral_id: referralId, child_id: childId, eligibility: 'eligible', eligibility_decided_on: referral_date });
    }
    ids[first_name] = childId;
  };
  await waitingChild('Hana', '2025-10-01');
  await waitingChild('Ivan', '2025-12-01', '2025-06-01');
  const pending = await f.referral({ organization_id: org, referral_date: '2025-05-01' });
  await f.referralChild({ referral_id: pending, child_id: await f.child() });
});

function run(group: Group = 'month', period = FY2025, today?: string) {
  return waitTimes(db.knex, { ...period, group, organization_id: org, buckets: buckets(period.from, period.to, group), today });
}

function explain(key: string, bucket: string | null, period = FY2025, today?: string) {
  return explainFigure(db.knex, waitTimesReport, { ...period, organization_id: org, key, bucket, today }, null);
}

describe('wait times', () => {
  it('gives count, mean, median and 90th percentile of days per month of initiation', async () => {
    const { series } = await run();
    expect(series).toHaveLength(12);
    // April: 10, 20, 60 → mean 30, median 20; p90 by linear interpolation:
    // rank 0.9 × (3 − 1) = 1.8 → 20 + 0.8 × (60 − 20) = 52
    expect(series[0]).toEqual({ period: '2025-04', label: 'Apr 2025', count: 3, mean: 30, median: 20, p90: 52 });
    expect(series[1]).toEqual({ period: '2025-05', label: 'May 2025', count: 0, mean: null, median: null, p90: null });
    // June: 5 and 100 → mean 52.5, median 52.5, p90 = 5 + 0.9 × 95 = 90.5
    expect(series[2]).toEqual({ period: '2025-06', label: 'Jun 2025', count: 2, mean: 52.5, median: 52.5, p90: 90.5 });
    // July: e's second initiation is not counted (e counts once, in June)
    expect(series[3]).toMatchObject({ period: '2025-07', count: 0, median: null });
    // August: g waited 2024-01-01 → 2025-08-01 = 578 days
    expect(series[4]).toEqual({ period: '2025-08', label: 'Aug 2025', count: 1, mean: 578, median: 578, p90: 578 });
  });

  it('gives the same statistics over the whole period, not from the months', async () => {
    const { summary } = await run();
    // Waits 5, 10, 20, 60, 100, 578: mean 773 / 6 = 128.83 → 128.8; median (20 + 60) / 2 = 40
    // (the months' medians 20, 52.5, 578 would say otherwise); p90 rank 0.9 × 5 = 4.5 →
    // 100 + 0.5 × (578 − 100) = 339.
    expect(summary).toEqual({ count: 6, mean: 128.8, median: 40, p90: 339 });
    const empty = await run('month', { from: '2026-04-01', to: '2026-06-30' });
    expect(empty.summary).toEqual({ count: 0, mean: null, median: null, p90: null });
  });

  it('counts the same initiations and days as the CSP measures', async () => {
    const { series } = await run('quarter');
    const measures = await cspMeasures(db.knex, { ...FY2025, group: 'month', organization_id: org, buckets: [] });
    const value = (key: string) => measures.measures.find((m) => m.key === key)!.value;
    const count = series.reduce((sum, s) => sum + s.count, 0);
    const days = series.reduce((sum, s) => sum + (s.mean ?? 0) * s.count, 0);
    expect(count).toBe(6); // a, b, c, d, e, g
    expect(count).toBe(value('initiations_total'));
    expect(days).toBe(773); // 10 + 60 + 20 + 100 + 5 + 578
    expect(days).toBe(value('wait_days_total'));
  });

  it('groups by fiscal quarter', async () => {
    const { series } = await run('quarter');
    // Q1 (Apr–Jun): 5, 10, 20, 60, 100 → median 20; Q2 (Jul–Sep): 578
    expect(series.map((s) => [s.period, s.count, s.median])).toEqual([
      ['FY2025-Q1', 5, 20],
      ['FY2025-Q2', 1, 578],
      ['FY2025-Q3', 0, null],
      ['FY2025-Q4', 0, null],
    ]);
  });

  it('spreads the waits over a histogram of days', async () => {
    const { histogram } = await run();
    expect(histogram).toEqual([
      { bucket: '0-30', min_days: 0, max_days: 30, count: 3 }, // 5, 10, 20
      { bucket: '31-60', min_days: 31, max_days: 60, count: 1 }, // 60
      { bucket: '61-90', min_days: 61, max_days: 90, count: 0 },
      { bucket: '91-180', min_days: 91, max_days: 180, count: 1 }, // 100
      { bucket: '181-365', min_days: 181, max_days: 365, count: 0 },
      { bucket: '366+', min_days: 366, max_days: null, count: 1 }, // 578
    ]);
  });

  it('lists the children waiting at `to`, each once with its longest wait, longest first', async () => {
    const { waiting } = await run();
    expect(waiting).toEqual([
      // Ivan waits on two referrals: the earlier one, 2025-06-01 → 2026-03-31 = 303 days
      {
        child_id: ids.Ivan,
        child_name: 'Ivan Waiting',
        referral_id: ids['Ivan@2025-06-01'],
        referral_date: '2025-06-01',
        organization_id: org,
        days_waited: 303,
        priority: 'routine',
        priority_reason: null,
      },
      // Hana: 2025-10-01 → 2026-03-31 = 181 days
      {
        child_id: ids.Hana,
        child_name: 'Hana Waiting',
        referral_id: ids['Hana@2025-10-01'],
        referral_date: '2025-10-01',
        organization_id: org,
        days_waited: 181,
        priority: 'routine',
        priority_reason: null,
      },
    ]);
  });

  it('lists as many children as the CSP measures count waiting', async () => {
    const at = { from: '2025-04-01', to: '2025-11-30' };
    const { waiting } = await run('month', at);
    const measures = await cspMeasures(db.knex, { ...at, group: 'month', organization_id: org, buckets: [] });
    // At 2025-11-30 Ivan (from 2025-06-01, 182 days) and Hana (from 2025-10-01, 60 days) wait.
    expect(waiting.map((w) => [w.child_name, w.days_waited])).toEqual([
      ['Ivan Waiting', 182],
      ['Hana Waiting', 60],
    ]);
    expect(measures.measures.find((m) => m.key === 'waiting_total')!.value).toBe(2);
  });

  it('explains each month of count, mean, median and 90th percentile by the children initiated', async () => {
    const { series } = await run();
    const expected: Record<string, number[]> = {
      '2025-04': [ids.a, ids.b, ids.c],
      '2025-06': [ids.d, ids.e],
      '2025-08': [ids.g],
    };
    for (const point of series) {
      const children = expected[point.period] ?? [];
      expectExplains(await explain('initiations', point.period), point.count, children);
      for (const key of ['mean', 'median', 'p90'] as const) expectExplains(await explain(key, point.period), point[key], children);
    }
    // The count contributes 1 per child, the statistics their days: April's 10, 60, 20.
    expect((await explain('initiations', '2025-04')).rows.map((r) => r.contribution)).toEqual([1, 1, 1]);
    const april = await explain('p90', '2025-04');
    expect([ids.a, ids.b, ids.c].map((id) => rowOf(april, id).contribution)).toEqual([10, 60, 20]);
    expect(april).toMatchObject({ statistic: 'p90', figure: 52, decimals: 1 });
    // e counts once, in June, at its first initiation.
    expect(rowOf(await explain('initiations', '2025-06'), ids.e)).toMatchObject({ date: '2025-06-10' });
  });

  it('explains the statistics of the period, of a quarter and of each histogram bar', async () => {
    const { summary, histogram } = await run();
    const all = [ids.a, ids.b, ids.c, ids.d, ids.e, ids.g];
    expectExplains(await explain('initiations', null), summary.count, all);
    for (const key of ['mean', 'median', 'p90'] as const) expectExplains(await explain(key, null), summary[key], all);
    const quarters = await run('quarter');
    expectExplains(await explain('median', 'FY2025-Q1'), quarters.series[0].median, [ids.a, ids.b, ids.c, ids.d, ids.e]);
    const bars: Record<string, number[]> = { '0-30': [ids.a, ids.c, ids.e], '31-60': [ids.b], '91-180': [ids.d], '366+': [ids.g] };
    for (const bar of histogram) expectExplains(await explain('initiations', bar.bucket), bar.count, bars[bar.bucket] ?? []);
  });

  it('explains the children waiting, counted on today when `to` is later', async () => {
    const { waiting } = await run();
    const explained = await explain('waiting', null);
    expectExplains(explained, waiting.length, [ids.Ivan, ids.Hana]);
    expect(explained.as_of).toBe('2026-03-31');
    expect(rowOf(explained, ids.Ivan)).toMatchObject({ date: '2025-06-01', child_id: ids.Ivan, contribution: 1 });
    // On 2025-12-01, with the year running to 2026-03-31: Ivan has waited 183 days, not 303.
    const today = '2025-12-01';
    const now = await run('month', FY2025, today);
    expect(now.as_of).toBe(today);
    expect(now.waiting.map((w) => [w.child_name, w.days_waited])).toEqual([
      ['Ivan Waiting', 183],
      ['Hana Waiting', 61],
    ]);
    const explainedNow = await explain('waiting', null, FY2025, today);
    expect(explainedNow.as_of).toBe(today);
    expect(rowOf(explainedNow, ids.Ivan).detail).toMatch(/: 183 days waited on 2025-12-01$/);
    await expect(explain('waiting', '2025-04')).rejects.toMatchObject({ status: 400, errors: { bucket: expect.any(String) } });
  });
});
