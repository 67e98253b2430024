import { useTestContext } from '../helpers/context';
import { countOf, recordsOf } from '../helpers/dataQuality';
import { createCheckIn, createProvider, createShssPlan, type Provider } from '../helpers/factories';

/** check_ins_not_sent: finalized more than a day (24 hours) ago and not sent to ICM. */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;
let checkInId: number;

beforeAll(async () => {
  provider = await createProvider(ctx);
  const plan = await createShssPlan(ctx.knex, provider, { status: 'in_service' });
  checkInId = (await createCheckIn(ctx.knex, plan.id, { month: '2026-01-01', status: 'finalized', check_in_date: '2026-01-14', finalized_at: '2026-01-14T12:00:00Z', icm_status: 'pending' })).id;
});

const count = () => countOf(provider.as.portal_worker.api, 'check_ins_not_sent');
const at = (instant: string) => {
  ctx.clock.now = new Date(instant);
};

it('is not counted a second before or exactly a day after finalizing, and counted a second later', async () => {
  at('2026-01-15T11:59:59Z');
  expect(await count()).toBe(0);
  at('2026-01-15T12:00:00Z');
  expect(await count()).toBe(0);
  at('2026-01-15T12:00:01Z');
  expect(await count()).toBe(1);
  expect(await recordsOf(provider.as.portal_worker.api, 'check_ins_not_sent')).toEqual({ ids: [checkInId], total: 1 });
});

it('counts a failed delivery, not a sent one', async () => {
  at('2026-01-16T12:00:00Z');
  await ctx.knex('monthly_check_ins').where({ id: checkInId }).update({ icm_status: 'failed' });
  expect(await count()).toBe(1);
  await ctx.knex('monthly_check_ins').where({ id: checkInId }).update({ icm_status: 'sent', icm_reference: 'ICM-1' });
  expect(await count()).toBe(0);
});
