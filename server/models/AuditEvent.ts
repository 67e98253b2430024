import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { objectSchema, optionalId, optionalJsonObject, optionalText, text, timestamp, type RowOf } from './schema';
import { User } from './User';

const schema = objectSchema(
  {
    user_id: optionalId,
    action: text(100),
    resource: text(100),
    record_id: optionalText(100),
    changes: optionalJsonObject,
    summary: optionalText(),
    ip: optionalText(100),
    at: timestamp,
  },
  ['action', 'resource'],
);

/** Who changed what, when (read-only; written in the same transaction as the change). */
export interface AuditEvent extends RowOf<typeof schema> {}
export class AuditEvent extends BaseModel {
  static tableName = 'audit_events';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    user: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => User,
      join: { from: 'audit_events.user_id', to: 'users.id' },
    },
  });
}
