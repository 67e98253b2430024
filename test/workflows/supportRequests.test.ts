import type { Role } from '../../contract/enums';
import { useTestContext } from '../helpers/context';
import { createPlacement, createProvider, createSupportRequest, insertRow, type Provider } from '../helpers/factories';
import { auditRows } from '../helpers/records';
import { itAnswers403ToRolesExcept } from '../helpers/roles';

const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
});

const PROVIDERS: Role[] = ['system_admin', 'org_admin', 'program_manager'];
const pm = () => provider.as.program_manager.api;
const finance = () => provider.as.ministry_finance.api;

async function submitted(overrides: Record<string, unknown> = {}) {
  return createSupportRequest(ctx.knex, provider, { status: 'submitted', submitted_at: '2026-01-10T10:00:00Z', ...overrides });
}

describe('saving a draft', () => {
  it('keeps a partial draft and takes the contract from the placement', async () => {
    const res = await pm().post('/api/support_requests', { child_id: provider.childId, placement_id: provider.placementId, type_code: 'child_specific_support' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'draft', contract_id: provider.contractId, amount: null, start_date: null, version: 1 });
  });

  it.each([0, -5])('answers an amount of %s with "Enter an amount greater than $0"', async (amount) => {
    const res = await pm().post('/api/support_requests', { placement_id: provider.placementId, child_id: provider.childId, type_code: 'child_specific_support', amount });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ message: 'Enter an amount greater than $0', errors: { amount: 'Enter an amount greater than $0' } });
  });

  it('refuses a start after the end with 422', async () => {
    const res = await pm().post('/api/support_requests', { placement_id: provider.placementId, child_id: provider.childId, type_code: 'child_specific_support', start_date: '2025-12-10', end_date: '2025-12-09' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ message: 'The start date must be on or before the end date', errors: { end_date: 'must be on or after the start date' } });
  });

  it('refuses a sub-type of another type with 422', async () => {
    const res = await pm().post('/api/support_requests', { placement_id: provider.placementId, child_id: provider.childId, type_code: 'staffing', sub_type_code: 'cultural_supports' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ message: '"Cultural supports" is not a sub-type of "Additional staffing"', errors: { sub_type_code: 'is not a sub-type of staffing' } });
  });

  it('refuses a sub-type given as the type with 422', async () => {
    const res = await pm().post('/api/support_requests', { placement_id: provider.placementId, child_id: provider.childId, type_code: 'cultural_supports' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ type_code: 'is a sub-type' });
  });

  it('refuses a legacy-only type on a contract that is not legacy with 422', async () => {
    const res = await pm().post('/api/support_requests', { placement_id: provider.placementId, child_id: provider.childId, type_code: 'legacy_transition_in' });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/^"Legacy transition-in" is only for legacy contracts; contract SHSS\d{10} is not one$/);
  });

  it("answers a programme manager naming another organisation's contract as not found (404): out of its scope", async () => {
    const other = await insertRow(ctx.knex, 'organizations', { name: 'Other provider', kind: 'service_provider' });
    const contract = await insertRow(ctx.knex, 'contracts', { organization_id: other.id, contract_number: 'SHSS7777777777', program: 'SHSS', start_date: '2025-01-01' });
    const res = await pm().post('/api/support_requests', { placement_id: provider.placementId, child_id: provider.childId, type_code: 'child_specific_support', contract_id: contract.id });
    expect(res.status).toBe(404);
    expect(res.body.errors).toEqual({ contract_id: 'no such record' });
  });

  it("refuses another organisation's contract with 422 even for a system administrator", async () => {
    const other = await insertRow(ctx.knex, 'organizations', { name: 'Third provider', kind: 'service_provider' });
    const contract = await insertRow(ctx.knex, 'contracts', { organization_id: other.id, contract_number: 'SHSS7777777778', program: 'SHSS', start_date: '2025-01-01' });
    const res = await provider.as.system_admin.api.post('/api/support_requests', { placement_id: provider.placementId, child_id: provider.childId, type_code: 'child_specific_support', contract_id: contract.id });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ contract_id: "is another organisation's contract" });
  });

  it('refuses an inactive type with 422', async () => {
    await insertRow(ctx.knex, 'support_request_types', { code: 'retired_type', label: 'Retired type', active: false });
    const res = await pm().post('/api/support_requests', { placement_id: provider.placementId, child_id: provider.childId, type_code: 'retired_type' });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('"Retired type" is no longer offered');
  });

  it('keeps a submitted request read-only (409)', async () => {
    const request = await submitted();
    const res = await pm().put(`/api/support_requests/${request.id}`, { ...request, amount: 500 });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('This support request is submitted; only a draft can be changed');
  });
});

