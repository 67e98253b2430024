import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { SHIFTS } from '../../contract/enums';
import { date, id, integer, objectSchema, oneOf, type RowOf } from './schema';
import { DailyLogEntry } from './DailyLogEntry';
import { Placement } from './Placement';

const schema = objectSchema(
  {
    placement_id: id,
    log_date: date,
    shift: oneOf(SHIFTS),
    version: integer,
  },
  ['placement_id', 'log_date', 'shift'],
);

/** A placement's log for a day and shift; staff add entries to it. */
export interface DailyLog extends RowOf<typeof schema> {}
export class DailyLog extends BaseModel {
  static tableName = 'daily_logs';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    placement: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Placement,
      join: { from: 'daily_logs.placement_id', to: 'placements.id' },
    },
    entries: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => DailyLogEntry,
      join: { from: 'daily_logs.id', to: 'daily_log_entries.daily_log_id' },
    },
  });
}
