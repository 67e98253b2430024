import { setToday } from '../helpers/compliance';
import { useTestContext } from '../helpers/context';
import { countOf, recordsOf } from '../helpers/dataQuality';
import { createCareCircleMember, createProvider, createShssPlan, type Provider } from '../helpers/factories';

/** plans_without_care_circle: a plan in service with no member who has joined by today and not left. */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;
let planId: number;
let memberId: number;

beforeAll(async () => {
  provider = await createProvider(ctx);
  planId = (await createShssPlan(ctx.knex, provider, { status: 'in_service' })).id;
  memberId = (await createCareCircleMember(ctx.knex, planId, { joined_on: '2026-01-16' })).id;
});

const count = () => countOf(provider.as.portal_worker.api, 'plans_without_care_circle');

it('counts the plan while its only member joins tomorrow, and not from the day the member joins', async () => {
  setToday(ctx, '2026-01-15');
  expect(await count()).toBe(1);
  expect(await recordsOf(provider.as.portal_worker.api, 'plans_without_care_circle')).toEqual({ ids: [planId], total: 1 });
  setToday(ctx, '2026-01-16');
  expect(await count()).toBe(0);
  setToday(ctx, '2026-01-17');
  expect(await count()).toBe(0);
});

it('counts the plan again once the member has left, and not a plan that is not in service', async () => {
  await ctx.knex('care_circle_members').where({ id: memberId }).update({ left_on: '2026-01-17', is_active: false });
  expect(await count()).toBe(1);
  await ctx.knex('service_plans').where({ id: planId }).update({ status: 'draft', approved_on: null, approved_by: null });
  expect(await count()).toBe(0);
});
