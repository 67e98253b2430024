import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { AdminContext } from 'react-admin';
import { MemoryRouter } from 'react-router-dom';
import type { ActivePlansReport, ReferralSourcesReport, WaitTimesReport } from '../../contract/reports';
import { ChartCard } from '../src/dashboard/ChartCard';
import { CHARTS } from '../src/dashboard/charts';
import * as activePlans from '../src/dashboard/charts/activePlans/aggregate';
import * as paymentSummary from '../src/dashboard/charts/paymentSummary/aggregate';
import * as referralSources from '../src/dashboard/charts/referralSources/aggregate';
import * as waitTimes from '../src/dashboard/charts/waitTimes/aggregate';
import { i18nProvider } from '../src/i18n';
import { en } from '../src/i18n/en';
import { fr } from '../src/i18n/fr';
import type { PeriodState } from '../src/reporting/period';

/**
 * A chart's comparison overlay: the comparison's points beside the report's, position by
 * position (a year to date compares with fewer months: the later ones have none), drawn by the
 * chart and shown as the table's last columns, headed in English or French; the comparison is
 * asked for only once the user turns the overlay on.
 */
const header = { from: '2026-04-01', to: '2026-06-30', organization_id: 3, generated_at: '2026-07-01T00:00:00Z', data_as_of: '2026-07-01T00:00:00Z', read_from: 'primary' as const, read_note: null };
const none = { self_family: 0, school_educator: 0, physician_health: 0, childrens_aid: 0, indigenous_org: 0, other: 0 };
const sources = ['self_family', 'other'] as ReferralSourcesReport['sources'];

const referrals: ReferralSourcesReport = {
  ...header,
  sources,
  series: [
    { period: '2026-04', label: 'Apr 2026', ...none, self_family: 2, other: 1, total: 3 },
    { period: '2026-05', label: 'May 2026', ...none, self_family: 4, total: 4 },
    { period: '2026-06', label: 'Jun 2026', ...none, total: 0 },
  ],
  totals: { ...none, self_family: 6, other: 1, total: 7 },
  shares: { ...none },
};
// the comparison period stops earlier: two months beside the report's three
const referralsBefore = {
  sources,
  series: [
    { period: '2026-01', label: 'Jan 2026', ...none, self_family: 1, other: 4, total: 5 },
    { period: '2026-02', label: 'Feb 2026', ...none, other: 2, total: 2 },
  ],
  totals: { ...none, self_family: 1, other: 6, total: 7 },
  shares: { ...none },
};
const previous = { kind: 'previous' as const, from: '2026-01-01', to: '2026-02-28', result: referralsBefore };

