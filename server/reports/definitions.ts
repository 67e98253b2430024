import { organizationFilter } from './types';

/**
 * The SQL definitions several reports share, written once so the reports agree by
 * construction: the CSP measures and the wait times count the same initiations and the same
 * waiting children, the CSP measures and the active plans the same activity window, the
 * payment summary report and the payment_summaries rollup the same sums. Each is a fragment
 * with named parameters (`:from`, `:to`, `:organization_id`) of the statement it goes in.
 */

/**
 * CTE `first_initiations (child_id, initiated_on, referral_id)`: each child once, at its
 * earliest CSP initiation between :from and :to (the lowest plan id on a tie), with the
 * referral of that plan for the wait.
 */
export function firstInitiationsCte(organizationId: number | null): string {
  return `first_initiations as (
  select distinct on (p.child_id) p.child_id, p.initiated_on, p.referral_id
  from service_plans p
  where p.program = 'CSP' and p.initiated_on between :from::date and :to::date ${organizationFilter('p.organization_id', organizationId)}
  order by p.child_id, p.initiated_on, p.id
)`;
}

/**
 * The eligible referral children with no CSP plan for that child and referral initiated on or
 * before `date`: never initiated, or first initiated after it, as two reads of one partial index
 * (`referral_children.csp_initiated_on`, kept by triggers, is the first such initiation).
 */
function notInitiatedBy(date: string): string {
  return `select referral_id, child_id, eligibility_decided_on, closed_on from referral_children
           where eligibility = 'eligible' and csp_initiated_on is null
          union all
          select referral_id, child_id, eligibility_decided_on, closed_on from referral_children
           where eligibility = 'eligible' and csp_initiated_on > ${date}::date`;
}

/**
 * Rows `(child_id, referral_id, referral_date, organization_id)` of the children waiting for CSP
 * initiation on `date`, one per waiting referral: eligible (decided on or before `date`) on a
 * CSP referral dated on or before `date` and not closed on or before it, with no CSP plan for
 * that child and referral initiated on or before `date`. A child waits on one or more referrals.
 */
export function waitingOn(date: string, organizationId: number | null): string {
  return `select rc.child_id, rc.referral_id, r.referral_date, r.organization_id
from (${notInitiatedBy(date)}) rc
join referrals r on r.id = rc.referral_id
where r.program = 'CSP' and r.referral_date <= ${date}::date ${organizationFilter('r.organization_id', organizationId)}
  and rc.eligibility_decided_on <= ${date}::date
  and (rc.closed_on is null or rc.closed_on > ${date}::date)`;
}

/**
 * The start of DOMAIN.md's six-month activity window ending on `date` (a SQL date
 * expression): activity counts when dated after it and on or before `date`. PostgreSQL's
 * interval arithmetic clips to the month's last day (2025-08-31 − 6 months = 2025-02-28).
 */
export function activityWindowStart(date: string): string {
  return `(${date} - interval '6 months')::date`;
}

/**
 * Sums of payments `p`, by DOMAIN.md's payment summary: the kinds and `total` count live
 * payments (scheduled and paid, what is owed: total = paid + scheduled), `cancelled` the
 * cancelled ones, `payment_count` every payment, cancelled ones included.
 */
export const PAYMENT_SUMS = {
  base: `coalesce(sum(p.amount) filter (where p.kind = 'base' and p.status <> 'cancelled'), 0)`,
  support: `coalesce(sum(p.amount) filter (where p.kind = 'support' and p.status <> 'cancelled'), 0)`,
  transition_in: `coalesce(sum(p.amount) filter (where p.kind = 'transition_in' and p.status <> 'cancelled'), 0)`,
  total: `coalesce(sum(p.amount) filter (where p.status <> 'cancelled'), 0)`,
  paid: `coalesce(sum(p.amount) filter (where p.status = 'paid'), 0)`,
  scheduled: `coalesce(sum(p.amount) filter (where p.status = 'scheduled'), 0)`,
  cancelled: `coalesce(sum(p.amount) filter (where p.status = 'cancelled'), 0)`,
  payment_count: 'count(*)::int',
} as const;
