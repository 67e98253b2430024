import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { STAFF_ROLES } from '../../contract/enums';
import { date, id, number, objectSchema, oneOf, optionalDate, optionalId, text, type RowOf } from './schema';
import { Organization } from './Organization';
import { User } from './User';

const schema = objectSchema(
  {
    organization_id: id,
    user_id: optionalId,
    staff_name: text(200),
    role: oneOf(STAFF_ROLES),
    fte: number({ exclusiveMinimum: 0, maximum: 1 }),
    start_date: date,
    end_date: optionalDate,
  },
  ['organization_id', 'staff_name', 'fte', 'start_date'],
);

/** The part of a person's job that is coordinated service planning (FTE). */
export interface StaffAllocation extends RowOf<typeof schema> {}
export class StaffAllocation extends BaseModel {
  static tableName = 'staff_allocations';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    organization: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Organization,
      join: { from: 'staff_allocations.organization_id', to: 'organizations.id' },
    },
    user: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => User,
      join: { from: 'staff_allocations.user_id', to: 'users.id' },
    },
  });
}
