import type { Knex } from 'knex';
import { SYSTEM_ADMIN } from '../access/roles';
import { scopeByPlacement } from '../access/scope';
import { writeAudit } from '../audit';
import { Placement } from '../models/Placement';
import { RuleError } from '../errors';
import { say } from '../messages';
import type { ActionContext, ActionDeclaration, ActionResult, Row, WriteContext } from '../resources/types';
import { findVisible } from './guards';
import { queueForIcm, resendFailed } from './icmOutbox';
import type { RespiteStay } from '../models/RespiteStay';

/**
 * Respite stays lie within their respite placement's dates; they may be added, edited or
 * confirmed after the placement ended, so the placement's status is not checked — and a stay
 * left outside its placement's dates (the placement was shortened) can always be cancelled.
 *
 * A confirmed stay goes to ICM through the outbox, associated with the placement's referral
 * (the child's request for service there), and the stay keeps the delivery's status like a
 * check-in. A stay ICM knows of is sent again when its dates change or it is cancelled; an
 * edit that changes neither (notes) sends nothing, and confirming a confirmed stay is no change.
 */
export const ICM_RESPITE_STAY_TOPIC = 'icm.respite_stay';

type Stay = Pick<Row<RespiteStay>, 'status' | 'start_date' | 'end_date' | 'icm_status'>;

/** Whether a change from `before` to `after` is news for ICM. */
export function tellsIcm(before: Stay | null, after: Partial<Stay>): boolean {
  const moved = before !== null && (before.start_date !== after.start_date || before.end_date !== after.end_date);
  if (after.status === 'confirmed') return before?.status !== 'confirmed' || moved;
  const known = before !== null && before.status === 'confirmed' && before.icm_status !== 'not_sent';
  return after.status === 'cancelled' && known;
}

function onlyCancelled(ctx: WriteContext<RespiteStay>): boolean {
  const { before, data } = ctx;
  return ctx.action === 'update' && data.status === 'cancelled' && before !== null && before.start_date === data.start_date && before.end_date === data.end_date;
}

/** beforeWrite of respite_stays: a respite placement, dates inside it (unless only cancelling), and the ICM status a change brings. */
export async function checkRespiteStayWrite(ctx: WriteContext<RespiteStay>): Promise<void> {
  if (ctx.action === 'delete') return;
  const { data } = ctx;
  const placement = await findVisible(ctx.trx, ctx.user, Placement, scopeByPlacement('id'), data.placement_id, 'placement');
  if (placement.kind !== 'respite') {
    throw new RuleError(say('respite_needs_respite_placement', { id: placement.id, kind: placement.kind }), { placement_id: say('field_not_respite_placement') });
  }
  const outside = (data.start_date && data.start_date < placement.start_date) || (placement.end_date && data.end_date && data.end_date > placement.end_date);
  if (outside && !onlyCancelled(ctx)) {
    throw new RuleError(placement.end_date ? say('respite_outside_placement', { from: placement.start_date, to: placement.end_date }) : say('respite_outside_open_placement', { from: placement.start_date }), {
      [data.start_date && data.start_date < placement.start_date ? 'start_date' : 'end_date']: say('field_outside_placement'),
    });
  }
  if (tellsIcm(ctx.before, data)) {
    if (!placement.referral_id) {
      throw new RuleError(
        say('respite_needs_referral', { id: placement.id }),
        { placement_id: say('field_names_no_referral') },
      );
    }
    data.icm_status = 'pending';
  }
}

/** afterWrite of respite_stays: the message for ICM that the change calls for, in its transaction. */
export async function sendRespiteStayChange(ctx: WriteContext<RespiteStay> & { record: Row<RespiteStay> }): Promise<void> {
  if (ctx.action === 'delete' || !tellsIcm(ctx.before, ctx.record)) return;
  const audit: ActionContext['audit'] = (entry) => writeAudit(ctx.trx, { user_id: ctx.user.id, ...entry });
  await queueStay(ctx.trx, audit, ctx.record, ctx.clock().toISOString());
}

/**
 * Queues a stay's current state for ICM. Each message of a stay has its own key, numbered in
 * order (`respite-stay-<id>-<n>`), kept across retries and resends.
 */
export async function queueStay(trx: Knex.Transaction, audit: ActionContext['audit'], stay: Row<RespiteStay>, at: string): Promise<void> {
  const placement = await trx('placements as p')
    .join('places_of_service as pos', 'pos.id', 'p.place_of_service_id')
    .where('p.id', stay.placement_id)
    .first('p.id', 'p.child_id', 'p.referral_id', 'p.place_of_service_id', 'pos.organization_id');
  const sent = await trx('outbox_messages').where({ respite_stay_id: stay.id }).count<{ n: string }[]>('* as n').first();
  await queueForIcm(trx, audit, {
    topic: ICM_RESPITE_STAY_TOPIC,
    payload: {
      kind: 'respite_stay',
      respite_stay_id: stay.id,
      status: stay.status,
      start_date: stay.start_date,
      end_date: stay.end_date,
      request_for_service: { referral_id: placement.referral_id },
      placement_id: placement.id,
      child_id: placement.child_id,
      place_of_service_id: placement.place_of_service_id,
      organization_id: placement.organization_id,
    },
    idempotencyKey: `respite-stay-${stay.id}-${Number(sent?.n ?? 0) + 1}`,
    subject: 'respite_stay_id',
    recordId: stay.id,
    at,
  });
}

/**
 * When a placement ends on `endDate`: its stays that start after the end are cancelled (and ICM
 * told of those it knows), each audited; stays that start by the end but run past it are left
 * for the staff to shorten or cancel. Answers both lists, in date order.
 */
export async function cancelStaysAfter(trx: Knex.Transaction, audit: ActionContext['audit'], placementId: number, endDate: string, at: string) {
  const stays: Row<RespiteStay>[] = await trx('respite_stays')
    .where({ placement_id: placementId })
    .whereNot('status', 'cancelled')
    .where('end_date', '>', endDate)
    .orderBy(['start_date', 'id'])
    .forUpdate();
  const cancelled: Row<RespiteStay>[] = [];
  for (const stay of stays.filter((s) => s.start_date > endDate)) {
    const send = tellsIcm(stay, { ...stay, status: 'cancelled' });
    const [after] = await trx('respite_stays')
      .where({ id: stay.id })
      .update({ status: 'cancelled', icm_status: send ? 'pending' : stay.icm_status, updated_at: at })
      .returning('*');
    await audit({ action: 'cancel', resource: 'respite_stays', record_id: stay.id, before: stay, after });
    if (send) await queueStay(trx, audit, after, at);
    cancelled.push(after);
  }
  return { cancelled, runningPast: stays.filter((s) => s.start_date <= endDate) };
}

async function resendToIcm(ctx: ActionContext<RespiteStay>): Promise<ActionResult<RespiteStay>> {
  return resendFailed(ctx, 'respite_stay_id', 'respite_stay');
}

export const respiteStayActions: readonly ActionDeclaration<RespiteStay>[] = [
  { name: 'resend_to_icm', label: 'Resend to ICM', roles: SYSTEM_ADMIN, fromStatus: ['confirmed', 'cancelled'], run: resendToIcm },
];
