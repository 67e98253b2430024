import type { Page } from 'playwright-core';
import { MESSAGES } from '../../contract/messages';
import { serverMessagesFr } from '../../dashboard/src/i18n/serverFr';
import { apiGet, apiPost, describeE2E, isoDay, notification, signIn, useBrowser, USERS, type Session } from './support/portal';

/**
 * In French, the pages a user goes through show no English message of the server: the
 * refusals the server answers in English (and by code) read in French, field errors included.
 * The visible text of each page is collected and searched for every phrase of the English
 * catalogue (contract/messages.ts).
 */
const englishPhrases = [
  ...new Set(
    Object.values(MESSAGES)
      .flatMap((template) => template.split(/%\{\w+\}/))
      .map((part) => part.trim())
      .filter((part) => part.length >= 12 && part.includes(' ')),
  ),
];

const visibleText = (page: Page) => page.evaluate(() => document.body.innerText);

function englishIn(text: string): string[] {
  return englishPhrases.filter((phrase) => text.includes(phrase));
}

describeE2E('French', () => {
  const browser = useBrowser();
  let session: Session;
  let page: Page;

  beforeAll(async () => {
    session = await signIn(browser(), 'pm');
    page = session.page;
    await page.getByRole('banner').getByRole('button', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'Français' }).click();
    await page.getByRole('main').getByRole('heading', { level: 2, name: 'Tableau de bord' }).waitFor();
  });
  afterAll(() => session?.close());

  test('the catalogue has phrases to look for', () => {
    expect(englishPhrases.length).toBeGreaterThan(100);
    expect(englishPhrases).toContain('The end date cannot be before the placement started (');
  });

  test('a refusal of the server, its field error and the pages around it read in French', async () => {
    const texts: string[] = [await visibleText(page)];
    const [placement] = await apiGet(page, 'placements', { filter: { status: 'active' }, sort: ['id', 'DESC'], range: [0, 0] });
    const main = page.getByRole('main');

    await page.goto('/#/children');
    await main.getByRole('row').nth(1).waitFor();
    texts.push(await visibleText(page));

    await page.goto(`/#/children/${placement.child_id}/show`);
    await main.getByRole('tab', { name: 'Placements', exact: true }).waitFor();
    texts.push(await visibleText(page));

    await page.goto(`/#/placements/${placement.id}/show`);
    await main.getByRole('button', { name: 'Mettre fin au placement' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mettre fin au placement' });
    const dayBefore = new Date(Date.parse(`${placement.start_date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await dialog.getByLabel('Date de fin').fill(dayBefore);
    await dialog.getByLabel('Motif de fin').fill('Déménagement (e2e)');
    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/placements/${placement.id}/end`));
    await dialog.getByRole('button', { name: 'Mettre fin au placement' }).click();
    const response = await refused;
    expect(response.status()).toBe(422);
    // the server said it in English, and by code
    const body = await response.json();
    expect(body).toMatchObject({
      message: `The end date cannot be before the placement started (${placement.start_date})`,
      message_code: 'placement_end_before_start',
      params: { date: placement.start_date },
      field_codes: { end_date: { message_code: 'field_on_or_after', params: { date: placement.start_date } } },
    });
    await notification(page, `La date de fin ne peut pas précéder le début du placement (${placement.start_date})`).waitFor();
    await dialog.getByText(`doit être le ${placement.start_date} ou après`).waitFor();
    texts.push(await visibleText(page));
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await apiGet(page, `placements/${placement.id}`)).status).toBe('active');

    expect(texts.flatMap(englishIn)).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });

  test('a list refused for a filter it does not know says so in French (a refusal that was plain English)', async () => {
    const refused = page.waitForResponse((r) => r.url().includes('/api/placements?') && r.status() === 400);
    await page.goto(`/#/placements?filter=${encodeURIComponent(JSON.stringify({ colour: 'red' }))}`);
    const body = await (await refused).json();
    expect(body).toMatchObject({ code: 'validation_failed', message_code: 'filter_unknown', params: { key: 'colour', resource: 'placements' } });
    await page.getByText('Filtre inconnu « colour » pour les fiches « placements »', { exact: false }).first().waitFor();
    expect(englishIn(await visibleText(page))).toEqual([]);
  });

  test('a notification reads in French', async () => {
    // end placements until one whose end the signed-in manager is told of (its place is theirs);
    // ended today, so their plans stay in service for ten days (an end recorded ten days late
    // closes them at once, and other browser tests work on those plans' check-ins)
    const placements = await apiGet(page, 'placements', { filter: { status: 'active', start_date_lte: isoDay(0) }, sort: ['id', 'ASC'], range: [0, 9] });
    let child: { first_name: string; last_name: string } | null = null;
    for (const placement of placements) {
      await apiPost(page, `placements/${placement.id}/end`, { end_date: isoDay(0), end_reason: 'Fin (e2e)' });
      const told = await apiGet(page, 'notifications', { filter: { kind: 'placement_ended', record_id: String(placement.id) } });
      if (told.length) {
        child = await apiGet(page, `children/${placement.child_id}`);
        break;
      }
    }
    if (!child) throw new Error('the manager was told of none of the placements ended');
    await page.goto('/#/');
    await page.reload();
    await page.getByRole('banner').getByRole('button', { name: /^Notifications : \d+ non lue/ }).click();
    const told = page.locator('.MuiPopover-root').getByRole('menu').getByText(`Le placement de ${child.first_name} ${child.last_name}`, { exact: false }).first();
    await told.waitFor();
    expect(englishIn(await visibleText(page))).toEqual([]);
    await page.keyboard.press('Escape');
    await told.waitFor({ state: 'hidden' });

    // the notifications list says each message from its parts too, not the stored English
    await page.goto('/#/notifications');
    const row = page.getByRole('main').getByRole('row').filter({ hasText: `Le placement de ${child.first_name} ${child.last_name}` }).first();
    await row.waitFor();
    await row.getByText('Fin de placement').waitFor();
    expect(englishIn(await visibleText(page))).toEqual([]);
  });

  test('a refused import lists its cells in French, on the import page’s history record too', async () => {
    const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'csrf_token')?.value ?? '';
    const file = 'first_name,last_name,birth_date\r\nAna,Importée,2031-02-30\r\nBo,Importé,2015-01-01\r\nBo"b,Importé,2015-01-02\r\n';
    const response = await page.context().request.post('/api/children/import', {
      multipart: { file: { name: 'enfants.csv', mimeType: 'text/csv', buffer: Buffer.from(file) } },
      headers: { 'X-CSRF-Token': csrf },
    });
    // a small file is read whole: its stray quote refuses it, by code and position
    expect(response.status()).toBe(400);
    expect(await response.json()).toMatchObject({ message_code: 'import_csv_opening_quote', params: { row: 4, column: 1 } });
    const bad = await page.context().request.post('/api/children/import', {
      multipart: { file: { name: 'enfants.csv', mimeType: 'text/csv', buffer: Buffer.from(file.slice(0, file.lastIndexOf('Bo"b'))) } },
      headers: { 'X-CSRF-Token': csrf },
    });
    expect(bad.status()).toBe(422);
    const refused = await bad.json();
    expect(refused.errors).toEqual([expect.objectContaining({ row: 2, field: 'birth_date', message_code: 'field_date' })]);
    await page.goto(`/#/imports/${refused.import_id}/show`);
    const problems = page.getByRole('main').getByRole('table', { name: 'Problèmes trouvés' });
    await problems.getByText('doit être une date AAAA-MM-JJ').waitFor();
    expect(englishIn(await visibleText(page))).toEqual([]);
  });

  test('the CSP measures and their definitions read in French', async () => {
    await page.goto('/#/reports/csp-measures');
    await page.getByText('Total des dépenses financées par le ministère', { exact: false }).first().waitFor();
    const text = await visibleText(page);
    expect(text).not.toContain('Total ministry-funded expenses');
    expect(englishIn(text)).toEqual([]);
  });

  test('signing in with a wrong password is refused in French', async () => {
    await page.getByRole('banner').getByRole('button', { name: /profil|compte|Profile|account/i }).click();
    await page.getByRole('menuitem', { name: 'Déconnexion' }).click();
    await page.locator('input[name="email"]').fill(USERS.pm);
    await page.locator('input[name="password"]').fill('not the password');
    await page.getByRole('button', { name: 'Connexion' }).click();
    await notification(page, serverMessagesFr.wrong_credentials).waitFor();
    expect(englishIn(await visibleText(page))).toEqual([]);
  });
});
