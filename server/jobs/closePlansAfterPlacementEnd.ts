import type { Knex } from 'knex';
import { writeAudit } from '../audit';
import { addDays } from '../dates';
import { closeAsPlacementEnded, PLAN_CLOSES_DAYS_AFTER_PLACEMENT_END } from '../workflows/servicePlans';
import type { JobDefinition } from './types';

/**
 * Closes (`placement_ended`) every open SHSS plan whose placement ended at least 10 days before
 * `asOf`, dated 10 days after the placement's end. Plans already closed are left alone, so a
 * second run changes nothing.
 */
async function closePlansAfterPlacementEnd(knex: Knex, asOf: string, now: Date): Promise<{ closed: number; plan_ids: number[] }> {
  const lastEndDate = addDays(asOf, -PLAN_CLOSES_DAYS_AFTER_PLACEMENT_END);
  return knex.transaction(async (trx) => {
    const due = await trx('service_plans as sp')
      .join('placements as p', 'p.id', 'sp.placement_id')
      .where('sp.program', 'SHSS')
      .whereNot('sp.status', 'closed')
      .where('p.status', 'ended')
      .where('p.end_date', '<=', lastEndDate)
      .orderBy('sp.id')
      .forUpdate()
      .select('sp.*', 'p.end_date as placement_end_date');
    const closedIds: number[] = [];
    for (const plan of due) {
      const { placement_end_date: endDate, ...before } = plan;
      const after = await closeAsPlacementEnded(trx, plan.id, endDate, now);
      if (!after) continue;
      closedIds.push(plan.id);
      await writeAudit(trx, { user_id: null, action: 'close', resource: 'service_plans', record_id: plan.id, before, after });
    }
    return { closed: closedIds.length, plan_ids: closedIds };
  });
}

export const closePlansAfterPlacementEndJob: JobDefinition = {
  name: 'close-plans-after-placement-end',
  description: `Closes (placement_ended) every open SHSS plan whose placement ended ${PLAN_CLOSES_DAYS_AFTER_PLACEMENT_END} or more days before the run date`,
  run: ({ knex, asOf, now }) => closePlansAfterPlacementEnd(knex, asOf, now),
};
