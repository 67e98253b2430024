import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { boolean, id, objectSchema, optionalDate, optionalText, text } from './schema';
import { ServicePlan } from './ServicePlan';

/** A person in a plan's care circle; inactive exactly when `left_on` is set. */
export class CareCircleMember extends BaseModel {
  static tableName = 'care_circle_members';

  service_plan_id!: number;
  name!: string;
  role!: string | null;
  organization_name!: string | null;
  email!: string | null;
  phone!: string | null;
  is_active!: boolean;
  joined_on!: string | null;
  left_on!: string | null;

  static jsonSchema = objectSchema(
    {
      service_plan_id: id,
      name: text(200),
      role: optionalText(200),
      organization_name: optionalText(200),
      email: { type: ['string', 'null'], format: 'email', maxLength: 320 },
      phone: optionalText(50),
      is_active: boolean,
      joined_on: optionalDate,
      left_on: optionalDate,
    },
    ['service_plan_id', 'name'],
  );

  static relationMappings = (): RelationMappings => ({
    servicePlan: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => ServicePlan,
      join: { from: 'care_circle_members.service_plan_id', to: 'service_plans.id' },
    },
  });
}
