import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { SESSION_KINDS } from '../../contract/enums';
import { id, objectSchema, oneOf, optionalText, optionalTimestamp, text, timestamp, type RowOf } from './schema';
import { User } from './User';

const schema = objectSchema(
  {
    user_id: id,
    token_hash: text(),
    kind: oneOf(SESSION_KINDS),
    csrf_token_hash: optionalText(),
    last_seen_at: timestamp,
    expires_at: timestamp,
    revoked_at: optionalTimestamp,
  },
  ['user_id', 'token_hash', 'kind', 'expires_at'],
);

/** A sign-in session or bearer token, stored hashed. Never served as a resource. */
export interface Session extends RowOf<typeof schema> {}
export class Session extends BaseModel {
  static tableName = 'sessions';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    user: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => User,
      join: { from: 'sessions.user_id', to: 'users.id' },
    },
  });
}
