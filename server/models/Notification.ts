import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import type { CodedMessage } from '../../contract/messages';
import { column, id, objectSchema, optionalText, optionalTimestamp, text, type RowOf } from './schema';
import { User } from './User';

const schema = objectSchema(
  {
    user_id: id,
    kind: text(100),
    message: text(2000),
    /** the message's sentences by code, for the reader's language */
    message_parts: column<CodedMessage[]>({ type: 'array', items: { type: 'object' } }),
    resource: optionalText(100),
    record_id: optionalText(100),
    read_at: optionalTimestamp,
  },
  ['user_id', 'kind', 'message'],
);

/** A message to one user (e.g. a plan will close because its placement ended). */
export interface Notification extends RowOf<typeof schema> {}
export class Notification extends BaseModel {
  static tableName = 'notifications';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    user: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => User,
      join: { from: 'notifications.user_id', to: 'users.id' },
    },
  });
}
