import type { Page } from 'playwright-core';
import { baseUrl, DEMO_PASSWORD, describeE2E, signIn, useBrowser, USERS, type Session } from './support/portal';

/**
 * A coordinator submits its organisation's interim CSP measures of the last fiscal year; a
 * referral entered late, inside the period, leaves the submission as it was, and the
 * submission's page shows the measures it changed and the referral added since.
 */

/** A bearer token of a demo user, for writing test records through the API (not for asserting the UI). */
async function tokenOf(email: string): Promise<string> {
  const login = await fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  return ((await login.json()) as { token: string }).token;
}

const measureRow = (page: Page, name: string) =>
  page.getByRole('main').getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });

describeE2E('submissions', () => {
  const browser = useBrowser();
  let session: Session;
  let page: Page;

  beforeAll(async () => {
    session = await signIn(browser(), 'spc');
    page = session.page;
  });
  afterAll(() => session?.close());

  test('a submission keeps its values; the referral entered after it shows as added since', async () => {
    await page.goto('/#/submissions');
    await page.getByRole('main').getByRole('heading', { level: 2, name: 'Submissions of the CSP measures' }).waitFor();
    await page.getByRole('button', { name: /^Submit Interim \(April–December\) for / }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Note (optional)' }).fill('Browser test');
    await dialog.getByRole('button', { name: 'Submit', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: /^Submitted on .+ by / }).click();
    await page.waitForURL(/#\/submissions\/\d+$/);
    const main = page.getByRole('main');
    await main.getByRole('heading', { level: 2, name: /^Interim \(April–December\) \d{4}–\d{2}, revision 1$/ }).waitFor();
    await main.getByText('The stored content still gives this signature: it has not changed since it was submitted.').waitFor();
    const referrals = measureRow(page, '# of New Referrals: SPC');
    const submitted = Number((await referrals.getByRole('cell').nth(0).innerText()).replace(/\D/g, ''));
    // today's numbers (the drift) arrive after the frozen ones: wait for them
    await referrals.getByRole('cell').nth(2).filter({ hasText: 'Unchanged' }).waitFor();

    // a CSP referral of the submitted period, entered now
    const me = await (await fetch(`${baseUrl()}/api/auth/me`, { headers: { Authorization: `Bearer ${await tokenOf(USERS.spc)}` } })).json();
    const year = Number((await main.getByRole('heading', { level: 2 }).innerText()).match(/(\d{4})–/)![1]);
    const created = await fetch(`${baseUrl()}/api/referrals`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await tokenOf(USERS.spc)}` },
      body: JSON.stringify({ organization_id: me.organization_id, program: 'CSP', referral_date: `${year}-09-15`, source_type: 'self_family' }),
    });
    expect(created.status).toBe(201);
    const referral = (await created.json()) as { id: number };

    await page.reload();
    await main.getByRole('heading', { level: 2, name: /revision 1$/ }).waitFor();
    const after = measureRow(page, '# of New Referrals: SPC');
    await after.getByRole('cell').filter({ hasText: '1 added, 0 removed, 0 changed' }).waitFor();
    expect(Number((await after.getByRole('cell').nth(0).innerText()).replace(/\D/g, ''))).toBe(submitted);
    expect(Number((await after.getByRole('cell').nth(1).innerText()).replace(/\D/g, ''))).toBe(submitted + 1);
    expect(await measureRow(page, '# of New Referrals Self-Referred or Referred by Family: SPC').getByRole('cell').nth(2).innerText()).toBe('1 added, 0 removed, 0 changed');
    expect(await measureRow(page, 'Hours of Direct Service Time Spent (Total): SPC').getByRole('cell').nth(2).innerText()).toBe('Unchanged');

    await after.getByRole('button', { name: 'The records of # of New Referrals: SPC added or removed since' }).click();
    const since = page.getByRole('region', { name: '# of New Referrals: SPC: records since the submission' });
    await since.getByText('1 of 1 records that differ').waitFor();
    const row = since.getByRole('row').nth(1);
    expect(await row.getByRole('cell').first().innerText()).toBe('Added since');
    expect(await row.getByRole('link').first().getAttribute('href')).toBe(`#/referrals/${referral.id}/show`);
    expect(session.pageErrors).toEqual([]);
  });
});
