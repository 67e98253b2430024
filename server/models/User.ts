import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { ROLES } from '../../contract/enums';
import { boolean, email, objectSchema, oneOf, optionalId, optionalText, optionalTimestamp, text, type RowOf } from './schema';
import { Organization } from './Organization';
import { PlaceAssignment } from './PlaceAssignment';

const schema = objectSchema(
  {
    organization_id: optionalId,
    email,
    full_name: text(200),
    role: oneOf(ROLES),
    active: boolean,
    password_hash: optionalText(),
    last_login_at: optionalTimestamp,
  },
  ['email', 'full_name', 'role'],
);

/** A person who signs in. `password_hash` is never served (the resource hides it). */
export interface User extends RowOf<typeof schema> {}
export class User extends BaseModel {
  static tableName = 'users';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    organization: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Organization,
      join: { from: 'users.organization_id', to: 'organizations.id' },
    },
    placeAssignments: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => PlaceAssignment,
      join: { from: 'users.id', to: 'place_assignments.user_id' },
    },
  });
}
