import type { Page } from 'playwright-core';
import { apiGet, CHART_TITLES, chartDrawingOfReport, dashboardHeading, dashboardWithData, describeE2E, signIn, useBrowser, waitForChartData, type DemoUser } from './support/portal';

/**
 * Three roles sign in through the sign-in page, land on the dashboard with its four charts
 * drawn from the demo data, and see the buttons their permissions allow and no others.
 */
const ROLES: { user: DemoUser; name: string; createsChildren: boolean }[] = [
  { user: 'manager', name: 'ministry manager', createsChildren: false },
  { user: 'pm', name: 'program manager', createsChildren: true },
  { user: 'worker', name: 'portal worker', createsChildren: false },
];

async function paymentButtons(page: Page, id: number): Promise<string[]> {
  await page.goto(`/#/payments/${id}/show`);
  const main = page.getByRole('main');
  await main.getByText('Scheduled', { exact: true }).first().waitFor();
  return main.getByRole('button').allInnerTexts();
}

describeE2E('each role signs in', () => {
  const browser = useBrowser();

  test.each(ROLES)('the $name sees the four charts with data and only the actions the role allows', async ({ user, createsChildren }) => {
    const session = await signIn(browser(), user);
    const { page } = session;
    try {
      const me = await apiGet(page, 'auth/me');
      await page.getByRole('banner').getByText(me.full_name).waitFor();
      const period = await dashboardWithData(page);
      for (const title of CHART_TITLES) {
        const expected = await chartDrawingOfReport(page, title, period);
        expect(await waitForChartData(page, title, expected)).toEqual(expected);
      }

      await page.getByRole('menu').getByRole('menuitem', { name: 'Children', exact: true }).click();
      await page.getByRole('main').getByRole('row').nth(1).waitFor();
      const create = page.getByRole('main').getByRole('link', { name: 'Create' });
      expect(await create.count()).toBe(createsChildren ? 1 : 0);
      expect(session.pageErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });

  test('finance may cancel a scheduled payment; a portal worker sees it without finance actions', async () => {
    const worker = await signIn(browser(), 'worker');
    const finance = await signIn(browser(), 'finance');
    try {
      const [payment] = await apiGet(worker.page, 'payments', { filter: { status: 'scheduled' }, range: [0, 0] });
      expect(payment).toBeDefined();
      const financeButtons = await paymentButtons(finance.page, payment.id);
      expect(financeButtons.map((b) => b.toLowerCase())).toEqual(expect.arrayContaining(['cancel payment', 'record as paid']));
      const workerButtons = (await paymentButtons(worker.page, payment.id)).map((b) => b.toLowerCase());
      expect(workerButtons).not.toContain('cancel payment');
      expect(workerButtons).not.toContain('record as paid');
      expect(workerButtons).not.toContain('edit');
    } finally {
      await worker.close();
      await finance.close();
    }
  });

  test('signing out returns to the sign-in page', async () => {
    const session = await signIn(browser(), 'manager');
    const { page } = session;
    try {
      await page.getByRole('banner').getByRole('button', { name: 'Profile' }).click();
      await page.getByRole('menuitem', { name: 'Logout' }).click();
      await page.locator('input[name="email"]').waitFor();
      await expect(dashboardHeading(page).count()).resolves.toBe(0);
    } finally {
      await session.close();
    }
  });
});
