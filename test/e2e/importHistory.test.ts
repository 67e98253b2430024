import { CSRF_COOKIE, CSRF_HEADER } from '../../contract/auth';
import { seriousViolations } from './support/axe';
import { apiGet, chooseOption, describeE2E, notification, useSignedInPage } from './support/portal';

/**
 * Bulk import and record history, as an administrator: a file with a bad row is refused with
 * that row named, a good file is imported and the same file again creates nothing; a child's
 * History tab restores a field's earlier value, and so does a support request's (a page with a
 * layout of its own); the audit list, filtered by the restorer, reads as who changed what, and
 * passes axe-core.
 */
describeE2E('import and history', () => {
  const { page, session } = useSignedInPage('admin');
  const tag = `E2e${Date.now().toString(36)}`;
  afterEach(() => expect(session.pageErrors).toEqual([]));

  const importFile = async (name: string, text: string) => {
    await page.locator('[data-testid="import-file"]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.getByRole('table', { name: 'Columns' }).waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
  };

  test('refuses a file with a bad row, naming it, then imports a good file once', async () => {
    await page.getByRole('menu').getByRole('menuitem', { name: 'Import', exact: true }).click();
    await page.getByRole('main').getByRole('heading', { level: 2, name: 'Import a file' }).waitFor();
    await chooseOption(page, 'Records to create', 'Children');

    await importFile('bad.csv', `first_name,last_name,birth_date\r\nAda,${tag},2015-02-03\r\nBea,${tag},2015-02-30\r\n`);
    await page.getByText('One problem in the file: nothing was imported. Correct the row below and try again.').waitFor();
    const errors = page.getByRole('table', { name: 'Problems found' }).getByRole('row');
    expect(await errors.count()).toBe(2);
    expect(await errors.nth(1).getByRole('cell').allInnerTexts()).toEqual(['3', 'birth_date', 'must be a date YYYY-MM-DD']);
    expect(await apiGet(page, 'children', { filter: { q: tag } })).toEqual([]);

    const good = `first_name,last_name,birth_date\r\nAda,${tag},2015-02-03\r\nBea,${tag},2015-02-28\r\n`;
    await importFile('good.csv', good);
    await page.getByText('Imported: 2 records created from 2 rows.').waitFor();
    await importFile('good-again.csv', good);
    await page.getByText(/^This file was already imported \(import \d+\): nothing was created twice\.$/).waitFor();
    expect(await apiGet<unknown[]>(page, 'children', { filter: { q: tag } })).toHaveLength(2);
  });

  test('restores a field from a child’s History tab', async () => {
    const child = (await apiGet<{ id: number; first_name: string }[]>(page, 'children', { filter: { q: tag } })).find((c) => c.first_name === 'Ada')!;
    const csrf = (await page.context().cookies()).find((c) => c.name === CSRF_COOKIE)!.value;
    const edited = await page.context().request.put(`/api/children/${child.id}`, { data: { first_name: 'Adelaide' }, headers: { [CSRF_HEADER]: csrf } });
    expect(edited.status()).toBe(200);

    await page.goto(`${new URL(page.url()).origin}/#/children/${child.id}/show/history`);
    await page.getByRole('button', { name: 'Restore First name to Ada' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await notification(page, 'Restored').waitFor();
    expect(await apiGet(page, `children/${child.id}`)).toMatchObject({ first_name: 'Ada' });
  });

  test('restores a field from a support request’s History tab, and the audit list shows who did it and the diff', async () => {
    const [request] = await apiGet<{ id: number; version: number }[]>(page, 'support_requests', { filter: { status: 'draft' }, sort: ['id', 'ASC'], range: [0, 0] });
    const csrf = (await page.context().cookies()).find((c) => c.name === CSRF_COOKIE)!.value;
    const put = (justification: string, version: number) =>
      page.context().request.put(`/api/support_requests/${request.id}`, { data: { justification, version }, headers: { [CSRF_HEADER]: csrf } });
    expect((await put(`First reason ${tag}`, request.version)).status()).toBe(200);
    expect((await put(`Second reason ${tag}`, request.version + 1)).status()).toBe(200);

    await page.goto(`${new URL(page.url()).origin}/#/support_requests/${request.id}/show`);
    await page.getByRole('main').getByRole('tab', { name: 'History' }).click();
    await page.getByRole('button', { name: `Restore Justification to First reason ${tag}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await notification(page, 'Restored').waitFor();
    expect(await apiGet(page, `support_requests/${request.id}`)).toMatchObject({ justification: `First reason ${tag}`, version: request.version + 3 });
    await page.getByRole('main').getByText(/^Justification, from the version before .+’s change of /).waitFor();

    const [restore] = await apiGet<{ user_id: number }[]>(page, 'audit_events', { filter: { resource: 'support_requests', record_id: String(request.id), action: 'restore' } });
    await page.goto(`${new URL(page.url()).origin}/#/audit_events?filter=${encodeURIComponent(JSON.stringify({ user_id: restore.user_id, resource: 'support_requests' }))}`);
    const row = page.getByRole('main').getByRole('row').filter({ hasText: `justification: Second reason ${tag} → First reason ${tag}` });
    await row.waitFor();
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells).toEqual(expect.arrayContaining(['Restored', 'Support request', `justification: Second reason ${tag} → First reason ${tag}`]));
    // The resource filter names the kind of record, as the list does.
    expect(await page.getByRole('main').getByRole('combobox', { name: 'Resource' }).innerText()).toBe('Support requests');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
