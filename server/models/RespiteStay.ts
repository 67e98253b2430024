import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { RESPITE_STAY_STATUSES } from '../../contract/enums';
import { date, id, objectSchema, oneOf, optionalText } from './schema';
import { Placement } from './Placement';

/** A stay under a respite placement. */
export class RespiteStay extends BaseModel {
  static tableName = 'respite_stays';

  placement_id!: number;
  start_date!: string;
  end_date!: string;
  status!: (typeof RESPITE_STAY_STATUSES)[number];
  notes!: string | null;

  static jsonSchema = objectSchema(
    {
      placement_id: id,
      start_date: date,
      end_date: date,
      status: oneOf(RESPITE_STAY_STATUSES),
      notes: optionalText(),
    },
    ['placement_id', 'start_date', 'end_date'],
  );

  static relationMappings = (): RelationMappings => ({
    placement: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Placement,
      join: { from: 'respite_stays.placement_id', to: 'placements.id' },
    },
  });
}
