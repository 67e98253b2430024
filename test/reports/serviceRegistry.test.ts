import { useTestContext } from '../helpers/context';
import { factories, insertRow } from '../helpers/factories';
import { auditRows } from '../helpers/records';
import { serviceRegistryReport } from '../../server/reports/serviceRegistry';
import { suppressSmallCounts } from '../../server/reports/suppression';

/**
 * The CSP service registry (waitlists per category and provider, in priority order) and the
 * waiting-for-initiation list ordered by the coordinator's priority. Expected numbers are
 * worked out by hand from the fixture below (registry date `to` = 2025-12-31).
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let org: number;
let coordinator: { token: string };
const ids: Record<string, number> = {};

beforeAll(async () => {
  const f = factories(ctx.knex);
  org = await f.organization({ name: 'Registry Agency' });
  const otherOrg = await f.organization({ name: 'Other Agency' });
  coordinator = await ctx.createUser({ role: 'coordinator', organization_id: org });

  const plan = async (name: string, organizationId: number, closed_on?: string) => {
    const childId = await f.child({ first_name: name, last_name: 'Waits' });
    const { planId } = await f.cspCase({ organization_id: organizationId, referral_date: '2025-04-10', initiated_on: '2025-04-20', child_id: childId, closed_on, closed_reason: closed_on ? 'met_goals' : undefined });
    ids[name] = childId;
    return planId;
  };
  const p1 = await plan('Ana', org);
  const p2 = await plan('Ben', org);
  const p3 = await plan('Cy', org, '2025-11-30');
  const p4 = await plan('Dee', otherOrg);

  const service = async (key: string, row: Record<string, unknown>) => {
    ids[key] = (await insertRow(ctx.knex, 'plan_services', { priority: 'routine', ...row })).id;
  };
  const speech = 'rehab_speech_language';
  await service('s1', { service_plan_id: p1, category: speech, provider_name: 'North Speech', status: 'waitlisted', waitlisted_on: '2025-10-01' });
  await service('s2', { service_plan_id: p2, category: speech, provider_name: 'North Speech', status: 'waitlisted', priority: 'urgent', waitlisted_on: '2025-12-01' });
  await service('s3', { service_plan_id: p1, category: 'autism', provider_name: 'Autism Hub', status: 'waitlisted', priority: 'high', waitlisted_on: '2025-06-15' });
  await service('s4', { service_plan_id: p2, category: speech, provider_name: 'South Speech', status: 'receiving', waitlisted_on: '2025-09-01', started_on: '2026-01-05' });
  await service('s5', { service_plan_id: p1, category: speech, provider_name: 'North Speech', status: 'receiving', waitlisted_on: '2025-05-01', started_on: '2025-07-01' });
  await service('s6', { service_plan_id: p2, category: 'autism', provider_name: 'Autism Hub', status: 'completed', waitlisted_on: '2025-08-01', started_on: '2025-08-21', ended_on: '2025-12-01' });
  await service('s7', { service_plan_id: p3, category: speech, provider_name: 'North Speech', status: 'waitlisted', waitlisted_on: '2025-10-15' });
  await service('s8', { service_plan_id: p1, category: speech, provider_name: 'North Speech', status: 'declined', waitlisted_on: '2025-07-01' });
  await service('s9', { service_plan_id: p1, category: 'nursing', status: 'waitlisted', waitlisted_on: '2026-01-10' });
  await service('s10', { service_plan_id: p4, category: speech, provider_name: 'North Speech', status: 'waitlisted', waitlisted_on: '2025-10-01' });
});

const registry = () => ctx.api(coordinator.token).get('/api/reports/service-registry?from=2025-04-01&to=2025-12-31');

describe('the service registry', () => {
  it('lists who waits at the registry date, in priority order, the longest wait first', async () => {
    const res = await registry();
    expect(res.status).toBe(200);
    expect(res.body.organization_id).toBe(org);
    expect(res.body.summary).toEqual({ waiting: 4, urgent: 1, high: 1, routine: 2 });
    expect(res.body.waiting.map((w: Record<string, unknown>) => [w.plan_service_id, w.priority, w.waitlisted_on, w.days_waited])).toEqual([
      [ids.s2, 'urgent', '2025-12-01', 30],
      [ids.s3, 'high', '2025-06-15', 199],
      [ids.s4, 'routine', '2025-09-01', 121],
      [ids.s1, 'routine', '2025-10-01', 91],
    ]);
    expect(res.body.waiting[0]).toMatchObject({ child_id: ids.Ben, child_name: 'Ben Waits', category: 'rehab_speech_language', provider_name: 'North Speech', organization_id: org });
  });

  it('counts each category: waiting with the median so far, started in the period with the median wait to start', async () => {
    const { categories } = (await registry()).body;
    expect(categories).toHaveLength(13);
    expect(categories.find((c: { category: string }) => c.category === 'rehab_speech_language')).toEqual({
      category: 'rehab_speech_language', waiting: 3, median_days_waiting: 91, started: 1, median_days_to_start: 61,
    });
    expect(categories.find((c: { category: string }) => c.category === 'autism')).toEqual({
      category: 'autism', waiting: 1, median_days_waiting: 199, started: 1, median_days_to_start: 20,
    });
    expect(categories.find((c: { category: string }) => c.category === 'nursing')).toEqual({
      category: 'nursing', waiting: 0, median_days_waiting: null, started: 0, median_days_to_start: null,
    });
  });

  it('counts each provider of a category', async () => {
    expect((await registry()).body.providers).toEqual([
      { category: 'autism', provider_name: 'Autism Hub', waiting: 1, median_days_waiting: 199, longest_days_waiting: 199 },
      { category: 'rehab_speech_language', provider_name: 'North Speech', waiting: 2, median_days_waiting: 60.5, longest_days_waiting: 91 },
      { category: 'rehab_speech_language', provider_name: 'South Speech', waiting: 1, median_days_waiting: 121, longest_days_waiting: 121 },
    ]);
  });

  it('downloads the waiting list as CSV through the report downloads, audited', async () => {
    const res = await ctx.api(coordinator.token).get('/api/reports/service-registry?from=2025-04-01&to=2025-12-31&format=csv&table=waiting');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('Priority (code),Priority,Child (id),Child,Service category (code),Service category,Provider,Waitlisted on,Days waited,Plan (id),Plan service (id),Organisation (id)');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(new RegExp(`^urgent,Urgent,${ids.Ben},Ben Waits,rehab_speech_language,Speech-language therapy,North Speech,2025-12-01,30,`));
    const [audit] = await ctx.knex('audit_events').where({ resource: 'reports/service-registry', action: 'export' });
    expect(audit.changes.after).toMatchObject({ format: 'csv', table: 'waiting', organization_id: org });
  });
});

describe('the service registry published with suppress_small=1', () => {
  it('writes the small counts of its categories <5 and withholds their medians, zeros left as they are', async () => {
    const res = await ctx.api(coordinator.token).get('/api/reports/service-registry?from=2025-04-01&to=2025-12-31&format=csv&table=categories&suppress_small=1');
    expect(res.status).toBe(200);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('Service category (code),Service category,Waiting,Median days waiting,Started in the period,Median days to start');
    const row = (category: string) => lines.find((line) => line.startsWith(`${category},`));
    // waiting 3 (median 91) and started 1 (median 61); waiting 1 (199) and started 1 (20)
    expect(row('rehab_speech_language')).toBe('rehab_speech_language,Speech-language therapy,<5,x,<5,x');
    expect(row('autism')).toBe('autism,Autism services,<5,x,<5,x');
    expect(row('nursing')).toBe('nursing,Nursing,0,,0,');
  });

  it('withholds only the median of the count it withholds', () => {
    const categories = [
      { category: 'autism', waiting: 7, median_days_waiting: 40, started: 2, median_days_to_start: 12 },
      { category: 'nursing', waiting: 6, median_days_waiting: 10, started: 3, median_days_to_start: 5 },
      { category: 'rehab_speech_language', waiting: 0, median_days_waiting: null, started: 9, median_days_to_start: 30 },
    ] as const;
    const result = { summary: { waiting: 13, urgent: 0, high: 0, routine: 13 }, waiting: [], categories: [...categories], providers: [] };
    const table = serviceRegistryReport.tables.categories(result as never, { from: '2025-04-01', to: '2025-12-31', organization_name: 'Registry Agency', language: 'en' });
    // Started 2 and 3 are small; the column still holds two withheld cells, so nothing more goes.
    expect(suppressSmallCounts(table).rows).toEqual([
      { category: 'autism', waiting: 7, median_days_waiting: 40, started: '<5', median_days_to_start: 'x' },
      { category: 'nursing', waiting: 6, median_days_waiting: 10, started: '<5', median_days_to_start: 'x' },
      { category: 'rehab_speech_language', waiting: 0, median_days_waiting: null, started: 9, median_days_to_start: 30 },
    ]);
  });
});

describe('a plan service on a waitlist', () => {
  it('joins it today unless told otherwise, and cannot start before it joined', async () => {
    const planId = (await ctx.knex('service_plans').where({ child_id: ids.Ana }).first('id')).id;
    const api = ctx.api(coordinator.token);
    const res = await api.post('/api/plan_services', { service_plan_id: planId, category: 'dietician', status: 'waitlisted', priority: 'high' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ waitlisted_on: '2026-01-15', priority: 'high' });
    const bad = await api.post('/api/plan_services', { service_plan_id: planId, category: 'dietician', status: 'receiving', waitlisted_on: '2025-12-01', started_on: '2025-11-01' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors)).toEqual(['waitlisted_on']);
  });
});

describe('the waiting list for CSP initiation', () => {
  const waiting: Record<string, { referralChildId: number; childId: number }> = {};

  beforeAll(async () => {
    const f = factories(ctx.knex);
    for (const [name, referralDate] of [['Xia', '2025-06-01'], ['Yul', '2025-09-01'], ['Zed', '2025-11-01']] as const) {
      const childId = await f.child({ first_name: name, last_name: 'Queue' });
      const referralId = await f.referral({ organization_id: org, referral_date: referralDate });
      const referralChildId = await f.referralChild({ referral_id: referralId, child_id: childId, eligibility: 'eligible', eligibility_decided_on: referralDate });
      waiting[name] = { referralChildId, childId };
    }
  });

  const names = async () => {
    const res = await ctx.api(coordinator.token).get('/api/reports/wait-times?from=2025-04-01&to=2025-12-31');
    return res.body.waiting.filter((w: { child_name: string }) => w.child_name.endsWith('Queue')).map((w: { child_name: string; priority: string }) => [w.child_name, w.priority]);
  };

  it('is ordered by the priority the coordinator sets, with a reason, then by days waited', async () => {
    expect(await names()).toEqual([['Xia Queue', 'routine'], ['Yul Queue', 'routine'], ['Zed Queue', 'routine']]);
    const res = await ctx.api(coordinator.token).post(`/api/referral_children/${waiting.Zed.referralChildId}/set_priority`, { priority: 'urgent', priority_reason: 'Family in crisis' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ priority: 'urgent', priority_reason: 'Family in crisis' });
    expect(await names()).toEqual([['Zed Queue', 'urgent'], ['Xia Queue', 'routine'], ['Yul Queue', 'routine']]);
    const [audit] = await auditRows(ctx.knex, 'referral_children', waiting.Zed.referralChildId, 'set_priority');
    expect([audit.changes.before.priority, audit.changes.after.priority, audit.changes.after.priority_reason]).toEqual(['routine', 'urgent', 'Family in crisis']);
  });

  it('asks for a reason (400), keeps the priority out of a plain PUT (409), and leaves it to the planners (403)', async () => {
    const url = `/api/referral_children/${waiting.Yul.referralChildId}`;
    const api = ctx.api(coordinator.token);
    expect((await api.post(`${url}/set_priority`, { priority: 'high' })).body.errors).toEqual({ priority_reason: 'is required' });
    const row = (await api.get(url)).body;
    const put = await api.put(url, { ...row, priority: 'high' });
    expect(put.status).toBe(409);
    const worker = await ctx.createUser({ role: 'portal_worker', organization_id: org });
    expect((await ctx.api(worker.token).post(`${url}/set_priority`, { priority: 'high', priority_reason: 'x' })).status).toBe(403);
  });

  it('is for CSP referrals only (422)', async () => {
    const f = factories(ctx.knex);
    const childId = await f.child();
    const referralId = await f.referral({ organization_id: org, referral_date: '2025-10-01', program: 'SHSS' });
    const rc = await f.referralChild({ referral_id: referralId, child_id: childId, eligibility: 'eligible' });
    const res = await ctx.api(coordinator.token).post(`/api/referral_children/${rc}/set_priority`, { priority: 'high', priority_reason: 'x' });
    // A coordinator does not see SHSS referrals at all; a system administrator gets the rule.
    expect(res.status).toBe(404);
    const admin = await ctx.createUser({ role: 'system_admin' });
    const ruled = await ctx.api(admin.token).post(`/api/referral_children/${rc}/set_priority`, { priority: 'high', priority_reason: 'x' });
    expect(ruled.status).toBe(422);
    expect(ruled.body.errors).toEqual({ referral_id: 'is not a CSP referral' });
  });
});
