import { apiGet, describeE2E, notification, useSignedInPage } from './support/portal';

/**
 * The dashboard pieces of the programmes' front-line work: a record's attachments (attach,
 * refused kinds, download link, remove, in English and French), a new check-in's standard
 * questions, and the payment details behind an ICM order number.
 */
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const PROGRAM = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(256, 0x90)]);

describeE2E('attachments and check-in questions as a portal worker', () => {
  const { page, session } = useSignedInPage('worker');

  test('attaches a file to an event, refuses a program, offers the download and removes it', async () => {
    const [event] = await apiGet(page, 'events', { filter: { service_plan_id: null }, sort: ['id', 'ASC'], range: [0, 0] });
    const main = page.getByRole('main');
    await page.goto(`/#/events/${event.id}/show`);
    await main.getByRole('heading', { name: 'Attachments', level: 2 }).waitFor();
    const input = main.getByTestId('attachment-input');

    const name = `dentist-${Date.now()}.pdf`;
    await input.setInputFiles({ name, mimeType: 'application/pdf', buffer: PDF });
    await notification(page, `${name} attached`).waitFor();
    const link = main.getByRole('link', { name: `Download ${name}` });
    await link.waitFor();
    const listed = await apiGet(page, `events/${event.id}/attachments`);
    const file = listed.files.find((f: { file_name: string }) => f.file_name === name);
    expect(file).toMatchObject({ content_type: 'application/pdf', size_bytes: PDF.length, can_delete: true });
    expect(await link.getAttribute('href')).toBe(`/api/events/${event.id}/attachments/${file.id}`);

    await input.setInputFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: PROGRAM });
    await notification(page, 'This file is a program (application/x-msdownload); programs cannot be attached').waitFor();

    await main.getByRole('button', { name: `Remove ${name}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove this file?' });
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await notification(page, `${name} removed`).waitFor();
    expect((await apiGet(page, `events/${event.id}/attachments`)).files.some((f: { id: number }) => f.id === file.id)).toBe(false);
    expect(session.pageErrors).toEqual([]);
  });

  test('names the attachments section in French', async () => {
    const [event] = await apiGet(page, 'events', { filter: { service_plan_id: null }, sort: ['id', 'ASC'], range: [0, 0] });
    await page.goto(`/#/events/${event.id}/show`);
    await page.getByRole('banner').getByRole('button', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'Français' }).click();
    const main = page.getByRole('main');
    await main.getByRole('heading', { name: 'Pièces jointes', level: 2 }).waitFor();
    await main.getByRole('button', { name: 'Joindre un fichier' }).waitFor();
    await page.getByRole('banner').getByRole('button', { name: 'Français' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await main.getByRole('heading', { name: 'Attachments', level: 2 }).waitFor();
  });

  test('starts a new check-in with the standard questions', async () => {
    const questions = await apiGet(page, 'check_in_questions', { filter: { active: true }, sort: ['position', 'ASC'], range: [0, 99] });
    expect(questions.length).toBeGreaterThan(0);
    await page.goto('/#/monthly_check_ins/create');
    const main = page.getByRole('main');
    const asked = main.getByRole('textbox', { name: 'Question' });
    await asked.first().waitFor();
    expect(await asked.count()).toBe(questions.length);
    expect(await asked.first().inputValue()).toBe(questions[0].label);
  });
});

describeE2E('payment details as ministry finance', () => {
  const { page, session } = useSignedInPage('finance');

  test('opens a payment from its ICM order number in the payment summary, with the placement and the request it pays', async () => {
    const [payment] = await apiGet(page, 'payments', { filter: { kind: 'support', icm_order_number_neq: null }, sort: ['id', 'ASC'], range: [0, 0] });
    const month = payment.service_month;
    const monthEnd = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
    await page.goto(`/#/reports/payment-summary?period=custom&from=${month}&to=${monthEnd}&contract=${payment.contract_id}`);
    const main = page.getByRole('main');
    const orderLink = main.getByRole('link', { name: /^Open the payment details of order / }).first();
    await orderLink.click();
    await page.waitForURL(/#\/payments\/\d+\/show$/);
    const openedId = Number(/#\/payments\/(\d+)\/show$/.exec(page.url())![1]);
    const details = await apiGet(page, `payments/${openedId}/details`);
    await main.getByRole('heading', { name: 'Payment details', level: 1 }).waitFor();
    await main.getByText(details.icm_order_number, { exact: true }).waitFor();
    await main.getByText(details.contract.contract_number, { exact: true }).waitFor();
    await main.getByRole('heading', { name: 'Support request it pays', level: 2 }).waitFor();
    if (details.support_request) {
      const requestName = [details.support_request.type_label, details.support_request.sub_type_label].filter(Boolean).join(' · ');
      await main.getByRole('link', { name: requestName, exact: true }).waitFor();
    } else {
      await main.getByText('None', { exact: true }).waitFor();
    }
    await main.getByRole('link', { name: `${details.placement.child_name} · ${details.placement.place_name}`, exact: true }).waitFor();
    expect(session.pageErrors).toEqual([]);
  });
});
