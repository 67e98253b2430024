import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { SHIFTS } from '../../contract/enums';
import { date, id, integer, objectSchema, oneOf } from './schema';
import { DailyLogEntry } from './DailyLogEntry';
import { Placement } from './Placement';

/** A placement's log for a day and shift; staff add entries to it. */
export class DailyLog extends BaseModel {
  static tableName = 'daily_logs';

  placement_id!: number;
  log_date!: string;
  shift!: (typeof SHIFTS)[number];
  version!: number;

  static jsonSchema = objectSchema(
    {
      placement_id: id,
      log_date: date,
      shift: oneOf(SHIFTS),
      version: integer,
    },
    ['placement_id', 'log_date', 'shift'],
  );

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
