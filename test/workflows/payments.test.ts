import { useTestContext } from '../helpers/context';
import { createPayment, createPlacement, createProvider, type Provider } from '../helpers/factories';
import { auditRows } from '../helpers/records';
import { itAnswers403ToRolesExcept } from '../helpers/roles';

const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
});

const finance = () => provider.as.ministry_finance.api;
let monthCounter = 0;
/** A scheduled payment in a month no other test uses (one base payment per placement and month). */
async function scheduled(overrides: Record<string, unknown> = {}) {
  monthCounter += 1;
  return createPayment(ctx.knex, provider, { service_month: `2023-${String(monthCounter % 12 || 12).padStart(2, '0')}-01`, placement_id: (await createPlacement(ctx.knex, provider)).id, ...overrides });
}
async function paid() {
  return scheduled({ status: 'paid', paid_on: '2026-01-05', cas_payment_number: 'CAS-0001' });
}

describe('cancel', () => {
  it('lets finance cancel a scheduled payment', async () => {
    const payment = await scheduled();
    const res = await finance().post(`/api/payments/${payment.id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    const [audit] = await auditRows(ctx.knex, 'payments', payment.id, 'cancel');
    expect(audit.user_id).toBe(provider.as.ministry_finance.id);
  });

  it('refuses a paid payment with 409', async () => {
    const payment = await paid();
    const res = await finance().post(`/api/payments/${payment.id}/cancel`);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('This payment is paid; it can be cancelled only when scheduled');
  });

  itAnswers403ToRolesExcept(['ministry_finance'], async (role) => {
    const payment = await scheduled();
    return provider.as[role].api.post(`/api/payments/${payment.id}/cancel`);
  });
});

describe('mark_paid', () => {
  it('records the payment date and CAS payment number', async () => {
    const payment = await scheduled();
    const res = await finance().post(`/api/payments/${payment.id}/mark_paid`, { paid_on: '2026-01-14', cas_payment_number: 'CAS-77812' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'paid', paid_on: '2026-01-14', cas_payment_number: 'CAS-77812' });
    expect(await auditRows(ctx.knex, 'payments', payment.id, 'mark_paid')).toHaveLength(1);
  });

  it('asks for the CAS payment number and refuses a date in the future', async () => {
    const payment = await scheduled();
    const noNumber = await finance().post(`/api/payments/${payment.id}/mark_paid`, { paid_on: '2026-01-14' });
    expect(noNumber.status).toBe(400);
    expect(noNumber.body.errors).toEqual({ cas_payment_number: 'is required' });
    const future = await finance().post(`/api/payments/${payment.id}/mark_paid`, { paid_on: '2026-01-20', cas_payment_number: 'CAS-1' });
    expect(future.status).toBe(422);
  });

  it('refuses a payment date before the scheduled date, and takes that very day', async () => {
    const payment = await scheduled({ scheduled_on: '2026-01-10' });
    const early = await finance().post(`/api/payments/${payment.id}/mark_paid`, { paid_on: '2026-01-09', cas_payment_number: 'CAS-2' });
    expect(early.status).toBe(422);
    expect(early.body.errors).toEqual({ paid_on: 'must be on or after 2026-01-10' });
    expect(early.body.message).toBe('A payment scheduled on 2026-01-10 cannot have been paid before (2026-01-09)');
    const sameDay = await finance().post(`/api/payments/${payment.id}/mark_paid`, { paid_on: '2026-01-10', cas_payment_number: 'CAS-2' });
    expect(sameDay.status).toBe(200);
  });

  it('refuses a cancelled payment with 409', async () => {
    const payment = await scheduled({ status: 'cancelled' });
    const res = await finance().post(`/api/payments/${payment.id}/mark_paid`, { paid_on: '2026-01-14', cas_payment_number: 'CAS-1' });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('This payment is cancelled; it can be recorded as paid only when scheduled');
  });

  itAnswers403ToRolesExcept(['ministry_finance'], async (role) => {
    const payment = await scheduled();
    return provider.as[role].api.post(`/api/payments/${payment.id}/mark_paid`, { paid_on: '2026-01-14', cas_payment_number: 'CAS-1' });
  });
});

describe('plain writes of payments', () => {
  it('let finance set the CAS and ICM numbers of a scheduled payment, and nothing else', async () => {
    const payment = await scheduled();
    const numbers = await finance().put(`/api/payments/${payment.id}`, { ...payment, cas_payment_number: 'CAS-9', icm_order_number: 'ICM-ORD-4' });
    expect(numbers.status).toBe(200);
    expect(numbers.body).toMatchObject({ cas_payment_number: 'CAS-9', icm_order_number: 'ICM-ORD-4' });
    expect((await finance().put(`/api/payments/${payment.id}`, { ...payment, amount: 1 })).status).toBe(403);
    const status = await finance().put(`/api/payments/${payment.id}`, { ...numbers.body, status: 'paid' });
    expect(status.status).toBe(409);
  });

  it.each(['ministry_finance', 'system_admin'] as const)('never change a paid payment, even for %s (409)', async (role) => {
    const payment = await paid();
    const res = await provider.as[role].api.put(`/api/payments/${payment.id}`, { ...payment, icm_order_number: 'ICM-ORD-5' });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(`Payment ${payment.id} was paid on 2026-01-05; a paid payment never changes`);
  });

  it('never delete a paid payment (409)', async () => {
    const payment = await paid();
    const res = await provider.as.system_admin.api.delete(`/api/payments/${payment.id}`);
    expect(res.status).toBe(409);
    expect(await ctx.knex('payments').where({ id: payment.id })).toHaveLength(1);
  });
});
