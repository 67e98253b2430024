import { useTestContext } from '../helpers/context';
import { createCheckIn, createPlacement, createProvider, createShssPlan, type Provider } from '../helpers/factories';

/**
 * The monthly check-in template: a new check-in starts with the programme's standard questions
 * (check_in_questions, a lookup system administrators maintain); its month is one the plan was
 * in service in, and its date falls in or after that month.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;
let planId: number;

const STANDARD = [
  ['overall', 'How has the child been this month?'],
  ['health', 'Changes in health, medication or appointments'],
  ['school', 'School attendance and progress'],
  ['family', 'Family contact and visits'],
  ['incidents', 'Incidents and how they were handled'],
  ['plan_goals', 'Progress on plan goals'],
];

beforeAll(async () => {
  provider = await createProvider(ctx);
  // In service from 2025-05-10 (the factory's approval date).
  planId = (await createShssPlan(ctx.knex, provider, { status: 'in_service' })).id;
});

const post = (body: Record<string, unknown>) => provider.as.portal_worker.api.post('/api/monthly_check_ins', { service_plan_id: planId, ...body });

describe('the standard questions', () => {
  it('start a new check-in, in their order, each unanswered with its code', async () => {
    const res = await post({ month: '2025-05-01' });
    expect(res.status).toBe(201);
    expect(res.body.answers).toEqual(STANDARD.map(([code, question]) => ({ code, question, response: null, comment: null })));
  });

  it('keep the answers a new check-in brings', async () => {
    const res = await post({ month: '2025-06-01', answers: [{ question: 'Anything else?', response: 'No' }] });
    expect(res.body.answers).toEqual([{ question: 'Anything else?', response: 'No' }]);
  });

  it('are maintained by system administrators: an inactive one is left out, the order follows position', async () => {
    expect((await provider.as.org_admin.api.put('/api/check_in_questions/school', { active: false })).status).toBe(403);
    const admin = provider.as.system_admin.api;
    expect((await admin.put('/api/check_in_questions/school', { active: false })).status).toBe(200);
    expect((await admin.put('/api/check_in_questions/plan_goals', { position: 1 })).status).toBe(200);
    const created = await admin.post('/api/check_in_questions', { code: 'sleep', label: 'Sleep and routines', label_fr: 'Sommeil et routines', position: 65 });
    expect(created.status).toBe(201);

    const res = await post({ month: '2025-07-01' });
    expect(res.body.answers.map((a: { code: string }) => a.code)).toEqual(['plan_goals', 'overall', 'health', 'family', 'incidents', 'sleep']);
    const fr = await provider.as.portal_worker.api.get('/api/check_in_questions/sleep');
    expect(fr.body).toMatchObject({ id: 'sleep', label_fr: 'Sommeil et routines', active: true });
  });
});

describe('the month', () => {
  it('must be one the plan was in service in', async () => {
    const before = await post({ month: '2025-04-01' });
    expect(before.status).toBe(422);
    expect(before.body.message).toBe(`Plan ${planId} was not in service in 2025-04 (in service from 2025-05-10); choose a month it was in service`);
    expect(before.body.errors).toEqual({ month: 'the plan was not in service that month' });
  });

  it('cannot be a month to come', async () => {
    const res = await post({ month: '2026-02-01' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ month: 'is in the future' });
  });

  it('is refused for a plan that has not been in service', async () => {
    const placement = await createPlacement(ctx.knex, provider);
    const draft = await createShssPlan(ctx.knex, provider, { placement_id: placement.id, status: 'draft' });
    const res = await provider.as.portal_worker.api.post('/api/monthly_check_ins', { service_plan_id: draft.id, month: '2025-12-01' });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(`Plan ${draft.id} has not been in service yet (it is draft); a check-in is for a month the plan was in service`);
  });

  it('is checked again when it changes', async () => {
    const checkIn = (await post({ month: '2025-08-01' })).body;
    const res = await provider.as.portal_worker.api.put(`/api/monthly_check_ins/${checkIn.id}`, { ...checkIn, month: '2025-03-01' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ month: 'the plan was not in service that month' });
  });
});

describe('the check-in date', () => {
  it('falls in the month or after it, on save and on finalize', async () => {
    const early = await post({ month: '2025-09-01', check_in_date: '2025-08-31' });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ message: 'The check-in date falls in or after the month it is about (2025-09)', errors: { check_in_date: 'must be on or after 2025-09-01' } });
    expect((await post({ month: '2025-09-01', check_in_date: '2025-09-01' })).status).toBe(201);
    expect((await post({ month: '2025-10-01', check_in_date: '2025-11-03' })).status).toBe(201);

    const loaded = await createCheckIn(ctx.knex, planId, { month: '2025-11-01', check_in_date: '2025-10-20' });
    const finalize = await provider.as.portal_worker.api.post(`/api/monthly_check_ins/${loaded.id}/finalize`);
    expect(finalize.status).toBe(422);
    expect(finalize.body.errors).toEqual({ check_in_date: 'must be on or after 2025-11-01' });
  });
});
