import { brief, complianceItems, setToday } from '../helpers/compliance';
import { useTestContext } from '../helpers/context';
import { factories, type Factories } from '../helpers/factories';

/**
 * csp_plan_inactive: a CSP plan without activity for five months, due on the last day it is
 * still active (docs/domain.md: active on E while some activity is later than E − 6 months,
 * with PostgreSQL's clipping month arithmetic). The dates below are worked out by hand.
 */
const ctx = useTestContext({ now: '2025-09-30T12:00:00Z' });
let f: Factories;
let orgId: number;
let coordinator: Awaited<ReturnType<typeof ctx.createUser>>;

beforeAll(async () => {
  f = factories(ctx.knex);
  orgId = await f.organization();
  coordinator = await ctx.createUser({ role: 'coordinator', organization_id: orgId });
});

afterEach(async () => {
  await ctx.knex('service_activities').delete();
  await ctx.knex('service_plans').delete();
});

const items = () => complianceItems(ctx.api(coordinator.token), { from: '2025-01-01', to: '2026-12-31', rule: 'csp_plan_inactive' });

it('initiated on 2025-03-31 and quiet since: warned from 2025-08-31, active up to 2025-09-30 (September has no 31st)', async () => {
  const { planId } = await f.cspCase({ organization_id: orgId, referral_date: '2025-03-01', initiated_on: '2025-03-31' });
  setToday(ctx, '2025-08-30');
  expect(await items()).toEqual([]);
  setToday(ctx, '2025-08-31');
  expect(brief(await items())).toEqual([`service_plans/${planId} 2025-09-30 due`]);
  setToday(ctx, '2025-09-29');
  expect(brief(await items())).toEqual([`service_plans/${planId} 2025-09-30 due`]);
  setToday(ctx, '2025-09-30');
  expect(brief(await items())).toEqual([`service_plans/${planId} 2025-09-30 due`]);
  setToday(ctx, '2025-10-01');
  expect(brief(await items())).toEqual([`service_plans/${planId} 2025-09-30 overdue`]);
  // the definition itself, in PostgreSQL: active on the 30th, not on October 1
  const { rows } = await ctx.knex.raw(`select ('2025-09-30'::date - interval '6 months')::date < '2025-03-31'::date as active_30, ('2025-10-01'::date - interval '6 months')::date < '2025-03-31'::date as active_1`);
  expect(rows[0]).toEqual({ active_30: true, active_1: false });
});

it('counts from the latest service activity: last activity 2025-02-10, active up to 2025-08-09', async () => {
  const { planId } = await f.cspCase({ organization_id: orgId, referral_date: '2024-12-01', initiated_on: '2025-01-05' });
  await f.activity({ service_plan_id: planId, activity_date: '2025-02-10' });
  setToday(ctx, '2025-07-10');
  expect(brief(await items())).toEqual([`service_plans/${planId} 2025-08-09 due`]);
  setToday(ctx, '2025-07-09');
  expect(await items()).toEqual([]);
});

it('a last activity on 2025-08-31 keeps the plan active up to 2026-02-28', async () => {
  const { planId } = await f.cspCase({ organization_id: orgId, referral_date: '2025-07-01', initiated_on: '2025-08-01' });
  await f.activity({ service_plan_id: planId, activity_date: '2025-08-31' });
  setToday(ctx, '2026-01-31');
  expect(brief(await items())).toEqual([`service_plans/${planId} 2026-02-28 due`]);
  setToday(ctx, '2026-03-01');
  expect(brief(await items())).toEqual([`service_plans/${planId} 2026-02-28 overdue`]);
});

it('is gone once an activity is logged or the plan is closed', async () => {
  const { planId } = await f.cspCase({ organization_id: orgId, referral_date: '2025-03-01', initiated_on: '2025-03-31' });
  setToday(ctx, '2025-09-15');
  expect(await items()).toHaveLength(1);
  await f.activity({ service_plan_id: planId, activity_date: '2025-09-14' });
  expect(await items()).toEqual([]);
  await ctx.knex('service_plans').where({ id: planId }).update({ status: 'closed', closed_on: '2025-09-15', closed_reason: 'met_goals' });
  setToday(ctx, '2026-03-01');
  expect(await items()).toEqual([]);
});
