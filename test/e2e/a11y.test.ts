import { seriousViolations } from './support/axe';
import { apiGet, apiPost, CHART_TITLES, chooseOption, dashboardWithData, describeE2E, openContext, useSignedInPage, waitForChartData } from './support/portal';

/**
 * axe-core on the main kinds of page, as a program manager (who may edit): no serious or
 * critical violation. Each page is scanned once it shows its data.
 */
describeE2E('accessibility (axe-core)', () => {
  const { page, browser } = useSignedInPage('pm');

  test('the sign-in page', async () => {
    const signedOut = await openContext(browser());
    try {
      await signedOut.page.goto('/#/login');
      await signedOut.page.locator('input[name="email"]').waitFor();
      expect(await seriousViolations(signedOut.page)).toEqual([]);
    } finally {
      await signedOut.close();
    }
  });

  test('the dashboard', async () => {
    await dashboardWithData(page);
    for (const title of CHART_TITLES) await waitForChartData(page, title);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('a list (children)', async () => {
    await page.goto('/#/children');
    await page.getByRole('main').getByRole('row').nth(1).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('an edit form (a service plan)', async () => {
    const [plan] = await apiGet(page, 'service_plans', { sort: ['id', 'ASC'], range: [0, 0] });
    await page.goto(`/#/service_plans/${plan.id}`);
    await page.getByRole('main').getByRole('button', { name: 'Save' }).waitFor();
    await page.getByRole('main').getByLabel('Goals').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the CSP performance report', async () => {
    await page.goto('/#/reports/csp-measures');
    await page.getByRole('main').getByRole('heading', { level: 2, name: 'CSP performance measures' }).waitFor();
    await page.getByRole('main').getByRole('cell', { name: 'referrals_total', exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the service registry and the complaints report', async () => {
    await page.goto('/#/reports/service-registry');
    await page.getByRole('main').getByRole('table', { name: 'Who waits' }).getByRole('row').nth(1).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto('/#/reports/complaints');
    await page.getByRole('main').getByRole('table', { name: 'By category' }).getByRole('row').nth(1).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the question builder, with its preview drawn', async () => {
    await page.goto('/#/questions/create');
    await chooseOption(page, 'Records of', 'Children');
    await page.getByRole('main').getByRole('button', { name: 'Add a group' }).click();
    await chooseOption(page, 'Group 1', 'Gender');
    await waitForChartData(page, 'Preview');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('a dashboard being arranged, and its form', async () => {
    const question = await apiPost(page, 'questions', {
      title: 'Children by gender (accessibility)',
      spec: { resource: 'children', group_by: [{ field: 'gender' }], measure: { fn: 'count' } },
      visualization: 'bar',
      shared_with: 'private',
    });
    const dashboard = await apiPost(page, 'dashboards', { title: 'Accessibility check', shared_with: 'private' });
    await apiPost(page, 'dashboard_cards', { dashboard_id: dashboard.id, question_id: question.id, x: 0, y: 0, w: 6, h: 8 });
    await page.goto(`/#/dashboards/${dashboard.id}/show`);
    await page.getByRole('main').getByRole('button', { name: 'Arrange cards' }).click();
    await page.getByRole('main').locator('.react-grid-item').first().waitFor();
    await waitForChartData(page, question.title);
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`/#/dashboards/${dashboard.id}`);
    await page.getByRole('main').getByRole('checkbox', { name: 'Gender' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the API keys page, with a key just made', async () => {
    await page.goto('/#/api-keys');
    const main = page.getByRole('main');
    await main.getByRole('textbox', { name: 'Name' }).fill('Accessibility check');
    await main.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Key “Accessibility check” created' });
    await dialog.getByRole('textbox', { name: 'API key' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await main.getByRole('row').filter({ hasText: 'Accessibility check' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
