import { PRIORITIES } from '../../contract/enums';
import { organizationFilter } from './types';

/**
 * The SQL definitions several reports share, written once so the reports agree by
 * construction: the CSP measures and the wait times count the same initiations and the same
 * waiting children, the CSP measures and the active plans the same activity window, the
 * payment summary report and the payment_summaries rollup the same sums. Each is a fragment
 * with named parameters (`:from`, `:to`, `:organization_id`) of the statement it goes in.
 */

/**
 * CTE `first_initiations (child_id, initiated_on, referral_id, plan_id)`: each child once, at its
 * earliest CSP initiation between :from and :to (the lowest plan id on a tie), with the
 * referral of that plan for the wait.
 */
export function firstInitiationsCte(organizationId: number | null): string {
  return `first_initiations as (
  select distinct on (p.child_id) p.child_id, p.initiated_on, p.referral_id, p.id as plan_id
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
 * The place of `priority` (a text column) in the priority order (urgent, high, routine —
 * contract/enums.ts PRIORITIES) that waiting lists are sorted in; the indexes of migrations
 * 20261208100000 and 20261209100000 hold the same expression.
 */
export const priorityRank = (priority: string) => `array_position(array[${PRIORITIES.map((p) => `'${p}'`).join(', ')}]::text[], ${priority})`;

/** The rows of a rollup `r` keyed by organisation (null: every organisation) for `:organization_id`. */
export const scopeRows = (organizationId: number | null) => (organizationId === null ? 'r.organization_id is null' : 'r.organization_id = :organization_id');

/**
 * `total`, the number of children waiting on `date` (waitingOn, each child once), from the
 * waiting-days rollup (migration 20261204100001): the sum of the day-by-day changes in their
 * number up to it — a few thousand rows at most, however many children wait.
 */
export function rolledUpWaitingTotalSql(organizationId: number | null, date: string): string {
  return `select coalesce(sum(r.children), 0)::int as total
from rollup_csp_waiting_days r
where ${scopeRows(organizationId)} and r.day <= ${date}::date`;
}

/**
 * CTE `initiation_waits (child_id, plan_id, initiated_on, referral_id, referral_date, days)`
 * after `first_initiations`: each initiation with the referral of its plan and the days from
 * that referral to the initiation — the rows of the CSP measures' initiations and waits and of
 * the wait-times report.
 */
export const INITIATION_WAITS_CTE = `initiation_waits as (
  select fi.child_id, fi.plan_id, fi.initiated_on, fi.referral_id, r.referral_date, fi.initiated_on - r.referral_date as days
  from first_initiations fi
  left join referrals r on r.id = fi.referral_id
)`;

/** The detail line of an initiation row of `initiation_waits` (alias `iw`). */
export const INITIATION_DETAIL = `concat('CSP plan ', iw.plan_id, ' initiated on ', iw.initiated_on, ', referral ', iw.referral_id,
  ' of ', iw.referral_date, ': ', iw.days, ' days waited')`;

/**
 * Rows `(child_id, referral_id, referral_date, organization_id)`: the children waiting on
 * `date` (waitingOn), each once with its longest wait — the earliest waiting referral (the
 * lowest id on a tie).
 */
export function longestWaitsSql(date: string, organizationId: number | null): string {
  return `select distinct on (w.child_id) w.child_id, w.referral_id, w.referral_date, w.organization_id
from (${waitingOn(date, organizationId)}) w
order by w.child_id, w.referral_date, w.referral_id`;
}

/** Explanation rows of the children waiting on `:as_of`: one per child, its longest wait in `detail`. */
export function waitingRowsSql(organizationId: number | null): string {
  return `select 'child' as unit, w.child_id as id, w.child_id, w.referral_date as date, 1 as contribution,
       concat('Eligible on referral ', w.referral_id, ' of ', w.referral_date, ', not initiated: ',
              :as_of::date - w.referral_date, ' days waited on ', :as_of::date) as detail
from (${longestWaitsSql(':as_of', organizationId)}) w`;
}

/**
 * The latest CSP activity of plan `p` dated after `after` and on or before `upTo` (SQL date
 * expressions): its initiation or one of its service activities; null when there is none, i.e.
 * when the plan has no CSP activity in that window. The rows of an "active" count carry it as
 * the date that made the plan count.
 */
export function latestCspActivity(after: string, upTo: string): string {
  return `greatest(
    case when p.initiated_on > ${after} and p.initiated_on <= ${upTo} then p.initiated_on end,
    (select max(a.activity_date) from service_activities a
      where a.service_plan_id = p.id and a.activity_date > ${after} and a.activity_date <= ${upTo}))`;
}

/** Service activities `a` of the plans of one organisation (`and …`), nothing for every organisation. */
export function activityOrganizationFilter(organizationId: number | null): string {
  return organizationId === null
    ? ''
    : 'and a.service_plan_id in (select p.id from service_plans p where p.organization_id = :organization_id)';
}

/** A SQL `case` naming each value of `column` by `labels` (quotes doubled), the value itself otherwise. */
export function labelOf(column: string, labels: Readonly<Record<string, string>>): string {
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const whens = Object.entries(labels).map(([value, label]) => `when ${quote(value)} then ${quote(label)}`);
  return `(case ${column} ${whens.join(' ')} else ${column}::text end)`;
}

/**
 * Explanation rows of referrals `r` matching `where`: one per referral (a referral of several
 * children counts once), its only child when it names exactly one; both reports that count
 * referrals explain them with it.
 */
export function referralRowsSql(where: string, sourceLabels: Readonly<Record<string, string>>): string {
  return `select 'referral' as unit, r.id, kids.child_id, r.referral_date as date, 1 as contribution,
       concat(r.program, ' referral from ', ${labelOf('r.source_type', sourceLabels)},
              case when r.is_warm then ' (warm)' end, ', ', kids.children, ' child', case when kids.children <> 1 then 'ren' end) as detail
from referrals r
cross join lateral (
  select count(*)::int as children, case when count(*) = 1 then min(rc.child_id) end as child_id
  from referral_children rc where rc.referral_id = r.id
) kids
where ${where}`;
}

/**
 * The start of docs/domain.md's six-month activity window ending on `date` (a SQL date
 * expression): activity counts when dated after it and on or before `date`. PostgreSQL's
 * interval arithmetic clips to the month's last day (2025-08-31 − 6 months = 2025-02-28).
 */
export function activityWindowStart(date: string): string {
  return `(${date} - interval '6 months')::date`;
}

/**
 * Which payments `p` each sum of docs/domain.md's payment summary takes: the kinds and `total` count
 * live payments (scheduled and paid, what is owed: total = paid + scheduled), `cancelled` the
 * cancelled ones. The sums below and the payment-summary explanation rows use the same conditions.
 */
export const PAYMENT_FILTERS = {
  base: `p.kind = 'base' and p.status <> 'cancelled'`,
  support: `p.kind = 'support' and p.status <> 'cancelled'`,
  transition_in: `p.kind = 'transition_in' and p.status <> 'cancelled'`,
  total: `p.status <> 'cancelled'`,
  paid: `p.status = 'paid'`,
  scheduled: `p.status = 'scheduled'`,
  cancelled: `p.status = 'cancelled'`,
} as const;

export type PaymentSum = keyof typeof PAYMENT_FILTERS;

const paymentSum = (filter: string) => `coalesce(sum(p.amount) filter (where ${filter}), 0)`;

/** The sums of payments `p` by PAYMENT_FILTERS, and `payment_count`: every payment, cancelled ones included. */
export const PAYMENT_SUMS = {
  base: paymentSum(PAYMENT_FILTERS.base),
  support: paymentSum(PAYMENT_FILTERS.support),
  transition_in: paymentSum(PAYMENT_FILTERS.transition_in),
  total: paymentSum(PAYMENT_FILTERS.total),
  paid: paymentSum(PAYMENT_FILTERS.paid),
  scheduled: paymentSum(PAYMENT_FILTERS.scheduled),
  cancelled: paymentSum(PAYMENT_FILTERS.cancelled),
  payment_count: 'count(*)::int',
} as const;
