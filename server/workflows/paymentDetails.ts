import type { Knex } from 'knex';
import type { Payment } from '../models/Payment';
import type { Row } from '../resources/types';

/**
 * A payment with what its details screen shows (the ICM order number opens it): its contract
 * and organisation, the placement and child it pays for, and the support request it pays.
 */
export async function paymentDetails(db: Knex, payment: Row<Payment>): Promise<Record<string, unknown>> {
  const contract = await db('contracts as c')
    .join('organizations as o', 'o.id', 'c.organization_id')
    .where('c.id', payment.contract_id)
    .first('c.id', 'c.contract_number', 'c.program', 'c.is_legacy', 'c.organization_id', 'o.name as organization_name');
  const placementId = payment.placement_id;
  const placement = placementId
    ? await db('placements as p')
        .join('children as ch', 'ch.id', 'p.child_id')
        .join('places_of_service as pos', 'pos.id', 'p.place_of_service_id')
        .where('p.id', placementId)
        .first(
          'p.id', 'p.kind', 'p.status', 'p.start_date', 'p.end_date', 'p.child_id', 'p.place_of_service_id', 'pos.name as place_name',
          db.raw(`concat_ws(' ', ch.first_name, ch.last_name) as child_name`),
        )
    : null;
  const request = payment.support_request_id
    ? await db('support_requests as sr')
        .join('support_request_types as t', 't.code', 'sr.type_code')
        .leftJoin('support_request_types as st', 'st.code', 'sr.sub_type_code')
        .where('sr.id', payment.support_request_id)
        .first(
          'sr.id', 'sr.type_code', 't.label as type_label', 'sr.sub_type_code', 'st.label as sub_type_label', 'sr.frequency', 'sr.start_date',
          'sr.end_date', 'sr.amount', 'sr.status', 'sr.justification', 'sr.submitted_at', 'sr.decided_at',
        )
    : null;
  return { ...payment, contract, placement, support_request: request };
}
