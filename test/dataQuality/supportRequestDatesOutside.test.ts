import { useTestContext } from '../helpers/context';
import { countOf, recordsOf } from '../helpers/dataQuality';
import { createProvider, createSupportRequest, type Provider } from '../helpers/factories';

/** support_request_dates_outside: a live request whose dates fall outside its placement's or contract's. */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;
let requestId: number;

beforeAll(async () => {
  provider = await createProvider(ctx);
  // 2025-11-03, one day; the placement runs from 2025-05-01, the contract from 2025-04-01 to 2027-03-31
  requestId = (await createSupportRequest(ctx.knex, provider, { status: 'approved' })).id;
});

const count = () => countOf(provider.as.program_manager.api, 'support_request_dates_outside');
const setPlacementEnd = (end_date: string | null) => ctx.knex('placements').where({ id: provider.placementId }).update({ end_date, status: end_date ? 'ended' : 'active' });

it('is counted once the placement ends the day before the request, not when it ends on its day', async () => {
  expect(await count()).toBe(0);
  await setPlacementEnd('2025-11-03');
  expect(await count()).toBe(0);
  await setPlacementEnd('2025-11-02');
  expect(await count()).toBe(1);
  expect(await recordsOf(provider.as.program_manager.api, 'support_request_dates_outside')).toEqual({ ids: [requestId], total: 1 });
  await setPlacementEnd(null);
});

it("is counted when it starts before the placement or outside the contract's dates", async () => {
  await ctx.knex('placements').where({ id: provider.placementId }).update({ start_date: '2025-11-04' });
  expect(await count()).toBe(1);
  await ctx.knex('placements').where({ id: provider.placementId }).update({ start_date: '2025-05-01' });
  await ctx.knex('contracts').where({ id: provider.contractId }).update({ end_date: '2025-11-02' });
  expect(await count()).toBe(1);
  await ctx.knex('contracts').where({ id: provider.contractId }).update({ end_date: '2027-03-31', start_date: '2025-11-04' });
  expect(await count()).toBe(1);
  await ctx.knex('contracts').where({ id: provider.contractId }).update({ start_date: '2025-04-01' });
  expect(await count()).toBe(0);
});

it('takes a monthly request to its end date, and leaves cancelled and rejected requests alone', async () => {
  const monthly = await createSupportRequest(ctx.knex, provider, { frequency: 'monthly', start_date: '2025-12-01', end_date: '2026-05-31', status: 'submitted' });
  await ctx.knex('placements').where({ id: provider.placementId }).update({ end_date: '2026-04-30', status: 'ended' });
  expect(await recordsOf(provider.as.program_manager.api, 'support_request_dates_outside')).toEqual({ ids: [monthly.id], total: 1 });
  for (const status of ['cancelled', 'rejected']) {
    await ctx.knex('support_requests').where({ id: monthly.id }).update({ status });
    expect(await count()).toBe(0);
  }
});
