import { render, screen, waitFor } from '@testing-library/react';
import { AdminContext } from 'react-admin';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { ChartCard } from '../src/dashboard/ChartCard';
import { CHARTS } from '../src/dashboard/charts';
import { KPIS, KpiCard } from '../src/dashboard/KpiCards';
import { i18nProvider } from '../src/i18n';
import type { PeriodState } from '../src/reporting/period';

/**
 * The dashboard's cards and their report requests: a card taken off the screen (the page left)
 * cancels what it still waits for, so the server stops those reports (server/http/cancelOnClose.ts);
 * a KPI card's comparisons wait until every report on screen has answered, so they never hold a
 * chart back.
 */
const period: PeriodState = { fiscalYear: 2026, preset: 'q2', from: '2026-07-01', to: '2026-09-30', organizationId: 3 };
const base = { from: '2026-07-01', to: '2026-09-30', organization_id: 3 };

interface Asked {
  name: string;
  params: Record<string, unknown>;
  signal: AbortSignal | undefined;
  answer: (value: unknown) => void;
}

/** A data provider whose every report request waits until the test answers it. */
function provider() {
  const asked: Asked[] = [];
  const report = jest.fn(
    (name: string, params: Record<string, unknown>, options: { signal?: AbortSignal } = {}) =>
      new Promise(resolve => asked.push({ name, params, signal: options.signal, answer: resolve })),
  );
  return { dataProvider: { report }, asked };
}

const referrals = (self_family: number) => ({ sources: ['self_family'], series: [{ period: '2026-07', label: 'Jul', self_family }] });
const activePlans = { series: [{ period: '2026-07', label: 'Jul', month_end: '2026-07-31', SHSS: 4, CSP: 0, total: 4 }], by_organization: [] };

function renderCards(dataProvider: unknown, cards: ReactElement) {
  return render(
    <MemoryRouter>
      <AdminContext dataProvider={dataProvider as any} i18nProvider={i18nProvider}>
        {cards}
      </AdminContext>
    </MemoryRouter>,
  );
}

const kpi = (key: string) => <KpiCard key={key} definition={KPIS.find(k => k.key === key)!} period={period} />;

it('cancels the requests of the cards taken off the screen: the shared report, then the comparisons and the trend', async () => {
  const { dataProvider, asked } = provider();
  const chart = CHARTS.find(c => c.report === 'referral-sources')!;
  const page = renderCards(dataProvider, <>{kpi('new_referrals')}<ChartCard definition={chart} period={period} /></>);
  await waitFor(() => expect(asked).toHaveLength(1));
  // the chart and the figure share one request, and it carries a signal not yet fired
  expect(asked[0]).toMatchObject({ name: 'referral-sources', params: base });
  expect(asked[0].signal).toBeInstanceOf(AbortSignal);
  expect(asked[0].signal!.aborted).toBe(false);
  page.unmount();
  expect(asked[0].signal!.aborted).toBe(true);

  // once the figure is there, the comparisons and the trend are cancelled when the card goes
  const again = provider();
  const second = renderCards(again.dataProvider, kpi('new_referrals'));
  await waitFor(() => expect(again.asked).toHaveLength(1));
  again.asked[0].answer(referrals(18));
  expect(await screen.findByRole('link', { name: 'New referrals: 18. Open the records counted' })).toBeTruthy();
  await waitFor(() => expect(again.asked).toHaveLength(4));
  const comparisons = again.asked.slice(1);
  expect(comparisons.map(a => a.signal?.aborted)).toEqual([false, false, false]);
  second.unmount();
  expect(comparisons.map(a => a.signal?.aborted)).toEqual([true, true, true]);
});

it("asks for a KPI card's comparisons only once every report on screen has answered", async () => {
  const { dataProvider, asked } = provider();
  renderCards(dataProvider, <>{kpi('new_referrals')}{kpi('active_plans')}</>);
  await waitFor(() => expect(asked).toHaveLength(2));
  const named = (name: string) => asked.find(a => a.name === name && a.params.compare === undefined)!;
  named('referral-sources').answer(referrals(18));
  expect(await screen.findByRole('link', { name: 'New referrals: 18. Open the records counted' })).toBeTruthy();
  // the referrals' figure is drawn, but active plans are still out: no comparison yet
  await new Promise(resolve => setTimeout(resolve, 50));
  expect(asked.map(a => a.name)).toEqual(expect.arrayContaining(['referral-sources', 'active-plans']));
  expect(asked).toHaveLength(2);
  named('active-plans').answer(activePlans);
  // then both cards' comparisons and trends go out together: three requests each
  await waitFor(() => expect(asked).toHaveLength(8));
  expect(
    asked
      .slice(2)
      .map(a => `${a.name} ${a.params.compare}`)
      .sort(),
  ).toEqual([
    'active-plans last_year',
    'active-plans previous',
    'active-plans/trend previous',
    'referral-sources last_year',
    'referral-sources previous',
    'referral-sources/trend previous',
  ]);
});
