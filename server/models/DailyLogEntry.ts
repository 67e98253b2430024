import type { Pojo, RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { column, id, integer, objectSchema, optionalId, type RowOf } from './schema';
import { DailyLog } from './DailyLog';
import { User } from './User';

const schema = objectSchema(
  {
    daily_log_id: id,
    author_id: optionalId,
    // Not `text()`: Ajv counts a string's code points one by one for minLength, 0.9 s for a
    // 50 MB body and twice a write; emptiness is checked at once below, the size by the engine.
    body: column<string>({ type: 'string' }),
    version: integer,
  },
  ['daily_log_id', 'body'],
);

/** One staff member's entry in a daily log (the body may be very large). */
export interface DailyLogEntry extends RowOf<typeof schema> {}
export class DailyLogEntry extends BaseModel {
  static tableName = 'daily_log_entries';
  static jsonSchema = schema;

  $afterValidate(json: Pojo) {
    if (json.body === '') {
      throw DailyLogEntry.createValidationError({ type: 'ModelValidation', data: { body: [{ message: 'cannot be empty', keyword: 'minLength', params: { limit: 1 } }] } });
    }
  }

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
