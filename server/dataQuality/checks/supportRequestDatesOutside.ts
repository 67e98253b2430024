import { sql } from '../../db/sql';
import { recordSelect, type DataQualityCheckDefinition } from '../types';

/**
 * A support request (not cancelled or rejected) whose dates fall outside its placement's or its
 * contract's. The request's rules refuse such dates when it is written; they arise when the
 * placement or the contract is shortened afterwards. A request without an end is taken to end
 * on its start (a one-time request's default).
 */
export const supportRequestDatesOutside: DataQualityCheckDefinition = {
  key: 'support_request_dates_outside',
  resource: 'support_requests',
  description: "Support requests (not cancelled or rejected) with dates outside their placement's or their contract's",
  records: ({ inScope }) => sql`
    ${recordSelect({ record_id: sql`support_requests.id`, organization_id: sql`pos.organization_id`, place_of_service_id: sql`pl.place_of_service_id` })}
    from support_requests
    join placements pl on pl.id = support_requests.placement_id
    join places_of_service pos on pos.id = pl.place_of_service_id
    left join contracts c on c.id = support_requests.contract_id
    where support_requests.status not in ('cancelled', 'rejected') and support_requests.start_date is not null
      and (support_requests.start_date < pl.start_date
           or coalesce(support_requests.end_date, support_requests.start_date) > pl.end_date
           or support_requests.start_date < c.start_date
           or coalesce(support_requests.end_date, support_requests.start_date) > c.end_date)
      and ${inScope('support_requests.id')}`,
};
