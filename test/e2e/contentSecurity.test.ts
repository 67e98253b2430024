import type { ConsoleMessage } from 'playwright-core';
import { CHART_TITLES, DEMO_PASSWORD, USERS, dashboardHeading, dashboardWithData, describeE2E, openContext, useBrowser, waitForChartData, type Session } from './support/portal';

/**
 * The built dashboard under the server's Content-Security-Policy (server/http/securityHeaders.ts):
 * from the sign-in page to the charts, the browser reports no violation and MUI's styles apply.
 */
describeE2E('the dashboard under the Content-Security-Policy', () => {
  const browser = useBrowser();
  let session: Session;
  const violations: string[] = [];

  beforeAll(async () => {
    session = await openContext(browser());
    session.page.on('console', (message: ConsoleMessage) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
  });
  afterAll(() => session?.close());

  test('signs in and draws every chart with no violation, styled', async () => {
    const { page } = session;
    const response = await page.goto('/#/login');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    const signIn = page.getByRole('button', { name: 'Sign in' });
    // MUI's button is inline-flex only when emotion's runtime styles were allowed in
    expect(await signIn.evaluate((button) => getComputedStyle(button).display)).toBe('inline-flex');
    await page.locator('input[name="email"]').fill(USERS.manager);
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await signIn.click();
    await dashboardHeading(page).waitFor();
    await dashboardWithData(page);
    for (const title of CHART_TITLES) await waitForChartData(page, title);
    expect(violations).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });
});
