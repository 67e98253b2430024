import { scopeByPlan } from '../access/scope';
import { ServicePlan } from '../models/ServicePlan';
import { RuleError } from '../errors';
import { say } from '../messages';
import type { Row, WriteContext } from '../resources/types';
import { dateInZone } from '../dates';
import { findVisible } from './guards';
import { refuseWhenPlanClosed } from './servicePlans';
import type { Event } from '../models/Event';

/**
 * Events. Meetings and incidents must name the child's plan that was in service on the day they
 * occurred, the day as the programme's families and staff live it (SHSS in British Columbia,
 * CSP in Ontario). Events of a closed plan are read-only like the rest of it.
 */
export const EVENT_TYPES_NEEDING_PLAN = ['meeting', 'incident', 'critical_incident'] as const;

const PROGRAM_TIME_ZONES: Record<string, string> = { SHSS: 'America/Vancouver', CSP: 'America/Toronto' };

/** Whether a plan was in service on `date`: approved (SHSS) or initiated (CSP) by then, and not closed before it. */
export function wasInServiceOn(plan: Pick<Row<ServicePlan>, 'status' | 'closed_reason' | 'program' | 'initiated_on' | 'approved_on' | 'closed_on'>, date: string): boolean {
  if (plan.status === 'draft' || plan.status === 'pending_approval' || plan.closed_reason === 'not_approved') return false;
  const start = plan.program === 'CSP' ? plan.initiated_on : plan.approved_on;
  if (!start || date < start) return false;
  return !plan.closed_on || date <= plan.closed_on;
}

/** beforeWrite of events. */
export async function checkEventWrite(ctx: WriteContext<Event>): Promise<void> {
  await refuseWhenPlanClosed(ctx);
  if (ctx.action === 'delete') return;
  const { data, user } = ctx;

  const needsPlan = data.type !== undefined && (EVENT_TYPES_NEEDING_PLAN as readonly string[]).includes(data.type);
  const kind = data.type ?? '';
  if (!data.service_plan_id) {
    if (needsPlan) {
      throw new RuleError(say('event_needs_plan', { kind }), { service_plan_id: say('field_required_for_kind', { kind }) });
    }
    return;
  }
  const plan = await findVisible(ctx.trx, user, ServicePlan, scopeByPlan('id'), data.service_plan_id, 'service_plan');
  if (plan.child_id !== data.child_id) {
    throw new RuleError(say('plan_other_child', { id: plan.id }), { service_plan_id: say('field_other_child_plan') });
  }
  if (!needsPlan || typeof data.occurred_at !== 'string' || Number.isNaN(Date.parse(data.occurred_at))) return;
  const day = dateInZone(data.occurred_at, PROGRAM_TIME_ZONES[plan.program] ?? 'UTC');
  if (!wasInServiceOn(plan, day)) {
    throw new RuleError(say('event_plan_not_in_service', { id: plan.id, date: day, status: plan.status, kind }), {
      service_plan_id: say('field_not_in_service_on', { date: day }),
    });
  }
}
