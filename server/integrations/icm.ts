import type { Knex } from 'knex';
import { writeAudit } from '../audit';
import { ICM_SUBJECTS, type IcmSubject } from '../workflows/icmOutbox';
import { say, type Message } from '../messages';
import { notify, planEditorsWhoSeePlacement } from '../workflows/notifications';

/**
 * Delivers outbox messages to ICM, the ministry's case system, over HTTP(S).
 *
 * Each message is POSTed as JSON with its `Idempotency-Key` header, the same key on every
 * attempt, so ICM can recognise a retry of a request it already processed (for example one
 * whose answer timed out) and answer it without creating a duplicate. A message is claimed with
 * FOR UPDATE SKIP LOCKED for the length of its attempt, so two deliverers never send it at the
 * same time. A failed attempt waits an exponentially growing delay (`deliver_after`); after
 * `maxAttempts`, or at once for an answer that a retry cannot fix (4xx other than 408/425/429),
 * the message is `failed` and the people responsible are notified: a check-in's author, a
 * respite stay's plan editors. The outcome is recorded on the record the message is about (its
 * subject, server/workflows/icmOutbox.ts) when it is that record's latest message.
 */
export interface DeliveryOptions {
  knex: Knex;
  /** ICM_URL; without it messages stay queued (pending) */
  icmUrl: string | null;
  now: Date;
  log?: (line: string) => void;
  timeoutMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** at most this many messages per run */
  batchSize?: number;
}

export interface DeliverySummary {
  icm_url_configured: boolean;
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
  /** pending messages left for a later run */
  queued: number;
}

export const ICM_DEFAULTS = {
  timeoutMs: 10_000,
  maxAttempts: 8,
  backoffBaseMs: 30_000,
  backoffMaxMs: 60 * 60_000,
  batchSize: 100,
};

interface OutboxRow {
  id: number;
  topic: string;
  payload: unknown;
  attempts: number;
  idempotency_key: string | null;
  monthly_check_in_id: number | null;
  respite_stay_id: number | null;
}

/**
 * A failed attempt: `error` for the outbox row and the log (with ICM's own answer), `reason`
 * for the people told, by message code (ICM's answer text is not theirs to read).
 */
type AttemptResult = { ok: true; reference: string | null } | { ok: false; error: string; reason: Message; retryable: boolean };

/** The delay before attempt `attempts + 1`: base, 2 × base, 4 × base …, capped. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), maxMs);
}

async function post(url: string, message: OutboxRow, timeoutMs: number): Promise<AttemptResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'Idempotency-Key': message.idempotency_key ?? `outbox-${message.id}`,
        'X-Message-Topic': message.topic,
      },
      body: JSON.stringify(message.payload),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.ok) return { ok: true, reference: referenceFrom(text, response.headers.get('location')) };
    const retryable = response.status >= 500 || [408, 425, 429].includes(response.status);
    return { ok: false, retryable, error: `ICM answered ${response.status}${text ? `: ${text.slice(0, 300)}` : ''}`, reason: say('icm_failure_status', { status: response.status }) };
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return { ok: false, retryable: true, error: `ICM did not answer within ${timeoutMs} ms`, reason: say('icm_failure_timeout', { seconds: timeoutMs / 1000 }) };
    }
    const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
    const why = cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
    return { ok: false, retryable: true, error: `Could not reach ICM: ${why}`, reason: say('icm_failure_unreachable', { cause: cause?.code ?? '—' }) };
  }
}

function referenceFrom(body: string, location: string | null): string | null {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const value = parsed.reference ?? parsed.icm_reference ?? parsed.id;
    if (typeof value === 'string' || typeof value === 'number') return String(value).slice(0, 200);
  } catch {
    // not JSON: fall back to the Location header
  }
  return location ? location.slice(0, 200) : null;
}

async function claimNext(trx: Knex.Transaction, now: Date, afterId: number): Promise<OutboxRow | undefined> {
  return trx('outbox_messages')
    .where('status', 'pending')
    .where('deliver_after', '<=', now)
    .where('id', '>', afterId)
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .first();
}

async function countQueued(knex: Knex): Promise<number> {
  const row = await knex('outbox_messages').where('status', 'pending').count<{ count: string }[]>('* as count').first();
  return Number(row?.count ?? 0);
}

export async function deliverOutbox(options: DeliveryOptions): Promise<DeliverySummary> {
  const settings = { ...ICM_DEFAULTS, ...definedOnly(options) };
  const { knex, now } = options;
  const log = options.log ?? (() => undefined);
  const summary: DeliverySummary = { icm_url_configured: Boolean(options.icmUrl), attempted: 0, delivered: 0, retrying: 0, failed: 0, queued: 0 };
  if (!options.icmUrl) {
    summary.queued = await countQueued(knex);
    return summary;
  }
  const url = options.icmUrl;
  let lastId = 0;
  for (let i = 0; i < settings.batchSize; i += 1) {
    const outcome = await knex.transaction(async (trx) => {
      const message = await claimNext(trx, now, lastId);
      if (!message) return null;
      lastId = message.id;
      const result = await post(url, message, settings.timeoutMs);
      const attempts = message.attempts + 1;
      if (result.ok) {
        await delivered(trx, message, attempts, result.reference, now);
        return 'delivered' as const;
      }
      log(`[icm] message ${message.id} attempt ${attempts}: ${result.error}`);
      if (!result.retryable || attempts >= settings.maxAttempts) {
        await failed(trx, message, attempts, result, now);
        return 'failed' as const;
      }
      const deliverAfter = new Date(now.getTime() + backoffMs(attempts, settings.backoffBaseMs, settings.backoffMaxMs));
      await trx('outbox_messages').where({ id: message.id }).update({ attempts, last_error: result.error, deliver_after: deliverAfter, updated_at: now });
      return 'retrying' as const;
    });
    if (!outcome) break;
    summary.attempted += 1;
    summary[outcome] += 1;
  }
  summary.queued = await countQueued(knex);
  return summary;
}

function definedOnly(options: DeliveryOptions) {
  const picked: Partial<typeof ICM_DEFAULTS> = {};
  for (const key of Object.keys(ICM_DEFAULTS) as (keyof typeof ICM_DEFAULTS)[]) {
    if (options[key] !== undefined) picked[key] = options[key];
  }
  return picked;
}

/** The record a message is about, when that message is the latest one about it. */
async function subjectOf(trx: Knex.Transaction, message: OutboxRow): Promise<{ column: IcmSubject; table: string; id: number } | null> {
  for (const [column, table] of Object.entries(ICM_SUBJECTS) as [IcmSubject, string][]) {
    const id = message[column];
    if (!id) continue;
    const latest = await trx('outbox_messages').where({ [column]: id }).max('id as id').first();
    return latest?.id === message.id ? { column, table, id } : null;
  }
  return null;
}

