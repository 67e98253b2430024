import { sql } from '../../db/sql';
import { itemSelect, resourceName, settingDays, type ComplianceRuleDefinition } from '../types';

/**
 * An eligible CSP referral child waiting for initiation (the measures' "waiting": decided
 * eligible, not closed, no CSP plan for the child and referral initiated yet) should be
 * initiated within `csp_wait_target_days` of the referral date: due then, overdue after.
 * Read from `rollup_csp_waits` (docs/reports.md "Children waiting from the rollup"), kept in the
 * writing transaction: a row per eligible CSP referral child with its referral's date and
 * organisation, waiting while `waits_until` (the earlier of its initiation and its closing) is
 * after today — one index range instead of a probe of every CSP referral of the window's
 * children (62 k at a million children).
 */
export const cspReferralWaiting: ComplianceRuleDefinition = {
  key: 'csp_referral_waiting',
  resource: 'referral_children',
  description: 'An eligible CSP referral initiated within csp_wait_target_days days of the referral date',
  work: { resource: 'service_plans', action: 'create' },
  items: ({ today, from, to, inScope }) => sql`
    ${itemSelect('csp_referral_waiting', {
      due_on: sql`w.referral_date + ${settingDays('csp_wait_target_days')}`,
      resource: resourceName('referral_children'),
      record_id: sql`w.referral_child_id`,
      child_id: sql`w.child_id`,
      organization_id: sql`w.organization_id`,
      place_of_service_id: sql`null`,
    })}
    from rollup_csp_waits w
    where w.waits_until > ${today}::date and w.eligibility_decided_on <= ${today}::date
      and w.referral_date between ${from}::date - ${settingDays('csp_wait_target_days')} and ${to}::date - ${settingDays('csp_wait_target_days')}
      and ${inScope('w.referral_child_id')}`,
};
