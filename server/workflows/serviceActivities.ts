import { scopeByPlan } from '../access/scope';
import { ServicePlan } from '../models/ServicePlan';
import { RuleError } from '../errors';
import { say } from '../messages';
import type { WriteContext } from '../resources/types';
import { findVisible } from './guards';
import type { ServiceActivity } from '../models/ServiceActivity';

/**
 * CSP service time is logged against a coordinated service plan, dated from the plan's
 * initiation up to its closing. Time may be logged after the plan closed, for days before it.
 */
export async function checkServiceActivityWrite(ctx: WriteContext<ServiceActivity>): Promise<void> {
  if (ctx.action === 'delete') return;
  const { data } = ctx;
  const plan = await findVisible(ctx.trx, ctx.user, ServicePlan, scopeByPlan('id'), data.service_plan_id, 'service_plan');
  if (plan.program !== 'CSP') {
    throw new RuleError(say('activity_csp_only'), { service_plan_id: say('field_not_csp_plan') });
  }
  if (!data.activity_date) return;
  if (!plan.initiated_on || data.activity_date < plan.initiated_on) {
    const message = plan.initiated_on ? say('activity_before_initiation', { date: plan.initiated_on }) : say('activity_before_no_initiation');
    throw new RuleError(message, { activity_date: say('field_before_initiation') });
  }
  if (plan.closed_on && data.activity_date > plan.closed_on) {
    throw new RuleError(say('activity_after_close', { date: plan.closed_on }), { activity_date: say('field_after_plan_closed') });
  }
}
