import { fireEvent, render, screen, within } from '@testing-library/react';
import { AdminContext } from 'react-admin';
import { MemoryRouter } from 'react-router-dom';
import type { WaitingChild } from '../../contract/reports';
import { WaitingNow } from '../src/dashboard/charts/waitTimes/WaitingList';
import { i18nProvider } from '../src/i18n';
import type { PeriodState } from '../src/reporting/period';

/**
 * The wait-times card's list of the children waiting: a page of 25 from
 * GET /api/reports/wait-times/waiting for the dashboard's period, the total from its
 * Content-Range, the next page asked for with the next range; each child opens its referral.
 */
const period: PeriodState = { fiscalYear: 2025, preset: 'final', from: '2025-04-01', to: '2026-03-31', organizationId: 3 };
const TOTAL = 27;

const child = (i: number): WaitingChild => ({
  child_id: 100 + i,
  child_name: `Child ${i}`,
  referral_id: 500 + i,
  referral_date: '2025-06-01',
  organization_id: 3,
  days_waited: 300 - i,
  priority: i === 0 ? 'urgent' : 'routine',
  priority_reason: null,
});

function provider() {
  return {
    computed: jest.fn(async (_path: string, query: { range: [number, number] }) => {
      const [start, end] = query.range;
      const rows = Array.from({ length: Math.max(0, Math.min(end, TOTAL - 1) - start + 1) }, (_, i) => child(start + i));
      return { data: rows, total: TOTAL };
    }),
  };
}

it('shows the first page with the total, and asks for the next page with the next range', async () => {
  const dataProvider = provider();
  render(
    <MemoryRouter>
      <AdminContext dataProvider={dataProvider as any} i18nProvider={i18nProvider}>
        <WaitingNow period={period} />
      </AdminContext>
    </MemoryRouter>,
  );
  const table = await screen.findByRole('region', { name: 'Children waiting now' });
  expect(within(table).getAllByRole('row')).toHaveLength(26); // the header and 25 children
  expect(within(table).getByRole('link', { name: 'Child 0' }).getAttribute('href')).toBe('/referrals/500/show');
  expect(within(table).getByText('Urgent')).toBeTruthy();
  expect(screen.getByText('1–25 of 27')).toBeTruthy();
  expect(dataProvider.computed).toHaveBeenCalledWith('reports/wait-times/waiting', { from: '2025-04-01', to: '2026-03-31', organization_id: 3, range: [0, 24] });

  fireEvent.click(screen.getByRole('button', { name: 'Go to next page' }));
  expect(await screen.findByText('26–27 of 27')).toBeTruthy();
  expect(dataProvider.computed).toHaveBeenLastCalledWith('reports/wait-times/waiting', { from: '2025-04-01', to: '2026-03-31', organization_id: 3, range: [25, 49] });
  // the first page stays on screen until the next one has arrived
  expect(await screen.findByRole('link', { name: 'Child 26' })).toBeTruthy();
  expect(within(screen.getByRole('region', { name: 'Children waiting now' })).getAllByRole('row')).toHaveLength(3);
});
