import { sql } from '../../db/sql';
import { itemSelect, resourceName, settingDays, type ComplianceRuleDefinition } from '../types';

/**
 * An eligible CSP referral child waiting for initiation (the measures' "waiting": decided
 * eligible, not closed, no CSP plan for the child and referral initiated yet) should be
 * initiated within `csp_wait_target_days` of the referral date: due then, overdue after.
 */
export const cspReferralWaiting: ComplianceRuleDefinition = {
  key: 'csp_referral_waiting',
  resource: 'referral_children',
  description: 'An eligible CSP referral initiated within csp_wait_target_days days of the referral date',
  work: { resource: 'service_plans', action: 'create' },
  items: ({ today, from, to, inScope }) => sql`
    ${itemSelect('csp_referral_waiting', {
      due_on: sql`r.referral_date + ${settingDays('csp_wait_target_days')}`,
      resource: resourceName('referral_children'),
      record_id: sql`referral_children.id`,
      child_id: sql`referral_children.child_id`,
      organization_id: sql`r.organization_id`,
      place_of_service_id: sql`null`,
    })}
    from referral_children
    join referrals r on r.id = referral_children.referral_id
    where r.program = 'CSP' and referral_children.eligibility = 'eligible'
      and referral_children.eligibility_decided_on <= ${today}::date
      and (referral_children.closed_on is null or referral_children.closed_on > ${today}::date)
      and (referral_children.csp_initiated_on is null or referral_children.csp_initiated_on > ${today}::date)
      and r.referral_date between ${from}::date - ${settingDays('csp_wait_target_days')} and ${to}::date - ${settingDays('csp_wait_target_days')}
      and ${inScope('referral_children.id')}`,
};
