import { RuleError, type FieldErrors } from '../errors';
import { say } from '../messages';
import type { ServicePlan } from '../models/ServicePlan';
import type { WriteContext } from '../resources/types';
import { today } from '../dates';
import { notInFuture } from './guards';

/**
 * A plan's risk flag (CSP: risk management): a level comes with its reason and the date the
 * risk was last reviewed (also a check constraint), and that review is not in the future.
 */
export function checkPlanRisk(ctx: WriteContext<ServicePlan>): void {
  if (ctx.action === 'delete') return;
  const { data } = ctx;
  if (data.risk_reviewed_on) notInFuture(data.risk_reviewed_on, today(ctx.clock), 'risk_reviewed_on', 'risk_review_date');
  if (!data.risk_level) return;
  const missing: FieldErrors = {};
  if (!data.risk_reason?.trim()) missing.risk_reason = say('field_required_with_risk');
  if (!data.risk_reviewed_on) missing.risk_reviewed_on = say('field_required_with_risk');
  if (Object.keys(missing).length) throw new RuleError(say('plan_risk_review'), missing);
}
