import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { date, id, integer, money, objectSchema, text, timestamp } from './schema';
import { Contract } from './Contract';
import { Organization } from './Organization';

/** A contract's payment totals for a month, rebuilt by a job (read-only). */
export class PaymentSummary extends BaseModel {
  static tableName = 'payment_summaries';

  organization_id!: number;
  contract_id!: number;
  contract_number!: string;
  month!: string;
  base_total!: number;
  support_total!: number;
  transition_in_total!: number;
  total!: number;
  paid_total!: number;
  scheduled_total!: number;
  cancelled_total!: number;
  payment_count!: number;
  refreshed_at!: string;

  static jsonSchema = objectSchema(
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
