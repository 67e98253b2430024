import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { OUTBOX_STATUSES } from '../../contract/enums';
import { integer, json, objectSchema, oneOf, optionalId, optionalText, optionalTimestamp, text, timestamp } from './schema';
import { MonthlyCheckIn } from './MonthlyCheckIn';

/** A message waiting for delivery to the ministry's case system (ICM). */
export class OutboxMessage extends BaseModel {
  static tableName = 'outbox_messages';

  topic!: string;
  payload!: unknown;
  status!: (typeof OUTBOX_STATUSES)[number];
  attempts!: number;
  last_error!: string | null;
  deliver_after!: string;
  delivered_at!: string | null;
  idempotency_key!: string | null;
  monthly_check_in_id!: number | null;

  static jsonSchema = objectSchema(
    {
      topic: text(100),
      payload: json,
      status: oneOf(OUTBOX_STATUSES),
      attempts: integer,
      last_error: optionalText(),
      deliver_after: timestamp,
      delivered_at: optionalTimestamp,
      idempotency_key: optionalText(200),
      monthly_check_in_id: optionalId,
    },
    ['topic', 'payload'],
  );

  static relationMappings = (): RelationMappings => ({
    monthlyCheckIn: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => MonthlyCheckIn,
      join: { from: 'outbox_messages.monthly_check_in_id', to: 'monthly_check_ins.id' },
    },
  });
}