describe('submit', () => {
  it('sends a complete draft, filling a one-time end date from its start', async () => {
    const request = await createSupportRequest(ctx.knex, provider, { end_date: null });
    const res = await pm().post(`/api/support_requests/${request.id}/submit`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'submitted', submitted_at: '2026-01-15T12:00:00.000Z', end_date: '2025-11-03', version: 2 });
    expect(await auditRows(ctx.knex, 'support_requests', request.id, 'submit')).toHaveLength(1);
  });

  it('answers a blank amount with "Enter an amount greater than $0" (422)', async () => {
    const request = await createSupportRequest(ctx.knex, provider, { amount: null });
    const res = await pm().post(`/api/support_requests/${request.id}/submit`);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ message: 'Enter an amount greater than $0', errors: { amount: 'Enter an amount greater than $0' } });
  });

  it('asks for the dates of a monthly request', async () => {
    const request = await createSupportRequest(ctx.knex, provider, { frequency: 'monthly', end_date: null });
    const res = await pm().post(`/api/support_requests/${request.id}/submit`);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ end_date: 'is required to submit' });
  });

  it("refuses dates outside the placement's dates with 422", async () => {
    const request = await createSupportRequest(ctx.knex, provider, { start_date: '2025-04-20', end_date: '2025-04-20' });
    const res = await pm().post(`/api/support_requests/${request.id}/submit`);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ message: 'The dates must fall within the placement (2025-05-01 to open)', errors: { start_date: 'is outside the placement' } });
  });

  it("refuses dates outside the contract's dates with 422", async () => {
    const request = await createSupportRequest(ctx.knex, provider, { frequency: 'monthly', start_date: '2027-03-01', end_date: '2027-04-30' });
    const res = await pm().post(`/api/support_requests/${request.id}/submit`);
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/^The dates must fall within contract SHSS\d{10} \(2025-04-01 to 2027-03-31\)$/);
    expect(res.body.errors).toEqual({ end_date: 'is outside the contract' });
  });

  it('accepts a one-time request after the placement ended when its dates fall inside', async () => {
    const placement = await createPlacement(ctx.knex, provider, { status: 'ended', end_date: '2025-12-31', end_reason: 'Moved' });
    const request = await createSupportRequest(ctx.knex, provider, { child_id: placement.child_id, placement_id: placement.id, start_date: '2025-12-15', end_date: '2025-12-15' });
    const res = await pm().post(`/api/support_requests/${request.id}/submit`);
    expect(res.status).toBe(200);

    const late = await createSupportRequest(ctx.knex, provider, { child_id: placement.child_id, placement_id: placement.id, start_date: '2026-01-05', end_date: '2026-01-05' });
    const outside = await pm().post(`/api/support_requests/${late.id}/submit`);
    expect(outside.status).toBe(422);
    expect(outside.body.errors).toEqual({ end_date: 'is outside the placement' });
  });

  it('refuses a monthly request after the placement ended with 422', async () => {
    const placement = await createPlacement(ctx.knex, provider, { status: 'ended', end_date: '2025-12-31', end_reason: 'Moved' });
    const request = await createSupportRequest(ctx.knex, provider, { child_id: placement.child_id, placement_id: placement.id, frequency: 'monthly', start_date: '2025-10-01', end_date: '2025-12-31' });
    const res = await pm().post(`/api/support_requests/${request.id}/submit`);
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('The placement ended on 2025-12-31; after a placement ends only one-time requests can be submitted');
  });

  it('accepts a request for an interrupted placement', async () => {
    const placement = await createPlacement(ctx.knex, provider, { status: 'interrupted' });
    const request = await createSupportRequest(ctx.knex, provider, { child_id: placement.child_id, placement_id: placement.id });
    expect((await pm().post(`/api/support_requests/${request.id}/submit`)).status).toBe(200);
  });

  it('requires the staffing details where the type asks for them', async () => {
    const request = await createSupportRequest(ctx.knex, provider, { type_code: 'staffing', sub_type_code: 'one_to_one_staffing' });
    const res = await pm().post(`/api/support_requests/${request.id}/submit`);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      message: '"Additional staffing" needs the staffing details (position, hours and grid level)',
      errors: { staffing_position: 'is required for this type', staffing_hours: 'is required for this type', staffing_grid_level: 'is required for this type' },
    });
    const complete = await createSupportRequest(ctx.knex, provider, { type_code: 'staffing', sub_type_code: 'one_to_one_staffing', staffing_position: 'Youth care worker', staffing_hours: 20, staffing_grid_level: '9' });
    expect((await pm().post(`/api/support_requests/${complete.id}/submit`)).status).toBe(200);
  });

  it('refuses a request that is not a draft with 409 naming its state', async () => {
    const request = await submitted();
    const res = await pm().post(`/api/support_requests/${request.id}/submit`);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('This support request is submitted; it can be submitted only when draft');
  });

  itAnswers403ToRolesExcept(PROVIDERS, async (role) => {
    const request = await createSupportRequest(ctx.knex, provider);
    return provider.as[role].api.post(`/api/support_requests/${request.id}/submit`);
  });
});

