import { useTestContext, type TestContext } from '../helpers/context';
import { storedRecord } from '../helpers/records';
import { buildWorld, payloadLike, type World } from '../helpers/world';

/**
 * The rules in docs/domain.md's table columns that the database itself keeps: each is tried through
 * the API and must answer with its 4xx and write nothing.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let world: World;
let admin: ReturnType<TestContext['api']>;

beforeAll(async () => {
  world = await buildWorld(ctx);
  admin = ctx.api(world.tokens.system_admin);
});

const count = async (table: string) => Number((await ctx.knex(table).count('* as n').first())!.n);

describe('contracts', () => {
  it.each(['SHSS123', 'SHSS12345678901', 'shss0000000009', 'XSHS0000000009'])('refuses the SHSS number %s', async (contract_number) => {
    const before = await count('contracts');
    const res = await admin.post('/api/contracts', { ...(await payloadLike(ctx, world, 'contracts', 'A')), contract_number });
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveProperty('contract_number');
    expect(await count('contracts')).toBe(before);
  });

  it('takes any number for a non-SHSS programme, and refuses a duplicate number with 409', async () => {
    const payload = await payloadLike(ctx, world, 'contracts', 'A');
    expect((await admin.post('/api/contracts', { ...payload, program: 'FCC', contract_number: 'FCC-2026-1' })).status).toBe(201);
    const again = await admin.post('/api/contracts', { ...payload, program: 'FCC', contract_number: 'FCC-2026-1' });
    expect(again.status).toBe(409);
    expect(again.body.errors).toHaveProperty('contract_number');
  });
});

describe('users', () => {
  it('treats email as unique whatever its case', async () => {
    const body = { full_name: 'Sam', role: 'portal_worker', organization_id: world.orgs.A, password: 'Long-pass-11' };
    expect((await admin.post('/api/users', { ...body, email: 'sam@case.example' })).status).toBe(201);
    const res = await admin.post('/api/users', { ...body, email: 'SAM@Case.Example' });
    expect(res.status).toBe(409);
  });
});

describe('SHSS plans and their placement', () => {
  it("refuses to give a placement with plans another child, and keeps the plan on the placement's child", async () => {
    const placementId = world.records.placements.A1!;
    const placement = await storedRecord(ctx, 'placements', placementId);
    const [other] = await ctx.knex('children').insert({ first_name: 'Other', last_name: 'Child', birth_date: '2015-01-01' }).returning('id');
    const res = await admin.put(`/api/placements/${placementId}`, { ...placement, child_id: other.id });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/placement's child/);
    expect(res.body.errors).toHaveProperty('child_id');
    expect((await storedRecord(ctx, 'placements', placementId)).child_id).toBe(placement.child_id);

    // Written straight to the table, past the workflow's own check, the database refuses it too,
    // with the same typed error the API answers (the database layer translates it).
    const plan = await storedRecord(ctx, 'service_plans', world.records.service_plans.A1!);
    await expect(ctx.knex('service_plans').where({ id: plan.id }).update({ child_id: other.id })).rejects.toMatchObject({
      status: 409,
      code: 'reference_rule',
      message: expect.stringMatching(/placement's child/),
      cause: expect.objectContaining({ constraint: 'service_plans_placement_child_foreign' }),
    });
  });
});

describe('unique pairs', () => {
  it('lists a child once per referral', async () => {
    const existing = await storedRecord(ctx, 'referral_children', world.records.referral_children.C!);
    const res = await admin.post('/api/referral_children', { referral_id: existing.referral_id, child_id: existing.child_id, eligibility: 'pending' });
    expect(res.status).toBe(409);
  });

  it('keeps one open assignment per user and place, and allows a new one after the last ended', async () => {
    const user = world.users.portal_worker.id;
    const place = world.records.places_of_service.A1!;
    const dup = await admin.post('/api/place_assignments', { user_id: user, place_of_service_id: place, assigned_on: '2026-01-15' });
    expect(dup.status).toBe(409);
    await ctx.knex('place_assignments').where({ user_id: user, place_of_service_id: place }).update({ ended_on: '2026-01-10' });
    expect((await admin.post('/api/place_assignments', { user_id: user, place_of_service_id: place, assigned_on: '2026-01-15' })).status).toBe(201);
  });

  it('keeps one daily log per placement, date and shift', async () => {
    const log = await storedRecord(ctx, 'daily_logs', world.records.daily_logs.A1!);
    const same = await ctx.api(world.tokens.portal_worker).post('/api/daily_logs', { placement_id: log.placement_id, log_date: log.log_date, shift: log.shift });
    expect(same.status).toBe(409);
    const otherShift = await ctx.api(world.tokens.portal_worker).post('/api/daily_logs', { placement_id: log.placement_id, log_date: log.log_date, shift: 'overnight' });
    expect(otherShift.status).toBe(201);
  });
});

describe('bounded numbers', () => {
  it.each([
    [0, 400],
    [-1, 400],
    [24.5, 400],
    [24, 201],
    [0.25, 201],
  ])('service time of %s hours answers %s', async (hours, status) => {
    const payload = await payloadLike(ctx, world, 'service_activities', 'C');
    const res = await admin.post('/api/service_activities', { ...payload, hours });
    expect(res.status).toBe(status);
    if (status === 400) expect(res.body.errors).toHaveProperty('hours');
  });

  it.each([
    [0, 400],
    [1.01, 400],
    [1, 201],
    [0.1, 201],
  ])('a staff allocation of %s FTE answers %s', async (fte, status) => {
    const payload = await payloadLike(ctx, world, 'staff_allocations', 'C');
    const res = await admin.post('/api/staff_allocations', { ...payload, fte });
    expect(res.status).toBe(status);
    if (status === 400) expect(res.body.errors).toHaveProperty('fte');
  });

  it('refuses a negative capacity', async () => {
    const payload = await payloadLike(ctx, world, 'places_of_service', 'A1');
    const res = await admin.post('/api/places_of_service', { ...payload, name: 'Negative', capacity: -1 });
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveProperty('capacity');
  });
});

describe('care circle members', () => {
  it('are inactive exactly when they have left', async () => {
    const payload = await payloadLike(ctx, world, 'care_circle_members', 'A1');
    const res = await ctx.api(world.tokens.portal_worker).post('/api/care_circle_members', { ...payload, left_on: '2025-12-01' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ left_on: '2025-12-01', is_active: false });
  });
});
