import { LOG_ENTRY_MAX_BYTES, canEditLogEntry } from '../../contract/rules';
import { scopeAll, scopeByChild, scopeByOrganization, scopeByPlacement, scopeByPlan, scopeDailyLogEntries } from '../access/scope';
import { ForbiddenError, RuleError } from '../errors';
import { say } from '../messages';
import { today } from '../dates';
import {
  CareCircleMember,
  CheckInQuestion,
  Complaint,
  DailyLog,
  DailyLogEntry,
  Event,
  Expenditure,
  MonthlyCheckIn,
  PlanService,
  ProgressReview,
  ServiceActivity,
  ServicePlan,
  StaffAllocation,
  Task,
} from '../models';
import { EVERYONE, FRONT_LINE, ORGANIZATION_ADMINS, PLANNERS, SYSTEM_ADMIN } from '../access/roles';
import { allOf, ownOrganizationOnly, signedInUserOnCreate, type WriteHook } from './fieldRules';
import { PROVIDER_PROGRAMS, CSP_PROGRAMS } from './programAreas';
import type { ResourceDeclaration } from './types';
import { checkCheckInWrite, checkInActions, refuseWhenCheckInReadOnly } from '../workflows/checkIns';
import { checkComplaintWrite } from '../workflows/complaints';
import { checkEventWrite } from '../workflows/events';
import { checkPlanRecordWrite } from '../workflows/planRecords';
import { checkPlanRisk } from '../workflows/planRisk';
import { checkServiceActivityWrite } from '../workflows/serviceActivities';
import { checkServicePlanWrite, refuseClosedPlan, servicePlanActions } from '../workflows/servicePlans';

/** Plans and the work around them: care circles, services, reviews, check-ins, logs, events. */

const coordinatorsWriteCspPlansOnly: WriteHook<ServicePlan> = (ctx) => {
  if (ctx.action === 'delete' || ctx.user.role !== 'coordinator') return;
  if (ctx.data.program !== 'CSP') throw new ForbiddenError(say('coordinator_csp_plans_only'));
};

export const servicePlans: ResourceDeclaration<ServicePlan> = {
  name: 'service_plans',
  model: ServicePlan,
  filters: [
    'child_id',
    'program',
    'organization_id',
    'placement_id',
    'referral_id',
    'coordinator_id',
    'status',
    'initiated_on',
    'last_activity_on',
    'approved_on',
    'closed_on',
    'closed_reason',
    'cloned_from_id',
    'risk_level',
    'risk_reviewed_on',
  ],
  sorts: ['initiated_on', 'last_activity_on', 'approved_on', 'closed_on', 'status', 'program', 'child_id', 'created_at', 'updated_at'],
  defaultSort: ['updated_at', 'DESC'],
  search: ['goals', 'needs', 'approved_by'],
  child: { column: 'child_id' },
  references: {
    child_id: 'children',
    organization_id: 'organizations',
    placement_id: 'placements',
    referral_id: 'referrals',
    coordinator_id: 'users',
    cloned_from_id: 'service_plans',
  },
  referenceFilters: { placement_id: { child_id: { field: 'child_id' } } },
  lockedStatuses: ['closed'],
  access: { read: EVERYONE, create: PLANNERS, update: PLANNERS, delete: SYSTEM_ADMIN },
  actionOnlyFields: ['status', 'approved_on', 'approved_by', 'closed_on', 'closed_reason', 'cloned_from_id'],
  serverFields: ['last_activity_on'],
  versioned: true,
  scope: scopeByPlan('id'),
  beforeWrite: allOf<ServicePlan>(ownOrganizationOnly(), coordinatorsWriteCspPlansOnly, checkServicePlanWrite, checkPlanRisk),
  actions: servicePlanActions,
  attachments: { column: 'service_plan_id', refuseWhenReadOnly: (db, plan) => refuseClosedPlan(db, plan.id) },
};

/** A member is inactive exactly when it has left: `left_on` decides `is_active`. */
const activeUntilLeft: WriteHook<CareCircleMember> = (ctx) => {
  if (ctx.action === 'delete') return;
  const left = ctx.data.left_on !== undefined && ctx.data.left_on !== null && ctx.data.left_on !== '';
  const madeInactive = ctx.data.is_active === false && ctx.before?.is_active !== false;
  if (!left && madeInactive) {
    throw new RuleError(say('care_circle_left_on'), { left_on: say('field_required_inactive_member') });
  }
  ctx.data.is_active = !left;
};

