import { sql } from '../../db/sql';
import { recordSelect, type DataQualityCheckDefinition } from '../types';

/** A plan in service with no active care-circle member (one who has joined, by today, and not left). */
export const plansWithoutCareCircle: DataQualityCheckDefinition = {
  key: 'plans_without_care_circle',
  resource: 'service_plans',
  description: 'Plans in service without an active care-circle member',
  records: ({ today, inScope }) => sql`
    ${recordSelect({ record_id: sql`service_plans.id`, organization_id: sql`service_plans.organization_id`, place_of_service_id: sql`pl.place_of_service_id` })}
    from service_plans
    left join placements pl on pl.id = service_plans.placement_id
    where service_plans.status = 'in_service'
      and not exists (select 1 from care_circle_members m
                       where m.service_plan_id = service_plans.id and m.is_active
                         and (m.joined_on is null or m.joined_on <= ${today}::date))
      and ${inScope('service_plans.id')}`,
};
