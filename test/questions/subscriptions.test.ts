import ExcelJS from 'exceljs';
import type { ParsedMail } from 'mailparser';
import { findJob } from '../../server/jobs/registry';
import { runJob } from '../../server/jobs/runner';
import { chromiumMissing, CHROMIUM_PATH } from '../e2e/support/chromium';
import { useTestContext, type TestUser } from '../helpers/context';
import { pdfText } from '../helpers/pdfText';
import { factories } from '../helpers/factories';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtpReceiver';

/**
 * A subscription to a dashboard sends each recipient a PDF and an XLSX of its own numbers,
 * through a real SMTP server on loopback. Agency A has two referrals in April 2025, agency B
 * one in May 2025; the dashboard has a question (referrals per month) and the new-referrals
 * KPI. A's administrator gets 2 (April), B's gets 1 (May), from the same subscription.
 */
const missing = chromiumMissing();
const describeWithChromium = missing && !process.env.REQUIRE_E2E ? describe.skip : describe;
if (missing) console.warn(`[subscriptions] ${missing}`);

const ctx = useTestContext(() => ({ now: NOW.toISOString() }));
let smtp: SmtpReceiver;
type Account = { user: TestUser; token: string };
let manager: Account;
let adminA: Account;
let adminB: Account;
let agencies: { A: number; B: number };

const NOW = new Date('2026-04-02T08:00:00Z');

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  const f = factories(ctx.knex);
  const ministry = await f.organization({ name: 'Ministry', kind: 'ministry' });
  agencies = { A: await f.organization({ name: 'Agency A' }), B: await f.organization({ name: 'Agency B' }) };
  manager = await ctx.createUser({ role: 'ministry_manager', organization_id: ministry, full_name: 'Mia Manager' });
  adminA = await ctx.createUser({ role: 'org_admin', organization_id: agencies.A, full_name: 'Ada Admin', email: 'ada@a.example' });
  adminB = await ctx.createUser({ role: 'org_admin', organization_id: agencies.B, full_name: 'Bo Admin', email: 'bo@b.example' });
  for (const [organization_id, referral_date] of [[agencies.A, '2025-04-02'], [agencies.A, '2025-04-20'], [agencies.B, '2025-05-05']] as const) {
    await f.referral({ organization_id, referral_date });
  }
});
afterAll(async () => {
  await smtp.close();
});

const api = (who: Account) => ctx.api(who.token);

async function create(who: Account, resource: string, body: object) {
  const res = await api(who).post(`/api/${resource}`, body);
  expect({ status: res.status, body: res.status === 201 ? 'created' : res.body }).toEqual({ status: 201, body: 'created' });
  return res.body;
}

const runDelivery = (smtpUrl: string | null, now = NOW) =>
  runJob(findJob('deliver-report-subscriptions')!, {
    knex: ctx.knex,
    config: { icmUrl: null, reportPacks: { smtpUrl, mailFrom: 'Reports <reports@portal.example>', chromiumPath: CHROMIUM_PATH, questionTimeoutMs: 10_000, scheduleTimeZone: 'UTC' } },
    log: () => undefined,
    clock: () => now,
  });

async function sheets(xlsx: Buffer): Promise<Record<string, unknown[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as never);
  return Object.fromEntries(workbook.worksheets.map((sheet) => [sheet.name, sheet.getSheetValues().slice(1).map((row) => (row as unknown[]).slice(1))]));
}

const attachment = (mail: ParsedMail, extension: string) => mail.attachments.find((a) => a.filename?.endsWith(extension))!;

