import { resources } from '../../server/resources/registry';
import { useTestContext } from '../helpers/context';

const ctx = useTestContext();
let orgId: number;
beforeAll(async () => {
  [{ id: orgId }] = await ctx.knex('organizations').insert({ name: 'Org', kind: 'service_provider' }).returning('id');
});

describe('/api/meta', () => {
  it('describes fields, enumerations, references and the caller’s permissions', async () => {
    const { token } = await ctx.createUser({ role: 'portal_worker', organization_id: orgId });
    const res = await ctx.api(token).get('/api/meta');
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe('portal_worker');
    const plans = res.body.resources.find((r: { name: string }) => r.name === 'service_plans');
    expect(plans.permissions).toEqual({ read: true, create: false, update: false, delete: false });
    const logs = res.body.resources.find((r: { name: string }) => r.name === 'daily_logs');
    expect(logs.permissions).toMatchObject({ read: true, create: true, update: true });
    const field = (name: string) => plans.fields.find((f: { name: string }) => f.name === name);
    expect(field('closed_reason').enum).toEqual(['met_goals', 'left_catchment', 'unable_to_reach', 'family_request', 'aged_out', 'placement_ended', 'not_approved', 'superseded', 'other']);
    expect(field('child_id')).toMatchObject({ type: 'integer', reference: 'children' });
    expect(field('initiated_on').type).toBe('date');
    expect(field('goals').max_length).toBe(4000);
    expect(field('status').read_only).toBe(true);
    expect(plans.versioned).toBe(true);
  });

  it('leaves out resources the caller may not read and never describes password hashes', async () => {
    const { token } = await ctx.createUser({ role: 'coordinator', organization_id: orgId });
    const res = await ctx.api(token).get('/api/meta');
    const names = res.body.resources.map((r: { name: string }) => r.name);
    expect(names).not.toContain('audit_events');
    expect(names).toContain('referrals');
    const users = res.body.resources.find((r: { name: string }) => r.name === 'users');
    expect(users.fields.map((f: { name: string }) => f.name)).not.toContain('password_hash');
  });

  it('lists workflow actions with whether the caller may use them', async () => {
    const { token } = await ctx.createUser({ role: 'ministry_finance', organization_id: orgId });
    const res = await ctx.api(token).get('/api/meta');
    const requests = res.body.resources.find((r: { name: string }) => r.name === 'support_requests');
    const approve = requests.actions.find((a: { name: string }) => a.name === 'approve');
    expect(approve).toMatchObject({ allowed: true, from_status: ['submitted'] });
    const submit = requests.actions.find((a: { name: string }) => a.name === 'submit');
    expect(submit.allowed).toBe(false);
    const payments = res.body.resources.find((r: { name: string }) => r.name === 'payments');
    expect(payments.writable_fields).toEqual(['cas_payment_number', 'icm_order_number']);
    expect(requests.writable_fields).toBeNull();
  });

  it.each([
    ['system_admin', null, ['close-plans-after-placement-end', 'deliver-outbox', 'refresh-payment-summaries', 'schedule-base-payments', 'deliver-report-subscriptions', 'snapshot-data-quality', 'send-compliance-digest', 'sweep-file-store']],
    ['ministry_finance', null, ['refresh-payment-summaries']],
    ['portal_worker', 'org', []],
  ] as const)('sends %s the jobs it may run by hand', async (role, organization, jobs) => {
    const { token } = await ctx.createUser({ role, organization_id: organization ? orgId : null });
    const res = await ctx.api(token).get('/api/meta');
    expect(res.body.jobs).toEqual(jobs);
  });
});

describe('/api/openapi.json', () => {
  it('is an OpenAPI 3 document with a path and schema for every resource', async () => {
    const res = await ctx.api('').get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    for (const resource of resources) {
      expect(res.body.paths).toHaveProperty(`/api/${resource.name}`);
      expect(res.body.paths).toHaveProperty(`/api/${resource.name}/{id}`);
      expect(res.body.components.schemas).toHaveProperty(resource.name);
    }
    expect(res.body.paths['/api/service_plans/{id}/approve'].post.summary).toMatch(/approv/i);
    expect(res.body.components.schemas.payments.properties.amount).toMatchObject({ type: 'number', 'x-decimals': 2 });
    expect(res.body.paths['/api/audit_events'].post).toBeUndefined();
  });
});
