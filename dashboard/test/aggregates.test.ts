import * as activePlans from '../src/dashboard/charts/activePlans/aggregate';
import * as paymentSummary from '../src/dashboard/charts/paymentSummary/aggregate';
import * as referralSources from '../src/dashboard/charts/referralSources/aggregate';
import * as waitTimes from '../src/dashboard/charts/waitTimes/aggregate';
import type {
  ActivePlansReport,
  PaymentSummaryReport,
  ReferralSourcesReport,
  WaitTimesReport,
} from '../../contract/reports';

const header = { from: '2025-04-01', to: '2025-06-30', organization_id: null, generated_at: '2025-07-01T00:00:00Z', data_as_of: '2025-07-01T00:00:00Z', read_from: 'primary' as const, read_note: null };
const zeroSources = { self_family: 0, school_educator: 0, physician_health: 0, childrens_aid: 0, indigenous_org: 0, other: 0 };

describe('referral sources', () => {
  const report: ReferralSourcesReport = {
    ...header,
    sources: ['self_family', 'school_educator', 'physician_health', 'childrens_aid', 'indigenous_org', 'other'],
    series: [
      { period: '2025-04', label: 'Apr 2025', ...zeroSources, self_family: 2, school_educator: 1, total: 3 },
      { period: '2025-05', label: 'May 2025', ...zeroSources, other: '4' as unknown as number, total: 4 },
      { period: '2025-06', label: 'Jun 2025', ...zeroSources, total: 0 },
    ],
    totals: { ...zeroSources, self_family: 2, school_educator: 1, other: 4, total: 7 },
    shares: { ...zeroSources },
  };

  it('keeps one row per month with every source as a number', () => {
    const { rows } = referralSources.aggregate(report).data;
    expect(rows.map(r => [r.period, r.self_family, r.school_educator, r.other, r.total])).toEqual([
      ['2025-04', 2, 1, 0, 3],
      ['2025-05', 0, 0, 4, 4],
      ['2025-06', 0, 0, 0, 0],
    ]);
  });

  it('adds up 7 referrals, 4 of them from other sources (4/7 of the period)', () => {
    const { totals, shares } = referralSources.aggregate(report).data;
    expect(totals.total).toBe(7);
    expect(totals.other).toBe(4);
    expect(shares.other).toBeCloseTo(4 / 7);
  });

  it('gives 7 new referrals as the KPI', () => {
    expect(referralSources.newReferrals(report)).toBe(7);
  });

  it('offers a table per month and a table of shares', () => {
    const tables = referralSources.aggregate(report).tables;
    expect(tables.map(t => t.rows.length)).toEqual([3, 6]);
    expect(tables[0].columns.map(c => c.key)).toEqual(['period', ...report.sources, 'total']);
  });

  it('is empty when no referral came in', () => {
    expect(referralSources.aggregate({ ...report, series: [report.series[2]] }).empty).toBe(true);
  });

  it('copes with a report without series', () => {
    expect(referralSources.aggregate({ ...report, series: undefined as never }).data.rows).toEqual([]);
  });
});

describe('wait times', () => {
  const report: WaitTimesReport = {
    ...header,
    as_of: '2025-06-30',
    summary: { count: 4, mean: 52.5, median: 45, p90: 90 },
    series: [
      { period: '2025-04', label: 'Apr 2025', count: 3, mean: 40, median: 30, p90: 80 },
      { period: '2025-05', label: 'May 2025', count: 0, mean: null, median: null, p90: null },
      { period: '2025-06', label: 'Jun 2025', count: 1, mean: 90, median: 90, p90: 90 },
    ],
    histogram: [
      { bucket: '0-30', min_days: 0, max_days: 30, count: 2 },
      { bucket: '31-60', min_days: 31, max_days: 60, count: 0 },
      { bucket: '61+', min_days: 61, max_days: null, count: 2 },
    ],
    // the answer's first page: 2 of the 30 children waiting
    waiting_total: 30,
    waiting: [
      { child_id: 1, child_name: 'A', referral_id: 1, referral_date: '2025-05-01', organization_id: 2, days_waited: 60, priority: 'urgent', priority_reason: 'Family in crisis' },
      { child_id: 2, child_name: 'B', referral_id: 2, referral_date: '2025-03-01', organization_id: 2, days_waited: 121, priority: 'routine', priority_reason: null },
    ],
  };

  it('keeps months without initiations as gaps, not zeros', () => {
    expect(waitTimes.aggregate(report).data.series[1]).toMatchObject({ count: 0, median: null, p90: null });
  });

  it('counts every child waiting, not the rows of the first page', () => {
    expect(waitTimes.childrenWaiting(report)).toBe(30);
  });

  it('tables the months and the histogram; the children waiting are a list paged from the server', () => {
    expect(waitTimes.aggregate(report).tables.map(t => t.title)).toEqual(['app.charts.wait_times.table', 'app.charts.wait_times.histogram']);
  });

  it("shows the server's median of the whole period, not one made from the months' medians (30 and 90)", () => {
    expect(waitTimes.medianWait(report)).toBe(45);
  });

  it('has no median without initiations', () => {
    expect(waitTimes.medianWait({ ...report, summary: { count: 0, mean: null, median: null, p90: null } })).toBeNull();
  });

  it('is empty with no initiations, no histogram and nobody waiting', () => {
    expect(waitTimes.aggregate({ ...report, series: [], histogram: [], waiting_total: 0, waiting: [] }).empty).toBe(true);
    expect(waitTimes.aggregate({ ...report, series: [], histogram: [], waiting: [] }).empty).toBe(false);
  });
});

