import { useTestContext } from '../helpers/context';
import { createPlacement, createProvider, createShssPlan, insertRow, type Provider } from '../helpers/factories';

/**
 * "Clone" is offered only where the server accepts it: GET /api/service_plans/:id/actions
 * names `clone` exactly for the plans whose clone POST succeeds for this user, and the clone
 * takes the texts its form starts with.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
});

const offered = async (actor: { api: Provider['as']['program_manager']['api'] }, planId: number) => {
  const res = await actor.api.get(`/api/service_plans/${planId}/actions`);
  expect(res.status).toBe(200);
  return res.body.actions as string[];
};

async function shssPlan(status: 'draft' | 'pending_approval' | 'in_service' | 'closed') {
  const placement = await createPlacement(ctx.knex, provider);
  const closed = status === 'closed' ? { closed_on: '2025-12-01', closed_reason: 'other' } : {};
  return createShssPlan(ctx.knex, provider, { placement_id: placement.id, status, ...closed });
}

async function cspPlans() {
  const agency = await insertRow(ctx.knex, 'organizations', { name: `Clone Agency ${Date.now()}`, kind: 'coordinating_agency' });
  const child = await insertRow(ctx.knex, 'children', { first_name: 'Ana', last_name: 'Lima', birth_date: '2013-02-02' });
  const referral = await insertRow(ctx.knex, 'referrals', { organization_id: agency.id, program: 'CSP', referral_date: '2025-09-01', source_type: 'other' });
  await insertRow(ctx.knex, 'referral_children', { referral_id: referral.id, child_id: child.id, eligibility: 'eligible' });
  const plan = { child_id: child.id, program: 'CSP', organization_id: agency.id, referral_id: referral.id };
  const earlier = await insertRow(ctx.knex, 'service_plans', { ...plan, status: 'closed', initiated_on: '2025-09-10', closed_on: '2025-09-30', closed_reason: 'other' });
  const inService = await insertRow(ctx.knex, 'service_plans', { ...plan, status: 'in_service', initiated_on: '2025-10-01' });
  return { earlier, inService };
}

describe('where Clone is offered', () => {
  it('offers it on the SHSS plan in service, and clones it with the texts the form sends', async () => {
    const plan = await shssPlan('in_service');
    expect(await offered(provider.as.program_manager, plan.id)).toEqual(['close', 'clone']);
    const res = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/clone`, { goals: 'Revised goals' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'draft', cloned_from_id: plan.id, goals: 'Revised goals', strengths: plan.strengths, needs: plan.needs });
  });

  it('no longer offers it once a revision is drafted, and the server refuses a second one', async () => {
    const plan = await shssPlan('in_service');
    const revision = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/clone`);
    expect(revision.status).toBe(200);
    expect(await offered(provider.as.program_manager, plan.id)).toEqual(['close']);
    expect(await offered(provider.as.program_manager, revision.body.id)).toEqual(['submit', 'close']);
    const again = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/clone`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('open_plan_exists');
  });

  it.each(['draft', 'pending_approval'] as const)('does not offer it on a %s plan, which the server refuses to clone', async (status) => {
    const plan = await shssPlan(status);
    expect(await offered(provider.as.program_manager, plan.id)).not.toContain('clone');
    const res = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/clone`);
    expect(res.status).toBe(409);
    expect(await ctx.knex('service_plans').where({ cloned_from_id: plan.id })).toHaveLength(0);
  });

  it('offers it on a closed plan with nothing open beside it', async () => {
    const plan = await shssPlan('closed');
    expect(await offered(provider.as.program_manager, plan.id)).toEqual(['clone']);
    const res = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/clone`);
    expect(res.status).toBe(200);
  });

  it('does not offer it on a CSP plan in service, nor on a closed CSP plan beside one in service, both refused', async () => {
    const { earlier, inService } = await cspPlans();
    for (const plan of [inService, earlier]) {
      expect(await offered(provider.as.system_admin, plan.id)).not.toContain('clone');
      const res = await provider.as.system_admin.api.post(`/api/service_plans/${plan.id}/clone`);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('open_plan_exists');
    }
    expect(await offered(provider.as.system_admin, inService.id)).toEqual(['close']);
  });

  it('does not offer it to a role that may not clone, which the server refuses with 403', async () => {
    const plan = await shssPlan('in_service');
    expect(await offered(provider.as.portal_worker, plan.id)).toEqual([]);
    const res = await provider.as.portal_worker.api.post(`/api/service_plans/${plan.id}/clone`);
    expect(res.status).toBe(403);
  });

  it('answers 404 for a plan outside the caller\'s scope, as reading it does', async () => {
    const other = await createProvider(ctx);
    const plan = await createShssPlan(ctx.knex, other, { status: 'in_service' });
    const res = await provider.as.program_manager.api.get(`/api/service_plans/${plan.id}/actions`);
    expect(res.status).toBe(404);
    expect((await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/clone`)).status).toBe(404);
  });

  it('tells the dashboard which actions it checks record by record', async () => {
    const res = await provider.as.program_manager.api.get('/api/meta');
    const plans = res.body.resources.find((r: { name: string }) => r.name === 'service_plans');
    const byName = Object.fromEntries(plans.actions.map((a: { name: string; checked: boolean }) => [a.name, a.checked]));
    expect(byName).toEqual({ submit: false, approve: false, refuse: false, close: false, clone: true });
    const clone = plans.actions.find((a: { name: string }) => a.name === 'clone');
    expect(clone.from_status).toEqual(['in_service', 'closed']);
    expect(clone.input.map((i: { name: string; from_record: boolean }) => [i.name, i.from_record])).toEqual(
      ['goals', 'strengths', 'needs', 'activities', 'clinical_services', 'non_clinical_services', 'strategies'].map((name) => [name, true]),
    );
  });
});
