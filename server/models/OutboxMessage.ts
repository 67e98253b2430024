import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { OUTBOX_STATUSES } from '../../contract/enums';
import { integer, json, objectSchema, oneOf, optionalId, optionalText, optionalTimestamp, text, timestamp, type RowOf } from './schema';
import { MonthlyCheckIn } from './MonthlyCheckIn';
import { RespiteStay } from './RespiteStay';

const schema = objectSchema(
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
    respite_stay_id: optionalId,
  },
  ['topic', 'payload'],
);

/** A message waiting for delivery to the ministry's case system (ICM). */
export interface OutboxMessage extends RowOf<typeof schema> {}
export class OutboxMessage extends BaseModel {
  static tableName = 'outbox_messages';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    monthlyCheckIn: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => MonthlyCheckIn,
      join: { from: 'outbox_messages.monthly_check_in_id', to: 'monthly_check_ins.id' },
    },
    respiteStay: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => RespiteStay,
      join: { from: 'outbox_messages.respite_stay_id', to: 'respite_stays.id' },
    },
  });
}
