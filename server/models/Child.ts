import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { date, objectSchema, optionalId, optionalBoolean, optionalText, optionalTimestamp, text, type RowOf } from './schema';
import { Placement } from './Placement';
import { ReferralChild } from './ReferralChild';
import { ServicePlan } from './ServicePlan';

const schema = objectSchema(
  {
    first_name: text(100),
    last_name: text(100),
    preferred_name: optionalText(100),
    birth_date: date,
    gender: optionalText(50),
    indigenous_identity: optionalText(200),
    in_school: optionalBoolean,
    service_delivery_area: optionalText(200),
    archived_at: optionalTimestamp,
    registered_by_organization_id: optionalId,
  },
  ['first_name', 'last_name', 'birth_date'],
);

/** A child served by either programme; archived rather than deleted. */
export interface Child extends RowOf<typeof schema> {}
export class Child extends BaseModel {
  static tableName = 'children';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    placements: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => Placement,
      join: { from: 'children.id', to: 'placements.child_id' },
    },
    servicePlans: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => ServicePlan,
      join: { from: 'children.id', to: 'service_plans.child_id' },
    },
    referralChildren: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => ReferralChild,
      join: { from: 'children.id', to: 'referral_children.child_id' },
    },
  });
}
