import type { Knex } from 'knex';
import { ROLES, type Role } from '../../contract/enums';
import type { ApiClient, TestContext } from './context';

/**
 * Small factories: each puts one row straight into the database with defaults a test need not
 * think about, and the test passes only what its expectation depends on. The behaviour under
 * test then goes through the API, a report or a job.
 *
 * - `factories(knex)`: one function per table, answering the new row's id, for fixtures that
 *   read as the case they stand for (`f.cspCase({ referral_date, initiated_on })`).
 * - `createProvider(ctx)`: a provider organisation with one place, one contract, a child placed
 *   there and a signed-in user of every role; the `create…` functions below add the records a
 *   workflow starts from to it and answer whole rows, which workflow tests send back in a PUT.
 */
let sequence = 0;
function next(): number {
  sequence += 1;
  return sequence;
}

export async function insertRow<T = Record<string, any>>(knex: Knex, table: string, row: Record<string, unknown>): Promise<T> {
  const [created] = await knex(table).insert(row).returning('*');
  return created as T;
}

export async function insertId(knex: Knex, table: string, row: Record<string, unknown>): Promise<number> {
  return Number((await insertRow(knex, table, row)).id);
}

export type Factories = ReturnType<typeof factories>;

export function factories(knex: Knex) {
  const insert = (table: string, row: Record<string, unknown>) => insertId(knex, table, row);

  const f = {
    organization(attrs: { name?: string; kind?: string } = {}) {
      return insert('organizations', {
        name: attrs.name ?? `Agency ${next()}`,
        kind: attrs.kind ?? 'coordinating_agency',
      });
    },

    child(attrs: { birth_date?: string; first_name?: string; last_name?: string } = {}) {
      return insert('children', {
        first_name: attrs.first_name ?? `Child${next()}`,
        last_name: attrs.last_name ?? 'Test',
        birth_date: attrs.birth_date ?? '2015-01-01',
      });
    },

    referral(attrs: {
      organization_id: number;
      referral_date: string;
      source_type?: string;
      program?: 'CSP' | 'SHSS';
      is_warm?: boolean;
    }) {
      return insert('referrals', {
        organization_id: attrs.organization_id,
        referral_date: attrs.referral_date,
        source_type: attrs.source_type ?? 'other',
        program: attrs.program ?? 'CSP',
        is_warm: attrs.is_warm ?? false,
      });
    },

    referralChild(attrs: {
      referral_id: number;
      child_id: number;
      eligibility?: 'pending' | 'eligible' | 'ineligible';
      eligibility_decided_on?: string | null;
      closed_on?: string | null;
    }) {
      return insert('referral_children', {
        referral_id: attrs.referral_id,
        child_id: attrs.child_id,
        eligibility: attrs.eligibility ?? 'pending',
        eligibility_decided_on: attrs.eligibility_decided_on ?? null,
        closed_on: attrs.closed_on ?? null,
        closed_reason: attrs.closed_on ? 'other' : null,
      });
    },

    /** A CSP plan, in service, or closed when `closed_on` is given. */
    cspPlan(attrs: {
      child_id: number;
      organization_id: number;
      referral_id: number;
      initiated_on: string;
      closed_on?: string;
      closed_reason?: string;
    }) {
      const closed = attrs.closed_on !== undefined;
      return insert('service_plans', {
        child_id: attrs.child_id,
        program: 'CSP',
        organization_id: attrs.organization_id,
        referral_id: attrs.referral_id,
        status: closed ? 'closed' : 'in_service',
        initiated_on: attrs.initiated_on,
        closed_on: attrs.closed_on ?? null,
        closed_reason: closed ? (attrs.closed_reason ?? 'other') : null,
      });
    },

    activity(attrs: { service_plan_id: number; activity_date: string; kind?: 'direct' | 'indirect'; hours?: number }) {
      return insert('service_activities', {
        service_plan_id: attrs.service_plan_id,
        activity_date: attrs.activity_date,
        kind: attrs.kind ?? 'direct',
        mode: 'in_person',
        hours: attrs.hours ?? 1,
      });
    },

    staffAllocation(attrs: { organization_id: number; fte: number; start_date: string; end_date?: string | null }) {
      return insert('staff_allocations', {
        organization_id: attrs.organization_id,
        staff_name: `SPC ${next()}`,
        role: 'spc',
        fte: attrs.fte,
        start_date: attrs.start_date,
        end_date: attrs.end_date ?? null,
      });
    },

    expenditure(attrs: { organization_id: number; spent_on: string; amount: number; program?: 'CSP' | 'SHSS' }) {
      return insert('expenditures', {
        organization_id: attrs.organization_id,
        program: attrs.program ?? 'CSP',
        spent_on: attrs.spent_on,
        amount: attrs.amount,
      });
    },

    placeOfService(attrs: { organization_id: number; name?: string; capacity?: number }) {
      return insert('places_of_service', { organization_id: attrs.organization_id, name: attrs.name ?? `Home ${next()}`, capacity: attrs.capacity ?? null });
    },

    contract(attrs: {
      organization_id: number;
      contract_number?: string;
      program?: 'SHSS' | 'FCC' | 'CSP';
      is_legacy?: boolean;
      start_date?: string;
      end_date?: string | null;
      monthly_base_amount?: number | null;
    }) {
      return insert('contracts', {
        contract_number: `SHSS${String(next()).padStart(10, '0')}`,
        program: 'SHSS',
        start_date: '2020-04-01',
        ...attrs,
      });
    },

    placement(attrs: { child_id: number; place_of_service_id: number; contract_id?: number | null; start_date?: string }) {
      return insert('placements', {
        child_id: attrs.child_id,
        place_of_service_id: attrs.place_of_service_id,
        contract_id: attrs.contract_id ?? null,
        kind: 'regular',
        start_date: attrs.start_date ?? '2024-01-01',
        status: 'active',
      });
    },

    /** An SHSS plan: in service from `approved_on`, closed when `closed_on` is given; pending approval without `approved_on`. */
    shssPlan(attrs: { child_id: number; organization_id: number; placement_id: number; approved_on?: string; closed_on?: string }) {
      const status = attrs.closed_on ? 'closed' : attrs.approved_on ? 'in_service' : 'pending_approval';
      return insert('service_plans', {
        child_id: attrs.child_id,
        program: 'SHSS',
        organization_id: attrs.organization_id,
        placement_id: attrs.placement_id,
        status,
        approved_on: attrs.approved_on ?? null,
        closed_on: attrs.closed_on ?? null,
        closed_reason: attrs.closed_on ? 'placement_ended' : null,
      });
    },

    /** An approved monthly request of the type the migrations install. */
    supportRequest(attrs: { child_id: number; placement_id: number; contract_id: number }) {
      return insert('support_requests', {
        child_id: attrs.child_id,
        placement_id: attrs.placement_id,
        contract_id: attrs.contract_id,
        type_code: 'child_specific_support',
        frequency: 'monthly',
        amount: 100,
        status: 'approved',
      });
    },

    payment(attrs: {
      contract_id: number;
      kind: 'base' | 'support' | 'transition_in';
      service_month: string;
      amount: number;
      status: 'scheduled' | 'paid' | 'cancelled';
      placement_id?: number | null;
      support_request_id?: number | null;
    }) {
      return insert('payments', {
        contract_id: attrs.contract_id,
        placement_id: attrs.placement_id ?? null,
        support_request_id: attrs.support_request_id ?? null,
        kind: attrs.kind,
        service_month: attrs.service_month,
        amount: attrs.amount,
        status: attrs.status,
        paid_on: attrs.status === 'paid' ? attrs.service_month : null,
      });
    },

    /**
     * A child referred on `referral_date` (eligible the same day) whose CSP plan was initiated
     * on `initiated_on`: the usual shape of a CSP case.
     */
    async cspCase(attrs: {
      organization_id: number;
      referral_date: string;
      initiated_on: string;
      birth_date?: string;
      closed_on?: string;
      closed_reason?: string;
      child_id?: number;
    }) {
      const childId = attrs.child_id ?? (await f.child({ birth_date: attrs.birth_date }));
      const referralId = await f.referral({ organization_id: attrs.organization_id, referral_date: attrs.referral_date });
      await f.referralChild({
        referral_id: referralId,
        child_id: childId,
        eligibility: 'eligible',
        eligibility_decided_on: attrs.referral_date,
      });
      const planId = await f.cspPlan({
        child_id: childId,
        organization_id: attrs.organization_id,
        referral_id: referralId,
        initiated_on: attrs.initiated_on,
        closed_on: attrs.closed_on,
        closed_reason: attrs.closed_reason,
      });
      return { childId, referralId, planId };
    },
  };
  return f;
}

