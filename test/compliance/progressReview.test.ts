import { brief, complianceItems, setToday } from '../helpers/compliance';
import { useTestContext } from '../helpers/context';
import { createPlacement, createProvider, createShssPlan, factories, insertRow, type Provider } from '../helpers/factories';

/** progress_review: a plan in service is reviewed by the next_review_on of its latest review. */
const ctx = useTestContext({ now: '2026-02-15T12:00:00Z' });
let provider: Provider;
let planId: number;

const review = (service_plan_id: number, review_date: string, next_review_on: string | null) =>
  insertRow(ctx.knex, 'progress_reviews', { service_plan_id, review_date, next_review_on, summary: 'Going well' });

beforeAll(async () => {
  provider = await createProvider(ctx);
  planId = (await createShssPlan(ctx.knex, provider, { status: 'in_service' })).id;
  await review(planId, '2025-06-01', '2025-12-01');
  await review(planId, '2025-11-15', '2026-02-15');
});

const items = (api = provider.as.program_manager.api) => complianceItems(api, { from: '2025-06-01', to: '2026-06-30', rule: 'progress_review' });

it("takes the latest review's next date: due the day before and on it, overdue the day after", async () => {
  setToday(ctx, '2026-02-14');
  expect(brief(await items())).toEqual([`service_plans/${planId} 2026-02-15 due`]);
  setToday(ctx, '2026-02-15');
  expect(brief(await items())).toEqual([`service_plans/${planId} 2026-02-15 due`]);
  setToday(ctx, '2026-02-16');
  expect(brief(await items())).toEqual([`service_plans/${planId} 2026-02-15 overdue`]);
});

it('moves to the next review once one is recorded, and asks nothing when the latest names no next date', async () => {
  const next = await review(planId, '2026-02-20', '2026-05-20');
  expect(brief(await items())).toEqual([`service_plans/${planId} 2026-05-20 due`]);
  await ctx.knex('progress_reviews').where({ id: next.id }).update({ next_review_on: null });
  expect(await items()).toEqual([]);
  await ctx.knex('progress_reviews').where({ id: next.id }).delete();
});

it('asks nothing of a closed plan', async () => {
  const ended = await createPlacement(ctx.knex, provider, { status: 'ended', end_date: '2025-10-01', end_reason: 'Moved' });
  const closed = await createShssPlan(ctx.knex, provider, { placement_id: ended.id, status: 'closed', approved_on: '2025-05-10', approved_by: 'Dr. Lee', closed_on: '2025-10-11', closed_reason: 'placement_ended' });
  await review(closed.id, '2025-07-01', '2026-01-01');
  expect((await items()).map((i) => i.record_id)).toEqual([planId]);
});

it('covers CSP plans, which have no place', async () => {
  const f = factories(ctx.knex);
  const { planId: cspPlan } = await f.cspCase({ organization_id: provider.orgId, referral_date: '2025-05-01', initiated_on: '2025-06-01' });
  await review(cspPlan, '2025-12-01', '2026-03-01');
  const listed = await items(provider.as.coordinator.api);
  expect(brief(listed)).toEqual([`service_plans/${cspPlan} 2026-03-01 due`]);
  expect(listed[0].place_of_service_id).toBeNull();
});
