import { act, fireEvent, render, screen } from '@testing-library/react';
import { AdminContext } from 'react-admin';
import type { Meta } from '../../contract/meta';
import { i18nProvider } from '../src/i18n';
import { MetaProvider } from '../src/meta/MetaContext';
import { ReconciliationPage } from '../src/reconciliation/ReconciliationPage';

/**
 * The reconciliation page keeps every filter in the URL; two choices made in quick succession,
 * the second before the first is drawn (a query change is drawn in a transition), both stay.
 */
const meta = { resources: [{ name: 'organizations', permissions: {}, read_only: true, fields: [] }] } as unknown as Meta;
const organizations = [
  { id: 3, name: 'North' },
  { id: 4, name: 'South' },
];

function renderPage() {
  window.location.hash = '#/payment-reconciliation?fy=2025&period=final';
  const dataProvider = {
    computed: jest.fn(async () => ({ data: [], total: 0 })),
    getList: jest.fn(async () => ({ data: organizations, total: organizations.length })),
  };
  render(
    <AdminContext dataProvider={dataProvider as any} i18nProvider={i18nProvider}>
      <MetaProvider meta={meta}>
        <ReconciliationPage />
      </MetaProvider>
    </AdminContext>,
  );
  return dataProvider;
}

/** A navigation writes the hash a few microtasks after it is asked for; a user's next click comes later still. */
const nextClick = () => new Promise(resolve => setTimeout(resolve, 0));
const hashQuery = () => Object.fromEntries(new URLSearchParams(window.location.hash.split('?')[1] ?? ''));

/** Chooses a string option of a select without opening its menu (MUI's select takes autofill so). */
const autofill = (label: string, value: string) => fireEvent.change(screen.getByRole('combobox', { name: label }).parentElement!.querySelector('input')!, { target: { value } });

it('keeps a gap chosen just before a kind', async () => {
  renderPage();
  await screen.findByRole('combobox', { name: 'Gap' });
  await act(async () => {
    autofill('Gap', 'missing');
    await nextClick();
    autofill('Kind', 'support');
    await nextClick();
  });
  expect(hashQuery()).toEqual({ fy: '2025', period: 'final', gap: 'missing', kind: 'support' });
  expect(screen.getByRole('combobox', { name: 'Gap' }).textContent).toBe('Missing');
  expect(screen.getByRole('combobox', { name: 'Kind' }).textContent).toBe('Support');
});

it('keeps an organisation chosen just before a period', async () => {
  const dataProvider = renderPage();
  fireEvent.mouseDown(await screen.findByRole('combobox', { name: 'Organisation' }));
  const north = await screen.findByRole('option', { name: 'North' });
  await act(async () => {
    fireEvent.click(north);
    await nextClick();
    autofill('Period', 'q1');
    await nextClick();
  });
  expect(hashQuery()).toEqual({ fy: '2025', period: 'q1', org: '3' });
  expect(dataProvider.computed).toHaveBeenLastCalledWith('payment_reconciliation', expect.objectContaining({ from: '2025-04-01', to: '2025-06-30', organization_id: 3 }));
});