describe('subscriptions are checked when saved', () => {
  it('refuse a bad cron expression, a missing schedule, recipients the owner cannot see, and both a dashboard and a report', async () => {
    const dashboard = await create(manager, 'dashboards', { title: 'Check' });
    const base = { title: 'Weekly', dashboard_id: dashboard.id, formats: ['pdf'], recipient_ids: [adminA.user.id], schedule_kind: 'cron', cron: '0 7 * * 1' };
    const cases: [object, string][] = [
      [{ ...base, cron: '0 7 * *' }, 'cron'],
      [{ ...base, cron: '61 7 * * 1' }, 'cron'],
      [{ ...base, schedule_kind: 'fiscal', cron: null }, 'fiscal_periods'],
      [{ ...base, formats: ['docx'] }, 'formats'],
      [{ ...base, report: 'csp-measures' }, 'dashboard_id'],
    ];
    for (const [body, field] of cases) {
      const res = await api(manager).post('/api/report_subscriptions', body);
      expect({ field, status: res.status, fields: Object.keys(res.body.errors ?? {}) }).toEqual({ field, status: 400, fields: [field] });
    }
    const foreign = await api(adminA).post('/api/report_subscriptions', { ...base, dashboard_id: null, report: 'csp-measures', recipient_ids: [adminB.user.id] });
    expect({ status: foreign.status, errors: foreign.body.errors }).toEqual({ status: 404, errors: { recipient_ids: `no such user: ${adminB.user.id}` } });
    const saved = await create(manager, 'report_subscriptions', base);
    expect(saved).toMatchObject({ owner_id: manager.user.id, next_run_at: null, last_run_at: null, active: true, period: 'fiscal_year_to_date' });
    expect((await api(adminA).get(`/api/report_subscriptions/${saved.id}`)).status).toBe(404);
    await api(manager).delete(`/api/report_subscriptions/${saved.id}`);
  });
});