describe('overlay aggregates', () => {
  it('puts the comparison’s month and total beside each month of the referral sources, none past its last month', () => {
    const { data, tables } = referralSources.aggregate(referrals, previous);
    expect(data.rows.map(r => [r.period, r.total, r.compared_total])).toEqual([
      ['2026-04', 3, 5],
      ['2026-05', 4, 2],
      ['2026-06', 0, null],
    ]);
    const [table] = tables;
    expect(table.columns.map(c => [c.key, c.label, c.qualifier ?? null]).slice(-3)).toEqual([
      ['total', 'app.charts.columns.total', null],
      ['compared_period', 'app.charts.compare.period', null],
      ['compared_total', 'app.charts.columns.total', 'app.charts.compare.against.previous'],
    ]);
    expect(table.rows.map(r => [r.period, r.compared_period, r.compared_total])).toEqual([
      ['2026-04', '2026-01', 5],
      ['2026-05', '2026-02', 2],
      ['2026-06', null, null],
    ]);
    // the shares table has no series to compare
    expect(tables[1].columns.map(c => c.key)).toEqual(['source', 'count', 'share']);
  });

  it('leaves every table as it was without an overlay', () => {
    const { data, tables } = referralSources.aggregate(referrals);
    expect(data.rows[0]).not.toHaveProperty('compared_total');
    expect(tables[0].columns.map(c => c.key)).toEqual(['period', 'self_family', 'other', 'total']);
  });

  it('compares each programme of the active plans, a month not counted yet staying null', () => {
    const point = (period: string, CSP: number | null, SHSS: number | null, total: number | null) => ({ period, label: period, month_end: `${period}-28`, CSP, SHSS, total });
    const report: ActivePlansReport = { ...header, series: [point('2026-04', 10, 2, 11), point('2026-05', 12, 3, 14)], by_organization: [] };
    const before = { series: [point('2026-01', 7, 1, 8), point('2026-02', null, null, null)], by_organization: [] };
    const { data, tables } = activePlans.aggregate(report, { kind: 'last_year', from: '2025-04-01', to: '2025-05-31', result: before });
    expect(data.rows.map(r => [r.period, r.compared_CSP, r.compared_SHSS])).toEqual([
      ['2026-04', 7, 1],
      ['2026-05', null, null],
    ]);
    expect(tables[0].columns.filter(c => c.qualifier).map(c => [c.key, c.qualifier])).toEqual([
      ['compared_CSP', 'app.charts.compare.against.last_year'],
      ['compared_SHSS', 'app.charts.compare.against.last_year'],
    ]);
    expect(tables[1].columns.some(c => c.qualifier)).toBe(false);
  });

  it('compares the wait times’ median and 90th percentile per month and the histogram per bucket', () => {
    const stats = (period: string, count: number, median: number | null, p90: number | null) => ({ period, label: period, count, mean: median, median, p90 });
    const report: WaitTimesReport = {
      ...header,
      as_of: '2026-06-30',
      summary: { count: 3, mean: 20, median: 20, p90: 30 },
      series: [stats('2026-04', 2, 15, 28), stats('2026-05', 1, 40, 40)],
      histogram: [{ bucket: '0-30', min_days: 0, max_days: 30, count: 2 }, { bucket: '31-60', min_days: 31, max_days: 60, count: 1 }],
      waiting_total: 0,
      waiting: [],
    };
    const before = { ...report, series: [stats('2026-01', 3, 25, 50), stats('2026-02', 0, null, null)], histogram: [{ ...report.histogram[0], count: 1 }, { ...report.histogram[1], count: 2 }] };
    const { data, tables } = waitTimes.aggregate(report, { kind: 'previous', from: '2026-01-01', to: '2026-03-31', result: before });
    expect(data.series.map(s => [s.period, s.compared_median, s.compared_p90])).toEqual([
      ['2026-04', 25, 50],
      ['2026-05', null, null],
    ]);
    expect(data.histogram.map(h => [h.bucket, h.count, h.compared_count])).toEqual([
      ['0-30', 2, 1],
      ['31-60', 1, 2],
    ]);
    expect(tables[0].columns.map(c => c.key).slice(-3)).toEqual(['compared_period', 'compared_median', 'compared_p90']);
    expect(tables[1].columns.map(c => c.key)).toEqual(['bucket', 'count', 'compared_count']);
    // the children waiting are not a table of the card: a list paged from the server, never compared
    expect(tables).toHaveLength(2);
  });

  it('compares the payments’ monthly total of every kind', () => {
    const month = (period: string, base: number, support: number) => ({ period, label: period, base, support, transition_in: 0, paid: base, scheduled: support, cancelled: 0, total: base + support });
    const report = { ...header, series: [month('2026-04', 100.1, 0.2)], contracts_total: 0, contracts: [] };
    const { data } = paymentSummary.aggregate(report, { kind: 'previous', from: '2026-01-01', to: '2026-03-31', result: { series: [month('2026-01', 50.05, 25)], contracts_total: 0, contracts: [] } });
    expect(data.rows.map(r => [r.total, r.compared_total])).toEqual([[100.3, 75.05]]);
  });
});

const period: PeriodState = { fiscalYear: 2026, preset: 'q1', from: '2026-04-01', to: '2026-06-30', organizationId: 3 };
const base = { from: '2026-04-01', to: '2026-06-30', organization_id: 3 };

function provider() {
  return {
    report: jest.fn(async (_name: string, params: Record<string, unknown>) => {
      if (params.compare === 'previous') return { ...referrals, comparison: { ...previous, figures: {} } };
      if (params.compare === 'last_year') return { ...referrals, comparison: { kind: 'last_year', from: '2025-04-01', to: '2025-06-30', result: referralsBefore, figures: {} } };
      return referrals;
    }),
    download: jest.fn(),
  };
}

