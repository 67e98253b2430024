import type { Knex } from 'knex';
import { rowTimestamps } from '../db/clock';
import { ConflictError } from '../errors';
import { say } from '../messages';
import type { ActionContext } from '../resources/types';

/**
 * What goes to ICM, the ministry's case system: a message in `outbox_messages`, written in the
 * transaction of the change it reports, naming the record it is about in one of the subject
 * columns below; the deliver-outbox job sends it (server/integrations/icm.ts) and records the
 * outcome on that record's `icm_status`/`icm_reference`. The idempotency key travels with every
 * attempt and every resend, so ICM sees them as one message.
 */
export const ICM_SUBJECTS = {
  monthly_check_in_id: 'monthly_check_ins',
  respite_stay_id: 'respite_stays',
} as const;

export type IcmSubject = keyof typeof ICM_SUBJECTS;

export interface IcmMessage {
  topic: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
  subject: IcmSubject;
  recordId: number;
  /** when it may be sent (now) */
  at: string;
}

type Audit = ActionContext['audit'];

/** Queues one message for ICM in `trx` and audits it. */
export async function queueForIcm(trx: Knex.Transaction, audit: Audit, message: IcmMessage): Promise<void> {
  const [row] = await trx('outbox_messages')
    .insert({
      topic: message.topic,
      payload: JSON.stringify(message.payload),
      status: 'pending',
      deliver_after: message.at,
      idempotency_key: message.idempotencyKey,
      [message.subject]: message.recordId,
      ...rowTimestamps(trx),
    })
    .returning('*');
  await audit({ action: 'create', resource: 'outbox_messages', record_id: row.id, after: row });
}

/**
 * Sends a record whose latest delivery failed once more, with the same idempotency key (a
 * system administrator's action): answers the record's patch.
 */
export async function resendFailed(ctx: ActionContext<any>, subject: IcmSubject, what: string): Promise<{ patch: { icm_status: 'pending' } }> {
  const record = ctx.record as { id: number; icm_status: string };
  if (record.icm_status !== 'failed') {
    throw new ConflictError(say('icm_resend_failed_only', { what, status: record.icm_status }), { icm_status: say('field_is_status', { status: record.icm_status }) }, 'wrong_state');
  }
  const message = await ctx.trx('outbox_messages').where({ [subject]: record.id, status: 'failed' }).orderBy('id', 'desc').first();
  const now = ctx.clock().toISOString();
  const [requeued] = await ctx.trx('outbox_messages')
    .where({ id: message.id })
    .update({ status: 'pending', attempts: 0, deliver_after: now, updated_at: now })
    .returning('*');
  await ctx.audit({ action: 'update', resource: 'outbox_messages', record_id: message.id, before: message, after: requeued });
  return { patch: { icm_status: 'pending' } };
}
