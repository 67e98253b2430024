import type { Knex } from 'knex';
import { PLAN_CLOSED_REASONS } from '../../contract/enums';
import type { BaseModel } from '../models/BaseModel';
import { CASE_MANAGERS, PLANNERS } from '../access/roles';
import { scopeByPlacement, scopeByReferral } from '../access/scope';
import { ConflictError, RuleError, ValidationError } from '../errors';
import { CareCircleMember } from '../models/CareCircleMember';
import { Placement } from '../models/Placement';
import { Referral } from '../models/Referral';
import { ServicePlan } from '../models/ServicePlan';
import { actionInput, type ActionContext, type ActionDeclaration, type ActionInputField, type ActionResult, type Row, type WriteContext } from '../resources/types';
import { addDays, today } from '../dates';
import { findVisible, notInFuture, requireStatus } from './guards';
import { say, type Message } from '../messages';

/**
 * Service plans. SHSS: draft → pending_approval → in_service → closed, a refusal closing the
 * plan as `not_approved`. CSP: a draft until the family's first meeting (`initiated_on`), then in
 * service until closed with a discharge reason. Per child, programme and organisation: at most
 * one plan in service and at most one draft or pending plan; beside an SHSS plan in service, the
 * draft is its revision (a clone), whose approval closes it as `superseded`. A closed plan, and
 * everything hanging off it, is read-only.
 */
export const PLAN_TEXT_FIELDS = ['goals', 'strengths', 'needs', 'activities', 'clinical_services', 'non_clinical_services', 'strategies'] as const;

/** Days between a placement's end and the automatic closing of its plans. */
export const PLAN_CLOSES_DAYS_AFTER_PLACEMENT_END = 10;

/**
 * Closes an open plan as `placement_ended`, dated PLAN_CLOSES_DAYS_AFTER_PLACEMENT_END days after
 * its placement's end (the daily job, and the ending of a placement recorded that late): the row
 * after, or undefined when it was closed already. The caller audits it.
 */
export async function closeAsPlacementEnded(trx: Knex.Transaction, planId: number, placementEndDate: string, now: Date): Promise<Row<ServicePlan> | undefined> {
  const [after] = await trx('service_plans')
    .where({ id: planId })
    .whereNot('status', 'closed')
    .update({
      status: 'closed',
      closed_reason: 'placement_ended',
      closed_on: addDays(placementEndDate, PLAN_CLOSES_DAYS_AFTER_PLACEMENT_END),
      version: trx.raw('version + 1'),
      updated_at: now.toISOString(),
    })
    .returning('*');
  return after;
}

/** Reasons a CSP plan is discharged with (docs/domain.md's performance measures count these). */
export const CSP_DISCHARGE_REASONS = ['met_goals', 'left_catchment', 'unable_to_reach', 'family_request', 'aged_out', 'other'] as const;

const OPEN_STATUSES = ['draft', 'pending_approval', 'in_service'] as const;

function closedPlanConflict(plan: Pick<Row<ServicePlan>, 'id' | 'closed_reason' | 'closed_on'>): ConflictError {
  const { id, closed_reason: reason, closed_on: date } = plan;
  const message = !reason ? say('plan_closed', { id }) : date ? say('plan_closed_for_on', { id, reason, date }) : say('plan_closed_for', { id, reason });
  return new ConflictError(message, { service_plan_id: say('field_closed') }, 'read_only');
}

/**
 * For the records that hang off a plan (care circle, services, reviews, check-ins, events,
 * tasks): refuses any write when the plan they belong to, or are being moved to, is closed.
 */
export async function refuseWhenPlanClosed(ctx: WriteContext<BaseModel & { service_plan_id: number | null }>): Promise<void> {
  const planIds = new Set<number>();
  if (ctx.before?.service_plan_id) planIds.add(ctx.before.service_plan_id);
  if (ctx.action !== 'delete' && ctx.data.service_plan_id) planIds.add(ctx.data.service_plan_id);
  for (const planId of planIds) await refuseClosedPlan(ctx.trx, planId);
}

/** 409 when plan `planId` is closed: it, its records and their attachments are read-only. */
export async function refuseClosedPlan(db: Knex | Knex.Transaction, planId: number | null | undefined): Promise<void> {
  if (!planId) return;
  const plan = await db('service_plans').where({ id: planId }).first('id', 'status', 'closed_on', 'closed_reason');
  if (plan?.status === 'closed') throw closedPlanConflict(plan);
}

type PlanKey = Pick<Partial<Row<ServicePlan>>, 'child_id' | 'program' | 'organization_id' | 'status'>;

