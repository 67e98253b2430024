import { brief, complianceItems, setToday } from '../helpers/compliance';
import { useTestContext } from '../helpers/context';
import { createPlacement, createProvider, createShssPlan, type Provider } from '../helpers/factories';

/** shss_plan_due: an approved SHSS plan within shss_plan_due_days (30 unless changed) of the placement's start. */
const ctx = useTestContext({ now: '2026-01-31T12:00:00Z' });
let provider: Provider;
let placementId: number;

beforeAll(async () => {
  provider = await createProvider(ctx);
  placementId = (await createPlacement(ctx.knex, provider, { start_date: '2026-01-01' })).id;
});

const items = (from = '2026-01-01', to = '2026-03-31') => complianceItems(provider.as.program_manager.api, { from, to, rule: 'shss_plan_due' });

it('is due 30 days after the start: due the day before and on the day, overdue the day after', async () => {
  setToday(ctx, '2026-01-30');
  expect(brief(await items())).toEqual([`placements/${placementId} 2026-01-31 due`]);
  setToday(ctx, '2026-01-31');
  expect(brief(await items())).toEqual([`placements/${placementId} 2026-01-31 due`]);
  setToday(ctx, '2026-02-01');
  expect(brief(await items())).toEqual([`placements/${placementId} 2026-01-31 overdue`]);
});

it('stays due while the plan is a draft or waits for approval, and is done once a plan is approved', async () => {
  const plan = await createShssPlan(ctx.knex, provider, { placement_id: placementId, status: 'pending_approval' });
  expect(brief(await items())).toEqual([`placements/${placementId} 2026-01-31 overdue`]);
  await ctx.knex('service_plans').where({ id: plan.id }).update({ status: 'in_service', approved_on: '2026-02-03', approved_by: 'Dr. Lee' });
  expect(await items()).toEqual([]);
});

it('counts the days an administrator sets, from the next request on', async () => {
  const later = await createPlacement(ctx.knex, provider, { start_date: '2026-02-01' });
  const admin = provider.as.system_admin.api;
  const setting = (await admin.get('/api/compliance_settings/shss_plan_due_days')).body;
  expect(setting).toMatchObject({ id: 'shss_plan_due_days', days: 30 });
  expect(brief(await items())).toEqual([`placements/${later.id} 2026-03-03 due`]);
  expect((await admin.put('/api/compliance_settings/shss_plan_due_days', { ...setting, days: 45 })).status).toBe(200);
  expect(brief(await items())).toEqual([`placements/${later.id} 2026-03-18 due`]);
  expect((await provider.as.org_admin.api.put('/api/compliance_settings/shss_plan_due_days', { ...setting, days: 5 })).status).toBe(403);
  const refused = await admin.put('/api/compliance_settings/shss_plan_due_days', { ...setting, days: 0 });
  expect(refused.status).toBe(400);
  expect(refused.body.errors).toHaveProperty('days');
  await admin.put('/api/compliance_settings/shss_plan_due_days', { ...setting, days: 30 });
  await ctx.knex('placements').where({ id: later.id }).delete();
});

it('asks nothing of a planned or an ended placement', async () => {
  await createPlacement(ctx.knex, provider, { start_date: '2026-01-10', status: 'planned' });
  await createPlacement(ctx.knex, provider, { start_date: '2026-01-05', end_date: '2026-01-20', status: 'ended', end_reason: 'Moved' });
  expect(await items()).toEqual([]);
});

it('counts an interrupted placement', async () => {
  const interrupted = await createPlacement(ctx.knex, provider, { start_date: '2026-01-15', status: 'interrupted' });
  expect(brief(await items())).toEqual([`placements/${interrupted.id} 2026-02-14 due`]);
});
