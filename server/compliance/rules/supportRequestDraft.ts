import { sql } from '../../db/sql';
import { itemSelect, resourceName, type ComplianceRuleDefinition } from '../types';

/** Days a support request may stay a draft before it is overdue (submitted or cancelled). */
export const DRAFT_DAYS = 30;

/**
 * A support request drafted more than 30 days ago (its creation date, UTC) and still a draft:
 * submit it or cancel it. Due 30 days after it was created.
 */
export const supportRequestDraft: ComplianceRuleDefinition = {
  key: 'support_request_draft',
  resource: 'support_requests',
  description: `A support request submitted or cancelled within ${DRAFT_DAYS} days of being drafted`,
  work: { resource: 'support_requests', action: 'update' },
  items: ({ from, to, inScope }) => sql`
    ${itemSelect('support_request_draft', {
      due_on: sql`(support_requests.created_at at time zone 'UTC')::date + ${DRAFT_DAYS}::int`,
      resource: resourceName('support_requests'),
      record_id: sql`support_requests.id`,
      child_id: sql`support_requests.child_id`,
      organization_id: sql`pos.organization_id`,
      place_of_service_id: sql`pl.place_of_service_id`,
    })}
    from support_requests
    join placements pl on pl.id = support_requests.placement_id
    join places_of_service pos on pos.id = pl.place_of_service_id
    where support_requests.status = 'draft'
      and (support_requests.created_at at time zone 'UTC')::date + ${DRAFT_DAYS}::int between ${from}::date and ${to}::date
      and ${inScope('support_requests.id')}`,
};
