import { PAYMENT_KINDS, PAYMENT_STATUSES, RECONCILIATION_GAPS } from '../../contract/enums';
import { arrayOf, DATE, ID, MONEY, nullable, object, oneOf, STRING } from '../openapi/schemas';

/** The JSON schemas of contract/reconciliation.ts's rows, for the OpenAPI document. */
export const GAP_ROW = object({
  id: STRING,
  gap: oneOf(RECONCILIATION_GAPS),
  kind: oneOf(PAYMENT_KINDS),
  service_month: DATE,
  organization_id: ID,
  organization_name: nullable(STRING),
  contract_id: ID,
  contract_number: nullable(STRING),
  placement_id: nullable(ID),
  child_id: nullable(ID),
  child_name: nullable(STRING),
  support_request_id: nullable(ID),
  payment_id: nullable(ID),
  expected_amount: nullable(MONEY),
  actual_amount: nullable(MONEY),
  detail: STRING,
});

export const REQUEST_RECONCILIATION = object({
  support_request_id: ID,
  status: STRING,
  kind: oneOf(PAYMENT_KINDS),
  frequency: STRING,
  amount: nullable(MONEY),
  months: arrayOf(
    object({
      service_month: DATE,
      expected_amount: nullable(MONEY),
      payment_id: nullable(ID),
      actual_amount: nullable(MONEY),
      status: nullable(oneOf(PAYMENT_STATUSES)),
      cas_payment_number: nullable(STRING),
      icm_order_number: nullable(STRING),
      gaps: arrayOf(oneOf(RECONCILIATION_GAPS)),
    }),
  ),
  gaps: arrayOf(GAP_ROW),
});