export const careCircleMembers: ResourceDeclaration<CareCircleMember> = {
  name: 'care_circle_members',
  model: CareCircleMember,
  filters: ['service_plan_id', 'role', 'is_active', 'joined_on', 'left_on'],
  sorts: ['name', 'role', 'organization_name', 'joined_on', 'left_on', 'created_at'],
  defaultSort: ['name', 'ASC'],
  search: ['name', 'role', 'organization_name', 'email'],
  references: { service_plan_id: 'service_plans' },
  access: { read: EVERYONE, create: FRONT_LINE, update: FRONT_LINE, delete: SYSTEM_ADMIN },
  scope: scopeByPlan(),
  beforeWrite: allOf<CareCircleMember>(checkPlanRecordWrite, activeUntilLeft),
  programs: PROVIDER_PROGRAMS,
};

/** A service put on its provider's waitlist joins it today unless told otherwise (the registry counts from it). */
const waitlistedToday: WriteHook<PlanService> = (ctx) => {
  if (ctx.action === 'delete' || ctx.data.status !== 'waitlisted' || ctx.data.waitlisted_on) return;
  ctx.data.waitlisted_on = today(ctx.clock);
};

export const planServices: ResourceDeclaration<PlanService> = {
  name: 'plan_services',
  model: PlanService,
  filters: ['service_plan_id', 'category', 'status', 'requested_on', 'started_on', 'ended_on', 'priority', 'waitlisted_on', 'provider_name'],
  sorts: ['category', 'status', 'requested_on', 'started_on', 'ended_on', 'created_at'],
  defaultSort: ['requested_on', 'DESC'],
  search: ['provider_name'],
  references: { service_plan_id: 'service_plans' },
  access: { read: EVERYONE, create: PLANNERS, update: PLANNERS, delete: SYSTEM_ADMIN },
  scope: scopeByPlan(),
  beforeWrite: allOf<PlanService>(checkPlanRecordWrite, waitlistedToday),
};

export const progressReviews: ResourceDeclaration<ProgressReview> = {
  name: 'progress_reviews',
  model: ProgressReview,
  filters: ['service_plan_id', 'review_date', 'period_start', 'period_end', 'next_review_on', 'author_id'],
  sorts: ['review_date', 'period_start', 'period_end', 'next_review_on', 'created_at'],
  defaultSort: ['review_date', 'DESC'],
  search: ['summary', 'goal_progress'],
  references: { service_plan_id: 'service_plans', author_id: 'users' },
  access: { read: EVERYONE, create: PLANNERS, update: PLANNERS, delete: SYSTEM_ADMIN },
  serverFields: ['author_id'],
  scope: scopeByPlan(),
  beforeWrite: allOf<ProgressReview>(checkPlanRecordWrite, signedInUserOnCreate('author_id')),
  attachments: { column: 'progress_review_id', refuseWhenReadOnly: (db, review) => refuseClosedPlan(db, review.service_plan_id) },
};

export const monthlyCheckIns: ResourceDeclaration<MonthlyCheckIn> = {
  name: 'monthly_check_ins',
  model: MonthlyCheckIn,
  filters: ['service_plan_id', 'month', 'check_in_date', 'status', 'finalized_at', 'finalized_by', 'icm_status'],
  sorts: ['month', 'check_in_date', 'status', 'icm_status', 'finalized_at', 'created_at'],
  defaultSort: ['month', 'DESC'],
  search: ['icm_reference'],
  child: { column: 'service_plan_id', via: { table: 'service_plans', key: 'id' } },
  references: { service_plan_id: 'service_plans', finalized_by: 'users' },
  access: { read: EVERYONE, create: FRONT_LINE, update: FRONT_LINE, delete: SYSTEM_ADMIN },
  actionOnlyFields: ['status', 'finalized_at', 'finalized_by', 'icm_status', 'icm_reference'],
  lockedStatuses: ['finalized'],
  versioned: true,
  scope: scopeByPlan(),
  beforeWrite: checkCheckInWrite,
  actions: checkInActions,
  attachments: { column: 'monthly_check_in_id', refuseWhenReadOnly: refuseWhenCheckInReadOnly },
  programs: PROVIDER_PROGRAMS,
};

