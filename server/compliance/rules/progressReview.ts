import { sql } from '../../db/sql';
import { itemSelect, resourceName, type ComplianceRuleDefinition } from '../types';

/**
 * A plan in service is reviewed by the `next_review_on` of its latest progress review (by
 * review date); the next review done, the latest review is that one and its own date counts.
 */
export const progressReview: ComplianceRuleDefinition = {
  key: 'progress_review',
  resource: 'service_plans',
  description: "A progress review of a plan in service by the next_review_on of its latest review",
  work: { resource: 'progress_reviews', action: 'create' },
  items: ({ from, to, inScope }) => sql`
    ${itemSelect('progress_review', {
      due_on: sql`latest.next_review_on`,
      resource: resourceName('service_plans'),
      record_id: sql`service_plans.id`,
      child_id: sql`service_plans.child_id`,
      organization_id: sql`service_plans.organization_id`,
      place_of_service_id: sql`pl.place_of_service_id`,
    })}
    from progress_reviews latest
    join service_plans on service_plans.id = latest.service_plan_id
    left join placements pl on pl.id = service_plans.placement_id
    where latest.next_review_on between ${from}::date and ${to}::date
      and not exists (select 1 from progress_reviews later
                       where later.service_plan_id = latest.service_plan_id
                         and (later.review_date, later.id) > (latest.review_date, latest.id))
      and service_plans.status = 'in_service'
      and ${inScope('service_plans.id')}`,
};
