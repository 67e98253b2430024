import { brief, complianceItems, setToday } from '../helpers/compliance';
import { useTestContext } from '../helpers/context';
import { factories, type Factories } from '../helpers/factories';

/** csp_referral_waiting: an eligible CSP referral initiated within csp_wait_target_days (60 unless changed) of its date. */
const ctx = useTestContext({ now: '2026-03-02T12:00:00Z' });
let f: Factories;
let orgId: number;
let coordinator: Awaited<ReturnType<typeof ctx.createUser>>;
let referralChildId: number;
let referralId: number;
let childId: number;

beforeAll(async () => {
  f = factories(ctx.knex);
  orgId = await f.organization();
  coordinator = await ctx.createUser({ role: 'coordinator', organization_id: orgId });
  childId = await f.child();
  referralId = await f.referral({ organization_id: orgId, referral_date: '2026-01-01' });
  referralChildId = await f.referralChild({ referral_id: referralId, child_id: childId, eligibility: 'eligible', eligibility_decided_on: '2026-01-05' });
});

const items = () => complianceItems(ctx.api(coordinator.token), { from: '2026-01-01', to: '2026-06-30', rule: 'csp_referral_waiting' });

it('is due 60 days after the referral: due the day before and on the day, overdue the day after', async () => {
  setToday(ctx, '2026-03-01');
  expect(brief(await items())).toEqual([`referral_children/${referralChildId} 2026-03-02 due`]);
  setToday(ctx, '2026-03-02');
  expect(brief(await items())).toEqual([`referral_children/${referralChildId} 2026-03-02 due`]);
  setToday(ctx, '2026-03-03');
  expect(brief(await items())).toEqual([`referral_children/${referralChildId} 2026-03-02 overdue`]);
});

it('counts the target an administrator sets', async () => {
  await ctx.knex('compliance_settings').where({ code: 'csp_wait_target_days' }).update({ days: 90 });
  expect(brief(await items())).toEqual([`referral_children/${referralChildId} 2026-04-01 due`]);
  await ctx.knex('compliance_settings').where({ code: 'csp_wait_target_days' }).update({ days: 60 });
});

it('asks nothing of a referral still pending, decided after today, or closed', async () => {
  const pending = await f.referralChild({ referral_id: referralId, child_id: await f.child(), eligibility: 'pending' });
  const later = await f.referralChild({ referral_id: referralId, child_id: await f.child(), eligibility: 'eligible', eligibility_decided_on: '2026-03-10' });
  const closed = await f.referralChild({ referral_id: referralId, child_id: await f.child(), eligibility: 'eligible', eligibility_decided_on: '2026-01-05', closed_on: '2026-02-01' });
  expect((await items()).map((i) => i.record_id)).toEqual([referralChildId]);
  await ctx.knex('referral_children').whereIn('id', [pending, later, closed]).delete();
});

it('counts a child decided today, not one closed or initiated today; a plan initiated after today leaves it waiting', async () => {
  setToday(ctx, '2026-03-02');
  const eligible = { referral_id: referralId, eligibility: 'eligible' as const, eligibility_decided_on: '2026-01-05' };
  const decidedToday = await f.referralChild({ ...eligible, child_id: await f.child(), eligibility_decided_on: '2026-03-02' });
  const closedToday = await f.referralChild({ ...eligible, child_id: await f.child(), closed_on: '2026-03-02' });
  const [initiatedToday, initiatedTomorrow] = [await f.child(), await f.child()];
  const rows = [decidedToday, closedToday, await f.referralChild({ ...eligible, child_id: initiatedToday })];
  const stillWaiting = await f.referralChild({ ...eligible, child_id: initiatedTomorrow });
  const plans = [
    await f.cspPlan({ child_id: initiatedToday, organization_id: orgId, referral_id: referralId, initiated_on: '2026-03-02' }),
    await f.cspPlan({ child_id: initiatedTomorrow, organization_id: orgId, referral_id: referralId, initiated_on: '2026-03-03' }),
  ];
  expect((await items()).map((i) => i.record_id).sort((a, b) => a - b)).toEqual([referralChildId, decidedToday, stillWaiting].sort((a, b) => a - b));
  await ctx.knex('service_plans').whereIn('id', plans).delete();
  await ctx.knex('referral_children').whereIn('id', [...rows, stillWaiting]).delete();
});

it('is done once a CSP plan for the child and referral is initiated', async () => {
  await f.cspPlan({ child_id: childId, organization_id: orgId, referral_id: referralId, initiated_on: '2026-03-01' });
  expect(await items()).toEqual([]);
});
