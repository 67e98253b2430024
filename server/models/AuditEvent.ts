import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { objectSchema, optionalId, optionalJsonObject, optionalText, text, timestamp } from './schema';
import { User } from './User';

/** Who changed what, when (read-only; written in the same transaction as the change). */
export class AuditEvent extends BaseModel {
  static tableName = 'audit_events';

  user_id!: number | null;
  action!: string;
  resource!: string;
  record_id!: string | null;
  changes!: Record<string, unknown> | null;
  ip!: string | null;
  at!: string;

  static jsonSchema = objectSchema(
    {
      user_id: optionalId,
      action: text(100),
      resource: text(100),
      record_id: optionalText(100),
      changes: optionalJsonObject,
      ip: optionalText(100),
      at: timestamp,
    },
    ['action', 'resource'],
  );

  static relationMappings = (): RelationMappings => ({
    user: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => User,
      join: { from: 'audit_events.user_id', to: 'users.id' },
    },
  });
}