/** Lookup: the standard questions a new check-in starts with, maintained by system administrators. */
export const checkInQuestions: ResourceDeclaration<CheckInQuestion> = {
  name: 'check_in_questions',
  model: CheckInQuestion,
  filters: ['active'],
  sorts: ['position', 'code', 'label'],
  defaultSort: ['position', 'ASC'],
  search: ['code', 'label', 'label_fr'],
  access: { read: EVERYONE, create: SYSTEM_ADMIN, update: SYSTEM_ADMIN, delete: SYSTEM_ADMIN },
  scope: scopeAll,
  programs: PROVIDER_PROGRAMS,
};

export const dailyLogs: ResourceDeclaration<DailyLog> = {
  name: 'daily_logs',
  model: DailyLog,
  filters: ['placement_id', 'log_date', 'shift'],
  child: { column: 'placement_id', via: { table: 'placements', key: 'id' } },
  sorts: ['log_date', 'shift', 'placement_id', 'created_at'],
  defaultSort: ['log_date', 'DESC'],
  references: { placement_id: 'placements' },
  access: { read: EVERYONE, create: FRONT_LINE, update: FRONT_LINE, delete: SYSTEM_ADMIN },
  versioned: true,
  scope: scopeByPlacement(),
  attachments: { column: 'daily_log_id' },
  programs: PROVIDER_PROGRAMS,
};

/** Each staff member edits its own entry; programme managers (and up) may edit any. */
const authorEditsOwnEntry: WriteHook<DailyLogEntry> = (ctx) => {
  if (ctx.action !== 'update') return;
  if (canEditLogEntry(ctx.before ?? {}, ctx.user)) return;
  throw new ForbiddenError(say('daily_log_own_entries'));
};

export const dailyLogEntries: ResourceDeclaration<DailyLogEntry> = {
  name: 'daily_log_entries',
  model: DailyLogEntry,
  filters: ['daily_log_id', 'author_id', 'created_at', 'updated_at'],
  sorts: ['created_at', 'updated_at', 'author_id'],
  defaultSort: ['created_at', 'ASC'],
  references: { daily_log_id: 'daily_logs', author_id: 'users' },
  access: { read: EVERYONE, create: FRONT_LINE, update: FRONT_LINE, delete: SYSTEM_ADMIN },
  serverFields: ['author_id'],
  versioned: true,
  scope: scopeDailyLogEntries,
  beforeWrite: allOf<DailyLogEntry>(signedInUserOnCreate('author_id'), authorEditsOwnEntry),
  largeText: { body: { previewChars: 2000, maxBytes: LOG_ENTRY_MAX_BYTES } },
  programs: PROVIDER_PROGRAMS,
};

export const events: ResourceDeclaration<Event> = {
  name: 'events',
  model: Event,
  filters: ['child_id', 'service_plan_id', 'type', 'occurred_at', 'created_by'],
  sorts: ['occurred_at', 'type', 'title', 'child_id', 'created_at'],
  defaultSort: ['occurred_at', 'DESC'],
  search: ['title', 'description'],
  references: { child_id: 'children', service_plan_id: 'service_plans', created_by: 'users' },
  referenceFilters: { service_plan_id: { child_id: { field: 'child_id' } } },
  access: { read: EVERYONE, create: FRONT_LINE, update: FRONT_LINE, delete: SYSTEM_ADMIN },
  serverFields: ['created_by'],
  scope: scopeByChild(),
  beforeWrite: allOf<Event>(signedInUserOnCreate('created_by'), checkEventWrite),
  attachments: { column: 'event_id', refuseWhenReadOnly: (db, event) => refuseClosedPlan(db, event.service_plan_id) },
};

export const tasks: ResourceDeclaration<Task> = {
  name: 'tasks',
  model: Task,
  filters: ['child_id', 'service_plan_id', 'assigned_to', 'status', 'due_on'],
  sorts: ['due_on', 'status', 'title', 'assigned_to', 'created_at'],
  defaultSort: ['due_on', 'ASC'],
  search: ['title'],
  references: { child_id: 'children', service_plan_id: 'service_plans', assigned_to: 'users' },
  referenceFilters: { service_plan_id: { child_id: { field: 'child_id' } } },
  access: { read: EVERYONE, create: FRONT_LINE, update: FRONT_LINE, delete: SYSTEM_ADMIN },
  scope: scopeByChild(),
  beforeWrite: checkPlanRecordWrite,
};

