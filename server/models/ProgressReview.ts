import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { PLAN_TEXT_MAX } from '../../contract/rules';
import { date, id, objectSchema, optionalDate, optionalId, optionalText, type RowOf } from './schema';
import { ServicePlan } from './ServicePlan';
import { User } from './User';

const schema = objectSchema(
  {
    service_plan_id: id,
    review_date: date,
    period_start: optionalDate,
    period_end: optionalDate,
    summary: optionalText(PLAN_TEXT_MAX),
    goal_progress: optionalText(PLAN_TEXT_MAX),
    next_review_on: optionalDate,
    author_id: optionalId,
  },
  ['service_plan_id', 'review_date'],
);

/** A periodic review of a plan's progress. */
export interface ProgressReview extends RowOf<typeof schema> {}
export class ProgressReview extends BaseModel {
  static tableName = 'progress_reviews';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    servicePlan: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => ServicePlan,
      join: { from: 'progress_reviews.service_plan_id', to: 'service_plans.id' },
    },
    author: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => User,
      join: { from: 'progress_reviews.author_id', to: 'users.id' },
    },
  });
}
