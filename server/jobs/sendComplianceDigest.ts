import type { Knex } from 'knex';
import type { MessageKey } from '../../contract/messages';
import type { ComplianceRule } from '../../contract/enums';
import { ORGANIZATION_ROLES, type CurrentUser } from '../access/roles';
import { groupBySameScope } from '../access/scope';
import { countItemsByScopeKeys } from '../compliance/items';
import { complianceRules } from '../compliance/registry';
import { addDays } from '../dates';
import { mayDo } from '../resources/engine';
import { findResource } from '../resources/registry';
import { say, type Message } from '../messages';
import { notifyEach, type NotificationInput } from '../workflows/notifications';
import type { JobDefinition } from './types';

/**
 * The weekly compliance digest: one notification for each active user of an organisation role
 * with something outstanding — what is overdue (however long ago it fell due) and what falls
 * due in the seven days from the run date — counted over the rules whose work the user's role
 * does, in the user's own scope, exactly as its calendar shows them. A user already sent the
 * digest of this date is skipped, so a re-run sends nothing twice. Nothing is sent when the
 * job fails (one transaction).
 */
export const DIGEST_KIND = 'compliance_digest';
/** The calendar page a digest opens (dashboard route /compliance). */
export const DIGEST_PAGE = 'compliance';
const EVERYTHING_OVERDUE_FROM = '1900-01-01';

/** Each rule's line of the digest (contract/messages.ts). */
export const DIGEST_LINES = {
  shss_plan_due: 'digest_shss_plan_due',
  monthly_check_in: 'digest_monthly_check_in',
  progress_review: 'digest_progress_review',
  plan_closing: 'digest_plan_closing',
  csp_plan_inactive: 'digest_csp_plan_inactive',
  csp_referral_waiting: 'digest_csp_referral_waiting',
  support_request_draft: 'digest_support_request_draft',
} as const satisfies Record<ComplianceRule, MessageKey>;

/** The rules whose work a user's role may do. */
function rulesFor(user: CurrentUser): ComplianceRule[] {
  return complianceRules.filter((rule) => mayDo(findResource(rule.work.resource)!, user, rule.work.action)).map((rule) => rule.key);
}

function digestMessage(weekEnd: string, counts: Map<ComplianceRule, { overdue: number; due: number }>): Message[] {
  let overdue = 0;
  let due = 0;
  const lines: Message[] = [];
  for (const [rule, c] of counts) {
    overdue += c.overdue;
    due += c.due;
    lines.push(say(DIGEST_LINES[rule], { overdue: c.overdue, due: c.due }));
  }
  return [say('digest_week', { overdue, due, week_end: weekEnd }), ...lines];
}

async function sendComplianceDigest(knex: Knex, asOf: string): Promise<{ week_end: string; notified: number; already_sent: number }> {
  const weekEnd = addDays(asOf, 6);
  return knex.transaction(async (trx) => {
    const users: CurrentUser[] = await trx('users')
      .where('active', true)
      .whereIn('role', ORGANIZATION_ROLES)
      .orderBy('id')
      .select('id', 'email', 'full_name', 'role', 'organization_id');
    const sent = new Set(
      (await trx('notifications').where({ kind: DIGEST_KIND, resource: DIGEST_PAGE, record_id: asOf }).select('user_id')).map((n: { user_id: number }) => Number(n.user_id)),
    );
    const pending = users.filter((user) => !sent.has(user.id) && rulesFor(user).length > 0);
    // Every rule counted once for every group of users who see the same records, in one
    // statement: one count per user took minutes at a million children, one per group most of a minute.
    const groups = await groupBySameScope(trx, pending);
    const counted = await countItemsByScopeKeys(
      trx,
      { today: asOf, from: EVERYTHING_OVERDUE_FROM, to: weekEnd, rules: [...new Set(pending.flatMap(rulesFor))] },
      groups.map((group) => group.keys),
    );
    const deliveries: { userIds: number[]; input: NotificationInput }[] = [];
    for (const [i, group] of groups.entries()) {
      const rules = rulesFor(group.users[0]);
      const counts = new Map(rules.map((rule) => [rule, { overdue: 0, due: 0 }]));
      // the counts cover every pending user's rules: a group is told those of its role's work
      for (const cell of counted[i]) {
        const c = counts.get(cell.rule);
        if (c) c[cell.status] += cell.count;
      }
      for (const [rule, c] of counts) if (c.overdue + c.due === 0) counts.delete(rule);
      if (!counts.size) continue;
      deliveries.push({ userIds: group.users.map((user) => user.id), input: { kind: DIGEST_KIND, message: digestMessage(weekEnd, counts), resource: DIGEST_PAGE, record_id: asOf } });
    }
    const notified = await notifyEach(trx, deliveries);
    return { week_end: weekEnd, notified, already_sent: sent.size };
  });
}

export const sendComplianceDigestJob: JobDefinition = {
  name: 'send-compliance-digest',
  description: 'Tells each responsible user what is overdue and what falls due in the coming week on its compliance calendar',
  run: ({ knex, asOf }) => sendComplianceDigest(knex, asOf),
};
