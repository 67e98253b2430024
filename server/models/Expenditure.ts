import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { PROGRAMS } from '../../contract/enums';
import { date, id, objectSchema, oneOf, optionalText, positiveMoney, type RowOf } from './schema';
import { Organization } from './Organization';

const schema = objectSchema(
  {
    organization_id: id,
    program: oneOf(PROGRAMS),
    spent_on: date,
    amount: positiveMoney,
    description: optionalText(1000),
  },
  ['organization_id', 'program', 'spent_on', 'amount'],
);

/** A ministry-funded expense of an organisation. */
export interface Expenditure extends RowOf<typeof schema> {}
export class Expenditure extends BaseModel {
  static tableName = 'expenditures';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    organization: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Organization,
      join: { from: 'expenditures.organization_id', to: 'organizations.id' },
    },
  });
}
