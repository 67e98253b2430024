import type { RelationMappings } from 'objection';
import { BaseModel } from './BaseModel';
import { PLAN_CLOSED_REASONS, PLAN_STATUSES, PROGRAMS, RISK_LEVELS } from '../../contract/enums';
import { PLAN_TEXT_MAX } from '../../contract/rules';
import { id, integer, objectSchema, oneOf, optionalDate, optionalId, optionalOneOf, optionalText, type RowOf } from './schema';
import { CareCircleMember } from './CareCircleMember';
import { Child } from './Child';
import { MonthlyCheckIn } from './MonthlyCheckIn';
import { Organization } from './Organization';
import { Placement } from './Placement';
import { PlanService } from './PlanService';
import { ProgressReview } from './ProgressReview';
import { Referral } from './Referral';
import { ServiceActivity } from './ServiceActivity';
import { User } from './User';

const schema = objectSchema(
  {
    child_id: id,
    program: oneOf(PROGRAMS),
    organization_id: id,
    placement_id: optionalId,
    referral_id: optionalId,
    coordinator_id: optionalId,
    status: oneOf(PLAN_STATUSES),
    initiated_on: optionalDate,
    /** the latest activity_date of its service activities; kept by a database trigger */
    last_activity_on: optionalDate,
    approved_on: optionalDate,
    approved_by: optionalText(200),
    closed_on: optionalDate,
    closed_reason: optionalOneOf(PLAN_CLOSED_REASONS),
    goals: optionalText(PLAN_TEXT_MAX),
    strengths: optionalText(PLAN_TEXT_MAX),
    needs: optionalText(PLAN_TEXT_MAX),
    activities: optionalText(PLAN_TEXT_MAX),
    clinical_services: optionalText(PLAN_TEXT_MAX),
    non_clinical_services: optionalText(PLAN_TEXT_MAX),
    strategies: optionalText(PLAN_TEXT_MAX),
    cloned_from_id: optionalId,
    risk_level: optionalOneOf(RISK_LEVELS),
    risk_reason: optionalText(PLAN_TEXT_MAX),
    risk_reviewed_on: optionalDate,
    version: integer,
  },
  ['child_id', 'program', 'organization_id'],
);

/** An SHSS service plan (under a placement) or a CSP coordinated service plan (under a referral). */
export interface ServicePlan extends RowOf<typeof schema> {}
export class ServicePlan extends BaseModel {
  static tableName = 'service_plans';
  static jsonSchema = schema;

  static relationMappings = (): RelationMappings => ({
    child: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Child,
      join: { from: 'service_plans.child_id', to: 'children.id' },
    },
    organization: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Organization,
      join: { from: 'service_plans.organization_id', to: 'organizations.id' },
    },
    placement: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Placement,
      join: { from: 'service_plans.placement_id', to: 'placements.id' },
    },
    referral: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => Referral,
      join: { from: 'service_plans.referral_id', to: 'referrals.id' },
    },
    coordinator: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => User,
      join: { from: 'service_plans.coordinator_id', to: 'users.id' },
    },
    clonedFrom: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: () => ServicePlan,
      join: { from: 'service_plans.cloned_from_id', to: 'service_plans.id' },
    },
    careCircleMembers: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => CareCircleMember,
      join: { from: 'service_plans.id', to: 'care_circle_members.service_plan_id' },
    },
    planServices: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => PlanService,
      join: { from: 'service_plans.id', to: 'plan_services.service_plan_id' },
    },
    progressReviews: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => ProgressReview,
      join: { from: 'service_plans.id', to: 'progress_reviews.service_plan_id' },
    },
    monthlyCheckIns: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => MonthlyCheckIn,
      join: { from: 'service_plans.id', to: 'monthly_check_ins.service_plan_id' },
    },
    serviceActivities: {
      relation: BaseModel.HasManyRelation,
      modelClass: () => ServiceActivity,
      join: { from: 'service_plans.id', to: 'service_activities.service_plan_id' },
    },
  });
}
