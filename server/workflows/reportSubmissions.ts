import type { Knex } from 'knex';
import { SYSTEM_ADMIN } from '../access/roles';
import { ConflictError } from '../errors';
import { say } from '../messages';
import type { ReportSubmission } from '../models';
import { actionInput, type ActionContext, type ActionDeclaration, type ActionResult } from '../resources/types';

/**
 * The one change a submission takes: a system administrator withdraws it, with a reason,
 * which the engine audits with the record before and after. The database refuses every other
 * change to a submission (migration 20261201160000); the setting below, for this transaction
 * only, lets the withdrawal's update of the three withdrawal columns through. A withdrawn
 * submission stays, read-only, in the history; the latest revision not withdrawn is current.
 */
const WITHDRAW_INPUT = actionInput([{ name: 'reason', type: 'text', required: true, maxLength: 2000 }]);

async function allowWithdrawal(trx: Knex.Transaction): Promise<void> {
  await trx.raw(`select set_config('portal.report_submission_withdrawal', 'on', true)`);
}

async function withdraw(ctx: ActionContext<ReportSubmission, typeof WITHDRAW_INPUT>): Promise<ActionResult<ReportSubmission>> {
  if (ctx.record.withdrawn_at) throw new ConflictError(say('submission_withdrawn', { date: String(ctx.record.withdrawn_at) }), {}, 'wrong_state');
  await allowWithdrawal(ctx.trx);
  return { patch: { withdrawn_at: ctx.clock().toISOString(), withdrawn_by: ctx.user.id, withdrawal_reason: ctx.input.reason } };
}

export const reportSubmissionActions: readonly ActionDeclaration<ReportSubmission>[] = [
  { name: 'withdraw', label: 'Withdraw submission', roles: SYSTEM_ADMIN, input: WITHDRAW_INPUT, run: withdraw },
];
