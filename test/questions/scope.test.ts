import { ROLES, type Role } from '../../contract/enums';
import { resources } from '../../server/resources/registry';
import { useTestContext } from '../helpers/context';
import { VISIBLE_TAGS, WORLD_RESOURCES, buildWorld, type World } from '../helpers/world';

/**
 * A question counts the rows the caller's list shows: for every role and every resource of
 * the scope world (test/helpers/world.ts), the count equals the list's total, and each
 * group's count equals the total of the list its filter opens.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let world: World;

beforeAll(async () => {
  world = await buildWorld(ctx);
});

async function listTotal(role: Role, resource: string, filter: object = {}): Promise<number> {
  const res = await ctx.api(world.tokens[role]).get(`/api/${resource}?range=[0,0]&filter=${encodeURIComponent(JSON.stringify(filter))}`);
  expect(res.status).toBe(200);
  return Number(String(res.headers['content-range']).split('/')[1]);
}

async function ask(role: Role, spec: object) {
  const res = await ctx.api(world.tokens[role]).post('/api/questions/run', spec);
  expect({ status: res.status, body: res.status === 200 ? 'answer' : res.body }).toEqual({ status: 200, body: 'answer' });
  return res.body;
}

const readable = (role: Role) => resources.filter((r) => WORLD_RESOURCES.includes(r.name) && r.access.read.includes(role)).map((r) => r.name);

describe.each([...ROLES])('as %s', (role) => {
  it('counts, for every resource, the rows its list shows', async () => {
    const mismatches: string[] = [];
    for (const resource of readable(role)) {
      const answer = await ask(role, { resource, measure: { fn: 'count' } });
      const total = await listTotal(role, resource);
      if (answer.rows[0].value !== total) mismatches.push(`${resource}: question ${answer.rows[0].value}, list ${total}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("counts each group as the list its filter opens: placements by status and place, activities by their plan's organisation, payments by month", async () => {
    for (const spec of [
      { resource: 'placements', group_by: [{ field: 'status' }, { field: 'place_of_service_id' }], measure: { fn: 'count' } },
      { resource: 'service_activities', group_by: [{ field: 'service_plan_id.organization_id' }], measure: { fn: 'count' } },
      { resource: 'payments', group_by: [{ field: 'service_month', bucket: 'month' }], measure: { fn: 'count' } },
    ]) {
      const answer = await ask(role, spec);
      for (const row of answer.rows) {
        expect({ group: row.group, total: await listTotal(role, spec.resource, row.filter) }).toEqual({ group: row.group, total: row.value });
      }
    }
  });
});

it("a portal worker's question counts only the records of its place; a ministry manager's every record", async () => {
  const children = { resource: 'children', measure: { fn: 'count' } };
  const worker = await ask('portal_worker', children);
  const manager = await ask('ministry_manager', children);
  // children of A1 (its assigned place) only, against all five of the world
  expect(VISIBLE_TAGS.portal_worker.filter((t) => world.records.children[t] !== undefined)).toEqual(['A1']);
  expect([worker.rows[0].value, manager.rows[0].value]).toEqual([1, 5]);
  const byPlace = await ask('portal_worker', { resource: 'placements', group_by: [{ field: 'place_of_service_id' }], measure: { fn: 'count' } });
  expect(byPlace.rows).toEqual([
    { group: [world.records.places_of_service.A1], label: ['Place A1'], value: 1, filter: { place_of_service_id: world.records.places_of_service.A1 } },
  ]);
});

it("titles a group only from records the caller may see: a coordinator's activities grouped by plan organisation name its own agency only", async () => {
  const answer = await ask('coordinator', { resource: 'service_activities', group_by: [{ field: 'service_plan_id.organization_id' }], measure: { fn: 'count' } });
  expect(answer.rows.map((r: { label: string[]; value: number }) => [r.label[0], r.value])).toEqual([['Agency C', 1]]);
});
