import type { Locator, Page } from 'playwright-core';
import { seriousViolations } from './support/axe';
import { apiGet, baseUrl, DEMO_PASSWORD, describeE2E, signIn, useBrowser, USERS, type Session } from './support/portal';

/**
 * A coordinator submits its organisation's interim CSP measures of the last fiscal year; a
 * referral entered late, inside the period, leaves the submission as it was, and the
 * submission's page shows the measures it changed and the referral added since, a page at a
 * time. A resubmission's page shows what it changed from the revision before; the print view
 * carries the revision, the submitter and the signature; a system administrator withdraws it
 * with a reason. Each test goes on from the one before.
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

/** Waits until the table of `region` has `count` rows, its header row included. */
async function waitForRows(region: Locator, count: number): Promise<void> {
  await region.getByRole('row').nth(count - 1).waitFor();
  await region.getByRole('row').nth(count).waitFor({ state: 'detached' });
}

const measureRow = (page: Page, name: string) =>
  page.getByRole('main').getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });

describeE2E('submissions', () => {
  const browser = useBrowser();
  let session: Session;
  let page: Page;

  /** what the tests share, as the first one finds it */
  let year: number;
  let organizationId: number;
  let submitted: number;
  let revision2: number;

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
    submitted = Number((await referrals.getByRole('cell').nth(0).innerText()).replace(/\D/g, ''));
    // today's numbers (the drift) arrive after the frozen ones: wait for them
    await referrals.getByRole('cell').nth(2).filter({ hasText: 'Unchanged' }).waitFor();

    // a CSP referral of the submitted period, entered now
    const me = await (await fetch(`${baseUrl()}/api/auth/me`, { headers: { Authorization: `Bearer ${await tokenOf(USERS.spc)}` } })).json();
    organizationId = me.organization_id;
    year = Number((await main.getByRole('heading', { level: 2 }).innerText()).match(/(\d{4})–/)![1]);
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
    await since.getByText('1 record differs', { exact: true }).waitFor();
    const row = since.getByRole('row').nth(1);
    expect(await row.getByRole('cell').first().innerText()).toBe('Added since');
    expect(await row.getByRole('link').first().getAttribute('href')).toBe(`#/referrals/${referral.id}/show`);
    expect(session.pageErrors).toEqual([]);
  });

  test('the records since the submission come a page at a time', async () => {
    // 25 more referrals of the submitted period: 26 added since, one page of 25 and a second of 1
    const token = await tokenOf(USERS.spc);
    for (let day = 1; day <= 25; day += 1) {
      const created = await fetch(`${baseUrl()}/api/referrals`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ organization_id: organizationId, program: 'CSP', referral_date: `${year}-10-${String(day).padStart(2, '0')}`, source_type: 'school_educator' }),
      });
      expect(created.status).toBe(201);
    }
    await page.reload();
    const referrals = measureRow(page, '# of New Referrals: SPC');
    await referrals.getByRole('cell').filter({ hasText: '26 added, 0 removed, 0 changed' }).waitFor();
    await referrals.getByRole('button', { name: 'The records of # of New Referrals: SPC added or removed since' }).click();
    const since = page.getByRole('region', { name: '# of New Referrals: SPC: records since the submission' });
    await since.getByText('26 records differ', { exact: true }).waitFor();
    await since.getByText('1–25 of 26').waitFor();
    expect(await since.getByRole('row').count()).toBe(26);
    await since.getByRole('button', { name: 'Go to next page' }).click();
    await since.getByText('26–26 of 26').waitFor();
    await waitForRows(since, 2);
    expect(session.pageErrors).toEqual([]);
  });

  test('a resubmission shows what it changed from the revision before', async () => {
    await page.goto('/#/submissions');
    await page.getByRole('button', { name: /^Submit Interim \(April–December\) for / }).click();
    const dialog = page.getByRole('dialog');
    const resubmit = dialog.getByRole('button', { name: 'Resubmit', exact: true });
    expect(await resubmit.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'What changed since the last revision' }).fill('Late referrals of October');
    await resubmit.click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: /^Resubmitted \(revision 2\) on .+ by / }).click();
    await page.waitForURL(/#\/submissions\/\d+$/);
    revision2 = Number(page.url().match(/submissions\/(\d+)$/)![1]);
    const main = page.getByRole('main');
    await main.getByRole('heading', { level: 2, name: /, revision 2$/ }).waitFor();
    // withdrawing is the system administrator's, not the coordinator's
    expect(await main.getByRole('button', { name: 'Withdraw' }).count()).toBe(0);

    await main.getByRole('link', { name: 'Changes from revision 1' }).click();
    await page.waitForURL(new RegExp(`#/submissions/${revision2}/changes$`));
    await main.getByRole('heading', { level: 2, name: /revision 2: changes from the revision before$/ }).waitFor();
    await main.getByText('Reason for this revision: Late referrals of October').waitFor();
    const referrals = measureRow(page, '# of New Referrals: SPC');
    await referrals.waitFor();
    const cells = await referrals.getByRole('cell').allInnerTexts();
    expect([Number(cells[0].replace(/\D/g, '')), Number(cells[1].replace(/\D/g, '')), cells[2]]).toEqual([submitted, submitted + 26, '26 added, 0 removed, 0 changed']);
    expect(await measureRow(page, 'Hours of Direct Service Time Spent (Total): SPC').getByRole('cell').nth(2).innerText()).toBe('Unchanged');
    await referrals.getByRole('button', { name: 'The records of # of New Referrals: SPC that differ from the revision before' }).click();
    const rows = page.getByRole('region', { name: '# of New Referrals: SPC: records that differ from revision 1' });
    await rows.getByText('26 records differ', { exact: true }).waitFor();
    expect(await rows.getByRole('row').nth(1).getByRole('cell').first().innerText()).toBe('Added since');
    const revision1 = await apiGet(page, 'report_submissions', { filter: { organization_id: organizationId, fiscal_year: year, period: 'interim', revision: 1 } });
    expect(await main.getByRole('link', { name: 'Open revision 1' }).getAttribute('href')).toBe(`#/submissions/${revision1[0].id}`);
    expect(await seriousViolations(page)).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });

  test('the print view carries the measures, the revision, the submitter and the signature', async () => {
    await page.goto(`/#/submissions/${revision2}`);
    await page.getByRole('main').getByRole('link', { name: 'Print view' }).click();
    await page.waitForURL(new RegExp(`#/submissions/${revision2}/print$`));
    const stored = await apiGet(page, `report_submissions/${revision2}`);
    await page.getByRole('heading', { level: 2, name: /^Interim \(April–December\) \d{4}–\d{2}, revision 2$/ }).waitFor();
    await page.getByText(`Signature (SHA-256): ${stored.digest}`).waitFor();
    await page.getByText('Revision 2', { exact: true }).waitFor();
    await page.getByText(new RegExp(`^Submitted by ${stored.submitted_by_name} on `)).waitFor();
    await page.getByText('Reason for this revision: Late referrals of October').waitFor();
    const referrals = measureRow(page, '# of New Referrals: SPC');
    expect(Number((await referrals.getByRole('cell').nth(1).innerText()).replace(/\D/g, ''))).toBe(submitted + 26);
    // a page of its own: no menu; printed, without its buttons
    expect(await page.getByRole('menuitem').count()).toBe(0);
    const print = page.getByRole('button', { name: 'Print', exact: true });
    expect(await print.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await print.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    expect(await seriousViolations(page)).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });

  test('a system administrator withdraws a submission with a reason; the menu lists Submissions once', async () => {
    const admin = await signIn(browser(), 'admin');
    try {
      const menu = admin.page.getByRole('menuitem', { name: 'Submissions', exact: true });
      await menu.waitFor();
      expect(await admin.page.getByRole('menuitem', { name: /^(Report submissions|Submission due dates)$/ }).count()).toBe(0);
      await menu.click();
      expect(await admin.page.getByRole('main').getByRole('link', { name: 'Due dates' }).getAttribute('href')).toBe('#/submission_due_dates');

      await admin.page.goto(`/#/submissions/${revision2}`);
      const main = admin.page.getByRole('main');
      await main.getByRole('heading', { level: 2, name: /, revision 2$/ }).waitFor();
      await main.getByRole('button', { name: 'Withdraw' }).click();
      const dialog = admin.page.getByRole('dialog', { name: 'Withdraw revision 2' });
      const confirm = dialog.getByRole('button', { name: 'Withdraw' });
      expect(await confirm.isDisabled()).toBe(true);
      await dialog.getByRole('textbox', { name: 'Reason for the withdrawal' }).fill('Sent by mistake');
      await confirm.click();
      await dialog.waitFor({ state: 'detached' });
      await main.getByText('Withdrawn: Sent by mistake').waitFor();
      expect(await main.getByRole('button', { name: 'Withdraw' }).count()).toBe(0);
      expect((await apiGet(admin.page, `report_submissions/${revision2}`)).withdrawal_reason).toBe('Sent by mistake');
      expect(admin.pageErrors).toEqual([]);
    } finally {
      await admin.close();
    }
  });
});
