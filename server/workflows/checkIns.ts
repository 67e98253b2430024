import crypto from 'node:crypto';
import { FRONT_LINE, SYSTEM_ADMIN } from '../access/roles';
import { scopeByPlan } from '../access/scope';
import { ServicePlan } from '../models/ServicePlan';
import { ConflictError, RuleError, ValidationError } from '../errors';
import { CHECK_IN_COMMENT_MAX } from '../../contract/rules';
import type { CheckInAnswer, MonthlyCheckIn } from '../models/MonthlyCheckIn';
import type { Knex } from 'knex';
import type { ActionContext, ActionDeclaration, ActionResult, Row, WriteContext } from '../resources/types';
import { endOfMonth, startOfMonth, isIsoDate, today } from '../dates';
import { findVisible, requireStatus } from './guards';
import { queueForIcm, resendFailed } from './icmOutbox';
import { refuseClosedPlan, refuseWhenPlanClosed } from './servicePlans';
import { say } from '../messages';

/**
 * Monthly check-ins: drafts save partial answers any number of times; `finalize` validates,
 * freezes the check-in and queues an outbox message for ICM in the same transaction. The
 * deliver-outbox job sends it (server/integrations/icm.ts).
 */
export const ICM_CHECK_IN_TOPIC = 'icm.monthly_check_in';

/** Answers must be a list of { question, response, comment } with comments within the limit. */
function checkAnswers(answers: unknown): void {
  if (answers === undefined || answers === null) return;
  if (!Array.isArray(answers)) throw new ValidationError(say('check_in_answers_list'), { answers: say('field_list') });
  const long = answers
    .map((answer, index) => ({ index, comment: (answer as Record<string, unknown> | null)?.comment }))
    .filter(({ comment }) => typeof comment === 'string' && comment.length > CHECK_IN_COMMENT_MAX);
  if (long.length) {
    const which = long.map(({ index }) => `answer ${index + 1}`).join(', ');
    const numbers = long.map(({ index }) => index + 1).join(', ');
    throw new ValidationError(say('check_in_comment_too_long', { limit: CHECK_IN_COMMENT_MAX, which }), {
      answers: say('field_comments_too_long', { limit: CHECK_IN_COMMENT_MAX, numbers }),
    });
  }
}

function finalizedConflict(checkIn: Pick<Row<MonthlyCheckIn>, 'finalized_at'>): ConflictError {
  return new ConflictError(say('check_in_finalized', { date: String(checkIn.finalized_at).slice(0, 10) }), {}, 'read_only');
}

/** A finalized check-in, or one of a closed plan, takes no more changes nor attachments. */
export async function refuseWhenCheckInReadOnly(db: Knex | Knex.Transaction, checkIn: Row<MonthlyCheckIn>): Promise<void> {
  if (checkIn.status === 'finalized') throw finalizedConflict(checkIn);
  await refuseClosedPlan(db, checkIn.service_plan_id);
}

/** The programme's standard questions (check_in_questions), unanswered: what a new check-in starts with. */
export async function standardQuestions(db: Knex | Knex.Transaction): Promise<CheckInAnswer[]> {
  const questions: { code: string; label: string }[] = await db('check_in_questions').where({ active: true }).orderBy(['position', 'code']).select('code', 'label');
  return questions.map((q) => ({ code: q.code, question: q.label, response: null, comment: null }));
}

/** A check-in is about a month the plan was in service in, up to the current one. */
function checkMonth(plan: Row<ServicePlan>, month: string, todayDate: string): void {
  const label = month.slice(0, 7);
  if (month > startOfMonth(todayDate)) throw new RuleError(say('check_in_month_to_come', { month: label }), { month: say('field_month_in_future') });
  const start = plan.program === 'CSP' ? plan.initiated_on : plan.approved_on;
  if (!start) {
    throw new RuleError(say('check_in_plan_never_in_service', { id: plan.id, status: plan.status }), { month: say('field_plan_not_in_service') });
  }
  if (start > endOfMonth(month) || (plan.closed_on && plan.closed_on < month)) {
    const message = plan.closed_on
      ? say('check_in_month_outside_service', { id: plan.id, month: label, from: start, to: plan.closed_on })
      : say('check_in_month_before_service', { id: plan.id, month: label, from: start });
    throw new RuleError(message, { month: say('field_plan_not_in_service') });
  }
}

