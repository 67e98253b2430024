import { useTestContext } from '../helpers/context';
import { buildWorld, type World } from '../helpers/world';

/**
 * A question grouped by a reference to a record about a child (a plan, a placement, a referral)
 * titles each group as the dashboard titles that record: led by the child's name, taken from
 * childName.ts's scoped lookup, so only a child the caller may see is named.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let world: World;

beforeAll(async () => {
  world = await buildWorld(ctx);
});

async function labels(token: string, spec: object): Promise<[string, number][]> {
  const res = await ctx.api(token).post('/api/questions/run', spec);
  expect(res.status).toBe(200);
  return res.body.rows.map((r: { label: string[]; value: number }) => [r.label[0], r.value]);
}

describe('group titles of records about a child', () => {
  it("names the child of each plan a worker's check-ins are grouped by", async () => {
    const planId = world.records.service_plans.A1!;
    const plan = await ctx.knex('service_plans').where({ id: planId }).first('program', 'initiated_on', 'approved_on');
    const date = plan.initiated_on ?? plan.approved_on;
    const title = ['Child Of A1', `#${planId}`, plan.program, date].filter(Boolean).join(' · ');
    const checkIns = await ctx.knex('monthly_check_ins').where({ service_plan_id: planId }).count({ n: '*' }).first();
    expect(await labels(world.tokens.portal_worker, { resource: 'monthly_check_ins', group_by: [{ field: 'service_plan_id' }], measure: { fn: 'count' } })).toEqual([
      [title, Number(checkIns!.n)],
    ]);
  });

  it("names a referral's children, and a ministry manager sees every child's name", async () => {
    const answer = await labels(world.tokens.ministry_manager, { resource: 'placements', group_by: [{ field: 'referral_id' }], measure: { fn: 'count' } });
    const expected = [];
    for (const tag of ['A1', 'A2', 'B'] as const) {
      const id = world.records.referrals[tag]!;
      expected.push([`Child Of ${tag} · #${id} · SHSS · 2025-02-01`, 1]);
    }
    expect(answer).toEqual(expected);
  });

  it('leaves the titles of records with no child as they were', async () => {
    expect(await labels(world.tokens.portal_worker, { resource: 'placements', group_by: [{ field: 'place_of_service_id' }], measure: { fn: 'count' } })).toEqual([['Place A1', 1]]);
  });
});
