import { FINANCE } from '../access/roles';
import { ConflictError, RuleError, ValidationError } from '../errors';
import { say } from '../messages';
import type { Payment } from '../models/Payment';
import { actionInput, type ActionContext, type ActionDeclaration, type ActionResult, type WriteContext } from '../resources/types';
import { startOfMonth, isIsoDate, today } from '../dates';
import { notInFuture, requireStatus } from './guards';

/**
 * Payments: scheduled by support-request approval and by the monthly base-payment job; finance
 * cancels a scheduled one or records it paid; a paid payment never changes. Payment summaries
 * are rebuilt from the payments by a job.
 */

/** beforeWrite of payments: paid and cancelled payments are read-only; months are first days. */
export function checkPaymentWrite(ctx: WriteContext<Payment>): void {
  const { before } = ctx;
  if (before?.status === 'paid') {
    throw new ConflictError(say('payment_paid_frozen', { id: before.id, date: String(before.paid_on) }), {}, 'read_only');
  }
  if (before?.status === 'cancelled' && ctx.action === 'update') {
    throw new ConflictError(say('payment_cancelled_frozen', { id: before.id }), {}, 'read_only');
  }
  if (ctx.action === 'delete') return;
  if (isIsoDate(ctx.data.service_month) && startOfMonth(ctx.data.service_month) !== ctx.data.service_month) {
    throw new ValidationError(say('payment_month_first_day'), { service_month: say('field_first_of_month') });
  }
}

async function cancel(ctx: ActionContext<Payment>): Promise<ActionResult<Payment>> {
  requireStatus('payment', ctx.record, ['scheduled'], 'cancelled');
  return { patch: { status: 'cancelled' } };
}

/** The CAS payment number may have been recorded before (a plain edit): it is then the default. */
const MARK_PAID_INPUT = actionInput([
  { name: 'paid_on', type: 'date', required: true },
  { name: 'cas_payment_number', type: 'string', required: true, fromRecord: true },
]);

async function markPaid(ctx: ActionContext<Payment, typeof MARK_PAID_INPUT>): Promise<ActionResult<Payment>> {
  requireStatus('payment', ctx.record, ['scheduled'], 'recorded_as_paid');
  const { paid_on, cas_payment_number } = ctx.input;
  notInFuture(paid_on, today(ctx.clock), 'paid_on', 'payment_date');
  if (ctx.record.scheduled_on && paid_on < ctx.record.scheduled_on) {
    throw new RuleError(say('payment_paid_before_scheduled', { scheduled: ctx.record.scheduled_on, paid: paid_on }), { paid_on: say('field_on_or_after', { date: ctx.record.scheduled_on }) });
  }
  return { patch: { status: 'paid', paid_on, cas_payment_number } };
}

export const paymentActions: readonly ActionDeclaration<Payment>[] = [
  { name: 'cancel', label: 'Cancel payment', roles: FINANCE, fromStatus: ['scheduled'], run: cancel },
  { name: 'mark_paid', label: 'Record as paid', roles: FINANCE, fromStatus: ['scheduled'], input: MARK_PAID_INPUT, run: markPaid },
];
