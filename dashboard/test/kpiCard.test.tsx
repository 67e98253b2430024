import { render, screen, waitFor } from '@testing-library/react';
import { AdminContext } from 'react-admin';
import { MemoryRouter } from 'react-router-dom';
import type { ReportTrend } from '../../contract/reports';
import { KPIS, KpiCard } from '../src/dashboard/KpiCards';
import { i18nProvider } from '../src/i18n';
import type { PeriodState } from '../src/reporting/period';
import { sparklinePoints } from '../src/reporting/Sparkline';

/**
 * A KPI card: its figure, its change on the previous period and on the same period last year
 * (in words as well as arrows), and a sparkline whose text alternative says every value; the
 * figure comes from the report as the chart asks for it, and the three comparison requests go
 * out together only once it has answered.
 */
const period: PeriodState = { fiscalYear: 2026, preset: 'q2', from: '2026-07-01', to: '2026-09-30', organizationId: 3 };

const referrals = (self_family: number) => ({ sources: ['self_family'], series: [{ period: '2026-07', label: 'Jul', self_family }] });

function provider() {
  const trend: ReportTrend = {
    report: 'referral-sources',
    compare: 'previous',
    organization_id: 3,
    generated_at: '2026-12-01T00:00:00.000Z',
    periods: [
      { from: '2026-01-01', to: '2026-03-31', figures: { total: 9 } },
      { from: '2026-04-01', to: '2026-06-30', figures: { total: 12 } },
      { from: '2026-07-01', to: '2026-09-30', figures: { total: 18 } },
    ],
  };
  return {
    report: jest.fn(async (name: string, params: Record<string, unknown>) => {
      if (name === 'referral-sources/trend') return trend;
      if (params.compare === 'previous')
        return { ...referrals(18), comparison: { kind: 'previous', from: '2026-04-01', to: '2026-06-30', result: referrals(12), figures: { total: { value: 18, compared: 12, change: 6, change_pct: 50 } } } };
      return { ...referrals(18), comparison: { kind: 'last_year', from: '2025-07-01', to: '2025-09-30', result: referrals(20), figures: { total: { value: 18, compared: 20, change: -2, change_pct: -10 } } } };
    }),
  };
}

function renderCard(dataProvider: ReturnType<typeof provider>) {
  render(
    <MemoryRouter>
      <AdminContext dataProvider={dataProvider as any} i18nProvider={i18nProvider}>
        <KpiCard definition={KPIS.find(k => k.key === 'new_referrals')!} period={period} />
      </AdminContext>
    </MemoryRouter>,
  );
}

it('shows the figure with its change on the previous period and on the same period last year, in words', async () => {
  const dataProvider = provider();
  renderCard(dataProvider);
  expect(await screen.findByRole('link', { name: 'New referrals: 18. Open the records counted' })).toBeTruthy();
  const previous = await screen.findByText((_, node) => node?.getAttribute('data-compare') === 'previous');
  expect(previous.textContent).toBe('▲ Up +6 (+50%) vs previous period (Apr 1, 2026 – Jun 30, 2026: 12)');
  const lastYear = await screen.findByText((_, node) => node?.getAttribute('data-compare') === 'last_year');
  expect(lastYear.textContent).toBe('▼ Down −2 (−10%) vs same period last year (Jul 1, 2025 – Sep 30, 2025: 20)');
  expect(lastYear.querySelector('[aria-hidden="true"]')?.textContent).toBe('▼ ');
  const sparkline = await screen.findByRole('img');
  expect(sparkline.getAttribute('aria-label')).toBe(
    'Last 3 periods, oldest first: Jan 1, 2026 – Mar 31, 2026: 9; Apr 1, 2026 – Jun 30, 2026: 12; Jul 1, 2026 – Sep 30, 2026: 18',
  );
});

it('asks for the figure as the chart does, and for the comparisons and the trend together once it has answered', async () => {
  const dataProvider = provider();
  let answer: (value: unknown) => void = () => undefined;
  const plain = new Promise(resolve => (answer = resolve));
  const ask = dataProvider.report.getMockImplementation()!;
  dataProvider.report.mockImplementation((name, params) => (params.compare === undefined ? (plain as Promise<any>) : ask(name, params)));
  renderCard(dataProvider);
  const base = { from: '2026-07-01', to: '2026-09-30', organization_id: 3 };
  await waitFor(() => expect(dataProvider.report).toHaveBeenCalledTimes(1));
  // each request carries react-query's signal, which cancels it when no card shows it any more
  const signal = { signal: expect.any(AbortSignal) };
  expect(dataProvider.report.mock.calls).toEqual([['referral-sources', base, signal]]);
  // nothing more while the figure's own request is out
  await new Promise(resolve => setTimeout(resolve, 50));
  expect(dataProvider.report).toHaveBeenCalledTimes(1);
  answer(referrals(18));
  await waitFor(() => expect(dataProvider.report).toHaveBeenCalledTimes(4));
  expect(dataProvider.report.mock.calls.slice(1)).toEqual(
    expect.arrayContaining([
      ['referral-sources', { ...base, compare: 'previous' }, signal],
      ['referral-sources', { ...base, compare: 'last_year' }, signal],
      ['referral-sources/trend', { ...base, compare: 'previous', periods: '8' }, signal],
    ]),
  );
});

describe('sparklinePoints', () => {
  it('puts the lowest value at the bottom and the highest at the top, one step per value', () => {
    expect(sparklinePoints([0, 5, 10], 24, 14, 2)).toEqual(['2,12 12,7 22,2']);
  });

  it('draws a flat series in the middle and breaks the line at a missing value', () => {
    expect(sparklinePoints([3, 3], 12, 10, 1)).toEqual(['1,5 11,5']);
    expect(sparklinePoints([1, null, 3], 24, 12, 2)).toEqual(['2,10', '22,2']);
    expect(sparklinePoints([null, null], 10, 10)).toEqual([]);
  });
});
