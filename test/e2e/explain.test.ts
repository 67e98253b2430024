import type { Page } from 'playwright-core';
import { apiGet, card, dashboardWithData, describeE2E, useSignedInPage, waitForChartData, waitUntil } from './support/portal';

/**
 * Every figure opens the records it counts: a CSP measure's value, and a bar of a chart, open
 * their explanation page, whose rows add up to the figure clicked.
 */
const total = (page: Page) => page.getByRole('main').getByRole('status');

async function totalText(page: Page): Promise<string> {
  return waitUntil(() => total(page).innerText(), (text) => text.startsWith('Total: '), 'the total of the records');
}

/** The rows' count from the pagination ("1–25 of 130"), and the rows shown on the first page. */
async function rowsShown(page: Page): Promise<{ count: number; shown: number }> {
  const range = await page.getByRole('main').getByText(/^\d+–\d+ of \d+$/).innerText();
  const table = page.getByRole('region', { name: 'The records counted' }).getByRole('table');
  return { count: Number(range.replace(/^.* of /, '')), shown: (await table.getByRole('row').count()) - 1 };
}

describeE2E('the records behind a figure', () => {
  const { page, session } = useSignedInPage('manager');

  test('a CSP measure opens its referrals, which add up to it', async () => {
    const period = await dashboardWithData(page);
    const fy = period.from.slice(0, 4);
    await page.goto(`/#/reports/csp-measures?fy=${fy}&period=final`);
    const row = page
      .getByRole('main')
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: '# of New Referrals: SPC', exact: true }) });
    // beside the same period of the previous fiscal year, and the change (cells: key, value, last year, change, definition)
    await page.getByRole('main').getByRole('columnheader', { name: 'Same period last year' }).waitFor();
    expect(await row.getByRole('cell').nth(3).innerText()).toMatch(/^(▲ \+|▼ −|= 0|—)/);
    // and a sparkline of the same period in the last eight fiscal years, whose values are the trend's
    const trend = await apiGet<{ periods: { figures: Record<string, number | null> }[] }>(page, 'reports/csp-measures/trend', { ...period, compare: 'last_year', periods: '8' });
    const sparkline = row.getByRole('cell').nth(3).getByRole('img');
    await sparkline.waitFor();
    const label = (await sparkline.getAttribute('aria-label')) ?? '';
    expect(label.startsWith('Last 8 periods, oldest first: ')).toBe(true);
    const values = label.split('; ').map((point) => Number(point.split(': ').pop()!.replace(/,/g, '')));
    expect(values).toEqual(trend.periods.map((p) => p.figures.referrals_total));
    const link = row.getByRole('link');
    const value = await link.innerText();
    expect(Number(value.replace(/\D/g, ''))).toBeGreaterThan(0);
    await link.click();
    await page.waitForURL(/#\/reports\/csp-measures\/explain\?key=referrals_total&fy=\d{4}&period=final$/);
    await page.getByRole('main').getByRole('heading', { level: 2, name: 'Behind the figure: # of New Referrals: SPC' }).waitFor();
    const count = Number(value.replace(/\D/g, ''));
    expect(await totalText(page)).toBe(`Total: ${value} (${count} rows)`);
    const rows = await rowsShown(page);
    expect(rows).toEqual({ count, shown: Math.min(count, 25) });
    // Each row links to its referral.
    const first = page.getByRole('region', { name: 'The records counted' }).getByRole('row').nth(1);
    expect(await first.getByRole('link', { name: /^Open record \d+$/ }).getAttribute('href')).toMatch(/^#\/referrals\/\d+\/show$/);
    expect(session.pageErrors).toEqual([]);
  });

  test('a bar of the referral sources chart opens the referrals of that month and source', async () => {
    const period = await dashboardWithData(page);
    await waitForChartData(page, 'Referral sources');
    await card(page, 'Referral sources').locator('figure path.recharts-rectangle').first().click();
    await page.waitForURL(/#\/reports\/referral-sources\/explain\?key=\w+&bucket=\d{4}-\d{2}&/);
    const params = new URLSearchParams(page.url().split('?')[1]);
    const report = await apiGet(page, 'reports/referral-sources', period);
    const point = report.series.find((p: { period: string }) => p.period === params.get('bucket'));
    const expected = point[params.get('key')!] as number;
    expect(expected).toBeGreaterThan(0);
    expect(await totalText(page)).toBe(`Total: ${expected.toLocaleString('en-CA')} (${expected} ${expected === 1 ? 'row' : 'rows'})`);
    expect(await rowsShown(page)).toEqual({ count: expected, shown: Math.min(expected, 25) });
    // The other sources of the same month are a click away.
    await page.getByRole('navigation', { name: 'The other figures of this point' }).getByRole('link', { name: 'Total' }).click();
    await page.waitForURL(/key=total&bucket=/);
    await waitUntil(() => totalText(page), (text) => text === `Total: ${point.total} (${point.total} ${point.total === 1 ? 'row' : 'rows'})`, 'the month’s total');
    expect(session.pageErrors).toEqual([]);
  });
});
