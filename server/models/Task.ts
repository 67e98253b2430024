import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { TASK_STATUSES } from '../../contract/enums';
import { id, objectSchema, oneOf, optionalDate, optionalId, text, type RowOf } from './schema';
import { Child } from './Child';
import { ServicePlan } from './ServicePlan';
import { User } from './User';

const schema = objectSchema(
  {
    child_id: id,
    service_plan_id: optionalId,
    assigned_to: optionalId,
    title: text(200),
    due_on: optionalDate,
    status: oneOf(TASK_STATUSES),
  },
  ['child_id', 'title'],
);

/** A to-do about a child, optionally under a plan and assigned to a user. */
export interface Task extends RowOf<typeof schema> {}
export class Task extends BaseModel {
  static tableName = 'tasks';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    child: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Child,
      join: { from: 'tasks.child_id', to: 'children.id' },
    },
    servicePlan: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => ServicePlan,
      join: { from: 'tasks.service_plan_id', to: 'service_plans.id' },
    },
    assignedTo: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => User,
      join: { from: 'tasks.assigned_to', to: 'users.id' },
    },
  });
}
