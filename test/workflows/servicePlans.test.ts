import type { Role } from '../../contract/enums';
import { useTestContext } from '../helpers/context';
import { createCareCircleMember, createPlacement, createProvider, createShssPlan, insertRow, type Provider } from '../helpers/factories';
import { auditRows } from '../helpers/records';
import { itAnswers403ToRolesExcept } from '../helpers/roles';

const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
});

/** A fresh placement (and child) with a plan in the given state, so tests never share a plan. */
async function planIn(status: string, overrides: Record<string, unknown> = {}) {
  const placement = await createPlacement(ctx.knex, provider);
  return createShssPlan(ctx.knex, provider, { placement_id: placement.id, status, ...overrides });
}

const PLAN_EDITORS: Role[] = ['system_admin', 'org_admin', 'program_manager'];

describe('submit', () => {
  it('sends a draft to pending_approval, bumps the version and audits the step', async () => {
    const plan = await planIn('draft');
    const res = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/submit`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: plan.id, status: 'pending_approval', version: 2 });
    const [audit] = await auditRows(ctx.knex, 'service_plans', plan.id, 'submit');
    expect(audit.user_id).toBe(provider.as.program_manager.id);
    expect(audit.changes.before.status).toBe('draft');
    expect(audit.changes.after.status).toBe('pending_approval');
  });

  it('refuses a plan that is not a draft with 409 naming its state', async () => {
    const plan = await planIn('pending_approval');
    const res = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/submit`);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('This plan is pending approval; it can be submitted only when draft');
  });

  it('refuses a plan without goals with 422', async () => {
    const plan = await planIn('draft', { goals: null });
    const res = await provider.as.org_admin.api.post(`/api/service_plans/${plan.id}/submit`);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ goals: 'is required to submit' });
  });

  itAnswers403ToRolesExcept(PLAN_EDITORS, async (role) => {
    const plan = await planIn('draft');
    const res = await provider.as[role].api.post(`/api/service_plans/${plan.id}/submit`);
    expect((await ctx.knex('service_plans').where({ id: plan.id }).first()).status).toBe('draft');
    return res;
  });
});