/** A coordinator logging its own time need not name itself. */
const coordinatorDefaultsToSelf: WriteHook<ServiceActivity> = (ctx) => {
  if (ctx.action !== 'create' || ctx.user.role !== 'coordinator') return;
  if (ctx.data.coordinator_id === undefined || ctx.data.coordinator_id === null) ctx.data.coordinator_id = ctx.user.id;
};

export const serviceActivities: ResourceDeclaration<ServiceActivity> = {
  name: 'service_activities',
  model: ServiceActivity,
  filters: ['service_plan_id', 'coordinator_id', 'activity_date', 'kind', 'mode', 'hours'],
  sorts: ['activity_date', 'kind', 'mode', 'hours', 'coordinator_id', 'created_at'],
  defaultSort: ['activity_date', 'DESC'],
  search: ['note'],
  references: { service_plan_id: 'service_plans', coordinator_id: 'users' },
  access: { read: EVERYONE, create: PLANNERS, update: PLANNERS, delete: SYSTEM_ADMIN },
  scope: scopeByPlan(),
  beforeWrite: allOf<ServiceActivity>(coordinatorDefaultsToSelf, checkServiceActivityWrite),
  programs: CSP_PROGRAMS,
};

export const staffAllocations: ResourceDeclaration<StaffAllocation> = {
  name: 'staff_allocations',
  model: StaffAllocation,
  filters: ['organization_id', 'user_id', 'role', 'fte', 'start_date', 'end_date'],
  sorts: ['staff_name', 'fte', 'start_date', 'end_date', 'organization_id', 'created_at'],
  defaultSort: ['start_date', 'DESC'],
  search: ['staff_name'],
  references: { organization_id: 'organizations', user_id: 'users' },
  access: { read: EVERYONE, create: ORGANIZATION_ADMINS, update: ORGANIZATION_ADMINS, delete: ORGANIZATION_ADMINS },
  scope: scopeByOrganization(),
  beforeWrite: ownOrganizationOnly(),
  programs: CSP_PROGRAMS,
};

export const expenditures: ResourceDeclaration<Expenditure> = {
  name: 'expenditures',
  model: Expenditure,
  filters: ['organization_id', 'program', 'spent_on', 'amount'],
  sorts: ['spent_on', 'amount', 'program', 'organization_id', 'created_at'],
  defaultSort: ['spent_on', 'DESC'],
  search: ['description'],
  references: { organization_id: 'organizations' },
  access: { read: EVERYONE, create: ORGANIZATION_ADMINS, update: ORGANIZATION_ADMINS, delete: ORGANIZATION_ADMINS },
  scope: scopeByOrganization(),
  beforeWrite: ownOrganizationOnly(),
};

/** The coordinating agency's complaints register, scoped to its organisation like its CSP records. */
export const complaints: ResourceDeclaration<Complaint> = {
  name: 'complaints',
  model: Complaint,
  filters: ['organization_id', 'received_on', 'received_from', 'category', 'status', 'child_id', 'service_plan_id', 'resolved_on'],
  sorts: ['received_on', 'resolved_on', 'status', 'category', 'received_from', 'created_at', 'updated_at'],
  defaultSort: ['received_on', 'DESC'],
  search: ['about', 'complainant_name', 'resolution'],
  references: { organization_id: 'organizations', child_id: 'children', service_plan_id: 'service_plans' },
  access: { read: EVERYONE, create: PLANNERS, update: PLANNERS, delete: SYSTEM_ADMIN },
  versioned: true,
  scope: scopeByOrganization(),
  beforeWrite: allOf<Complaint>(ownOrganizationOnly(), checkComplaintWrite),
  programs: CSP_PROGRAMS,
};

export const planResources: ResourceDeclaration[] = [
  servicePlans,
  careCircleMembers,
  planServices,
  progressReviews,
  monthlyCheckIns,
  checkInQuestions,
  dailyLogs,
  dailyLogEntries,
  events,
  tasks,
  serviceActivities,
  staffAllocations,
  expenditures,
  complaints,
];
