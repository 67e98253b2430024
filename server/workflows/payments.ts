import type { Knex } from 'knex';
import type { Role } from '../../contract/enums';
import { writeAudit } from '../audit';
import { ConflictError, ValidationError } from '../errors';
import type { Payment } from '../models/Payment';
import { actionInput, type ActionContext, type ActionDeclaration, type ActionResult, type WriteContext } from '../resources/types';
import { startOfMonth, isIsoDate, endOfMonth, today } from '../dates';
import { notInFuture, requireStatus } from './guards';

/**
 * Payments: scheduled by support-request approval and by the monthly base-payment job; finance
 * cancels a scheduled one or records it paid; a paid payment never changes. Payment summaries
 * are rebuilt from the payments by a job.
 */
const FINANCE_ROLES: readonly Role[] = ['ministry_finance'];

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
  return { patch: { status: 'paid', paid_on, cas_payment_number } };
}

export const paymentActions: readonly ActionDeclaration<Payment>[] = [
  { name: 'cancel', label: 'Cancel payment', roles: FINANCE_ROLES, fromStatus: ['scheduled'], run: cancel },
  { name: 'mark_paid', label: 'Record as paid', roles: FINANCE_ROLES, fromStatus: ['scheduled'], input: MARK_PAID_INPUT, run: markPaid },
];

/**
 * One base payment (the contract's monthly base amount) for every active placement with a
 * contract, for the month of `asOf`, when both cover some of that month. A placement that has a
 * base payment for the month, even a cancelled one, gets no other: a second run changes nothing
 * and a payment finance cancelled is not recreated.
 */
export async function scheduleBasePayments(knex: Knex, asOf: string): Promise<{ service_month: string; scheduled: number; payment_ids: number[] }> {
  const month = startOfMonth(asOf);
  const monthEnd = endOfMonth(asOf);
  return knex.transaction(async (trx) => {
    const { rows } = await trx.raw(
      `insert into payments (contract_id, placement_id, kind, service_month, amount, status, scheduled_on)
       select p.contract_id, p.id, 'base', :month, c.monthly_base_amount, 'scheduled', :asOf
         from placements p
         join contracts c on c.id = p.contract_id
        where p.status = 'active'
          and p.start_date <= :monthEnd and (p.end_date is null or p.end_date >= :month)
          and c.start_date <= :monthEnd and (c.end_date is null or c.end_date >= :month)
          and c.monthly_base_amount > 0
          and not exists (select 1 from payments x where x.kind = 'base' and x.placement_id = p.id and x.service_month = :month)
        order by p.id
       on conflict (placement_id, service_month) where kind = 'base' and status <> 'cancelled' do nothing
       returning *`,
      { month, monthEnd, asOf },
    );
    for (const payment of rows) {
      await writeAudit(trx, { user_id: null, action: 'create', resource: 'payments', record_id: payment.id, after: payment });
    }
    return { service_month: month, scheduled: rows.length, payment_ids: rows.map((r: { id: number }) => r.id) };
  });
}

/**
 * Rebuilds payment_summaries, one row per contract and service month, in one transaction.
 * Kind totals and `total` count live payments (scheduled and paid); `cancelled_total` the
 * cancelled ones; `payment_count` every payment of the month, cancelled included.
 */
export async function refreshPaymentSummaries(knex: Knex, now: Date): Promise<{ summaries: number; removed: number; refreshed_at: string }> {
  const refreshedAt = now.toISOString();
  return knex.transaction(async (trx) => {
    await trx.raw('lock table payment_summaries in share row exclusive mode');
    const { rows } = await trx.raw(
      `insert into payment_summaries (organization_id, contract_id, contract_number, month, base_total, support_total,
                                      transition_in_total, total, paid_total, scheduled_total, cancelled_total,
                                      payment_count, refreshed_at)
       select c.organization_id, c.id, c.contract_number, p.service_month,
              coalesce(sum(p.amount) filter (where p.kind = 'base' and p.status <> 'cancelled'), 0),
              coalesce(sum(p.amount) filter (where p.kind = 'support' and p.status <> 'cancelled'), 0),
              coalesce(sum(p.amount) filter (where p.kind = 'transition_in' and p.status <> 'cancelled'), 0),
              coalesce(sum(p.amount) filter (where p.status <> 'cancelled'), 0),
              coalesce(sum(p.amount) filter (where p.status = 'paid'), 0),
              coalesce(sum(p.amount) filter (where p.status = 'scheduled'), 0),
              coalesce(sum(p.amount) filter (where p.status = 'cancelled'), 0),
              count(*)::int,
              :refreshedAt
         from payments p
         join contracts c on c.id = p.contract_id
        group by c.id, p.service_month
       on conflict (contract_id, month) do update set
              organization_id = excluded.organization_id, contract_number = excluded.contract_number,
              base_total = excluded.base_total, support_total = excluded.support_total,
              transition_in_total = excluded.transition_in_total, total = excluded.total,
              paid_total = excluded.paid_total, scheduled_total = excluded.scheduled_total,
              cancelled_total = excluded.cancelled_total, payment_count = excluded.payment_count,
              refreshed_at = excluded.refreshed_at, updated_at = now()
       returning id`,
      { refreshedAt },
    );
    const removed = await trx('payment_summaries as s')
      .whereNotExists(function samePayments() {
        this.select(trx.raw('1')).from('payments as p').whereRaw('p.contract_id = s.contract_id').whereRaw('p.service_month = s.month');
      })
      .delete();
    return { summaries: rows.length, removed, refreshed_at: refreshedAt };
  });
}
