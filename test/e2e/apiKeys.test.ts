import { baseUrl, describeE2E, signIn, useBrowser } from './support/portal';

/**
 * A programme manager makes an API key under the account menu, a script exports referrals
 * with it as the manager would see them, and once revoked the key is refused.
 */
describeE2E('API keys', () => {
  const browser = useBrowser();

  test('a key made in the dashboard exports what its user sees, and stops when revoked', async () => {
    const session = await signIn(browser(), 'pm');
    const { page } = session;
    try {
      await page.getByRole('banner').getByRole('button', { name: 'Profile' }).click();
      await page.getByRole('menuitem', { name: 'API keys' }).click();
      const main = page.getByRole('main');
      await main.getByRole('heading', { level: 2, name: 'API keys' }).waitFor();

      await main.getByRole('textbox', { name: 'Name' }).fill('Monthly referrals export');
      await main.getByRole('button', { name: 'Create key' }).click();
      const dialog = page.getByRole('dialog', { name: 'Key “Monthly referrals export” created' });
      const key = await dialog.getByRole('textbox', { name: 'API key' }).inputValue();
      expect(key).toMatch(/^csk_/);
      await dialog.getByRole('button', { name: 'Done' }).click();
      const row = main.getByRole('row').filter({ hasText: 'Monthly referrals export' });
      await row.getByText('Not used yet').waitFor();

      const export_ = await fetch(`${baseUrl()}/api/referrals?format=csv`, { headers: { Authorization: `Bearer ${key}` } });
      expect(export_.status).toBe(200);
      const rows = (await export_.text()).split('\r\n').filter(Boolean).length - 1;
      // as many as the manager's own list counts, with the page's session
      const list = await page.context().request.get('/api/referrals?range=[0,0]');
      expect(rows).toBe(Number(list.headers()['content-range'].split('/').pop()));
      expect(rows).toBeGreaterThan(0);

      await row.getByRole('button', { name: 'Revoke the key “Monthly referrals export”' }).click();
      const confirm = page.getByRole('dialog', { name: 'Revoke “Monthly referrals export”?' });
      // the open dialog hides the table from role queries, so the row "leaves" before the answer:
      // wait for the server's answer itself
      const revoked = page.waitForResponse((answer) => answer.request().method() === 'DELETE' && answer.url().includes('/api/auth/api_keys/'));
      await confirm.getByRole('button', { name: 'Revoke' }).click();
      expect((await revoked).status()).toBe(200);
      await page.getByText('Key “Monthly referrals export” revoked').waitFor();
      await row.waitFor({ state: 'detached' });
      expect((await fetch(`${baseUrl()}/api/referrals?format=csv`, { headers: { Authorization: `Bearer ${key}` } })).status).toBe(401);
      expect(session.pageErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
