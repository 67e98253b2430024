import { COMPLIANCE_RULES, ROLES } from '../../contract/enums';
import { complianceItems } from '../helpers/compliance';
import { useTestContext } from '../helpers/context';
import { VISIBLE_TAGS, buildWorld, type Tag, type World } from '../helpers/world';

/**
 * GET /api/compliance and /api/compliance/calendar: scoped like the records each rule is about
 * (the world's tags and VISIBLE_TAGS, docs/domain.md's roles), filtered, paged, and checked.
 * In the world every SHSS plan (A1, A2, B) is in service since 2025-03-15 with no December
 * check-in, and both CSP plans (C, D) have been quiet since 2025-04-01: active up to 2025-09-30.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let world: World;

beforeAll(async () => {
  world = await buildWorld(ctx);
});

function tagOfPlan(id: number): Tag {
  const found = Object.entries(world.records.service_plans).find(([, planId]) => planId === id);
  if (!found) throw new Error(`plan ${id} is not a world record`);
  return found[0] as Tag;
}

const december = { from: '2025-12-01', to: '2025-12-31', rule: 'monthly_check_in' as const };
const september = { from: '2025-09-01', to: '2025-09-30', rule: 'csp_plan_inactive' as const };

describe.each([...ROLES])('as %s', (role) => {
  it("lists the December check-ins and the CSP plans going inactive of the plans it sees, and no one else's", async () => {
    const api = ctx.api(world.tokens[role]);
    const checkIns = (await complianceItems(api, december)).map((i) => tagOfPlan(i.record_id)).sort();
    const inactive = (await complianceItems(api, september)).map((i) => tagOfPlan(i.record_id)).sort();
    expect(checkIns).toEqual(VISIBLE_TAGS[role].filter((t) => ['A1', 'A2', 'B'].includes(t)).sort());
    expect(inactive).toEqual(VISIBLE_TAGS[role].filter((t) => ['C', 'D'].includes(t)).sort());
  });
});

describe('the calendar', () => {
  it('counts per day, rule and status only what the caller sees', async () => {
    const calendar = async (role: 'portal_worker' | 'ministry_manager') =>
      (await ctx.api(world.tokens[role]).get('/api/compliance/calendar?from=2025-12-01&to=2025-12-31&filter={"rule":"monthly_check_in"}')).body;
    expect(await calendar('portal_worker')).toEqual({
      from: '2025-12-01',
      to: '2025-12-31',
      today: '2026-01-15',
      counts: [{ date: '2025-12-31', rule: 'monthly_check_in', status: 'overdue', count: 1 }],
    });
    expect((await calendar('ministry_manager')).counts).toEqual([{ date: '2025-12-31', rule: 'monthly_check_in', status: 'overdue', count: 3 }]);
  });

  it('takes no sort or range', async () => {
    const res = await ctx.api(world.tokens.portal_worker).get('/api/compliance/calendar?from=2025-12-01&to=2025-12-31&range=[0,9]');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({ range: 'Unknown parameter' });
  });
});

describe('narrowing', () => {
  it('to an organisation or a place', async () => {
    const api = ctx.api(world.tokens.ministry_manager);
    const ofOrg = await complianceItems(api, { ...december, organization_id: world.orgs.B });
    expect(ofOrg.map((i) => tagOfPlan(i.record_id))).toEqual(['B']);
    const ofPlace = await complianceItems(api, { ...december, place_of_service_id: Number(world.records.places_of_service.A2) });
    expect(ofPlace.map((i) => tagOfPlan(i.record_id))).toEqual(['A2']);
    expect(ofPlace[0]).toMatchObject({ organization_id: world.orgs.A, organization_name: 'Provider A', place_name: 'Place A2', child_name: 'Child Of A2', period: '2025-12-01', status: 'overdue' });
  });

  it("to what a worker the caller may see is responsible for, and 404 for a user it may not see", async () => {
    const worker = world.users.portal_worker.id;
    for (const role of ['org_admin', 'ministry_manager'] as const) {
      const items = await complianceItems(ctx.api(world.tokens[role]), { ...december, user_id: worker });
      expect(items.map((i) => tagOfPlan(i.record_id))).toEqual(['A1']);
    }
    const outsider = await ctx.knex('users').where({ organization_id: world.orgs.B }).first();
    const res = await ctx.api(world.tokens.org_admin).get(`/api/compliance?from=2025-12-01&to=2025-12-31&user_id=${outsider.id}`);
    expect(res.status).toBe(404);
    expect(res.body.errors).toEqual({ user_id: 'no such record' });
  });
});

describe('the list protocol', () => {
  it('pages with Content-Range and sorts by rule, then due date', async () => {
    // September to December: four monthly check-ins for each of the three SHSS plans, and the two CSP plans

    const api = ctx.api(world.tokens.ministry_manager);
    const all = await api.get('/api/compliance?from=2025-09-01&to=2025-12-31&sort=["rule","DESC"]&range=[0,1]');
    expect(all.status).toBe(200);
    expect(all.headers['content-range']).toBe('compliance 0-1/14');
    expect(all.body.map((i: { rule: string }) => i.rule)).toEqual(['monthly_check_in', 'monthly_check_in']);
    const past = await api.get('/api/compliance?from=2025-09-01&to=2025-12-31&range=[20,29]');
    expect(past.headers['content-range']).toBe('compliance */14');
    expect(past.body).toEqual([]);
    const overdueOnly = await api.get('/api/compliance?from=2025-09-01&to=2025-12-31&filter={"status":"due"}');
    expect(overdueOnly.headers['content-range']).toBe('compliance */0');
    const firstId = (await api.get('/api/compliance?from=2025-09-01&to=2025-12-31')).body[0].id;
    expect(firstId).toMatch(/^csp_plan_inactive:service_plans:\d+:2025-09-30$/);
  });

  it('to no rule at all: an empty list and calendar, as any filter matching nothing (found by the contract fuzz test)', async () => {
    const api = ctx.api(world.tokens.ministry_manager);
    const list = await api.get('/api/compliance?from=2025-09-01&to=2025-12-31&sort=["due_on","ASC"]&filter={"rule":[]}');
    expect([list.status, list.headers['content-range'], list.body]).toEqual([200, 'compliance */0', []]);
    const calendar = await api.get('/api/compliance/calendar?from=2025-09-01&to=2025-12-31&filter={"rule":[]}');
    expect([calendar.status, calendar.body.counts]).toEqual([200, []]);
  });

  it.each([
    ['', { from: 'is required', to: 'is required' }],
    ['from=2025-02-30&to=2025-03-01', { from: 'Must be a real date written YYYY-MM-DD' }],
    ['from=2025-03-01&to=2025-03-01&organization_id=abc', { organization_id: 'Must be a record id (a positive whole number)' }],
    ['from=2025-03-01&to=2025-03-01&colour=red', { colour: 'Unknown parameter' }],
    ['from=2025-03-01&to=2025-03-01&sort=["child_id","ASC"]', { sort: 'must be ["field","ASC" or "DESC"], the field one of due_on, rule, status' }],
    ['from=2025-03-01&to=2025-03-01&range=[0,5000]', { range: 'at most 1000 rows' }],
    ['from=2025-03-01&to=2025-03-01&filter={"rule":"bedtime"}', { 'filter.rule': `must be one of: ${COMPLIANCE_RULES.join(', ')}` }],
    ['from=2025-03-01&to=2025-03-01&filter={"colour":"red"}', { 'filter.colour': 'unknown field' }],
    ['from=2025-03-01&to=2025-03-01&filter=[1', { filter: 'is not valid JSON' }],
    ['from=2025-03-02&to=2025-03-01', { to: 'must be on or after from' }],
    ['from=2024-01-01&to=2026-03-01', { to: 'at most 731 days after from' }],
  ])('refuses ?%s with a 400 naming the parameter', async (query, errors) => {
    const res = await ctx.api(world.tokens.portal_worker).get(`/api/compliance?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: expect.any(String), code: 'validation_failed', errors, message_code: expect.any(String), params: expect.any(Object), field_codes: expect.any(Object) });
  });
});
