import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { ORGANIZATION_KINDS } from '../../contract/enums';
import { boolean, objectSchema, oneOf, optionalText, text, type RowOf } from './schema';
import { Contract } from './Contract';
import { PlaceOfService } from './PlaceOfService';
import { User } from './User';

const schema = objectSchema(
  {
    name: text(200),
    kind: oneOf(ORGANIZATION_KINDS),
    service_delivery_area: optionalText(200),
    active: boolean,
  },
  ['name', 'kind'],
);

/** An organisation: the ministry, a service provider, a coordinating agency or a partner agency. */
export interface Organization extends RowOf<typeof schema> {}
export class Organization extends BaseModel {
  static tableName = 'organizations';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    placesOfService: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => PlaceOfService,
      join: { from: 'organizations.id', to: 'places_of_service.organization_id' },
    },
    users: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => User,
      join: { from: 'organizations.id', to: 'users.organization_id' },
    },
    contracts: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => Contract,
      join: { from: 'organizations.id', to: 'contracts.organization_id' },
    },
  });
}
