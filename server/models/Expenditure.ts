import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { PROGRAMS } from '../../contract/enums';
import { date, id, objectSchema, oneOf, optionalText, positiveMoney } from './schema';
import { Organization } from './Organization';

/** A ministry-funded expense of an organisation. */
export class Expenditure extends BaseModel {
  static tableName = 'expenditures';

  organization_id!: number;
  program!: (typeof PROGRAMS)[number];
  spent_on!: string;
  amount!: number;
  description!: string | null;

  static jsonSchema = objectSchema(
    {
      organization_id: id,
      program: oneOf(PROGRAMS),
      spent_on: date,
      amount: positiveMoney,
      description: optionalText(1000),
    },
    ['organization_id', 'program', 'spent_on', 'amount'],
  );

  static relationMappings = (): RelationMappings => ({
    organization: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Organization,
      join: { from: 'expenditures.organization_id', to: 'organizations.id' },
    },
  });
}
