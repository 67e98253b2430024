import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { AdminContext } from 'react-admin';
import type { ApiKeyInfo, CreatedApiKey } from '../../contract/auth';
import { ApiKeysPage } from '../src/account/ApiKeysPage';
import { i18nProvider } from '../src/i18n';

const nightly: ApiKeyInfo = { id: 7, name: 'Nightly export', created_at: '2026-11-02T09:30:00.000Z', last_used_at: null, expires_at: null };
const old: ApiKeyInfo = { id: 3, name: 'Old script', created_at: '2025-01-02T09:30:00.000Z', last_used_at: '2025-02-01T10:00:00.000Z', expires_at: '2025-03-01T00:00:00.000Z' };

function fakeProvider(keys: ApiKeyInfo[]) {
  const created: CreatedApiKey = { id: 9, name: 'Payments export', created_at: '2026-11-03T09:30:00.000Z', last_used_at: null, expires_at: '2027-02-01T09:30:00.000Z', key: 'csk_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
  return {
    listApiKeys: jest.fn(async () => keys),
    createApiKey: jest.fn(async () => created),
    revokeApiKey: jest.fn(async (id: number) => keys.find(k => k.id === id)!),
  };
}

function renderPage(provider: ReturnType<typeof fakeProvider>) {
  return render(
    <AdminContext dataProvider={provider as any} i18nProvider={i18nProvider}>
      <ApiKeysPage />
    </AdminContext>,
  );
}

describe('the API keys page', () => {
  it('lists each key with when it was made, last used and expires, marking an expired one', async () => {
    renderPage(fakeProvider([nightly, old]));
    const rows = await screen.findAllByRole('row');
    const cells = rows.slice(1).map(row => within(row).getAllByRole('cell').map(cell => cell.textContent));
    expect(rows.slice(1).map(row => within(row).getByRole('rowheader').textContent)).toEqual(['Nightly export', 'Old script']);
    expect(cells[0].slice(1, 3)).toEqual(['Not used yet', 'Never']);
    expect(cells[1][2]).toMatch(/Expired$/);
  });

  it('shows a new key once, with a copy button, and sends the name and lifetime chosen', async () => {
    const provider = fakeProvider([]);
    const writeText = jest.fn(async () => undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    renderPage(provider);
    expect(await screen.findByText('You have no API keys.')).toBeTruthy();

    fireEvent.change(screen.getByRole('textbox', { name: /Name/ }), { target: { value: ' Payments export ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Key “Payments export” created' });
    expect(provider.createApiKey).toHaveBeenCalledWith({ name: 'Payments export', expires_in_days: 90 });
    expect((within(dialog).getByRole('textbox') as HTMLInputElement).value).toBe('csk_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('csk_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('asks for a name before sending anything', async () => {
    const provider = fakeProvider([]);
    renderPage(provider);
    fireEvent.click(await screen.findByRole('button', { name: 'Create key' }));
    expect(await screen.findByText('Name the key after the script that will use it')).toBeTruthy();
    expect(provider.createApiKey).not.toHaveBeenCalled();
  });

  it('revokes a key only once confirmed', async () => {
    const provider = fakeProvider([nightly]);
    renderPage(provider);
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke the key “Nightly export”' }));
    const confirm = await screen.findByRole('dialog', { name: 'Revoke “Nightly export”?' });
    expect(provider.revokeApiKey).not.toHaveBeenCalled();
    fireEvent.click(within(confirm).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(provider.revokeApiKey).toHaveBeenCalledWith(7));
  });
});
