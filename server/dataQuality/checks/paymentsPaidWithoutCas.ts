import { sql } from '../../db/sql';
import { recordSelect, type DataQualityCheckDefinition } from '../types';

/** A payment recorded paid with no CAS payment number (blank counts as none). */
export const paymentsPaidWithoutCas: DataQualityCheckDefinition = {
  key: 'payments_paid_without_cas',
  resource: 'payments',
  description: 'Payments paid without a CAS payment number',
  records: ({ inScope }) => sql`
    ${recordSelect({ record_id: sql`payments.id`, organization_id: sql`c.organization_id`, place_of_service_id: sql`pl.place_of_service_id` })}
    from payments
    join contracts c on c.id = payments.contract_id
    left join placements pl on pl.id = payments.placement_id
    where payments.status = 'paid' and coalesce(btrim(payments.cas_payment_number), '') = ''
      and ${inScope('payments.id')}`,
};
