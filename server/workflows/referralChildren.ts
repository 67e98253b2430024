import { PRIORITIES } from '../../contract/enums';
import { PLANNERS } from '../access/roles';
import { RuleError } from '../errors';
import { say } from '../messages';
import type { ReferralChild } from '../models/ReferralChild';
import { actionInput, type ActionContext, type ActionDeclaration, type ActionResult } from '../resources/types';

/**
 * A referred child's priority on the waiting list for CSP initiation (the list of the
 * wait-times report and the coordinator's home): set by the coordinator with a reason, audited
 * by the action's own audit row (before → after), never by a plain PUT.
 */
const SET_PRIORITY_INPUT = actionInput([
  { name: 'priority', type: 'string', required: true, enum: PRIORITIES },
  { name: 'priority_reason', type: 'text', required: true, maxLength: 1000 },
]);

async function setPriority(ctx: ActionContext<ReferralChild, typeof SET_PRIORITY_INPUT>): Promise<ActionResult<ReferralChild>> {
  const referral = await ctx.trx('referrals').where({ id: ctx.record.referral_id }).first('program');
  if (referral.program !== 'CSP') {
    throw new RuleError(say('priority_csp_only'), { referral_id: say('field_not_csp_referral') });
  }
  return { patch: { priority: ctx.input.priority, priority_reason: ctx.input.priority_reason } };
}

export const referralChildActions: readonly ActionDeclaration<ReferralChild>[] = [
  { name: 'set_priority', label: 'Set waiting-list priority', roles: PLANNERS, input: SET_PRIORITY_INPUT, run: setPriority },
];
