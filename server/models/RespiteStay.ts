import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { ICM_STATUSES, RESPITE_STAY_STATUSES } from '../../contract/enums';
import { date, id, objectSchema, oneOf, optionalText, type RowOf } from './schema';
import { Placement } from './Placement';

const schema = objectSchema(
  {
    placement_id: id,
    start_date: date,
    end_date: date,
    status: oneOf(RESPITE_STAY_STATUSES),
    notes: optionalText(),
    icm_status: oneOf(ICM_STATUSES),
    icm_reference: optionalText(200),
  },
  ['placement_id', 'start_date', 'end_date'],
);

/** A stay under a respite placement. */
export interface RespiteStay extends RowOf<typeof schema> {}
export class RespiteStay extends BaseModel {
  static tableName = 'respite_stays';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    placement: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Placement,
      join: { from: 'respite_stays.placement_id', to: 'placements.id' },
    },
  });
}
