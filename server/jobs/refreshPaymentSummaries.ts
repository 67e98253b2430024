import type { Knex } from 'knex';
import { PAYMENT_SUMS } from '../reports/definitions';
import type { JobDefinition } from './types';

/**
 * Rebuilds payment_summaries, one row per contract and service month, in one transaction, with
 * the payment summary report's sums (reports/definitions.ts PAYMENT_SUMS): kind totals and
 * `total` count live payments (scheduled and paid); `cancelled_total` the cancelled ones;
 * `payment_count` every payment of the month, cancelled included.
 */
async function refreshPaymentSummaries(knex: Knex, now: Date): Promise<{ summaries: number; removed: number; refreshed_at: string }> {
  const refreshedAt = now.toISOString();
  return knex.transaction(async (trx) => {
    await trx.raw('lock table payment_summaries in share row exclusive mode');
    const { rows } = await trx.raw(
      `insert into payment_summaries (organization_id, contract_id, contract_number, month, base_total, support_total,
                                      transition_in_total, total, paid_total, scheduled_total, cancelled_total,
                                      payment_count, refreshed_at, created_at, updated_at)
       select c.organization_id, c.id, c.contract_number, p.service_month,
              ${PAYMENT_SUMS.base}, ${PAYMENT_SUMS.support}, ${PAYMENT_SUMS.transition_in}, ${PAYMENT_SUMS.total},
              ${PAYMENT_SUMS.paid}, ${PAYMENT_SUMS.scheduled}, ${PAYMENT_SUMS.cancelled}, ${PAYMENT_SUMS.payment_count},
              :refreshedAt, :refreshedAt, :refreshedAt
         from payments p
         join contracts c on c.id = p.contract_id
        group by c.id, p.service_month
       on conflict (contract_id, month) do update set
              organization_id = excluded.organization_id, contract_number = excluded.contract_number,
              base_total = excluded.base_total, support_total = excluded.support_total,
              transition_in_total = excluded.transition_in_total, total = excluded.total,
              paid_total = excluded.paid_total, scheduled_total = excluded.scheduled_total,
              cancelled_total = excluded.cancelled_total, payment_count = excluded.payment_count,
              refreshed_at = excluded.refreshed_at, updated_at = excluded.updated_at
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

export const refreshPaymentSummariesJob: JobDefinition = {
  name: 'refresh-payment-summaries',
  description: 'Rebuilds payment_summaries (per contract and month) from the payments, in one transaction',
  run: ({ knex, now }) => refreshPaymentSummaries(knex, now),
};