describe('approve', () => {
  it('puts the plan in service with the approver and date', async () => {
    const plan = await planIn('pending_approval');
    const res = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/approve`, { approved_by: 'Dr. Amara Singh', approved_on: '2026-01-14' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'in_service', approved_by: 'Dr. Amara Singh', approved_on: '2026-01-14' });
    const audits = await auditRows(ctx.knex, 'service_plans', plan.id, 'approve');
    expect(audits).toHaveLength(1);
    expect(audits[0].changes.after.approved_by).toBe('Dr. Amara Singh');
  });

  it('asks for the approver and the date', async () => {
    const plan = await planIn('pending_approval');
    const noName = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/approve`, { approved_on: '2026-01-14' });
    expect(noName.status).toBe(400);
    expect(noName.body.errors).toEqual({ approved_by: 'is required' });
    const noDate = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/approve`, { approved_by: 'Dr. Singh' });
    expect(noDate.status).toBe(400);
    expect(noDate.body.errors).toEqual({ approved_on: 'is required' });
  });

  it('refuses an approval dated in the future with 422', async () => {
    const plan = await planIn('pending_approval');
    const res = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/approve`, { approved_by: 'Dr. Singh', approved_on: '2026-01-16' });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('The approval date cannot be in the future');
  });

  it('refuses a draft with 409 naming its state', async () => {
    const plan = await planIn('draft');
    const res = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/approve`, { approved_by: 'Dr. Singh', approved_on: '2026-01-14' });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('This plan is draft; it can be approved only when pending approval');
  });

  itAnswers403ToRolesExcept(PLAN_EDITORS, async (role) => {
    const plan = await planIn('pending_approval');
    return provider.as[role].api.post(`/api/service_plans/${plan.id}/approve`, { approved_by: 'Dr. Singh', approved_on: '2026-01-14' });
  });
});

describe('refuse', () => {
  it('closes the plan as not_approved, dated today unless told', async () => {
    const plan = await planIn('pending_approval');
    const res = await provider.as.org_admin.api.post(`/api/service_plans/${plan.id}/refuse`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'closed', closed_reason: 'not_approved', closed_on: '2026-01-15' });
    expect(await auditRows(ctx.knex, 'service_plans', plan.id, 'refuse')).toHaveLength(1);
  });

  it('refuses a plan in service with 409', async () => {
    const plan = await planIn('in_service');
    const res = await provider.as.org_admin.api.post(`/api/service_plans/${plan.id}/refuse`);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('This plan is in service; it can be refused only when pending approval');
  });

  itAnswers403ToRolesExcept(PLAN_EDITORS, async (role) => {
    const plan = await planIn('pending_approval');
    return provider.as[role].api.post(`/api/service_plans/${plan.id}/refuse`);
  });
});

describe('close', () => {
  it('closes a plan in service with a date and reason', async () => {
    const plan = await planIn('in_service');
    const res = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/close`, { closed_on: '2026-01-10', closed_reason: 'met_goals' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'closed', closed_on: '2026-01-10', closed_reason: 'met_goals' });
    expect(await auditRows(ctx.knex, 'service_plans', plan.id, 'close')).toHaveLength(1);
  });

  it('asks for a reason, and keeps not_approved for refusals', async () => {
    const plan = await planIn('in_service');
    const none = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/close`, { closed_on: '2026-01-10' });
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual({ closed_reason: 'is required' });
    const refused = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/close`, { closed_on: '2026-01-10', closed_reason: 'not_approved' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual({
      closed_reason: 'must be one of: met_goals, left_catchment, unable_to_reach, family_request, aged_out, placement_ended, superseded, other',
    });
  });

  it('refuses a closing date in the future or before the approval with 422', async () => {
    const plan = await planIn('in_service');
    const future = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/close`, { closed_on: '2026-02-01', closed_reason: 'other' });
    expect(future.status).toBe(422);
    expect(future.body.message).toBe('The closing date cannot be in the future');
    const early = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/close`, { closed_on: '2025-05-01', closed_reason: 'other' });
    expect(early.status).toBe(422);
    expect(early.body.message).toBe('The closing date cannot be before the plan was approved (2025-05-10)');
  });

  it('refuses a plan already closed with 409', async () => {
    const plan = await planIn('closed', { closed_on: '2026-01-02', closed_reason: 'other' });
    const res = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/close`, { closed_on: '2026-01-10', closed_reason: 'met_goals' });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('This plan is closed; it can be closed only when draft or pending approval or in service');
  });

  itAnswers403ToRolesExcept([...PLAN_EDITORS, 'coordinator'], async (role) => {
    const plan = await planIn('in_service');
    return provider.as[role].api.post(`/api/service_plans/${plan.id}/close`, { closed_on: '2026-01-10', closed_reason: 'met_goals' });
  });
});

describe('clone', () => {
  it('copies the texts and the active care circle (with dates) into a new draft in one step', async () => {
    const plan = await planIn('closed', { closed_on: '2026-01-02', closed_reason: 'not_approved', strategies: 'Visual schedule' });
    const teacher = await createCareCircleMember(ctx.knex, plan.id, { name: 'Ms. Okafor', role: 'teacher', joined_on: '2025-06-01', email: 'okafor@school.example' });
    await createCareCircleMember(ctx.knex, plan.id, { name: 'Former nurse', is_active: false, joined_on: '2025-05-01', left_on: '2025-09-30' });

    const res = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/clone`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'draft',
      cloned_from_id: plan.id,
      child_id: plan.child_id,
      placement_id: plan.placement_id,
      organization_id: provider.orgId,
      goals: plan.goals,
      strengths: plan.strengths,
      needs: plan.needs,
      strategies: 'Visual schedule',
      approved_on: null,
      closed_on: null,
      version: 1,
    });
    expect(res.body.id).not.toBe(plan.id);
    const members = await ctx.knex('care_circle_members').where({ service_plan_id: res.body.id });
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ name: 'Ms. Okafor', role: 'teacher', email: 'okafor@school.example', joined_on: '2025-06-01', left_on: null, is_active: true });
    expect(members[0].id).not.toBe(teacher.id);

    expect(await auditRows(ctx.knex, 'service_plans', plan.id, 'clone')).toHaveLength(1);
    expect(await auditRows(ctx.knex, 'service_plans', res.body.id, 'create')).toHaveLength(1);
    expect(await auditRows(ctx.knex, 'care_circle_members', members[0].id, 'create')).toHaveLength(1);
  });

  it('refuses while the child has a draft plan, naming it, and copies nothing', async () => {
    const plan = await planIn('draft');
    await createCareCircleMember(ctx.knex, plan.id);
    const res = await provider.as.program_manager.api.post(`/api/service_plans/${plan.id}/clone`);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(`This child already has a draft SHSS plan with this organisation (plan ${plan.id}); finish or close it before starting another`);
    expect(await ctx.knex('service_plans').where({ cloned_from_id: plan.id })).toHaveLength(0);
  });

  itAnswers403ToRolesExcept([...PLAN_EDITORS, 'coordinator'], async (role) => {
    const plan = await planIn('closed', { closed_on: '2026-01-02', closed_reason: 'other' });
    return provider.as[role].api.post(`/api/service_plans/${plan.id}/clone`);
  });
});

