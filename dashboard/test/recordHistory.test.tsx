import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { AdminContext, RecordContextProvider, ResourceContextProvider } from 'react-admin';
import type { HistoryChange, RecordHistory as History } from '../../contract/imports';
import type { Meta, MetaResource } from '../../contract/meta';
import { RecordHistory } from '../src/history/RecordHistory';
import { i18nProvider } from '../src/i18n';
import { MetaProvider } from '../src/meta/MetaContext';
import { field } from './metaField';

/**
 * A record's History tab: each entry's changes as readable values, and Restore (a field's value
 * before a change, or the version an entry made) only when the server says the caller may,
 * confirmed first and sent with the record's version.
 */
const tasks = {
  name: 'tasks',
  fields: [field('assigned_to', 'integer', { reference: 'users' }), field('title', 'string'), field('due_on', 'date'), field('status', 'string', { enum: ['open', 'done', 'cancelled'] }), field('notes', 'text')],
} as unknown as MetaResource;
const meta = { resources: [tasks] } as unknown as Meta;

const change = (name: string, before: unknown, after: unknown, extra: Partial<HistoryChange> = {}): HistoryChange => ({
  field: name,
  before,
  after,
  before_title: null,
  after_title: null,
  large_text: null,
  restorable: true,
  not_restorable: null,
  ...extra,
});

function history(canRestore: boolean): History {
  return {
    resource: 'tasks',
    record_id: '7',
    can_restore: canRestore,
    truncated: false,
    entries: [
      {
        id: 13,
        at: '2026-01-16T10:00:00.000Z',
        action: 'restore',
        user_id: 4,
        user_name: 'Alex Admin',
        import_id: null,
        restored_from: 12,
        restored: { entry_id: 12, at: '2026-01-15T12:00:00.000Z', user_name: 'Pat Manager', side: 'before', fields: ['due_on'] },
        changes: [change('due_on', '2026-01-22', '2026-01-20')],
      },
      {
        id: 12,
        at: '2026-01-15T12:00:00.000Z',
        action: 'update',
        user_id: 5,
        user_name: 'Pat Manager',
        import_id: null,
        restored_from: null,
        restored: null,
        changes: [
          change('assigned_to', null, 9, { after_title: 'Robin Worker' }),
          change('due_on', '2026-01-20', '2026-01-22'),
          change('status', 'open', 'done'),
          change('notes', null, null, { large_text: { before: { bytes: 24, characters: 24 }, after: { bytes: 46, characters: 43 } }, restorable: false, not_restorable: 'is a large text' }),
        ],
      },
      { id: 11, at: '2026-01-14T09:00:00.000Z', action: 'create', user_id: 4, user_name: 'Alex Admin', import_id: 3, restored_from: null, restored: null, changes: [change('title', null, 'Call school')] },
    ],
  };
}

function renderHistory(canRestore: boolean) {
  const provider = { history: jest.fn(async () => history(canRestore)), restore: jest.fn(async () => ({ id: 7 })) };
  render(
    <AdminContext dataProvider={provider as any} i18nProvider={i18nProvider}>
      <MetaProvider meta={meta}>
        <ResourceContextProvider value="tasks">
          <RecordContextProvider value={{ id: 7, version: 3 }}>
            <RecordHistory />
          </RecordContextProvider>
        </ResourceContextProvider>
      </MetaProvider>
    </AdminContext>,
  );
  return provider;
}

const cellsOf = (testId: string) => screen.getAllByTestId(testId).map(row => within(row).getAllByRole('cell').map(cell => cell.textContent));

it('shows each change with readable values: titles, labels, dates, a large text by its size', async () => {
  const provider = renderHistory(false);
  await screen.findAllByTestId('history-entry-12');
  expect(provider.history).toHaveBeenCalledWith('tasks', 7);
  const rows = cellsOf('history-entry-12');
  expect(rows[0].slice(1, 3)).toEqual(['Pat Manager', 'Changed']);
  expect(rows.map(r => r.slice(-3))).toEqual([
    ['Assigned to', '—', 'Robin Worker'],
    ['Due on', 'Jan 20, 2026', 'Jan 22, 2026'],
    ['Status', 'Open', 'Done'],
    ['Notes', 'changed, 24 characters', 'changed, 43 characters'],
  ]);
  expect(cellsOf('history-entry-11')[0].slice(1, 3)).toEqual(['Alex Admin', 'Createdimport 3']);
  expect(screen.queryByRole('button', { name: /Restore/ })).toBeNull();
});

it('shows a restore as one: who put back which field, from which version', async () => {
  renderHistory(false);
  await screen.findAllByTestId('history-entry-13');
  const [row] = cellsOf('history-entry-13');
  expect(row[1]).toBe('Alex Admin');
  expect(row[2]).toMatch(/^RestoredDue on, from the version before Pat Manager’s change of Jan 15, 2026/);
  expect(row.slice(-3)).toEqual(['Due on', 'Jan 22, 2026', 'Jan 20, 2026']);
});

it('restores a field’s earlier value only once confirmed, with the record’s version', async () => {
  const provider = renderHistory(true);
  fireEvent.click(await screen.findByRole('button', { name: 'Restore Due on to Jan 20, 2026' }));
  const dialog = await screen.findByRole('dialog');
  expect(provider.restore).not.toHaveBeenCalled();
  fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
  await waitFor(() => expect(provider.restore).toHaveBeenCalledWith('tasks', 7, { audit_event_id: 12, field: 'due_on', side: 'before', version: 3 }));
  // A large text cannot be restored, nor a creation's fields one by one.
  expect(screen.queryByRole('button', { name: /Restore Notes/ })).toBeNull();
  expect(screen.queryByRole('button', { name: /Restore Title/ })).toBeNull();
});

it('restores the whole version an entry made', async () => {
  const provider = renderHistory(true);
  const createdRow = await screen.findByTestId('history-entry-11');
  fireEvent.click(within(createdRow).getByRole('button', { name: 'Restore this version' }));
  fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Confirm' }));
  await waitFor(() => expect(provider.restore).toHaveBeenCalledWith('tasks', 7, { audit_event_id: 11, side: 'after', version: 3 }));
});
