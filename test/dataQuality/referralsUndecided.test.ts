import { setToday } from '../helpers/compliance';
import { useTestContext } from '../helpers/context';
import { countOf, recordsOf, scorecardOf } from '../helpers/dataQuality';
import { createPlacement, createProvider, factories, type Provider } from '../helpers/factories';

/** referrals_undecided: a referral child still pending more than 30 days after its referral date. */
const ctx = useTestContext({ now: '2026-01-31T12:00:00Z' });
let provider: Provider;
let pendingId: number;
let referralId: number;

beforeAll(async () => {
  provider = await createProvider(ctx);
  const f = factories(ctx.knex);
  referralId = await f.referral({ organization_id: provider.orgId, referral_date: '2026-01-01' });
  pendingId = await f.referralChild({ referral_id: referralId, child_id: await f.child() });
});

const admin = () => provider.as.org_admin.api;

it('is not counted on the 30th day, and counted from the 31st', async () => {
  setToday(ctx, '2026-01-30');
  expect(await countOf(admin(), 'referrals_undecided')).toBe(0);
  setToday(ctx, '2026-01-31');
  expect(await countOf(admin(), 'referrals_undecided')).toBe(0);
  setToday(ctx, '2026-02-01');
  expect(await countOf(admin(), 'referrals_undecided')).toBe(1);
  expect(await recordsOf(admin(), 'referrals_undecided')).toEqual({ ids: [pendingId], total: 1 });
});

it('counts a referral of the organisation under no place, and a placed one at its placement’s place', async () => {
  setToday(ctx, '2026-02-01');
  const f = factories(ctx.knex);
  const placedReferral = await f.referral({ organization_id: provider.orgId, referral_date: '2025-12-01', program: 'SHSS' });
  const placedChild = await f.child();
  const placedId = await f.referralChild({ referral_id: placedReferral, child_id: placedChild });
  await createPlacement(ctx.knex, provider, { child_id: placedChild, referral_id: placedReferral });
  const card = await scorecardOf(admin());
  const row = (place: number | null) => card.places.find((p) => p.place_of_service_id === place)!.counts.referrals_undecided;
  expect(row(null)).toBe(1);
  expect(row(provider.placeId)).toBe(1);
  expect(await recordsOf(admin(), 'referrals_undecided', { place_of_service_id: provider.placeId })).toEqual({ ids: [placedId], total: 1 });
  expect(await recordsOf(admin(), 'referrals_undecided', { place_of_service_id: null })).toEqual({ ids: [pendingId], total: 1 });
  await ctx.knex('placements').where({ referral_id: placedReferral }).delete();
  await ctx.knex('referral_children').where({ id: placedId }).delete();
});

it('counts neither a decided nor a closed referral child', async () => {
  setToday(ctx, '2026-02-01');
  await ctx.knex('referral_children').where({ id: pendingId }).update({ eligibility: 'eligible', eligibility_decided_on: '2026-01-20' });
  expect(await countOf(admin(), 'referrals_undecided')).toBe(0);
  await ctx.knex('referral_children').where({ id: pendingId }).update({ eligibility: 'pending', eligibility_decided_on: null, closed_on: '2026-01-25', closed_reason: 'family withdrew' });
  expect(await countOf(admin(), 'referrals_undecided')).toBe(0);
});
