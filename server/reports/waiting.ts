/**
 * The eligible referral children with no CSP plan for that child and referral initiated on or
 * before `date`: never initiated, or first initiated after it, as two reads of one partial index.
 */
export function notInitiatedBy(date: string): string {
  return `select referral_id, child_id, eligibility_decided_on, closed_on from referral_children
           where eligibility = 'eligible' and csp_initiated_on is null
          union all
          select referral_id, child_id, eligibility_decided_on, closed_on from referral_children
           where eligibility = 'eligible' and csp_initiated_on > ${date}::date`;
}
