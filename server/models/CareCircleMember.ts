import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { boolean, id, objectSchema, optionalDate, optionalEmail, optionalText, text, type RowOf } from './schema';
import { ServicePlan } from './ServicePlan';

const schema = objectSchema(
  {
    service_plan_id: id,
    name: text(200),
    role: optionalText(200),
    organization_name: optionalText(200),
    email: optionalEmail,
    phone: optionalText(50),
    is_active: boolean,
    joined_on: optionalDate,
    left_on: optionalDate,
  },
  ['service_plan_id', 'name'],
);

/** A person in a plan's care circle; inactive exactly when `left_on` is set. */
export interface CareCircleMember extends RowOf<typeof schema> {}
export class CareCircleMember extends BaseModel {
  static tableName = 'care_circle_members';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    servicePlan: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => ServicePlan,
      join: { from: 'care_circle_members.service_plan_id', to: 'service_plans.id' },
    },
  });
}
