import { useTestContext } from '../helpers/context';
import {
  createCheckIn,
  createPlacement,
  createProvider,
  createShssPlan,
  insertRow,
  type Provider,
} from '../helpers/factories';

/**
 * "Now" is the injected clock everywhere: the timestamps the server writes — a model's
 * created_at / updated_at, finalized_at, the audit trail, notifications, the outbox, job runs —
 * and the date scope compares place assignments with. The test clock is set long before the
 * wall's date, so the wall's or PostgreSQL's "now" would show.
 */
const T0 = '2025-06-15T09:30:00.000Z';
const T1 = '2025-06-15T10:45:00.000Z';

const ctx = useTestContext({ now: T0 });
let provider: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
});
beforeEach(() => {
  ctx.clock.now = new Date(T0);
});

const row = (table: string, id: number) => ctx.knex(table).where({ id }).first();
const auditTimes = async (resource: string, id: number) =>
  (await ctx.knex('audit_events').where({ resource, record_id: String(id) }).orderBy('id')).map((a) => [a.action, a.created_at]);

it('stamps a record created and then changed through the API with the clock, and audits it at the same times', async () => {
  const api = provider.as.system_admin.api;
  const created = await api.post('/api/children', { first_name: 'Ada', last_name: 'Clock', birth_date: '2015-02-03' });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ created_at: T0, updated_at: T0 });

  ctx.clock.now = new Date(T1);
  const updated = await api.put(`/api/children/${created.body.id}`, { ...created.body, first_name: 'Adah' });
  expect(updated.status).toBe(200);
  expect(await row('children', created.body.id)).toMatchObject({ created_at: T0, updated_at: T1 });
  expect(await auditTimes('children', created.body.id)).toEqual([
    ['create', T0],
    ['update', T1],
  ]);
});

it('finalizes a check-in at the clock, and queues its outbox message then', async () => {
  const plan = await createShssPlan(ctx.knex, provider, { status: 'in_service' });
  const checkIn = await createCheckIn(ctx.knex, plan.id, { month: '2025-05-01', check_in_date: '2025-06-10' });
  const res = await provider.as.portal_worker.api.post(`/api/monthly_check_ins/${checkIn.id}/finalize`);
  expect(res.status).toBe(200);
  expect(await row('monthly_check_ins', checkIn.id)).toMatchObject({ status: 'finalized', finalized_at: T0, updated_at: T0 });
  const message = await ctx.knex('outbox_messages').where({ monthly_check_in_id: checkIn.id }).first();
  expect({ created_at: message.created_at, updated_at: message.updated_at, deliver_after: message.deliver_after }).toEqual({ created_at: T0, updated_at: T0, deliver_after: T0 });
});

it('ends a placement and notifies its plan editors at the clock', async () => {
  const placement = await createPlacement(ctx.knex, provider);
  const res = await provider.as.program_manager.api.post(`/api/placements/${placement.id}/end`, { end_date: '2025-06-14', end_reason: 'Moved home' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'ended', updated_at: T0 });
  const notifications = await ctx.knex('notifications').where({ resource: 'placements', record_id: String(placement.id) });
  expect(notifications.map((n) => [n.user_id, n.created_at, n.updated_at]).sort()).toEqual(
    [
      [provider.as.org_admin.id, T0, T0],
      [provider.as.program_manager.id, T0, T0],
    ].sort(),
  );
});

it('runs a job at the clock: its run, the plans it closes and their audit', async () => {
  const ended = await createPlacement(ctx.knex, provider, { status: 'ended', end_date: '2025-05-20', end_reason: 'Moved' });
  const plan = await createShssPlan(ctx.knex, provider, { placement_id: ended.id, status: 'in_service' });
  const res = await provider.as.system_admin.api.post('/api/jobs/close-plans-after-placement-end/run');
  expect(res.body).toMatchObject({ status: 'succeeded', summary: { closed: 1, plan_ids: [plan.id] } });
  expect(await row('job_runs', res.body.id)).toMatchObject({ as_of: '2025-06-15', started_at: T0, finished_at: T0, created_at: T0, updated_at: T0 });
  expect(await row('service_plans', plan.id)).toMatchObject({ status: 'closed', closed_on: '2025-05-30', updated_at: T0 });
  expect(await auditTimes('service_plans', plan.id)).toEqual([['close', T0]]);
});

it("takes an assignment as open until its end on the clock's date, not the database's", async () => {
  const { user, token } = await ctx.createUser({ role: 'program_manager', organization_id: provider.orgId });
  const later = await insertRow(ctx.knex, 'places_of_service', { organization_id: provider.orgId, name: 'Ends after the clock', capacity: 2 });
  const earlier = await insertRow(ctx.knex, 'places_of_service', { organization_id: provider.orgId, name: 'Ended before the clock', capacity: 2 });
  await insertRow(ctx.knex, 'place_assignments', { user_id: user.id, place_of_service_id: later.id, assigned_on: '2025-01-01', ended_on: '2025-07-01' });
  await insertRow(ctx.knex, 'place_assignments', { user_id: user.id, place_of_service_id: earlier.id, assigned_on: '2025-01-01', ended_on: '2025-06-14' });
  const api = ctx.api(token);
  expect((await api.get(`/api/places_of_service/${later.id}`)).status).toBe(200);
  expect((await api.get(`/api/places_of_service/${earlier.id}`)).status).toBe(404);
  expect((await api.get('/api/auth/me')).body.places).toEqual([{ id: later.id, name: 'Ends after the clock' }]);
});
