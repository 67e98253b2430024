import { useTestContext } from '../helpers/context';
import { insertId } from '../helpers/factories';
import { buildWorld, type World } from '../helpers/world';

/**
 * A scoped list page's statement is compiled once per user, day and page and then reused
 * (server/resources/pageStatements.ts). Reusing it must never change an answer: the scope is
 * still read from the data at each request, another user gets a statement of their own, and a
 * new day binds its own date.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let world: World;
let placeA2: number;
let assignment: number;

const PAGE = '/api/placements?sort=["id","ASC"]&range=[0,999]';

async function placementIds(token: string): Promise<number[]> {
  const res = await ctx.api(token).get(PAGE);
  expect(res.status).toBe(200);
  return (res.body as { id: number }[]).map((row) => row.id);
}

beforeAll(async () => {
  world = await buildWorld(ctx);
  placeA2 = (await ctx.knex('places_of_service').where({ name: 'Place A2' }).first('id')).id;
  // The programme manager's assignment at A2 ends today: its placements are in scope until tomorrow.
  assignment = await insertId(ctx.knex, 'place_assignments', { user_id: world.users.program_manager.id, place_of_service_id: placeA2, assigned_on: '2025-01-01', ended_on: '2026-01-15' });
});

afterEach(() => {
  ctx.clock.now = new Date('2026-01-15T12:00:00Z');
});

const { A1, A2 } = { A1: () => world.records.placements.A1 as number, A2: () => world.records.placements.A2 as number };

it('answers the same page again from the kept statement, with the data as it is now', async () => {
  const token = world.tokens.program_manager;
  expect(await placementIds(token)).toEqual([A1(), A2()]);
  expect(await placementIds(token)).toEqual([A1(), A2()]);
  await ctx.knex('place_assignments').where({ id: assignment }).update({ ended_on: '2026-01-10' });
  expect(await placementIds(token)).toEqual([A1()]);
  await ctx.knex('place_assignments').where({ id: assignment }).update({ ended_on: '2026-01-15' });
  expect(await placementIds(token)).toEqual([A1(), A2()]);
});

it('builds the page again the next day: an assignment that ended yesterday no longer counts', async () => {
  const token = world.tokens.program_manager;
  expect(await placementIds(token)).toEqual([A1(), A2()]);
  ctx.clock.now = new Date('2026-01-16T08:00:00Z');
  expect(await placementIds(token)).toEqual([A1()]);
});

it("never answers one user's page with another's statement", async () => {
  // a second programme manager of the same organisation, assigned to A2 only
  const other = await ctx.createUser({ role: 'program_manager', organization_id: world.orgs.A });
  await insertId(ctx.knex, 'place_assignments', { user_id: other.user.id, place_of_service_id: placeA2, assigned_on: '2025-01-01' });
  for (let round = 0; round < 2; round += 1) {
    expect(await placementIds(world.tokens.program_manager)).toEqual([A1(), A2()]);
    expect(await placementIds(other.token)).toEqual([A2()]);
  }
});

it('keeps a search for question marks and dollar signs a value, not a placeholder', async () => {
  // A kept statement is compiled once and run again through knex.raw with its bindings: the
  // words searched must stay bindings, so a `?` (raw's placeholder) or `$1` (PostgreSQL's) in
  // them finds the rows that hold them, and nothing else, the first time and from the kept one.
  const token = world.tokens.program_manager;
  const list = async (filter: object) => {
    const res = await ctx.api(token).get(`/api/children?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=["id","ASC"]&range=[0,24]`);
    expect(res.status).toBe(200);
    return (res.body as { id: number }[]).map((row) => row.id);
  };
  const visible = await list({});
  expect(visible.length).toBeGreaterThan(1);
  const [odd, ...others] = visible;
  await ctx.knex('children').where({ id: odd }).update({ last_name: 'Why?$1' });
  for (let round = 0; round < 2; round += 1) {
    expect(await list({ q: '?$1' })).toEqual([odd]);
    expect(await list({ q: 'Why?' })).toEqual([odd]);
    expect(await list({ q: '$2' })).toEqual([]);
    expect(await list({ q: 'Of' })).toEqual(others);
  }
});