export interface Actor {
  id: number;
  token: string;
  api: ApiClient;
}

export interface Provider {
  orgId: number;
  placeId: number;
  contractId: number;
  childId: number;
  placementId: number;
  as: Record<Role, Actor>;
}

const MINISTRY_ROLES: Role[] = ['system_admin', 'ministry_manager', 'ministry_finance'];

export async function createProvider(
  ctx: TestContext,
  options: { contract?: Record<string, unknown>; placement?: Record<string, unknown> } = {},
): Promise<Provider> {
  const n = next();
  const f = factories(ctx.knex);
  const orgId = await f.organization({ name: `Provider ${n} ${Date.now()}`, kind: 'service_provider' });
  const placeId = await f.placeOfService({ organization_id: orgId, name: `Home ${n}`, capacity: 4 });
  const contractId = await f.contract({
    organization_id: orgId,
    contract_number: `SHSS${String(1000000000 + n * 7919 + Math.floor(Math.random() * 1000)).slice(0, 10)}`,
    start_date: '2025-04-01',
    end_date: '2027-03-31',
    monthly_base_amount: 9000,
    ...options.contract,
  });
  const child = await createChild(ctx.knex);
  const placement = await insertRow(ctx.knex, 'placements', {
    child_id: child.id,
    place_of_service_id: placeId,
    contract_id: contractId,
    kind: 'regular',
    start_date: '2025-05-01',
    status: 'active',
    ...options.placement,
  });
  const as = {} as Record<Role, Actor>;
  for (const role of ROLES) {
    const { user, token } = await ctx.createUser({ role, organization_id: MINISTRY_ROLES.includes(role) ? null : orgId });
    as[role] = { id: user.id, token, api: ctx.api(token) };
  }
  for (const role of ['program_manager', 'portal_worker'] as const) {
    await assignToPlace(ctx.knex, as[role].id, placeId);
  }
  return { orgId, placeId, contractId, childId: child.id, placementId: placement.id, as };
}

