import { scopeByPlan } from '../access/scope';
import { ServicePlan } from '../models/ServicePlan';
import { RuleError } from '../errors';
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
  const plan = await findVisible(ctx.trx, ctx.user, ServicePlan, scopeByPlan('id'), data.service_plan_id, 'service plan');
  if (plan.program !== 'CSP') {
    throw new RuleError('Service time is logged against a coordinated service plan (CSP)', { service_plan_id: 'is not a CSP plan' });
  }
  if (!data.activity_date) return;
  if (!plan.initiated_on || data.activity_date < plan.initiated_on) {
    const when = plan.initiated_on ? `it was initiated on ${plan.initiated_on}` : 'it has no initiation date yet';
    throw new RuleError(`Service time cannot be dated before the plan's initiation (${when})`, { activity_date: 'is before the initiation' });
  }
  if (plan.closed_on && data.activity_date > plan.closed_on) {
    throw new RuleError(`The plan closed on ${plan.closed_on}; service time cannot be dated after that`, { activity_date: 'is after the plan closed' });
  }
}
