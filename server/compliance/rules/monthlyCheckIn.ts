import { sql } from '../../db/sql';
import { itemSelect, type ComplianceRuleDefinition } from '../types';

/**
 * Every month an SHSS plan is in service needs its check-in, due on the month's last day and
 * done once the check-in of that month is finalized. Months from the approval's month on; a
 * closed plan's records are read-only, so only plans in service now count. The item opens the
 * month's draft when there is one, else the plan.
 */
export const monthlyCheckIn: ComplianceRuleDefinition = {
  key: 'monthly_check_in',
  resource: 'service_plans',
  description: "A finalized monthly check-in for each month of an SHSS plan in service, due on the month's last day",
  work: { resource: 'monthly_check_ins', action: 'create' },
  items: ({ from, to, inScope }) => sql`
    ${itemSelect('monthly_check_in', {
      due_on: sql`m.month + interval '1 month' - interval '1 day'`,
      resource: sql`case when ci.id is null then 'service_plans' else 'monthly_check_ins' end`,
      record_id: sql`coalesce(ci.id, service_plans.id)`,
      child_id: sql`service_plans.child_id`,
      organization_id: sql`service_plans.organization_id`,
      place_of_service_id: sql`pl.place_of_service_id`,
      period: sql`m.month`,
      scope_id: sql`service_plans.id`,
    })}
    from service_plans
    join placements pl on pl.id = service_plans.placement_id
    cross join lateral generate_series(
      greatest(date_trunc('month', service_plans.approved_on), date_trunc('month', ${from}::date)),
      date_trunc('month', ${to}::date), interval '1 month') as m(month)
    -- the series' months again, on ci itself: the join hashes the window's check-ins (139 k at a
    -- million children), not all 835 k
    left join monthly_check_ins ci on ci.service_plan_id = service_plans.id and ci.month = m.month::date
      and ci.month between date_trunc('month', ${from}::date)::date and date_trunc('month', ${to}::date)::date
    where service_plans.program = 'SHSS' and service_plans.status = 'in_service'
      and (m.month + interval '1 month' - interval '1 day')::date between ${from}::date and ${to}::date
      and (ci.id is null or ci.status <> 'finalized')
      and ${inScope('service_plans.id')}`,
};
