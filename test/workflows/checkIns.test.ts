import { useTestContext } from '../helpers/context';
import { createCheckIn, createPlacement, createProvider, createShssPlan, type Provider } from '../helpers/factories';
import { auditRows } from '../helpers/records';
import { itAnswers403ToRolesExcept } from '../helpers/roles';

const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;
let planId: number;

beforeAll(async () => {
  provider = await createProvider(ctx);
  planId = (await createShssPlan(ctx.knex, provider, { status: 'in_service' })).id;
});

let month = 0;
/** A draft check-in of a month no other test uses. */
async function draft(overrides: Record<string, unknown> = {}) {
  month += 1;
  const year = 2020 + Math.floor(month / 12);
  return createCheckIn(ctx.knex, planId, { month: `${year}-${String((month % 12) + 1).padStart(2, '0')}-01`, check_in_date: '2026-01-10', ...overrides });
}

describe('drafts', () => {
  it('save partial answers any number of times', async () => {
    const api = provider.as.portal_worker.api;
    const created = await api.post('/api/monthly_check_ins', { service_plan_id: planId, month: '2025-12-01', answers: [{ question: 'How is sleep?', response: null }] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', icm_status: 'not_sent', check_in_date: null, version: 1 });
    const second = await api.put(`/api/monthly_check_ins/${created.body.id}`, { ...created.body, answers: [{ question: 'How is sleep?', response: 'Better' }] });
    expect(second.status).toBe(200);
    const third = await api.put(`/api/monthly_check_ins/${created.body.id}`, { ...second.body, answers: [...second.body.answers, { question: 'School?', response: 'Attending', comment: 'Three days a week' }] });
    expect(third.status).toBe(200);
    expect(third.body).toMatchObject({ status: 'draft', version: 3 });
    expect(third.body.answers).toHaveLength(2);
  });

  it('refuses a comment longer than 3000 characters, even in a draft', async () => {
    const checkIn = await draft();
    const answers = [{ question: 'Q1', response: 'ok' }, { question: 'Q2', response: 'ok', comment: 'x'.repeat(3001) }];
    const res = await provider.as.portal_worker.api.put(`/api/monthly_check_ins/${checkIn.id}`, { ...checkIn, answers });
    expect(res.status).toBe(400);
    expect(res.body.errors.answers).toMatch(/3000 characters/);
    const exactly = await provider.as.portal_worker.api.put(`/api/monthly_check_ins/${checkIn.id}`, { ...checkIn, answers: [{ question: 'Q', response: 'ok', comment: 'x'.repeat(3000) }] });
    expect(exactly.status).toBe(200);
  });

  it('answers a stale version with 409', async () => {
    const checkIn = await draft();
    const api = provider.as.portal_worker.api;
    expect((await api.put(`/api/monthly_check_ins/${checkIn.id}`, { ...checkIn, check_in_date: '2026-01-11' })).status).toBe(200);
    const stale = await api.put(`/api/monthly_check_ins/${checkIn.id}`, { ...checkIn, check_in_date: '2026-01-12' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale_version');
  });

  it('keeps the month on its first day', async () => {
    const res = await provider.as.portal_worker.api.post('/api/monthly_check_ins', { service_plan_id: planId, month: '2025-11-15' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({ month: 'must be the first day of a month' });
  });

  it('allows one check-in per plan and month, with a clear 409', async () => {
    const existing = await createCheckIn(ctx.knex, planId, { month: '2025-10-01' });
    const res = await provider.as.portal_worker.api.post('/api/monthly_check_ins', { service_plan_id: planId, month: existing.month });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('This plan already has a check-in for that month: open that one instead');
  });
});

describe('finalize', () => {
  it('freezes the check-in and queues an ICM message in the same transaction', async () => {
    const checkIn = await draft();
    const res = await provider.as.portal_worker.api.post(`/api/monthly_check_ins/${checkIn.id}/finalize`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'finalized',
      finalized_at: '2026-01-15T12:00:00.000Z',
      finalized_by: provider.as.portal_worker.id,
      icm_status: 'pending',
      icm_reference: null,
      version: 2,
    });
    const [message] = await ctx.knex('outbox_messages').where({ monthly_check_in_id: checkIn.id });
    expect(message).toMatchObject({ topic: 'icm.monthly_check_in', status: 'pending', attempts: 0, deliver_after: '2026-01-15T12:00:00.000Z' });
    expect(message.idempotency_key).toMatch(new RegExp(`^check-in-${checkIn.id}-[0-9a-f-]{36}$`));
    expect(message.payload).toMatchObject({ kind: 'monthly_check_in', check_in_id: checkIn.id, service_plan_id: planId, month: checkIn.month, check_in_date: '2026-01-10', answers: checkIn.answers });
    expect(await auditRows(ctx.knex, 'monthly_check_ins', checkIn.id, 'finalize')).toHaveLength(1);
    expect(await auditRows(ctx.knex, 'outbox_messages', message.id, 'create')).toHaveLength(1);
  });

  it('requires the check-in date, and queues nothing without it', async () => {
    const checkIn = await draft({ check_in_date: null });
    const res = await provider.as.portal_worker.api.post(`/api/monthly_check_ins/${checkIn.id}/finalize`);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ message: 'Enter the check-in date before finalizing', errors: { check_in_date: 'is required to finalize' } });
    expect(await ctx.knex('outbox_messages').where({ monthly_check_in_id: checkIn.id })).toHaveLength(0);
    expect((await ctx.knex('monthly_check_ins').where({ id: checkIn.id }).first()).status).toBe('draft');
  });

  it('refuses a check-in date in the future with 422', async () => {
    const checkIn = await draft({ check_in_date: '2026-01-16' });
    const res = await provider.as.portal_worker.api.post(`/api/monthly_check_ins/${checkIn.id}/finalize`);
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('The check-in date cannot be in the future');
  });

  it('refuses a finalized check-in with 409, and keeps it read-only', async () => {
    const checkIn = await draft();
    const api = provider.as.program_manager.api;
    const first = await api.post(`/api/monthly_check_ins/${checkIn.id}/finalize`);
    const again = await api.post(`/api/monthly_check_ins/${checkIn.id}/finalize`);
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('This check-in is finalized; it can be finalized only when draft');
    const edit = await api.put(`/api/monthly_check_ins/${checkIn.id}`, { ...first.body, answers: [] });
    expect(edit.status).toBe(409);
    expect(edit.body.message).toBe('This check-in was finalized on 2026-01-15 and is read-only');
    expect(await ctx.knex('outbox_messages').where({ monthly_check_in_id: checkIn.id })).toHaveLength(1);
  });

  it('refuses a check-in of a closed plan with 409', async () => {
    const placement = await createPlacement(ctx.knex, provider);
    const plan = await createShssPlan(ctx.knex, provider, { placement_id: placement.id, status: 'closed', closed_on: '2026-01-12', closed_reason: 'other' });
    const checkIn = await createCheckIn(ctx.knex, plan.id, { check_in_date: '2026-01-05' });
    const res = await provider.as.portal_worker.api.post(`/api/monthly_check_ins/${checkIn.id}/finalize`);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(`Plan ${plan.id} is closed; its check-ins are read-only`);
  });

  itAnswers403ToRolesExcept(['system_admin', 'org_admin', 'program_manager', 'portal_worker'], async (role) => {
    const checkIn = await draft();
    const res = await provider.as[role].api.post(`/api/monthly_check_ins/${checkIn.id}/finalize`);
    expect(await ctx.knex('outbox_messages').where({ monthly_check_in_id: checkIn.id })).toHaveLength(0);
    return res;
  });
});

describe('resend_to_icm', () => {
  it('refuses a check-in whose delivery has not failed with 409', async () => {
    const checkIn = await draft();
    await provider.as.portal_worker.api.post(`/api/monthly_check_ins/${checkIn.id}/finalize`);
    const res = await provider.as.system_admin.api.post(`/api/monthly_check_ins/${checkIn.id}/resend_to_icm`);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe("This check-in's ICM status is pending; only a failed delivery can be resent");
  });

  itAnswers403ToRolesExcept(['system_admin'], async (role) => {
    const checkIn = await draft({ status: 'finalized', finalized_at: '2026-01-10T10:00:00Z', icm_status: 'failed' });
    return provider.as[role].api.post(`/api/monthly_check_ins/${checkIn.id}/resend_to_icm`);
  });
});
