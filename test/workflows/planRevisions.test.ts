import { useTestContext } from '../helpers/context';
import { createCareCircleMember, createPlacement, createProvider, createShssPlan, insertRow, type Provider } from '../helpers/factories';
import { auditRows } from '../helpers/records';

/**
 * Revising a plan: the plan in service stays in service while its clone (the revision) is
 * drafted and approved; approving the revision closes it as `superseded` in the same
 * transaction, refusing it leaves it in service. Never two plans in service.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
});

async function planInService() {
  const placement = await createPlacement(ctx.knex, provider);
  return createShssPlan(ctx.knex, provider, { placement_id: placement.id, status: 'in_service' });
}

async function reviseAndSubmit(planId: number) {
  const api = provider.as.program_manager.api;
  const clone = await api.post(`/api/service_plans/${planId}/clone`);
  expect(clone.status).toBe(200);
  const submitted = await api.post(`/api/service_plans/${clone.body.id}/submit`);
  expect(submitted.status).toBe(200);
  return submitted.body;
}

const statusOf = async (id: number) => ctx.knex('service_plans').where({ id }).first('status', 'closed_reason', 'closed_on', 'version');

describe('cloning the plan in service', () => {
  it('starts a draft revision while the original stays in service, with its care circle', async () => {
    const plan = await planInService();
    await createCareCircleMember(ctx.knex, plan.id, { name: 'Ms. Okafor' });
    const res = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/clone`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'draft', cloned_from_id: plan.id, child_id: plan.child_id, goals: plan.goals });
    expect(await statusOf(plan.id)).toMatchObject({ status: 'in_service', closed_reason: null });
    const members = await ctx.knex('care_circle_members').where({ service_plan_id: res.body.id });
    expect(members.map((m) => m.name)).toEqual(['Ms. Okafor']);
  });

  it('refuses a second revision while one is drafted, naming it', async () => {
    const plan = await planInService();
    const first = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/clone`);
    const second = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/clone`);
    expect(second.status).toBe(409);
    expect(second.body.message).toBe(`This child already has a draft SHSS plan with this organisation (plan ${first.body.id}); finish or close it before starting another`);
    expect(await ctx.knex('service_plans').where({ cloned_from_id: plan.id })).toHaveLength(1);
  });

  it('lets the revision be edited beside the plan in service', async () => {
    const plan = await planInService();
    const clone = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/clone`);
    const res = await provider.as.program_manager.api.put(`/api/service_plans/${clone.body.id}`, { ...clone.body, goals: 'Revised goals' });
    expect(res.status).toBe(200);
    expect(res.body.goals).toBe('Revised goals');
  });

  it('refuses to revise a coordinated service plan this way (it has no approval)', async () => {
    const agency = await insertRow(ctx.knex, 'organizations', { name: 'Revision Agency', kind: 'coordinating_agency' });
    const child = await insertRow(ctx.knex, 'children', { first_name: 'Ana', last_name: 'Lima', birth_date: '2013-02-02' });
    const referral = await insertRow(ctx.knex, 'referrals', { organization_id: agency.id, program: 'CSP', referral_date: '2025-09-01', source_type: 'other' });
    await insertRow(ctx.knex, 'referral_children', { referral_id: referral.id, child_id: child.id, eligibility: 'eligible' });
    const plan = await insertRow(ctx.knex, 'service_plans', {
      child_id: child.id, program: 'CSP', organization_id: agency.id, referral_id: referral.id, status: 'in_service', initiated_on: '2025-10-01',
    });
    const res = await provider.as.system_admin.api.post(`/api/service_plans/${plan.id}/clone`);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(
      `This child already has a CSP plan with this organisation in service (plan ${plan.id}); a coordinated service plan is revised in place, or closed before starting another`,
    );
  });
});

describe('approving a revision', () => {
  it('closes the plan it revises as superseded on the approval date, in the same transaction, and audits both', async () => {
    const plan = await planInService();
    const revision = await reviseAndSubmit(plan.id);
    const res = await provider.as.program_manager.api.post(`/api/service_plans/${revision.id}/approve`, { approved_by: 'Dr. Amara Singh', approved_on: '2026-01-14' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: revision.id, status: 'in_service', approved_on: '2026-01-14' });
    expect(await statusOf(plan.id)).toEqual({ status: 'closed', closed_reason: 'superseded', closed_on: '2026-01-14', version: plan.version + 1 });
    const [audit] = await auditRows(ctx.knex, 'service_plans', plan.id, 'supersede');
    expect(audit.user_id).toBe(provider.as.program_manager.id);
    expect(audit.changes.before.status).toBe('in_service');
    expect(audit.changes.after).toMatchObject({ status: 'closed', closed_reason: 'superseded', superseded_by: revision.id });
    const inService = await ctx.knex('service_plans').where({ child_id: plan.child_id, status: 'in_service' }).pluck('id');
    expect(inService).toEqual([revision.id]);
  });

  it('refuses an approval dated before the original was approved, and changes neither plan', async () => {
    const plan = await planInService();
    const revision = await reviseAndSubmit(plan.id);
    const res = await provider.as.program_manager.api.post(`/api/service_plans/${revision.id}/approve`, { approved_by: 'Dr. Singh', approved_on: '2025-05-01' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ approved_on: 'must be on or after 2025-05-10' });
    expect((await statusOf(plan.id)).status).toBe('in_service');
    expect((await statusOf(revision.id)).status).toBe('pending_approval');
  });

  it('two approvals at once leave exactly one plan in service', async () => {
    const plan = await planInService();
    const revision = await reviseAndSubmit(plan.id);
    const body = { approved_by: 'Dr. Singh', approved_on: '2026-01-15' };
    const answers = await Promise.all([
      provider.as.program_manager.api.post(`/api/service_plans/${revision.id}/approve`, body),
      provider.as.org_admin.api.post(`/api/service_plans/${revision.id}/approve`, body),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const plans = await ctx.knex('service_plans').where({ child_id: plan.child_id }).orderBy('id').select('id', 'status', 'closed_reason');
    expect(plans).toEqual([
      { id: plan.id, status: 'closed', closed_reason: 'superseded' },
      { id: revision.id, status: 'in_service', closed_reason: null },
    ]);
    expect(await auditRows(ctx.knex, 'service_plans', plan.id, 'supersede')).toHaveLength(1);
  });
});

describe('refusing a revision', () => {
  it('closes the revision alone, and a clone of the refused revision revises the plan still in service', async () => {
    const plan = await planInService();
    const revision = await reviseAndSubmit(plan.id);
    const refused = await provider.as.program_manager.api.post(`/api/service_plans/${revision.id}/refuse`);
    expect(refused.body).toMatchObject({ status: 'closed', closed_reason: 'not_approved' });
    expect((await statusOf(plan.id)).status).toBe('in_service');

    const again = await provider.as.program_manager.api.post(`/api/service_plans/${revision.id}/clone`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'draft', cloned_from_id: revision.id });
    await provider.as.program_manager.api.post(`/api/service_plans/${again.body.id}/submit`);
    const approved = await provider.as.program_manager.api.post(`/api/service_plans/${again.body.id}/approve`, { approved_by: 'Dr. Singh', approved_on: '2026-01-15' });
    expect(approved.status).toBe(200);
    expect(await statusOf(plan.id)).toMatchObject({ status: 'closed', closed_reason: 'superseded', closed_on: '2026-01-15' });
  });
});

describe('the database holds the rule too', () => {
  // Written straight to the table, past the workflow's own check: the database layer answers
  // the partial unique index's refusal as the API's typed error, the constraint as its cause.
  it('refuses a second plan in service, and a second draft, for the same child, programme and organisation', async () => {
    const plan = await planInService();
    const row = { child_id: plan.child_id, program: 'SHSS', organization_id: provider.orgId, placement_id: plan.placement_id };
    await expect(ctx.knex('service_plans').insert({ ...row, status: 'in_service', approved_on: '2025-06-01', approved_by: 'X' })).rejects.toMatchObject({
      status: 409,
      code: 'duplicate',
      message: 'This child already has a plan in service in this programme with this organisation; close it, or revise it with Clone',
      cause: expect.objectContaining({ constraint: 'service_plans_in_service_unique' }),
    });
    await ctx.knex('service_plans').insert({ ...row, status: 'draft' });
    await expect(ctx.knex('service_plans').insert({ ...row, status: 'pending_approval' })).rejects.toMatchObject({
      status: 409,
      code: 'duplicate',
      message: 'This child already has a draft or pending plan in this programme with this organisation; finish or close it before starting another',
      cause: expect.objectContaining({ constraint: 'service_plans_revision_unique' }),
    });
  });

  it('two clones at once leave one revision', async () => {
    const plan = await planInService();
    const answers = await Promise.all([
      provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/clone`),
      provider.as.org_admin.api.post(`/api/service_plans/${plan.id}/clone`),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(await ctx.knex('service_plans').where({ cloned_from_id: plan.id })).toHaveLength(1);
  });
});