/** The other plans of the same child, programme and organisation that are not closed. */
async function otherOpenPlans(trx: Knex | Knex.Transaction, plan: PlanKey, ownId: number | null): Promise<Pick<Row<ServicePlan>, 'id' | 'status'>[]> {
  return trx('service_plans')
    .where({ child_id: plan.child_id, program: plan.program, organization_id: plan.organization_id })
    .whereNot('status', 'closed')
    .modify((qb) => {
      if (ownId !== null) qb.whereNot('id', ownId);
    })
    .orderBy('id')
    .select('id', 'status');
}

function openPlanConflict(message: Message): ConflictError {
  return new ConflictError(message, { child_id: say('field_has_open_plan') }, 'open_plan_exists');
}

/**
 * At most one plan in service and at most one draft or pending plan per child, programme and
 * organisation (the partial unique indexes of migration 20261201130000 hold it against races).
 * A draft or pending plan beside the plan in service must be its revision: `revision` is true
 * for a clone and for an update of a plan already there; a new plan started from nothing, and
 * any CSP plan (revised in place: it has no approval), is refused beside a plan in service.
 */
async function refuseConflictingPlan(trx: Knex | Knex.Transaction, plan: PlanKey, ownId: number | null, revision: boolean): Promise<void> {
  // An incomplete plan has nothing to compare yet: the schema check after the rules names what is missing.
  if (plan.child_id == null || plan.program == null || plan.organization_id == null) return;
  const status = plan.status ?? 'draft';
  if (status === 'closed') return;
  const others = await otherOpenPlans(trx, plan, ownId);
  const inService = others.find((p) => p.status === 'in_service');
  const drafted = others.find((p) => p.status !== 'in_service');
  const program = plan.program;
  if (status === 'in_service' && inService) {
    throw openPlanConflict(say('plan_in_service_exists', { program, id: inService.id }));
  }
  if (status !== 'in_service' && drafted) {
    throw openPlanConflict(say('plan_drafted_exists', { status: drafted.status, program, id: drafted.id }));
  }
  if (status !== 'in_service' && inService && !(revision && plan.program === 'SHSS')) {
    throw openPlanConflict(
      plan.program === 'SHSS'
        ? say('plan_revise_with_clone', { program, id: inService.id })
        : say('plan_csp_revised_in_place', { program, id: inService.id }),
    );
  }
}

/** beforeWrite of service_plans: parents, derived fields, read-only closed plans, one open plan. */
export async function checkServicePlanWrite(ctx: WriteContext<ServicePlan>): Promise<void> {
  const { trx, user, action, before, data } = ctx;
  if (before?.status === 'closed' && (action === 'update' || user.role !== 'system_admin')) throw closedPlanConflict(before);
  if (action === 'delete') return;

  if (data.program === 'SHSS') {
    if (!data.placement_id) throw new ValidationError(say('shss_plan_needs_placement'), { placement_id: say('field_required') });
    const placement = await findVisible(trx, user, Placement, scopeByPlacement('id'), data.placement_id, 'placement');
    if (data.child_id !== undefined && placement.child_id !== data.child_id) {
      throw new RuleError(say('placement_other_child', { id: placement.id }), { placement_id: say('field_other_child_placement') });
    }
    data.child_id ??= placement.child_id;
    const place = await trx('places_of_service').where({ id: placement.place_of_service_id }).first('organization_id');
    if (data.organization_id != null && data.organization_id !== place.organization_id) {
      throw new RuleError(say('shss_plan_organization'), { organization_id: say('field_placement_organization') });
    }
    data.organization_id = place.organization_id;
  } else if (data.program === 'CSP') {
    if (!data.referral_id) throw new ValidationError(say('csp_plan_needs_referral'), { referral_id: say('field_required') });
    const referral = await findVisible(trx, user, Referral, scopeByReferral('id'), data.referral_id, 'referral');
    const covered = await trx('referral_children').where({ referral_id: referral.id, child_id: data.child_id ?? null }).first('id');
    if (!covered) throw new RuleError(say('referral_not_covering', { id: referral.id }), { referral_id: say('field_not_covering_child') });
    if (data.organization_id != null && data.organization_id !== referral.organization_id) {
      throw new RuleError(say('csp_plan_organization'), { organization_id: say('field_referral_organization') });
    }
    data.organization_id = referral.organization_id;
    const adminChoseStatus = action === 'create' && user.role === 'system_admin' && data.status != null;
    if (!adminChoseStatus && ['draft', 'in_service', undefined, null].includes(data.status)) {
      data.status = data.initiated_on ? 'in_service' : 'draft';
    }
  }

  checkStateFields(data);
  await refuseConflictingPlan(trx, data, before?.id ?? null, action === 'update');
}

