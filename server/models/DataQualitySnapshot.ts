import { BaseModel } from './BaseModel';
import { DATA_QUALITY_CHECKS } from '../../contract/enums';
import { date, integer, objectSchema, oneOf, optionalId, type RowOf } from './schema';

const schema = objectSchema(
  {
    taken_on: date,
    check_key: oneOf(DATA_QUALITY_CHECKS),
    organization_id: optionalId,
    place_of_service_id: optionalId,
    record_count: integer,
  },
  ['taken_on', 'check_key', 'record_count'],
);

/** A data-quality check's count for one organisation and place on one day (the scorecard's trend). */
export interface DataQualitySnapshot extends RowOf<typeof schema> {}
export class DataQualitySnapshot extends BaseModel {
  static tableName = 'data_quality_snapshots';
  static jsonSchema = schema;
}
