import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { PAYMENT_KINDS, PAYMENT_STATUSES } from '../../contract/enums';
import { date, id, objectSchema, oneOf, optionalDate, optionalId, optionalText, positiveMoney, type RowOf } from './schema';
import { Contract } from './Contract';
import { Placement } from './Placement';
import { SupportRequest } from './SupportRequest';

const schema = objectSchema(
  {
    contract_id: id,
    placement_id: optionalId,
    support_request_id: optionalId,
    kind: oneOf(PAYMENT_KINDS),
    service_month: date,
    amount: positiveMoney,
    status: oneOf(PAYMENT_STATUSES),
    scheduled_on: optionalDate,
    paid_on: optionalDate,
    cas_payment_number: optionalText(50),
    icm_order_number: optionalText(50),
  },
  ['contract_id', 'kind', 'service_month', 'amount'],
);

/** A payment to a provider under a contract, for a service month. */
export interface Payment extends RowOf<typeof schema> {}
export class Payment extends BaseModel {
  static tableName = 'payments';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    contract: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Contract,
      join: { from: 'payments.contract_id', to: 'contracts.id' },
    },
    placement: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Placement,
      join: { from: 'payments.placement_id', to: 'placements.id' },
    },
    supportRequest: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => SupportRequest,
      join: { from: 'payments.support_request_id', to: 'support_requests.id' },
    },
  });
}
