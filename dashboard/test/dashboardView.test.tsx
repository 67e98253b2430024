import { act, fireEvent, render, screen } from '@testing-library/react';
import { AdminContext } from 'react-admin';
import { DashboardView, type DashboardRecord } from '../src/dashboards/DashboardView';
import { i18nProvider } from '../src/i18n';

/**
 * A dashboard's linked filters are in the URL; a period and two field filters chosen in quick
 * succession, each before the one before it is drawn (a query change is drawn in a transition),
 * all stay.
 */
const dashboard: DashboardRecord = {
  id: 5,
  title: 'Placements',
  description: null,
  owner_id: 1,
  filters: { period: { preset: 'final', fiscal_year: 2025 }, organization: false, fields: ['program', 'status'] },
  is_default: false,
};

/** A navigation writes the hash a few microtasks after it is asked for; a user's next click comes later still. */
const nextClick = () => new Promise(resolve => setTimeout(resolve, 0));

it('keeps a period and two field filters chosen in quick succession', async () => {
  window.location.hash = '#/dashboards/5/show';
  const dataProvider = { getList: jest.fn(async () => ({ data: [], total: 0 })) };
  render(
    <AdminContext dataProvider={dataProvider as any} i18nProvider={i18nProvider}>
      <DashboardView dashboard={dashboard} heading="Placements" cards={[]} onCardsChanged={() => {}} />
    </AdminContext>,
  );
  const periods = await screen.findByRole('combobox', { name: 'Period' });
  const program = screen.getByRole('textbox', { name: 'Program' });
  const status = screen.getByRole('textbox', { name: 'Status' });
  await act(async () => {
    // MUI's select takes a browser's autofill on its hidden input, without opening its menu
    fireEvent.change(periods.parentElement!.querySelector('input')!, { target: { value: 'q2' } });
    await nextClick();
    fireEvent.change(program, { target: { value: 'CSP' } });
    await nextClick();
    fireEvent.change(status, { target: { value: 'active' } });
    await nextClick();
  });
  expect(Object.fromEntries(new URLSearchParams(window.location.hash.split('?')[1]))).toEqual({
    fy: '2025',
    period: 'q2',
    filters: JSON.stringify({ program: 'CSP', status: 'active' }),
  });
});
