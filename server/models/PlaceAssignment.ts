import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { date, id, objectSchema, optionalDate, type RowOf } from './schema';
import { PlaceOfService } from './PlaceOfService';
import { User } from './User';

const schema = objectSchema(
  {
    user_id: id,
    place_of_service_id: id,
    assigned_on: date,
    ended_on: optionalDate,
  },
  ['user_id', 'place_of_service_id', 'assigned_on'],
);

/** A programme manager or portal worker assigned to a place of service; open while `ended_on` is null. */
export interface PlaceAssignment extends RowOf<typeof schema> {}
export class PlaceAssignment extends BaseModel {
  static tableName = 'place_assignments';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    user: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => User,
      join: { from: 'place_assignments.user_id', to: 'users.id' },
    },
    placeOfService: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => PlaceOfService,
      join: { from: 'place_assignments.place_of_service_id', to: 'places_of_service.id' },
    },
  });
}
