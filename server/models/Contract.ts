import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { CONTRACT_PROGRAMS } from '../../contract/enums';
import { boolean, date, id, objectSchema, oneOf, optionalDate, optionalMoney, text, type RowOf } from './schema';
import { Organization } from './Organization';
import { Payment } from './Payment';
import { Placement } from './Placement';

const schema = objectSchema(
  {
    organization_id: id,
    contract_number: text(50),
    program: oneOf(CONTRACT_PROGRAMS),
    is_legacy: boolean,
    start_date: date,
    end_date: optionalDate,
    monthly_base_amount: optionalMoney,
  },
  ['organization_id', 'contract_number', 'program', 'start_date'],
);

/** An organisation's funding contract; SHSS numbers look like SHSS0000000000. */
export interface Contract extends RowOf<typeof schema> {}
export class Contract extends BaseModel {
  static tableName = 'contracts';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    organization: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Organization,
      join: { from: 'contracts.organization_id', to: 'organizations.id' },
    },
    placements: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => Placement,
      join: { from: 'contracts.id', to: 'placements.contract_id' },
    },
    payments: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => Payment,
      join: { from: 'contracts.id', to: 'payments.contract_id' },
    },
  });
}
