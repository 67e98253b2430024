import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { CHECK_IN_STATUSES, ICM_STATUSES } from '../../contract/enums';
import { CHECK_IN_COMMENT_MAX } from '../../contract/rules';
import { column, date, id, integer, objectSchema, oneOf, optionalDate, optionalId, optionalText, optionalTimestamp, type RowOf } from './schema';
import { ServicePlan } from './ServicePlan';
import { User } from './User';

export interface CheckInAnswer {
  /** the standard question it answers (check_in_questions.code), when it came from the template */
  code?: string | null;
  question: string;
  response: string | null;
  comment?: string | null;
}

const answers = column<CheckInAnswer[]>({
  type: 'array',
  items: {
    type: 'object',
    required: ['question'],
    properties: {
      code: { type: ['string', 'null'], maxLength: 100 },
      question: { type: 'string', minLength: 1, maxLength: 1000 },
      response: { type: ['string', 'null'], maxLength: CHECK_IN_COMMENT_MAX },
      comment: { type: ['string', 'null'], maxLength: CHECK_IN_COMMENT_MAX },
    },
  },
});

const schema = objectSchema(
  {
    service_plan_id: id,
    month: date,
    check_in_date: optionalDate,
    answers,
    status: oneOf(CHECK_IN_STATUSES),
    finalized_at: optionalTimestamp,
    finalized_by: optionalId,
    icm_status: oneOf(ICM_STATUSES),
    icm_reference: optionalText(200),
    version: integer,
  },
  ['service_plan_id', 'month'],
);

/** A plan's monthly check-in; frozen once finalized and sent to ICM. */
export interface MonthlyCheckIn extends RowOf<typeof schema> {}
export class MonthlyCheckIn extends BaseModel {
  static tableName = 'monthly_check_ins';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    servicePlan: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => ServicePlan,
      join: { from: 'monthly_check_ins.service_plan_id', to: 'service_plans.id' },
    },
    finalizedBy: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => User,
      join: { from: 'monthly_check_ins.finalized_by', to: 'users.id' },
    },
  });
}
