import { apiGet, describeE2E, isoDay, notification, useSignedInPage } from './support/portal';

/**
 * A portal worker's monthly check-in: save the draft, be refused *Finalize and send* without a
 * check-in date (the server's 422 and its message), then enter the date and finalize it.
 */
describeE2E('a monthly check-in as a portal worker', () => {
  const { page, session } = useSignedInPage('worker');

  test('saves a draft, is refused finalizing without a date, then finalizes with the confirmation', async () => {
    const drafts = await apiGet(page, 'monthly_check_ins', { filter: { status: 'draft', check_in_date: null }, sort: ['id', 'ASC'], range: [0, 0] });
    expect(drafts).toHaveLength(1);
    const checkIn = drafts[0];
    const main = page.getByRole('main');

    await page.goto(`/#/monthly_check_ins/${checkIn.id}/show`);
    await main.getByRole('link', { name: 'Edit' }).click();
    await page.waitForURL(new RegExp(`#/monthly_check_ins/${checkIn.id}$`));
    const response = main.getByRole('textbox', { name: 'Response' }).first();
    await response.waitFor();
    expect(await response.inputValue()).toBe(checkIn.answers[0].response ?? '');

    // a draft is saved as often as wanted
    const answer = `Settled in well; started swimming lessons (e2e ${Date.now()}).`;
    await response.fill(answer);
    await main.getByRole('button', { name: 'Save draft' }).click();
    await notification(page, 'Element updated').waitFor();
    let saved = await apiGet(page, `monthly_check_ins/${checkIn.id}`);
    expect(saved).toMatchObject({ status: 'draft', answers: expect.arrayContaining([expect.objectContaining({ response: answer })]) });

    // no check-in date yet: the server refuses, and says why
    const finalize = main.getByRole('button', { name: 'Finalize and send' });
    const confirm = page.getByRole('dialog', { name: 'Finalize and send this check-in?' });
    await finalize.click();
    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/monthly_check_ins/${checkIn.id}/finalize`));
    await confirm.getByRole('button', { name: 'Finalize and send' }).click();
    expect((await refused).status()).toBe(422);
    await notification(page, 'Enter the check-in date before finalizing').waitFor();
    await main.getByText('is required to finalize').waitFor();
    expect((await apiGet(page, `monthly_check_ins/${checkIn.id}`)).status).toBe('draft');

    // with the date, Finalize and send asks for confirmation, then freezes and queues it for ICM
    // today: the draft is this month's, and a check-in date falls in its month or after it (not yesterday on the 1st)
    const checkInDate = isoDay(0);
    await main.getByLabel('Check-in date').fill(checkInDate);
    await finalize.click();
    await confirm.getByText('It cannot be changed afterwards').waitFor();
    await confirm.getByRole('button', { name: 'Finalize and send' }).click();
    await notification(page, /^Check-in finalized/).waitFor();
    await page.waitForURL(new RegExp(`#/monthly_check_ins/${checkIn.id}/show$`));
    await main.getByText('Finalized', { exact: true }).waitFor();
    await main.getByText(answer).waitFor();
    expect(await main.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(await main.getByRole('button', { name: 'Finalize and send' }).count()).toBe(0);

    saved = await apiGet(page, `monthly_check_ins/${checkIn.id}`);
    expect(saved).toMatchObject({ status: 'finalized', check_in_date: checkInDate, icm_status: expect.stringMatching(/pending|sent/) });
    expect(session.pageErrors).toEqual([]);
  });
});
