import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { ACTIVITY_KINDS, ACTIVITY_MODES } from '../../contract/enums';
import { date, id, number, objectSchema, oneOf, optionalId, optionalText, type RowOf } from './schema';
import { ServicePlan } from './ServicePlan';
import { User } from './User';

const schema = objectSchema(
  {
    service_plan_id: id,
    coordinator_id: optionalId,
    activity_date: date,
    kind: oneOf(ACTIVITY_KINDS),
    mode: oneOf(ACTIVITY_MODES),
    hours: number({ exclusiveMinimum: 0, maximum: 24 }),
    note: optionalText(),
  },
  ['service_plan_id', 'activity_date', 'kind', 'mode', 'hours'],
);

/** Direct or indirect service time an SPC logs against a CSP plan. */
export interface ServiceActivity extends RowOf<typeof schema> {}
export class ServiceActivity extends BaseModel {
  static tableName = 'service_activities';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    servicePlan: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => ServicePlan,
      join: { from: 'service_activities.service_plan_id', to: 'service_plans.id' },
    },
    coordinator: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => User,
      join: { from: 'service_activities.coordinator_id', to: 'users.id' },
    },
  });
}
