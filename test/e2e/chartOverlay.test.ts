import type { Page } from 'playwright-core';
import { apiGet, card, dashboardWithData, describeE2E, useSignedInPage, waitForChartData } from './support/portal';

/**
 * A chart's comparison overlay, as the ministry manager: turned on from the card's menu, the
 * referral sources chart draws the previous period's monthly totals (named in its legend), and
 * its table view shows the comparison's columns — each month's compared month and total, those
 * of the API's `compare=previous` answer, point beside point.
 */
interface Series {
  series: { period: string; total: number }[];
}

/** The texts of a table's header cells and of each of its body rows' cells. */
async function tableText(page: Page, name: string): Promise<{ headers: string[]; rows: string[][] }> {
  const table = card(page, 'Referral sources').getByRole('region', { name }).getByRole('table');
  await table.waitFor();
  return table.evaluate((element) => ({
    headers: Array.from(element.querySelectorAll('thead th'), (cell) => (cell.textContent ?? '').trim()),
    rows: Array.from(element.querySelectorAll('tbody tr'), (row) => Array.from(row.querySelectorAll('th, td'), (cell) => (cell.textContent ?? '').trim())),
  }));
}

describeE2E('a chart’s comparison overlay', () => {
  const { page, session } = useSignedInPage('manager');

  test('the referral sources chart overlays the previous period, and its table shows the comparison’s months and totals', async () => {
    const period = await dashboardWithData(page);
    const referrals = card(page, 'Referral sources');
    await waitForChartData(page, 'Referral sources');
    await referrals.getByRole('button', { name: 'Compare with another period' }).click();
    await page.getByRole('menuitemradio', { name: 'Previous period' }).click();
    await referrals.getByRole('list', { name: 'Legend' }).getByText('Total (previous period)').waitFor();
    // the compared totals drawn as a line over the bars
    await referrals.locator('figure .recharts-line path.recharts-curve').first().waitFor();

    const answer = await apiGet<Series & { comparison: { from: string; to: string; result: Series } }>(page, 'reports/referral-sources', { ...period, compare: 'previous' });
    const note = referrals.locator('[data-overlay="previous"]');
    await note.getByText(/^Compared with the previous period, /).waitFor();
    const dates = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
    expect(await note.innerText()).toContain(`${dates(answer.comparison.from)} – ${dates(answer.comparison.to)}`);

    await referrals.getByRole('button', { name: 'Show as a table' }).click();
    const { headers, rows } = await tableText(page, 'Referrals per month by source');
    expect(headers.slice(-3)).toEqual(['Total', 'Compared period', 'Total (previous period)']);
    expect(rows).toHaveLength(answer.series.length);
    const number = (text: string) => (text === '—' ? null : Number(text.replace(/,/g, '')));
    const month = (p: string) => new Date(`${p}-01T00:00:00Z`).toLocaleDateString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    expect(rows.map((cells) => [number(cells.at(-3)!), cells.at(-2), number(cells.at(-1)!)])).toEqual(
      answer.series.map((point, i) => {
        const compared = answer.comparison.result.series[i];
        return [point.total, compared ? month(compared.period) : '—', compared ? compared.total : null];
      }),
    );
    // the previous fiscal year has referrals to compare with
    expect(answer.comparison.result.series.some((point) => point.total > 0)).toBe(true);
    expect(session.pageErrors).toEqual([]);
  });
});