describe('plain writes of plans', () => {
  it('will not change the status with a PUT', async () => {
    const plan = await planIn('draft');
    const res = await provider.as.program_manager.api.put(`/api/service_plans/${plan.id}`, { ...plan, status: 'in_service' });
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual({ status: 'changes only through an action' });
  });

  it('refuses a new plan beside the one in service with 409: a revision starts with Clone', async () => {
    const plan = await planIn('in_service');
    const res = await provider.as.program_manager.api.post('/api/service_plans', { child_id: plan.child_id, program: 'SHSS', placement_id: plan.placement_id, goals: 'Again' });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(`This child already has an SHSS plan with this organisation in service (plan ${plan.id}); revise it with Clone`);
  });

  it("creates a draft under the placement's organisation", async () => {
    const placement = await createPlacement(ctx.knex, provider);
    const res = await provider.as.program_manager.api.post('/api/service_plans', { child_id: placement.child_id, program: 'SHSS', placement_id: placement.id, goals: 'Settle in' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'draft', organization_id: provider.orgId, version: 1 });
  });

  it("refuses a plan for another child's placement with 422", async () => {
    const placement = await createPlacement(ctx.knex, provider);
    const res = await provider.as.program_manager.api.post('/api/service_plans', { child_id: provider.childId, program: 'SHSS', placement_id: placement.id });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ placement_id: "is another child's placement" });
  });

  it('lets a system administrator load a closed plan, but only a complete one', async () => {
    const placement = await createPlacement(ctx.knex, provider);
    const body = { child_id: placement.child_id, program: 'SHSS', placement_id: placement.id, status: 'closed', closed_reason: 'met_goals' };
    const incomplete = await provider.as.system_admin.api.post('/api/service_plans', body);
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.errors).toEqual({ closed_on: 'is required when closed' });
    const complete = await provider.as.system_admin.api.post('/api/service_plans', { ...body, closed_on: '2025-12-01' });
    expect(complete.status).toBe(201);
    expect(complete.body.status).toBe('closed');
  });
});