export async function assignToPlace(knex: Knex, userId: number, placeId: number) {
  return insertRow(knex, 'place_assignments', { user_id: userId, place_of_service_id: placeId, assigned_on: '2025-01-01' });
}

export async function createChild(knex: Knex, overrides: Record<string, unknown> = {}) {
  return insertRow(knex, 'children', { first_name: 'Sam', last_name: `Rivera ${next()}`, birth_date: '2014-03-02', ...overrides });
}

/** Another placement (with its own child, unless given) at the provider's place. */
export async function createPlacement(knex: Knex, provider: Provider, overrides: Record<string, unknown> = {}) {
  const childId = (overrides.child_id as number | undefined) ?? (await createChild(knex)).id;
  return insertRow(knex, 'placements', {
    child_id: childId,
    place_of_service_id: provider.placeId,
    contract_id: provider.contractId,
    kind: 'regular',
    start_date: '2025-05-01',
    status: 'active',
    ...overrides,
  });
}

/** An SHSS plan of a placement: a draft unless told otherwise ("in_service" fills the approval). */
export async function createShssPlan(knex: Knex, provider: Provider, overrides: Record<string, unknown> = {}) {
  const placementId = (overrides.placement_id as number | undefined) ?? provider.placementId;
  const placement = await knex('placements').where({ id: placementId }).first();
  const status = (overrides.status as string | undefined) ?? 'draft';
  const approval = status === 'in_service' ? { approved_on: '2025-05-10', approved_by: 'Dr. Amara Singh' } : {};
  return insertRow(knex, 'service_plans', {
    child_id: placement.child_id,
    program: 'SHSS',
    organization_id: provider.orgId,
    placement_id: placementId,
    goals: 'Settle into the home and return to school',
    strengths: 'Loves music',
    needs: 'Routine at bedtime',
    ...approval,
    ...overrides,
    status,
  });
}

export async function createCareCircleMember(knex: Knex, planId: number, overrides: Record<string, unknown> = {}) {
  return insertRow(knex, 'care_circle_members', {
    service_plan_id: planId,
    name: `Member ${next()}`,
    role: 'teacher',
    is_active: true,
    joined_on: '2025-05-01',
    ...overrides,
  });
}

export async function createCheckIn(knex: Knex, planId: number, overrides: Record<string, unknown> = {}) {
  return insertRow(knex, 'monthly_check_ins', {
    service_plan_id: planId,
    month: '2026-01-01',
    answers: JSON.stringify([{ question: 'How is sleep?', response: 'Better', comment: 'Asleep by nine most nights' }]),
    status: 'draft',
    ...overrides,
  });
}

/** A one-time draft request of the provider's placement (cultural supports, $450 on 2025-11-03). */
export async function createSupportRequest(knex: Knex, provider: Provider, overrides: Record<string, unknown> = {}) {
  return insertRow(knex, 'support_requests', {
    child_id: provider.childId,
    placement_id: provider.placementId,
    contract_id: provider.contractId,
    type_code: 'child_specific_support',
    sub_type_code: 'cultural_supports',
    frequency: 'one_time',
    start_date: '2025-11-03',
    end_date: '2025-11-03',
    amount: 450,
    justification: 'Drumming circle with an Elder',
    status: 'draft',
    ...overrides,
  });
}

export async function createPayment(knex: Knex, provider: Provider, overrides: Record<string, unknown> = {}) {
  return insertRow(knex, 'payments', {
    contract_id: provider.contractId,
    placement_id: provider.placementId,
    kind: 'base',
    service_month: '2025-12-01',
    amount: 9000,
    status: 'scheduled',
    scheduled_on: '2025-12-01',
    ...overrides,
  });
}
