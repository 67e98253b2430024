import { sql } from '../../db/sql';
import { itemSelect, resourceName, settingDays, type ComplianceRuleDefinition } from '../types';

/**
 * A placement that has started needs an SHSS plan in service: due `shss_plan_due_days` after
 * the placement's start, done once a plan of the placement has been approved (in service, or
 * closed after its approval). Placements `active` or `interrupted` only: a planned one has not
 * started, an ended one needs no new plan.
 */
export const shssPlanDue: ComplianceRuleDefinition = {
  key: 'shss_plan_due',
  resource: 'placements',
  description: 'An SHSS plan approved within shss_plan_due_days days of the placement start (active or interrupted placements)',
  work: { resource: 'service_plans', action: 'create' },
  items: ({ from, to, inScope }) => sql`
    ${itemSelect('shss_plan_due', {
      due_on: sql`placements.start_date + ${settingDays('shss_plan_due_days')}`,
      resource: resourceName('placements'),
      record_id: sql`placements.id`,
      child_id: sql`placements.child_id`,
      organization_id: sql`pos.organization_id`,
      place_of_service_id: sql`placements.place_of_service_id`,
    })}
    from placements
    join places_of_service pos on pos.id = placements.place_of_service_id
    where placements.status in ('active', 'interrupted')
      and placements.start_date between ${from}::date - ${settingDays('shss_plan_due_days')} and ${to}::date - ${settingDays('shss_plan_due_days')}
      and not exists (select 1 from service_plans sp
                       where sp.placement_id = placements.id and sp.program = 'SHSS' and sp.approved_on is not null)
      and ${inScope('placements.id')}`,
};
