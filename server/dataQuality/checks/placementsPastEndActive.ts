import { sql } from '../../db/sql';
import { recordSelect, type DataQualityCheckDefinition } from '../types';

/** A placement still `active` after its end date (ending it is the End action's job). */
export const placementsPastEndActive: DataQualityCheckDefinition = {
  key: 'placements_past_end_active',
  resource: 'placements',
  description: 'Placements past their end date still active',
  records: ({ today, inScope }) => sql`
    ${recordSelect({ record_id: sql`placements.id`, organization_id: sql`pos.organization_id`, place_of_service_id: sql`placements.place_of_service_id` })}
    from placements
    join places_of_service pos on pos.id = placements.place_of_service_id
    where placements.status = 'active' and placements.end_date < ${today}::date
      and ${inScope('placements.id')}`,
};
