import type { Page } from 'playwright-core';
import { apiGet, card, dashboardWithData, describeE2E, kpiValue, useSignedInPage } from './support/portal';

/**
 * The managers' dashboard's KPI cards as the ministry manager: each card's change on the
 * previous period and on the same period last year is the API's `compare` answer for its
 * figure, its direction said in words, and its sparkline says the last eight periods' values,
 * the period on screen last.
 */
interface FigureComparison {
  value: number | null;
  compared: number | null;
  change: number | null;
  change_pct: number | null;
}

/** The signed change a card's comparison line shows ("▲ Up +3 (+50%) vs previous period (…)" → 3), and its words. */
async function shownChange(page: Page, title: string, kind: 'previous' | 'last_year'): Promise<{ text: string; change: number | null; pct: number | null }> {
  const line = card(page, title).locator(`[data-compare="${kind}"]`);
  await line.waitFor();
  const text = await line.innerText();
  const match = /([+−])([\d,.]+)(?: \(([+−])([\d.,]+)%\))?/.exec(text);
  if (!match) return { text, change: text.includes('No change') ? 0 : null, pct: null };
  const sign = (s: string) => (s === '−' ? -1 : 1);
  return { text, change: sign(match[1]) * Number(match[2].replace(/,/g, '')), pct: match[4] === undefined ? null : sign(match[3]) * Number(match[4]) };
}

describeE2E('KPI cards', () => {
  const { page, session } = useSignedInPage('manager');

  test('a KPI card shows the change the API answers for its figure, on the previous period and last year, and its last eight periods', async () => {
    const period = await dashboardWithData(page);
    for (const kind of ['previous', 'last_year'] as const) {
      const answer = await apiGet<{ comparison: { figures: Record<string, FigureComparison> } }>(page, 'reports/referral-sources', { ...period, compare: kind });
      const expected = answer.comparison.figures.total;
      const shown = await shownChange(page, 'New referrals', kind);
      expect([kind, shown.change, shown.pct]).toEqual([kind, expected.change, expected.change === 0 ? null : expected.change_pct]);
      const direction = expected.change === null ? 'Nothing to compare with' : expected.change > 0 ? 'Up' : expected.change < 0 ? 'Down' : 'No change';
      expect(shown.text).toContain(direction);
      expect(shown.text).toContain(kind === 'previous' ? 'vs previous period' : 'vs same period last year');
    }

    const trend = await apiGet<{ periods: { figures: Record<string, number | null> }[] }>(page, 'reports/referral-sources/trend', { ...period, compare: 'previous', periods: '8' });
    const sparkline = card(page, 'New referrals').getByRole('img');
    await sparkline.waitFor();
    const label = (await sparkline.getAttribute('aria-label')) ?? '';
    expect(label.startsWith('Last 8 periods, oldest first: ')).toBe(true);
    const values = label.split('; ').map((point) => Number(point.split(': ').pop()!.replace(/,/g, '')));
    expect(values).toEqual(trend.periods.map((p) => p.figures.total));
    // the last point is the card's own figure
    expect(String(values.at(-1)!.toLocaleString('en-CA'))).toBe(await kpiValue(page, 'New referrals'));
    expect(session.pageErrors).toEqual([]);
  });
});