describe('approve', () => {
  it('lets finance approve a one-time request, scheduling one support payment for its month', async () => {
    const request = await submitted({ start_date: '2025-11-03', end_date: '2025-11-03', amount: 450 });
    const res = await finance().post(`/api/support_requests/${request.id}/approve`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'approved', decided_by: provider.as.ministry_finance.id, decided_at: '2026-01-15T12:00:00.000Z' });
    const payments = await ctx.knex('payments').where({ support_request_id: request.id });
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ kind: 'support', service_month: '2025-11-01', amount: 450, status: 'scheduled', scheduled_on: '2026-01-15', contract_id: provider.contractId, placement_id: provider.placementId });
    expect(await auditRows(ctx.knex, 'support_requests', request.id, 'approve')).toHaveLength(1);
    expect(await auditRows(ctx.knex, 'payments', payments[0].id, 'create')).toHaveLength(1);
  });

  it('schedules one payment per service month of a monthly request', async () => {
    const request = await submitted({ frequency: 'monthly', start_date: '2025-11-10', end_date: '2026-02-05', amount: 300 });
    expect((await finance().post(`/api/support_requests/${request.id}/approve`)).status).toBe(200);
    const payments = await ctx.knex('payments').where({ support_request_id: request.id }).orderBy('service_month');
    expect(payments.map((p) => [p.service_month, p.amount])).toEqual([['2025-11-01', 300], ['2025-12-01', 300], ['2026-01-01', 300], ['2026-02-01', 300]]);
  });

  it('pays legacy transition-in funding as transition_in', async () => {
    const legacy = await createProvider(ctx, { contract: { is_legacy: true } });
    const request = await createSupportRequest(ctx.knex, legacy, { type_code: 'legacy_transition_in', sub_type_code: null, status: 'submitted' });
    expect((await legacy.as.ministry_finance.api.post(`/api/support_requests/${request.id}/approve`)).status).toBe(200);
    expect((await ctx.knex('payments').where({ support_request_id: request.id }).first()).kind).toBe('transition_in');
  });

  it('refuses a draft with 409 and schedules nothing', async () => {
    const request = await createSupportRequest(ctx.knex, provider);
    const res = await finance().post(`/api/support_requests/${request.id}/approve`);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('This support request is draft; it can be approved only when submitted');
    expect(await ctx.knex('payments').where({ support_request_id: request.id })).toHaveLength(0);
  });

  itAnswers403ToRolesExcept(['ministry_finance'], async (role) => {
    const request = await submitted();
    return provider.as[role].api.post(`/api/support_requests/${request.id}/approve`);
  });
});

