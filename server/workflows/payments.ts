import { FINANCE } from '../access/roles';
import { ConflictError, RuleError, ValidationError } from '../errors';
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
    throw new ConflictError(`Payment ${before.id} was paid on ${before.paid_on}; a paid payment never changes`, {}, 'read_only');
  }
  if (before?.status === 'cancelled' && ctx.action === 'update') {
    throw new ConflictError(`Payment ${before.id} is cancelled and read-only`, {}, 'read_only');
  }
  if (ctx.action === 'delete') return;
  if (isIsoDate(ctx.data.service_month) && startOfMonth(ctx.data.service_month) !== ctx.data.service_month) {
    throw new ValidationError('The service month of a payment is its first day (YYYY-MM-01)', { service_month: 'must be the first day of a month' });
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
  requireStatus('payment', ctx.record, ['scheduled'], 'recorded as paid');
  const { paid_on, cas_payment_number } = ctx.input;
  notInFuture(paid_on, today(ctx.clock), 'paid_on', 'payment date');
  if (ctx.record.scheduled_on && paid_on < ctx.record.scheduled_on) {
    throw new RuleError(`A payment scheduled on ${ctx.record.scheduled_on} cannot have been paid before (${paid_on})`, { paid_on: `must be on or after ${ctx.record.scheduled_on}` });
  }
  return { patch: { status: 'paid', paid_on, cas_payment_number } };
}

export const paymentActions: readonly ActionDeclaration<Payment>[] = [
  { name: 'cancel', label: 'Cancel payment', roles: FINANCE, fromStatus: ['scheduled'], run: cancel },
  { name: 'mark_paid', label: 'Record as paid', roles: FINANCE, fromStatus: ['scheduled'], input: MARK_PAID_INPUT, run: markPaid },
];
