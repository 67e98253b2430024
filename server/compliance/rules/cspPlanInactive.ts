import { sql } from '../../db/sql';
import { itemSelect, resourceName, type ComplianceRuleDefinition } from '../types';

/**
 * A CSP plan is active on E while some CSP activity (its initiation or a service activity) is
 * later than E − 6 months (docs/domain.md, "Active on a date"). With L its latest activity,
 * the plan is active up to the last day E with (E − 6 months) < L, PostgreSQL's clipping
 * calendar arithmetic included: X = L + 6 months is that first inactive day when X − 6 months
 * comes back to L, else (L at the end of a longer month, X clipped) the day after X is. Five
 * months without activity (today ≥ L + 5 months) leaves one month of the window: the item is
 * due on the last active day, overdue once the plan is inactive and still not closed. The
 * latest activity is first narrowed to a week either side of the window six months back (its
 * index, migration 20261201140100), then the exact day is taken.
 */
const LATEST = sql`greatest(service_plans.initiated_on, coalesce(service_plans.last_activity_on, service_plans.initiated_on))`;
const SIX_MONTHS_LATER = sql`(${LATEST} + interval '6 months')::date`;
const LAST_ACTIVE_DAY = sql`(case when (${SIX_MONTHS_LATER} - interval '6 months')::date >= ${LATEST}
                                   then ${SIX_MONTHS_LATER} else ${SIX_MONTHS_LATER} + 1 end) - 1`;

export const cspPlanInactive: ComplianceRuleDefinition = {
  key: 'csp_plan_inactive',
  resource: 'service_plans',
  description: 'A CSP plan with no activity for five months: an activity before its six-month window ends, on the last day it is active',
  work: { resource: 'service_activities', action: 'create' },
  items: ({ today, from, to, inScope }) => sql`
    ${itemSelect('csp_plan_inactive', {
      due_on: LAST_ACTIVE_DAY,
      resource: resourceName('service_plans'),
      record_id: sql`service_plans.id`,
      child_id: sql`service_plans.child_id`,
      organization_id: sql`service_plans.organization_id`,
      place_of_service_id: sql`null`,
    })}
    from service_plans
    where service_plans.program = 'CSP' and service_plans.status <> 'closed' and service_plans.initiated_on is not null
      and ${LATEST} between (${from}::date - interval '6 months')::date - 7 and (${to}::date - interval '6 months')::date + 7
      and (${LATEST} + interval '5 months')::date <= ${today}::date
      and (${LAST_ACTIVE_DAY}) between ${from}::date and ${to}::date
      and ${inScope('service_plans.id')}`,
};