async function delivered(trx: Knex.Transaction, message: OutboxRow, attempts: number, reference: string | null, now: Date) {
  await trx('outbox_messages').where({ id: message.id }).update({ status: 'delivered', attempts, last_error: null, delivered_at: now, updated_at: now });
  const subject = await subjectOf(trx, message);
  if (!subject) return;
  const before = await trx(subject.table).where({ id: subject.id }).first('icm_status', 'icm_reference');
  await trx(subject.table).where({ id: subject.id }).update({ icm_status: 'sent', icm_reference: reference, updated_at: now });
  await writeAudit(trx, {
    user_id: null,
    action: 'icm_sent',
    resource: subject.table,
    record_id: subject.id,
    before,
    after: { icm_status: 'sent', icm_reference: reference, outbox_message_id: message.id, attempts },
  });
}

async function failed(trx: Knex.Transaction, message: OutboxRow, attempts: number, { error, reason }: { error: string; reason: Message }, now: Date) {
  await trx('outbox_messages').where({ id: message.id }).update({ status: 'failed', attempts, last_error: error, updated_at: now });
  const subject = await subjectOf(trx, message);
  if (!subject) return;
  const before = await trx(subject.table).where({ id: subject.id }).first('icm_status');
  await trx(subject.table).where({ id: subject.id }).update({ icm_status: 'failed', updated_at: now });
  await writeAudit(trx, {
    user_id: null,
    action: 'icm_failed',
    resource: subject.table,
    record_id: subject.id,
    before,
    after: { icm_status: 'failed', outbox_message_id: message.id, attempts, error },
  });
  const warning = subject.column === 'monthly_check_in_id' ? await checkInWarning(trx, subject.id) : await respiteStayWarning(trx, subject.id);
  await notify(trx, warning.to, {
    kind: 'icm_failed',
    message: [warning.say(attempts), reason, say('icm_ask_resend')],
    resource: subject.table,
    record_id: subject.id,
  });
}

async function checkInWarning(trx: Knex.Transaction, id: number) {
  const checkIn = await trx('monthly_check_ins').where({ id }).first('month', 'service_plan_id', 'finalized_by');
  const month = String(checkIn.month).slice(0, 7);
  return { say: (attempts: number) => say('icm_check_in_failed', { month, id: checkIn.service_plan_id, attempts }), to: checkIn.finalized_by ? [checkIn.finalized_by] : [] };
}

async function respiteStayWarning(trx: Knex.Transaction, id: number) {
  const stay = await trx('respite_stays').where({ id }).first('placement_id', 'start_date', 'end_date');
  const stayParams = { from: stay.start_date, to: stay.end_date, id: stay.placement_id };
  return { say: (attempts: number) => say('icm_respite_stay_failed', { ...stayParams, attempts }), to: await planEditorsWhoSeePlacement(trx, stay.placement_id) };
}
