import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { id, integer, objectSchema, optionalId, text, type RowOf } from './schema';
import { DailyLog } from './DailyLog';
import { User } from './User';

const schema = objectSchema(
  {
    daily_log_id: id,
    author_id: optionalId,
    body: text(),
    version: integer,
  },
  ['daily_log_id', 'body'],
);

/** One staff member's entry in a daily log (the body may be very large). */
export interface DailyLogEntry extends RowOf<typeof schema> {}
export class DailyLogEntry extends BaseModel {
  static tableName = 'daily_log_entries';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    dailyLog: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => DailyLog,
      join: { from: 'daily_log_entries.daily_log_id', to: 'daily_logs.id' },
    },
    author: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => User,
      join: { from: 'daily_log_entries.author_id', to: 'users.id' },
    },
  });
}
