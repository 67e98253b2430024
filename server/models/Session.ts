import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { SESSION_KINDS } from '../../contract/enums';
import { id, objectSchema, oneOf, optionalText, optionalTimestamp, text, timestamp } from './schema';
import { User } from './User';

/** A sign-in session or bearer token, stored hashed. Never served as a resource. */
export class Session extends BaseModel {
  static tableName = 'sessions';

  user_id!: number;
  token_hash!: string;
  kind!: (typeof SESSION_KINDS)[number];
  csrf_token_hash!: string | null;
  last_seen_at!: string;
  expires_at!: string;
  revoked_at!: string | null;

  static jsonSchema = objectSchema(
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

  static relationMappings = (): RelationMappings => ({
    user: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => User,
      join: { from: 'sessions.user_id', to: 'users.id' },
    },
  });
}
