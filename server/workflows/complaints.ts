import { scopeByPlan } from '../access/scope';
import { RuleError } from '../errors';
import { say } from '../messages';
import type { Complaint } from '../models/Complaint';
import { ServicePlan } from '../models/ServicePlan';
import type { WriteContext } from '../resources/types';
import { today } from '../dates';
import { findVisible, notInFuture } from './guards';

/**
 * The complaints register (CSP: risk and complaints management). A complaint is received on a
 * date, by the caller's organisation unless a global role names one; it may name a child and a
 * plan of that organisation; it is closed — `resolved` (with its resolution) or `withdrawn` —
 * on `resolved_on`, which defaults to today, and reopening it clears that date.
 */
const CLOSED = ['resolved', 'withdrawn'];

export async function checkComplaintWrite(ctx: WriteContext<Complaint>): Promise<void> {
  if (ctx.action === 'delete') return;
  const { data, before } = ctx;
  const todayDate = today(ctx.clock);
  if (ctx.action === 'create' && data.organization_id == null && ctx.user.organization_id != null) data.organization_id = ctx.user.organization_id;
  if (data.received_on) notInFuture(data.received_on, todayDate, 'received_on', 'date_received');

  const status = data.status ?? 'open';
  if (CLOSED.includes(status)) {
    data.resolved_on ??= todayDate;
    notInFuture(data.resolved_on, todayDate, 'resolved_on', 'resolution_date');
    if (data.received_on && data.resolved_on < data.received_on) {
      throw new RuleError(say('complaint_closed_before_received', { date: data.received_on }), { resolved_on: say('field_on_or_after', { date: data.received_on }) });
    }
    if (status === 'resolved' && !data.resolution?.trim()) {
      throw new RuleError(say('complaint_resolution_required'), { resolution: say('field_required_when_resolved') });
    }
  } else if (data.resolved_on) {
    if (before?.resolved_on !== data.resolved_on) {
      throw new RuleError(say('complaint_open_no_resolution', { status }), { resolved_on: say('field_empty_while', { status }) });
    }
    data.resolved_on = null;
  }

  if (data.service_plan_id) {
    const plan = await findVisible(ctx.trx, ctx.user, ServicePlan, scopeByPlan('id'), data.service_plan_id, 'service_plan');
    if (plan.organization_id !== data.organization_id) {
      throw new RuleError(say('plan_other_organization', { id: plan.id }), { service_plan_id: say('field_other_organization_plan') });
    }
    if (data.child_id != null && data.child_id !== plan.child_id) {
      throw new RuleError(say('plan_other_child', { id: plan.id }), { service_plan_id: say('field_other_child_plan') });
    }
    data.child_id = plan.child_id;
  }
}
