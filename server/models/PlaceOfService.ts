import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { boolean, id, objectSchema, optionalCode, optionalInteger, optionalText, text, type RowOf } from './schema';
import { Organization } from './Organization';
import { PlaceAssignment } from './PlaceAssignment';
import { Placement } from './Placement';
import { ServiceType } from './ServiceType';

const schema = objectSchema(
  {
    organization_id: id,
    name: text(200),
    service_type_code: optionalCode,
    region: optionalText(200),
    capacity: optionalInteger,
    active: boolean,
  },
  ['organization_id', 'name'],
);

/** A provider's home or site where children are placed. */
export interface PlaceOfService extends RowOf<typeof schema> {}
export class PlaceOfService extends BaseModel {
  static tableName = 'places_of_service';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    organization: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Organization,
      join: { from: 'places_of_service.organization_id', to: 'organizations.id' },
    },
    serviceType: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => ServiceType,
      join: { from: 'places_of_service.service_type_code', to: 'service_types.code' },
    },
    placements: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => Placement,
      join: { from: 'places_of_service.id', to: 'placements.place_of_service_id' },
    },
    assignments: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => PlaceAssignment,
      join: { from: 'places_of_service.id', to: 'place_assignments.place_of_service_id' },
    },
  });
}
