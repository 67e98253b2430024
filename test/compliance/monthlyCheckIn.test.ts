import { brief, complianceItems, setToday } from '../helpers/compliance';
import { useTestContext } from '../helpers/context';
import { createCheckIn, createPlacement, createProvider, createShssPlan, factories, type Provider } from '../helpers/factories';

/** monthly_check_in: one finalized check-in for each month an SHSS plan is in service, due on the month's last day. */
const ctx = useTestContext({ now: '2026-01-31T12:00:00Z' });
let provider: Provider;
let planId: number;

beforeAll(async () => {
  provider = await createProvider(ctx);
  planId = (await createShssPlan(ctx.knex, provider, { status: 'in_service', approved_on: '2025-11-20' })).id;
});

const items = (from: string, to: string) => complianceItems(provider.as.portal_worker.api, { from, to, rule: 'monthly_check_in' });

it('asks for every month from the approval on, each due on its last day, the item opening the plan', async () => {
  expect(brief(await items('2025-11-01', '2026-02-28'))).toEqual([
    `service_plans/${planId} 2025-11-30 overdue`,
    `service_plans/${planId} 2025-12-31 overdue`,
    `service_plans/${planId} 2026-01-31 due`,
    `service_plans/${planId} 2026-02-28 due`,
  ]);
});

it('is due the day before and on the last day of the month, overdue the day after', async () => {
  setToday(ctx, '2026-01-30');
  expect(brief(await items('2026-01-01', '2026-01-31'))).toEqual([`service_plans/${planId} 2026-01-31 due`]);
  setToday(ctx, '2026-01-31');
  expect(brief(await items('2026-01-01', '2026-01-31'))).toEqual([`service_plans/${planId} 2026-01-31 due`]);
  setToday(ctx, '2026-02-01');
  expect(brief(await items('2026-01-01', '2026-01-31'))).toEqual([`service_plans/${planId} 2026-01-31 overdue`]);
});

it('opens the draft of the month while it is one, and is done once it is finalized', async () => {
  setToday(ctx, '2026-02-01');
  const draft = await createCheckIn(ctx.knex, planId, { month: '2025-12-01' });
  await createCheckIn(ctx.knex, planId, { month: '2025-11-01', status: 'finalized', check_in_date: '2025-11-28', finalized_at: '2025-11-28T18:00:00Z', icm_status: 'sent' });
  expect(brief(await items('2025-11-01', '2025-12-31'))).toEqual([`monthly_check_ins/${draft.id} 2025-12-31 overdue`]);
});

it('counts only the window: a month whose last day is outside [from, to] is not listed', async () => {
  expect(brief(await items('2026-01-01', '2026-01-30'))).toEqual([]);
});

it('asks nothing of a plan not yet in service, a closed plan, or a CSP plan', async () => {
  const other = await createPlacement(ctx.knex, provider);
  await createShssPlan(ctx.knex, provider, { placement_id: other.id, status: 'pending_approval' });
  const ended = await createPlacement(ctx.knex, provider, { status: 'ended', end_date: '2025-12-15', end_reason: 'Moved' });
  await createShssPlan(ctx.knex, provider, { placement_id: ended.id, status: 'closed', approved_on: '2025-06-01', approved_by: 'Dr. Lee', closed_on: '2025-12-25', closed_reason: 'placement_ended' });
  const f = factories(ctx.knex);
  const csp = await f.cspCase({ organization_id: provider.orgId, referral_date: '2025-05-01', initiated_on: '2025-06-01' });
  const listed = await complianceItems(provider.as.org_admin.api, { from: '2025-06-01', to: '2026-01-31', rule: 'monthly_check_in' });
  expect(new Set(listed.map((i) => i.child_id))).toEqual(new Set([provider.childId]));
  expect(listed.map((i) => i.child_id)).not.toContain(csp.childId);
});
