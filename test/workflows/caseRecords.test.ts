import { useTestContext } from '../helpers/context';
import { assignToPlace, createPlacement, createProvider, createShssPlan, insertRow, type Provider } from '../helpers/factories';

const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
});

describe('daily logs', () => {
  let logId: number;
  let colleague: { id: number; token: string };

  beforeAll(async () => {
    logId = (await insertRow(ctx.knex, 'daily_logs', { placement_id: provider.placementId, log_date: '2026-01-14', shift: 'combined' })).id;
    const created = await ctx.createUser({ role: 'portal_worker', organization_id: provider.orgId });
    await assignToPlace(ctx.knex, created.user.id, provider.placeId);
    colleague = { id: created.user.id, token: created.token };
  });

  async function entryBy(token: string, body: string) {
    const res = await ctx.api(token).post('/api/daily_log_entries', { daily_log_id: logId, body });
    expect(res.status).toBe(201);
    return res.body;
  }

  it('takes entries from several staff on the same log, each signed by its author', async () => {
    const mine = await ctx.api(provider.as.portal_worker.token).post('/api/daily_log_entries', { daily_log_id: logId, body: 'Breakfast went well', author_id: colleague.id });
    const theirs = await entryBy(colleague.token, 'Evening walk');
    expect(mine.body.author_id).toBe(provider.as.portal_worker.id);
    expect(theirs.author_id).toBe(colleague.id);
    expect(await ctx.knex('daily_log_entries').where({ daily_log_id: logId })).toHaveLength(2);
  });

  it("lets an author edit its own entry but not a colleague's (403)", async () => {
    const entry = await entryBy(colleague.token, 'Homework done');
    const own = await ctx.api(colleague.token).put(`/api/daily_log_entries/${entry.id}`, { ...entry, body: 'Homework done, reading next' });
    expect(own.status).toBe(200);
    expect(own.body.version).toBe(2);
    const other = await provider.as.portal_worker.api.put(`/api/daily_log_entries/${entry.id}`, { ...own.body, body: 'Rewritten' });
    expect(other.status).toBe(403);
    expect(other.body.message).toBe('You may edit only your own entries in a daily log');
  });

  it.each(['program_manager', 'org_admin'] as const)("lets a %s edit anyone's entry", async (role) => {
    const entry = await entryBy(colleague.token, 'Quiet night');
    const res = await provider.as[role].api.put(`/api/daily_log_entries/${entry.id}`, { ...entry, body: 'Quiet night; woke once at 3' });
    expect(res.status).toBe(200);
    expect(res.body.author_id).toBe(colleague.id);
  });

  it('answers an edit of a stale version with 409', async () => {
    const entry = await entryBy(colleague.token, 'First');
    expect((await ctx.api(colleague.token).put(`/api/daily_log_entries/${entry.id}`, { ...entry, body: 'Second' })).status).toBe(200);
    const stale = await provider.as.program_manager.api.put(`/api/daily_log_entries/${entry.id}`, { ...entry, body: 'Third' });
    expect(stale.status).toBe(409);
    // the message now names who changed it and when (the colleague, at the test's clock)
    const { full_name } = await ctx.knex('users').where({ id: colleague.id }).first('full_name');
    const at = ctx.clock.now.toISOString();
    expect(stale.body.message).toBe(`This record was changed by ${full_name} at ${at} since you opened it (you have version 1, the current one is 2); reload it and try again`);
    expect(stale.body.detail).toEqual({ changed_by: full_name, changed_by_user: true, changed_at: at, version: 2 });
  });

  it('takes a long entry (2 MB)', async () => {
    const body = 'Observation. '.repeat(160_000);
    const entry = await entryBy(colleague.token, body);
    expect((await ctx.knex('daily_log_entries').where({ id: entry.id }).first()).body).toHaveLength(body.length);
  });

  it('keeps one log per placement, date and shift (409)', async () => {
    const res = await provider.as.portal_worker.api.post('/api/daily_logs', { placement_id: provider.placementId, log_date: '2026-01-14', shift: 'combined' });
    expect(res.status).toBe(409);
  });
});

