import { sql } from '../../db/sql';
import { PLAN_CLOSES_DAYS_AFTER_PLACEMENT_END } from '../../workflows/servicePlans';
import { itemSelect, resourceName, type ComplianceRuleDefinition } from '../types';

/**
 * An SHSS plan whose placement ended closes 10 days after the end (the
 * close-plans-after-placement-end job), and its records are read-only from then: the item is
 * due on the closing day, for finishing them. It is gone once the plan is closed.
 */
export const planClosing: ComplianceRuleDefinition = {
  key: 'plan_closing',
  resource: 'service_plans',
  description: `An open SHSS plan whose placement ended closes ${PLAN_CLOSES_DAYS_AFTER_PLACEMENT_END} days after the end: its records finished by then`,
  work: { resource: 'service_plans', action: 'update' },
  items: ({ from, to, inScope }) => sql`
    ${itemSelect('plan_closing', {
      due_on: sql`pl.end_date + ${PLAN_CLOSES_DAYS_AFTER_PLACEMENT_END}::int`,
      resource: resourceName('service_plans'),
      record_id: sql`service_plans.id`,
      child_id: sql`service_plans.child_id`,
      organization_id: sql`service_plans.organization_id`,
      place_of_service_id: sql`pl.place_of_service_id`,
    })}
    from service_plans
    join placements pl on pl.id = service_plans.placement_id
    where service_plans.program = 'SHSS' and service_plans.status <> 'closed'
      and pl.status = 'ended'
      and pl.end_date + ${PLAN_CLOSES_DAYS_AFTER_PLACEMENT_END}::int between ${from}::date and ${to}::date
      and ${inScope('service_plans.id')}`,
};
