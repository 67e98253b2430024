import { act, fireEvent, render, screen } from '@testing-library/react';
import { AdminContext } from 'react-admin';
import { CompliancePage } from '../src/compliance/CompliancePage';
import { i18nProvider } from '../src/i18n';
import { MetaProvider } from '../src/meta/MetaContext';

/**
 * The compliance page keeps its scope in the URL; a place and then a worker chosen in quick
 * succession, the second before the first is drawn (a query change is drawn in a transition),
 * both stay.
 */
const records: Record<string, { id: number; name?: string; full_name?: string }[]> = {
  places_of_service: [
    { id: 21, name: 'Harbour House' },
    { id: 22, name: 'Hillside' },
  ],
  users: [
    { id: 31, full_name: 'Ada Worker' },
    { id: 32, full_name: 'Bo Worker' },
  ],
};

/** A navigation writes the hash a few microtasks after it is asked for; a user's next click comes later still. */
const nextClick = () => new Promise(resolve => setTimeout(resolve, 0));
const hashQuery = () => Object.fromEntries(new URLSearchParams(window.location.hash.split('?')[1] ?? ''));

it('keeps a place chosen just before a worker', async () => {
  window.location.hash = '#/compliance?month=2026-01-01';
  const dataProvider = {
    computed: jest.fn(async () => ({ data: { today: '2026-01-15', counts: [] } })),
    getList: jest.fn(async (resource: string) => ({ data: records[resource] ?? [], total: records[resource]?.length ?? 0 })),
  };
  render(
    <AdminContext dataProvider={dataProvider as any} i18nProvider={i18nProvider}>
      <MetaProvider meta={{ resources: [] } as any}>
        <CompliancePage />
      </MetaProvider>
    </AdminContext>,
  );
  // both menus open at once, so that both choices can be made before either is drawn
  const places = await screen.findByRole('combobox', { name: 'Place of service' });
  const workers = await screen.findByRole('combobox', { name: 'Worker' });
  fireEvent.mouseDown(places);
  fireEvent.mouseDown(workers);
  const place = await screen.findByRole('option', { name: 'Hillside', hidden: true });
  const worker = await screen.findByRole('option', { name: 'Bo Worker', hidden: true });
  await act(async () => {
    fireEvent.click(place);
    await nextClick();
    fireEvent.click(worker);
    await nextClick();
  });
  expect(hashQuery()).toEqual({ month: '2026-01-01', place: '22', user: '32' });
});
