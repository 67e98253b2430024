import { useTestContext } from '../helpers/context';
import { createPayment, createProvider, createSupportRequest, type Provider } from '../helpers/factories';

/** The ICM order number opens a payment's details: one read with what that screen shows. */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;
let other: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
  other = await createProvider(ctx);
});

it('answers a support payment with its contract, the placement and child it pays for, and the request', async () => {
  const request = await createSupportRequest(ctx.knex, provider, { status: 'approved' });
  const payment = await createPayment(ctx.knex, provider, {
    kind: 'support', support_request_id: request.id, service_month: '2025-11-01', amount: 450, status: 'paid', paid_on: '2025-11-20',
    cas_payment_number: 'CAS-77', icm_order_number: 'ORD-1234',
  });
  const res = await provider.as.program_manager.api.get(`/api/payments/${payment.id}/details`);
  expect(res.status).toBe(200);
  const child = await ctx.knex('children').where({ id: provider.childId }).first();
  const contract = await ctx.knex('contracts').where({ id: provider.contractId }).first();
  expect(res.body).toMatchObject({
    id: payment.id,
    amount: 450,
    service_month: '2025-11-01',
    kind: 'support',
    status: 'paid',
    paid_on: '2025-11-20',
    cas_payment_number: 'CAS-77',
    icm_order_number: 'ORD-1234',
    contract: { id: provider.contractId, contract_number: contract.contract_number, program: 'SHSS', organization_id: provider.orgId },
    placement: { id: provider.placementId, child_id: provider.childId, child_name: `${child.first_name} ${child.last_name}`, place_of_service_id: provider.placeId },
    support_request: {
      id: request.id, type_code: 'child_specific_support', type_label: 'Child-specific support', sub_type_code: 'cultural_supports', sub_type_label: 'Cultural supports',
      frequency: 'one_time', start_date: '2025-11-03', end_date: '2025-11-03', amount: 450, status: 'approved',
    },
  });
});

it('answers a base payment with its placement and no request', async () => {
  const payment = await createPayment(ctx.knex, provider, { service_month: '2025-10-01' });
  const res = await provider.as.ministry_finance.api.get(`/api/payments/${payment.id}/details`);
  expect(res.body).toMatchObject({ kind: 'base', placement: { id: provider.placementId }, support_request: null });
});

it("keeps another provider's payment out of reach (404), and a resource without details says so", async () => {
  const payment = await createPayment(ctx.knex, provider, { service_month: '2025-09-01' });
  expect((await other.as.org_admin.api.get(`/api/payments/${payment.id}/details`)).status).toBe(404);
  expect((await provider.as.coordinator.api.get(`/api/payments/${payment.id}/details`)).status).toBe(404);
  const none = await provider.as.system_admin.api.get(`/api/children/${provider.childId}/details`);
  expect(none.status).toBe(404);
  expect(none.body.message).toBe('children records have no details');
});
