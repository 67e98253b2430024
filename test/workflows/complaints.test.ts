import { useTestContext } from '../helpers/context';
import { factories, insertRow } from '../helpers/factories';

/**
 * Complaints and risk (CSP): the complaints register, scoped to the agency like its CSP
 * records, the plans' risk flags, and the small report that counts them (numbers worked out by
 * hand from the fixture: period 2025-04-01 – 2025-12-31).
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let org: number;
let otherOrg: number;
let coordinator: { token: string };
let outsider: { token: string };
const ids: Record<string, number> = {};

beforeAll(async () => {
  const f = factories(ctx.knex);
  org = await f.organization({ name: 'Complaints Agency' });
  otherOrg = await f.organization({ name: 'Elsewhere Agency' });
  coordinator = await ctx.createUser({ role: 'coordinator', organization_id: org });
  outsider = await ctx.createUser({ role: 'coordinator', organization_id: otherOrg });
  const p1 = await f.cspCase({ organization_id: org, referral_date: '2025-04-01', initiated_on: '2025-04-20' });
  const p2 = await f.cspCase({ organization_id: org, referral_date: '2025-04-01', initiated_on: '2025-05-20' });
  const p3 = await f.cspCase({ organization_id: org, referral_date: '2025-04-01', initiated_on: '2025-05-20', closed_on: '2025-11-30', closed_reason: 'met_goals' });
  ids.plan1 = p1.planId;
  ids.child1 = p1.childId;
  ids.plan2 = p2.planId;
  ids.child2 = p2.childId;
  await ctx.knex('service_plans').where({ id: p1.planId }).update({ risk_level: 'high', risk_reason: 'Placement breakdown risk', risk_reviewed_on: '2025-12-01' });
  await ctx.knex('service_plans').where({ id: p3.planId }).update({ risk_level: 'medium', risk_reason: 'x', risk_reviewed_on: '2025-06-01' });

  const complaint = (key: string, row: Record<string, unknown>) =>
    insertRow(ctx.knex, 'complaints', { organization_id: org, received_from: 'family', about: `Complaint ${key}`, ...row }).then((r) => {
      ids[key] = r.id;
    });
  await complaint('c1', { received_on: '2025-05-01', category: 'access_and_wait', status: 'resolved', resolved_on: '2025-05-21', resolution: 'Appointment found' });
  await complaint('c2', { received_on: '2025-07-01', category: 'service_quality', status: 'resolved', resolved_on: '2025-08-10', resolution: 'Apology' });
  await complaint('c3', { received_on: '2025-10-01', category: 'access_and_wait', status: 'investigating' });
  await complaint('c4', { received_on: '2025-12-01', category: 'communication', status: 'open' });
  await complaint('c5', { received_on: '2025-11-01', category: 'staff_conduct', status: 'withdrawn', resolved_on: '2025-11-05' });
  await complaint('c6', { received_on: '2025-09-01', category: 'safety', status: 'resolved', resolved_on: '2026-01-05', resolution: 'Plan changed' });
  await complaint('c7', { received_on: '2025-03-15', category: 'privacy', status: 'open' });
  await insertRow(ctx.knex, 'complaints', { organization_id: otherOrg, received_from: 'child', about: 'Elsewhere', received_on: '2025-06-01', category: 'other' });
});

describe('the register', () => {
  it("records a complaint in the coordinator's organisation, naming the plan's child", async () => {
    const res = await ctx.api(coordinator.token).post('/api/complaints', {
      received_on: '2026-01-14', received_from: 'provider', about: 'Late reports from the coordinator', category: 'communication', service_plan_id: ids.plan1,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ organization_id: org, status: 'open', child_id: ids.child1, resolved_on: null, version: 1 });
  });

  it('dates a resolution today unless told, needs its text, and clears the date when reopened', async () => {
    const api = ctx.api(coordinator.token);
    const created = (await api.post('/api/complaints', { received_on: '2026-01-02', received_from: 'family', about: 'Wait for OT', category: 'access_and_wait' })).body;
    const noText = await api.put(`/api/complaints/${created.id}`, { ...created, status: 'resolved' });
    expect(noText.status).toBe(422);
    expect(noText.body.errors).toEqual({ resolution: 'is required when resolved' });
    const resolved = await api.put(`/api/complaints/${created.id}`, { ...created, status: 'resolved', resolution: 'OT assessment booked' });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolved_on: '2026-01-15', version: 2 });
    const reopened = await api.put(`/api/complaints/${resolved.body.id}`, { ...resolved.body, status: 'investigating' });
    expect(reopened.body).toMatchObject({ status: 'investigating', resolved_on: null });
  });

  it('refuses dates in the future or a resolution before the complaint arrived (422)', async () => {
    const api = ctx.api(coordinator.token);
    const future = await api.post('/api/complaints', { received_on: '2026-01-16', received_from: 'child', about: 'x', category: 'other' });
    expect(future.status).toBe(422);
    expect(future.body.errors).toEqual({ received_on: 'cannot be in the future' });
    const early = await api.post('/api/complaints', { received_on: '2026-01-10', received_from: 'child', about: 'x', category: 'other', status: 'withdrawn', resolved_on: '2026-01-09' });
    expect(early.status).toBe(422);
    expect(early.body.errors).toEqual({ resolved_on: 'must be on or after 2026-01-10' });
  });

  it("keeps each agency to its own register: another's complaints are 404, and so are its plans", async () => {
    const api = ctx.api(outsider.token);
    expect((await api.get(`/api/complaints/${ids.c1}`)).status).toBe(404);
    const list = await api.get('/api/complaints');
    expect(list.body.map((c: { about: string }) => c.about)).toEqual(['Elsewhere']);
    const res = await api.post('/api/complaints', { received_on: '2026-01-10', received_from: 'family', about: 'x', category: 'other', service_plan_id: ids.plan1 });
    expect(res.status).toBe(404);
    const intoOther = await api.post('/api/complaints', { organization_id: org, received_on: '2026-01-10', received_from: 'family', about: 'x', category: 'other' });
    expect(intoOther.status).toBe(404);
  });

  it('leaves the register to the planners (403 for a portal worker)', async () => {
    const worker = await ctx.createUser({ role: 'portal_worker', organization_id: org });
    const res = await ctx.api(worker.token).post('/api/complaints', { received_on: '2026-01-10', received_from: 'family', about: 'x', category: 'other' });
    expect(res.status).toBe(403);
  });
});

describe("a plan's risk flag", () => {
  it('needs its reason and review date, and a review not in the future', async () => {
    const api = ctx.api(coordinator.token);
    const plan = (await api.get(`/api/service_plans/${ids.plan2}`)).body;
    const bare = await api.put(`/api/service_plans/${plan.id}`, { ...plan, risk_level: 'medium' });
    expect(bare.status).toBe(422);
    expect(bare.body.errors).toEqual({ risk_reason: 'is required with a risk level', risk_reviewed_on: 'is required with a risk level' });
    const future = await api.put(`/api/service_plans/${plan.id}`, { ...plan, risk_level: 'medium', risk_reason: 'School refusal', risk_reviewed_on: '2026-02-01' });
    expect(future.body.errors).toEqual({ risk_reviewed_on: 'cannot be in the future' });
    const flagged = await api.put(`/api/service_plans/${plan.id}`, { ...plan, risk_level: 'low', risk_reason: 'School refusal', risk_reviewed_on: '2026-01-10' });
    expect(flagged.status).toBe(200);
    expect(flagged.body).toMatchObject({ risk_level: 'low', risk_reviewed_on: '2026-01-10' });
    const cleared = await api.put(`/api/service_plans/${plan.id}`, { ...flagged.body, risk_level: null });
    expect(cleared.body.risk_level).toBeNull();
  });
});

describe('the complaints report', () => {
  const report = () => ctx.api(coordinator.token).get('/api/reports/complaints?from=2025-04-01&to=2025-12-31');

  it('counts the complaints received in the period, by status and by category', async () => {
    const { body } = await report();
    expect(body.summary).toEqual({ received: 6, open_at_end: 4, mean_days_open: 133.3, median_days_to_resolve: 30 });
    expect(body.by_status).toEqual([
      { status: 'open', received: 1 },
      { status: 'investigating', received: 1 },
      { status: 'resolved', received: 3 },
      { status: 'withdrawn', received: 1 },
    ]);
    expect(body.by_category).toEqual([
      { category: 'access_and_wait', received: 2, open_at_end: 1, resolved: 1 },
      { category: 'service_quality', received: 1, open_at_end: 0, resolved: 1 },
      { category: 'communication', received: 1, open_at_end: 1, resolved: 0 },
      { category: 'staff_conduct', received: 1, open_at_end: 0, resolved: 0 },
      { category: 'privacy', received: 0, open_at_end: 1, resolved: 0 },
      { category: 'safety', received: 1, open_at_end: 1, resolved: 1 },
      { category: 'other', received: 0, open_at_end: 0, resolved: 0 },
    ]);
  });

  it('lists those open at the end with the days they have been open', async () => {
    const { body } = await report();
    expect(body.open.map((c: Record<string, unknown>) => [c.complaint_id, c.days_open])).toEqual([
      [ids.c7, 291],
      [ids.c6, 121],
      [ids.c3, 91],
      [ids.c4, 30],
    ]);
  });

  it('publishes its counts by category with suppress_small=1: every count of 1 to 4 written <5, zeros kept', async () => {
    const res = await ctx.api(coordinator.token).get('/api/reports/complaints?from=2025-04-01&to=2025-12-31&format=csv&table=by_category&suppress_small=1');
    expect(res.status).toBe(200);
    // the counts of the test above; each column keeps at least two withheld cells, so nothing more is withheld
    expect(res.text.trim().split('\r\n')).toEqual([
      'Category (code),Category,Received in the period,Of which resolved,Open at the end',
      'access_and_wait,Access and waiting,<5,<5,<5',
      'service_quality,Quality of service,<5,<5,0',
      'communication,Communication,<5,0,<5',
      'staff_conduct,Staff conduct,<5,0,0',
      'privacy,Privacy,0,0,<5',
      'safety,Safety,<5,<5,<5',
      'other,Other,0,0,0',
    ]);
  });

  it("counts the plans in service at the end by risk flag", async () => {
    const { body } = await report();
    expect(body.plan_risk).toEqual([
      { risk_level: 'low', plans: 0 },
      { risk_level: 'medium', plans: 0 },
      { risk_level: 'high', plans: 1 },
      { risk_level: 'none', plans: 1 },
    ]);
  });
});
