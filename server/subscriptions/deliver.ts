import type { Knex } from 'knex';
import nodemailer from 'nodemailer';
import type { SubscriptionFormat } from '../../contract/questions';
import type { CurrentUser } from '../access/roles';
import { writeAudit } from '../audit';
import type { ReportPackConfig } from '../config';
import { primaryReads } from '../db/readRouting';
import type { ReportSubscription } from '../models';
import { resources } from '../resources/registry';
import type { Row } from '../resources/types';
import { buildPack } from './pack';
import { chromiumPrinter, packHtml, packXlsx, type PdfPrinter } from './render';
import { nextRunAfter, packPeriod } from './schedule';

/**
 * The deliver-report-subscriptions job: sends every due subscription's pack to each of its
 * recipients, each pack built in that recipient's own scope (a recipient never receives
 * numbers its role could not see), by e-mail through SMTP_URL. One report_deliveries row per
 * recipient says how it went; a recipient already sent this run's pack (a run cut short and
 * run again) is not sent it twice. Without SMTP_URL nothing is sent and due packs wait.
 */
export interface DeliveryDeps {
  knex: Knex;
  now: Date;
  config: ReportPackConfig;
  log: (line: string) => void;
  runId: number | null;
}

interface Summary {
  [key: string]: unknown;
  scheduled: number;
  due: number;
  sent: number;
  failed: number;
  skipped: number;
  missing_recipients: number[];
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'report';

/** Subscriptions new or changed since the last run get their next time, counted from their change. */
async function schedulePending(deps: DeliveryDeps): Promise<number> {
  const pending = (await deps.knex('report_subscriptions').where({ active: true }).whereNull('next_run_at')) as Row<ReportSubscription>[];
  for (const subscription of pending) {
    const next = nextRunAfter(subscription, new Date(subscription.updated_at), deps.config.scheduleTimeZone);
    await deps.knex('report_subscriptions').where({ id: subscription.id }).update({ next_run_at: next });
  }
  return pending.length;
}

async function recipientOf(knex: Knex, id: number): Promise<(CurrentUser & { active: boolean }) | null> {
  const user = await knex('users').where({ id }).first('id', 'email', 'full_name', 'role', 'organization_id', 'active');
  return user ? { ...user, id: Number(user.id), organization_id: user.organization_id === null ? null : Number(user.organization_id) } : null;
}

async function attachments(subscription: Row<ReportSubscription>, pack: Awaited<ReturnType<typeof buildPack>>, printer: () => PdfPrinter) {
  const name = `${slug(subscription.title)}_${pack.period.from}_${pack.period.to}`;
  const html = packHtml(pack);
  const files: { filename: string; content: Buffer; contentType: string }[] = [];
  for (const format of subscription.formats as SubscriptionFormat[]) {
    if (format === 'pdf') files.push({ filename: `${name}.pdf`, content: await printer().print(html), contentType: 'application/pdf' });
    else files.push({ filename: `${name}.xlsx`, content: await packXlsx(pack), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  }
  return { html, files };
}

export async function deliverReportSubscriptions(deps: DeliveryDeps): Promise<Summary> {
  const { knex, now, config } = deps;
  const summary: Summary = { scheduled: await schedulePending(deps), due: 0, sent: 0, failed: 0, skipped: 0, missing_recipients: [] };
  const due = (await knex('report_subscriptions').where({ active: true }).where('next_run_at', '<=', now).orderBy('id')) as Row<ReportSubscription>[];
  summary.due = due.length;
  if (!due.length) return summary;
  if (!config.smtpUrl) return { ...summary, waiting: 'SMTP_URL is not set: the due packs wait' };

  const transport = nodemailer.createTransport(config.smtpUrl);
  let printer: PdfPrinter | null = null;
  // A pack is read from the primary: it runs once per recipient, off the request path.
  const questionDeps = { knex, reads: primaryReads(knex, () => now), clock: () => now, timeoutMs: config.questionTimeoutMs, resources };
  try {
    for (const subscription of due) {
      const scheduledFor = new Date(subscription.next_run_at!);
      const period = packPeriod(subscription, scheduledFor, config.scheduleTimeZone);
      const deliveries: { recipient_id: number; status: string }[] = [];
      for (const recipientId of subscription.recipient_ids) {
        const recipient = await recipientOf(knex, recipientId);
        if (!recipient) {
          summary.missing_recipients.push(recipientId);
          continue;
        }
        const already = await knex('report_deliveries').where({ subscription_id: subscription.id, recipient_id: recipientId, scheduled_for: scheduledFor, status: 'sent' }).first('id');
        if (already) continue;
        const row = { subscription_id: subscription.id, job_run_id: deps.runId, recipient_id: recipientId, email: recipient.email, scheduled_for: scheduledFor, period_from: period.from, period_to: period.to, formats: JSON.stringify(subscription.formats) };
        let outcome: { status: 'sent' | 'failed' | 'skipped'; error?: string; message_id?: string; sent_at?: Date };
        if (!recipient.active) outcome = { status: 'skipped', error: 'The user is no longer active' };
        else {
          try {
            const pack = await buildPack(questionDeps, recipient, subscription, period);
            const { html, files } = await attachments(subscription, pack, () => (printer ??= chromiumPrinter(config.chromiumPath)));
            const info = await transport.sendMail({
              from: config.mailFrom,
              to: { name: recipient.full_name, address: recipient.email },
              subject: `${subscription.title}: ${period.from} – ${period.to}`,
              text: `${subscription.title}, ${period.from} to ${period.to}: the numbers you see in the portal, attached as ${files.map((f) => f.filename.split('.').pop()!.toUpperCase()).join(' and ')}.`,
              html,
              attachments: files,
            });
            outcome = { status: 'sent', message_id: info.messageId, sent_at: new Date() };
          } catch (error) {
            outcome = { status: 'failed', error: error instanceof Error ? error.message : String(error) };
            deps.log(`[report ${subscription.id}] to user ${recipientId} failed: ${outcome.error}`);
          }
        }
        await knex('report_deliveries').insert({ ...row, ...outcome });
        summary[outcome.status] += 1;
        deliveries.push({ recipient_id: recipientId, status: outcome.status });
      }
      await knex('report_subscriptions').where({ id: subscription.id }).update({ last_run_at: now, next_run_at: nextRunAfter(subscription, now, config.scheduleTimeZone) });
      await writeAudit(knex, { user_id: null, action: 'deliver_report', resource: 'report_subscriptions', record_id: subscription.id, after: { scheduled_for: scheduledFor.toISOString(), period, deliveries } });
    }
  } finally {
    transport.close();
    await (printer as PdfPrinter | null)?.close();
  }
  return summary;
}