describe('reject', () => {
  const REASON = { decision_reason: 'The placement agreement already covers this support' };

  it('lets finance reject a submitted request with its reason, scheduling nothing', async () => {
    const request = await submitted();
    const res = await finance().post(`/api/support_requests/${request.id}/reject`, REASON);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', decided_by: provider.as.ministry_finance.id, decision_reason: REASON.decision_reason });
    expect(await ctx.knex('payments').where({ support_request_id: request.id })).toHaveLength(0);
    expect(await auditRows(ctx.knex, 'support_requests', request.id, 'reject')).toHaveLength(1);
  });

  it('asks for the reason and leaves the request submitted without one', async () => {
    const request = await submitted();
    const res = await finance().post(`/api/support_requests/${request.id}/reject`, { decision_reason: '  ' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({ decision_reason: 'is required' });
    expect((await ctx.knex('support_requests').where({ id: request.id }).first()).status).toBe('submitted');
  });

  it('keeps the reason out of plain writes', async () => {
    const request = await createSupportRequest(ctx.knex, provider);
    const stored = await ctx.knex('support_requests').where({ id: request.id }).first();
    const res = await provider.as.program_manager.api.put(`/api/support_requests/${request.id}`, { version: stored.version, decision_reason: 'Approved by me' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('action_only_field');
  });

  it('refuses an approved request with 409', async () => {
    const request = await submitted({ status: 'approved', decided_at: '2026-01-10T10:00:00Z' });
    const res = await finance().post(`/api/support_requests/${request.id}/reject`, REASON);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('This support request is approved; it can be rejected only when submitted');
  });

  itAnswers403ToRolesExcept(['ministry_finance'], async (role) => {
    const request = await submitted();
    return provider.as[role].api.post(`/api/support_requests/${request.id}/reject`, REASON);
  });
});

describe('cancel', () => {
  it.each(['draft', 'submitted'])('cancels a %s request', async (status) => {
    const request = await createSupportRequest(ctx.knex, provider, { status });
    const res = await provider.as.org_admin.api.post(`/api/support_requests/${request.id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(await auditRows(ctx.knex, 'support_requests', request.id, 'cancel')).toHaveLength(1);
  });

  it('refuses an approved request with 409', async () => {
    const request = await submitted({ status: 'approved' });
    const res = await pm().post(`/api/support_requests/${request.id}/cancel`);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('This support request is approved; it can be cancelled only when draft or submitted');
  });

  itAnswers403ToRolesExcept(PROVIDERS, async (role) => {
    const request = await createSupportRequest(ctx.knex, provider);
    return provider.as[role].api.post(`/api/support_requests/${request.id}/cancel`);
  });
});

describe('support request types', () => {
  it('keeps sub-types one level deep', async () => {
    const res = await provider.as.system_admin.api.post('/api/support_request_types', { code: 'drum_lessons', label: 'Drum lessons', parent_code: 'cultural_supports' });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('"cultural_supports" is itself a sub-type of "child_specific_support"; sub-types are one level deep');
    const ok = await provider.as.system_admin.api.post('/api/support_request_types', { code: 'language_revitalization', label: 'Language revitalization', parent_code: 'child_specific_support' });
    expect(ok.status).toBe(201);
  });

  it('will not make a type with sub-types into a sub-type', async () => {
    const res = await provider.as.system_admin.api.put('/api/support_request_types/staffing', { code: 'staffing', label: 'Additional staffing', parent_code: 'child_specific_support' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ parent_code: 'the type has sub-types' });
  });

  it('lists the SHSS types a provider expects', async () => {
    const res = await pm().get('/api/support_request_types?filter={"parent_code":null}&range=[0,99]');
    expect(res.body.map((t: { code: string }) => t.code).sort()).toEqual(
      ['child_specific_support', 'education_support', 'home_modification', 'legacy_transition_in', 'respite_relief', 'retired_type', 'staffing'].sort(),
    );
  });
});
