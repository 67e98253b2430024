import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { EVENT_TYPES } from '../../contract/enums';
import { id, objectSchema, oneOf, optionalId, optionalText, text, timestamp, type RowOf } from './schema';
import { Child } from './Child';
import { ServicePlan } from './ServicePlan';
import { User } from './User';

const schema = objectSchema(
  {
    child_id: id,
    service_plan_id: optionalId,
    type: oneOf(EVENT_TYPES),
    occurred_at: timestamp,
    title: text(200),
    description: optionalText(),
    created_by: optionalId,
  },
  ['child_id', 'type', 'occurred_at', 'title'],
);

/** Something that happened in a child's life: a meeting, an incident, a visit. */
export interface Event extends RowOf<typeof schema> {}
export class Event extends BaseModel {
  static tableName = 'events';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    child: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Child,
      join: { from: 'events.child_id', to: 'children.id' },
    },
    servicePlan: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => ServicePlan,
      join: { from: 'events.service_plan_id', to: 'service_plans.id' },
    },
    createdBy: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => User,
      join: { from: 'events.created_by', to: 'users.id' },
    },
  });
}
