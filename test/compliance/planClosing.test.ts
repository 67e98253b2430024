import { brief, complianceItems, setToday } from '../helpers/compliance';
import { useTestContext } from '../helpers/context';
import { createPlacement, createProvider, createShssPlan, type Provider } from '../helpers/factories';

/** plan_closing: an open SHSS plan whose placement ended closes 10 days after the end. */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;
let planId: number;
let placementId: number;

beforeAll(async () => {
  provider = await createProvider(ctx);
  placementId = (await createPlacement(ctx.knex, provider, { status: 'ended', end_date: '2026-01-05', end_reason: 'Moved' })).id;
  planId = (await createShssPlan(ctx.knex, provider, { placement_id: placementId, status: 'in_service' })).id;
});

const items = () => complianceItems(provider.as.portal_worker.api, { from: '2026-01-01', to: '2026-01-31', rule: 'plan_closing' });

it('is due on the closing day, 10 days after the end: due the day before and on it, overdue after', async () => {
  setToday(ctx, '2026-01-14');
  expect(brief(await items())).toEqual([`service_plans/${planId} 2026-01-15 due`]);
  setToday(ctx, '2026-01-15');
  expect(brief(await items())).toEqual([`service_plans/${planId} 2026-01-15 due`]);
  setToday(ctx, '2026-01-16');
  expect(brief(await items())).toEqual([`service_plans/${planId} 2026-01-15 overdue`]);
});

it('is gone once the plan is closed, and asks nothing while the placement is active', async () => {
  await createShssPlan(ctx.knex, provider, { status: 'in_service' });
  await ctx.knex('service_plans').where({ id: planId }).update({ status: 'closed', closed_on: '2026-01-15', closed_reason: 'placement_ended' });
  expect(await items()).toEqual([]);
});
