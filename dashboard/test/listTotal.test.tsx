import { render, screen } from '@testing-library/react';
import { AdminContext, ListContextProvider, type ListControllerResult } from 'react-admin';
import { getListWithCappedTotal } from '../src/api/cappedTotal';
import { ListPagination } from '../src/generic/ListPagination';
import { i18nProvider } from '../src/i18n';

/** What react-admin's fetchJson reads of a fetch response (jsdom has no Response). */
function answer(contentRange: string, capped: boolean) {
  const headers = new Headers({ 'Content-Range': contentRange, 'Content-Type': 'application/json' });
  if (capped) headers.set('X-Total-Capped', 'true');
  return { status: 200, statusText: 'OK', headers, text: async () => JSON.stringify([{ id: 1 }, { id: 2 }]) } as unknown as Response;
}

describe('capped list totals', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('pages with the number in Content-Range and tells when the server capped it', async () => {
    const params = { pagination: { page: 1, perPage: 25 }, sort: { field: 'last_name', order: 'ASC' as const }, filter: {} };
    globalThis.fetch = jest.fn(async () => answer('children 0-24/10000', true)) as typeof fetch;
    expect(await getListWithCappedTotal('children', params)).toEqual({ data: [{ id: 1 }, { id: 2 }], total: 10000, meta: { totalCapped: true } });
    globalThis.fetch = jest.fn(async () => answer('children 0-1/2', false)) as typeof fetch;
    expect(await getListWithCappedTotal('children', params)).toEqual({ data: [{ id: 1 }, { id: 2 }], total: 2 });
  });

  function renderPagination(total: number, meta: unknown) {
    const list = { total, page: 1, perPage: 25, hasNextPage: true, hasPreviousPage: false, isPending: false, meta, setPage: () => undefined, setPerPage: () => undefined };
    render(
      <AdminContext i18nProvider={i18nProvider}>
        <ListContextProvider value={list as unknown as ListControllerResult}>
          <ListPagination />
        </ListContextProvider>
      </AdminContext>,
    );
  }

  it('says "more than" when the total is capped', async () => {
    renderPagination(10000, { totalCapped: true });
    expect(await screen.findByText('1–25 of more than 10,000')).toBeTruthy();
  });

  it('shows the exact total otherwise', async () => {
    renderPagination(319, undefined);
    expect(await screen.findByText('1-25 of 319')).toBeTruthy();
  });
});
