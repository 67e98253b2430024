import { sql } from '../../db/sql';
import { recordSelect, type DataQualityCheckDefinition } from '../types';

/**
 * A check-in finalized more than a day (24 hours) ago that ICM has not acknowledged
 * (`icm_status` other than `sent`): its delivery failed or is still retrying.
 */
export const checkInsNotSent: DataQualityCheckDefinition = {
  key: 'check_ins_not_sent',
  resource: 'monthly_check_ins',
  description: 'Check-ins finalized more than a day ago and not sent to ICM',
  records: ({ now, inScope }) => sql`
    ${recordSelect({ record_id: sql`monthly_check_ins.id`, organization_id: sql`sp.organization_id`, place_of_service_id: sql`pl.place_of_service_id` })}
    from monthly_check_ins
    join service_plans sp on sp.id = monthly_check_ins.service_plan_id
    left join placements pl on pl.id = sp.placement_id
    where monthly_check_ins.status = 'finalized' and monthly_check_ins.icm_status <> 'sent'
      and monthly_check_ins.finalized_at < ${now}::timestamptz - interval '1 day'
      and ${inScope('monthly_check_ins.id')}`,
};