/** What a plan created in a given state (data migration) must carry, with a clear message. */
function checkStateFields(data: Partial<Row<ServicePlan>>): void {
  const status = data.status ?? 'draft';
  if (status === 'in_service' && data.program === 'SHSS' && (!data.approved_on || !data.approved_by)) {
    throw new RuleError(say('plan_in_service_approval'), {
      ...(data.approved_on ? {} : { approved_on: say('field_required_in_service') }),
      ...(data.approved_by ? {} : { approved_by: say('field_required_in_service') }),
    });
  }
  if (status === 'closed' && (!data.closed_on || !data.closed_reason)) {
    throw new RuleError(say('plan_closed_fields'), {
      ...(data.closed_on ? {} : { closed_on: say('field_required_when_closed') }),
      ...(data.closed_reason ? {} : { closed_reason: say('field_required_when_closed') }),
    });
  }
  if (status !== 'closed' && (data.closed_on || data.closed_reason)) {
    throw new RuleError(say('plan_closed_fields_only'), { status: say('field_not_closed') });
  }
}

type PlanAction<Fields extends readonly ActionInputField[] = []> = ActionContext<ServicePlan, Fields>;
type PlanResult = Promise<ActionResult<ServicePlan>>;

function requireShss(plan: { program: string }, action: 'plan_shss_only_submitted' | 'plan_shss_only_approved' | 'plan_shss_only_refused'): void {
  if (plan.program !== 'SHSS') {
    throw new RuleError(say(action), { program: say('field_not_shss') });
  }
}

async function submit(ctx: PlanAction): PlanResult {
  requireShss(ctx.record, 'plan_shss_only_submitted');
  requireStatus('plan', ctx.record, ['draft'], 'submitted');
  if (!ctx.record.goals || !String(ctx.record.goals).trim()) {
    throw new RuleError(say('plan_goals_required'), { goals: say('field_required_to_submit') });
  }
  return { patch: { status: 'pending_approval' } };
}

const APPROVE_INPUT = actionInput([
  { name: 'approved_by', type: 'string', required: true },
  { name: 'approved_on', type: 'date', required: true },
]);

async function approve(ctx: PlanAction<typeof APPROVE_INPUT>): PlanResult {
  requireShss(ctx.record, 'plan_shss_only_approved');
  requireStatus('plan', ctx.record, ['pending_approval'], 'approved');
  const { approved_by, approved_on } = ctx.input;
  notInFuture(approved_on, today(ctx.clock), 'approved_on', 'approval_date');
  await supersedePlanInService(ctx, approved_on);
  return { patch: { status: 'in_service', approved_by, approved_on } };
}

/**
 * An approved revision replaces the plan in service it revises: that plan closes as
 * `superseded` on the approval date, in the approval's transaction and before the revision
 * goes in service (the in-service index allows one at a time). A refused revision leaves it
 * in service.
 */
async function supersedePlanInService(ctx: PlanAction<typeof APPROVE_INPUT>, approvedOn: string): Promise<void> {
  const revision = ctx.record;
  const current: Row<ServicePlan> | undefined = await ctx.trx('service_plans')
    .where({ child_id: revision.child_id, program: revision.program, organization_id: revision.organization_id, status: 'in_service' })
    .whereNot('id', revision.id)
    .forUpdate()
    .first();
  if (!current) return;
  if (current.approved_on && approvedOn < current.approved_on) {
    throw new RuleError(say('revision_approved_too_early', { id: current.id, date: current.approved_on }), {
      approved_on: say('field_on_or_after', { date: current.approved_on }),
    });
  }
  const [after] = await ctx.trx('service_plans')
    .where({ id: current.id })
    .update({ status: 'closed', closed_reason: 'superseded', closed_on: approvedOn, version: current.version + 1, updated_at: ctx.clock().toISOString() })
    .returning('*');
  await ctx.audit({ action: 'supersede', resource: 'service_plans', record_id: current.id, before: current, after: { ...after, superseded_by: revision.id } });
}

const REFUSE_INPUT = actionInput([{ name: 'closed_on', type: 'date' }]);

async function refuse(ctx: PlanAction<typeof REFUSE_INPUT>): PlanResult {
  requireShss(ctx.record, 'plan_shss_only_refused');
  requireStatus('plan', ctx.record, ['pending_approval'], 'refused');
  const closedOn = ctx.input.closed_on ?? today(ctx.clock);
  notInFuture(closedOn, today(ctx.clock), 'closed_on', 'refusal_date');
  return { patch: { status: 'closed', closed_reason: 'not_approved', closed_on: closedOn } };
}