describe('active plans', () => {
  const report: ActivePlansReport = {
    ...header,
    // One child has plans in both programmes: the totals count it once.
    series: [
      { period: '2025-04', label: 'Apr 2025', month_end: '2025-04-30', CSP: 3, SHSS: 5, total: 7 },
      { period: '2025-05', label: 'May 2025', month_end: '2025-05-20', CSP: 4, SHSS: 5, total: 8 },
      { period: '2025-06', label: 'Jun 2025', month_end: '2025-06-30', CSP: null, SHSS: null, total: null },
    ],
    by_organization: [{ organization_id: 2, organization_name: 'North', CSP: 4, SHSS: 5, total: 8 }],
  };

  it("keeps one row per month end with both programmes and the server's total", () => {
    expect(activePlans.aggregate(report).data.rows.map(r => [r.month_end, r.CSP, r.SHSS, r.total])).toEqual([
      ['2025-04-30', 3, 5, 7],
      ['2025-05-20', 4, 5, 8],
      ['2025-06-30', null, null, null],
    ]);
  });

  it('gives the last month counted so far, 8 children, as the KPI', () => {
    expect(activePlans.activePlansAtEnd(report)).toBe(8);
  });

  it('falls back to the organisations at the end of the period without a series', () => {
    expect(activePlans.activePlansAtEnd({ ...report, series: [] })).toBe(8);
  });

  it('offers the by-organisation table', () => {
    expect(activePlans.aggregate(report).tables[1].rows).toEqual([{ organization_name: 'North', CSP: 4, SHSS: 5, total: 8 }]);
  });
});

describe('payment summary', () => {
  const report: PaymentSummaryReport = {
    ...header,
    series: [
      { period: '2025-04', label: 'Apr 2025', base: 1000.1, support: 200.2, transition_in: 0, paid: 1000.1, scheduled: 200.2, cancelled: 0, total: 1200.3 },
      { period: '2025-05', label: 'May 2025', base: 1000.1, support: 0, transition_in: 50, paid: 0, scheduled: 1000.1, cancelled: 50, total: 1050.1 },
    ],
    contracts_total: 0,
    contracts: [],
  };

  it('adds kinds to a monthly total in cents (1000.10 + 200.20 = 1200.30)', () => {
    expect(paymentSummary.aggregate(report).data.rows[0].total).toBe(1200.3);
  });

  it('counts paid and scheduled, not cancelled, as the payments of the period (2200.40)', () => {
    expect(paymentSummary.paymentsTotal(report)).toBe(2200.4);
  });

  it('says 1000.10 was paid', () => {
    expect(paymentSummary.paidTotal(report)).toBe(1000.1);
  });

  it('reads amounts sent as strings', () => {
    const asStrings = { ...report, series: [{ ...report.series[0], base: '1000.10' as unknown as number }] };
    expect(paymentSummary.aggregate(asStrings).data.rows[0].base).toBe(1000.1);
  });

  it('is empty when every month is zero', () => {
    const zero = { period: '2025-04', label: 'Apr', base: 0, support: 0, transition_in: 0, paid: 0, scheduled: 0, cancelled: 0, total: 0 };
    expect(paymentSummary.aggregate({ ...report, series: [zero] }).empty).toBe(true);
  });
});