describe('a closed plan and its records are read-only', () => {
  let plan: Record<string, any>;
  beforeAll(async () => {
    plan = await planIn('closed', { closed_on: '2026-01-05', closed_reason: 'placement_ended' });
  });

  it('refuses a PUT of the plan with 409', async () => {
    const res = await provider.as.program_manager.api.put(`/api/service_plans/${plan.id}`, { ...plan, goals: 'Changed' });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(`Plan ${plan.id} is closed (placement ended on 2026-01-05); it and its records are read-only. Clone it to start a new plan`);
  });

  it.each([
    ['care_circle_members', { name: 'New member', joined_on: '2026-01-01' }],
    ['plan_services', { category: 'nursing' }],
    ['progress_reviews', { review_date: '2026-01-10', summary: 'Late' }],
    ['monthly_check_ins', { month: '2026-01-01' }],
    ['tasks', { title: 'Call', child_id: -1 }],
    ['events', { type: 'medical', title: 'Checkup', occurred_at: '2026-01-03T10:00:00Z', child_id: -1 }],
  ])('refuses a new %s record with 409', async (resource, fields) => {
    const body: Record<string, unknown> = { ...fields, service_plan_id: plan.id };
    if (body.child_id === -1) body.child_id = plan.child_id;
    const res = await provider.as.program_manager.api.post(`/api/${resource}`, body);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('read_only');
  });

  it('refuses an edit of an existing care circle member with 409', async () => {
    const member = await createCareCircleMember(ctx.knex, plan.id);
    const res = await provider.as.portal_worker.api.put(`/api/care_circle_members/${member.id}`, { ...member, phone: '250-555-0101' });
    expect(res.status).toBe(409);
  });
});

describe('coordinated service plans (CSP)', () => {
  let agencyId: number;
  let coordinator: { token: string };
  let referralId: number;

  beforeAll(async () => {
    const agency = await insertRow(ctx.knex, 'organizations', { name: 'North Coordinating Agency', kind: 'coordinating_agency' });
    agencyId = agency.id;
    coordinator = await ctx.createUser({ role: 'coordinator', organization_id: agencyId });
    const referral = await insertRow(ctx.knex, 'referrals', { organization_id: agencyId, program: 'CSP', referral_date: '2025-09-01', source_type: 'school_educator' });
    referralId = referral.id;
  });

  async function cspChild() {
    const child = await insertRow(ctx.knex, 'children', { first_name: 'Lee', last_name: 'Chen', birth_date: '2012-01-01' });
    await insertRow(ctx.knex, 'referral_children', { referral_id: referralId, child_id: child.id, eligibility: 'eligible' });
    return child;
  }

  it('is in service from its initiation date and closes with a discharge reason', async () => {
    const child = await cspChild();
    const api = ctx.api(coordinator.token);
    const created = await api.post('/api/service_plans', { child_id: child.id, program: 'CSP', referral_id: referralId, initiated_on: '2025-10-01' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'in_service', organization_id: agencyId });
    const wrongReason = await api.post(`/api/service_plans/${created.body.id}/close`, { closed_on: '2026-01-10', closed_reason: 'placement_ended' });
    expect(wrongReason.status).toBe(400);
    const closed = await api.post(`/api/service_plans/${created.body.id}/close`, { closed_on: '2026-01-10', closed_reason: 'family_request' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closed_reason: 'family_request' });
  });

  it('does not go through SHSS approval (422)', async () => {
    const child = await cspChild();
    const plan = await insertRow(ctx.knex, 'service_plans', { child_id: child.id, program: 'CSP', organization_id: agencyId, referral_id: referralId, status: 'draft', goals: 'x' });
    const res = await ctx.api(coordinator.token).post(`/api/service_plans/${plan.id}/submit`);
    expect(res.status).toBe(403);
    const admin = await provider.as.system_admin.api.post(`/api/service_plans/${plan.id}/submit`);
    expect(admin.status).toBe(422);
    expect(admin.body.errors).toEqual({ program: 'is not SHSS' });
  });

  it("refuses a plan for a child the referral does not cover with 422", async () => {
    const other = await insertRow(ctx.knex, 'children', { first_name: 'Not', last_name: 'Referred', birth_date: '2012-01-01' });
    const res = await provider.as.system_admin.api.post('/api/service_plans', { child_id: other.id, program: 'CSP', referral_id: referralId });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ referral_id: 'does not cover this child' });
  });
});
