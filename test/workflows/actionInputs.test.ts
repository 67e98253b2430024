import type { Child } from '../../server/models/Child';
import { PLAN_CLOSED_REASONS } from '../../contract/enums';
import { resources as declaredResources } from '../../server/resources/registry';
import { actionInput, type ActionDeclaration } from '../../server/resources/types';
import { useTestContext } from '../helpers/context';
import { createCheckIn, createPayment, createProvider, createShssPlan, insertRow, type Provider } from '../helpers/factories';
import { auditRows } from '../helpers/records';

/**
 * The engine checks an action's input against its declaration and writes what the action
 * returns: a throwaway action declared here refuses bad values with no code of its own; closing
 * a plan offers exactly the reasons it accepts; every patch of a versioned record bumps its version.
 */
const received: unknown[] = [];
const NOTE_INPUT = actionInput([
  { name: 'noted_on', type: 'date', required: true },
  { name: 'count', type: 'integer' },
  { name: 'colour', type: 'string', enum: ['red', 'green'] },
  { name: 'remark', type: 'string', maxLength: 5 },
]);
const note: ActionDeclaration<Child, typeof NOTE_INPUT> = {
  name: 'note',
  label: 'Note something',
  roles: ['system_admin'],
  input: NOTE_INPUT,
  async run(ctx) {
    received.push(ctx.input);
    return { patch: {} };
  },
};
const resources = declaredResources.map((r) => (r.name === 'children' ? { ...r, actions: [note] } : r));

const ctx = useTestContext({ now: '2026-01-15T12:00:00Z', app: { resources } });
let provider: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
});

describe('an action declared with an input and no checks of its own', () => {
  const post = (body: object) => provider.as.system_admin.api.post(`/api/children/${provider.childId}/note`, body);

  it('refuses every bad field at once with 400, before the action runs', async () => {
    const res = await post({ noted_on: '2025-02-30', count: 1.5, colour: 'blue', remark: 'too long', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'validation_failed',
      errors: {
        noted_on: 'must be a date YYYY-MM-DD',
        count: 'must be integer',
        colour: 'must be one of: red, green',
        remark: 'must be at most 5 characters',
        extra: 'unknown field',
      },
    });
    const missing = await post({ remark: '   ' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual({ noted_on: 'is required' });
    expect(received).toEqual([]);
    expect(await auditRows(ctx.knex, 'children', provider.childId, 'note')).toHaveLength(0);
  });

  it('hands the action the checked values, trimmed, with null for what was not sent', async () => {
    const res = await post({ noted_on: '2024-02-29', colour: 'red', remark: ' ok ', count: '' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: provider.childId });
    expect(received).toEqual([{ noted_on: '2024-02-29', colour: 'red', remark: 'ok', count: null }]);
    expect(await auditRows(ctx.knex, 'children', provider.childId, 'note')).toHaveLength(1);
  });

  it('is described in /api/meta with its limits', async () => {
    const meta = await provider.as.system_admin.api.get('/api/meta');
    const children = meta.body.resources.find((r: { name: string }) => r.name === 'children');
    expect(children.actions[0].input).toEqual([
      { name: 'noted_on', type: 'date', required: true, enum: null, enum_by: null, reference: null, max_length: null, from_record: false },
      { name: 'count', type: 'integer', required: false, enum: null, enum_by: null, reference: null, max_length: null, from_record: false },
      { name: 'colour', type: 'string', required: false, enum: ['red', 'green'], enum_by: null, reference: null, max_length: null, from_record: false },
      { name: 'remark', type: 'string', required: false, enum: null, enum_by: null, reference: null, max_length: 5, from_record: false },
    ]);
  });
});

const SHSS_REASONS = ['met_goals', 'left_catchment', 'unable_to_reach', 'family_request', 'aged_out', 'placement_ended', 'superseded', 'other'];
const CSP_REASONS = ['met_goals', 'left_catchment', 'unable_to_reach', 'family_request', 'aged_out', 'other'];

describe('closing a plan offers exactly the reasons its programme accepts', () => {
  let cspPlan: () => Promise<{ id: number }>;

  beforeAll(async () => {
    const agency = await insertRow(ctx.knex, 'organizations', { name: 'Coast Coordinating Agency', kind: 'coordinating_agency' });
    const referral = await insertRow(ctx.knex, 'referrals', { organization_id: agency.id, program: 'CSP', referral_date: '2025-09-01', source_type: 'school_educator' });
    cspPlan = async () => {
      const child = await insertRow(ctx.knex, 'children', { first_name: 'Ari', last_name: 'Moss', birth_date: '2013-01-01' });
      await insertRow(ctx.knex, 'referral_children', { referral_id: referral.id, child_id: child.id, eligibility: 'eligible' });
      return insertRow(ctx.knex, 'service_plans', {
        child_id: child.id,
        program: 'CSP',
        organization_id: agency.id,
        referral_id: referral.id,
        status: 'in_service',
        initiated_on: '2025-10-01',
      });
    };
  });

  it('tells the dashboard the choices by programme', async () => {
    const meta = await provider.as.system_admin.api.get('/api/meta');
    const plans = meta.body.resources.find((r: { name: string }) => r.name === 'service_plans');
    const closedReason = plans.actions.find((a: { name: string }) => a.name === 'close').input.find((f: { name: string }) => f.name === 'closed_reason');
    expect(closedReason).toMatchObject({ required: true, enum: SHSS_REASONS, enum_by: { field: 'program', choices: { SHSS: SHSS_REASONS, CSP: CSP_REASONS } } });
  });

  it.each(CSP_REASONS)('closes a CSP plan with %s', async (reason) => {
    const plan = await cspPlan();
    const res = await provider.as.system_admin.api.post(`/api/service_plans/${plan.id}/close`, { closed_on: '2026-01-10', closed_reason: reason });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'closed', closed_reason: reason, version: 2 });
  });

  it.each(PLAN_CLOSED_REASONS.filter((r) => !CSP_REASONS.includes(r)))('refuses to close a CSP plan with %s (400), naming the CSP choices', async (reason) => {
    const plan = await cspPlan();
    const res = await provider.as.system_admin.api.post(`/api/service_plans/${plan.id}/close`, { closed_on: '2026-01-10', closed_reason: reason });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({ closed_reason: `must be one of: ${CSP_REASONS.join(', ')}` });
  });

  it.each(SHSS_REASONS)('closes an SHSS plan with %s', async (reason) => {
    const placement = await insertRow(ctx.knex, 'placements', {
      child_id: (await insertRow(ctx.knex, 'children', { first_name: 'Bo', last_name: 'Lind', birth_date: '2013-01-01' })).id,
      place_of_service_id: provider.placeId,
      kind: 'regular',
      start_date: '2025-05-01',
      status: 'active',
    });
    const plan = await createShssPlan(ctx.knex, provider, { placement_id: placement.id, status: 'in_service' });
    const res = await provider.as.system_admin.api.post(`/api/service_plans/${plan.id}/close`, { closed_on: '2026-01-10', closed_reason: reason });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'closed', closed_reason: reason });
  });
});