describeWithChromium('a dashboard subscription', () => {
  let subscriptionId: number;
  let messages: ParsedMail[];

  beforeAll(async () => {
    const dashboard = await create(manager, 'dashboards', { title: 'Referrals pack' });
    const question = await create(manager, 'questions', {
      title: 'Referrals per month',
      spec: { resource: 'referrals', group_by: [{ field: 'referral_date', bucket: 'month' }], measure: { fn: 'count' } },
      visualization: 'bar',
    });
    await create(manager, 'dashboard_cards', { dashboard_id: dashboard.id, question_id: question.id, x: 0, y: 0, w: 6, h: 4 });
    await create(manager, 'dashboard_cards', { dashboard_id: dashboard.id, report_card: 'kpi.new_referrals', x: 6, y: 0, w: 3, h: 2 });
    const subscription = await create(manager, 'report_subscriptions', {
      title: 'Referrals pack',
      dashboard_id: dashboard.id,
      formats: ['pdf', 'xlsx'],
      recipient_ids: [adminA.user.id, adminB.user.id],
      schedule_kind: 'cron',
      cron: '0 7 * * *',
      period: 'previous_fiscal_year',
    });
    subscriptionId = subscription.id;
    // saved on April 1: due at 07:00 that day, for fiscal year 2025 (2025-04-01 – 2026-03-31)
    await ctx.knex('report_subscriptions').where({ id: subscriptionId }).update({ updated_at: '2026-04-01T00:00:00Z' });

    const waiting = await runDelivery(null);
    expect(waiting.summary).toMatchObject({ scheduled: 1, due: 1, sent: 0, waiting: 'SMTP_URL is not set: the due packs wait' });
    const run = await runDelivery(smtp.url);
    expect(run).toMatchObject({ status: 'succeeded', summary: { scheduled: 0, due: 1, sent: 2, failed: 0, skipped: 0, missing_recipients: [] } });
    const recipient = (m: ParsedMail) => (m.to && 'text' in m.to ? m.to.text : '');
    messages = [...smtp.messages].sort((a, b) => recipient(a).localeCompare(recipient(b)));
  }, 60_000);

  it('sends one message to each recipient with a PDF and an XLSX', () => {
    const address = (a: ParsedMail['to'] | ParsedMail['from']) => (a && 'value' in a ? a.value.map((v) => `${v.name} <${v.address}>`) : null);
    expect(messages.map((m) => [address(m.to), address(m.from), m.subject])).toEqual([
      [['Ada Admin <ada@a.example>'], ['Reports <reports@portal.example>'], 'Referrals pack: 2025-04-01 – 2026-03-31'],
      [['Bo Admin <bo@b.example>'], ['Reports <reports@portal.example>'], 'Referrals pack: 2025-04-01 – 2026-03-31'],
    ]);
    for (const mail of messages) {
      expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
        ['referrals-pack_2025-04-01_2026-03-31.pdf', 'application/pdf'],
        ['referrals-pack_2025-04-01_2026-03-31.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ]);
      expect(mail.html).toContain('<h2>Referrals per month</h2>');
    }
  });

  it("gives each recipient its own numbers in the XLSX, one sheet per card: A two in April, B one in May", async () => {
    const [a, b] = await Promise.all(messages.map((m) => sheets(attachment(m, '.xlsx').content)));
    expect(Object.keys(a)).toEqual(['Referrals per month', 'New referrals']);
    expect(a['Referrals per month'].slice(2)).toEqual([['Referral date (month)', 'Count'], ['Apr 2025', 2]]);
    expect(b['Referrals per month'].slice(2)).toEqual([['Referral date (month)', 'Count'], ['May 2025', 1]]);
    expect(a['New referrals'].slice(2)).toEqual([['Measure', 'Value'], ['New referrals', 2]]);
    expect(b['New referrals'].slice(2)).toEqual([['Measure', 'Value'], ['New referrals', 1]]);
  });

  it('gives each recipient its own numbers in the PDF', () => {
    const [a, b] = messages.map((m) => attachment(m, '.pdf').content);
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    const [textA, textB] = [pdfText(a), pdfText(b)];
    expect(textA).toContain('Referrals pack');
    expect(textA).toMatch(/Apr 2025\s+2/);
    expect(textA).toMatch(/New referrals\s+2/);
    expect(textA).not.toContain('May 2025');
    expect(textB).toMatch(/May 2025\s+1/);
    expect(textB).toMatch(/New referrals\s+1/);
    expect(textB).not.toContain('Apr 2025');
  });

  it('records a sent delivery per recipient, the next run, and an audit row; a second run sends nothing', async () => {
    const deliveries = await ctx.knex('report_deliveries').where({ subscription_id: subscriptionId }).orderBy('recipient_id');
    expect(deliveries.map((d) => [Number(d.recipient_id), d.status, d.period_from, d.period_to, d.scheduled_for, typeof d.message_id])).toEqual([
      [adminA.user.id, 'sent', '2025-04-01', '2026-03-31', '2026-04-01T07:00:00.000Z', 'string'],
      [adminB.user.id, 'sent', '2025-04-01', '2026-03-31', '2026-04-01T07:00:00.000Z', 'string'],
    ]);
    const subscription = await ctx.knex('report_subscriptions').where({ id: subscriptionId }).first();
    expect([subscription.next_run_at, subscription.last_run_at]).toEqual(['2026-04-03T07:00:00.000Z', NOW.toISOString()]);
    const audit = await ctx.knex('audit_events').where({ action: 'deliver_report', record_id: String(subscriptionId) });
    expect(audit.map((row) => row.changes.after.deliveries)).toEqual([[{ recipient_id: adminA.user.id, status: 'sent' }, { recipient_id: adminB.user.id, status: 'sent' }]]);
    const again = await runDelivery(smtp.url);
    expect(again.summary).toMatchObject({ due: 0, sent: 0 });
    expect(smtp.messages).toHaveLength(2);
  });

  it('shows each recipient its own deliveries and the owner all of them', async () => {
    const seen = async (who: Account) => (await api(who).get('/api/report_deliveries')).body.map((d: { recipient_id: number }) => d.recipient_id).sort();
    expect(await seen(adminA)).toEqual([adminA.user.id]);
    expect(await seen(manager)).toEqual([adminA.user.id, adminB.user.id].sort());
  });
});
