import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { PLAN_SERVICE_CATEGORIES, PLAN_SERVICE_STATUSES, PRIORITIES } from '../../contract/enums';
import { id, objectSchema, oneOf, optionalDate, optionalText, type RowOf } from './schema';
import { ServicePlan } from './ServicePlan';

const schema = objectSchema(
  {
    service_plan_id: id,
    category: oneOf(PLAN_SERVICE_CATEGORIES),
    provider_name: optionalText(200),
    status: oneOf(PLAN_SERVICE_STATUSES),
    requested_on: optionalDate,
    started_on: optionalDate,
    ended_on: optionalDate,
    priority: oneOf(PRIORITIES),
    /** the day the service joined the provider's waitlist (the registry counts the days from it) */
    waitlisted_on: optionalDate,
  },
  ['service_plan_id', 'category'],
);

/** A service a plan needs or the child receives. */
export interface PlanService extends RowOf<typeof schema> {}
export class PlanService extends BaseModel {
  static tableName = 'plan_services';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    servicePlan: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => ServicePlan,
      join: { from: 'plan_services.service_plan_id', to: 'service_plans.id' },
    },
  });
}
