import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { AdminContext } from 'react-admin';
import { MemoryRouter } from 'react-router-dom';
import type { PaymentContract, PaymentSummaryReport } from '../../contract/reports';
import { i18nProvider } from '../src/i18n';
import type { PeriodState } from '../src/reporting/period';
import { ContractsTable, PaymentSummaryPage } from '../src/reports/PaymentSummaryPage';

/**
 * The payment summary page's contracts: the first page of 25 is the report's own `contracts` (no
 * request), the total its `contracts_total`; the next page is asked for from
 * GET /api/reports/payment-summary/contracts with the period, the organisation and the next range.
 * The period and the contract opened are in the URL, and a quick choice of one keeps the other.
 */
const period: PeriodState = { fiscalYear: 2025, preset: 'final', from: '2025-04-01', to: '2026-03-31', organizationId: 3 };
const TOTAL = 27;

const contract = (i: number): PaymentContract => ({
  contract_id: 100 + i,
  contract_number: `SHSS${String(i).padStart(10, '0')}`,
  organization_id: 3,
  organization_name: 'Alder House',
  base_total: 10 * i,
  support_total: 0,
  transition_in_total: 0,
  total: 10 * i,
  paid_total: 10 * i,
  scheduled_total: 0,
  cancelled_total: 0,
  payment_count: 1,
});

const report: PaymentSummaryReport = {
  from: period.from,
  to: period.to,
  organization_id: 3,
  generated_at: '2026-04-15T12:00:00.000Z',
  data_as_of: '2026-04-15T12:00:00.000Z',
  read_from: 'primary',
  read_note: null,
  series: [],
  contracts_total: TOTAL,
  contracts: Array.from({ length: 25 }, (_, i) => contract(i)),
};

function provider() {
  return {
    computed: jest.fn(async (_path: string, query: { range: [number, number] }) => {
      const [start, end] = query.range;
      const rows = Array.from({ length: Math.max(0, Math.min(end, TOTAL - 1) - start + 1) }, (_, i) => contract(start + i));
      return { data: rows, total: TOTAL };
    }),
  };
}

it('shows the report’s first page with its total, and asks for the next page with the next range', async () => {
  const dataProvider = provider();
  render(
    <MemoryRouter>
      <AdminContext dataProvider={dataProvider as any} i18nProvider={i18nProvider}>
        <ContractsTable report={report} period={period} />
      </AdminContext>
    </MemoryRouter>,
  );
  const table = await screen.findByRole('table');
  expect(within(table).getAllByRole('row')).toHaveLength(26); // the header and 25 contracts
  expect(within(table).getByText('SHSS0000000000')).toBeTruthy();
  expect(screen.getByText('1–25 of 27')).toBeTruthy();
  expect(dataProvider.computed).not.toHaveBeenCalled();

  fireEvent.click(screen.getByRole('button', { name: 'Go to next page' }));
  expect(await screen.findByText('26–27 of 27')).toBeTruthy();
  expect(dataProvider.computed).toHaveBeenLastCalledWith('reports/payment-summary/contracts', { from: '2025-04-01', to: '2026-03-31', organization_id: 3, range: [25, 49] });
  expect(await screen.findByText('SHSS0000000026')).toBeTruthy();
  expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(3);

  fireEvent.click(screen.getByRole('button', { name: 'Go to previous page' }));
  expect(await screen.findByText('1–25 of 27')).toBeTruthy();
  expect(screen.getByText('SHSS0000000000')).toBeTruthy();
  expect(dataProvider.computed).toHaveBeenCalledTimes(1);
});

/** A navigation writes the hash a few microtasks after it is asked for; a user's next click comes later still. */
const nextClick = () => new Promise(resolve => setTimeout(resolve, 0));

it('keeps a period chosen just before a contract is opened', async () => {
  window.location.hash = '#/reports/payment-summary?fy=2025&period=final';
  const dataProvider = { ...provider(), report: jest.fn(async () => report) };
  render(
    <AdminContext dataProvider={dataProvider as any} i18nProvider={i18nProvider}>
      <PaymentSummaryPage />
    </AdminContext>,
  );
  const open = await screen.findByRole('button', { name: 'Payments of contract SHSS0000000001' });
  const periods = screen.getByRole('combobox', { name: 'Period' });
  await act(async () => {
    // MUI's select takes a browser's autofill on its hidden input, without opening its menu
    fireEvent.change(periods.parentElement!.querySelector('input')!, { target: { value: 'q1' } });
    await nextClick();
    fireEvent.click(open);
    await nextClick();
  });
  expect(Object.fromEntries(new URLSearchParams(window.location.hash.split('?')[1]))).toEqual({ fy: '2025', period: 'q1', contract: '101' });
});
