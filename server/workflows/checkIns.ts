import crypto from 'node:crypto';
import { FRONT_LINE, SYSTEM_ADMIN } from '../access/roles';
import { scopeByPlan } from '../access/scope';
import { rowTimestamps } from '../db/clock';
import { ServicePlan } from '../models/ServicePlan';
import { ConflictError, RuleError, ValidationError } from '../errors';
import { CHECK_IN_COMMENT_MAX } from '../../contract/rules';
import type { MonthlyCheckIn } from '../models/MonthlyCheckIn';
import type { ActionContext, ActionDeclaration, ActionResult, WriteContext } from '../resources/types';
import { startOfMonth, isIsoDate, today } from '../dates';
import { findVisible, requireStatus } from './guards';
import { refuseWhenPlanClosed } from './servicePlans';

/**
 * Monthly check-ins: drafts save partial answers any number of times; `finalize` validates,
 * freezes the check-in and queues an outbox message for ICM in the same transaction. The
 * deliver-outbox job sends it (server/integrations/icm.ts).
 */
export const ICM_CHECK_IN_TOPIC = 'icm.monthly_check_in';

/** Answers must be a list of { question, response, comment } with comments within the limit. */
function checkAnswers(answers: unknown): void {
  if (answers === undefined || answers === null) return;
  if (!Array.isArray(answers)) throw new ValidationError('answers must be a list of { question, response, comment }', { answers: 'must be a list' });
  const long = answers
    .map((answer, index) => ({ index, comment: (answer as Record<string, unknown> | null)?.comment }))
    .filter(({ comment }) => typeof comment === 'string' && comment.length > CHECK_IN_COMMENT_MAX);
  if (long.length) {
    const which = long.map(({ index }) => `answer ${index + 1}`).join(', ');
    throw new ValidationError(`Comments are limited to ${CHECK_IN_COMMENT_MAX} characters: shorten the comment of ${which}`, {
      answers: `comment of ${which} is longer than ${CHECK_IN_COMMENT_MAX} characters`,
    });
  }
}

/** beforeWrite of monthly_check_ins: open plan, first-of-month month, comment limits, frozen once finalized. */
export async function checkCheckInWrite(ctx: WriteContext<MonthlyCheckIn>): Promise<void> {
  if (ctx.before?.status === 'finalized') {
    throw new ConflictError(`This check-in was finalized on ${String(ctx.before.finalized_at).slice(0, 10)} and is read-only`, {}, 'read_only');
  }
  await refuseWhenPlanClosed(ctx);
  if (ctx.action === 'delete') return;
  if (ctx.action === 'create') await findVisible(ctx.trx, ctx.user, ServicePlan, scopeByPlan('id'), ctx.data.service_plan_id, 'service plan');
  if (isIsoDate(ctx.data.month) && startOfMonth(ctx.data.month) !== ctx.data.month) {
    throw new ValidationError('The month of a check-in is its first day (YYYY-MM-01)', { month: 'must be the first day of a month' });
  }
  checkAnswers(ctx.data.answers);
  if (ctx.data.status === 'finalized' && !ctx.data.check_in_date) {
    throw new RuleError('Enter the check-in date to finalize the check-in', { check_in_date: 'is required to finalize' });
  }
}

async function finalize(ctx: ActionContext<MonthlyCheckIn>): Promise<ActionResult<MonthlyCheckIn>> {
  const checkIn = ctx.record;
  requireStatus('check-in', checkIn, ['draft'], 'finalized');
  const plan = await ctx.trx('service_plans').where({ id: checkIn.service_plan_id }).first();
  if (plan.status === 'closed') {
    throw new ConflictError(`Plan ${plan.id} is closed; its check-ins are read-only`, { service_plan_id: 'is closed' }, 'read_only');
  }
  if (!checkIn.check_in_date) {
    throw new RuleError('Enter the check-in date before finalizing', { check_in_date: 'is required to finalize' });
  }
  if (checkIn.check_in_date > today(ctx.clock)) {
    throw new RuleError('The check-in date cannot be in the future', { check_in_date: 'cannot be in the future' });
  }
  checkAnswers(checkIn.answers);

  const finalizedAt = ctx.clock().toISOString();

  const [message] = await ctx.trx('outbox_messages')
    .insert({
      topic: ICM_CHECK_IN_TOPIC,
      payload: JSON.stringify({
        kind: 'monthly_check_in',
        check_in_id: checkIn.id,
        service_plan_id: plan.id,
        child_id: plan.child_id,
        placement_id: plan.placement_id,
        organization_id: plan.organization_id,
        month: checkIn.month,
        check_in_date: checkIn.check_in_date,
        answers: checkIn.answers,
        finalized_at: finalizedAt,
        finalized_by: { id: ctx.user.id, name: ctx.user.full_name, email: ctx.user.email },
      }),
      status: 'pending',
      deliver_after: finalizedAt,
      idempotency_key: `check-in-${checkIn.id}-${crypto.randomUUID()}`,
      monthly_check_in_id: checkIn.id,
      ...rowTimestamps(ctx.trx),
    })
    .returning('*');
  await ctx.audit({ action: 'create', resource: 'outbox_messages', record_id: message.id, after: message });
  return { patch: { status: 'finalized', finalized_at: finalizedAt, finalized_by: ctx.user.id, icm_status: 'pending' } };
}

/** A system administrator sends a check-in whose delivery failed once more, with the same idempotency key. */
async function resendToIcm(ctx: ActionContext<MonthlyCheckIn>): Promise<ActionResult<MonthlyCheckIn>> {
  const checkIn = ctx.record;
  if (checkIn.icm_status !== 'failed') {
    throw new ConflictError(`This check-in's ICM status is ${checkIn.icm_status.replace(/_/g, ' ')}; only a failed delivery can be resent`, { icm_status: `is ${checkIn.icm_status}` }, 'wrong_state');
  }
  const message = await ctx.trx('outbox_messages').where({ monthly_check_in_id: checkIn.id, status: 'failed' }).orderBy('id', 'desc').first();
  const now = ctx.clock().toISOString();
  const [requeued] = await ctx.trx('outbox_messages')
    .where({ id: message.id })
    .update({ status: 'pending', attempts: 0, deliver_after: now, updated_at: now })
    .returning('*');
  await ctx.audit({ action: 'update', resource: 'outbox_messages', record_id: message.id, before: message, after: requeued });
  return { patch: { icm_status: 'pending' } };
}

export const checkInActions: readonly ActionDeclaration<MonthlyCheckIn>[] = [
  { name: 'finalize', label: 'Finalize and send to ICM', roles: FRONT_LINE, fromStatus: ['draft'], run: finalize },
  { name: 'resend_to_icm', label: 'Resend to ICM', roles: SYSTEM_ADMIN, fromStatus: ['finalized'], run: resendToIcm },
];