describe('the patch an action returns', () => {
  it('gives a check-in resent to ICM a new version, as every step of a versioned record does', async () => {
    const plan = await createShssPlan(ctx.knex, provider, { status: 'in_service' });
    const checkIn = await createCheckIn(ctx.knex, plan.id, { status: 'finalized', finalized_at: '2026-01-10T10:00:00Z', check_in_date: '2026-01-10', icm_status: 'failed', version: 2 });
    await insertRow(ctx.knex, 'outbox_messages', {
      topic: 'icm.monthly_check_in',
      payload: JSON.stringify({ check_in_id: checkIn.id }),
      status: 'failed',
      attempts: 3,
      deliver_after: '2026-01-10T10:00:00Z',
      idempotency_key: `resend-${checkIn.id}`,
      monthly_check_in_id: checkIn.id,
    });
    const res = await provider.as.system_admin.api.post(`/api/monthly_check_ins/${checkIn.id}/resend_to_icm`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ icm_status: 'pending', version: 3 });
    expect(await ctx.knex('monthly_check_ins').where({ id: checkIn.id }).first()).toMatchObject({ icm_status: 'pending', version: 3 });
    const [audit] = await auditRows(ctx.knex, 'monthly_check_ins', checkIn.id, 'resend_to_icm');
    expect(audit.changes.before).toMatchObject({ icm_status: 'failed', version: 2 });
    expect(audit.changes.after).toMatchObject({ icm_status: 'pending', version: 3 });
  });

  it('records the CAS payment number already on the payment when none is sent', async () => {
    const payment = await createPayment(ctx.knex, provider, { cas_payment_number: 'CAS-4410' });
    const res = await provider.as.ministry_finance.api.post(`/api/payments/${payment.id}/mark_paid`, { paid_on: '2026-01-14' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'paid', paid_on: '2026-01-14', cas_payment_number: 'CAS-4410' });
  });
});
