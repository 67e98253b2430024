import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { PLACEMENT_KINDS, PLACEMENT_STATUSES } from '../../contract/enums';
import { date, id, objectSchema, oneOf, optionalDate, optionalId, optionalText, type RowOf } from './schema';
import { Child } from './Child';
import { Contract } from './Contract';
import { PlaceOfService } from './PlaceOfService';
import { Referral } from './Referral';
import { RespiteStay } from './RespiteStay';
import { ServicePlan } from './ServicePlan';

const schema = objectSchema(
  {
    child_id: id,
    place_of_service_id: id,
    contract_id: optionalId,
    referral_id: optionalId,
    kind: oneOf(PLACEMENT_KINDS),
    start_date: date,
    end_date: optionalDate,
    status: oneOf(PLACEMENT_STATUSES),
    end_reason: optionalText(500),
  },
  ['child_id', 'place_of_service_id', 'start_date'],
);

/** A child placed at a place of service (SHSS). */
export interface Placement extends RowOf<typeof schema> {}
export class Placement extends BaseModel {
  static tableName = 'placements';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    child: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Child,
      join: { from: 'placements.child_id', to: 'children.id' },
    },
    placeOfService: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => PlaceOfService,
      join: { from: 'placements.place_of_service_id', to: 'places_of_service.id' },
    },
    contract: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Contract,
      join: { from: 'placements.contract_id', to: 'contracts.id' },
    },
    referral: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Referral,
      join: { from: 'placements.referral_id', to: 'referrals.id' },
    },
    respiteStays: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => RespiteStay,
      join: { from: 'placements.id', to: 'respite_stays.placement_id' },
    },
    servicePlans: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => ServicePlan,
      join: { from: 'placements.id', to: 'service_plans.placement_id' },
    },
  });
}
