import type { Page } from 'playwright-core';
import type { ComplianceCalendar, ComplianceItem } from '../../contract/compliance';
import type { DataQualityScorecard } from '../../contract/dataQuality';
import type { ReconciliationGapRow } from '../../contract/reconciliation';
import { apiGet, describeE2E, isoDay, signIn, useBrowser, type Session } from './support/portal';

/**
 * The compliance calendar, the data-quality scorecard and the reconciliation work list, each as
 * the user it is for: the worker's calendar shows an overdue check-in and opens it; a count of
 * the manager's scorecard opens exactly its records; finance finds a gap on its work list and
 * on the request's page.
 */
describeE2E('data stewardship', () => {
  const browser = useBrowser();
  const sessions: Session[] = [];
  const open = async (user: Parameters<typeof signIn>[1]): Promise<Page> => {
    const session = await signIn(browser(), user);
    sessions.push(session);
    return session.page;
  };
  afterAll(() => Promise.all(sessions.map((s) => s.close())));
  afterEach(() => {
    for (const session of sessions) expect(session.pageErrors).toEqual([]);
  });

  test('the calendar shows an overdue monthly check-in, and opens it', async () => {
    const page = await open('worker');
    const [item] = await apiGet<ComplianceItem[]>(page, 'compliance', {
      from: isoDay(-365),
      to: isoDay(-1),
      filter: { rule: 'monthly_check_in', status: 'overdue' },
      sort: ['due_on', 'DESC'],
      range: [0, 0],
    });
    expect(item).toMatchObject({ rule: 'monthly_check_in', status: 'overdue' });
    const { counts } = await apiGet<ComplianceCalendar>(page, 'compliance/calendar', { from: item.due_on, to: item.due_on, filter: { rule: 'monthly_check_in' } });
    const count = counts.find((c) => c.status === 'overdue')!.count;

    await page.getByRole('menu').getByRole('menuitem', { name: 'Compliance calendar', exact: true }).click();
    await page.getByRole('main').getByRole('heading', { level: 2, name: 'Compliance calendar' }).waitFor();
    // back from this month to the month the check-in fell due in
    const monthsBack = (Number(isoDay().slice(0, 4)) - Number(item.due_on.slice(0, 4))) * 12 + Number(isoDay().slice(5, 7)) - Number(item.due_on.slice(5, 7));
    for (let i = 0; i < monthsBack; i += 1) await page.getByRole('button', { name: 'Previous month' }).click();
    const chip = page.getByRole('button', { name: `Monthly check-in: ${count} Overdue on ${item.due_on}. Open the list` });
    await chip.waitFor();
    expect(await chip.innerText()).toBe(`Monthly check-in: ${count}`);

    await chip.click();
    await page.waitForURL(new RegExp(`view=list.*due_on=${item.due_on}|due_on=${item.due_on}.*view=list`));
    const row = page.getByRole('main').getByRole('row').filter({ hasText: item.child_name! });
    await row.first().waitFor();
    expect(await page.getByRole('main').getByRole('row').count()).toBe(1 + count);
    await row.first().getByRole('link').click();
    await page.waitForURL(new RegExp(`#/${item.resource}/\\d+/show$`));
  });

  test('a scorecard count opens exactly its records', async () => {
    const page = await open('manager');
    const card = await apiGet<DataQualityScorecard>(page, 'data_quality');
    const check = card.checks.find((c) => c.total > 0)!;
    expect(check).toBeDefined();

    await page.getByRole('menu').getByRole('menuitem', { name: 'Data quality', exact: true }).click();
    const checks = page.getByRole('main').getByRole('region', { name: 'Checks' });
    await checks.waitFor();
    const link = checks.getByRole('link', { name: new RegExp(`^${check.total} .* \\(everything you see\\): open the records$`) });
    expect(await link.count()).toBe(1);
    await link.click();
    await page.waitForURL(new RegExp(`#/data-quality/${check.key}$`));
    await page.getByRole('status').filter({ hasText: `${check.total} record` }).waitFor();
    const rows = page.getByRole('main').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(Math.min(check.total, 25));
    // the row's first cell: one further along may be a link to another record (the child)
    await rows.first().locator('td').first().click();
    await page.waitForURL(new RegExp(`#/${check.resource}/\\d+/show$`));
  });

  test('finance finds a reconciliation gap on its work list and on the request', async () => {
    const page = await open('finance');
    const today = isoDay();
    const fiscalYear = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 4 ? 1 : 0);
    const period = { from: `${fiscalYear}-04-01`, to: `${fiscalYear + 1}-03-31` };
    const [first] = await apiGet<ReconciliationGapRow[]>(page, 'payment_reconciliation', { ...period, sort: ['service_month', 'ASC'], range: [0, 0] });
    expect(first).toBeDefined();

    await page.getByRole('menu').getByRole('menuitem', { name: 'Payment reconciliation', exact: true }).click();
    const table = page.getByRole('main').getByRole('table', { name: 'Payment reconciliation' });
    await table.waitFor();
    const row = table.getByRole('row').nth(1);
    expect(await row.innerText()).toContain(first.contract_number!);
    expect(await row.innerText()).toContain(first.detail);

    const [supportGap] = await apiGet<ReconciliationGapRow[]>(page, 'payment_reconciliation', {
      from: `${fiscalYear - 2}-04-01`,
      to: period.to,
      filter: { kind: 'support', gap: 'paid_without_numbers' },
      range: [0, 0],
    });
    await page.goto(`/#/support_requests/${supportGap.support_request_id}/show`);
    const section = page.getByRole('main').getByRole('region', { name: 'Payments reconciled' });
    await section.waitFor();
    await section.getByText('Paid without numbers').first().waitFor();
    // The hand-made show keeps the files every support request carries.
    await page.getByRole('main').getByRole('heading', { name: 'Attachments', level: 2 }).waitFor();
  });
});