/** The check-in date falls in the month the check-in is about, or after it. */
function checkDateAfterMonth(checkInDate: string | null | undefined, month: string | undefined): void {
  if (!checkInDate || !isIsoDate(month) || checkInDate >= month) return;
  throw new RuleError(say('check_in_date_before_month', { month: month.slice(0, 7) }), { check_in_date: say('field_on_or_after', { date: month }) });
}

/**
 * beforeWrite of monthly_check_ins: open plan, a first-of-month month the plan was in service
 * in, a date in or after it, comment limits, frozen once finalized; a new check-in without
 * answers starts with the standard questions.
 */
export async function checkCheckInWrite(ctx: WriteContext<MonthlyCheckIn>): Promise<void> {
  if (ctx.before?.status === 'finalized') throw finalizedConflict(ctx.before);
  await refuseWhenPlanClosed(ctx);
  if (ctx.action === 'delete') return;
  const { data } = ctx;
  const plan: Row<ServicePlan> | undefined =
    ctx.action === 'create'
      ? await findVisible(ctx.trx, ctx.user, ServicePlan, scopeByPlan('id'), data.service_plan_id, 'service_plan')
      : await ctx.trx('service_plans').where({ id: data.service_plan_id }).first();
  if (isIsoDate(data.month) && startOfMonth(data.month) !== data.month) {
    throw new ValidationError(say('check_in_month_first_day'), { month: say('field_first_of_month') });
  }
  const monthChanges = ctx.action === 'create' || ctx.before?.month !== data.month || ctx.before?.service_plan_id !== data.service_plan_id;
  if (plan && isIsoDate(data.month) && monthChanges) checkMonth(plan, data.month, today(ctx.clock));
  checkDateAfterMonth(data.check_in_date, data.month);
  if (ctx.action === 'create' && (!Array.isArray(data.answers) || data.answers.length === 0)) data.answers = await standardQuestions(ctx.trx);
  checkAnswers(data.answers);
  if (data.status === 'finalized' && !data.check_in_date) {
    throw new RuleError(say('check_in_date_to_finalize'), { check_in_date: say('field_required_to_finalize') });
  }
}

async function finalize(ctx: ActionContext<MonthlyCheckIn>): Promise<ActionResult<MonthlyCheckIn>> {
  const checkIn = ctx.record;
  requireStatus('check-in', checkIn, ['draft'], 'finalized');
  const plan = await ctx.trx('service_plans').where({ id: checkIn.service_plan_id }).first();
  if (plan.status === 'closed') {
    throw new ConflictError(say('check_in_plan_closed', { id: plan.id }), { service_plan_id: say('field_closed') }, 'read_only');
  }
  if (!checkIn.check_in_date) {
    throw new RuleError(say('check_in_date_before_finalizing'), { check_in_date: say('field_required_to_finalize') });
  }
  if (checkIn.check_in_date > today(ctx.clock)) {
    throw new RuleError(say('check_in_date_in_future'), { check_in_date: say('field_in_future') });
  }
  checkDateAfterMonth(checkIn.check_in_date, checkIn.month);
  checkAnswers(checkIn.answers);

  const finalizedAt = ctx.clock().toISOString();
  await queueForIcm(ctx.trx, ctx.audit, {
    topic: ICM_CHECK_IN_TOPIC,
    payload: {
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
    },
    idempotencyKey: `check-in-${checkIn.id}-${crypto.randomUUID()}`,
    subject: 'monthly_check_in_id',
    recordId: checkIn.id,
    at: finalizedAt,
  });
  return { patch: { status: 'finalized', finalized_at: finalizedAt, finalized_by: ctx.user.id, icm_status: 'pending' } };
}

/** A system administrator sends a check-in whose delivery failed once more, with the same idempotency key. */
async function resendToIcm(ctx: ActionContext<MonthlyCheckIn>): Promise<ActionResult<MonthlyCheckIn>> {
  return resendFailed(ctx, 'monthly_check_in_id', 'check-in');
}

export const checkInActions: readonly ActionDeclaration<MonthlyCheckIn>[] = [
  { name: 'finalize', label: 'Finalize and send to ICM', roles: FRONT_LINE, fromStatus: ['draft'], run: finalize },
  { name: 'resend_to_icm', label: 'Resend to ICM', roles: SYSTEM_ADMIN, fromStatus: ['finalized'], run: resendToIcm },
];
