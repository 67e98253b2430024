import type { Page } from 'playwright-core';
import { apiGet, apiPost, card, chooseOption, describeE2E, notification, type Session, signIn, useSignedInPage, waitForChartData, waitUntil } from './support/portal';

/**
 * The low-code BI as a programme manager: a question built in the builder, saved, added to a
 * new dashboard with a second one; the cards moved and resized (and kept); a linked filter
 * that re-filters every card; and the dashboard private to its owner, then shared with the
 * organisation, never with another organisation's user.
 */

const DASHBOARD = 'Caseload (browser test)';
const BY_GENDER = 'Children by gender';
const COUNTED = 'Children counted';
const BY_GENDER_SPEC = { resource: 'children', group_by: [{ field: 'gender' }], measure: { fn: 'count' } };
const COUNT_SPEC = { resource: 'children', group_by: [], measure: { fn: 'count' } };

/** The answer the API gives the page's user, to check what the cards show. */
function answerOf(page: Page, spec: object, filter: Record<string, unknown> = {}): Promise<{ rows: { group: unknown[]; label: (string | null)[]; value: number }[] }> {
  return apiPost(page, 'questions/run', { ...spec, filter });
}

/** A card's table (its chart's "Show as a table"), as `label → count`. */
async function tableOf(page: Page, title: string): Promise<Record<string, number>> {
  const rows = card(page, title).getByRole('row');
  await rows.nth(1).waitFor();
  const cells = await rows.evaluateAll((trs) => trs.slice(1).map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').trim())));
  return Object.fromEntries(cells.map(([label, value]) => [label, Number(value.replace(/\D/g, ''))]));
}

const expectedTable = (answer: Awaited<ReturnType<typeof answerOf>>) => Object.fromEntries(answer.rows.map((row) => [row.label[0] ?? '(none)', row.value]));

/** The number a number card shows (its link's "<title>: <value>. Open the records counted"). */
async function numberOf(page: Page, title: string): Promise<number> {
  const link = card(page, title).getByRole('link', { name: new RegExp(`^${title}: `) });
  await link.waitFor();
  const label = (await link.getAttribute('aria-label')) ?? '';
  return Number(label.slice(title.length + 2).replace(/\..*$/, '').replace(/\D/g, ''));
}

/** Where a card sits on the 12-column grid, read from the page's CSS grid (the cards' view, not arranging). */
async function gridPlace(page: Page, id: number): Promise<{ column: string; row: string }> {
  return page.locator(`[data-card="${id}"]`).evaluate((el) => {
    const style = getComputedStyle(el);
    return { column: `${style.gridColumnStart} / ${style.gridColumnEnd}`, row: `${style.gridRowStart} / ${style.gridRowEnd}` };
  });
}

describeE2E('questions and dashboards', () => {
  const { page, browser } = useSignedInPage('pm');
  let dashboardId: number;

  test('a question built in the builder, saved and added to a new dashboard', async () => {
    await page.goto('/#/questions/create');
    const main = page.getByRole('main');
    await main.getByRole('heading', { level: 2, name: 'New question' }).waitFor();
    await chooseOption(page, 'Records of', 'Children');
    await main.getByRole('button', { name: 'Add a group' }).click();
    await chooseOption(page, 'Group 1', 'Gender');
    expect(await main.getByRole('radio', { name: 'Bars', exact: true }).isChecked()).toBe(true);

    const expected = await answerOf(page, BY_GENDER_SPEC);
    const bars = expected.rows.filter((row) => row.value > 0).length;
    expect(bars).toBeGreaterThan(1);
    expect(await waitForChartData(page, 'Preview', { bars, lines: 0 })).toEqual({ bars, lines: 0 });
    await card(page, 'Preview').getByRole('button', { name: 'Show as a table' }).click();
    expect(await tableOf(page, 'Preview')).toEqual(expectedTable(expected));
    await card(page, 'Preview').getByRole('button', { name: 'Show as a chart' }).click();

    await main.getByRole('button', { name: 'Save as question' }).click();
    const save = page.getByRole('dialog', { name: 'Save as question' });
    await save.getByRole('textbox', { name: 'Title' }).fill(BY_GENDER);
    await save.getByRole('button', { name: 'Save' }).click();
    await notification(page, `Question “${BY_GENDER}” saved`).waitFor();
    await main.getByRole('button', { name: 'Save changes' }).waitFor();

    await main.getByRole('button', { name: 'Add to dashboard' }).click();
    const add = page.getByRole('dialog', { name: 'Add to dashboard' });
    await add.getByRole('textbox', { name: 'Title of the new dashboard' }).fill(DASHBOARD);
    await add.getByRole('button', { name: 'Add' }).click();
    await page.waitForURL(/#\/dashboards\/\d+\/show/);
    dashboardId = Number(/dashboards\/(\d+)\/show/.exec(page.url())![1]);
    await main.getByRole('heading', { level: 2, name: DASHBOARD }).waitFor();
    expect(await waitForChartData(page, BY_GENDER, { bars, lines: 0 })).toEqual({ bars, lines: 0 });

    const [saved] = await apiGet(page, 'questions', { filter: { q: BY_GENDER } });
    expect(saved).toMatchObject({ title: BY_GENDER, visualization: 'bar', shared_with: 'private', spec: { resource: 'children', group_by: [{ field: 'gender' }], measure: { fn: 'count' } } });
  });

  test('a second question, built by keyboard from the dashboard, goes under the first', async () => {
    const main = page.getByRole('main');
    await main.getByRole('link', { name: 'New question' }).click();
    await page.waitForURL(new RegExp(`#/questions/create\\?dashboard=${dashboardId}$`));
    const records = main.getByRole('combobox', { name: 'Records of' });
    await records.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('listbox').waitFor();
    // down the list to "Children" (type-ahead resets between slow keystrokes, so arrows)
    const focusedOption = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    for (let presses = 0; (await focusedOption()) !== 'Children' && presses < 100; presses += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('listbox').waitFor({ state: 'detached' });
    await waitUntil(() => records.innerText(), (text) => text.trim() === 'Children', 'the records to be children');
    await main.getByRole('radio', { name: 'Number', exact: true }).focus();
    await page.keyboard.press('Space');
    expect(await main.getByRole('radio', { name: 'Number', exact: true }).isChecked()).toBe(true);

    const [{ value: total }] = (await answerOf(page, COUNT_SPEC)).rows;
    expect(await numberOf(page, 'Preview')).toBe(total);

    await main.getByRole('button', { name: 'Save as question' }).focus();
    await page.keyboard.press('Enter');
    // the dialog opens with the focus in its first field, Title, so the keyboard can type at once
    const dialog = page.getByRole('dialog', { name: 'Save as question' });
    const titleField = dialog.getByRole('textbox', { name: 'Title' });
    await waitUntil(() => titleField.evaluate((el) => el === document.activeElement), (focused) => focused, 'the title field to have the focus');
    await page.keyboard.type(COUNTED);
    await page.keyboard.press('Enter');
    await notification(page, `Question “${COUNTED}” saved`).waitFor();

    await main.getByRole('button', { name: 'Add to dashboard' }).click();
    const add = page.getByRole('dialog', { name: 'Add to dashboard' });
    // the dashboard the builder was opened from is offered first
    const chosen = add.getByRole('combobox', { name: 'Dashboard' });
    await waitUntil(() => chosen.innerText(), (text) => text.trim() === DASHBOARD, 'the dashboard it was opened from to be chosen');
    await add.getByRole('button', { name: 'Add' }).click();
    await page.waitForURL(new RegExp(`#/dashboards/${dashboardId}/show$`));
    expect(await numberOf(page, COUNTED)).toBe(total);

    const cards = await apiGet(page, 'dashboard_cards', { filter: { dashboard_id: dashboardId }, sort: ['y', 'ASC'] });
    expect(cards.map((c: any) => [c.x, c.y, c.w, c.h])).toEqual([
      [0, 0, 6, 8],
      [0, 8, 6, 8],
    ]);
  });

  test('the owner moves and resizes cards (drag, resize handle, keyboard menu), and the dashboard keeps them', async () => {
    const main = page.getByRole('main');
    const cards = await apiGet(page, 'dashboard_cards', { filter: { dashboard_id: dashboardId }, sort: ['y', 'ASC'] });
    const [genderCard, countCard] = cards.map((c: any) => Number(c.id));
    const saved = () => apiGet(page, 'dashboard_cards', { filter: { dashboard_id: dashboardId }, sort: ['id', 'ASC'] }).then((rows: any[]) => rows.map((c) => [c.x, c.y, c.w, c.h]));

    await main.getByRole('button', { name: 'Arrange cards' }).click();
    const gridItem = (id: number) => main.locator(`.react-grid-item[data-card="${id}"]`);
    await gridItem(countCard).waitFor();
    await waitForChartData(page, BY_GENDER);

    // drag the count card by its title to the right half, beside the chart: 6 columns along, 8 rows up
    const grid = await main.locator('.react-grid-layout').boundingBox();
    const from = await card(page, COUNTED).getByRole('heading').boundingBox();
    const start = { x: from!.x + 10, y: from!.y + from!.height / 2 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    const target = { x: start.x + grid!.width / 2, y: grid!.y + 10 };
    for (let step = 1; step <= 10; step += 1) await page.mouse.move(start.x + ((target.x - start.x) * step) / 10, start.y + ((target.y - start.y) * step) / 10);
    await page.mouse.up();
    await waitUntil(saved, (rows) => rows[1][0] === 6 && rows[1][1] === 0, 'the moved card to be saved at the right');
    expect(await saved()).toEqual([
      [0, 0, 6, 8],
      [6, 0, 6, 8],
    ]);

    // make the count card smaller with its corner handle: two columns narrower, three rows shorter
    const handle = gridItem(countCard).locator('.react-resizable-handle-se');
    const box = await handle.boundingBox();
    const column = grid!.width / 12;
    const corner = { x: box!.x + box!.width / 2, y: box!.y + box!.height / 2 };
    await page.mouse.move(corner.x, corner.y);
    await page.mouse.down();
    for (let step = 1; step <= 10; step += 1) await page.mouse.move(corner.x - (2 * column * step) / 10, corner.y - (3 * 58 * step) / 10);
    await page.mouse.up();
    await waitUntil(saved, (rows) => rows[1][2] === 4 && rows[1][3] === 5, 'the resized card to be saved');

    // and a step by keyboard: the card's menu, "Wider"
    await main.getByRole('button', { name: `Arrange “${COUNTED}”` }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menu').getByRole('menuitem', { name: 'Wider' }).waitFor();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Wider' }).press('Enter');
    await waitUntil(saved, (rows) => rows[1][2] === 5, 'the widened card to be saved');
    expect(await saved()).toEqual([
      [0, 0, 6, 8],
      [6, 0, 5, 5],
    ]);
    await page.keyboard.press('Escape');
    await main.getByRole('button', { name: 'Done arranging' }).click();

    await page.reload();
    await main.getByRole('heading', { level: 2, name: DASHBOARD }).waitFor();
    await waitForChartData(page, BY_GENDER);
    expect(await gridPlace(page, genderCard)).toEqual({ column: '1 / span 6', row: '1 / span 8' });
    expect(await gridPlace(page, countCard)).toEqual({ column: '7 / span 5', row: '1 / span 5' });
  });

  test('a linked filter re-filters every card, lives in the URL and is kept by a group’s records', async () => {
    const main = page.getByRole('main');
    const everyone = (await answerOf(page, COUNT_SPEC)).rows[0].value;
    const gender = String((await answerOf(page, BY_GENDER_SPEC)).rows.find((row) => row.group[0] !== null)!.group[0]);
    const inGender = await answerOf(page, BY_GENDER_SPEC, { gender });
    const countInGender = (await answerOf(page, COUNT_SPEC, { gender })).rows[0].value;
    expect(inGender.rows).toHaveLength(1);
    expect(countInGender).toBeLessThan(everyone);

    await main.getByRole('link', { name: 'Edit' }).click();
    await main.getByRole('heading', { level: 2, name: `Dashboard: ${DASHBOARD}` }).waitFor();
    await main.getByRole('checkbox', { name: 'Gender' }).check();
    await main.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(new RegExp(`#/dashboards/${dashboardId}/show`));
    expect(await numberOf(page, COUNTED)).toBe(everyone);

    await main.getByRole('search', { name: 'Filters of every card' }).getByRole('textbox', { name: 'Gender' }).fill(gender);
    await page.waitForURL(/filters=/);
    expect(JSON.parse(new URL(page.url().replace('#/', '')).searchParams.get('filters')!)).toEqual({ gender });
    await waitUntil(() => numberOf(page, COUNTED), (n) => n === countInGender, 'the count card to count that gender only');
    expect(await waitForChartData(page, BY_GENDER, { bars: 1, lines: 0 })).toEqual({ bars: 1, lines: 0 });

    // the filter survives a reload
    await page.reload();
    await waitUntil(() => numberOf(page, COUNTED), (n) => n === countInGender, 'the count card to keep the filter after a reload');
    await card(page, BY_GENDER).getByRole('button', { name: 'Show as a table' }).click();
    expect(await tableOf(page, BY_GENDER)).toEqual(expectedTable(inGender));

    // the group's records: the list filtered to that gender
    await card(page, BY_GENDER).getByRole('link', { name: /: open the records counted$/ }).click();
    await page.waitForURL(/#\/children\?/);
    expect(JSON.parse(new URL(page.url().replace('#/', '')).searchParams.get('filter')!)).toEqual({ gender });
    expect(await main.getByText(/^\d+[–-]\d+ of \d+$/).innerText()).toMatch(new RegExp(` of ${countInGender}$`));
  });

  test('a private dashboard is its owner’s; shared with the organisation, another organisation still cannot see it', async () => {
    const other = await signIn(browser(), 'manager'); // the ministry: another organisation
    const colleague = await signIn(browser(), 'worker'); // the programme manager's organisation
    try {
      const dashboardAnswer = (s: Session) => s.page.context().request.get(`/api/dashboards/${dashboardId}`).then((r) => r.status());
      expect(await dashboardAnswer(other)).toBe(404);
      expect(await dashboardAnswer(colleague)).toBe(404);
      await other.page.goto('/#/dashboards');
      await other.page.getByRole('main').getByRole('row').nth(1).waitFor();
      expect(await other.page.getByRole('main').getByRole('row').filter({ hasText: DASHBOARD }).count()).toBe(0);
      await other.page.goto(`/#/dashboards/${dashboardId}/show`);
      await notification(other.page, /not exist|not found|No dashboards record/i).waitFor();
      expect(await other.page.getByRole('main').getByRole('heading', { name: DASHBOARD }).count()).toBe(0);

      await page.goto(`/#/dashboards/${dashboardId}`);
      await chooseOption(page, 'Shared with', /organisation/i);
      await page.getByRole('main').getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(new RegExp(`#/dashboards/${dashboardId}/show`));

      expect(await dashboardAnswer(colleague)).toBe(200);
      await colleague.page.goto(`/#/dashboards/${dashboardId}/show`);
      await colleague.page.getByRole('main').getByRole('heading', { level: 2, name: DASHBOARD }).waitFor();
      await waitForChartData(colleague.page, BY_GENDER);
      expect(await dashboardAnswer(other)).toBe(404);
    } finally {
      await other.close();
      await colleague.close();
    }
  });
});
