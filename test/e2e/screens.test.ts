import type { Browser, Page } from 'playwright-core';
import { CSRF_COOKIE, CSRF_HEADER } from '../../contract/auth';
import { apiGet, apiPost, dashboardHeading, describeE2E, isoDay, notification, signIn, useBrowser } from './support/portal';

/**
 * The screens staff use every day: each role lands on its own home with its own menu, pickers
 * name the child and find it by name, and a stale save says who changed the record and when.
 */
const region = (page: Page, name: string) => page.getByRole('main').getByRole('region', { name, exact: true });
const bodyRows = (page: Page, name: string) => region(page, name).locator('tbody tr');
const menuItem = (page: Page, name: string) => page.getByRole('menu').getByRole('menuitem', { name, exact: true });

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function total(page: Page, resource: string, filter: Record<string, unknown>): Promise<number> {
  const response = await page.context().request.get(`/api/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}&range=[0,0]`);
  return Number((response.headers()['content-range'] ?? '').split('/').pop());
}

describeE2E('each role lands on its own home', () => {
  const browser = useBrowser();

  test('the portal worker: its places, the check-ins due and the open tasks, and no finance or placement lists', async () => {
    const session = await signIn(browser(), 'worker');
    const { page } = session;
    try {
      const places = await total(page, 'places_of_service', {});
      expect(places).toBeGreaterThan(0);
      await bodyRows(page, 'My places of service').first().waitFor();
      expect(await bodyRows(page, 'My places of service').count()).toBe(Math.min(places, 10));
      await region(page, 'Monthly check-ins due').waitFor();
      const tasks = await total(page, 'tasks', { status: 'open' });
      if (tasks > 0) await bodyRows(page, 'Open tasks').first().waitFor();
      expect(await bodyRows(page, 'Open tasks').count()).toBe(Math.min(tasks, 10));
      await menuItem(page, 'Daily logs').waitFor();
      expect(await menuItem(page, 'Payments').count()).toBe(0);
      expect(await menuItem(page, 'Placements').count()).toBe(0);
      await page.getByRole('menu').getByRole('group', { name: 'Casework' }).waitFor();
      await menuItem(page, 'Dashboard').click();
      await dashboardHeading(page).waitFor();
      expect(session.pageErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });

  test('the coordinator: the children waiting for CSP in priority order and its plans; no placements, daily logs or payments', async () => {
    const session = await signIn(browser(), 'spc');
    const { page } = session;
    try {
      const report = await apiGet(page, 'reports/wait-times', { from: isoDay(-730), to: isoDay(0) });
      expect(report.waiting.length).toBeGreaterThan(0);
      // the home pages the whole list: the report's first page, then the list's next one
      expect(report.waiting.length).toBe(Math.min(report.waiting_total, 25));
      const rows = bodyRows(page, 'Children waiting for CSP');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(report.waiting.length);
      expect(await rows.first().locator('th').innerText()).toBe(report.waiting[0].child_name);
      await region(page, 'Children waiting for CSP').getByText(`1–${report.waiting.length} of ${report.waiting_total}`).waitFor();
      if (report.waiting_total > 25) {
        const next = await apiGet(page, 'reports/wait-times/waiting', { from: isoDay(-730), to: isoDay(0), range: [25, 49] });
        await region(page, 'Children waiting for CSP').getByRole('button', { name: 'Go to next page' }).click();
        await region(page, 'Children waiting for CSP').getByText(`26–${25 + next.length} of ${report.waiting_total}`).waitFor();
        expect(await rows.first().locator('th').innerText()).toBe(next[0].child_name);
      }
      const plans = await total(page, 'service_plans', { program: 'CSP', status: ['draft', 'pending_approval', 'in_service'] });
      await bodyRows(page, 'CSP plans').first().waitFor();
      expect(await bodyRows(page, 'CSP plans').count()).toBe(Math.min(plans, 10));
      await menuItem(page, 'Service plans').waitFor();
      for (const hidden of ['Placements', 'Daily logs', 'Payments']) expect(await menuItem(page, hidden).count()).toBe(0);
      expect(session.pageErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });

  test('finance: the support requests to decide and the payments to record', async () => {
    const session = await signIn(browser(), 'finance');
    const { page } = session;
    try {
      const requests = await total(page, 'support_requests', { status: 'submitted' });
      const payments = await total(page, 'payments', { status: 'scheduled' });
      expect(payments).toBeGreaterThan(0);
      if (requests > 0) await bodyRows(page, 'Support requests to decide').first().waitFor();
      else await region(page, 'Support requests to decide').getByText('Nothing here right now').waitFor();
      expect(await bodyRows(page, 'Support requests to decide').count()).toBe(Math.min(requests, 10));
      await bodyRows(page, 'Payments to record').first().waitFor();
      expect(await bodyRows(page, 'Payments to record').count()).toBe(Math.min(payments, 10));
      await menuItem(page, 'Payments').waitFor();
      expect(session.pageErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

describeE2E('the child named everywhere', () => {
  const browser = useBrowser();

  test("a new check-in's plan picker finds the plan by its child's last name and shows the name", async () => {
    const session = await signIn(browser(), 'worker');
    const { page } = session;
    try {
      const [plan] = await apiGet(page, 'service_plans', { filter: { status: 'in_service' }, sort: ['id', 'ASC'], range: [0, 0] });
      expect(plan.child_name).toMatch(/\S+ \S+/);
      const lastName = plan.child_name.split(' ').pop();
      await page.goto('/#/monthly_check_ins/create');
      const picker = page.getByRole('main').getByRole('combobox', { name: 'Service plan' });
      await picker.fill(lastName);
      const option = page.getByRole('listbox').getByRole('option', { name: new RegExp(`^${escapeRegExp(plan.child_name)} · #${plan.id} · `) });
      await option.waitFor();
      const options = await page.getByRole('listbox').getByRole('option').allInnerTexts();
      expect(options.every((text) => text.includes(lastName))).toBe(true);
      expect(session.pageErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

describeE2E('edit conflicts explained', () => {
  const browser = useBrowser();

  test('a stale save says who changed the plan and when; Reload keeps the edits and saving again succeeds', async () => {
    const session = await signIn(browser(), 'pm');
    const { page, context } = session;
    const other = await context.newPage();
    try {
      const me = await apiGet(page, 'auth/me');
      const [plan] = await apiGet(page, 'service_plans', { filter: { status: 'in_service', program: 'SHSS' }, sort: ['id', 'ASC'], range: [0, 0] });
      const strengths = (p: Page) => p.getByRole('main').getByRole('textbox', { name: 'Strengths' });
      await page.goto(`/#/service_plans/${plan.id}`);
      await other.goto(`/#/service_plans/${plan.id}`);
      await strengths(page).waitFor();
      await strengths(other).waitFor();

      await strengths(other).fill(`Theirs ${Date.now()}`);
      await other.getByRole('main').getByRole('button', { name: 'Save' }).click();
      await other.waitForURL(new RegExp(`#/service_plans/${plan.id}/show$`));

      const mine = `Mine ${Date.now()}`;
      await strengths(page).fill(mine);
      await page.getByRole('main').getByRole('button', { name: 'Save' }).click();
      const alert = page.getByRole('main').getByRole('alert');
      await alert.getByText(new RegExp(`^Changed by ${me.full_name} at .+ since you opened it\\.$`)).waitFor();
      expect(await notification(page, 'The form is not valid').count()).toBe(0);

      await alert.getByRole('button', { name: 'Reload' }).click();
      await page.getByRole('main').getByText(/^Reloaded: your edits are still in the form, save again to keep them\. Changed meanwhile: Strengths\.$/).waitFor();
      expect(await strengths(page).inputValue()).toBe(mine);
      await page.getByRole('main').getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(new RegExp(`#/service_plans/${plan.id}/show$`));
      const saved = await apiGet(page, `service_plans/${plan.id}`);
      expect(saved.strengths).toBe(mine);
      expect(saved.version).toBe(plan.version + 2);
      expect(session.pageErrors).toEqual([]);
    } finally {
      await other.close();
      await session.close();
    }
  });
});

/** A PUT on the API as the system administrator (signed in on a page of its own), answering the record. */
async function asAdmin(browser: Browser, path: string, body: Record<string, unknown>): Promise<Record<string, any>> {
  const admin = await signIn(browser, 'admin');
  try {
    const csrf = (await admin.context.cookies()).find((c) => c.name === CSRF_COOKIE)?.value ?? '';
    const response = await admin.context.request.put(`/api/${path}`, { data: body, headers: { [CSRF_HEADER]: csrf } });
    if (!response.ok()) throw new Error(`PUT /api/${path} answered ${response.status()}: ${await response.text()}`);
    return response.json();
  } finally {
    await admin.close();
  }
}

describeE2E('forms that follow the rules', () => {
  const browser = useBrowser();

  test('finance: no Edit on a paid payment, only its numbers editable on a scheduled one, and no payment date before the scheduled date', async () => {
    const session = await signIn(browser(), 'finance');
    const { page } = session;
    const main = page.getByRole('main');
    try {
      const [paid] = await apiGet(page, 'payments', { filter: { status: 'paid' }, sort: ['id', 'ASC'], range: [0, 0] });
      await page.goto(`/#/payments/${paid.id}/show`);
      await main.getByText('Paid', { exact: true }).first().waitFor();
      expect(await main.getByRole('link', { name: 'Edit' }).count()).toBe(0);

      // scheduled in the past (the system administrator moves one there), so that the day
      // before it is not refused as a future date first
      const [future] = await apiGet(page, 'payments', { filter: { status: 'scheduled' }, sort: ['id', 'ASC'], range: [0, 0] });
      const payment = await asAdmin(browser(), `payments/${future.id}`, { ...future, scheduled_on: isoDay(-10) });
      await page.goto(`/#/payments/${payment.id}`);
      const amount = main.getByRole('spinbutton', { name: 'Amount' });
      await amount.waitFor();
      expect(await amount.getAttribute('readonly')).not.toBeNull();
      expect(await main.getByRole('textbox', { name: 'CAS payment number' }).getAttribute('readonly')).toBeNull();

      await page.goto(`/#/payments/${payment.id}/show`);
      await main.getByRole('button', { name: 'Record as paid' }).click();
      const dialog = page.getByRole('dialog', { name: 'Record as paid' });
      const dayBefore = new Date(Date.parse(`${payment.scheduled_on}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      await dialog.getByLabel('Paid on').fill(dayBefore);
      await dialog.getByLabel('CAS payment number').fill('CAS-E2E-1');
      const refused = page.waitForResponse((r) => r.url().endsWith(`/api/payments/${payment.id}/mark_paid`));
      await dialog.getByRole('button', { name: 'Record as paid' }).click();
      expect((await refused).status()).toBe(422);
      await notification(page, `A payment scheduled on ${payment.scheduled_on} cannot have been paid before (${dayBefore})`).waitFor();
      expect((await apiGet(page, `payments/${payment.id}`)).status).toBe('scheduled');
      expect(session.pageErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });

  test("a support request's placement picker offers the chosen child's placements, and an optional choice reads None, not Any", async () => {
    const session = await signIn(browser(), 'pm');
    const { page } = session;
    const main = page.getByRole('main');
    try {
      const [placement] = await apiGet(page, 'placements', { filter: { status: 'active' }, sort: ['id', 'ASC'], range: [0, 0] });
      const theirs = await apiGet(page, 'placements', { filter: { child_id: placement.child_id }, range: [0, 99] });
      await page.goto('/#/support_requests/create');
      const child = main.getByRole('combobox', { name: 'Child' });
      await child.fill(placement.child_name.split(' ').pop());
      await page.getByRole('listbox').getByRole('option', { name: placement.child_name, exact: true }).click();
      const picker = main.getByRole('combobox', { name: 'Placement' });
      await picker.click();
      const options = page.getByRole('listbox').getByRole('option');
      await options.first().waitFor();
      expect(await options.count()).toBe(theirs.length);
      expect((await options.allInnerTexts()).every((text) => text.startsWith(`${placement.child_name} · `))).toBe(true);
      await page.keyboard.press('Escape');

      const [plan] = await apiGet(page, 'service_plans', { filter: { status: 'in_service' }, sort: ['id', 'ASC'], range: [0, 0] });
      await page.goto(`/#/service_plans/${plan.id}`);
      await main.getByRole('combobox', { name: 'Risk level' }).click();
      const choices = await page.getByRole('listbox').getByRole('option').allInnerTexts();
      expect(choices[0]).toBe('None');
      expect(choices).not.toContain('Any');
      await page.keyboard.press('Escape');
      expect(session.pageErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

describeE2E('clone only where it can succeed', () => {
  const browser = useBrowser();

  test("a plan whose clone the server would refuse has no Clone; one it accepts has, and its form starts with the plan's texts", async () => {
    const session = await signIn(browser(), 'admin');
    const { page } = session;
    const main = page.getByRole('main');
    const cloneButton = main.getByRole('button', { name: 'Clone into a new draft' });
    const offeredAnswer = (planId: number) => page.waitForResponse((r) => r.url().endsWith(`/api/service_plans/${planId}/actions`));
    const actionsOf = async (planId: number): Promise<string[]> => (await apiGet(page, `service_plans/${planId}/actions`)).actions;
    try {
      // refused by the one-open-plan rule, not by its status: a CSP plan in service is revised in place
      const [refused] = await apiGet(page, 'service_plans', { filter: { program: 'CSP', status: 'in_service' }, sort: ['id', 'ASC'], range: [0, 0] });
      expect(await actionsOf(refused.id)).toEqual(['close']);
      const shss = await apiGet(page, 'service_plans', { filter: { program: 'SHSS', status: 'in_service' }, sort: ['id', 'ASC'], range: [0, 19] });
      const offered = await Promise.all(shss.map(async (plan: { id: number }) => ((await actionsOf(plan.id)).includes('clone') ? plan : null)));
      const accepted = offered.find(Boolean);
      expect(accepted).toBeDefined();

      // where it is accepted, the button comes once the server has said so
      const acceptedAnswer = offeredAnswer(accepted.id);
      await page.goto(`/#/service_plans/${accepted.id}/show`);
      await acceptedAnswer;
      await cloneButton.click();
      const dialog = page.getByRole('dialog', { name: 'Clone into a new draft' });
      expect(await dialog.getByRole('textbox', { name: 'Goals' }).inputValue()).toBe(accepted.goals ?? '');
      expect(await dialog.getByRole('textbox', { name: 'Strengths' }).inputValue()).toBe(accepted.strengths ?? '');
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      // where it is refused, it never comes: two frames after the answer, the page has drawn it
      const refusedAnswer = offeredAnswer(refused.id);
      await page.goto(`/#/service_plans/${refused.id}/show`);
      await refusedAnswer;
      await main.getByRole('tab', { name: 'Tasks' }).waitFor();
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      expect(await cloneButton.count()).toBe(0);
      expect(session.pageErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

describeE2E('related records on the record', () => {
  const browser = useBrowser();

  test("a referral lists its children, a CSP plan its service time and tasks, a support request its payment lines", async () => {
    const session = await signIn(browser(), 'admin');
    const { page } = session;
    const main = page.getByRole('main');
    try {
      const [link] = await apiGet(page, 'referral_children', { sort: ['id', 'ASC'], range: [0, 0] });
      const referred = await total(page, 'referral_children', { referral_id: link.referral_id });
      await page.goto(`/#/referrals/${link.referral_id}/show`);
      await main.getByRole('tab', { name: 'Children referred' }).click();
      const rows = main.locator('tbody tr');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(Math.min(referred, 10));

      const [csp] = await apiGet(page, 'service_plans', { filter: { program: 'CSP' }, sort: ['id', 'ASC'], range: [0, 0] });
      await page.goto(`/#/service_plans/${csp.id}/show`);
      await main.getByRole('tab', { name: 'Tasks' }).waitFor();
      await main.getByRole('tab', { name: 'Service time' }).click();
      const activities = await total(page, 'service_activities', { service_plan_id: csp.id });
      if (activities > 0) await main.locator('tbody tr').first().waitFor();
      expect(await main.locator('tbody tr').count()).toBe(Math.min(activities, 10));
      const [shss] = await apiGet(page, 'service_plans', { filter: { program: 'SHSS' }, sort: ['id', 'ASC'], range: [0, 0] });
      await page.goto(`/#/service_plans/${shss.id}/show`);
      await main.getByRole('tab', { name: 'Tasks' }).waitFor();
      expect(await main.getByRole('tab', { name: 'Service time' }).count()).toBe(0);

      const [approved] = await apiGet(page, 'support_requests', { filter: { status: 'approved' }, sort: ['id', 'ASC'], range: [0, 0] });
      const lines = await total(page, 'payments', { support_request_id: approved.id });
      expect(lines).toBeGreaterThan(0);
      await page.goto(`/#/support_requests/${approved.id}/show`);
      const section = main.getByRole('region', { name: 'Payment lines' });
      await section.locator('tbody tr').first().waitFor();
      expect(await section.locator('tbody tr').count()).toBe(Math.min(lines, 10));
      expect(session.pageErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

describeE2E('the smaller things', () => {
  const browser = useBrowser();

  test('clicking a notification opens its record and marks it read', async () => {
    const session = await signIn(browser(), 'pm');
    const { page } = session;
    try {
      // A placement of the programme manager's ends (not the first or last active one, which other files use), telling it.
      const [placement] = await apiGet(page, 'placements', { filter: { status: 'active', start_date_lte: isoDay(-1) }, sort: ['id', 'DESC'], range: [1, 1] });
      await apiPost(page, `placements/${placement.id}/end`, { end_date: isoDay(0), end_reason: 'Notification test (e2e)' });
      const about = { resource: 'placements', record_id: String(placement.id) };
      const [note] = await apiGet(page, 'notifications', { filter: { ...about, read_at: null } });
      expect(note.message).toContain(`ended on ${isoDay(0)}`);
      const unread = await total(page, 'notifications', { read_at: null });

      await page.reload();
      const bell = page.getByRole('button', { name: `Notifications: ${unread} unread` });
      await bell.click();
      const marked = page.waitForResponse((r) => r.url().endsWith(`/api/notifications/${note.id}`) && r.request().method() === 'PUT');
      await page.getByRole('menu').getByRole('menuitem').filter({ hasText: note.message }).click();
      expect((await marked).status()).toBe(200);
      await page.waitForURL(new RegExp(`#/placements/${placement.id}/show$`));
      expect((await apiGet(page, `notifications/${note.id}`)).read_at).not.toBeNull();
      await page.getByRole('button', { name: `Notifications: ${unread - 1} unread` }).waitFor();
      expect(session.pageErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });

  test('the skip link leaves the keyboard in the content, and a list that cannot load says why', async () => {
    const session = await signIn(browser(), 'worker');
    const { page } = session;
    try {
      await page.goto('/#/tasks');
      await page.getByRole('main').getByRole('row').nth(1).waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('#main-content')))).toBe(true);

      await page.goto(`/#/tasks?filter=${encodeURIComponent(JSON.stringify({ no_such_field: 1 }))}`);
      const alert = page.getByRole('main').getByRole('alert');
      await alert.waitFor();
      expect(await alert.innerText()).toMatch(/^The list could not be loaded: Unknown filter "no_such_field" for tasks/);
      expect(await page.getByRole('main').getByText('No results found').count()).toBe(0);
    } finally {
      await session.close();
    }
  });
});