function renderCard(dataProvider: ReturnType<typeof provider>, i18n = i18nProvider) {
  render(
    <MemoryRouter>
      <AdminContext dataProvider={dataProvider as any} i18nProvider={i18n}>
        <ChartCard definition={CHARTS.find(c => c.key === 'referral_sources')!} period={period} />
      </AdminContext>
    </MemoryRouter>,
  );
}

// a card rendered under jsdom on two busy cores takes seconds (jest's 5 s default applies in the top-level config's projects)
const RENDER_TIMEOUT_MS = 20_000;

const cellsOf = (row: HTMLElement) => Array.from(row.querySelectorAll('th, td'), cell => cell.textContent);

describe('the chart card’s overlay', () => {
  it('asks for the comparison only once turned on, and shows its columns in the table view', async () => {
    const dataProvider = provider();
    renderCard(dataProvider);
    fireEvent.click(await screen.findByRole('button', { name: 'Show as a table' }));
    const table = await screen.findByRole('table', { name: /Referrals per month by source/ });
    expect(within(table).queryByRole('columnheader', { name: 'Total (previous period)' })).toBeNull();
    await new Promise(resolve => setTimeout(resolve, 50));
    // each request carries react-query's signal, which cancels it when no card shows it any more
    const signal = { signal: expect.any(AbortSignal) };
    expect(dataProvider.report.mock.calls).toEqual([['referral-sources', base, signal]]);

    fireEvent.click(screen.getByRole('button', { name: 'Compare with another period' }));
    fireEvent.click(await screen.findByRole('menuitemradio', { name: 'Previous period' }));
    await waitFor(() => expect(dataProvider.report.mock.calls).toEqual([['referral-sources', base, signal], ['referral-sources', { ...base, compare: 'previous' }, signal]]));
    const compared = await screen.findByRole('columnheader', { name: 'Total (previous period)' });
    const headers = within(compared.closest('tr')!).getAllByRole('columnheader').map(h => h.textContent);
    expect(headers.slice(-3)).toEqual(['Total', 'Compared period', 'Total (previous period)']);
    const rows = within(compared.closest('table')!).getAllByRole('row').slice(1);
    expect(rows.map(row => cellsOf(row).slice(-3))).toEqual([
      ['3', 'January 2026', '5'],
      ['4', 'February 2026', '2'],
      ['0', '—', '—'],
    ]);
    expect(document.querySelector('[data-overlay="previous"]')?.textContent).toBe(
      'Compared with the previous period, Jan 1, 2026 – Feb 28, 2026, drawn dotted or faded; the table view shows its columns.',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Compare with another period' }));
    fireEvent.click(await screen.findByRole('menuitemradio', { name: 'No comparison' }));
    await waitFor(() => expect(screen.queryByRole('columnheader', { name: 'Total (previous period)' })).toBeNull());
    expect(document.querySelector('[data-overlay]')).toBeNull();
  }, RENDER_TIMEOUT_MS);

  it('names the chart’s series in its legend in the bars’ order, and the comparison’s total once it is on', async () => {
    renderCard(provider());
    const entries = async () => within(await screen.findByRole('list', { name: 'Legend' })).getAllByRole('listitem').map(item => item.textContent);
    expect(await entries()).toEqual(['Self / family', 'Other']);
    fireEvent.click(screen.getByRole('button', { name: 'Compare with another period' }));
    fireEvent.click(await screen.findByRole('menuitemradio', { name: 'Previous period' }));
    await waitFor(async () => expect(await entries()).toEqual(['Self / family', 'Other', 'Total (previous period)']));
  }, RENDER_TIMEOUT_MS);

  it('heads the comparison’s columns in French', async () => {
    const french = polyglotI18nProvider(() => ({ ...fr }) as any, 'fr', [{ locale: 'fr', name: 'Français' }], { allowMissing: true });
    expect(fr.app.charts.compare.against.last_year).not.toBe(en.app.charts.compare.against.last_year);
    renderCard(provider(), french);
    fireEvent.click(await screen.findByRole('button', { name: fr.app.charts.show_table }));
    fireEvent.click(screen.getByRole('button', { name: 'Comparer avec une autre période' }));
    fireEvent.click(await screen.findByRole('menuitemradio', { name: 'Même période l’an dernier' }));
    expect(await screen.findByRole('columnheader', { name: 'Total (même période l’an dernier)' })).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Période comparée' })).toBeTruthy();
  }, RENDER_TIMEOUT_MS);
});
