import type { Knex } from 'knex';
import { writeAudit } from '../audit';
import { endOfMonth, startOfMonth } from '../dates';
import type { JobDefinition } from './types';

/**
 * One base payment (the contract's monthly base amount) for every active placement with a
 * contract, for the month of `asOf`, when both cover some of that month. A placement that has a
 * base payment for the month, even a cancelled one, gets no other: a second run changes nothing
 * and a payment finance cancelled is not recreated.
 */
async function scheduleBasePayments(knex: Knex, asOf: string, now: Date): Promise<{ service_month: string; scheduled: number; payment_ids: number[] }> {
  const month = startOfMonth(asOf);
  const monthEnd = endOfMonth(asOf);
  return knex.transaction(async (trx) => {
    const { rows } = await trx.raw(
      `insert into payments (contract_id, placement_id, kind, service_month, amount, status, scheduled_on, created_at, updated_at)
       select p.contract_id, p.id, 'base', :month, c.monthly_base_amount, 'scheduled', :asOf, :now, :now
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
      { month, monthEnd, asOf, now: now.toISOString() },
    );
    for (const payment of rows) {
      await writeAudit(trx, { user_id: null, action: 'create', resource: 'payments', record_id: payment.id, after: payment });
    }
    return { service_month: month, scheduled: rows.length, payment_ids: rows.map((r: { id: number }) => r.id) };
  });
}

export const scheduleBasePaymentsJob: JobDefinition = {
  name: 'schedule-base-payments',
  description: "Schedules the month's base payment for every active placement with a contract (month of the run date)",
  run: ({ knex, asOf, now }) => scheduleBasePayments(knex, asOf, now),
};
