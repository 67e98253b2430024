import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { date, id, integer, money, objectSchema, text, timestamp, type RowOf } from './schema';
import { Contract } from './Contract';
import { Organization } from './Organization';

const schema = objectSchema(
  {
    organization_id: id,
    contract_id: id,
    contract_number: text(50),
    month: date,
    base_total: money,
    support_total: money,
    transition_in_total: money,
    total: money,
    paid_total: money,
    scheduled_total: money,
    cancelled_total: money,
    payment_count: integer,
    refreshed_at: timestamp,
  },
  ['organization_id', 'contract_id', 'contract_number', 'month'],
);

/** A contract's payment totals for a month, rebuilt by a job (read-only). */
export interface PaymentSummary extends RowOf<typeof schema> {}
export class PaymentSummary extends BaseModel {
  static tableName = 'payment_summaries';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    organization: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Organization,
      join: { from: 'payment_summaries.organization_id', to: 'organizations.id' },
    },
    contract: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Contract,
      join: { from: 'payment_summaries.contract_id', to: 'contracts.id' },
    },
  });
}
