import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { ROLES } from '../../contract/enums';
import { boolean, objectSchema, oneOf, optionalId, optionalText, optionalTimestamp, text } from './schema';
import { Organization } from './Organization';
import { PlaceAssignment } from './PlaceAssignment';

/** A person who signs in. `password_hash` is never served (the resource hides it). */
export class User extends BaseModel {
  static tableName = 'users';

  organization_id!: number | null;
  email!: string;
  full_name!: string;
  role!: (typeof ROLES)[number];
  active!: boolean;
  password_hash!: string | null;
  last_login_at!: string | null;

  static jsonSchema = objectSchema(
    {
      organization_id: optionalId,
      email: { type: 'string', format: 'email', maxLength: 320 },
      full_name: text(200),
      role: oneOf(ROLES),
      active: boolean,
      password_hash: optionalText(),
      last_login_at: optionalTimestamp,
    },
    ['email', 'full_name', 'role'],
  );

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
