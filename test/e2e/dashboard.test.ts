import type { Page } from 'playwright-core';
import { card, CHART_TITLES, chooseOption, dashboardHeading, describeE2E, kpiValue, reportAnswered, useSignedInPage, waitForChartData, waitUntil } from './support/portal';

/** The managers' dashboard as the ministry manager: the period drives the numbers; French. */
const KPI_TITLES = ['New referrals', 'Children waiting', 'Median wait', 'Active plans', 'Payments this period'];

const kpis = (page: Page, titles = KPI_TITLES) => Promise.all(titles.map((title) => kpiValue(page, title)));

describeE2E('the managers’ dashboard', () => {
  const { page, session } = useSignedInPage('manager');

  test('changing the period changes the numbers, and the URL keeps the period', async () => {
    // the previous fiscal year is complete in the demo data, whatever today is
    const combobox = page.getByRole('combobox', { name: 'Fiscal year' });
    const current = (await combobox.innerText()).trim();
    await combobox.click();
    const years = await page.getByRole('listbox').getByRole('option').allInnerTexts();
    const previous = years[years.indexOf(current) + 1];
    const fy = previous.slice(0, 4);
    const yearAnswered = reportAnswered(page, 'referral-sources', `${fy}-04-01`, `${Number(fy) + 1}-03-31`);
    await page.getByRole('listbox').getByRole('option', { name: previous, exact: true }).click();
    await page.waitForURL(new RegExp(`fy=${fy}&period=final`));
    await yearAnswered;
    const whole = await kpis(page);
    expect(whole.every((v) => v !== '—')).toBe(true);
    await waitUntil(() => page.getByLabel('From', { exact: true }).inputValue(), (v) => v === `${fy}-04-01`, 'From to show the fiscal year’s start');

    const q1Answered = reportAnswered(page, 'referral-sources', `${fy}-04-01`, `${fy}-06-30`);
    await chooseOption(page, 'Period', 'Q1 (Apr–Jun)');
    await page.waitForURL(new RegExp(`fy=${fy}&period=q1`));
    await q1Answered;
    await waitUntil(() => page.getByLabel('To', { exact: true }).inputValue(), (v) => v === `${fy}-06-30`, 'To to show the end of Q1');
    const q1 = await waitUntil(() => kpis(page), (values) => values[0] !== whole[0], 'New referrals to change with the period', 5_000);
    expect(Number(q1[0].replace(/\D/g, ''))).toBeLessThan(Number(whole[0].replace(/\D/g, '')));
    for (const title of CHART_TITLES) await waitForChartData(page, title);

    // the period survives a reload (it lives in the URL)
    await page.reload();
    await dashboardHeading(page).waitFor();
    expect(await kpiValue(page, 'New referrals')).toBe(q1[0]);
  });

  test('a KPI opens the records it counts, with its figure as their total', async () => {
    const expected = await kpiValue(page, 'New referrals');
    await card(page, 'New referrals').getByRole('link').click();
    await page.waitForURL(/#\/reports\/referral-sources\/explain\?key=total&/);
    const total = page.getByRole('main').getByRole('status');
    await waitUntil(() => total.innerText(), (text) => text.startsWith('Total: '), 'the total of the records');
    const count = expected.replace(/\D/g, '');
    expect(await total.innerText()).toBe(`Total: ${expected} (${count} ${count === '1' ? 'row' : 'rows'})`);
    expect(await page.getByRole('main').getByText(/^\d+–\d+ of \d+$/).innerText()).toMatch(new RegExp(` of ${count}$`));
    await page.goBack();
    await dashboardHeading(page).waitFor();
  });

  test('switching to French shows French labels, numbers and page language', async () => {
    await page.getByRole('banner').getByRole('button', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'Français' }).click();
    await dashboardHeading(page, 'Tableau de bord').waitFor();
    for (const title of ['Nouvelles demandes', 'Enfants en attente', 'Attente médiane', 'Plans actifs', 'Paiements de la période']) {
      await card(page, title).waitFor();
    }
    for (const title of ['Sources des demandes', 'Délais d’attente', 'Plans actifs par programme', 'Paiements par type et statut']) {
      await waitForChartData(page, title);
    }
    await page.getByRole('menu').getByRole('menuitem', { name: 'Enfants', exact: true }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    // money in the French-Canadian way: "1 234 567,89 $"
    expect(await kpiValue(page, 'Paiements de la période')).toMatch(/^\d{1,3}(\s\d{3})*,\d{2}\s\$$/);
    await page.getByRole('combobox', { name: 'Période' }).waitFor();

    await page.getByRole('banner').getByRole('button', { name: 'Français' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await dashboardHeading(page).waitFor();
    expect(session.pageErrors).toEqual([]);
  });
});
