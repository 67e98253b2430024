import { FINANCE } from '../access/roles';
import { ConflictError, ValidationError } from '../errors';
import { Payment } from '../models/Payment';
import type { ActionContext, ActionDeclaration, WriteContext } from '../resources/types';
import { startOfMonth, isIsoDate, today } from '../dates';
import { notInFuture, requiredDate, requiredText, requireStatus } from './guards';

/**
 * Payments: scheduled by support-request approval and by the monthly base-payment job; finance
 * cancels a scheduled one or records it paid; a paid payment never changes. Payment summaries
 * are rebuilt from the payments by a job.
 */

/** beforeWrite of payments: paid and cancelled payments are read-only; months are first days. */
export function checkPaymentWrite(ctx: WriteContext): void {
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

async function cancel(ctx: ActionContext) {
  requireStatus('payment', ctx.record, ['scheduled'], 'cancelled');
  return Payment.query(ctx.trx).patchAndFetchById(ctx.record.id, { status: 'cancelled' } as Partial<Payment>);
}

async function markPaid(ctx: ActionContext) {
  requireStatus('payment', ctx.record, ['scheduled'], 'recorded as paid');
  const paidOn = requiredDate(ctx.body, 'paid_on', 'payment date');
  notInFuture(paidOn, today(ctx.clock), 'paid_on', 'payment date');
  const casNumber = ctx.body.cas_payment_number ?? ctx.record.cas_payment_number;
  const cas = requiredText({ cas_payment_number: casNumber }, 'cas_payment_number', 'CAS payment number', 50);
  return Payment.query(ctx.trx).patchAndFetchById(ctx.record.id, { status: 'paid', paid_on: paidOn, cas_payment_number: cas } as Partial<Payment>);
}

export const paymentActions: readonly ActionDeclaration[] = [
  { name: 'cancel', label: 'Cancel payment', roles: FINANCE, fromStatus: ['scheduled'], run: cancel },
  {
    name: 'mark_paid',
    label: 'Record as paid',
    roles: FINANCE,
    fromStatus: ['scheduled'],
    input: [
      { name: 'paid_on', type: 'date', required: true },
      { name: 'cas_payment_number', type: 'string', required: true },
    ],
    run: markPaid,
  },
];
