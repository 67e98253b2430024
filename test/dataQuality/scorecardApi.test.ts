import { ROLES } from '../../contract/enums';
import { findJob } from '../../server/jobs/registry';
import { runJob } from '../../server/jobs/runner';
import { useTestContext } from '../helpers/context';
import { recordsOf, scorecardOf } from '../helpers/dataQuality';
import { VISIBLE_TAGS, buildWorld, type Tag, type World } from '../helpers/world';

/**
 * GET /api/data_quality and /api/data_quality/<check>/records over the scope world: the base
 * payments of A1, A2 and B are paid without a CAS number, and the plans of A1, B and C have
 * lost their only care-circle member. Each role counts, and opens, only what it sees.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let world: World;
const PAID: Tag[] = ['A1', 'A2', 'B'];
const NO_CIRCLE: Tag[] = ['A1', 'B', 'C'];

beforeAll(async () => {
  world = await buildWorld(ctx);
  const ids = (resource: string, tags: Tag[]) => tags.map((tag) => world.records[resource][tag]!);
  await ctx.knex('payments').whereIn('id', ids('payments', PAID)).update({ status: 'paid', paid_on: '2025-05-25' });
  await ctx.knex('care_circle_members').whereIn('service_plan_id', ids('service_plans', NO_CIRCLE)).update({ left_on: '2025-12-31', is_active: false });
});

const visible = (role: (typeof ROLES)[number], tags: Tag[]) => tags.filter((tag) => VISIBLE_TAGS[role].includes(tag));

describe.each([...ROLES])('as %s', (role) => {
  it('counts and opens only the records it sees', async () => {
    const api = ctx.api(world.tokens[role]);
    const card = await scorecardOf(api);
    const total = (key: string) => card.checks.find((c) => c.key === key)!.total;
    expect(total('payments_paid_without_cas')).toBe(visible(role, PAID).length);
    expect(total('plans_without_care_circle')).toBe(visible(role, NO_CIRCLE).length);
    const opened = await recordsOf(api, 'payments_paid_without_cas');
    expect(opened.ids.sort()).toEqual(visible(role, PAID).map((tag) => world.records.payments[tag]).sort());
    expect(opened.total).toBe(visible(role, PAID).length);
  });
});

describe('the ministry', () => {
  it('sees every organisation side by side, and each place', async () => {
    const card = await scorecardOf(ctx.api(world.tokens.ministry_manager));
    const row = (name: string) => card.organizations.find((o) => o.organization_name === name)!.counts;
    expect(card.organizations.map((o) => o.organization_name)).toEqual(['Agency C', 'Provider A', 'Provider B']);
    expect(row('Provider A')).toMatchObject({ payments_paid_without_cas: 2, plans_without_care_circle: 1 });
    expect(row('Provider B')).toMatchObject({ payments_paid_without_cas: 1, plans_without_care_circle: 1 });
    expect(row('Agency C')).toMatchObject({ payments_paid_without_cas: 0, plans_without_care_circle: 1 });
    expect(card.places.filter((p) => p.organization_name === 'Provider A').map((p) => [p.place_name, p.counts.payments_paid_without_cas])).toEqual([
      ['Place A1', 1],
      ['Place A2', 1],
    ]);
  });

  it('narrows to one organisation or place, and opens the records of a group', async () => {
    const api = ctx.api(world.tokens.ministry_finance);
    const ofB = await scorecardOf(api, `?organization_id=${world.orgs.B}`);
    expect(ofB.checks.find((c) => c.key === 'payments_paid_without_cas')!.total).toBe(1);
    expect(ofB.organizations.map((o) => o.organization_name)).toEqual(['Provider B']);
    const place = Number(world.records.places_of_service.A2);
    expect(await recordsOf(api, 'payments_paid_without_cas', { organization_id: world.orgs.A, place_of_service_id: place })).toEqual({
      ids: [world.records.payments.A2],
      total: 1,
    });
    expect(await recordsOf(api, 'plans_without_care_circle', { place_of_service_id: null })).toEqual({ ids: [world.records.service_plans.C], total: 1 });
  });

  it("never lends a scoped role another organisation's numbers", async () => {
    const card = await scorecardOf(ctx.api(world.tokens.org_admin), `?organization_id=${world.orgs.B}`);
    expect(card.checks.map((c) => c.total)).toEqual(card.checks.map(() => 0));
    expect(card.organizations).toEqual([]);
  });
});

describe('opening a count', () => {
  it("takes the resource's own filters and sorts next to the group", async () => {
    const api = ctx.api(world.tokens.ministry_manager);
    const res = await api.get(`/api/data_quality/payments_paid_without_cas/records?sort=["amount","DESC"]&filter=${JSON.stringify({ organization_id: world.orgs.A, kind: 'base' })}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-range']).toBe('payments_paid_without_cas 0-1/2');
    expect(res.body.every((p: { contract_id: number }) => p.contract_id === world.records.contracts.A)).toBe(true);
  });

  it('answers 404 for an unknown check and 400 for a bad filter or group', async () => {
    const api = ctx.api(world.tokens.ministry_manager);
    expect((await api.get('/api/data_quality/tidy_desks/records')).status).toBe(404);
    const badGroup = await api.get('/api/data_quality/payments_paid_without_cas/records?filter={"organization_id":"A"}');
    expect(badGroup.status).toBe(400);
    expect(badGroup.body.errors).toEqual({ organization_id: 'must be a record id or null' });
    const badFilter = await api.get('/api/data_quality/payments_paid_without_cas/records?filter={"colour":"red"}');
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.errors).toHaveProperty('colour');
    const badParam = await api.get('/api/data_quality?place_of_service_id=-3');
    expect(badParam.status).toBe(400);
    expect(badParam.body.errors).toHaveProperty('place_of_service_id');
  });
});

describe('the trend', () => {
  const snapshot = (asOf: string) =>
    runJob(findJob('snapshot-data-quality')!, { knex: ctx.knex, config: { icmUrl: null }, log: () => undefined, clock: () => ctx.clock.now }, asOf);

  it('shows the count of each weekly snapshot, the groups a role works in only, and a re-run replaces its date', async () => {
    expect((await snapshot('2026-01-05')).summary).toEqual({ taken_on: '2026-01-05', groups: expect.any(Number), records: expect.any(Number) });
    await ctx.knex('payments').where({ id: world.records.payments.A1 }).update({ cas_payment_number: 'CAS-77' });
    await snapshot('2026-01-12');
    await snapshot('2026-01-12');
    const trend = async (role: 'ministry_manager' | 'program_manager' | 'org_admin') =>
      (await scorecardOf(ctx.api(world.tokens[role]))).checks.find((c) => c.key === 'payments_paid_without_cas')!.trend;
    expect(await trend('ministry_manager')).toEqual([
      { taken_on: '2026-01-05', count: 3 },
      { taken_on: '2026-01-12', count: 2 },
    ]);
    expect(await trend('org_admin')).toEqual([
      { taken_on: '2026-01-05', count: 2 },
      { taken_on: '2026-01-12', count: 1 },
    ]);
    expect(await trend('program_manager')).toEqual([
      { taken_on: '2026-01-05', count: 1 },
      { taken_on: '2026-01-12', count: 0 },
    ]);
    expect(await ctx.knex('data_quality_snapshots').where({ taken_on: '2026-01-12', check_key: 'payments_paid_without_cas' }).sum('record_count as n').first()).toEqual({ n: 2 });
    await ctx.knex('payments').where({ id: world.records.payments.A1 }).update({ cas_payment_number: null });
  });
});
