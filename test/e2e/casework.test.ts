import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiGet, describeE2E, isoDay, notification, useSignedInPage, waitUntil } from './support/portal';

/**
 * Case work as a program manager: find a child, open the child's file and a placement, try to
 * end it with a date the server refuses (422), read its message, correct it and end it; export a list as CSV.
 */
describeE2E('case work as a program manager', () => {
  const { page } = useSignedInPage('pm');

  test('opens a child from the list, sees the tabs of the file, and the server’s refusal to end a placement before it began', async () => {
    // Ended on its start date (months ago), a placement closes its plans at once; the check-in
    // test, running beside this one, saves a draft on such a plan. So not a placement whose plans
    // have this month's drafts.
    const drafts = await apiGet<{ service_plan_id: number }[]>(page, 'monthly_check_ins', { filter: { status: 'draft' }, range: [0, 999] });
    const draftPlans = await apiGet<{ placement_id: number | null }[]>(page, 'service_plans', { filter: { id: drafts.map((d) => d.service_plan_id) }, range: [0, 999] });
    const busy = new Set(draftPlans.map((plan) => plan.placement_id));
    const candidates = await apiGet<{ id: number; child_id: number; start_date: string }[]>(page, 'placements', { filter: { status: 'active', start_date_lte: isoDay(-1) }, sort: ['id', 'ASC'], range: [0, 99] });
    const placement = candidates.find((candidate) => !busy.has(candidate.id));
    if (!placement) throw new Error('every active placement has a plan with a draft check-in');
    const child = await apiGet(page, `children/${placement.child_id}`);

    await page.getByRole('menu').getByRole('menuitem', { name: 'Children', exact: true }).click();
    const main = page.getByRole('main');
    await main.getByRole('row').nth(1).waitFor();
    // (the server matches the whole search text against each name column, so one name at a time)
    await main.getByRole('textbox', { name: 'Search' }).fill(child.last_name);
    const row = main.getByRole('row').filter({ has: page.getByRole('cell', { name: child.first_name, exact: true }) }).filter({ has: page.getByRole('cell', { name: child.last_name, exact: true }) });
    await row.first().click();
    await page.waitForURL(new RegExp(`#/children/${child.id}/show`));
    await page.getByRole('banner').getByRole('heading', { level: 1, name: new RegExp(`${child.first_name} ${child.last_name}`) }).waitFor();
    const tabs = await main.getByRole('tab').allInnerTexts();
    expect(tabs.map((t) => t.toLowerCase())).toEqual(['details', 'referrals', 'placements', 'service plans', 'monthly check-ins', 'daily logs', 'support requests', 'history']);

    await main.getByRole('tab', { name: 'Placements' }).click();
    await page.waitForURL(/\/show\/placements$/);
    const started = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${placement.start_date}T00:00:00Z`));
    // a cell without a link: a click there opens the row's record
    await main.getByRole('table').getByRole('row').getByRole('cell', { name: started, exact: true }).first().click();
    await page.waitForURL(new RegExp(`#/placements/${placement.id}/show`));

    // the day before it started: the server answers 422 with a message and the field's error
    await main.getByRole('button', { name: 'End placement' }).click();
    const dialog = page.getByRole('dialog', { name: 'End placement' });
    const dayBefore = new Date(Date.parse(`${placement.start_date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await dialog.getByLabel('End date').fill(dayBefore);
    await dialog.getByLabel('End reason').fill('Moved to a relative (e2e)');
    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/placements/${placement.id}/end`));
    await dialog.getByRole('button', { name: 'End placement' }).click();
    expect((await refused).status()).toBe(422);
    await notification(page, `The end date cannot be before the placement started (${placement.start_date})`).waitFor();
    await dialog.getByText(`must be on or after ${placement.start_date}`).waitFor();
    expect((await apiGet(page, `placements/${placement.id}`)).status).toBe('active');

    // corrected, the same dialog ends it
    await dialog.getByLabel('End date').fill(placement.start_date);
    await dialog.getByRole('button', { name: 'End placement' }).click();
    await dialog.waitFor({ state: 'detached' });
    await notification(page, 'End placement: done').waitFor();
    await main.getByText('Ended', { exact: true }).waitFor();
    expect(await main.getByRole('button', { name: 'End placement' }).count()).toBe(0);
    expect((await apiGet(page, `placements/${placement.id}`)).status).toBe('ended');
  });

  test('exports the filtered list as CSV', async () => {
    await page.getByRole('menu').getByRole('menuitem', { name: 'Children', exact: true }).click();
    const main = page.getByRole('main');
    const search = main.getByRole('textbox', { name: 'Search' });
    const range = main.getByText(/^\d+-\d+ of \d+$/);
    const count = async () => Number((await range.innerText()).replace(/^.* of /, ''));
    await search.fill('');
    await range.waitFor();
    const all = await waitUntil(count, (n) => n > 25, 'the whole list');
    await search.fill('an');
    const total = await waitUntil(count, (n) => n < all && n > 0, 'the list filtered by "an"');
    const downloading = page.waitForEvent('download');
    await main.getByRole('button', { name: 'Download Children as CSV' }).first().click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-download-')), download.suggestedFilename());
    try {
      await download.saveAs(file);
      const lines = fs.readFileSync(file, 'utf8').split('\r\n').filter(Boolean);
      expect(lines[0].split(',').slice(0, 3)).toEqual(['ID', 'First name', 'Last name']); // the screen's labels
      expect(lines.length - 1).toBe(total);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
