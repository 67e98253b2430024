import { setToday } from '../helpers/compliance';
import { useTestContext } from '../helpers/context';
import { countOf, recordsOf, scorecardOf } from '../helpers/dataQuality';
import { createChild, createPlacement, createProvider, factories, type Provider } from '../helpers/factories';

/**
 * children_impossible_birth_date: born after today, after one of the child's referrals or
 * placements, or 25 years or more before one of them.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
});

afterEach(async () => {
  await ctx.knex('placements').whereNot({ id: provider.placementId }).delete();
  await ctx.knex('children').whereNot({ id: provider.childId }).delete();
});

const admin = () => provider.as.org_admin.api;
const count = () => countOf(admin(), 'children_impossible_birth_date');

it('counts a child of the organisation born tomorrow, not one born today', async () => {
  const child = await createChild(ctx.knex, { birth_date: '2026-01-16', registered_by_organization_id: provider.orgId });
  expect(await count()).toBe(1);
  expect(await recordsOf(admin(), 'children_impossible_birth_date')).toEqual({ ids: [child.id], total: 1 });
  await ctx.knex('children').where({ id: child.id }).update({ birth_date: '2026-01-15' });
  expect(await count()).toBe(0);
});

it('counts a child placed the day before its birth, not one placed on its birthday, at the place', async () => {
  const child = await createChild(ctx.knex, { birth_date: '2024-03-02' });
  const placement = await createPlacement(ctx.knex, provider, { child_id: child.id, start_date: '2024-03-01' });
  expect(await count()).toBe(1);
  expect((await scorecardOf(admin())).places.find((p) => p.place_of_service_id === provider.placeId)!.counts.children_impossible_birth_date).toBe(1);
  await ctx.knex('placements').where({ id: placement.id }).update({ start_date: '2024-03-02' });
  expect(await count()).toBe(0);
});

it('counts a child first referred on its 25th birthday, not the day before, under the referring organisation', async () => {
  const f = factories(ctx.knex);
  const child = await createChild(ctx.knex, { birth_date: '2000-01-20' });
  const referral = await f.referral({ organization_id: provider.orgId, referral_date: '2025-01-20' });
  await f.referralChild({ referral_id: referral, child_id: child.id });
  expect(await count()).toBe(1);
  expect((await scorecardOf(admin())).places.find((p) => p.place_of_service_id === null)!.counts.children_impossible_birth_date).toBe(1);
  await ctx.knex('referrals').where({ id: referral }).update({ referral_date: '2025-01-19' });
  expect(await count()).toBe(0);
  // referred at ten, and again at 25: the second referral is one no children's programme takes
  const again = await f.referral({ organization_id: provider.orgId, referral_date: '2025-01-20' });
  await f.referralChild({ referral_id: again, child_id: child.id });
  expect(await count()).toBe(1);
  await ctx.knex('referrals').where({ id: referral }).update({ referral_date: '2010-01-20' });
  expect(await count()).toBe(1);
  await ctx.knex('referral_children').where({ referral_id: again }).delete();
  await ctx.knex('referrals').where({ id: again }).delete();
  expect(await count()).toBe(0);
  await ctx.knex('referral_children').where({ child_id: child.id }).delete();
  await ctx.knex('referrals').where({ id: referral }).delete();
});

it('leaves an archived child out', async () => {
  await createChild(ctx.knex, { birth_date: '2027-01-01', registered_by_organization_id: provider.orgId, archived_at: '2026-01-10T00:00:00Z' });
  setToday(ctx, '2026-01-15');
  expect(await count()).toBe(0);
});
