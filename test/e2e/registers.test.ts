import type { Page } from 'playwright-core';
import { describeE2E, useSignedInPage } from './support/portal';

/**
 * The CSP registers' report pages, as a ministry manager opens them from the menu: the service
 * registry lists who waits in priority order and opens the child's file; the complaints page's
 * totals agree with its own tables.
 */
const PRIORITY_ORDER = ['Urgent', 'High', 'Routine'];

async function columnTexts(page: Page, table: string, column: number): Promise<string[]> {
  const rows = page.getByRole('main').getByRole('table', { name: table }).getByRole('row');
  await rows.nth(1).waitFor();
  const texts = await rows.evaluateAll((elements, index) => elements.slice(1).map((row) => (row.children[index] as HTMLElement | undefined)?.innerText ?? ''), column);
  return texts;
}

const count = (text: string) => Number(text.replace(/[^\d]/g, ''));

describeE2E('the CSP registers', () => {
  const { page, session } = useSignedInPage('manager');

  test('the service registry lists who waits, most urgent first, and opens the child', async () => {
    await page.getByRole('menu').getByRole('menuitem', { name: 'Service registry' }).click();
    await page.getByRole('heading', { level: 2, name: 'Service registry (waitlists)' }).waitFor();
    const priorities = await columnTexts(page, 'Who waits', 3);
    expect(priorities.length).toBeGreaterThan(0);
    const ranks = priorities.map((p) => PRIORITY_ORDER.indexOf(p));
    expect(ranks.every((rank) => rank >= 0)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const [waiting] = await columnTexts(page, 'Waiting now', 0);
    expect(count(waiting)).toBe(priorities.length);

    const first = page.getByRole('table', { name: 'Who waits' }).getByRole('row').nth(1).getByRole('link');
    const name = await first.innerText();
    await first.click();
    await page.waitForURL(/#\/children\/\d+\/show/);
    await page.getByRole('main').getByText(name.split(' ').pop()!, { exact: false }).first().waitFor();
    expect(session.pageErrors).toEqual([]);
  });

  test('the complaints page counts the register consistently', async () => {
    await page.getByRole('menu').getByRole('menuitem', { name: 'Complaints and risk' }).click();
    await page.getByRole('heading', { level: 2, name: 'Complaints and risk' }).waitFor();
    const [received] = await columnTexts(page, 'In the period', 0);
    const byStatus = await columnTexts(page, 'Received, by status now', 1);
    expect(byStatus.map(count).reduce((a, b) => a + b, 0)).toBe(count(received));
    const [openAtEnd] = await columnTexts(page, 'In the period', 1);
    const open = page.getByRole('table', { name: 'Open at the end of the period' }).getByRole('row');
    if (count(openAtEnd) > 0) await open.nth(1).waitFor();
    expect((await open.count()) - 1).toBe(count(openAtEnd));
    expect(session.pageErrors).toEqual([]);
  });
});
