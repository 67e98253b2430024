import { useTestContext } from '../helpers/context';
import { createChild, createProvider, createSupportRequest, factories, insertRow, type Provider } from '../helpers/factories';

/**
 * FCC and SHSS together: an organisation's contracts decide the programme areas its users see
 * (/api/meta), and a Family Connections Centres contract pays placements, their support and
 * their base payments like an SHSS one; a CSP contract does not.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;
let fccContractId: number;

beforeAll(async () => {
  provider = await createProvider(ctx);
  fccContractId = await factories(ctx.knex).contract({ organization_id: provider.orgId, contract_number: 'FCC-000123', program: 'FCC', start_date: '2025-04-01', monthly_base_amount: 4200 });
});

describe('/api/meta says which programmes the organisation works in', () => {
  it('from its contracts: SHSS and FCC for a provider holding both, CSP for an agency, none without contracts, all for the ministry', async () => {
    expect((await provider.as.program_manager.api.get('/api/meta')).body.programs).toEqual(['SHSS', 'FCC']);
    const shssOnly = await createProvider(ctx);
    expect((await shssOnly.as.org_admin.api.get('/api/meta')).body.programs).toEqual(['SHSS']);
    const f = factories(ctx.knex);
    const agency = await f.organization({ name: 'Programme Agency' });
    await f.contract({ organization_id: agency, contract_number: 'CSP-ON-00001', program: 'CSP' });
    const coordinator = await ctx.createUser({ role: 'coordinator', organization_id: agency });
    expect((await ctx.api(coordinator.token).get('/api/meta')).body.programs).toEqual(['CSP']);
    const partner = await f.organization({ name: 'Partner without contracts', kind: 'partner_agency' });
    const partnerAdmin = await ctx.createUser({ role: 'org_admin', organization_id: partner });
    expect((await ctx.api(partnerAdmin.token).get('/api/meta')).body.programs).toEqual([]);
    expect((await provider.as.ministry_manager.api.get('/api/meta')).body.programs).toEqual(['SHSS', 'FCC', 'CSP']);
  });

  it("names each resource's and report's programme area", async () => {
    const meta = (await provider.as.system_admin.api.get('/api/meta')).body;
    const areaOf = (name: string) => meta.resources.find((r: { name: string }) => r.name === name).programs;
    expect(areaOf('placements')).toEqual(['SHSS', 'FCC']);
    expect(areaOf('payments')).toEqual(['SHSS', 'FCC']);
    expect(areaOf('service_activities')).toEqual(['CSP']);
    expect(areaOf('complaints')).toEqual(['CSP']);
    expect(areaOf('children')).toBeNull();
    expect(areaOf('service_plans')).toBeNull();
    const reports = Object.fromEntries(meta.reports.map((r: { name: string; programs: unknown }) => [r.name, r.programs]));
    expect(reports).toEqual({
      'csp-measures': ['CSP'],
      'referral-sources': null,
      'wait-times': ['CSP'],
      'active-plans': null,
      'payment-summary': ['SHSS', 'FCC'],
      'service-registry': ['CSP'],
      complaints: ['CSP'],
      'payment-reconciliation': ['SHSS', 'FCC'],
    });
  });

  it('shows an organisation without an FCC contract no FCC contract', async () => {
    const shssOnly = await createProvider(ctx);
    const contracts = (await shssOnly.as.org_admin.api.get('/api/contracts')).body;
    expect(contracts.map((c: { program: string }) => c.program)).toEqual(['SHSS']);
  });
});

describe('an FCC contract pays placements like an SHSS one', () => {
  it('takes a placement, its base payment and its support request', async () => {
    const child = await createChild(ctx.knex, { registered_by_organization_id: provider.orgId });
    const placed = await provider.as.program_manager.api.post('/api/placements', {
      child_id: child.id, place_of_service_id: provider.placeId, contract_id: fccContractId, kind: 'regular', start_date: '2025-12-01', status: 'active',
    });
    expect(placed.status).toBe(201);

    const run = await provider.as.system_admin.api.post('/api/jobs/schedule-base-payments/run', { as_of: '2026-01-01' });
    expect(run.status).toBe(200);
    const base = await ctx.knex('payments').where({ placement_id: placed.body.id, kind: 'base' }).select('contract_id', 'service_month', 'amount', 'status');
    expect(base).toEqual([{ contract_id: fccContractId, service_month: '2026-01-01', amount: 4200, status: 'scheduled' }]);

    const request = await createSupportRequest(ctx.knex, provider, { child_id: child.id, placement_id: placed.body.id, contract_id: fccContractId, start_date: '2025-12-10', end_date: '2025-12-10' });
    expect((await provider.as.program_manager.api.post(`/api/support_requests/${request.id}/submit`)).status).toBe(200);
    expect((await provider.as.ministry_finance.api.post(`/api/support_requests/${request.id}/approve`)).status).toBe(200);
    const support = await ctx.knex('payments').where({ support_request_id: request.id }).select('contract_id', 'kind', 'amount');
    expect(support).toEqual([{ contract_id: fccContractId, kind: 'support', amount: 450 }]);
  });

  it('refuses a CSP contract for a placement or a support request (422)', async () => {
    const cspContract = await insertRow(ctx.knex, 'contracts', { organization_id: provider.orgId, contract_number: 'CSP-ON-99999', program: 'CSP', start_date: '2025-04-01' });
    const child = await createChild(ctx.knex, { registered_by_organization_id: provider.orgId });
    const placement = await provider.as.program_manager.api.post('/api/placements', {
      child_id: child.id, place_of_service_id: provider.placeId, contract_id: cspContract.id, kind: 'regular', start_date: '2025-12-01', status: 'active',
    });
    expect(placement.status).toBe(422);
    expect(placement.body.errors).toEqual({ contract_id: 'is not an SHSS or FCC contract' });
    const request = await provider.as.program_manager.api.post('/api/support_requests', {
      child_id: provider.childId, placement_id: provider.placementId, contract_id: cspContract.id, type_code: 'child_specific_support', frequency: 'one_time', amount: 100,
    });
    expect(request.status).toBe(422);
    expect(request.body.message).toBe('Contract CSP-ON-99999 is a CSP contract; placements and their funding are paid under an SHSS or FCC contract');
  });
});
