import { fireEvent, render, screen } from '@testing-library/react';
import { AdminContext, RecordContextProvider, type AuthProvider, type DataProvider } from 'react-admin';
import { LogEntries } from '../src/resources/daily_logs/LogEntries';

/**
 * A log's entries show the preview the list carries (an entry may be 50 MB) and load the whole
 * text only when asked for.
 */
const preview = 'p'.repeat(2000);
const whole = `${preview}${'w'.repeat(3000)}`;

function fakeProvider(calls: string[]): DataProvider {
  const reject = () => Promise.reject(new Error('not used'));
  return {
    getList: async (resource) => {
      calls.push(`getList ${resource}`);
      return { data: [{ id: 5, daily_log_id: 1, author_id: 9, body_preview: preview, body_length: whole.length, version: 1, created_at: '2025-06-01T10:00:00Z' }], total: 1 };
    },
    getOne: async (resource, { id }) => {
      calls.push(`getOne ${resource} ${id}`);
      return { data: { id: 5, daily_log_id: 1, author_id: 9, body: whole, version: 1 } } as any;
    },
    getMany: async () => ({ data: [] }),
    getManyReference: reject,
    create: reject,
    update: reject,
    updateMany: reject,
    delete: reject,
    deleteMany: reject,
  } as DataProvider;
}

/** Reads only: the form to add an entry stays out of this test. */
const reader: AuthProvider = {
  login: async () => undefined,
  logout: async () => undefined,
  checkAuth: async () => undefined,
  checkError: async () => undefined,
  getPermissions: async () => undefined,
  canAccess: async ({ action }) => action !== 'create',
};

it('shows the preview with its full length, and reads the whole text on "show all"', async () => {
  const calls: string[] = [];
  render(
    <AdminContext dataProvider={fakeProvider(calls)} authProvider={reader}>
      <RecordContextProvider value={{ id: 1 }}>
        <LogEntries />
      </RecordContextProvider>
    </AdminContext>,
  );
  const showAll = await screen.findByRole('button', { name: 'app.daily_logs.show_all' });
  expect(screen.getByText(`${preview}…`)).toBeTruthy();
  expect(calls.filter(c => c.startsWith('getOne'))).toEqual([]);
  expect(screen.getByRole('link', { name: 'app.daily_logs.download_text' }).getAttribute('href')).toBe('/api/daily_log_entries/5/body');

  fireEvent.click(showAll);
  expect(await screen.findByText(whole)).toBeTruthy();
  expect(calls).toContain('getOne daily_log_entries 5');
});
