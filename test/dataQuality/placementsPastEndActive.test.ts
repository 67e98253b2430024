import { setToday } from '../helpers/compliance';
import { useTestContext } from '../helpers/context';
import { countOf, recordsOf } from '../helpers/dataQuality';
import { createPlacement, createProvider, type Provider } from '../helpers/factories';

/** placements_past_end_active: a placement still active after its end date. */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;
let placementId: number;

beforeAll(async () => {
  provider = await createProvider(ctx);
  placementId = (await createPlacement(ctx.knex, provider, { end_date: '2026-01-15' })).id;
});

const count = () => countOf(provider.as.program_manager.api, 'placements_past_end_active');

it('is not counted before or on its end date, and counted the day after', async () => {
  setToday(ctx, '2026-01-14');
  expect(await count()).toBe(0);
  setToday(ctx, '2026-01-15');
  expect(await count()).toBe(0);
  setToday(ctx, '2026-01-16');
  expect(await count()).toBe(1);
  expect(await recordsOf(provider.as.program_manager.api, 'placements_past_end_active')).toEqual({ ids: [placementId], total: 1 });
});

it('is no longer counted once ended or interrupted', async () => {
  setToday(ctx, '2026-01-16');
  await ctx.knex('placements').where({ id: placementId }).update({ status: 'interrupted' });
  expect(await count()).toBe(0);
  await ctx.knex('placements').where({ id: placementId }).update({ status: 'ended', end_reason: 'Moved' });
  expect(await count()).toBe(0);
});