describe('respite stays', () => {
  let respite: Record<string, any>;

  beforeAll(async () => {
    // A confirmed stay goes to ICM under the placement's referral (the request for service).
    const referral = await insertRow(ctx.knex, 'referrals', { organization_id: provider.orgId, program: 'SHSS', referral_date: '2025-09-01', source_type: 'other' });
    respite = await createPlacement(ctx.knex, provider, {
      kind: 'respite', start_date: '2025-10-01', end_date: '2025-12-31', status: 'ended', end_reason: 'Respite agreement ended', referral_id: referral.id,
    });
  });

  it('may be added and confirmed after the respite placement ended, inside its dates', async () => {
    const created = await provider.as.portal_worker.api.post('/api/respite_stays', { placement_id: respite.id, start_date: '2025-12-20', end_date: '2025-12-22' });
    expect(created.status).toBe(201);
    const confirmed = await provider.as.portal_worker.api.put(`/api/respite_stays/${created.body.id}`, { ...created.body, status: 'confirmed' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('confirmed');
  });

  it.each([
    ['2025-09-30', '2025-10-02', 'start_date'],
    ['2025-12-30', '2026-01-02', 'end_date'],
  ])('refuses a stay from %s to %s, outside the placement, with 422', async (start, end, field) => {
    const res = await provider.as.portal_worker.api.post('/api/respite_stays', { placement_id: respite.id, start_date: start, end_date: end });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('A respite stay must lie within its placement (2025-10-01 to 2025-12-31)');
    expect(res.body.errors).toEqual({ [field]: 'is outside the placement' });
  });

  it('asks for the placement', async () => {
    const res = await provider.as.portal_worker.api.post('/api/respite_stays', { start_date: '2025-12-01', end_date: '2025-12-02' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({ placement_id: 'is required' });
  });

  it('refuses a stay on a placement that is not respite with 422', async () => {
    const res = await provider.as.portal_worker.api.post('/api/respite_stays', { placement_id: provider.placementId, start_date: '2025-12-01', end_date: '2025-12-02' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ placement_id: 'is not a respite placement' });
  });
});

describe('events', () => {
  let plan: Record<string, any>;

  beforeAll(async () => {
    plan = await createShssPlan(ctx.knex, provider, { status: 'in_service', approved_on: '2025-05-10' });
  });

  const event = (overrides: Record<string, unknown>) => ({ child_id: provider.childId, title: 'Team meeting', occurred_at: '2025-09-01T17:00:00Z', ...overrides });

  it("records a meeting that names the child's plan in service that day, signed by its author", async () => {
    const res = await provider.as.portal_worker.api.post('/api/events', event({ type: 'meeting', service_plan_id: plan.id }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'meeting', service_plan_id: plan.id, created_by: provider.as.portal_worker.id });
  });

  it.each(['meeting', 'incident', 'critical_incident'])('refuses a %s without a plan with 422', async (type) => {
    const res = await provider.as.portal_worker.api.post('/api/events', event({ type }));
    expect(res.status).toBe(422);
    expect(res.body.errors.service_plan_id).toBe(`is required for a ${type.replace(/_/g, ' ')}`);
  });

  it('refuses an incident before the plan was approved, on the local date of the incident (422)', async () => {
    // 05:00 UTC on May 10 is 22:00 on May 9 in British Columbia, the day before the approval.
    const res = await provider.as.portal_worker.api.post('/api/events', event({ type: 'incident', service_plan_id: plan.id, occurred_at: '2025-05-10T05:00:00Z' }));
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(`Plan ${plan.id} was not in service on 2025-05-09 (it is in service); name the plan that was in service when the incident occurred`);
    const sameDay = await provider.as.portal_worker.api.post('/api/events', event({ type: 'incident', service_plan_id: plan.id, occurred_at: '2025-05-10T18:00:00Z' }));
    expect(sameDay.status).toBe(201);
  });

  it('refuses a meeting naming a plan that was never in service (draft) with 422', async () => {
    const placement = await createPlacement(ctx.knex, provider);
    const draft = await createShssPlan(ctx.knex, provider, { placement_id: placement.id });
    const res = await provider.as.portal_worker.api.post('/api/events', event({ child_id: placement.child_id, type: 'meeting', service_plan_id: draft.id }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ service_plan_id: 'was not in service on 2025-09-01' });
  });

  it("refuses another child's plan with 422", async () => {
    const placement = await createPlacement(ctx.knex, provider);
    const res = await provider.as.portal_worker.api.post('/api/events', event({ child_id: placement.child_id, type: 'meeting', service_plan_id: plan.id }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ service_plan_id: "is another child's plan" });
  });

  it('records other events without a plan', async () => {
    const res = await provider.as.portal_worker.api.post('/api/events', event({ type: 'medical', title: 'Dentist' }));
    expect(res.status).toBe(201);
  });
});

describe('service time (CSP activities)', () => {
  let cspPlan: Record<string, any>;
  let coordinatorToken: string;

  beforeAll(async () => {
    const agency = await insertRow(ctx.knex, 'organizations', { name: 'Lakeshore Coordinating Agency', kind: 'coordinating_agency' });
    coordinatorToken = (await ctx.createUser({ role: 'coordinator', organization_id: agency.id })).token;
    const referral = await insertRow(ctx.knex, 'referrals', { organization_id: agency.id, program: 'CSP', referral_date: '2025-08-01', source_type: 'physician_health' });
    const child = await insertRow(ctx.knex, 'children', { first_name: 'Ava', last_name: 'Roy', birth_date: '2016-02-02' });
    cspPlan = await insertRow(ctx.knex, 'service_plans', { child_id: child.id, program: 'CSP', organization_id: agency.id, referral_id: referral.id, status: 'closed', initiated_on: '2025-09-01', closed_on: '2025-12-15', closed_reason: 'met_goals' });
  });

  const activity = (activity_date: string) => ({ service_plan_id: cspPlan.id, activity_date, kind: 'direct', mode: 'phone', hours: 1.5 });

  it('may be logged after the plan closed, for a day it was open', async () => {
    const res = await ctx.api(coordinatorToken).post('/api/service_activities', activity('2025-12-15'));
    expect(res.status).toBe(201);
  });

  it.each([
    ['2025-08-31', "Service time cannot be dated before the plan's initiation (it was initiated on 2025-09-01)"],
    ['2025-12-16', 'The plan closed on 2025-12-15; service time cannot be dated after that'],
  ])('refuses a day outside the plan (%s) with 422', async (date, message) => {
    const res = await ctx.api(coordinatorToken).post('/api/service_activities', activity(date));
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(message);
  });

  it('refuses service time on an SHSS plan with 422', async () => {
    const shss = await createShssPlan(ctx.knex, provider, { placement_id: (await createPlacement(ctx.knex, provider)).id });
    const res = await provider.as.program_manager.api.post('/api/service_activities', { ...activity('2025-10-01'), service_plan_id: shss.id });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ service_plan_id: 'is not a CSP plan' });
  });
});