/** The reasons `close` takes, by programme: a CSP plan is discharged; `not_approved` is `refuse`'s. */
export const CLOSING_REASONS = {
  SHSS: PLAN_CLOSED_REASONS.filter((r) => r !== 'not_approved'),
  CSP: CSP_DISCHARGE_REASONS,
} as const satisfies Record<ServicePlan['program'], readonly string[]>;

const CLOSE_INPUT = actionInput([
  { name: 'closed_on', type: 'date', required: true },
  { name: 'closed_reason', type: 'string', required: true, enumBy: { field: 'program', choices: CLOSING_REASONS } },
]);

async function close(ctx: PlanAction<typeof CLOSE_INPUT>): PlanResult {
  const plan = ctx.record;
  requireStatus('plan', plan, OPEN_STATUSES, 'closed');
  const { closed_on, closed_reason } = ctx.input;
  notInFuture(closed_on, today(ctx.clock), 'closed_on', 'closing_date');
  const start = plan.program === 'CSP' ? plan.initiated_on : plan.approved_on;
  if (start && closed_on < start) {
    const message = plan.program === 'CSP' ? say('plan_closed_before_initiated', { date: start }) : say('plan_closed_before_approved', { date: start });
    throw new RuleError(message, { closed_on: say('field_on_or_after', { date: start }) });
  }
  return { patch: { status: 'closed', closed_on, closed_reason } };
}

/** The texts a clone copies: its form starts with the plan's own, which the user may change. */
const CLONE_INPUT = actionInput(PLAN_TEXT_FIELDS.map((name) => ({ name, type: 'text', fromRecord: true }) as const));

/** The draft a clone of `source` starts as, before its texts. */
function cloneOf(source: Row<ServicePlan>): Partial<Row<ServicePlan>> {
  return {
    child_id: source.child_id,
    program: source.program,
    organization_id: source.organization_id,
    placement_id: source.placement_id,
    referral_id: source.referral_id,
    coordinator_id: source.coordinator_id,
    status: 'draft',
    cloned_from_id: source.id,
  };
}

/**
 * Whether `clone` would be accepted: its one rule is refuseConflictingPlan's, asked the same
 * way (a draft or pending plan, a CSP plan beside one in service, a plan beside another draft
 * are refused).
 */
async function cloneAccepted({ db, record }: { db: Knex | Knex.Transaction; record: Row<ServicePlan> }): Promise<boolean> {
  try {
    await refuseConflictingPlan(db, cloneOf(record), null, true);
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}

/**
 * A new draft with the plan's texts and active care circle. Cloning the SHSS plan in service
 * starts its revision; cloning a closed plan (a refused revision, say) starts a plan again.
 */
async function clone(ctx: PlanAction<typeof CLONE_INPUT>): PlanResult {
  const source = ctx.record;
  const copy = cloneOf(source);
  for (const field of PLAN_TEXT_FIELDS) copy[field] = ctx.input[field];
  await refuseConflictingPlan(ctx.trx, copy, null, true);
  const created = await ServicePlan.query(ctx.trx).insertAndFetch(copy as Partial<ServicePlan>);
  await ctx.audit({ action: 'create', resource: 'service_plans', record_id: created.id, after: created.toJSON() });

  const members = await CareCircleMember.query(ctx.trx).where({ service_plan_id: source.id, is_active: true }).orderBy('id');
  for (const member of members) {
    const copied = await CareCircleMember.query(ctx.trx).insertAndFetch({
      service_plan_id: created.id,
      name: member.name,
      role: member.role,
      organization_name: member.organization_name,
      email: member.email,
      phone: member.phone,
      is_active: true,
      joined_on: member.joined_on,
      left_on: null,
    } as Partial<CareCircleMember>);
    await ctx.audit({ action: 'create', resource: 'care_circle_members', record_id: copied.id, after: copied.toJSON() });
  }
  return { record: created };
}

export const servicePlanActions: readonly ActionDeclaration<ServicePlan>[] = [
  { name: 'submit', label: 'Submit for approval', roles: CASE_MANAGERS, fromStatus: ['draft'], run: submit },
  { name: 'approve', label: 'Record approval', roles: CASE_MANAGERS, fromStatus: ['pending_approval'], input: APPROVE_INPUT, run: approve },
  { name: 'refuse', label: 'Record refusal', roles: CASE_MANAGERS, fromStatus: ['pending_approval'], input: REFUSE_INPUT, run: refuse },
  { name: 'close', label: 'Close plan', roles: PLANNERS, fromStatus: OPEN_STATUSES, input: CLOSE_INPUT, run: close },
  { name: 'clone', label: 'Clone into a new draft', roles: PLANNERS, fromStatus: ['in_service', 'closed'], input: CLONE_INPUT, accepted: cloneAccepted, run: clone },
];
